"""The Reports page's figures: every chart's numbers for a period, and the records behind a bar.

:func:`build_report` computes them all in one go (the page runs it off the GUI thread);
``drill`` lists what one bar counted; ``tables`` turns a chart's figures into CSV rows.
"""

from __future__ import annotations

from datetime import date

from smeplanner.core import metrics, settings
from smeplanner.core.reports.customers import activity_mix, customer_summary, segments
from smeplanner.core.reports.data import Report
from smeplanner.core.reports.marketing import campaign_returns, funnel, lead_sources
from smeplanner.core.reports.period import ReportPeriod, custom_period, preset_period
from smeplanner.core.reports.sales import (
    close_rates,
    lost_reasons,
    product_profitability,
    revenue_trend,
)

__all__ = ["Report", "ReportPeriod", "build_report", "custom_period", "preset_period"]


def build_report(period: ReportPeriod, today: date | None = None) -> Report:
    """Every chart's figures for ``period``; the pipeline is as it stands now."""
    months = period.months
    return Report(
        period_first=period.first, period_last=period.last, period_label=period.label,
        business_name=settings.get("business_name"), currency=settings.get("currency"),
        funnel=funnel(period),
        pipeline=metrics.pipeline_by_stage(),
        forecast=metrics.forecast(months[0], len(months), today=today),
        revenue=revenue_trend(period),
        lead_sources=lead_sources(period),
        campaigns=campaign_returns(period),
        close_rates=close_rates(period),
        lost_reasons=lost_reasons(period),
        products=product_profitability(period),
        segments=segments(period),
        customers=customer_summary(period, today),
        activity_mix=activity_mix(period))
