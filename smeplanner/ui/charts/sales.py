"""The sales charts of the Reports page: pipeline, forecast, revenue trend and close rates."""

from __future__ import annotations

import math
import textwrap

from matplotlib.axes import Axes
from matplotlib.ticker import FixedLocator

from smeplanner.core.reports.data import LostReasonCount, MonthCloseRate, Report
from smeplanner.ui.charts.labels import (
    month_key,
    month_ticks,
    number,
    short,
)
from smeplanner.ui.charts.style import (
    LABEL_SIZE,
    ChartStyle,
    bars,
    begin,
    category_axis,
    count_axis,
    legend,
    legend_room,
    line,
    money_axis,
    no_data,
    note,
    percent_axis,
    prepare,
    twin,
    value_limits,
)


def plot_pipeline(axes: list[Axes], report: Report, style: ChartStyle) -> None:
    """Open deal value per stage, plain and weighted by the stage's probability."""
    ax, title = axes[0], "Pipeline by stage"
    stages = report.pipeline
    if not any(stage.count or stage.amount for stage in stages):
        no_data(ax, style, title=title)
        return
    count = len(stages)
    begin(ax, ("pipeline", count))
    prepare(ax, style, title, "Stage", f"Open deal value ({style.currency})")
    gids = [str(stage.stage_id) for stage in stages]
    positions = range(count)
    amount = bars(ax, positions, [stage.amount for stage in stages], key="amount", width=0.38,
                  offset=-0.2, color=style.accent, gids=gids)
    weighted = bars(ax, positions, [stage.weighted for stage in stages], key="weighted",
                    width=0.38, offset=0.2, color=style.weighted, gids=gids)
    category_axis(ax, [textwrap.fill(short(stage.name, 24), 12) for stage in stages])
    money_axis(ax, style)
    tops = [max(number(stage.amount), number(stage.weighted)) for stage in stages]
    value_limits(ax, tops, fill=0.75)
    for index, (stage, top) in enumerate(zip(stages, tops, strict=True)):
        note(ax, style, f"{stage.count} deal" + ("" if stage.count == 1 else "s"),
             (index, top))
    legend(ax, style, [amount, weighted], ["Amount", "Weighted by probability"],
           loc="upper right")


def _segments(values: list[float | None], half_width: float = 0.45) -> tuple[list, list]:
    """A short level line over each category (a gap where the value is None)."""
    xs: list[float] = []
    ys: list[float | None] = []
    for index, value in enumerate(values):
        xs += [index - half_width, index + half_width, math.nan]
        ys += [value, value, None]
    return xs, ys


def plot_forecast(axes: list[Axes], report: Report, style: ChartStyle) -> None:
    """Won plus weighted open revenue per month, against the best case and the goal."""
    ax, title = axes[0], "Forecast vs goal"
    months = report.forecast
    if not any(m.won or m.weighted_open or m.best_case or m.goal for m in months):
        no_data(ax, style, title=title)
        return
    count = len(months)
    begin(ax, ("forecast", count))
    prepare(ax, style, title, "Month", f"Revenue ({style.currency})")
    gids = [month_key(m.month) for m in months]
    positions = range(count)
    won = bars(ax, positions, [m.won for m in months], key="won", width=0.7,
               color=style.won, gids=gids)
    weighted = bars(ax, positions, [m.weighted_open for m in months], key="weighted",
                    width=0.7, base=[m.won for m in months], color=style.weighted, gids=gids)
    best = bars(ax, positions, [m.best_case for m in months], key="best_case", width=0.7,
                color=style.best_case, fill=False, edgecolor=style.best_case, linestyle="--",
                linewidth=1.0, zorder=3)
    goals = [None if m.goal is None else number(m.goal) for m in months]
    goal = line(ax, "goal", *_segments(goals), color=style.goal, linewidth=2.2,
                solid_capstyle="butt", zorder=4)
    category_axis(ax, month_ticks([m.month for m in months]))
    money_axis(ax, style)
    value_limits(ax, [number(m.won + m.weighted_open) for m in months]
                 + [number(m.best_case) for m in months]
                 + [g for g in goals if g is not None], fill=0.78)
    handles, labels = [won, weighted, best], ["Won", "Weighted open", "Best case"]
    if any(g is not None for g in goals):
        handles.append(goal)
        labels.append("Goal")
    legend(ax, style, handles, labels)


