"""The workspace's dated items as one iCalendar file (RFC 5545) for other calendar apps:
activities and deliverables, campaigns, offer windows, and open deals' expected closes.

Each event has a stable UID (``activity-<id>@<workspace id>.smeplanner``,
``campaign-<id>@...``, ``offer-<id>@...``, ``deal-<id>@...``), so importing a newer export
updates the events instead of doubling them, and two workspaces' events never collide.
Timed activities are in UTC; everything else is all-day, with
the exclusive DTEND of RFC 5545 (the day after the last day). VEVENT has no "completed"
status, so a done activity's summary starts with "✓ "; a cancelled campaign and its offer
are STATUS:CANCELLED. The icalendar package escapes TEXT and folds lines at 75 octets.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from icalendar import Calendar, Event

from smeplanner.core import settings
from smeplanner.core.contact_io.export_files import PathLike, atomic_output
from smeplanner.core.models import ACTIVITY_LABELS, CHANNEL_LABELS, db
from smeplanner.core.money import from_minor
from smeplanner.core.timeutil import parse_utc_text, to_local, utcnow
from smeplanner.core.validate import without_controls

PRODID = "-//SME Planner//EN"
DONE_MARK = "✓ "
_END = b"END:VCALENDAR\r\n"
# The longest a timed activity may last (ActivityService's limit): how far before ``first``
# one can start and still reach into the range.
_LONGEST = timedelta(days=15)
_DAY = timedelta(days=1)


def _day(text: str) -> date:
    return date.fromisoformat(text[:10])


def _event(uid: str, stamp: datetime, summary: str, start: date | datetime,
           end: date | datetime | None, description: str = "", category: str = "",
           status: str = "") -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    # Control characters are not allowed in iCalendar text (stored before the app removed
    # them on the way in).
    summary, description = without_controls(summary), without_controls(description)
    event.add("summary", summary)
    event.add("dtstart", start)
    if end is not None:
        event.add("dtend", end)
    if description:
        event.add("description", description)
    if category:
        event.add("categories", [category])
    if status:
        event.add("status", status)
    return event


def _range_sql(start: str, end: str, first: date | None, last: date | None,
               params: list[Any]) -> str:
    """SQL conditions for a span from column ``start`` to ``end`` that touches the range."""
    conditions = ""
    if last is not None:
        conditions += f" AND {start} <= ?"
        params.append(last.isoformat())
    if first is not None:
        conditions += f" AND {end} >= ?"
        params.append(first.isoformat())
    return conditions


def _activity_events(first: date | None, last: date | None,
                     stamp: datetime, host: str) -> Iterator[Event]:
    params: list[Any] = []
    sql = ("SELECT a.id, a.kind, a.subject, a.notes, a.due_date, a.due_at, "
           "a.duration_minutes, a.done FROM activity a WHERE a.due_date IS NOT NULL")
    if last is not None:
        sql += " AND a.due_date <= ?"
        params.append(last.isoformat())
    if first is not None:  # a timed item may start before ``first`` and last into it
        sql += " AND a.due_date >= ?"
        params.append((first - _LONGEST).isoformat())
    for (activity_id, kind, subject, notes, due_date, due_at, minutes,
         done) in db.execute_sql(sql + " ORDER BY a.due_date, a.due_at, a.id", params):
        day = _day(due_date)
        start: date | datetime
        end: date | datetime | None
        if due_at is None:  # all-day (a deliverable usually; one may have a time)
            start, end, last_day = day, day + _DAY, day
        else:
            start = parse_utc_text(due_at)
            # A zero-length event has no DTEND (RFC 5545 3.6.1: DTEND must be later).
            end = start + timedelta(minutes=minutes) if minutes and minutes > 0 else None
            last_day = to_local(end or start).date()
        if first is not None and last_day < first:
            continue
        summary = (DONE_MARK if done else "") + subject
        yield _event(f"activity-{activity_id}@{host}", stamp, summary, start, end,
                     notes, ACTIVITY_LABELS.get(kind, kind))


def _campaign_events(first: date | None, last: date | None,
                     stamp: datetime, host: str) -> Iterator[Event]:
    params: list[Any] = []
    sql = ("SELECT id, name, channel, status, start_date, end_date, notes FROM campaign "
           "WHERE 1" + _range_sql("start_date", "end_date", first, last, params))
    for campaign_id, name, channel, status, start, end, notes in db.execute_sql(
            sql + " ORDER BY start_date, id", params):
        yield _event(f"campaign-{campaign_id}@{host}", stamp, name, _day(start),
                     _day(end) + _DAY, notes, CHANNEL_LABELS.get(channel, "Campaign"),
                     "CANCELLED" if status == "cancelled" else "")


def _offer_text(discount: str | None, code: str) -> str:
    lines = []
    if discount is not None:
        lines.append(f"Discount: {Decimal(discount).normalize():f}%")
    if code:
        lines.append(f"Code: {code}")
    return "\n".join(lines)


def _offer_events(first: date | None, last: date | None, stamp: datetime,
                  host: str) -> Iterator[Event]:
    params: list[Any] = []
    sql = ("SELECT id, name, status, offer_start, offer_end, offer_discount_pct, offer_code "
           "FROM campaign WHERE offer_start IS NOT NULL AND offer_end IS NOT NULL"
           + _range_sql("offer_start", "offer_end", first, last, params))
    for campaign_id, name, status, start, end, discount, code in db.execute_sql(
            sql + " ORDER BY offer_start, id", params):
        yield _event(f"offer-{campaign_id}@{host}", stamp, f"Offer: {name}", _day(start),
                     _day(end) + _DAY, _offer_text(discount, code), "Offer",
                     "CANCELLED" if status == "cancelled" else "")


def _deal_events(first: date | None, last: date | None, stamp: datetime,
                 host: str) -> Iterator[Event]:
    params: list[Any] = []
    sql = ("SELECT id, title, amount, next_step, notes, expected_close FROM deal "
           "WHERE status = 'open' AND expected_close IS NOT NULL"
           + _range_sql("expected_close", "expected_close", first, last, params))
    for deal_id, title, amount, next_step, notes, expected in db.execute_sql(
            sql + " ORDER BY expected_close, id", params):
        lines = [f"Amount: {from_minor(int(amount))}"]
        if next_step:
            lines.append(f"Next step: {next_step}")
        if notes:
            lines.append(notes)
        day = _day(expected)
        yield _event(f"deal-{deal_id}@{host}", stamp, f"Expected close: {title}", day,
                     day + _DAY, "\n".join(lines), "Deal")


def calendar_events(first: date | None = None, last: date | None = None,
                    stamp: datetime | None = None) -> Iterator[Event]:
    """Every event of the workspace that touches ``first``..``last`` (inclusive; None: no
    limit on that side): activities, campaigns, offers, then expected deal closes."""
    stamp = stamp or utcnow()
    host = f"{settings.workspace_id()}.smeplanner"  # UIDs unique across workspaces
    yield from _activity_events(first, last, stamp, host)
    yield from _campaign_events(first, last, stamp, host)
    yield from _offer_events(first, last, stamp, host)
    yield from _deal_events(first, last, stamp, host)


def _calendar_head() -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    return calendar.to_ical().removesuffix(_END)


def export_calendar_ics(path: PathLike, *, first: date | None = None,
                        last: date | None = None) -> int:
    """The events touching ``first``..``last`` (all when None) as an ``.ics`` file; the
    number of events written. Events are written one by one (streamed), not built up as
    one calendar in memory."""
    count = 0
    with db.atomic(), atomic_output(path, binary=True) as handle:
        handle.write(_calendar_head())
        for event in calendar_events(first, last):
            handle.write(event.to_ical())
            count += 1
        handle.write(_END)
    return count
