"""Undo for deals: exact copies of the rows a deal change touches, before and after.

Moving, editing, creating or deleting a deal writes more than the deal row: its product
lines, its stage history, its next-step activity, and its contact (a won deal makes them
a customer, with a funnel move in their history). :func:`change_deals` runs such a change
in one transaction and keeps those rows as they were before and after
(:mod:`smeplanner.core.row_changes`); :class:`DealsChanged` puts either state back exactly
— same ids, same values — deleting the rows the change added (so undoing a new deal
removes it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from smeplanner.core import row_changes
from smeplanner.core.bulk import BulkResult, Changes
from smeplanner.core.models import db
from smeplanner.core.row_changes import Part, Rows, RowsChanged
from smeplanner.core.row_changes import replay as replay  # redo, for the undo commands


def scope(deal_ids: Sequence[int], contact_ids: Sequence[int]) -> list[Part]:
    """The rows a change to these deals may touch, parents first."""
    deals, contacts = tuple(deal_ids), tuple(contact_ids)
    return [Part("contact", "id", contacts, keep=True),
            Part("lifecycle_change", "contact_id", contacts),
            Part("deal", "id", deals), Part("deal_line", "deal_id", deals),
            Part("deal_stage_change", "deal_id", deals), Part("activity", "deal_id", deals)]


def _ids(rows: Rows, table: str) -> tuple[int, ...]:
    return next(part.ids for part in rows.parts if part.table == table)


@dataclass(frozen=True, slots=True)
class DealsChanged(RowsChanged):
    """A change to some deals (and their contacts): the exact rows before and after."""

    def _changes(self) -> Changes:
        changes: Changes = {"deal": _ids(self.after, "deal")}
        if _ids(self.after, "contact"):
            changes["contact"] = _ids(self.after, "contact")
        return changes


def change_deals(deal_ids: Iterable[int], work: Callable[[], int | None], *,
                 contact_ids: Iterable[int] = ()) -> BulkResult:
    """Run ``work`` on deals ``deal_ids`` in one transaction and keep how to undo it.

    ``work`` may return the id of a deal it created, which then belongs to the change.
    ``contact_ids``: contacts the change may touch besides the deals' own contacts (a
    contact newly linked to a deal): their rows must be copied before the change.
    """
    deals = list(dict.fromkeys(deal_ids))
    with db.atomic():
        contacts = list(dict.fromkeys([*_contacts_of(deals), *contact_ids]))
        rows_before = row_changes.pinned(scope(deals, contacts))
        before = row_changes.capture(rows_before)
        created = work()
        if created is not None and created not in deals:
            deals.append(created)
        # Rows that joined the scope (a new deal's, its next step) had no rows before: the
        # same copy, over the wider scope; rows that left it (a deleted deal's calls, now
        # unlinked) stay in both copies.
        rows_after = row_changes.merged(rows_before,
                                        row_changes.pinned(scope(deals, contacts)))
        before = row_changes.widen(before, rows_after)
        after = row_changes.capture(rows_after)
    if before.tables == after.tables:
        return BulkResult((), DealsChanged(before, after))  # nothing to undo
    contacts_changed = any(before.table(name) != after.table(name)
                           for name in ("contact", "lifecycle_change"))
    # BulkResult lists changed contacts first; the deals go with the related records.
    return BulkResult(tuple(contacts) if contacts_changed else (), DealsChanged(before, after),
                      related={"deal": tuple(deals)})


def _contacts_of(deal_ids: Sequence[int]) -> list[int]:
    found: list[int] = []
    for deal_id in deal_ids:
        row = db.execute_sql("SELECT contact_id FROM deal WHERE id = ?", (deal_id,)).fetchone()
        if row is not None and row[0] is not None:
            found.append(row[0])
    return found