def plot_revenue(axes: list[Axes], report: Report, style: ChartStyle) -> None:
    """Won revenue per month, with the same month a year earlier."""
    ax, title = axes[0], "Revenue trend"
    months = report.revenue
    if not any(m.won or m.year_before for m in months):
        no_data(ax, style, title=title)
        return
    count = len(months)
    begin(ax, ("revenue", count))
    prepare(ax, style, title, "Month", f"Won revenue ({style.currency})")
    won = bars(ax, range(count), [m.won for m in months], key="won", width=0.7,
               color=style.accent, gids=[month_key(m.month) for m in months])
    prior = line(ax, "year_before", range(count), [m.year_before for m in months],
                 color=style.prior, marker="o", markersize=4, linewidth=1.5, zorder=3)
    category_axis(ax, month_ticks([m.month for m in months]))
    money_axis(ax, style)
    value_limits(ax, [number(m.won) for m in months]
                 + [number(m.year_before) for m in months], fill=0.8)
    handles, labels = [won], ["Won revenue"]
    if any(m.year_before is not None for m in months):
        handles.append(prior)
        labels.append("Same month a year earlier")
    legend(ax, style, handles, labels)


def _plot_win_rates(ax: Axes, style: ChartStyle, rates: list[MonthCloseRate]) -> None:
    title = "Win rate and sales cycle"
    if not any(rate.won or rate.lost for rate in rates):
        no_data(ax, style, title=title)
        return
    count = len(rates)
    begin(ax, ("win_rates", count))
    prepare(ax, style, title, "Month", "Win rate")
    win = bars(ax, range(count), [rate.win_rate for rate in rates], key="win_rate", width=0.7,
               color=style.won, gids=[f"month:{month_key(rate.month)}" for rate in rates])
    category_axis(ax, month_ticks([rate.month for rate in rates]))
    percent_axis(ax)
    ax.yaxis.set_major_locator(FixedLocator([0, 25, 50, 75, 100]))
    # Room above 100 % for the legend.
    ax.set_ylim(0, 122)
    days_axis = twin(ax, style, "x")
    days_axis.set_ylabel("Days to close", fontsize=LABEL_SIZE)
    days = [rate.average_days_to_close for rate in rates]
    days_line = line(days_axis, "days", range(count), days, color=style.accent, marker="o",
                     markersize=4, linewidth=1.5)
    count_axis(days_axis, "y")
    value_limits(days_axis, [number(d) for d in days], fill=0.8)
    legend(days_axis, style, [win, days_line], ["Win rate", "Days to close"])


def _plot_lost_reasons(ax: Axes, style: ChartStyle, reasons: list[LostReasonCount]) -> None:
    title = "Lost reasons"
    reasons = [reason for reason in reasons if reason.deals][:10]
    if not reasons:
        no_data(ax, style, title=title)
        return
    count = len(reasons)
    begin(ax, ("lost_reasons", count))
    prepare(ax, style, title, "Lost deals", "Reason", value_axis="x")
    deals = bars(ax, range(count), [reason.deals for reason in reasons], key="deals",
                 horizontal=True, width=0.65, color=style.negative,
                 gids=[f"reason:{reason.reason}" for reason in reasons])
    category_axis(ax, [short(reason.reason, 18) for reason in reasons], "y",
                  extra=legend_room(count))
    value_limits(ax, [reason.deals for reason in reasons], "x", fill=0.9)
    share_axis = twin(ax, style, "y")
    share_axis.set_xlabel("Cumulative share", fontsize=LABEL_SIZE)
    share = line(share_axis, "share", [reason.cumulative_share for reason in reasons],
                 range(count), color=style.accent, marker="o", markersize=4, linewidth=1.5)
    percent_axis(share_axis, "x")
    share_axis.set_xlim(0, 105)
    legend(share_axis, style, [deals, share], ["Lost deals", "Cumulative share"],
           loc="lower right", ncols=1)


def plot_close_rates(axes: list[Axes], report: Report, style: ChartStyle) -> None:
    """Win rate and mean days to close per month (left); lost reasons as a Pareto (right)."""
    _plot_win_rates(axes[0], style, report.close_rates)
    _plot_lost_reasons(axes[1], style, report.lost_reasons)
