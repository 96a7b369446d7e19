"""Run in a fresh process: the Campaigns page's table over a workspace; prints one JSON line.
Starts like ``contacts_child.py`` (window built on its first page, shown, settled), then:

- ``show``: ``window.show_page("campaigns")`` until the campaigns table's viewport paints;
  then, as a side figure, a click on the ROI header (descending) to the repaint of the
  re-sorted rows, which orders all campaigns by ROI in SQL;
- ``show-floor``: the SQL of ``attribution.roi_table()`` alone (its statements captured
  without running, then run raw and fetched on the same connection, before anything else
  has read the tables), then the page shown and an idle repaint of its table timed (median
  of 5);
- ``month``: the calendar's month view switched to each of the 20 busiest months (most
  deliverables), each to the repaint of the grid; beside each, the SQL of
  ``marketing_calendar.items_between`` for the shown range run raw plus one idle repaint
  of the month view.

The table is ``page.table`` when the page has one (a page that grows a calendar keeps its
table there), else the page itself when it is a TablePage (as today); anything else is an
error rather than a figure for the wrong widget.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import date
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from benchmarks.contacts_child import PaintWatch, idle_repaint, process_until, settle
from smeplanner.core import attribution, marketing_calendar
from smeplanner.core.db import open_workspace
from smeplanner.core.models import db
from smeplanner.ui import state
from smeplanner.ui.app import build_main_window, create_application
from smeplanner.ui.widgets.table_page import TablePage

MONTHS = 20


class _NoRows:
    def fetchall(self) -> list[Any]:
        return []

    def fetchone(self) -> None:
        return None

    def __iter__(self) -> Any:
        return iter(())


def repaint_widget(widget: Any, times: int = 5) -> float:
    """The median time to repaint ``widget`` with nothing changed."""
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        widget.repaint()
        samples.append(time.perf_counter() - started)
    return sorted(samples)[len(samples) // 2]


def roi_statements() -> list[tuple[str, list[Any]]]:
    """The statements ``roi_table()`` runs, captured without touching the database (each
    answered with no rows), so the floor's timed run is the first to read the tables."""
    seen: list[tuple[str, list[Any]]] = []

    def capture(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> _NoRows:
        seen.append((sql, list(params or [])))
        return _NoRows()

    original = db.execute_sql
    db.execute_sql = capture  # type: ignore[method-assign]
    try:
        attribution.roi_table()
    finally:
        db.execute_sql = original  # type: ignore[method-assign]
    return seen


def roi_sql() -> tuple[float, int]:
    """Seconds to run roi_table's statements raw (rows fetched, nothing built from them),
    and how many campaigns they list."""
    statements = roi_statements()
    started = time.perf_counter()
    results = [db.execute_sql(sql, params).fetchall() for sql, params in statements]
    return time.perf_counter() - started, len(results[-1])


def table_of(page: Any) -> TablePage:
    table = getattr(page, "table", None)
    if isinstance(table, TablePage):
        return table
    if isinstance(page, TablePage):
        return page
    raise RuntimeError(f"{type(page).__name__} has no TablePage as .table")


def show_campaigns(app: QApplication, window: Any) -> tuple[TablePage, float, float]:
    """Open the Campaigns page; (its table, seconds in show_page, seconds to first paint)."""
    started = time.perf_counter()
    page = window.show_page("campaigns")
    built = time.perf_counter()
    table = table_of(page)
    watch = PaintWatch(table.view.viewport())
    painted = process_until(app, lambda: watch.painted_at is not None)
    return table, built - started, painted - started


def check_shows_roi(table: TablePage, campaigns: int) -> None:
    if "roi" not in table.model.column_keys:
        raise RuntimeError("the campaigns table has no ROI column")
    if table.model.total_count() != campaigns:
        raise RuntimeError(f"the table lists {table.model.total_count()} campaigns, "
                           f"not all {campaigns}")


def sort_by_roi(app: QApplication, table: TablePage) -> float:
    """A click on the ROI header (descending) to the repaint of the re-sorted rows."""
    model, view = table.model, table.view
    watch = PaintWatch(view.viewport())
    reset = {"done": False}

    def on_reset() -> None:
        reset["done"] = True
        watch.arm()  # only a paint of the new rows counts

    model.modelReset.connect(on_reset)
    watch.armed = False
    started = time.perf_counter()
    view.sortByColumn(model.column_of("roi"), Qt.SortOrder.DescendingOrder)
    painted = process_until(app, lambda: reset["done"] and watch.painted_at is not None)
    if model.query.order_by != "roi":
        raise RuntimeError(f"the table is ordered by {model.query.order_by}, not roi")
    return painted - started


def busy_months(count: int) -> list[date]:
    """The ``count`` months with the most deliverables and campaigns, busiest first."""
    rows = db.execute_sql(
        "SELECT substr(due_date, 1, 7) AS month, count(*) FROM activity "
        "WHERE campaign_id IS NOT NULL AND due_date IS NOT NULL GROUP BY month "
        "ORDER BY count(*) DESC LIMIT ?", [count]).fetchall()
    return [date.fromisoformat(month + "-01") for month, _count in rows]


def month_switches(app: QApplication, window: Any) -> dict[str, Any]:
    """Switch the calendar's month view to each busy month, to the repaint of the grid;
    beside each, that month's items read raw (``items_between``'s SQL) plus one idle
    repaint of the month view."""
    page = window.show_page("campaigns")
    calendar = page.calendar
    calendar.set_mode("month")
    settle(app, 0.3)
    app_ms, floor_ms, items = [], [], []
    for month in busy_months(MONTHS):
        watch = PaintWatch(calendar.month_view)
        watch.armed = True
        started = time.perf_counter()
        calendar.show_date(month)
        done = process_until(app, lambda w=watch: w.painted_at is not None)
        app_ms.append((done - started) * 1000)
        first, last = calendar.visible_range
        items.append(len(calendar.items.campaigns) + len(calendar.items.deliverables))
        started = time.perf_counter()
        for sql, params in calendar_statements(first, last):
            db.execute_sql(sql, params).fetchall()
        sql_s = time.perf_counter() - started
        floor_ms.append((sql_s + repaint_widget(calendar.month_view)) * 1000)
    return {"app_ms": app_ms, "floor_ms": floor_ms, "items": items}


def calendar_statements(first: date, last: date) -> list[tuple[str, list[Any]]]:
    """The SQL ``marketing_calendar.items_between`` runs for the range, captured unrun."""
    captured: list[tuple[str, list[Any]]] = []
    original = db.execute_sql

    def capture(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> _NoRows:
        captured.append((sql, list(params or [])))
        return _NoRows()

    db.execute_sql = capture  # type: ignore[method-assign]
    try:
        marketing_calendar.items_between(first, last)
    finally:
        db.execute_sql = original  # type: ignore[method-assign]
    return captured


def main() -> int:
    mode, path = sys.argv[1], sys.argv[2]
    app = create_application([sys.argv[0]])
    # The user left the page on its list (or, for "month", on its calendar): the page shows
    # that view first, as it remembers the last one.
    state.save_value("pages/campaigns/view", 0 if mode.startswith("month") else 1)
    workspace = open_workspace(path)
    window = build_main_window(workspace)
    window.resize(1280, 800)
    window.show()
    settle(app)
    if window.is_built("campaigns"):
        raise RuntimeError("the Campaigns page was built before the measurement")
    (campaigns,) = db.execute_sql("SELECT count(*) FROM campaign").fetchone()
    out: dict[str, Any] = {"mode": mode, "campaigns": campaigns}
    if mode == "show":
        table, out["build_s"], out["paint_s"] = show_campaigns(app, window)
        check_shows_roi(table, campaigns)
        settle(app, 0.3)
        out["sort_roi_s"] = sort_by_roi(app, table)
    elif mode == "show-floor":
        out["sql_s"], out["rows"] = roi_sql()
        table, _built, _painted = show_campaigns(app, window)
        check_shows_roi(table, campaigns)
        settle(app)
        out["repaint_s"] = idle_repaint(table.view)
    elif mode == "month":
        out.update(month_switches(app, window))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    print(json.dumps(out), flush=True)
    workspace.close()
    os._exit(0)  # nothing left to measure: skip tearing the window down


if __name__ == "__main__":
    sys.exit(main())
