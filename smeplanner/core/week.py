"""The week plan: everything due in seven days across both hats, read in a few queries.

A week holds the activities due in it (calls, meetings, tasks, follow-ups, deliverables),
the campaigns and offers that start or end in it and the open deals expected to close in
it. Open activities due before today are *overdue*, whatever week is shown.

Time zones. A timed activity is stored as a UTC instant (``due_at``) with the local date
it had when it was saved (``due_date``, indexed). After the laptop changes zone that date
can be a day off, so the week reads one day either side and places timed items by their
instant in the machine's current zone; all-day items keep their date in every zone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from smeplanner.core import settings
from smeplanner.core.activities import activities
from smeplanner.core.errors import ValidationError
from smeplanner.core.models import Activity, db
from smeplanner.core.timeutil import today as local_today
from smeplanner.core.timeutil import utcnow

# What a week item is; the first six are activities, which can be ticked off and moved.
ACTIVITY_ITEM_KINDS = ("call", "email", "meeting", "task", "deadline", "deliverable")
EVENT_KINDS = ("campaign_start", "campaign_end", "offer_start", "offer_end", "deal_close")
ITEM_LABELS = {"call": "Call", "email": "Email", "meeting": "Meeting", "task": "Task",
               "deadline": "Deadline", "deliverable": "Deliverable",
               "campaign_start": "Campaign starts", "campaign_end": "Campaign ends",
               "offer_start": "Offer starts", "offer_end": "Offer ends",
               "deal_close": "Expected close"}
OVERDUE_LIMIT = 200
# A stored local day and the local day here differ by at most two (UTC-12 to UTC+14).
ZONE_MARGIN_DAYS = 2


@dataclass(frozen=True, slots=True)
class WeekItem:
    """One line of the plan. ``record``/``record_id`` say what opening it opens."""

    record: str  # "activity", "campaign" or "deal"
    record_id: int
    kind: str  # one of ACTIVITY_ITEM_KINDS or EVENT_KINDS
    day: date  # the local day it is on
    start: datetime | None  # local, aware; None for all-day items
    duration_minutes: int
    subject: str
    hat: str  # "sales" or "marketing"
    done: bool
    contact_id: int | None = None
    contact: str = ""
    deal_id: int | None = None
    deal: str = ""
    campaign_id: int | None = None
    campaign: str = ""

    @property
    def is_activity(self) -> bool:
        return self.record == "activity"

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.record, self.record_id, self.kind)

    @property
    def linked(self) -> str:
        """What it belongs to, as one short text ("Anna Schmidt · Espresso machines")."""
        parts = [self.contact, self.deal, self.campaign]
        if self.record == "deal":
            parts[1] = ""
        elif self.record == "campaign":
            parts[2] = ""
        return " · ".join(part for part in parts if part)


@dataclass(frozen=True)
class TimeSplit:
    """Planned minutes this week by hat, and the share the owner aims to give to sales."""

    sales_minutes: int
    marketing_minutes: int
    sales_target_pct: int

    @property
    def total_minutes(self) -> int:
        return self.sales_minutes + self.marketing_minutes

    @property
    def sales_pct(self) -> int | None:
        """The sales share of planned time, rounded; None when nothing is planned."""
        if not self.total_minutes:
            return None
        return round(100 * self.sales_minutes / self.total_minutes)


@dataclass(frozen=True)
class WeekPlan:
    first: date
    days: dict[date, list[WeekItem]]
    overdue: list[WeekItem]
    overdue_total: int
    split: TimeSplit

    @property
    def last(self) -> date:
        return self.first + timedelta(days=6)

    def items(self) -> list[WeekItem]:
        return [item for day in self.days.values() for item in day]


def week_start_day(day: date, week_start: int | None = None) -> date:
    """The first day of the week holding ``day``; ``week_start`` 0 = Monday … 6 = Sunday
    (the workspace setting when None)."""
    start = settings.get("week_start") if week_start is None else week_start
    return day - timedelta(days=(day.weekday() - start) % 7)


_ISO_WEEK = re.compile(r"^(\d{4})-?W(\d{2})$", re.IGNORECASE)


def parse_iso_week(text: str) -> date:
    """The Monday of ISO week ``YYYY-Www`` (``2026-W48``)."""
    found = _ISO_WEEK.match(text.strip())
    if found is None:
        raise ValidationError("week", f"{text!r} is not a week like 2026-W48")
    try:
        return date.fromisocalendar(int(found[1]), int(found[2]), 1)
    except ValueError:
        raise ValidationError("week", f"{text!r} has no such week number") from None


def iso_week_label(first: date) -> str:
    """The ISO week (``2026-W48``) of the week starting ``first``: that of its Monday."""
    year, week, _ = (first + timedelta(days=(7 - first.weekday()) % 7)).isocalendar()
    return f"{year}-W{week:02d}"


_ACTIVITY_SQL = (
    "SELECT a.id, a.kind, a.subject, a.due_date, a.due_at, a.duration_minutes, a.done, a.role, "
    "a.contact_id, trim(p.first_name || ' ' || p.last_name), a.deal_id, d.title, "
    "a.campaign_id, c.name FROM activity a LEFT JOIN contact p ON p.id = a.contact_id "
    "LEFT JOIN deal d ON d.id = a.deal_id LEFT JOIN campaign c ON c.id = a.campaign_id ")


def _local_start(utc_text: str, cache: dict[str, tuple[datetime, date]]) -> tuple[datetime, date]:
    # A busy week holds thousands of timed items on a few hundred distinct slots, and
    # astimezone() asks the C library for the zone each time: convert each slot once.
    found = cache.get(utc_text)
    if found is None:
        start = datetime.fromisoformat(utc_text[:19]).replace(tzinfo=UTC).astimezone()
        found = cache[utc_text] = (start, start.date())
    return found


def _activity_item(row: tuple, cache: dict[str, tuple[datetime, date]]) -> WeekItem:
    (row_id, kind, subject, due_date, due_at, minutes, done, role, contact_id, contact,
     deal_id, deal, campaign_id, campaign) = row
    if due_at:
        start, day = _local_start(due_at, cache)
    else:
        start, day = None, date.fromisoformat(due_date)
    hat = "marketing" if kind == "deliverable" else role
    return WeekItem("activity", row_id, kind, day, start, minutes or 0, subject, hat,
                    bool(done), contact_id, contact or "", deal_id, deal or "", campaign_id,
                    campaign or "")


def _sort_key(item: WeekItem) -> tuple:
    # All-day items first, then by time; events after activities of the same slot.
    return (item.start is not None, item.start or datetime.min.replace(tzinfo=UTC),
            item.record != "activity", item.record_id)


def week_activities(first: date, last: date) -> list[WeekItem]:
    """Activities on the local days ``first``..``last``, by day, all-day first, then time."""
    rows = db.execute_sql(_ACTIVITY_SQL + "WHERE a.due_date >= ? AND a.due_date <= ?",
                          ((first - timedelta(days=ZONE_MARGIN_DAYS)).isoformat(),
                           (last + timedelta(days=ZONE_MARGIN_DAYS)).isoformat()))
    cache: dict[str, tuple[datetime, date]] = {}
    items = [item for item in (_activity_item(row, cache) for row in rows)
             if first <= item.day <= last]
    items.sort(key=lambda item: (item.day, *_sort_key(item)))
    return items


def week_events(first: date, last: date) -> list[WeekItem]:
    """Campaigns and offers starting or ending, and open deals expected to close, in the range
    (cancelled campaigns left out)."""
    span = (first.isoformat(), last.isoformat())
    events: list[WeekItem] = []
    for column, kind in (("start_date", "campaign_start"), ("end_date", "campaign_end"),
                         ("offer_start", "offer_start"), ("offer_end", "offer_end")):
        for row_id, name, day in db.execute_sql(
                f"SELECT id, name, {column} FROM campaign WHERE {column} >= ? AND {column} <= ? "
                "AND status != 'cancelled' ORDER BY id", span):
            events.append(WeekItem("campaign", row_id, kind, date.fromisoformat(day), None, 0,
                                   name, "marketing", False, campaign_id=row_id, campaign=name))
    for row_id, title, day, contact_id, contact in db.execute_sql(
            "SELECT d.id, d.title, d.expected_close, d.contact_id, "
            "trim(p.first_name || ' ' || p.last_name) FROM deal d "
            "LEFT JOIN contact p ON p.id = d.contact_id WHERE d.status = 'open' "
            "AND d.expected_close >= ? AND d.expected_close <= ? ORDER BY d.id", span):
        events.append(WeekItem("deal", row_id, "deal_close", date.fromisoformat(day), None, 0,
                               title, "sales", False, contact_id, contact or "", row_id, title))
    return events


def overdue_condition(day: date, alias: str = "a") -> tuple[str, list[Any]]:
    """SQL for "due before ``day``, here" over activity ``alias`` (open or not: the caller
    says). The stored ``due_date`` is the local day where the item was saved; a timed item
    saved in another time zone may fall on another day here (a 22:00 call saved in New York
    is tomorrow in Berlin). Those few near ``day`` are decided by their instant."""
    not_yet, already = [], []
    cache: dict[str, tuple[datetime, date]] = {}
    for row_id, due_at, due_date in db.execute_sql(
            "SELECT id, due_at, due_date FROM activity WHERE done = 0 AND due_at IS NOT NULL "
            "AND due_date >= ? AND due_date <= ?",
            ((day - timedelta(days=ZONE_MARGIN_DAYS)).isoformat(),
             (day + timedelta(days=ZONE_MARGIN_DAYS)).isoformat())):
        stored_before = date.fromisoformat(due_date) < day
        here_before = _local_start(due_at, cache)[1] < day
        if stored_before and not here_before:
            not_yet.append(row_id)
        elif here_before and not stored_before:
            already.append(row_id)
    sql, params = f"{alias}.due_date < ?", [day.isoformat()]
    if not_yet:
        sql += f" AND {alias}.id NOT IN ({', '.join('?' * len(not_yet))})"
        params += not_yet
    if already:
        sql = f"({sql} OR {alias}.id IN ({', '.join('?' * len(already))}))"
        params += already
    return f"({sql})", params


def overdue(day: date | None = None, limit: int = OVERDUE_LIMIT) -> tuple[list[WeekItem], int]:
    """Open activities due before ``day`` (today, here): the ``limit`` most recent, and how
    many."""
    condition, params = overdue_condition(day or local_today())
    # Both read the activity(done, due_date, kind) index of migration 0007: only the overdue
    # items, not every open one of every year.
    (total,) = db.execute_sql(f"SELECT count(*) FROM activity a WHERE a.done = 0 AND "
                              f"{condition}", params).fetchone()
    rows = db.execute_sql(_ACTIVITY_SQL + f"WHERE a.done = 0 AND {condition} "
                          "ORDER BY a.due_date DESC, a.due_at DESC, a.id DESC LIMIT ?",
                          [*params, limit])
    cache: dict[str, tuple[datetime, date]] = {}
    items = [_activity_item(row, cache) for row in rows]
    # Latest first by the time here (the stored day is the one where each was saved).
    items.sort(key=lambda item: (item.day, item.start is not None,
                                 item.start or datetime.min.replace(tzinfo=UTC),
                                 item.record_id), reverse=True)
    return items, total


def time_split(items: Iterable[WeekItem], sales_target_pct: int | None = None) -> TimeSplit:
    """Planned minutes by hat, from the durations of the week's activities (done or not)."""
    minutes = {"sales": 0, "marketing": 0}
    for item in items:
        if item.is_activity:
            minutes[item.hat] = minutes.get(item.hat, 0) + item.duration_minutes
    target = settings.get("sales_share_target") if sales_target_pct is None \
        else sales_target_pct
    return TimeSplit(minutes["sales"], minutes["marketing"], target)


