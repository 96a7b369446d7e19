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
from datetime import date, datetime, timedelta
from typing import Any

from smeplanner.core import validate
from smeplanner.core.activities import activities
from smeplanner.core.campaigns import campaigns
from smeplanner.core.deliverable_series import (  # noqa: F401 - part of this module's API
    FREQUENCIES,
    MAX_OCCURRENCES,
    describe_rule,
    expanded,
    occurrences,
    rule_for,
)
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
from smeplanner.core.timeutil import shift_days, utcnow

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
    return shift_days(record.due_at, (day - record.due_date).days)


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


# --- recurrence (the rules themselves: core.deliverable_series) ---------------------------

def add_series(campaign_id: int, *, title: str, kind: str, rrule: str, start: date | str,
               owner: str = "me", notes: str = "") -> list[int]:
    """A recurring deliverable: the series row and one 'idea' deliverable per occurrence;
    returns their activity ids by day. The rule must end and give at most 366 dates."""
    campaign = _campaign(campaign_id)
    values = {field: _clean(field, value) for field, value in
              (("title", title), ("kind", kind), ("owner", owner), ("notes", notes))}
    text, first, days = expanded(rrule, start)
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
            # A timed one keeps its local time of day, across a daylight-saving change too.
            (Activity.update(due_date=record.due_date + delta, updated_at=now,
                             due_at=shift_days(record.due_at, offset) if record.due_at
                             else None)
             .where(Activity.id == record.id).execute())


def set_campaign_dates(campaign_id: int, start: date | str, end: date | str) -> None:
    """New start and end for a campaign (an edge dragged on the calendar); its offer window
    and deliverables stay where they are. Refused if it would end before it starts."""
    campaigns.update(campaign_id, start_date=start, end_date=end)
