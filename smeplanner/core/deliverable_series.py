"""Recurrence rules of deliverable series: RFC 5545 RRULE lines checked, expanded into days,
built from what the recurrence dialog offers, and described in plain English.

Pure functions over text and dates; :mod:`smeplanner.core.deliverables` stores the series
and its occurrences.
"""

from __future__ import annotations

from datetime import date, datetime, time
from itertools import islice
from typing import Any

from dateutil.rrule import rrulestr

from smeplanner.core import validate
from smeplanner.core.errors import ValidationError

# A year of daily items; more is a typo (a missing UNTIL year digit), not a plan.
MAX_OCCURRENCES = 366
FREQUENCIES = ("daily", "weekly", "monthly")
_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
               "Dec")
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last",
             -2: "second-last"}


def _rule_parts(rrule: Any) -> tuple[str, dict[str, str]]:
    """The rule as stored (upper case, no 'RRULE:' prefix) and its NAME=VALUE parts."""
    if not isinstance(rrule, str):
        raise ValidationError("rrule", "must be text")
    text = rrule.strip().upper()
    text = text.removeprefix("RRULE:").strip()
    if not text:
        raise ValidationError("rrule", "must not be empty")
    if "\n" in text or "\r" in text:
        raise ValidationError("rrule", "must be one RRULE line (the start date is separate)")
    parts: dict[str, str] = {}
    for part in text.split(";"):
        name, sep, value = part.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise ValidationError("rrule", f"{part!r} is not NAME=VALUE")
        parts[name.strip()] = value.strip()
    if "DTSTART" in parts:
        raise ValidationError("rrule", "must not hold DTSTART (the start date is separate)")
    if parts.get("FREQ") not in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY"):
        raise ValidationError("rrule", "must repeat daily, weekly, monthly or yearly (FREQ)")
    if "UNTIL" not in parts and "COUNT" not in parts:
        raise ValidationError("rrule", "must end: give an end date (UNTIL) or a number of "
                                       "times (COUNT)")
    if "UNTIL" in parts and "COUNT" in parts:
        raise ValidationError("rrule", "must end either on a date (UNTIL) or after a number of "
                                       "times (COUNT), not both")
    text = ";".join(f"{name}={value}" for name, value in parts.items())
    return text, parts


def _parsed(rrule: Any, start: Any) -> tuple[str, dict[str, str], Any, date]:
    text, parts = _rule_parts(rrule)
    first = validate.a_date("start", start, optional=False)
    assert first is not None
    try:
        # ignoretz: an UNTIL given in UTC ("…T000000Z") is read as the plain day it names.
        rule = rrulestr(text, dtstart=datetime.combine(first, time()), ignoretz=True)
    except (ValueError, TypeError, OverflowError) as error:
        raise ValidationError("rrule", f"is not a valid recurrence rule ({error})") from None
    return text, parts, rule, first


def expanded(rrule: Any, start: Any) -> tuple[str, date, list[date]]:
    """The rule as stored, the start day and the days it gives (at most MAX_OCCURRENCES);
    ValidationError naming "rrule" or "start" when it is not one that can be kept."""
    text, _, rule, first = _parsed(rrule, start)
    try:
        moments = list(islice(rule, MAX_OCCURRENCES + 1))
    except (ValueError, OverflowError) as error:
        raise ValidationError("rrule", f"is not a valid recurrence rule ({error})") from None
    if len(moments) > MAX_OCCURRENCES:
        raise ValidationError("rrule", f"gives more than {MAX_OCCURRENCES} dates; end it "
                                       "sooner")
    days = list(dict.fromkeys(moment.date() for moment in moments))
    if not days:
        raise ValidationError("rrule", "gives no dates from the start date on")
    return text, first, days


def occurrences(rrule: str, start: date) -> list[date]:
    """The days a rule gives from ``start`` on, as ``deliverables.add_series`` makes them."""
    return expanded(rrule, start)[2]