def load_week(first: date, *, today: date | None = None) -> WeekPlan:
    """The plan of the seven days from ``first``: each day's items in order, the overdue
    ones (as of ``today``) and the week's time split."""
    last = first + timedelta(days=6)
    days: dict[date, list[WeekItem]] = {first + timedelta(days=n): [] for n in range(7)}
    found = week_activities(first, last)
    for item in found:
        days[item.day].append(item)
    for event in week_events(first, last):
        days[event.day].append(event)
    for items in days.values():
        items.sort(key=_sort_key)
    late, total = overdue(today)
    return WeekPlan(first, days, late, total, time_split(found))


@dataclass(frozen=True)
class ActivityLinks:
    """Where an activity belongs: ``records`` as (kind, id), the deal first, then the
    contact and the campaign; its ``day`` and ``kind`` for finding it in the week."""

    records: tuple[tuple[str, int], ...]
    day: date | None
    kind: str


def activity_links(activity_id: int) -> ActivityLinks | None:
    row = db.execute_sql("SELECT deal_id, contact_id, campaign_id, due_date, due_at, kind "
                         "FROM activity WHERE id = ?", (activity_id,)).fetchone()
    if row is None:
        return None
    deal_id, contact_id, campaign_id, due_date, due_at, kind = row
    if due_at:
        day: date | None = _local_start(due_at, {})[1]
    else:
        day = date.fromisoformat(due_date) if due_date else None
    records = tuple((name, record_id) for name, record_id in
                    (("deal", deal_id), ("contact", contact_id), ("campaign", campaign_id))
                    if record_id is not None)
    return ActivityLinks(records, day, kind)


def reschedule(activity_id: int, day: date, start: time | None = None) -> Activity:
    """Move an activity to ``day``: a timed one keeps its local time of day unless ``start``
    gives a new one; an all-day one stays all-day unless ``start`` is given."""
    record = activities.get(activity_id)
    if start is None and record.due_at is not None:
        start = record.due_at.astimezone().time().replace(tzinfo=None)
    if start is None:
        return activities.update(activity_id, due_date=day, due_at=None)
    local = datetime.combine(day, start).astimezone()
    return activities.update(activity_id, due_at=local)


def next_working_hour(now: datetime | None = None) -> datetime:
    """The default start of a new item: the next full hour, inside 08:00–18:00 on a weekday
    (local, aware)."""
    moment = (now or utcnow()).astimezone()
    slot = moment.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    while slot.weekday() >= 5 or not 8 <= slot.hour < 18:
        if slot.hour >= 18 or slot.weekday() >= 5:
            slot = (slot + timedelta(days=1)).replace(hour=8)
        else:
            slot = slot.replace(hour=8)
    # Re-read as local wall time: the fixed offset above may be the other side of a DST change.
    return slot.replace(tzinfo=None).astimezone()
