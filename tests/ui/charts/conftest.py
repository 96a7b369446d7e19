"""Chart test set-up: a hand-made 12-month report and a bare matplotlib figure (no Qt)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from matplotlib.figure import Figure

from smeplanner.core.attribution import CampaignROI
from smeplanner.core.metrics import MonthForecast, StageTotals
from smeplanner.core.reports.data import (
    ActivityMix,
    CustomerSummary,
    FunnelStage,
    LeadSource,
    LeadSources,
    LostReasonCount,
    MonthCloseRate,
    MonthRevenue,
    ProductProfit,
    Report,
    Segment,
    Segments,
    WeekActivity,
)
from smeplanner.ui.charts.style import LIGHT_STYLE, ChartStyle

FIRST_MONTH = date(2024, 12, 1)


def months(count: int = 12, first: date = FIRST_MONTH) -> list[date]:
    result = [first]
    while len(result) < count:
        last = result[-1]
        result.append(date(last.year + last.month // 12, last.month % 12 + 1, 1))
    return result


def campaign(campaign_id: int, name: str, spend: str, revenue: str, leads: int,
             roi: str | None, cost_per_lead: str | None) -> CampaignROI:
    return CampaignROI(
        campaign_id=campaign_id, name=name, channel="email", status="active",
        start=FIRST_MONTH, end=FIRST_MONTH + timedelta(days=60), budget=Decimal(spend),
        spend=Decimal(spend), leads=leads, qualified_leads=leads // 2, deals=leads // 4,
        won_deals=leads // 8, won_revenue=Decimal(revenue),
        cost_per_lead=None if cost_per_lead is None else Decimal(cost_per_lead),
        cost_per_acquisition=None, roi=None if roi is None else Decimal(roi),
        revenue_per_spend=None)


def segment(key: str, customers: int, won: int, lost: int, revenue: str) -> Segment:
    rate = None if not won + lost else (Decimal(won * 100) / (won + lost)).quantize(
        Decimal("0.1"))
    return Segment(key, key, customers, won, lost, rate, Decimal(revenue))


def make_report(month_count: int = 12) -> Report:
    """A busy report over ``month_count`` months starting December 2024."""
    dates = months(month_count)
    weeks = [date(2024, 12, 2) + timedelta(weeks=i) for i in range(month_count * 52 // 12)]
    return Report(
        period_first=dates[0], period_last=date(dates[-1].year, dates[-1].month, 28),
        period_label="Last 12 months", business_name="Blue Door Bakery", currency="EUR",
        funnel=[FunnelStage("subscriber", "Subscriber", 1234, None),
                FunnelStage("lead", "Lead", 518, Decimal("42.0")),
                FunnelStage("qualified", "Qualified", 210, Decimal("40.5")),
                FunnelStage("opportunity", "Opportunity", 84, Decimal("40.0")),
                FunnelStage("customer", "Customer", 31, Decimal("36.9")),
                FunnelStage("advocate", "Advocate", 6, Decimal("19.4"))],
        pipeline=[StageTotals(1, "New", "open", 10, 12, Decimal("24000"), Decimal("2400")),
                  StageTotals(2, "Qualified", "open", 30, 8, Decimal("18000"), Decimal("5400")),
                  StageTotals(3, "Proposal sent", "open", 60, 5, Decimal("15500.50"),
                              Decimal("9300.30")),
                  StageTotals(4, "Negotiation", "open", 80, 1, Decimal("4000"),
                              Decimal("3200"))],
        forecast=[MonthForecast(d, Decimal(1000 * (i + 1)), Decimal(500 + 100 * i),
                                Decimal(2500 + 1200 * i),
                                None if i % 4 == 3 else Decimal(2000 + 900 * i))
                  for i, d in enumerate(dates)],
        revenue=[MonthRevenue(d, Decimal(800 * (i % 5) + 300), i % 5 + 1,
                              None if i < 2 else Decimal(700 * (i % 3) + 250))
                 for i, d in enumerate(dates)],
        lead_sources=LeadSources(
            by_channel=[LeadSource("email", "Email", 40, 5, Decimal("12.5")),
                        LeadSource("social", "Social", 25, 2, Decimal("8.0")),
                        LeadSource("website", "Website", 12, 0, Decimal("0.0"))],
            by_campaign=[LeadSource("7", "Spring newsletter with a very long name", 20, 4,
                                    Decimal("20.0")),
                         LeadSource("9", "Trade fair", 8, 1, Decimal("12.5"))]),
        campaigns=[campaign(7, "Spring newsletter", "500", "1200", 40, "140.0", "12.50"),
                   campaign(9, "Trade fair", "2500", "1800", 8, "-28.0", "312.50"),
                   campaign(11, "Flyers", "150", "0", 0, None, None)],
        close_rates=[MonthCloseRate(d, i % 4, 2, None if i == 5 else Decimal(25 * (i % 4)),
                                    None if i % 4 == 0 else Decimal(10 + i))
                     for i, d in enumerate(dates)],
        lost_reasons=[LostReasonCount("Price too high", 9, Decimal("9000"), Decimal("45.0")),
                      LostReasonCount("Went with a competitor", 6, Decimal("7000"),
                                      Decimal("75.0")),
                      LostReasonCount("No reason given", 5, Decimal("1000"), Decimal("100.0"))],
        products=[ProductProfit(1, "Wedding cake", Decimal(4), Decimal("2400"), Decimal("100"),
                                Decimal("900"), Decimal("1500"), Decimal("62.5")),
                  ProductProfit(2, "Catering box", Decimal(10), Decimal("1500"), Decimal("0"),
                                Decimal("1700"), Decimal("-200"), Decimal("-13.3")),
                  ProductProfit(None, "Other lines", Decimal(3), Decimal("600"),
                                Decimal("50"), None, None, None)],
        segments=Segments(
            industry=[segment("Retail", 3, 4, 2, "5200"), segment("Hospitality", 2, 2, 3, "2100"),
                      segment("Not set", 1, 1, 0, "300")],
            size_band=[segment("1", 2, 2, 1, "1200"), segment("10-49", 4, 5, 4, "6400")],
            region=[segment("North", 5, 6, 3, "7000"), segment("South", 1, 1, 2, "600")]),
        customers=CustomerSummary(customers=24, repeat_customers=6,
                                  repeat_rate=Decimal("25.0"), lifetime_value=Decimal("1234.5"),
                                  untouched=7, purchases=[("1", 18), ("2", 3), ("3", 2),
                                                          ("4", 0), ("5+", 1)]),
        activity_mix=ActivityMix(
            weeks=[WeekActivity(w, 3 + i % 4, i % 3) for i, w in enumerate(weeks)],
            by_kind={"call": (30, 2), "email": (20, 25), "meeting": (8, 1), "task": (5, 9)}))


def empty_report() -> Report:
    """The same period with nothing in it: zeros, empty lists and no figures."""
    report = make_report()
    return replace(
        report, funnel=[replace(s, contacts=0, conversion=None) for s in report.funnel],
        pipeline=[], forecast=[MonthForecast(m.month, Decimal(0), Decimal(0), Decimal(0), None)
                               for m in report.forecast],
        revenue=[MonthRevenue(m.month, Decimal(0), 0, None) for m in report.revenue],
        lead_sources=LeadSources([], []), campaigns=[],
        close_rates=[MonthCloseRate(m.month, 0, 0, None, None) for m in report.close_rates],
        lost_reasons=[], products=[], segments=Segments([], [], []),
        customers=CustomerSummary(0, 0, None, None, 0,
                                  [(b, 0) for b in ("1", "2", "3", "4", "5+")]),
        activity_mix=ActivityMix([WeekActivity(w.week_start, 0, 0)
                                  for w in report.activity_mix.weeks], {}))


@pytest.fixture
def report() -> Report:
    return make_report()


@pytest.fixture
def style() -> ChartStyle:
    return LIGHT_STYLE


@pytest.fixture
def figure() -> Figure:
    return Figure(figsize=(7, 4), dpi=100)
