"""What each chart of the Reports page shows, as plain records (no Qt, no matplotlib).

The figures are computed by the sibling modules; these classes are what the chart functions
draw and what the CSV export writes. Money is Decimal, percentages are Decimal with one
decimal, and None means "no figure" (a ratio over nothing), never zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from smeplanner.core.attribution import CampaignROI
from smeplanner.core.metrics import MonthForecast, StageTotals


@dataclass(frozen=True)
class FunnelStage:
    """Contacts who moved into ``stage`` or further along during the period, and that count
    as a percent of the previous stage's (None for the first stage or after 0)."""

    stage: str
    label: str
    contacts: int
    conversion: Decimal | None


@dataclass(frozen=True)
class MonthRevenue:
    """Won revenue of one month and of the same month a year earlier (None: no data then)."""

    month: date
    won: Decimal
    deals: int
    year_before: Decimal | None


@dataclass(frozen=True)
class LeadSource:
    """New contacts of the period from one source (a channel key or a campaign id as text),
    and how many of them are customers now (customer or advocate); ``share`` in percent."""

    key: str
    label: str
    leads: int
    customers: int
    share: Decimal | None


@dataclass(frozen=True)
class LeadSources:
    by_channel: list[LeadSource]
    by_campaign: list[LeadSource]  # the busiest campaigns, most leads first


@dataclass(frozen=True)
class MonthCloseRate:
    """Deals closed in one month: won, lost, win rate (percent) and mean days to close of the
    won ones (see :func:`smeplanner.core.metrics.average_days_to_close`)."""

    month: date
    won: int
    lost: int
    win_rate: Decimal | None
    average_days_to_close: Decimal | None


@dataclass(frozen=True)
class LostReasonCount:
    """Lost deals of the period with one reason, most frequent first, and the running share
    of all lost deals up to and including this reason (the Pareto line), in percent."""

    reason: str
    deals: int
    amount: Decimal
    cumulative_share: Decimal


@dataclass(frozen=True)
class ProductProfit:
    """Won deal lines of one product in the period. ``product_id`` None gathers the lines
    without a product, whose cost (and so margin) is unknown."""

    product_id: int | None
    name: str
    quantity: Decimal
    revenue: Decimal  # after discount
    discount: Decimal  # list price × quantity − revenue
    cost: Decimal | None
    margin: Decimal | None
    margin_pct: Decimal | None


@dataclass(frozen=True)
class Segment:
    """Deals closed in the period for companies with one industry, size band or region."""

    key: str
    label: str
    customers: int  # distinct companies (without one: contacts) with a won deal
    won: int
    lost: int
    win_rate: Decimal | None
    won_revenue: Decimal


@dataclass(frozen=True)
class Segments:
    industry: list[Segment]
    size_band: list[Segment]
    region: list[Segment]


@dataclass(frozen=True)
class CustomerSummary:
    """Everyone who has bought (a company, else the contact of a won deal) up to the period's
    end: how many, how many bought more than once, mean won revenue each, and the customers
    (contacts in stage customer or advocate) not touched in the last 90 days."""

    customers: int
    repeat_customers: int
    repeat_rate: Decimal | None
    lifetime_value: Decimal | None
    untouched: int
    purchases: list[tuple[str, int]]  # ("1", n), ("2", n), … ("5+", n): customers by won deals


@dataclass(frozen=True)
class WeekActivity:
    """Done activities of one week (its first day per the week-start setting)."""

    week_start: date
    sales: int
    marketing: int


@dataclass(frozen=True)
class ActivityMix:
    weeks: list[WeekActivity]
    by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind → (sales, marketing)


@dataclass(frozen=True)
class Report:
    """Every chart's figures for one period, computed together (off the GUI thread)."""

    period_first: date
    period_last: date
    period_label: str
    business_name: str
    currency: str
    funnel: list[FunnelStage]
    pipeline: list[StageTotals]
    forecast: list[MonthForecast]
    revenue: list[MonthRevenue]
    lead_sources: LeadSources
    campaigns: list[CampaignROI]
    close_rates: list[MonthCloseRate]
    lost_reasons: list[LostReasonCount]
    products: list[ProductProfit]
    segments: Segments
    customers: CustomerSummary
    activity_mix: ActivityMix
