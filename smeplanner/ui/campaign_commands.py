"""Undoable campaign actions: save from the editor, a drag on the calendar, a deliverable
change, a delete. Each runs through :func:`smeplanner.core.campaign_changes.change_campaigns`,
which keeps the exact rows before and after (see :mod:`smeplanner.ui.deal_commands`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from smeplanner.core import campaign_changes
from smeplanner.ui.commands import RowsChangeCommand


class CampaignChangeCommand(RowsChangeCommand):
    """A change to some campaigns made by ``work`` (which may return a new campaign's id);
    ``text`` is what the Edit menu shows ("Move “Coffee fair” by 7 days")."""

    def __init__(self, text: str, campaign_ids: Iterable[int],
                 work: Callable[[], int | None], **options: Any) -> None:
        self.campaign_ids = tuple(campaign_ids)
        super().__init__(text, work, lambda run: campaign_changes.change_campaigns(
            self.campaign_ids, run), campaign_changes.replay, **options)
