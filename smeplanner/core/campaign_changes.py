"""Undo for campaigns: the rows a campaign change touches, before and after.

A campaign's change reaches its expenses, offer products, deliverables (activities and
their recurring series) and, when it is deleted, the contacts and deals it brought in
(their link goes empty). :func:`change_campaigns` runs the change in one transaction and
keeps those rows before and after (:mod:`smeplanner.core.row_changes`), so an undo puts
back exactly what was — a moved campaign with its deliverables, a deleted one with its
links — and a redo exactly what the change made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from smeplanner.core import row_changes
from smeplanner.core.bulk import BulkResult, Changes
from smeplanner.core.models import db
from smeplanner.core.row_changes import Part, Rows, RowsChanged
from smeplanner.core.row_changes import replay as replay  # redo, for the undo commands


def scope(campaign_ids: Sequence[int], contact_ids: Sequence[int],
          deal_ids: Sequence[int]) -> list[Part]:
    """The rows a change to these campaigns may touch, parents first."""
    ids = tuple(campaign_ids)
    return [Part("campaign", "id", ids), Part("campaign_product", "campaign_id", ids),
            Part("campaign_expense", "campaign_id", ids),
            Part("deliverable_series", "campaign_id", ids),
            # Only their link to the campaign can change: overwritten, never deleted.
            Part("contact", "id", tuple(contact_ids), keep=True),
            Part("deal", "id", tuple(deal_ids), keep=True),
            Part("activity", "campaign_id", ids)]


def _ids(rows: Rows, table: str) -> tuple[int, ...]:
    return next(part.ids for part in rows.parts if part.table == table)


@dataclass(frozen=True, slots=True)
class CampaignsChanged(RowsChanged):
    """A change to some campaigns: the exact rows before and after."""

    def _changes(self) -> Changes:
        changes: Changes = {"campaign": _ids(self.after, "campaign"),
                            "activity": _activities(self.before, self.after),
                            "contact": _ids(self.after, "contact"),
                            "deal": _ids(self.after, "deal")}
        return {kind: ids for kind, ids in changes.items() if ids}


def _activities(*states: Rows) -> tuple[int, ...]:
    """The deliverables (activities) in either state: what the week must read again."""
    return tuple(sorted({row_id for state in states
                         for row_id in state.table("activity").column("id")}))


def change_campaigns(campaign_ids: Iterable[int], work: Callable[[], int | None]
                     ) -> BulkResult:
    """Run ``work`` on campaigns ``campaign_ids`` in one transaction and keep how to undo it.

    ``work`` may return the id of a campaign it created, which then belongs to the change.
    """
    campaigns = list(dict.fromkeys(campaign_ids))
    with db.atomic():
        contacts = row_changes.ids_where("contact", "source_campaign_id", campaigns)
        deals = row_changes.ids_where("deal", "source_campaign_id", campaigns)
        rows_before = row_changes.pinned(scope(campaigns, contacts, deals))
        before = row_changes.capture(rows_before)
        created = work()
        if created is not None and created not in campaigns:
            campaigns.append(created)
        # As for deals: new rows join both copies (absent before), unlinked ones stay in both.
        rows_after = row_changes.merged(rows_before,
                                        row_changes.pinned(scope(campaigns, contacts, deals)))
        before = row_changes.widen(before, rows_after)
        after = row_changes.capture(rows_after)
    if before.tables == after.tables:
        return BulkResult((), CampaignsChanged(before, after))  # nothing to undo
    return BulkResult((), CampaignsChanged(before, after),
                      related={"campaign": tuple(campaigns),
                               "activity": _activities(before, after)})

