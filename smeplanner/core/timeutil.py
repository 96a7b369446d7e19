"""Time rules: date-times are stored in UTC and shown in the machine's local zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta


def utcnow() -> datetime:
    """The current instant, timezone-aware, in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def to_utc(value: datetime) -> datetime:
    """An aware datetime in UTC; a naive one is taken as local time (what the user typed)."""
    if value.tzinfo is None:
        value = value.astimezone()  # naive → the machine's local zone
    return value.astimezone(UTC)


def to_local(value: datetime | None) -> datetime | None:
    """UTC (aware) to the machine's local time zone, for display."""
    if value is None:
        return None
    return value.astimezone()


def shift_days(moment: datetime, days: int) -> datetime:
    """``moment`` moved by whole days at the same local wall time (a 09:00 meeting moved
    across a daylight-saving change is still at 09:00), in UTC."""
    wall = moment.astimezone().replace(tzinfo=None) + timedelta(days=days)
    return to_utc(wall)


def today() -> date:
    return datetime.now().date()


def parse_utc_text(text: str) -> datetime:
    """A date-time as stored ("2026-11-23 09:30:00", UTC) as an aware datetime."""
    return datetime.strptime(text[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
