"""The product, customer and activity charts of the Reports page."""

from __future__ import annotations

from matplotlib.axes import Axes

from smeplanner.core.reports.data import Report, Segment
from smeplanner.core.vocabulary import ACTIVITY_LABELS
from smeplanner.ui.charts.labels import (
    count_text,
    money_text,
    number,
    percent_text,
    short,
    week_label,
)
from smeplanner.ui.charts.style import (
    ChartStyle,
    bars,
    begin,
    category_axis,
    legend,
    legend_room,
    money_axis,
    no_data,
    note,
    prepare,
    value_limits,
)

TOP_PRODUCTS = 10
TOP_SEGMENTS = 8
_DIMENSIONS = (("industry", "Industry", "Segments by industry"),
               ("size_band", "Size band", "By size band"),
               ("region", "Region", "By region"))


def _plural(count: int, word: str) -> str:
    return f"{count_text(count)} {word}{'' if count == 1 else 's'}"


def plot_products(axes: list[Axes], report: Report, style: ChartStyle) -> None:
    """Revenue, margin and discount of the best-selling products, with the margin in %."""
    ax, title = axes[0], "Product profitability"
    products = sorted(report.products, key=lambda p: p.revenue, reverse=True)[:TOP_PRODUCTS]
    if not any(p.revenue or p.discount for p in products):
        no_data(ax, style, title=title)
        return
    count = len(products)
    begin(ax, ("products", count))
    prepare(ax, style, title, f"Amount ({style.currency})", "Product", value_axis="x")
    gids = [f"product:{'none' if p.product_id is None else p.product_id}" for p in products]
    positions = range(count)
    revenue = bars(ax, positions, [p.revenue for p in products], key="revenue",
                   horizontal=True, width=0.26, offset=-0.27, color=style.accent, gids=gids)
    margin = bars(ax, positions, [p.margin for p in products], key="margin", horizontal=True,
                  width=0.26, color=[style.negative if p.margin is not None and p.margin < 0
                                     else style.won for p in products], gids=gids)
    for rect, product in zip(margin.patches, products, strict=True):
        rect.set_visible(product.margin is not None)
    discount = bars(ax, positions, [p.discount for p in products], key="discount",
                    horizontal=True, width=0.26, offset=0.27,
                    color=style.kind_colors[3 % len(style.kind_colors)], gids=gids)
    category_axis(ax, [short(p.name, 18) for p in products], "y", extra=legend_room(count))
    money_axis(ax, style, "x")
    ends = [max(number(p.revenue), number(p.discount), number(p.margin or 0)) for p in products]
    value_limits(ax, ends + [number(p.margin or 0) for p in products], "x", fill=0.75)
    for index, (product, end) in enumerate(zip(products, ends, strict=True)):
        note(ax, style, f"margin {percent_text(product.margin_pct)}", (end, index),
             offset=(3, 0), ha="left", va="center")
    legend(ax, style, [revenue, margin, discount], ["Revenue", "Margin", "Discount"],
           loc="lower right")


def _plot_segment(ax: Axes, style: ChartStyle, segments: list[Segment], dimension: str,
                  ylabel: str, title: str, color: str) -> None:
    segments = sorted(segments, key=lambda s: s.won_revenue, reverse=True)[:TOP_SEGMENTS]
    if not any(s.won or s.lost or s.won_revenue for s in segments):
        no_data(ax, style, title=title)
        return
    count = len(segments)
    begin(ax, (dimension, count))
    prepare(ax, style, title, f"Won revenue ({style.currency})", ylabel, value_axis="x")
    revenue = [s.won_revenue for s in segments]
    bars(ax, range(count), revenue, key="won_revenue", horizontal=True, width=0.42,
         color=color, gids=[f"{dimension}:{s.key}" for s in segments])
    category_axis(ax, [short(s.label, 14) for s in segments], "y")
    money_axis(ax, style, "x")
    value_limits(ax, [number(r) for r in revenue], "x", fill=0.95)
    # Each bar's figures go just above it: a whole panel's width has room for them.
    for index, segment in enumerate(segments):
        note(ax, style, f"{_plural(segment.customers, 'customer')} · win rate "
                        f"{percent_text(segment.win_rate)}",
             (0, index - 0.23), offset=(2, 0), ha="left", va="bottom",
             xycoords=ax.get_yaxis_transform(), color=style.muted)


