"""Run in a fresh process: the Deals page's pipeline board over a workspace; prints one JSON
line. Starts like ``contacts_child.py`` (window built on its first page, shown, settled),
then:

- ``show``: ``window.show_page("deals")`` until every board column has painted;
- ``show-floor``: the board's SQL alone (every statement ``load_board`` runs, recorded on
  an untimed first pass, then run raw on the same connection and fetched; no cards
  built), then the page shown and an idle repaint of the board timed (median of 5);
- ``move``: 50 stage changes as a drop makes them (``board.move_requested``), each to the
  repaint of the target column's header (its deal count); beside each, the direct SQL
  ``UPDATE`` of the same change plus an idle repaint of the board.

An idle repaint of the board is a repaint of the strip that holds its columns (the board
widget's own ``repaint`` paints nothing of its children).
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from benchmarks.contacts_child import PaintWatch, process_until, settle
from smeplanner.core import board
from smeplanner.core.db import open_workspace
from smeplanner.core.models import db
from smeplanner.ui.app import build_main_window, create_application

MOVES = 50


def board_statements() -> list[tuple[str, list[Any]]]:
    """Every statement ``board.load_board()`` runs (stages, cards, marks), recorded on a
    first, untimed pass that runs them normally."""
    recorded: list[tuple[str, list[Any]]] = []
    original = db.execute_sql

    def record(text: str, values: Any = None, *args: Any, **kwargs: Any) -> Any:
        recorded.append((text, list(values or [])))
        return original(text, values, *args, **kwargs)

    db.execute_sql = record  # type: ignore[method-assign]
    try:
        board.load_board()
    finally:
        db.execute_sql = original  # type: ignore[method-assign]
    return recorded


def board_sql_rows(statements: list[tuple[str, list[Any]]]) -> int:
    """The board's statements run raw, rows fetched and nothing built from them; the number
    of rows of the largest (the cards)."""
    return max(len(db.execute_sql(sql, params).fetchall()) for sql, params in statements)


def idle_repaint(widget: Any, times: int = 5) -> float:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        widget.repaint()
        samples.append(time.perf_counter() - started)
    return sorted(samples)[len(samples) // 2]


def show_board(app: QApplication, window: Any) -> tuple[Any, float, float]:
    started = time.perf_counter()
    page = window.show_page("deals")
    built = time.perf_counter()
    watches = [PaintWatch(view.view.viewport()) for view in page.board.columns]
    painted = process_until(app, lambda: all(w.painted_at is not None for w in watches))
    return page, built - started, painted - started


def moves(app: QApplication, page: Any) -> dict[str, Any]:
    board_widget = page.board
    open_columns = [view for view in board_widget.columns if view.stage.kind == "open"]
    app_ms, floor_ms = [], []
    for number in range(MOVES):
        source = open_columns[number % (len(open_columns) - 1)]
        target = open_columns[number % (len(open_columns) - 1) + 1]
        deal_id = source.model.card(number % source.model.rowCount()).id
        # The count always changes; a compact total (€9.4m) may read the same after one deal.
        watch = PaintWatch(target.count_label)
        started = time.perf_counter()
        board_widget.move_requested.emit(deal_id, target.stage.id)
        done = process_until(app, lambda w=watch: w.painted_at is not None)
        app_ms.append((done - started) * 1000)
        page._session.undo_stack.undo()  # the board as it was, for the next move
        process_until(app, lambda: True)
        started = time.perf_counter()
        with db.atomic():
            db.execute_sql("UPDATE deal SET stage_id = ? WHERE id = ?",
                           [target.stage.id, deal_id])
        update = time.perf_counter() - started
        with db.atomic():
            db.execute_sql("UPDATE deal SET stage_id = ? WHERE id = ?",
                           [source.stage.id, deal_id])
        floor_ms.append((update + idle_repaint(board_widget.scroll.widget(), 1)) * 1000)
    return {"app_ms": app_ms, "floor_ms": floor_ms}


def main() -> int:
    mode, path = sys.argv[1], sys.argv[2]
    app = create_application([sys.argv[0]])
    with open_workspace(path) as workspace:
        window = build_main_window(workspace)
        window.resize(1280, 800)
        window.show()
        settle(app)
        result: dict[str, Any] = {}
        if mode == "show":
            _page, build_s, paint_s = show_board(app, window)
            result = {"build_s": build_s, "paint_s": paint_s}
        elif mode == "show-floor":
            statements = board_statements()
            started = time.perf_counter()
            rows = board_sql_rows(statements)
            sql_s = time.perf_counter() - started
            page, _build, _paint = show_board(app, window)
            settle(app, 0.3)
            result = {"sql_s": sql_s, "rows": rows,
                      "repaint_s": idle_repaint(page.board.scroll.widget())}
        elif mode == "move":
            page, _build, _paint = show_board(app, window)
            settle(app, 0.3)
            result = moves(app, page)
        window.close()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
