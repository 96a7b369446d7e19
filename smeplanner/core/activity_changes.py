"""Undo for activities: a tick, a move, a quick add or an edit, kept as exact rows.

Ticking off a call touches its contact (``last_touch_at``), so the contact's row belongs
to the change too; it is only ever overwritten, never deleted. See
:mod:`smeplanner.core.row_changes` for how the rows are put back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from smeplanner.core import row_changes
from smeplanner.core.bulk import BulkResult, Changes
from smeplanner.core.models import db
from smeplanner.core.row_changes import Part, RowsChanged
from smeplanner.core.row_changes import replay as replay  # redo, for the undo commands


def scope(activity_ids: Sequence[int], contact_ids: Sequence[int]) -> list[Part]:
    """The rows a change to these activities may touch, parents first."""
    return [Part("contact", "id", tuple(contact_ids), keep=True),
            Part("activity", "id", tuple(activity_ids))]


def _contacts_of(activity_ids: Sequence[int]) -> list[int]:
    return sorted(set(row_changes.ids_where_values(
        "activity", "contact_id", "id", activity_ids)))


@dataclass(frozen=True, slots=True)
class ActivitiesChanged(RowsChanged):
    """A change to some activities (and the contacts they touch): exact rows."""

    def _changes(self) -> Changes:
        return {part.table: part.ids for part in self.after.parts if part.ids}


def change_activities(activity_ids: Iterable[int], work: Callable[[], int | None], *,
                      contact_ids: Iterable[int] = ()) -> BulkResult:
    """Run ``work`` on activities ``activity_ids`` in one transaction and keep how to undo
    it. ``work`` may return the id of an activity it created, which joins the change;
    ``contact_ids``: contacts it may touch besides those the activities already name (the
    contact a new activity is linked to)."""
    activities = list(dict.fromkeys(activity_ids))
    with db.atomic():
        contacts = sorted({*_contacts_of(activities), *contact_ids})
        before = row_changes.capture(scope(activities, contacts))
        created = work()
        if created is not None and created not in activities:
            activities.append(created)
            contacts = sorted({*contacts, *_contacts_of([created])})
            before = row_changes.widen(before, scope(activities, contacts))
        after = row_changes.capture(scope(activities, contacts))
    if before.tables == after.tables:
        return BulkResult((), ActivitiesChanged(before, after))  # nothing to undo
    return BulkResult(tuple(contacts), ActivitiesChanged(before, after),
                      related={"activity": tuple(activities)})

