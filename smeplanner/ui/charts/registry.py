"""The Reports page's charts in page order: key, title, group, panels and plot function."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure

from smeplanner.core.reports.data import Report
from smeplanner.ui.charts.customers import (
    plot_activity_mix,
    plot_customers,
    plot_products,
    plot_segments,
)
from smeplanner.ui.charts.marketing import plot_campaigns, plot_funnel, plot_lead_sources
from smeplanner.ui.charts.sales import (
    plot_close_rates,
    plot_forecast,
    plot_pipeline,
    plot_revenue,
)
from smeplanner.ui.charts.style import ChartStyle


@dataclass(frozen=True)
class ChartSpec:
    """One chart: ``plot`` draws a report on the Axes that :meth:`make_axes` makes, one per
    panel, side by side with ``width_ratios``; the key names it for drill-down and export."""

    key: str
    title: str
    group: str
    width_ratios: tuple[float, ...]
    plot: Callable[[list[Axes], Report, ChartStyle], None]

    def make_axes(self, figure: Figure | SubFigure) -> list[Axes]:
        grid = figure.subplots(1, len(self.width_ratios), width_ratios=self.width_ratios,
                               squeeze=False)
        return list(grid.flat)


GROUPS: tuple[tuple[str, str], ...] = (("marketing", "Marketing"), ("sales", "Sales"),
                                       ("customers", "Products and customers"),
                                       ("activity", "Activity"))

CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec("funnel", "Funnel", "marketing", (1,), plot_funnel),
    ChartSpec("lead_sources", "Lead sources", "marketing", (1, 1), plot_lead_sources),
    ChartSpec("campaigns", "Campaign ROI", "marketing", (1,), plot_campaigns),
    ChartSpec("pipeline", "Pipeline by stage", "sales", (1,), plot_pipeline),
    ChartSpec("forecast", "Forecast vs goal", "sales", (1,), plot_forecast),
    ChartSpec("revenue", "Revenue trend", "sales", (1,), plot_revenue),
    ChartSpec("close_rates", "Win rate and sales cycle", "sales", (3, 2), plot_close_rates),
    ChartSpec("products", "Product profitability", "customers", (1,), plot_products),
    ChartSpec("segments", "Segments", "customers", (1, 1, 1), plot_segments),
    ChartSpec("customers", "Customers", "customers", (1,), plot_customers),
    ChartSpec("activity_mix", "Activity mix", "activity", (3, 1), plot_activity_mix),
)

_BY_KEY = {spec.key: spec for spec in CHARTS}


def chart(key: str) -> ChartSpec:
    """The chart called ``key``; KeyError for an unknown one."""
    return _BY_KEY[key]
