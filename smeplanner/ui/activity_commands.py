"""Undoable activity actions from the week: tick off, move to another day, quick add.

Each runs through :func:`smeplanner.core.activity_changes.change_activities`, which keeps
the exact rows before and after (see :mod:`smeplanner.ui.deal_commands`); push them with
:func:`smeplanner.ui.commands.push_command`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, time
from typing import Any

from PySide6.QtCore import QCoreApplication

from smeplanner.core import activity_changes, week
from smeplanner.core.activities import activities
from smeplanner.ui.commands import RowsChangeCommand
from smeplanner.ui.formatting import format_date

_CONTEXT = "ActivityCommands"
translate = QCoreApplication.translate


class ActivityChangeCommand(RowsChangeCommand):
    """A change to some activities made by ``work`` (which may return a new one's id)."""

    def __init__(self, text: str, activity_ids: Iterable[int], work: Callable[[], int | None],
                 *, contact_ids: Iterable[int] = (), **options: Any) -> None:
        self.activity_ids = tuple(activity_ids)
        self.contact_ids = tuple(contact_ids)
        super().__init__(text, work, lambda run: activity_changes.change_activities(
            self.activity_ids, run, contact_ids=self.contact_ids),
            activity_changes.replay, **options)


class SetDoneCommand(ActivityChangeCommand):
    def __init__(self, activity_id: int, done: bool, *, subject: str = "",
                 **options: Any) -> None:
        text = (translate(_CONTEXT, "Tick off “{subject}”") if done
                else translate(_CONTEXT, "Reopen “{subject}”")).format(subject=subject)
        super().__init__(text, (activity_id,),
                         lambda: activities.set_done(activity_id, done) and None, **options)


class RescheduleCommand(ActivityChangeCommand):
    """Move an activity to another day (keeping its time of day) or to a new time."""

    def __init__(self, activity_id: int, day: date, start: time | None = None, *,
                 subject: str = "", **options: Any) -> None:
        text = translate(_CONTEXT, "Move “{subject}” to {day}").format(
            subject=subject, day=format_date(day))
        super().__init__(text, (activity_id,),
                         lambda: week.reschedule(activity_id, day, start) and None, **options)


class CreateActivityCommand(ActivityChangeCommand):
    """Create an activity from ``values`` (as ``activities.create`` takes them)."""

    def __init__(self, values: dict[str, Any], **options: Any) -> None:
        text = translate(_CONTEXT, "Add “{subject}”").format(subject=values.get("subject", ""))
        contact = values.get("contact")
        super().__init__(text, (), lambda: activities.create(**values).id,
                         contact_ids=(contact,) if isinstance(contact, int) else (), **options)
