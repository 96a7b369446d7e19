"""Run in a fresh process: the Contacts page over a workspace; prints one JSON line.

Every mode starts the same way: the QApplication, the workspace opened, the main window
built over it (``build_main_window``, which shows the first page, not Contacts), resized,
shown and left to settle. Then:

- ``show``: ``window.show_page("contacts")`` until the contact table's viewport paints;
- ``show-floor``: the SQL of the first page alone (``listing.count`` and
  ``listing.fetch_page(query, 0, 200)`` on the same connection, at the same moment
  ``show`` builds the page), then the page is shown and an idle repaint of its table timed
  (the median of five);
- ``filter``: 100 search and filter changes on the live Contacts tab, each timed to the
  repaint of the rows, and beside each the same Query's SQL plus one idle repaint;
- ``rss``: scroll the contact table to the bottom (each step a ``fetchMore``) and report
  the memory; ``rss-empty`` does the same over an empty workspace.

Run with QT_QPA_PLATFORM=offscreen and XDG_CONFIG_HOME pointing at an empty folder, so no
saved UI state (last page, column layout) changes what is built.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from smeplanner.core import listing
from smeplanner.core.db import open_workspace
from smeplanner.core.models import db
from smeplanner.core.vocabulary import LIFECYCLE_STAGES
from smeplanner.ui.app import build_main_window, create_application
from smeplanner.ui.widgets.filter_bar import NO_TOUCH_DAYS

PAGE = 200  # PagedTableModel.PAGE_SIZE: the first page the table loads
CHANGES = 100
# How long the window idles before the measured step: after start-up, as long as a user
# glances at the first page before opening Contacts (the app imports the other pages' code
# in that idle time).
SETTLE_S = 1.0
TIMEOUT_S = 30.0


class PaintWatch(QObject):
    """Notes that ``widget`` got a paint event, once armed."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.armed = True
        self.painted_at: float | None = None
        widget.installEventFilter(self)

    def arm(self) -> None:
        self.armed = True
        self.painted_at = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.armed and self.painted_at is None and event.type() == QEvent.Type.Paint:
            self.painted_at = time.perf_counter()
        return False


def process_until(app: QApplication, done: Callable[[], bool]) -> float:
    """Process events until ``done()``; returns when the call that did it returned: a paint
    is only finished (rows drawn, the window's backing store flushed) once it has."""
    deadline = time.perf_counter() + TIMEOUT_S
    while True:
        app.processEvents()
        if done():
            return time.perf_counter()
        if time.perf_counter() > deadline:
            raise TimeoutError("the contact table did not repaint")