def plot_segments(axes: list[Axes], report: Report, style: ChartStyle) -> None:
    """Won revenue by industry, size band and region, with customers and win rate."""
    colors = style.kind_colors
    for index, (ax, (dimension, label, title)) in enumerate(zip(axes, _DIMENSIONS,
                                                                  strict=True)):
        _plot_segment(ax, style, getattr(report.segments, dimension), dimension, label, title,
                      colors[index % len(colors)])


def plot_customers(axes: list[Axes], report: Report, style: ChartStyle) -> None:
    """Customers by number of won deals, with repeat rate, lifetime value and neglect."""
    ax, title = axes[0], "Customers"
    summary = report.customers
    buckets = summary.purchases
    if not (summary.customers or summary.untouched or any(n for _b, n in buckets)):
        no_data(ax, style, title=title)
        return
    begin(ax, ("customers", len(buckets)))
    prepare(ax, style, title, "Won deals per customer", "Customers")
    counts = [n for _bucket, n in buckets]
    bars(ax, range(len(buckets)), counts, key="purchases", width=0.6, color=style.accent,
         gids=[f"purchases:{bucket}" for bucket, _n in buckets])
    category_axis(ax, [bucket for bucket, _n in buckets])
    value_limits(ax, counts, fill=0.66)
    for index, n in enumerate(counts):
        note(ax, style, count_text(n), (index, n))
    value = ("–" if summary.lifetime_value is None
             else money_text(summary.lifetime_value, style.currency))
    facts = (f"Repeat purchase rate: {percent_text(summary.repeat_rate)}\n"
             f"Average lifetime value: {value}\n"
             # People at the customer stage (the bars count buying companies or people).
             f"{_plural(summary.untouched, 'customer contact')} not touched in 90 days")
    note(ax, style, facts, (0.98, 0.97), xycoords="axes fraction", offset=(0, 0), ha="right",
         va="top", gid="untouched", picker=True,
         bbox={"boxstyle": "round,pad=0.4", "facecolor": style.background,
               "edgecolor": style.grid})


def _plot_weeks(ax: Axes, report: Report, style: ChartStyle) -> None:
    title = "Activity mix by week"
    weeks = report.activity_mix.weeks
    if not any(w.sales or w.marketing for w in weeks):
        no_data(ax, style, title=title)
        return
    count = len(weeks)
    begin(ax, ("weeks", count))
    prepare(ax, style, title, "Week starting", "Done activities")
    gids = [f"week:{w.week_start.isoformat()}" for w in weeks]
    sales = bars(ax, range(count), [w.sales for w in weeks], key="sales", width=0.75,
                 color=style.sales, gids=gids)
    marketing = bars(ax, range(count), [w.marketing for w in weeks], key="marketing",
                     width=0.75, base=[w.sales for w in weeks], color=style.marketing,
                     gids=gids)
    category_axis(ax, [week_label(w.week_start) for w in weeks])
    value_limits(ax, [w.sales + w.marketing for w in weeks], fill=0.8)
    legend(ax, style, [sales, marketing], ["Sales", "Marketing"])


def _plot_kinds(ax: Axes, report: Report, style: ChartStyle) -> None:
    title = "By kind"
    kinds = sorted(((kind, sales, marketing)
                    for kind, (sales, marketing) in report.activity_mix.by_kind.items()
                    if sales or marketing), key=lambda row: row[1] + row[2], reverse=True)
    if not kinds:
        no_data(ax, style, title=title)
        return
    count = len(kinds)
    begin(ax, ("kinds", count))
    prepare(ax, style, title, "Done activities", "Kind", value_axis="x")
    gids = [f"kind:{kind}" for kind, _s, _m in kinds]
    bars(ax, range(count), [s for _k, s, _m in kinds], key="sales", horizontal=True,
         width=0.6, color=style.sales, gids=gids)
    bars(ax, range(count), [m for _k, _s, m in kinds], key="marketing", horizontal=True,
         width=0.6, base=[s for _k, s, _m in kinds], color=style.marketing, gids=gids)
    category_axis(ax, [ACTIVITY_LABELS.get(kind, kind.title()) for kind, _s, _m in kinds],
                  "y")
    value_limits(ax, [s + m for _k, s, m in kinds], "x", fill=0.9)


def plot_activity_mix(axes: list[Axes], report: Report, style: ChartStyle) -> None:
    """Done sales and marketing activities per week (left) and per kind (right)."""
    _plot_weeks(axes[0], report, style)
    _plot_kinds(axes[1], report, style)
