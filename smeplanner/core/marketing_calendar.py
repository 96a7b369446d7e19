"""What the marketing calendar paints for a range of days: campaign bars, offers, deliverables.

Read in three queries whatever the range holds (campaigns, offer conflicts, deliverables),
as plain frozen records, so a month at demo scale 200 (2,000 campaigns, 40,000 deliverables)
loads in a few milliseconds and the views never touch the database while painting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from smeplanner.core.models import db


@dataclass(frozen=True)
class CampaignBar:
    id: int
    name: str
    channel: str
    status: str
    start: date
    end: date
    offer_start: date | None
    offer_end: date | None
    offer_discount_pct: Decimal | None
    offer_conflict: bool


@dataclass(frozen=True)
class DeliverableChip:
    id: int
    campaign_id: int | None
    title: str
    kind: str
    day: date
    stage: str
    done: bool
    owner: str
    channel: str  # the campaign's channel, for colour ('' without a campaign)


@dataclass(frozen=True)
class CalendarItems:
    first: date
    last: date
    campaigns: list[CampaignBar]
    deliverables: list[DeliverableChip]


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


# Through the activity(kind, due_date) index of migration 0006, already in (day, id) order.
_DELIVERABLES_SQL = (
    "SELECT a.id, a.campaign_id, a.subject, a.deliverable_kind, a.due_date, a.stage, a.done, "
    "a.owner, coalesce(c.channel, '') FROM activity a LEFT JOIN campaign c "
    "ON c.id = a.campaign_id WHERE a.kind = 'deliverable' AND a.due_date >= ? "
    "AND a.due_date <= ? ORDER BY a.due_date, a.id")

_CAMPAIGNS_SQL = (
    "SELECT id, name, channel, status, start_date, end_date, offer_start, offer_end, "
    "offer_discount_pct FROM campaign WHERE start_date <= ? AND end_date >= ? "
    "ORDER BY start_date, id")

# Two campaigns clash when their offer windows share a day and their offers share a product.
# A cancelled campaign's offer never runs, so it clashes with nothing. The offers shown
# (``visible``) can only clash with offers that meet their overall span (``nearby``): both
# sets are small, where the plain self-join of campaign_product read every pair of offers
# on a product (39 ms for a busy month at demo scale 200; this: 1.4 ms).
_CONFLICTS_SQL = """
WITH visible AS MATERIALIZED (
    SELECT c.id, c.offer_start, c.offer_end, p.product_id
    FROM campaign c JOIN campaign_product p ON p.campaign_id = c.id
    WHERE c.offer_start <= ?1 AND c.offer_end >= ?2 AND c.status != 'cancelled'),
span AS MATERIALIZED (SELECT min(offer_start) AS low, max(offer_end) AS high FROM visible),
nearby AS MATERIALIZED (
    SELECT c.id, c.offer_start, c.offer_end, p.product_id
    FROM span, campaign c JOIN campaign_product p ON p.campaign_id = c.id
    WHERE c.offer_start <= span.high AND c.offer_end >= span.low AND c.status != 'cancelled')
SELECT DISTINCT v.id FROM visible v JOIN nearby n
    ON n.product_id = v.product_id AND n.id != v.id
    AND v.offer_start <= n.offer_end AND n.offer_start <= v.offer_end"""


def _check_range(first: date, last: date) -> None:
    if last < first:
        raise ValueError(f"the range ends ({last}) before it starts ({first})")


def offer_conflicts(first: date, last: date) -> set[int]:
    """Ids of campaigns whose offer window meets ``first``..``last`` and overlaps another
    campaign's offer window on a same product (the overlap itself may lie outside the
    range: the bar is marked wherever it shows). Cancelled campaigns are left out."""
    _check_range(first, last)
    cursor = db.execute_sql(_CONFLICTS_SQL, (last.isoformat(), first.isoformat()))
    return {campaign_id for (campaign_id,) in cursor}


def items_between(first: date, last: date) -> CalendarItems:
    """Campaigns running on any day of ``first``..``last`` (inclusive), by start then id, and
    the deliverables due in it, by day then id. Cancelled campaigns are included; their
    ``status`` says so."""
    _check_range(first, last)
    first_text, last_text = first.isoformat(), last.isoformat()
    conflicts = offer_conflicts(first, last)
    bars = [CampaignBar(row_id, name, channel, status, date.fromisoformat(start),
                        date.fromisoformat(end), _day(offer_start), _day(offer_end),
                        None if pct is None else Decimal(pct), row_id in conflicts)
            for row_id, name, channel, status, start, end, offer_start, offer_end, pct
            in db.execute_sql(_CAMPAIGNS_SQL, (last_text, first_text))]
    chips = [DeliverableChip(row_id, campaign_id, title, kind, date.fromisoformat(day), stage,
                             bool(done), owner, channel)
             for row_id, campaign_id, title, kind, day, stage, done, owner, channel
             in db.execute_sql(_DELIVERABLES_SQL, (first_text, last_text))]
    return CalendarItems(first, last, bars, chips)
