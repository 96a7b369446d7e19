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


def funnel(period: ReportPeriod) -> list[FunnelStage]:
    """For each funnel stage, the distinct contacts whose lifecycle history records a move
    during the period into that stage or one further along (a contact who skips a stage, say
    from lead straight to opportunity, passed through it), and each stage's count as a percent
    of the stage before. So the counts never grow down the funnel."""
    low, high = period.utc_range()
    depth = " ".join(f"WHEN '{stage}' THEN {n}" for n, stage in enumerate(FUNNEL_STAGES))
    furthest = dict(db.execute_sql(
        f"SELECT furthest, COUNT(*) FROM (SELECT MAX(CASE to_stage {depth} END) AS furthest "
        f"  FROM lifecycle_change WHERE changed_at >= ? AND changed_at < ? "
        f"  GROUP BY contact_id) WHERE furthest IS NOT NULL GROUP BY furthest",
        (low, high)).fetchall())
    result: list[FunnelStage] = []
    previous: int | None = None
    for n, stage in enumerate(FUNNEL_STAGES):
        count = sum(contacts for deepest, contacts in furthest.items() if deepest >= n)
        conversion = None if previous is None else percent(count, previous)
        result.append(FunnelStage(stage, LIFECYCLE_LABELS[stage], count, conversion))
        previous = count
    return result


def stages_from(stage: str) -> tuple[str, ...]:
    """``stage`` and the funnel stages after it."""
    return FUNNEL_STAGES[FUNNEL_STAGES.index(stage):]


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