def settle(app: QApplication, seconds: float = SETTLE_S) -> None:
    """Let timers (column fitting, deferred layouts) run and the window go idle."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.005)


def memory() -> dict[str, float]:
    """VmRSS, VmHWM (peak), RssAnon and RssFile of this process, in MB."""
    found: dict[str, float] = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _sep, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
            found[key] = int(rest.split()[0]) / 1024
    return found


def first_page_sql(query: listing.Query) -> float:
    """What the table's refresh asks of SQLite, timed on the app's own connection."""
    started = time.perf_counter()
    if listing.count(query):
        listing.fetch_page(query, 0, PAGE)
    return time.perf_counter() - started


def idle_repaint(view: Any, times: int = 5) -> float:
    """The median time to repaint the table's viewport with nothing changed."""
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        view.viewport().repaint()
        samples.append(time.perf_counter() - started)
    return sorted(samples)[len(samples) // 2]


def show_contacts(app: QApplication, window: Any) -> tuple[Any, float, float]:
    """Open the Contacts page; returns (tab, seconds in show_page, seconds to first paint)."""
    started = time.perf_counter()
    page = window.show_page("contacts")
    built = time.perf_counter()
    view = page.contacts.table.view
    watch = PaintWatch(view.viewport())
    painted = process_until(app, lambda: watch.painted_at is not None)
    return page.contacts, built - started, painted - started


# --- the filter changes --------------------------------------------------------------------


def plan_changes(names: list[str], tags: list[str], count: int = CHANGES,
                 seed: int = 11) -> list[tuple[str, Any]]:
    """``count`` realistic changes, each altering the query: names typed a letter at a time
    (then cleared), and stage, tag, consent and no-touch filters set, changed and removed,
    so that they combine with each other and with the search text."""
    chooser = random.Random(seed)
    values: dict[str, list[Any]] = {
        "stage": list(LIFECYCLE_STAGES), "tag": tags,
        "consent": list(listing.CONSENT_LABELS), "no_touch_days": list(NO_TOUCH_DAYS)}
    active: dict[str, Any] = {}
    changes: list[tuple[str, Any]] = []
    while len(changes) < count:
        if chooser.random() < 0.35:
            name = chooser.choice(names)
            letters = chooser.randint(2, 5)
            changes += [("text", name[:n].lower()) for n in range(1, letters + 1)]
            changes.append(("text", ""))
            continue
        if len(active) >= 3 or (active and chooser.random() < 0.25):
            key = chooser.choice(sorted(active))
            del active[key]
            changes.append((key, None))
            continue
        key = chooser.choice(sorted(values))
        value = chooser.choice([v for v in values[key] if v != active.get(key)])
        active[key] = value
        changes.append((key, value))
    return changes[:count]


def apply_change(tab: Any, change: tuple[str, Any]) -> None:
    key, value = change
    if key == "text":
        tab.table.filter_edit.setText(value)
    else:
        tab.filters.set_value(key, value)  # as the user picks it: emits filter_changed


def measure_filters(app: QApplication, tab: Any) -> dict[str, Any]:
    model, view = tab.table.model, tab.table.view
    names = [row[0] for row in db.execute_sql(
        "SELECT last_name FROM contact WHERE length(last_name) >= 5 ORDER BY id")
        if row[0].isalpha()]
    changes = plan_changes(names, listing.tag_names())
    watch = PaintWatch(view.viewport())
    reset = {"done": False}

    def on_reset() -> None:
        reset["done"] = True
        watch.arm()  # a paint counts only once the rows are the new ones

    model.modelReset.connect(on_reset)

    def change_to_paint(change: tuple[str, Any]) -> float:
        reset["done"] = False
        watch.armed = False
        watch.painted_at = None
        started = time.perf_counter()
        apply_change(tab, change)
        painted = process_until(app, lambda: reset["done"] and watch.painted_at is not None)
        return painted - started

    none_refs = sys.getrefcount(None)
    for change in changes:  # untimed: the page cache then holds what every query reads
        change_to_paint(change)
    tab.table.filter_edit.clear()  # back where the first pass started
    tab.filters.clear()
    settle(app)
    app_ms, floor_ms, rows = [], [], []
    for change in changes:
        app_ms.append(change_to_paint(change) * 1000)
        query = model.query
        floor_ms.append((first_page_sql(query) + idle_repaint(view, 1)) * 1000)
        rows.append(model.total_count())
    return {"app_ms": app_ms, "floor_ms": floor_ms, "rows": rows,
            "none_refs_lost": none_refs - sys.getrefcount(None),
            "changes": [list(change) for change in changes]}


# --- memory while scrolling ---------------------------------------------------------------


def scroll_to_end(app: QApplication, tab: Any) -> dict[str, Any]:
    model, view = tab.table.model, tab.table.view
    last, stalls, steps = -1, 0, 0
    started = time.perf_counter()
    while model.rowCount() < model.total_count() and stalls < 20:
        view.scrollToBottom()
        app.processEvents()
        steps += 1
        rows = model.rowCount()
        stalls = stalls + 1 if rows == last else 0
        last = rows
    return {"rows": model.rowCount(), "total": model.total_count(), "steps": steps,
            "scroll_s": time.perf_counter() - started}


def main() -> int:
    mode, path = sys.argv[1], Path(sys.argv[2])
    app = create_application([sys.argv[0]])
    workspace = open_workspace(path)
    window = build_main_window(workspace)
    window.resize(1280, 800)
    window.show()
    settle(app)
    if window.is_built("contacts"):
        raise RuntimeError("the Contacts page was built before the measurement")
    out: dict[str, Any] = {"mode": mode, "base_mb": memory()}
    if mode == "show":
        _tab, out["build_s"], out["paint_s"] = show_contacts(app, window)
    elif mode == "show-floor":
        query = listing.Query("contacts", order_by=listing.LISTINGS["contacts"].default_order)
        out["sql_s"] = first_page_sql(query)
        tab, _built, _painted = show_contacts(app, window)
        if tab.table.model.query != query:
            raise RuntimeError(f"the table shows {tab.table.model.query}, not {query}")
        settle(app)
        out["repaint_s"] = idle_repaint(tab.table.view)
    elif mode == "filter":
        tab, _built, _painted = show_contacts(app, window)
        settle(app)
        out.update(measure_filters(app, tab))
    elif mode in ("rss", "rss-empty"):
        tab, _built, _painted = show_contacts(app, window)
        settle(app)
        out["shown_mb"] = memory()
        out.update(scroll_to_end(app, tab))
        settle(app)
        out["scrolled_mb"] = memory()
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    print(json.dumps(out), flush=True)
    workspace.close()
    os._exit(0)  # skip tearing down 100k rows of Qt objects: nothing left to measure


if __name__ == "__main__":
    sys.exit(main())
