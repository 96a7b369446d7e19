"""The Reports page's chart functions, drawn headless on a bare Figure and read back."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal
from itertools import pairwise

import pytest
from matplotlib.axes import Axes
from matplotlib.colors import same_color
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from smeplanner.core.reports.data import FunnelStage, MonthRevenue, Report
from smeplanner.ui.charts.labels import (
    month_label,
    short,
)
from smeplanner.ui.charts.registry import CHARTS, GROUPS, ChartSpec, chart
from smeplanner.ui.charts.style import (
    DARK_STYLE,
    LIGHT_STYLE,
    NO_DATA,
    ChartStyle,
    bars,
)
from tests.ui.charts.conftest import empty_report, make_report

KEYS = [spec.key for spec in CHARTS]
MONEY_CHARTS = ("campaigns", "pipeline", "forecast", "revenue", "products", "segments")


def draw(key: str, report: Report, figure: Figure, style: ChartStyle = LIGHT_STYLE,
         axes: list[Axes] | None = None) -> list[Axes]:
    spec = chart(key)
    axes = axes or spec.make_axes(figure)
    spec.plot(axes, report, style)
    return axes


def render(figure: Figure) -> None:
    figure.savefig(io.BytesIO(), format="png")


def drillable(ax: Axes) -> list[Rectangle]:
    return [patch for patch in ax.patches if patch.get_gid() and patch.get_visible()]


def gids(ax: Axes) -> list[str]:
    return [patch.get_gid() for patch in drillable(ax)]


def texts(ax: Axes) -> list[str]:
    return [text.get_text() for text in ax.texts]


def tick_texts(axis_labels: list) -> list[str]:
    return [label.get_text() for label in axis_labels if label.get_text()]


def all_axes(figure: Figure) -> list[Axes]:
    return [ax for ax in figure.axes if ax.get_visible()]


# --- registry and helpers ----------------------------------------------------------------------

def test_charts_are_listed_in_page_order_with_known_groups():
    assert KEYS == ["funnel", "lead_sources", "campaigns", "pipeline", "forecast", "revenue",
                    "close_rates", "products", "segments", "customers", "activity_mix"]
    assert [key for key, _label in GROUPS] == ["marketing", "sales", "customers", "activity"]
    assert {spec.group for spec in CHARTS} <= {key for key, _label in GROUPS}
    assert chart("close_rates").width_ratios == (3, 2)
    with pytest.raises(KeyError):
        chart("nope")


@pytest.mark.parametrize("spec", CHARTS, ids=KEYS)
def test_make_axes_gives_one_axes_per_panel_on_figure_and_subfigure(spec: ChartSpec):
    figure = Figure()
    assert len(spec.make_axes(figure)) == len(spec.width_ratios)
    sub = Figure().subfigures(1, 2)[1]
    axes = spec.make_axes(sub)
    assert len(axes) == len(spec.width_ratios)
    assert all(ax.get_figure() is sub for ax in axes)


def test_short_month_label():
    assert short("Spring newsletter with a very long name") == "Spring newsletter wit…"
    assert short("Short") == "Short"
    assert short("two\nlines", 22) == "two lines"
    assert month_label(date(2025, 11, 1)) == "Nov"
    assert month_label(date(2025, 11, 1), first=True) == "Nov 25"
    assert month_label(date(2026, 1, 1)) == "Jan 26"


def test_bars_updates_same_count_and_redraws_other_count(figure):
    ax = figure.add_subplot()
    first = bars(ax, range(3), [1, 2, 3], key="a", color="red", gids=["x", "y", "z"])
    again = bars(ax, range(3), [Decimal(4), 5, None], key="a", color="blue", base=[1, 1, 1])
    assert again is first
    assert [p.get_height() for p in again.patches] == [4, 5, 0]
    assert [p.get_y() for p in again.patches] == [1, 1, 1]
    assert same_color(again.patches[0].get_facecolor(), "blue")
    side = bars(ax, range(3), [7, 8, 9], key="a", color="red", horizontal=True, width=0.5)
    assert side is first
    assert [p.get_width() for p in side.patches] == [7, 8, 9]
    assert side.patches[0].get_height() == 0.5
    other = bars(ax, range(2), [1, 2], key="a", color="red")
    assert other is not first
    assert len(ax.patches) == 2


def test_dark_and_light_styles_differ_and_keep_the_app_colours():
    assert LIGHT_STYLE.sales == "#2f6fb3"
    assert LIGHT_STYLE.marketing == "#e08a1e"
    assert DARK_STYLE.background == "#2b2b2b"
    assert DARK_STYLE.text != LIGHT_STYLE.text
    assert LIGHT_STYLE.currency == "EUR"


# --- every chart --------------------------------------------------------------------------------

@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("style", [LIGHT_STYLE, DARK_STYLE], ids=["light", "dark"])
def test_chart_draws_with_titles_labels_and_drillable_bars(key, style, report, figure):
    axes = draw(key, report, figure, style)
    render(figure)
    for ax in axes:
        assert ax.get_title(loc="left")
        assert ax.get_xlabel() and ax.get_ylabel()
        assert same_color(ax.get_facecolor(), style.background)
        title = ax.get_title(loc="left")
        (title_text,) = [t for t in ax.get_children()
                         if isinstance(t, Text) and t.get_text() == title]
        assert same_color(title_text.get_color(), style.text)
        for label in ax.get_xticklabels() + ax.get_yticklabels():
            assert same_color(label.get_color(), style.text)
    assert any(gids(ax) for ax in axes)
    for ax in axes:
        for patch in drillable(ax):
            assert patch.get_picker()


@pytest.mark.parametrize("key", MONEY_CHARTS)
def test_money_axes_show_the_currency(key, report, figure):
    axes = draw(key, report, figure)
    render(figure)
    money_ticks = [text for ax in axes for labels in (ax.get_xticklabels(), ax.get_yticklabels())
                   for text in tick_texts(labels) if "€" in text]
    assert money_ticks
    dollars = draw(key, report, Figure(), replace(LIGHT_STYLE, currency="USD"))
    dollars[0].get_figure().savefig(io.BytesIO(), format="png")
    assert any("$" in text for text in tick_texts(dollars[0].get_xticklabels())
               + tick_texts(dollars[0].get_yticklabels()))


@pytest.mark.parametrize("key", KEYS)
def test_empty_period_says_no_data_and_data_comes_back(key, report, figure):
    axes = draw(key, empty_report(), figure)
    render(figure)
    for ax in axes:
        assert NO_DATA in texts(ax)
        assert not ax.patches
        assert not ax.get_xticks().size and not ax.get_yticks().size
    assert len(figure.axes) == len(axes)  # no twin left over
    draw(key, report, figure, axes=axes)
    render(figure)
    assert all(NO_DATA not in texts(ax) for ax in axes)
    assert any(gids(ax) for ax in axes)
    draw(key, empty_report(), figure, axes=axes)
    assert all(NO_DATA in texts(ax) for ax in axes)
    assert len(figure.axes) == len(axes)


@pytest.mark.parametrize("key", KEYS)
def test_redrawing_the_same_shape_reuses_the_artists(key, report, figure):
    axes = draw(key, report, figure)
    render(figure)
    patches = [list(drillable(ax)) for ax in axes]
    labels = [len(ax.texts) for ax in axes]
    count = len(figure.axes)
    draw(key, make_report(), figure, axes=axes)
    render(figure)
    for ax, before, label_count in zip(axes, patches, labels, strict=True):
        assert all(a is b for a, b in zip(drillable(ax), before, strict=True))
        assert len(ax.texts) == label_count
    assert len(figure.axes) == count


@pytest.mark.parametrize("key", KEYS)
def test_redrawing_another_shape_draws_the_new_bar_count(key, report, figure):
    axes = draw(key, report, figure)
    short_report = make_report(6)
    draw(key, short_report, figure, axes=axes)
    render(figure)
    again = draw(key, make_report(6), Figure(figsize=(7, 4)))
    assert [gids(ax) for ax in axes] == [gids(ax) for ax in again]
    assert [texts(ax) for ax in axes] == [texts(ax) for ax in again]


def overlapping(labels: list) -> list[tuple[str, str]]:
    shown = [label for label in labels if label.get_visible() and label.get_text()]
    boxes = [(label.get_window_extent(), label.get_text()) for label in shown]
    return [(a_text, b_text) for (a, a_text), (b, b_text) in pairwise(boxes)
            if a.overlaps(b)]


@pytest.mark.parametrize("size", [(7, 4), (5.6, 3.4), (11, 3.6)], ids=["7x4", "card", "wide"])
@pytest.mark.parametrize("key", KEYS)
def test_tick_labels_do_not_overlap(key, size, report):
    figure = Figure(figsize=size, dpi=100, layout="constrained")
    draw(key, report, figure)
    render(figure)
    for ax in all_axes(figure):
        if ax.xaxis.get_visible():
            assert not overlapping(ax.get_xticklabels()), ax.get_title(loc="left")
        if ax.yaxis.get_visible():
            assert not overlapping(ax.get_yticklabels()), ax.get_title(loc="left")


@pytest.mark.parametrize("fmt", ["png", "pdf", "svg"])
def test_whole_page_renders_in_subfigures(fmt, report):
    figure = Figure(figsize=(8.3, 40), layout="constrained")
    for spec, sub in zip(CHARTS, figure.subfigures(len(CHARTS), 1), strict=True):
        spec.plot(spec.make_axes(sub), report, LIGHT_STYLE)
    figure.savefig(io.BytesIO(), format=fmt)


# --- each chart's picture --------------------------------------------------------------------

def test_funnel(report, figure):
    (ax,) = draw("funnel", report, figure)
    render(figure)
    assert gids(ax) == ["subscriber", "lead", "qualified", "opportunity", "customer", "advocate"]
    assert [p.get_width() for p in drillable(ax)] == [1234, 518, 210, 84, 31, 6]
    assert ax.yaxis_inverted()
    assert tick_texts(ax.get_yticklabels())[0] == "Subscriber"
    assert texts(ax)[:3] == ["1,234", "518 · 42.0 %", "210 · 40.5 %"]
    assert ax.get_title(loc="left") == "Funnel"
    patches = drillable(ax)
    smaller = replace(report, funnel=[replace(s, contacts=s.contacts // 2)
                                      for s in report.funnel])
    draw("funnel", smaller, figure, axes=[ax])
    assert drillable(ax) == patches
    assert [p.get_width() for p in patches] == [617, 259, 105, 42, 15, 3]
    assert texts(ax)[0] == "617"


def test_funnel_with_a_stage_less(report, figure):
    (ax,) = draw("funnel", report, figure)
    fewer = replace(report, funnel=[*report.funnel[:2],
                                    FunnelStage("customer", "Customer", 9, None)])
    draw("funnel", fewer, figure, axes=[ax])
    assert gids(ax) == ["subscriber", "lead", "customer"]
    assert len(ax.patches) == 3
    assert texts(ax) == ["1,234", "518 · 42.0 %", "9"]


def test_lead_sources(report, figure):
    channels, campaigns = draw("lead_sources", report, figure)
    render(figure)
    assert gids(channels) == ["channel:email", "channel:social", "channel:website"] * 2
    assert [p.get_width() for p in drillable(channels)] == [40, 25, 12, 5, 2, 0]
    assert "12.5 % customers" in texts(channels)
    assert set(gids(campaigns)) == {"campaign:7", "campaign:9"}
    labels = tick_texts(campaigns.get_yticklabels())
    assert labels[0].endswith("…") and len(labels[0]) <= 16
    assert [t.get_text() for t in channels.get_legend().get_texts()] == ["New leads",
                                                                         "Now customers"]


def test_campaigns(report, figure):
    (ax,) = draw("campaigns", report, figure)
    render(figure)
    assert gids(ax) == ["7", "9", "11", "7", "9", "11"]
    assert [p.get_width() for p in drillable(ax)] == [500, 2500, 150, 1200, 1800, 0]
    assert texts(ax) == ["ROI 140.0 % · €12.50/lead", "ROI -28.0 % · €312.50/lead", "ROI –"]
    assert "EUR" in ax.get_xlabel()


def test_campaign_roi_labels_stay_inside_the_narrowest_card(report):
    """At the card's minimum width (400 px) the longest label of the longest bar ran past
    the edge (and past the page of the PDF export)."""
    from tests.ui.charts.conftest import campaign

    rows = [campaign(1, "Office coffee subscription drive", "2161", "72106.43", 47,
                     "3236.7", "45.98"), campaign(2, "Newsletter", "514", "1500", 21, "191.9",
                                                  "24.48")]
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    narrow = Figure(figsize=(4.0, 3.4), dpi=100, layout="constrained")
    canvas = FigureCanvasAgg(narrow)
    (ax,) = draw("campaigns", replace(report, campaigns=rows), narrow)
    canvas.draw()
    renderer = canvas.get_renderer()
    right = ax.get_window_extent(renderer).x1
    for label in [t for t in ax.texts if t.get_text().startswith("ROI")]:
        assert label.get_window_extent(renderer).x1 <= right + 1, label.get_text()


def test_pipeline(report, figure):
    (ax,) = draw("pipeline", report, figure)
    render(figure)
    assert gids(ax) == ["1", "2", "3", "4"] * 2
    assert [p.get_height() for p in drillable(ax)] == [24000, 18000, 15500.5, 4000,
                                                       2400, 5400, 9300.3, 3200]
    assert texts(ax) == ["12 deals", "8 deals", "5 deals", "1 deal"]
    assert tick_texts(ax.get_xticklabels())[2] == "Proposal\nsent"
    assert all("€" in text for text in tick_texts(ax.get_yticklabels()))


def test_forecast(report, figure):
    (ax,) = draw("forecast", report, figure)
    render(figure)
    won = [p for p in drillable(ax) if p.get_y() == 0]
    assert [p.get_height() for p in won] == [1000 * (i + 1) for i in range(12)]
    weighted = drillable(ax)[12:]
    assert [p.get_y() for p in weighted] == [1000 * (i + 1) for i in range(12)]
    assert [p.get_height() for p in weighted] == [500 + 100 * i for i in range(12)]
    assert gids(ax)[:2] == ["2024-12", "2025-01"]
    outline = [p for p in ax.patches if not p.get_fill()]
    assert [p.get_height() for p in outline] == [2500 + 1200 * i for i in range(12)]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Won", "Weighted open", "Best case", "Goal"]
    goal = ax.get_lines()[0]
    assert list(goal.get_ydata()[:2]) == [2000, 2000]
    no_goals = replace(report, forecast=[replace(m, goal=None) for m in report.forecast])
    draw("forecast", no_goals, figure, axes=[ax])
    assert "Goal" not in [t.get_text() for t in ax.get_legend().get_texts()]


def test_revenue(report, figure):
    (ax,) = draw("revenue", report, figure)
    render(figure)
    assert [p.get_height() for p in drillable(ax)] == [800 * (i % 5) + 300 for i in range(12)]
    assert gids(ax)[0] == "2024-12"
    assert tick_texts(ax.get_xticklabels())[:3] == ["Dec\n24", "Jan\n25", "Feb"]
    prior = ax.get_lines()[0]
    assert prior.get_marker() == "o"
    assert str(prior.get_ydata()[0]) == "nan"
    assert "Same month a year earlier" in [t.get_text() for t in ax.get_legend().get_texts()]
    patches = drillable(ax)
    more = replace(report, revenue=[MonthRevenue(m.month, m.won * 2, m.deals, None)
                                    for m in report.revenue])
    draw("revenue", more, figure, axes=[ax])
    assert drillable(ax) == patches
    assert [p.get_height() for p in patches] == [1600 * (i % 5) + 600 for i in range(12)]
    assert ax.get_ylim()[1] >= 3800 * 2


def test_close_rates(report, figure):
    rates, reasons = draw("close_rates", report, figure)
    render(figure)
    assert gids(rates)[:2] == ["month:2024-12", "month:2025-01"]
    assert [p.get_height() for p in drillable(rates)][:4] == [0, 25, 50, 75]
    assert tick_texts(rates.get_yticklabels())[-1] == "100 %"
    days_axis = [ax for ax in figure.axes if ax not in (rates, reasons)
                 and ax.get_ylabel() == "Days to close"]
    assert len(days_axis) == 1
    assert gids(reasons) == ["reason:Price too high", "reason:Went with a competitor",
                             "reason:No reason given"]
    assert [p.get_width() for p in drillable(reasons)] == [9, 6, 5]
    share_axis = [ax for ax in figure.axes if ax.get_xlabel() == "Cumulative share"]
    assert list(share_axis[0].get_lines()[0].get_xdata()) == [45, 75, 100]
    assert tick_texts(reasons.get_yticklabels())[1] == "Went with a compe…"


def test_products(report, figure):
    (ax,) = draw("products", report, figure)
    render(figure)
    assert set(gids(ax)) == {"product:1", "product:2", "product:none"}
    revenue = drillable(ax)[:3]
    assert [p.get_width() for p in revenue] == [2400, 1500, 600]
    margins = ax.patches[3:6]
    assert [p.get_width() for p in margins[:2]] == [1500, -200]
    assert same_color(margins[1].get_facecolor(), LIGHT_STYLE.negative)
    assert not margins[2].get_visible()
    assert texts(ax) == ["margin 62.5 %", "margin -13.3 %", "margin –"]
    assert ax.get_xlim()[0] < -200


def test_segments(report, figure):
    industry, size_band, region = draw("segments", report, figure)
    render(figure)
    assert gids(industry) == ["industry:Retail", "industry:Hospitality", "industry:Not set"]
    assert gids(size_band) == ["size_band:10-49", "size_band:1"]
    assert gids(region) == ["region:North", "region:South"]
    assert [p.get_width() for p in drillable(industry)] == [5200, 2100, 300]
    assert texts(industry)[0] == "3 customers · win rate 66.7 %"
    assert texts(industry)[2] == "1 customer · win rate 100.0 %"


def test_customers(report, figure):
    (ax,) = draw("customers", report, figure)
    render(figure)
    assert gids(ax) == ["purchases:1", "purchases:2", "purchases:3", "purchases:4",
                        "purchases:5+"]
    assert [p.get_height() for p in drillable(ax)] == [18, 3, 2, 0, 1]
    assert tick_texts(ax.get_xticklabels()) == ["1", "2", "3", "4", "5+"]
    assert ax.get_xlabel() == "Won deals per customer"
    assert ax.get_ylabel() == "Customers"
    (box,) = [text for text in ax.texts if text.get_gid() == "untouched"]
    assert box.get_picker()
    assert "Repeat purchase rate: 25.0 %" in box.get_text()
    assert "€1.2k" in box.get_text()
    assert "7 customer contacts not touched in 90 days" in box.get_text()


def test_activity_mix(report, figure):
    weeks, kinds = draw("activity_mix", report, figure)
    render(figure)
    week_gids = gids(weeks)
    assert week_gids[0] == "week:2024-12-02"
    count = len(report.activity_mix.weeks)
    sales, marketing = drillable(weeks)[:count], drillable(weeks)[count:]
    assert [p.get_height() for p in sales] == [w.sales for w in report.activity_mix.weeks]
    assert [p.get_y() for p in marketing] == [w.sales for w in report.activity_mix.weeks]
    labels = tick_texts(weeks.get_xticklabels())
    assert labels[0] == "2 Dec"
    assert 1 < len(labels) < count
    assert gids(kinds)[:4] == ["kind:email", "kind:call", "kind:task", "kind:meeting"]
    assert tick_texts(kinds.get_yticklabels())[0] == "Email"
    assert same_color(sales[0].get_facecolor(), LIGHT_STYLE.sales)
    assert same_color(marketing[0].get_facecolor(), LIGHT_STYLE.marketing)


@pytest.mark.parametrize("key", KEYS)
def test_redrawing_in_the_dark_style_recolours_the_same_artists(key, report, figure):
    axes = draw(key, report, figure, LIGHT_STYLE)
    patches = [drillable(ax) for ax in axes]
    draw(key, report, figure, DARK_STYLE, axes=axes)
    render(figure)
    for ax, before in zip(axes, patches, strict=True):
        assert drillable(ax) == before
        assert same_color(ax.get_facecolor(), DARK_STYLE.background)
        for label in ax.get_xticklabels() + ax.get_yticklabels():
            assert same_color(label.get_color(), DARK_STYLE.text)
        for text in ax.texts:
            assert not same_color(text.get_color(), LIGHT_STYLE.text)
        legend = ax.get_legend()
        if legend is not None:
            assert same_color(legend.get_frame().get_facecolor()[:3], DARK_STYLE.background)
