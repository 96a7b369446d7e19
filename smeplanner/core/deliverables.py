"""Campaign deliverables: dated posts, newsletters, ads… with a stage, an owner and recurrence.

A deliverable is an :class:`~smeplanner.core.models.Activity` of kind 'deliverable' with the
marketing role and a campaign, so the week shows it beside the sales work. Its ``due_date``
is the publish or due day. A recurring deliverable is a ``deliverable_series`` row (an
RFC 5545 RRULE and a start date) expanded into one activity per occurrence, so that each
can be moved, staged and done on its own.

Every function validates all of its input first (``ValidationError`` names the field) and
writes in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import islice
from typing import Any

from dateutil.rrule import rrulestr

from smeplanner.core import validate
from smeplanner.core.activities import activities
from smeplanner.core.campaigns import campaigns
from smeplanner.core.errors import NotFoundError, ValidationError
from smeplanner.core.models import (
    DELIVERABLE_KINDS,
    DELIVERABLE_OWNERS,
    DELIVERABLE_STAGES,
    Activity,
    Campaign,
    DeliverableSeries,
    db,
)
from smeplanner.core.timeutil import utcnow

# A year of daily items; more is a typo (a missing UNTIL year digit), not a plan.
MAX_OCCURRENCES = 366
FREQUENCIES = ("daily", "weekly", "monthly")
_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
               "Dec")
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last",
             -2: "second-last"}
_EDITABLE = ("title", "kind", "day", "stage", "owner", "notes")


@dataclass(frozen=True)
class DeliverableInfo:
    id: int
    title: str
    kind: str
    day: date
    stage: str
    owner: str
    done: bool
    series_id: int | None
    notes: str


@dataclass(frozen=True)
class SeriesInfo:
    id: int
    campaign_id: int
    title: str
    kind: str
    owner: str
    rrule: str
    start: date
    notes: str


def _info(record: Activity) -> DeliverableInfo:
    return DeliverableInfo(record.id, record.subject, record.deliverable_kind, record.due_date,
                           record.stage, record.owner, bool(record.done), record.series_id,
                           record.notes)


def _deliverable(activity_id: int) -> Activity:
    record = Activity.get_or_none((Activity.id == activity_id)
                                  & (Activity.kind == "deliverable"))
    if record is None:
        raise NotFoundError("deliverable", activity_id)
    return record


def get(activity_id: int) -> DeliverableInfo:
    return _info(_deliverable(activity_id))


def for_campaign(campaign_id: int) -> list[DeliverableInfo]:
    """The campaign's deliverables by day (then in the order they were made)."""
    query = (Activity.select()
             .where((Activity.campaign == campaign_id) & (Activity.kind == "deliverable"))
             .order_by(Activity.due_date, Activity.id))
    return [_info(record) for record in query]


# --- one deliverable ------------------------------------------------------------------------

def _clean(field: str, value: Any) -> Any:
    if field == "title":
        return validate.text("title", value, required=True)
    if field == "kind":
        return validate.choice("kind", value, DELIVERABLE_KINDS)
    if field == "day":
        return validate.a_date("day", value, optional=False)
    if field == "stage":
        return validate.choice("stage", value, DELIVERABLE_STAGES)
    if field == "owner":
        return validate.choice("owner", value, DELIVERABLE_OWNERS)
    if field == "notes":
        return validate.long_text("notes", value)
    raise ValidationError(field, "is not a field of a deliverable")


def _campaign(campaign_id: Any) -> int:
    if campaign_id is None:
        raise ValidationError("campaign", "is required")
    checked = validate.reference("campaign", campaign_id, Campaign, label="campaign")
    assert checked is not None
    return checked


