"""The period a report covers: this month, quarter or year, the last 12 months, or custom."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from smeplanner.core.errors import ValidationError
from smeplanner.core.timeutil import to_utc
from smeplanner.core.timeutil import today as local_today

PRESETS = ("month", "quarter", "year", "last_12_months", "custom")
PRESET_LABELS = {"month": "This month", "quarter": "This quarter", "year": "This year",
                 "last_12_months": "Last 12 months", "custom": "Custom…"}
# A longer range makes every monthly chart unreadable and no longer says anything.
MAX_CUSTOM_DAYS = 3 * 366
_UTC_TEXT = "%Y-%m-%d %H:%M:%S"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def add_months(first: date, months: int) -> date:
    """The first day of the month ``months`` after the one containing ``first``."""
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_key(day: date) -> str:
    """"2026-11": how months are keyed in figures, drill-downs and CSV files."""
    return day.isoformat()[:7]


@dataclass(frozen=True)
class ReportPeriod:
    """The local calendar days ``first`` … ``last`` (inclusive)."""

    first: date
    last: date
    preset: str = "custom"

    @property
    def months(self) -> list[date]:
        """The first day of every month the period touches, oldest first."""
        result = [self.first.replace(day=1)]
        while add_months(result[-1], 1) <= self.last:
            result.append(add_months(result[-1], 1))
        return result

    @property
    def label(self) -> str:
        first, last = self.first, self.last
        month_end = add_months(last, 1) - timedelta(days=1)
        whole_months = first.day == 1 and last == month_end
        if whole_months and first.month == 1 and last.month == 12 and first.year == last.year:
            return str(first.year)
        if whole_months and first.year == last.year and first.month == last.month:
            return f"{_MONTHS[first.month - 1]} {first.year}"
        if (whole_months and first.year == last.year and first.month % 3 == 1
                and last.month == first.month + 2):
            return f"Q{first.month // 3 + 1} {first.year}"
        if whole_months:
            return (f"{_MONTHS[first.month - 1]} {first.year} – "
                    f"{_MONTHS[last.month - 1]} {last.year}")
        return (f"{first.day} {_MONTHS[first.month - 1]} {first.year} – "
                f"{last.day} {_MONTHS[last.month - 1]} {last.year}")

    def utc_range(self) -> tuple[str, str]:
        """The period as a half-open range of stored UTC texts, from local midnight starting
        ``first`` to local midnight after ``last`` (each with its own offset: DST safe)."""
        return utc_text(self.first), utc_text(self.last + timedelta(days=1))


def utc_text(day: date) -> str:
    """Local midnight starting ``day`` as stored UTC text."""
    return to_utc(datetime.combine(day, time())).strftime(_UTC_TEXT)


def preset_period(preset: str, today: date | None = None) -> ReportPeriod:
    """The named period around ``today``: whole calendar months, the current one included."""
    day = today or local_today()
    month = day.replace(day=1)
    if preset == "month":
        first, after = month, add_months(month, 1)
    elif preset == "quarter":
        first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        after = add_months(first, 3)
    elif preset == "year":
        first, after = date(day.year, 1, 1), date(day.year + 1, 1, 1)
    elif preset == "last_12_months":
        first, after = add_months(month, -11), add_months(month, 1)
    else:
        raise ValidationError("period", f"unknown period {preset!r}")
    return ReportPeriod(first, after - timedelta(days=1), preset)


def custom_period(first: date | None, last: date | None) -> ReportPeriod:
    """A period the user picked; ValidationError naming the bad end."""
    if first is None:
        raise ValidationError("from", "is required")
    if last is None:
        raise ValidationError("to", "is required")
    if last < first:
        raise ValidationError("to", "must not be before the start")
    if (last - first).days > MAX_CUSTOM_DAYS:
        raise ValidationError("to", "the period may span at most three years")
    return ReportPeriod(first, last, "custom")
