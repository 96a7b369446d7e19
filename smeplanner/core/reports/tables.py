"""A chart's figures as a table, for its CSV export: one header row, then plain values.

Money is written as a plain decimal ("1234.50", no symbol or grouping) and percentages as
numbers, so a spreadsheet reads them as numbers; a missing figure is an empty cell.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from smeplanner.core.contact_io.csv_export import spreadsheet_cell
from smeplanner.core.errors import ValidationError
from smeplanner.core.reports.data import Report

Table = tuple[list[str], list[list[Any]]]


def _funnel(report: Report) -> Table:
    return (["Stage", "Contacts", "Conversion from previous stage (%)"],
            [[row.label, row.contacts, row.conversion] for row in report.funnel])


def _pipeline(report: Report) -> Table:
    return (["Stage", "Probability (%)", "Open deals", f"Amount ({report.currency})",
             f"Weighted amount ({report.currency})"],
            [[row.name, row.probability, row.count, row.amount, row.weighted]
             for row in report.pipeline])


def _forecast(report: Report) -> Table:
    money = report.currency
    return (["Month", f"Won ({money})", f"Weighted open ({money})", f"Best case ({money})",
             f"Goal ({money})"],
            [[row.month.isoformat()[:7], row.won, row.weighted_open, row.best_case, row.goal]
             for row in report.forecast])


def _revenue(report: Report) -> Table:
    money = report.currency
    return (["Month", f"Won revenue ({money})", "Deals won", f"A year earlier ({money})"],
            [[row.month.isoformat()[:7], row.won, row.deals, row.year_before]
             for row in report.revenue])


def _lead_sources(report: Report) -> Table:
    rows = [["Channel", row.label, row.leads, row.customers, row.share]
            for row in report.lead_sources.by_channel]
    rows += [["Campaign", row.label, row.leads, row.customers, row.share]
             for row in report.lead_sources.by_campaign]
    return ["Source type", "Source", "New contacts", "Customers now", "Became customers (%)"], rows


def _campaigns(report: Report) -> Table:
    money = report.currency
    return (["Campaign", "Channel", f"Spend ({money})", f"Won revenue ({money})", "ROI (%)",
             "Leads", f"Cost per lead ({money})", "Won deals"],
            [[row.name, row.channel, row.spend, row.won_revenue, row.roi, row.leads,
              row.cost_per_lead, row.won_deals] for row in report.campaigns])


def _close_rates(report: Report) -> Table:
    rows: list[list[Any]] = [
        ["Month", row.month.isoformat()[:7], row.won, row.lost, row.win_rate,
         row.average_days_to_close, None] for row in report.close_rates]
    rows += [["Lost reason", row.reason, None, row.deals, None, None, row.cumulative_share]
             for row in report.lost_reasons]
    return (["Kind", "Month or reason", "Won", "Lost", "Win rate (%)",
             "Average days to close", "Cumulative share of lost deals (%)"], rows)


def _products(report: Report) -> Table:
    money = report.currency
    return (["Product", "Quantity", f"Revenue ({money})", f"Discount given ({money})",
             f"Cost ({money})", f"Margin ({money})", "Margin (%)"],
            [[row.name, row.quantity, row.revenue, row.discount, row.cost, row.margin,
              row.margin_pct] for row in report.products])


def _segments(report: Report) -> Table:
    rows = []
    for dimension, label in (("industry", "Industry"), ("size_band", "Company size"),
                             ("region", "Region")):
        rows += [[label, row.label, row.customers, row.won, row.lost, row.win_rate,
                  row.won_revenue] for row in getattr(report.segments, dimension)]
    return (["Segment by", "Segment", "Customers", "Won", "Lost", "Win rate (%)",
             f"Won revenue ({report.currency})"], rows)


def _customers(report: Report) -> Table:
    summary = report.customers
    rows: list[list[Any]] = [["Customers", summary.customers],
                             ["Repeat customers", summary.repeat_customers],
                             ["Repeat-purchase rate (%)", summary.repeat_rate],
                             [f"Average lifetime value ({report.currency})",
                              summary.lifetime_value],
                             ["Customers not touched in 90 days", summary.untouched]]
    rows += [[f"Customers with {bucket} won deals", count]
             for bucket, count in summary.purchases]
    return ["Figure", "Value"], rows


def _activity_mix(report: Report) -> Table:
    rows: list[list[Any]] = [["Week", row.week_start.isoformat(), row.sales, row.marketing]
                             for row in report.activity_mix.weeks]
    rows += [["Kind", kind, sales, marketing]
             for kind, (sales, marketing) in report.activity_mix.by_kind.items()]
    return ["By", "Week starting or kind", "Sales", "Marketing"], rows


_TABLES: dict[str, Callable[[Report], Table]] = {
    "funnel": _funnel, "lead_sources": _lead_sources, "campaigns": _campaigns,
    "pipeline": _pipeline, "forecast": _forecast, "revenue": _revenue,
    "close_rates": _close_rates, "products": _products, "segments": _segments,
    "customers": _customers, "activity_mix": _activity_mix}
CHART_KEYS = tuple(_TABLES)


def chart_table(report: Report, chart: str) -> Table:
    """The header and rows of ``chart``'s figures (values not yet turned into cell text)."""
    if chart not in _TABLES:
        raise ValidationError("chart", f"unknown chart {chart!r}")
    return _TABLES[chart](report)


def write_chart_csv(report: Report, chart: str, path: str | Path) -> int:
    """Write ``chart``'s table as UTF-8 CSV (with a BOM, so spreadsheet programs read the
    accents right) and return the number of data rows."""
    headers, rows = chart_table(report, chart)
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        # Campaign and product names are user text: no cell may run as a formula.
        writer.writerows([[spreadsheet_cell(value) for value in row] for row in rows])
    return len(rows)