def add_deliverable(campaign_id: int, *, title: str, kind: str, day: date | str,
                    stage: str = "idea", owner: str = "me", notes: str = "") -> int:
    """Add a one-off deliverable to a campaign; returns its activity id."""
    campaign = _campaign(campaign_id)
    values = {field: _clean(field, value) for field, value in
              (("title", title), ("kind", kind), ("day", day), ("stage", stage),
               ("owner", owner), ("notes", notes))}
    with db.atomic():
        # Through the activities service, so a deliverable born done gets its done_at.
        record = activities.create(kind="deliverable", subject=values["title"],
                                   notes=values["notes"], due_date=values["day"],
                                   role="marketing", campaign=campaign,
                                   done=values["stage"] == "done")
        (Activity.update(stage=values["stage"], owner=values["owner"],
                         deliverable_kind=values["kind"])
         .where(Activity.id == record.id).execute())
    return record.id


def _moved_due_at(record: Activity, day: date) -> datetime | None:
    """A timed deliverable keeps its time of day when its day moves (the activities
    service derives due_date from due_at, so due_at must move with it)."""
    if record.due_at is None:
        return None
    return record.due_at + timedelta(days=(day - record.due_date).days)


def update_deliverable(activity_id: int, **changes: Any) -> DeliverableInfo:
    """Change any of title, kind, day, stage, owner and notes; returns the stored result.

    An occurrence of a series stays in it when edited or moved (like an exception to a
    repeating calendar event).
    """
    record = _deliverable(activity_id)
    cleaned = {field: _clean(field, value) for field, value in changes.items()}
    with db.atomic():
        core: dict[str, Any] = {}
        if "title" in cleaned:
            core["subject"] = cleaned["title"]
        if "notes" in cleaned:
            core["notes"] = cleaned["notes"]
        if "day" in cleaned:
            core["due_date"] = cleaned["day"]
            if record.due_at is not None:
                core["due_at"] = _moved_due_at(record, cleaned["day"])
        if core:
            activities.update(activity_id, **core)
        own = {column: cleaned[field] for field, column in
               (("kind", "deliverable_kind"), ("owner", "owner")) if field in cleaned}
        if own:
            own["updated_at"] = utcnow()
            Activity.update(**own).where(Activity.id == activity_id).execute()
        if "stage" in cleaned:
            set_stage(activity_id, cleaned["stage"])
    return get(activity_id)


def set_stage(activity_id: int, stage: str) -> None:
    """Move a deliverable along idea → in progress → scheduled → done (or back).

    Reaching or leaving 'done' sets or clears the activity's done flag through the
    activities service, so done_at and the goal figures that count done work follow.
    """
    record = _deliverable(activity_id)
    stage = _clean("stage", stage)
    with db.atomic():
        done = stage == "done"
        if bool(record.done) != done:
            # The 0006 triggers set the stage from the flag; the line below then sets the
            # stage asked for (it differs only when un-doing: in_progress vs. scheduled…).
            activities.set_done(activity_id, done)
        if record.stage != stage or bool(record.done) != done:
            (Activity.update(stage=stage, updated_at=utcnow())
             .where(Activity.id == activity_id).execute())


def delete_deliverable(activity_id: int) -> None:
    record = _deliverable(activity_id)
    with db.atomic():
        record.delete_instance()


# --- recurrence -----------------------------------------------------------------------------

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


def _expanded(rrule: Any, start: Any) -> tuple[str, date, list[date]]:
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
    """The days a rule gives from ``start`` on, as :func:`add_series` would make them."""
    return _expanded(rrule, start)[2]


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


