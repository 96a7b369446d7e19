"""Marketing figures of a period: the lifecycle funnel, where leads come from, campaign returns."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from smeplanner.core.attribution import CampaignROI, roi_table
from smeplanner.core.models import db
from smeplanner.core.reports.data import FunnelStage, LeadSource, LeadSources
from smeplanner.core.reports.period import ReportPeriod
from smeplanner.core.vocabulary import LIFECYCLE_LABELS, LIFECYCLE_STAGES, SOURCE_LABELS

# The AIDA + loyalty funnel, in order; disqualified is a way out, not a step.
FUNNEL_STAGES = tuple(stage for stage in LIFECYCLE_STAGES if stage != "disqualified")
CUSTOMER_STAGES = ("customer", "advocate")
TOP_CAMPAIGNS = 10
_TENTH = Decimal("0.1")


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` / ``whole`` as a percent with one decimal (half up); None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(_TENTH, rounding=ROUND_HALF_UP)


_DEPTH = " ".join(f"WHEN '{stage}' THEN {n}" for n, stage in enumerate(FUNNEL_STAGES))
# Per contact moved along the funnel in the period: how far it got then ("during"), and how
# far it had got before ("before"; NULL: not at all).
REACHED_BY_CONTACT_SQL = (
    "SELECT p.contact_id, p.during, "
    "  (SELECT MAX(CASE b.to_stage " + _DEPTH + " END) FROM lifecycle_change b "
    "  WHERE b.contact_id = p.contact_id AND b.changed_at < ?) AS before "
    "FROM (SELECT contact_id, MAX(CASE to_stage " + _DEPTH + " END) AS during "
    "  FROM lifecycle_change WHERE changed_at >= ? AND changed_at < ? GROUP BY contact_id) p "
    "WHERE p.during IS NOT NULL")


def reached_in(period: ReportPeriod) -> dict[tuple[int, int], int]:
    """How many contacts got how far along the funnel in the period, from where they were
    before it: {(depth during, depth before or -1): contacts}."""
    low, high = period.utc_range()
    rows = db.execute_sql(f"SELECT during, coalesce(before, -1), COUNT(*) "
                          f"FROM ({REACHED_BY_CONTACT_SQL}) GROUP BY 1, 2", (low, low, high))
    return {(during, before): count for during, before, count in rows}


def funnel(period: ReportPeriod) -> list[FunnelStage]:
    """For each funnel stage, the distinct contacts who reached it during the period: moved
    into it or one further along (a contact who skips a stage, say from lead straight to
    opportunity, passed through it) and had not got that far before the period. Each
    stage's count is also a percent of the stage before. The counts never grow down the
    funnel."""
    reached = reached_in(period)
    result: list[FunnelStage] = []
    previous: int | None = None
    for n, stage in enumerate(FUNNEL_STAGES):
        count = sum(contacts for (during, before), contacts in reached.items()
                    if during >= n > before)
        conversion = None if previous is None else percent(count, previous)
        result.append(FunnelStage(stage, LIFECYCLE_LABELS[stage], count, conversion))
        previous = count
    return result


def lead_sources(period: ReportPeriod, top: int = TOP_CAMPAIGNS) -> LeadSources:
    """Contacts created in the period by their source channel (every channel with a lead,
    most leads first; blank as "Not recorded") and by source campaign (the ``top`` campaigns
    with most leads), with how many of them are customers or advocates now."""
    low, high = period.utc_range()
    customer = ", ".join(f"'{stage}'" for stage in CUSTOMER_STAGES)
    channel_rows = db.execute_sql(
        f"SELECT source_channel, COUNT(*), COALESCE(SUM(lifecycle_stage IN ({customer})), 0) "
        f"FROM contact WHERE created_at >= ? AND created_at < ? "
        f"GROUP BY source_channel ORDER BY 2 DESC, 1", (low, high)).fetchall()
    by_channel = [LeadSource(key, SOURCE_LABELS.get(key, key or "Not recorded"), leads,
                             customers, percent(customers, leads))
                  for key, leads, customers in channel_rows]
    campaign_rows = db.execute_sql(
        f"SELECT c.source_campaign_id, k.name, COUNT(*), "
        f"       COALESCE(SUM(c.lifecycle_stage IN ({customer})), 0) "
        f"FROM contact c JOIN campaign k ON k.id = c.source_campaign_id "
        f"WHERE c.created_at >= ? AND c.created_at < ? "
        f"GROUP BY c.source_campaign_id ORDER BY 3 DESC, 2 LIMIT ?", (low, high, top)).fetchall()
    by_campaign = [LeadSource(str(campaign_id), name, leads, customers,
                              percent(customers, leads))
                   for campaign_id, name, leads, customers in campaign_rows]
    return LeadSources(by_channel, by_campaign)


def campaign_returns(period: ReportPeriod, top: int = TOP_CAMPAIGNS) -> list[CampaignROI]:
    """The campaigns that spent or won most in the period (spend, then won revenue, largest
    first), with their figures for the period (see :mod:`smeplanner.core.attribution`)."""
    rows = [row for row in roi_table(period.first, period.last)
            if row.spend or row.won_revenue]
    rows.sort(key=lambda row: (-row.spend, -row.won_revenue, row.name))
    return rows[:top]
