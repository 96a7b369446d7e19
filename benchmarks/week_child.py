"""Run in a fresh process: the Week page over a workspace; prints one JSON line.

Starts like ``contacts_child.py`` (window built, shown, settled), shows the Week page,
then switches it to each of the 20 busiest weeks (most activities) in turn, each to the
paint of the week grid. Beside each, the floor: the SQL that ``week.load_week`` runs for
that week (captured unrun, then run raw and fetched on the same connection) plus one idle
repaint of the grid.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import date, timedelta
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.campaigns_child import _NoRows, repaint_widget
from benchmarks.contacts_child import PaintWatch, process_until, settle
from smeplanner.core import week
from smeplanner.core.db import open_workspace
from smeplanner.core.models import db
from smeplanner.core.timeutil import today
from smeplanner.ui.app import build_main_window, create_application

WEEKS = 20


def busy_weeks(count: int) -> list[date]:
    """The first days of the ``count`` weeks with the most activities, busiest first."""
    rows = db.execute_sql(
        "SELECT date(due_date, '-' || ((strftime('%w', due_date) + 6) % 7) || ' days') AS "
        "monday, count(*) FROM activity WHERE due_date IS NOT NULL GROUP BY monday "
        "ORDER BY count(*) DESC LIMIT ?", [count]).fetchall()
    return [week.week_start_day(date.fromisoformat(monday)) for monday, _count in rows]


class _Counted(_NoRows):
    """No rows, and a count of 0 for the statements that count."""

    def fetchone(self) -> tuple[int]:  # type: ignore[override]
        return (0,)


def week_statements(first: date) -> list[tuple[str, list[Any]]]:
    """The SQL ``load_week`` runs for the week, captured unrun."""
    captured: list[tuple[str, list[Any]]] = []
    original = db.execute_sql

    def capture(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        if '"setting"' in sql:  # a preference (the target split), not the week's items
            return original(sql, params, *args, **kwargs)
        captured.append((sql, list(params or [])))
        return _Counted()

    db.execute_sql = capture  # type: ignore[method-assign]
    try:
        week.load_week(first, today=today())
    finally:
        db.execute_sql = original  # type: ignore[method-assign]
    return captured


def main() -> int:
    path = sys.argv[2]
    app = create_application([sys.argv[0]])
    workspace = open_workspace(path)
    window = build_main_window(workspace)
    window.resize(1280, 800)
    window.show()
    settle(app)
    page = window.show_page("week")
    settle(app, 0.5)
    app_ms, floor_ms, items = [], [], []
    for first in busy_weeks(WEEKS):
        if first == page.first:
            first -= timedelta(days=7)  # a switch, not a repaint of the week on show
        watch = PaintWatch(page.grid.viewport())
        started = time.perf_counter()
        page.show_week(first)
        done = process_until(app, lambda w=watch: w.painted_at is not None)
        app_ms.append((done - started) * 1000)
        items.append(sum(len(column.items) for column in page.grid.columns))
        settle(app, 0.2)
        started = time.perf_counter()
        for sql, params in week_statements(first):
            db.execute_sql(sql, params).fetchall()
        sql_s = time.perf_counter() - started
        floor_ms.append((sql_s + repaint_widget(page.grid.viewport())) * 1000)
    print(json.dumps({"app_ms": app_ms, "floor_ms": floor_ms, "items": items}), flush=True)
    workspace.close()
    os._exit(0)  # nothing left to measure: skip tearing the window down


if __name__ == "__main__":
    sys.exit(main())
