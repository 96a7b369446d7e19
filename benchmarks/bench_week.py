"""The Week page at demo scale 200 (200,000 activities), in a fresh process running
``week_child.py``:

- week_show_ms: the page switched to a busy week, to the paint of the week grid; p95 over
  the 20 busiest weeks. Floor: the raw SQL of that week's items (what ``load_week`` runs)
  plus one idle repaint of the grid. Target: ratio ≤ 3.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.common import Result, launch_child, percentile

CHILD = Path(__file__).with_name("week_child.py")


def week_switches(path: Path) -> Result:
    run = launch_child(CHILD, "switch", path)
    app, floor = run["app_ms"], run["floor_ms"]
    return Result("week_show_ms", percentile(app, 0.95), "ms", percentile(floor, 0.95),
                  note=f"{len(app)} busiest weeks, {min(run['items']):,}–"
                       f"{max(run['items']):,} items each (overdue included); p50 "
                       f"{percentile(app, 0.5):.1f} ms (floor {percentile(floor, 0.5):.1f} "
                       "ms); target ratio ≤ 3")


def run(path: Path) -> list[Result]:
    return [week_switches(path)]
