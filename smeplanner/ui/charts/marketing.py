"""The marketing charts of the Reports page: funnel, lead sources and campaign returns."""

from __future__ import annotations

from matplotlib.axes import Axes

from smeplanner.core.reports.data import LeadSource, Report
from smeplanner.ui.charts.labels import (
    count_text,
    money_text,
    number,
    percent_text,
    short,
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
    room_for_notes,
    value_limits,
)


def plot_funnel(axes: list[Axes], report: Report, style: ChartStyle) -> None:
    """Contacts per lifecycle stage, first stage on top, with the step's conversion."""
    ax, title = axes[0], "Funnel"
    stages = report.funnel
    if not any(stage.contacts for stage in stages):
        no_data(ax, style, title=title)
        return
    begin(ax, ("funnel", len(stages)))
    prepare(ax, style, title, "Contacts", "Stage", value_axis="x")
    counts = [stage.contacts for stage in stages]
    bars(ax, range(len(stages)), counts, key="contacts", horizontal=True, width=0.7,
         color=style.accent, gids=[stage.stage for stage in stages])
    category_axis(ax, [short(stage.label, 18) for stage in stages], "y")
    value_limits(ax, counts, "x", fill=0.72)
    for index, stage in enumerate(stages):
        text = count_text(stage.contacts)
        if index and stage.conversion is not None:
            text += f" · {percent_text(stage.conversion)}"
        note(ax, style, text, (stage.contacts, index), offset=(3, 0), ha="left", va="center")


def _plot_sources(ax: Axes, style: ChartStyle, sources: list[LeadSource], title: str,
                  ylabel: str, prefix: str) -> None:
    if not any(source.leads for source in sources):
        no_data(ax, style, title=title)
        return
    count = len(sources)
    begin(ax, (prefix, count))
    prepare(ax, style, title, "New leads", ylabel, value_axis="x")
    gids = [f"{prefix}:{source.key}" for source in sources]
    leads = [source.leads for source in sources]
    lead_bars = bars(ax, range(count), leads, key="leads", horizontal=True, width=0.7,
                     color=style.weighted, gids=gids)
    customer_bars = bars(ax, range(count), [source.customers for source in sources],
                         key="customers", horizontal=True, width=0.4, color=style.accent,
                         gids=gids)
    category_axis(ax, [short(source.label, 16) for source in sources], "y",
                  extra=legend_room(count))
    value_limits(ax, leads, "x", fill=0.62)
    for index, source in enumerate(sources):
        if source.share is not None:
            note(ax, style, f"{percent_text(source.share)} customers", (source.leads, index),
                 offset=(3, 0), ha="left", va="center")
    legend(ax, style, [lead_bars, customer_bars], ["New leads", "Now customers"],
           loc="lower right")


def plot_lead_sources(axes: list[Axes], report: Report, style: ChartStyle) -> None:
    """New leads by channel (left) and by campaign (right), with the share now customers."""
    sources = report.lead_sources
    _plot_sources(axes[0], style, sources.by_channel, "Lead sources by channel", "Channel",
                  "channel")
    _plot_sources(axes[1], style, sources.by_campaign, "By campaign", "Campaign", "campaign")


def plot_campaigns(axes: list[Axes], report: Report, style: ChartStyle) -> None:
    """Spend and won revenue per campaign, with ROI and cost per lead."""
    ax, title = axes[0], "Campaign ROI"
    rows = report.campaigns
    if not any(row.spend or row.won_revenue for row in rows):
        no_data(ax, style, title=title)
        return
    count = len(rows)
    begin(ax, ("campaigns", count))
    prepare(ax, style, title, f"Spend and won revenue ({style.currency})", "Campaign",
            value_axis="x")
    gids = [str(row.campaign_id) for row in rows]
    spend = bars(ax, range(count), [row.spend for row in rows], key="spend", horizontal=True,
                 width=0.36, offset=-0.19, color=style.marketing, gids=gids)
    revenue = bars(ax, range(count), [row.won_revenue for row in rows], key="revenue",
                   horizontal=True, width=0.36, offset=0.19, color=style.won, gids=gids)
    names = [short(row.name, 18) for row in rows]
    category_axis(ax, names, "y", extra=legend_room(count))
    money_axis(ax, style, "x")
    ends = [max(number(row.spend), number(row.won_revenue)) for row in rows]
    texts = []
    for row in rows:
        parts = [f"ROI {percent_text(row.roi)}" if row.roi is not None else "ROI –"]
        if row.cost_per_lead is not None:
            parts.append(f"{money_text(row.cost_per_lead, style.currency)}/lead")
        texts.append(" · ".join(parts))
    room_for_notes(ax, ends, texts, names)
    for index, (text, end) in enumerate(zip(texts, ends, strict=True)):
        note(ax, style, text, (end, index), offset=(3, 0), ha="left", va="center")
    legend(ax, style, [spend, revenue], ["Spend", "Won revenue"], loc="lower right")
