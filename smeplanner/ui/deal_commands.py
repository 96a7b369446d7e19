"""Undoable deal actions: a move (one drag is one undo step), a save, a delete.

Each command runs its change through :func:`smeplanner.core.deal_changes.change_deals`,
which keeps the exact rows before and after: undo puts the first back, a later redo the
second, so a deal re-created by redo keeps its id. Failures and no-op changes are handled as
for contact commands (see :mod:`smeplanner.ui.commands`): push with ``push_command``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication

from smeplanner.core import deal_changes, deal_forms
from smeplanner.core.deals import deals
from smeplanner.ui.commands import RowsChangeCommand

_CONTEXT = "DealCommands"
translate = QCoreApplication.translate


class DealChangeCommand(RowsChangeCommand):
    """A change to some deals made by ``work`` (which may return a new deal's id)."""

    def __init__(self, text: str, deal_ids: Iterable[int], work: Callable[[], int | None], *,
                 contact_ids: Iterable[int] = (), **options: Any) -> None:
        self.deal_ids = tuple(deal_ids)
        self.contact_ids = tuple(contact_ids)
        super().__init__(text, work, lambda run: deal_changes.change_deals(
            self.deal_ids, run, contact_ids=self.contact_ids), deal_changes.replay, **options)


class MoveDealCommand(DealChangeCommand):
    """Move a deal to a stage; to won or lost with the date, reason and final amount."""

    def __init__(self, deal_id: int, stage_id: int, *, title: str = "", stage_name: str = "",
                 closed_on: date | None = None, reason: str | None = None,
                 amount: Decimal | None = None, **options: Any) -> None:
        self.stage_id = stage_id

        def move() -> None:
            deals.move_to_stage(deal_id, stage_id, closed_on=closed_on, reason=reason,
                                amount=amount)

        text = translate(_CONTEXT, "Move “{deal}” to {stage}").format(
            deal=title, stage=stage_name) if title else translate(_CONTEXT, "Move deal")
        super().__init__(text, [deal_id], move, **options)


class SaveDealCommand(DealChangeCommand):
    """Save the deal editor: fields, product lines and next step, new deal or existing."""

    def __init__(self, deal_id: int | None, values: Mapping[str, Any],
                 lines: Sequence[Mapping[str, Any]] | None, **options: Any) -> None:
        values = dict(values)
        contact = values.get("contact")
        title = str(values.get("title") or "").strip()
        if deal_id is None:
            text = translate(_CONTEXT, "Add deal “{deal}”").format(deal=title)
        else:
            text = translate(_CONTEXT, "Edit deal “{deal}”").format(deal=title)

        def save() -> int:
            return deal_forms.save_deal(deal_id, values, lines)

        super().__init__(text, [] if deal_id is None else [deal_id], save,
                         contact_ids=[contact] if isinstance(contact, int) else [], **options)


class DeleteDealCommand(DealChangeCommand):
    """Delete a deal with its lines and history; undo brings all of it back."""

    def __init__(self, deal_id: int, *, title: str = "", **options: Any) -> None:
        text = translate(_CONTEXT, "Delete deal “{deal}”").format(deal=title) if title \
            else translate(_CONTEXT, "Delete deal")

        def delete() -> None:
            deals.delete(deal_id)

        super().__init__(text, [deal_id], delete, **options)
