"""Run in a fresh process: the Reports page over a workspace; prints one JSON line.
Starts like ``campaigns_child.py`` (window built on its first page, shown, settled; the
Reports page not built yet, so matplotlib not imported), with "Last 12 months" chosen, then:

- ``show``: ``window.show_page("reports")`` until every chart is drawn: the page is built
  (matplotlib imported), the figures computed on the worker thread, handed to every chart,
  and each chart's canvas drawn (``draw_now``; on screen only the visible ones would draw
  at once). Then, as side figures, the period switched to "This year" and back, each to
  every chart drawn again (the charts update their artists where the shape allows).
- ``show-floor``: the SQL statements ``build_report`` runs (recorded on another thread's
  connection, then run raw and fetched on this one, whose cache is still cold),
  plus, with matplotlib imported inside the timing, the same figures drawn as plain bars:
  one bare Figure per chart on an Agg canvas, one ``bar`` call per series, no layout engine,
  no labels, ticks or titles.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from benchmarks.contacts_child import process_until, settle
from smeplanner.core.db import in_own_connection, open_workspace
from smeplanner.core.models import db
from smeplanner.core.reports import build_report, preset_period
from smeplanner.core.reports.data import Report
from smeplanner.ui import state
from smeplanner.ui.app import build_main_window, create_application


def report_statements(period: Any) -> list[tuple[str, list[Any]]]:
    """The statements ``build_report`` runs, recorded while it runs on a thread of its own
    with its own connection: some of its statements need the answers of earlier ones, and
    this thread's connection (whose cache the timed run uses) stays cold."""
    seen: list[tuple[str, list[Any]]] = []
    original = db.execute_sql

    def record(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        seen.append((sql, list(params or [])))
        return original(sql, params, *args, **kwargs)

    db.execute_sql = record  # type: ignore[method-assign]
    try:
        worker = threading.Thread(
            target=lambda: in_own_connection(lambda: build_report(period)))
        worker.start()
        worker.join()
    finally:
        db.execute_sql = original  # type: ignore[method-assign]
    return seen


def series(report: Report) -> list[list[list[float]]]:
    """Each chart's bar series (plain floats), chart by chart, as the page draws them."""
    f = float
    mix = report.activity_mix
    return [
        [[row.contacts for row in report.funnel]],
        [[row.leads for row in report.lead_sources.by_channel],
         [row.customers for row in report.lead_sources.by_channel],
         [row.leads for row in report.lead_sources.by_campaign],
         [row.customers for row in report.lead_sources.by_campaign]],
        [[f(row.spend) for row in report.campaigns],
         [f(row.won_revenue) for row in report.campaigns]],
        [[f(row.amount) for row in report.pipeline],
         [f(row.weighted) for row in report.pipeline]],
        [[f(row.won) for row in report.forecast],
         [f(row.weighted_open) for row in report.forecast],
         [f(row.best_case) for row in report.forecast],
         [f(row.goal or 0) for row in report.forecast]],
        [[f(row.won) for row in report.revenue],
         [f(row.year_before or 0) for row in report.revenue]],
        [[f(row.win_rate or 0) for row in report.close_rates],
         [f(row.average_days_to_close or 0) for row in report.close_rates],
         [row.deals for row in report.lost_reasons],
         [f(row.cumulative_share) for row in report.lost_reasons]],
        [[f(row.revenue) for row in report.products],
         [f(row.margin or 0) for row in report.products],
         [f(row.discount) for row in report.products]],
        [[f(row.won_revenue) for row in getattr(report.segments, name)]
         for name in ("industry", "size_band", "region")],
        [[count for _bucket, count in report.customers.purchases]],
        [[row.sales for row in mix.weeks], [row.marketing for row in mix.weeks],
         [sales for sales, _m in mix.by_kind.values()],
         [marketing for _s, marketing in mix.by_kind.values()]],
    ]


def floor(period: Any) -> dict[str, Any]:
    statements = report_statements(period)
    started = time.perf_counter()
    for sql, params in statements:
        db.execute_sql(sql, params).fetchall()
    sql_s = time.perf_counter() - started
    report = build_report(period)  # untimed: the same data, to draw
    charts = series(report)
    started = time.perf_counter()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    for chart in charts:
        figure = Figure(figsize=(5.6, 3.4), dpi=100)
        canvas = FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        for values in chart:
            axes.bar(range(len(values)), values)
        canvas.draw()
    return {"sql_s": sql_s, "repaint_s": time.perf_counter() - started,
            "statements": len(statements), "charts": len(charts)}


def all_drawn(app: QApplication, page: Any, started: float) -> float:
    """Wait for the page's next report, draw every chart, return the seconds since
    ``started``."""
    shown = {"done": False}

    def on_shown() -> None:
        shown["done"] = True

    page.report_shown.connect(on_shown)
    process_until(app, lambda: shown["done"])
    page.report_shown.disconnect(on_shown)
    for card in page.cards.values():
        card.draw_now()
    return time.perf_counter() - started


def main() -> int:
    mode, path = sys.argv[1], sys.argv[2]
    app = create_application([sys.argv[0]])
    state.save_value("pages/reports/period", "last_12_months")
    workspace = open_workspace(path)
    window = build_main_window(workspace)
    window.resize(1280, 800)
    window.show()
    settle(app)
    if window.is_built("reports"):
        raise RuntimeError("the Reports page was built before the measurement")
    out: dict[str, Any] = {"mode": mode}
    if mode == "show":
        started = time.perf_counter()
        page = window.show_page("reports")
        out["build_s"] = time.perf_counter() - started
        out["paint_s"] = all_drawn(app, page, started)
        if len(page.cards) != 11:
            raise RuntimeError(f"the page shows {len(page.cards)} charts, not 11")
        settle(app, 0.3)
        for preset, key in (("year", "year_s"), ("last_12_months", "back_s")):
            started = time.perf_counter()
            page.set_preset(preset)
            out[key] = all_drawn(app, page, started)
            settle(app, 0.2)
    elif mode == "show-floor":
        out.update(floor(preset_period("last_12_months")))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    print(json.dumps(out), flush=True)
    workspace.close()
    os._exit(0)  # nothing left to measure: skip tearing the window down


if __name__ == "__main__":
    sys.exit(main())
