"""The Contacts page over the 100k-contact workspace (each figure from fresh processes
running ``contacts_child.py``, after the main window is built and showing its first page):

- contacts_first_show_s: ``window.show_page("contacts")`` to the first paint of the contact
  table (the call that paints it has returned). Floor: the SQL of that first page —
  ``listing.count`` and ``listing.fetch_page(query, 0, 200)`` on the app's connection, at
  the same point of a twin process — plus one idle repaint of the same table. Medians of
  alternating runs. Target: ratio ≤ 4.
- contacts_filter_p95_ms: 100 search and filter changes on the live tab (names typed a
  letter at a time, stage, tag, consent, no-touch days, and their combinations), each to
  the repaint of its rows; p95. Floor: p95 of the same Queries' SQL on the same connection
  plus one idle repaint. Both after one untimed pass of all 100. Target: ratio ≤ 2.
- contacts_rss_mb: peak RSS after scrolling the table to its last row (a ``fetchMore`` per
  step) against the same app over an empty workspace. Target: within 150 MB of it.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.common import DATA, Result, launch_child, median, percentile, show_runs
from smeplanner.core.db import open_workspace

SHOW_RUNS = 7
RSS_RUNS = 3
RSS_BUDGET_MB = 150
CHILD = Path(__file__).with_name("contacts_child.py")


def _empty_workspace() -> Path:
    path = DATA / "empty.smeplanner"
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    open_workspace(path).close()  # created here, so the child only opens it, like the other
    return path


def first_show(path: Path) -> Result:
    runs = show_runs(CHILD, path, SHOW_RUNS)
    return Result("contacts_first_show_s", median(runs.shown), "s", median(runs.floors),
                  note=runs.note() + "; target ratio ≤ 4")


def filter_changes(path: Path) -> Result:
    run = launch_child(CHILD, "filter", path)
    app, floor = run["app_ms"], run["floor_ms"]
    worst = max(range(len(app)), key=app.__getitem__)
    key, value = run["changes"][worst]
    return Result("contacts_filter_p95_ms", percentile(app, 0.95), "ms", percentile(floor, 0.95),
                  note=f"{len(app)} changes; p50 {percentile(app, 0.5):.1f} ms (floor "
                       f"{percentile(floor, 0.5):.1f}); slowest {app[worst]:.0f} ms "
                       f"({key}={value!r}, {run['rows'][worst]:,} rows); target ratio ≤ 2")


def scrolled_memory(path: Path) -> Result:
    empty = _empty_workspace()
    full, bare, loaded = [], [], []
    for _ in range(RSS_RUNS):
        bare.append(launch_child(CHILD, "rss-empty", empty)["scrolled_mb"]["VmHWM"])
        run = launch_child(CHILD, "rss", path)
        full.append(run["scrolled_mb"]["VmHWM"])
        loaded.append(f"{run['rows']:,} of {run['total']:,} rows loaded in {run['steps']} "
                      f"steps")
    value, floor = median(full), median(bare)
    growth = value - floor
    verdict = "within" if growth <= RSS_BUDGET_MB else "over"
    return Result("contacts_rss_mb", value, "MB", floor,
                  note=f"peak RSS, median of {RSS_RUNS}; +{growth:.1f} MB over the empty app "
                       f"({verdict} the {RSS_BUDGET_MB} MB budget); {loaded[-1]}")


def run(path: Path) -> list[Result]:
    return [first_show(path), filter_changes(path), scrolled_memory(path)]
