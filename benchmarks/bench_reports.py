"""The Reports page at demo scale 200 (100,000 contacts, 20,000 deals, 200,000 activities,
2,000 campaigns), in fresh processes running ``reports_child.py``:

- reports_page_s: ``window.show_page("reports")`` with "Last 12 months" to every one of
  the 11 charts drawn (matplotlib imported, figures computed off the GUI thread, charts
  drawn). Floor: the raw SQL that ``build_report`` runs plus, with matplotlib imported in
  the timing, the same figures drawn as plain bars (a bare Figure per chart, one ``bar``
  per series, no layout engine, no labels) in a twin process. Medians of alternating runs.
  Target: ratio ≤ 2. The note adds switching the period to "This year" and back.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.common import Result, median, show_runs

SHOW_RUNS = 5
CHILD = Path(__file__).with_name("reports_child.py")


def reports_page(path: Path) -> Result:
    runs = show_runs(CHILD, path, SHOW_RUNS)
    shown = runs.shown
    return Result(
        "reports_page_s", median(shown), "s", median(runs.floors),
        note=(f"median of {len(shown)}; runs {min(shown):.3f}–{max(shown):.3f} s; "
              f"show_page itself {median(runs.app('build_s')):.3f} s; floor: "
              f"{runs.floor_runs[-1]['statements']} SQL statements "
              f"{median(runs.floor('sql_s')) * 1000:.0f} ms + plain bars of "
              f"{runs.floor_runs[-1]['charts']} charts "
              f"{median(runs.floor('repaint_s')) * 1000:.0f} ms; period switch to this year "
              f"{median(runs.app('year_s')):.3f} s, back {median(runs.app('back_s')):.3f} s; "
              f"target ratio ≤ 2"))


def run(path: Path) -> list[Result]:
    return [reports_page(path)]
