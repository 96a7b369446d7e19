"""The pipeline board at demo scale 200 (20,000 deals, 2,000 open), in fresh processes
running ``board_child.py``:

- board_first_show_s: ``window.show_page("deals")`` to every column painted with all open
  deals. Floor: the board's SQL fetched raw plus one idle repaint of the board. The
  user's bar is 300 ms.
- board_move_ms: one stage change as a drop makes it (an undoable command, the moved card
  read again) to the repaint of the target column's header (count and totals); p95 of 50.
  Floor: the direct SQL ``UPDATE`` of the same change plus one idle repaint of the board.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.common import Result, launch_child, median, percentile, show_runs

SHOW_RUNS = 7
CHILD = Path(__file__).with_name("board_child.py")


def first_show(path: Path) -> Result:
    runs = show_runs(CHILD, path, SHOW_RUNS)
    value = median(runs.shown)
    cards = runs.floor_runs[-1]["rows"]
    return Result("board_first_show_s", value, "s", median(runs.floors),
                  note=runs.note(counted=f"{cards:,} cards") + "; user's bar 0.300 s "
                       f"({'met' if value <= 0.3 else 'not met'})")


def moves(path: Path) -> Result:
    run = launch_child(CHILD, "move", path)
    app, floor = run["app_ms"], run["floor_ms"]
    return Result("board_move_ms", percentile(app, 0.95), "ms", percentile(floor, 0.95),
                  note=f"{len(app)} moves; p50 {percentile(app, 0.5):.1f} ms (floor "
                       f"{percentile(floor, 0.5):.1f} ms)")


def run(path: Path) -> list[Result]:
    return [first_show(path), moves(path)]
