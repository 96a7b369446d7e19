"""Reminders of activities: when one is due, snoozing and dismissing it, missed ones.

An activity with ``reminder_minutes`` gets a ``remind_at`` (UTC) from the activities
service: the start minus those minutes, the start of an all-day item being
:data:`MORNING` local time on its day. A reminder is *due* when ``remind_at <= now`` and
the activity is still open; it stays due until snoozed (``remind_at`` moves later) or
dismissed (``remind_at`` cleared). A done item keeps ``remind_at`` but is never due, so
un-ticking it brings its reminder back. Nothing here needs a server or a clock of its
own: every function takes ``now``, which the window's timer (or a test) supplies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from peewee import JOIN

from smeplanner.core.errors import ValidationError
from smeplanner.core.models import Activity, Campaign, Contact, Deal, db
from smeplanner.core.timeutil import to_local, to_utc, utcnow

# When an all-day item "starts", for its reminder and for a snooze until tomorrow.
MORNING = time(9, 0)
# Four weeks: the longest lead time the editor offers.
MAX_REMINDER_MINUTES = 4 * 7 * 24 * 60
# The snooze choices, in the order a menu lists them.
SNOOZE_CHOICES = ("10 min", "1 hour", "tomorrow")


@dataclass(frozen=True)
class Reminder:
    """One due reminder with what a banner or a notification shows about its activity."""

    activity_id: int
    subject: str
    kind: str
    due_date: date | None
    due_at: datetime | None  # aware UTC; None for an all-day item
    remind_at: datetime  # aware UTC
    contact_name: str
    deal_title: str
    campaign_name: str

    @property
    def linked_record(self) -> str:
        """The deal, else the campaign, else the contact it concerns ('' when none)."""
        return self.deal_title or self.campaign_name or self.contact_name


def reminder_time(due_date: date | None, due_at: datetime | None,
                  minutes: int | None) -> datetime | None:
    """When the reminder of an item due then is due (UTC), or None without one."""
    if minutes is None:
        return None
    if due_at is not None:
        start = to_utc(due_at)
    elif due_date is not None:
        # Naive local 09:00, so to_utc applies that day's offset (summer time included).
        start = to_utc(datetime.combine(due_date, MORNING))
    else:
        return None
    # Stored to the second: compare like the stored value, or every save would differ.
    return (start - timedelta(minutes=minutes)).replace(microsecond=0)


def _due_query(now: datetime) -> Any:
    """Open activities whose reminder is due at ``now``, oldest reminder first.

    The WHERE names the partial index's condition (``remind_at IS NOT NULL``, migration
    0007), so SQLite reads only the open items' pending rows of it, already in order.
    """
    return (Activity
            .select(Activity.id, Activity.subject, Activity.kind, Activity.due_date,
                    Activity.due_at, Activity.remind_at, Contact.first_name,
                    Contact.last_name, Contact.email, Deal.title, Campaign.name)
            .join(Contact, JOIN.LEFT_OUTER, on=(Activity.contact == Contact.id))
            .switch(Activity)
            .join(Deal, JOIN.LEFT_OUTER, on=(Activity.deal == Deal.id))
            .switch(Activity)
            .join(Campaign, JOIN.LEFT_OUTER, on=(Activity.campaign == Campaign.id))
            .where(Activity.remind_at.is_null(False)
                   & (Activity.done == False)  # noqa: E712 - peewee expression
                   & (Activity.remind_at <= to_utc(now)))
            .order_by(Activity.remind_at, Activity.id)
            .tuples())


def due_reminders(now: datetime) -> list[Reminder]:
    """Every reminder due at ``now`` (aware, or naive local), oldest first; one query."""
    result = []
    for (activity_id, subject, kind, due_date, due_at, remind_at, first_name, last_name,
         email, deal_title, campaign_name) in _due_query(now):
        contact_name = " ".join(part for part in (first_name, last_name) if part) or email
        result.append(Reminder(activity_id, subject, kind, due_date, due_at, remind_at,
                               contact_name or "", deal_title or "", campaign_name or ""))
    return result


def missed(now: datetime, since: datetime) -> list[Reminder]:
    """Reminders due at ``now`` that came due before ``since`` (the app's start): what
    fired while the app was closed, or was left unanswered last time."""
    since = to_utc(since)
    return [reminder for reminder in due_reminders(now) if reminder.remind_at < since]


def snooze_choices(now: datetime) -> dict[str, datetime]:
    """The snooze targets (UTC) by choice: 10 minutes, an hour, tomorrow at 09:00 local."""
    now = to_utc(now)
    tomorrow = to_local(now).date() + timedelta(days=1)
    return {
        "10 min": now + timedelta(minutes=10),
        "1 hour": now + timedelta(hours=1),
        "tomorrow": to_utc(datetime.combine(tomorrow, MORNING)),
    }


def snooze(activity_id: int, until: datetime, now: datetime | None = None) -> datetime:
    """Move the activity's reminder to ``until`` (returned in UTC).

    Raises ValidationError naming "remind_at" when ``until`` is not later than ``now``
    (default: the current time) or no activity has that id.
    """
    if not isinstance(until, datetime):
        raise ValidationError("remind_at", "must be a date and time")
    until = to_utc(until).replace(microsecond=0)
    reference = to_utc(now) if now is not None else utcnow()
    if until <= reference:
        raise ValidationError("remind_at", "must be later than now")
    with db.atomic():
        changed = (Activity.update(remind_at=until)
                   .where(Activity.id == activity_id).execute())
    if not changed:
        raise ValidationError("remind_at", f"no activity with id {activity_id}")
    return until


def dismiss(activity_ids: Iterable[int]) -> int:
    """Clear the pending reminders of these activities in one transaction; returns how many
    activities there were (unknown ids are skipped: the item may have been deleted)."""
    ids = sorted(set(activity_ids))
    changed = 0
    with db.atomic():
        # SQLite allows 32,766 parameters per statement; stay well below.
        for start in range(0, len(ids), 900):
            changed += (Activity.update(remind_at=None)
                        .where(Activity.id.in_(ids[start:start + 900])).execute())
    return changed