def rule_for(frequency: str, interval: int = 1, weekdays: list[int] | tuple[int, ...] = (),
             until: date | None = None, count: int | None = None) -> str:
    """An RRULE for what the recurrence dialog offers: every ``interval`` days, weeks or
    months, on some ``weekdays`` (0 = Monday), until a day or ``count`` times (one of the
    two). Weekly without weekdays repeats on the start's weekday; monthly without them on
    the start's day of the month, and monthly with them on the *first* such weekday of the
    month ("every month on the first Tuesday")."""
    validate.choice("frequency", frequency, FREQUENCIES)
    every = validate.integer("interval", interval, minimum=1, maximum=MAX_OCCURRENCES)
    days: list[int] = []
    for day in weekdays:
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            raise ValidationError("weekdays", f"{day!r} is not a weekday (0 = Monday … 6)")
        days.append(day)
    if until is None and count is None:
        raise ValidationError("until", "give an end date or a number of times")
    if until is not None and count is not None:
        raise ValidationError("count", "give an end date or a number of times, not both")
    parts = [f"FREQ={frequency.upper()}"]
    if every != 1:
        parts.append(f"INTERVAL={every}")
    if days:
        prefix = "1" if frequency == "monthly" else ""
        parts.append("BYDAY=" + ",".join(prefix + _WEEKDAY_CODES[d] for d in sorted(set(days))))
    if until is not None:
        end = validate.a_date("until", until, optional=False)
        assert end is not None
        parts.append(f"UNTIL={end:%Y%m%d}")
    else:
        times = validate.integer("count", count, minimum=1, maximum=MAX_OCCURRENCES)
        parts.append(f"COUNT={times}")
    return ";".join(parts)


def _day_text(day: date) -> str:
    return f"{day.day} {_MONTH_ABBR[day.month - 1]} {day.year}"


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _every(interval: int, unit: str) -> str:
    if interval == 1:
        return f"every {unit}"
    if interval == 2:
        return f"every other {unit}"
    return f"every {interval} {unit}s"


def _weekday_of(code: str) -> tuple[int | None, str]:
    """'TU' → (None, 'Tuesday'); '1TU' → (1, 'Tuesday'); '-1FR' → (-1, 'Friday')."""
    number, name = code[:-2], code[-2:]
    if name not in _WEEKDAY_CODES:
        raise ValidationError("rrule", f"{code!r} is not a weekday")
    return (int(number.lstrip("+")) if number else None), _WEEKDAY_NAMES[
        _WEEKDAY_CODES.index(name)]


def describe_rule(rrule: str, start: date) -> str:
    """The rule in plain English: "every other Tuesday until 30 Jun 2027", "every week on
    Monday, 10 times", "every month on the first Tuesday, 6 times"."""
    text, parts, _, first = _parsed(rrule, start)
    interval = int(parts.get("INTERVAL", "1") or 1)
    weekdays = [_weekday_of(code) for code in parts["BYDAY"].split(",")] \
        if "BYDAY" in parts else []
    known = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "UNTIL", "COUNT", "WKST"}
    freq = parts["FREQ"]
    if set(parts) - known:
        what = f"repeats by the rule {text}"
    elif freq == "DAILY" and not weekdays:
        what = _every(interval, "day")
    elif freq == "DAILY":
        names = [name for _, name in weekdays]
        what = ("every weekday (Monday to Friday)" if set(names) == set(_WEEKDAY_NAMES[:5])
                else f"every {_joined(names)}")
        if interval != 1:
            what = f"{_every(interval, 'day')}, on {_joined(names)} only"
    elif freq == "WEEKLY":
        names = [name for _, name in weekdays] or [_WEEKDAY_NAMES[first.weekday()]]
        what = (f"every other {names[0]}" if interval == 2 and len(names) == 1
                else f"{_every(interval, 'week')} on {_joined(names)}")
    elif freq == "MONTHLY" and weekdays:
        what = f"{_every(interval, 'month')} on " + _joined([
            f"the {_ORDINALS.get(number, f'{number}th')} {name}" if number is not None
            else f"every {name}" for number, name in weekdays])
    elif freq == "MONTHLY":
        month_days = [int(day) for day in parts.get("BYMONTHDAY", str(first.day)).split(",")]
        names = ["the last day" if day == -1 else f"day {day}" for day in month_days]
        what = f"{_every(interval, 'month')} on {_joined(names)}"
        if max(month_days) > 28:
            what += " (skipped in months without one)"
    else:
        what = f"{_every(interval, 'year')} on {first.day} {_MONTH_ABBR[first.month - 1]}"
    if "UNTIL" in parts:
        until = parts["UNTIL"][:8]
        return f"{what} until {_day_text(date(int(until[:4]), int(until[4:6]), int(until[6:])))}"
    count = int(parts["COUNT"])
    return f"{what}, once" if count == 1 else f"{what}, {count} times"
