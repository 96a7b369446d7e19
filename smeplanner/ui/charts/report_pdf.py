"""The whole report as one PDF: a page per chart group, headed with the business name and
the period. Pure matplotlib (no Qt), so it can run on a worker thread."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from smeplanner.core.reports.data import Report
from smeplanner.ui.charts.layout import chart_rows
from smeplanner.ui.charts.registry import CHARTS, GROUPS
from smeplanner.ui.charts.style import LIGHT_STYLE, ChartStyle

A4_PORTRAIT = (8.27, 11.69)
# A page holds up to three rows; fewer rows keep the same height rather than stretch.
ROWS_PER_PAGE = 3


def group_page(report: Report, group: str, group_title: str, style: ChartStyle,
               page_number: int) -> Figure | None:
    """One A4 page with the charts of ``group`` (None: the group has no charts)."""
    rows = chart_rows(spec for spec in CHARTS if spec.group == group)
    if not rows:
        return None
    figure = Figure(figsize=A4_PORTRAIT, layout="constrained", facecolor=style.background)
    # A name with two "$" would be read as mathtext: show it as typed.
    name = report.business_name.replace("$", r"\$")
    figure.suptitle(f"{name} · {group_title}\n{report.period_label}",
                    color=style.text, fontsize=13, fontweight="bold")
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    # A figure label, unlike free text, gets its own room in the constrained layout.
    figure.supxlabel(f"SME Planner · {stamp} · page {page_number}", x=0.99, ha="right",
                     fontsize=7, color=style.muted)
    slots = figure.subfigures(ROWS_PER_PAGE, 1, squeeze=False)[:, 0]
    for row, slot in zip(rows, slots, strict=False):
        cells = [slot] if len(row) == 1 else list(slot.subfigures(1, 2))
        for spec, cell in zip(row, cells, strict=True):
            spec.plot(spec.make_axes(cell), report, style)
    return figure


def write_report_pdf(report: Report, path: str | Path, style: ChartStyle | None = None,
                     ) -> int:
    """Write ``report`` to ``path``, a page per chart group (printed on white: the light
    style), and return the number of pages written."""
    style = style or replace(LIGHT_STYLE, currency=report.currency)
    pages = 0
    metadata = {"Title": f"{report.business_name} – Reports – {report.period_label}",
                "Creator": "SME Planner"}
    with PdfPages(path, metadata=metadata) as pdf:
        for group, group_title in GROUPS:
            figure = group_page(report, group, group_title, style, pages + 1)
            if figure is not None:
                pdf.savefig(figure)
                pages += 1
    return pages
