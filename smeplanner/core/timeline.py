"""A contact's history, newest first: activities, deals and their moves, funnel, campaigns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from smeplanner.core.models import (
    ACTIVITY_LABELS,
    LIFECYCLE_LABELS,
    Activity,
    Campaign,
    Contact,
    Deal,
    DealStageChange,
    LifecycleChange,
    PipelineStage,
)
from smeplanner.core.money import format_money, to_minor
from smeplanner.core.timeutil import to_local


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One thing that happened (or is planned) with a contact.

    ``when`` is local time; an all-day item sits at midnight with ``all_day`` set.
    ``ref_kind``/``ref_id`` name the record to open (activity, deal or campaign).
    """

    when: datetime
    all_day: bool
    kind: str  # activity kind, "deal", "stage" (a deal's), "lifecycle", "campaign"
    title: str
    detail: str
    ref_kind: str
    ref_id: int
    done: bool = True


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min).astimezone()


def _at(moment: datetime | None, day: date | None) -> tuple[datetime, bool]:
    if moment is not None:
        return to_local(moment), False
    if day is not None:
        return _local_midnight(day), True
    return datetime.min.replace(tzinfo=UTC), True


def for_contact(contact_id: int, *, currency: str = "EUR", limit: int = 200
                ) -> list[TimelineEntry]:
    """Everything on the contact's timeline, newest (or furthest planned) first."""
    contact = Contact.get_by_id(contact_id)
    entries: list[TimelineEntry] = []
    for activity in (Activity.select().where(Activity.contact == contact_id)
                     .order_by(Activity.due_date.desc()).limit(limit)):
        when, all_day = _at(activity.due_at or (activity.done_at if activity.done else None),
                            activity.due_date)
        entries.append(TimelineEntry(
            when, all_day, activity.kind,
            f"{ACTIVITY_LABELS.get(activity.kind, activity.kind)}: {activity.subject}",
            activity.notes, "activity", activity.id, bool(activity.done)))
    deals = {deal.id: deal for deal in Deal.select().where(Deal.contact == contact_id)}
    stage_names = {stage.id: stage.name for stage in PipelineStage.select()}
    for deal in deals.values():
        entries.append(TimelineEntry(
            to_local(deal.created_at), False, "deal", f"Deal opened: {deal.title}",
            format_money(to_minor(deal.amount), currency), "deal", deal.id))
    if deals:
        for change in (DealStageChange.select()
                       .where(DealStageChange.deal.in_(list(deals)))
                       .where(DealStageChange.from_stage.is_null(False))):
            deal = deals[change.deal_id]
            entries.append(TimelineEntry(
                to_local(change.changed_at), False, "stage",
                f"{deal.title}: {stage_names.get(change.to_stage_id, '?')}",
                f"from {stage_names.get(change.from_stage_id, '?')}", "deal", deal.id))
    for change in LifecycleChange.select().where(LifecycleChange.contact == contact_id):
        label = LIFECYCLE_LABELS.get(change.to_stage, change.to_stage)
        title = f"Became {label}" if change.from_stage else f"Added as {label}"
        entries.append(TimelineEntry(to_local(change.changed_at), False, "lifecycle", title,
                                     "", "contact", contact_id))
    if contact.source_campaign_id:
        campaign = Campaign.get_or_none(Campaign.id == contact.source_campaign_id)
        if campaign is not None:
            entries.append(TimelineEntry(
                to_local(contact.created_at), False, "campaign",
                f"Came from the campaign {campaign.name}", campaign.channel, "campaign",
                campaign.id))
    entries.sort(key=lambda entry: (entry.when, entry.ref_kind, entry.ref_id), reverse=True)
    return entries[:limit]