def add_series(campaign_id: int, *, title: str, kind: str, rrule: str, start: date | str,
               owner: str = "me", notes: str = "") -> list[int]:
    """A recurring deliverable: the series row and one 'idea' deliverable per occurrence;
    returns their activity ids by day. The rule must end and give at most 366 dates."""
    campaign = _campaign(campaign_id)
    values = {field: _clean(field, value) for field, value in
              (("title", title), ("kind", kind), ("owner", owner), ("notes", notes))}
    text, first, days = _expanded(rrule, start)
    now = utcnow()
    with db.atomic():
        series = DeliverableSeries.create(
            campaign=campaign, title=values["title"], deliverable_kind=values["kind"],
            owner=values["owner"], rrule=text, dtstart=first, notes=values["notes"],
            created_at=now)
        # New, open, all-day items: nothing for the activities service's done/touch logic
        # to do, so one multi-row insert instead of up to 366 validated creates.
        Activity.insert_many([{
            "created_at": now, "updated_at": now, "kind": "deliverable",
            "subject": values["title"], "notes": values["notes"], "due_date": day,
            "due_at": None, "duration_minutes": 0, "done": False, "done_at": None,
            "role": "marketing", "campaign": campaign, "stage": "idea",
            "owner": values["owner"], "deliverable_kind": values["kind"],
            "series": series.id} for day in days]).execute()
        ids = [row.id for row in Activity.select(Activity.id)
               .where(Activity.series == series.id).order_by(Activity.due_date, Activity.id)]
    return ids


def get_series(series_id: int) -> SeriesInfo:
    series = DeliverableSeries.get_or_none(DeliverableSeries.id == series_id)
    if series is None:
        raise NotFoundError("deliverable series", series_id)
    return SeriesInfo(series.id, series.campaign_id, series.title, series.deliverable_kind,
                      series.owner, series.rrule, series.dtstart, series.notes)


def delete_series(series_id: int, *, only_open: bool = True) -> int:
    """Delete a series and its occurrences; returns how many deliverables went.

    ``only_open``: occurrences already done stay, as one-off deliverables (they happened);
    the series row goes either way.
    """
    series = DeliverableSeries.get_or_none(DeliverableSeries.id == series_id)
    if series is None:
        raise NotFoundError("deliverable series", series_id)
    with db.atomic():
        query = Activity.delete().where(Activity.series == series_id)
        if only_open:
            query = query.where(Activity.done == False)  # noqa: E712 - peewee expression
        deleted = query.execute()
        series.delete_instance()  # ON DELETE SET NULL unlinks the done ones kept
    return deleted


# --- moving a campaign ----------------------------------------------------------------------

def shift_campaign(campaign_id: int, days: int, *, deliverables: bool = True) -> None:
    """Move a campaign (start, end and offer window) by ``days``, e.g. a drag on the calendar.

    With ``deliverables``, its deliverables that are not done move by as many days; done
    ones stay where they are, because they happened on that day (a post already published
    does not move when the campaign is re-planned).
    """
    offset = validate.integer("days", days, minimum=-36_500, maximum=36_500)
    assert offset is not None
    campaign = campaigns.get(campaign_id)
    if offset == 0:
        return
    delta = timedelta(days=offset)
    changes: dict[str, Any] = {"start_date": campaign.start_date + delta,
                               "end_date": campaign.end_date + delta}
    if campaign.offer_start is not None and campaign.offer_end is not None:
        changes.update(offer_start=campaign.offer_start + delta,
                       offer_end=campaign.offer_end + delta)
    with db.atomic():
        campaigns.update(campaign_id, **changes)
        if not deliverables:
            return
        now = utcnow()
        moving = (Activity.select(Activity.id, Activity.due_date, Activity.due_at)
                  .where((Activity.campaign == campaign_id) & (Activity.kind == "deliverable")
                         & (Activity.done == False)))  # noqa: E712 - peewee expression
        for record in moving:
            (Activity.update(due_date=record.due_date + delta, updated_at=now,
                             due_at=record.due_at + delta if record.due_at else None)
             .where(Activity.id == record.id).execute())


def set_campaign_dates(campaign_id: int, start: date | str, end: date | str) -> None:
    """New start and end for a campaign (an edge dragged on the calendar); its offer window
    and deliverables stay where they are. Refused if it would end before it starts."""
    campaigns.update(campaign_id, start_date=start, end_date=end)
