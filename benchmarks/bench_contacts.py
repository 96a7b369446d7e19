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

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.common import DATA, ROOT, Result, median, percentile
from smeplanner.core.db import open_workspace

SHOW_RUNS = 7
RSS_RUNS = 3
RSS_BUDGET_MB = 150
CHILD = Path(__file__).with_name("contacts_child.py")


def _launch(mode: str, path: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="smeplanner-bench-") as config:
        # A fresh UI state each time: no remembered page, tab or column layout.
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
               "XDG_CONFIG_HOME": config}
        result = subprocess.run([sys.executable, str(CHILD), mode, str(path)],
                                capture_output=True, text=True, env=env, timeout=900)
    if result.returncode != 0:
        raise RuntimeError(f"contacts_child.py {mode} failed ({result.returncode}):\n"
                           f"{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _empty_workspace() -> Path:
    path = DATA / "empty.smeplanner"
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    open_workspace(path).close()  # created here, so the child only opens it, like the other
    return path


def first_show(path: Path) -> Result:
    _launch("show-floor", path)  # warm the OS file cache for both
    _launch("show", path)
    shown, floors, builds, sqls, repaints = [], [], [], [], []
    for _ in range(SHOW_RUNS):
        floor = _launch("show-floor", path)
        floors.append(floor["sql_s"] + floor["repaint_s"])
        sqls.append(floor["sql_s"])
        repaints.append(floor["repaint_s"])
        run = _launch("show", path)
        shown.append(run["paint_s"])
        builds.append(run["build_s"])
    return Result("contacts_first_show_s", median(shown), "s", median(floors),
                  note=f"median of {SHOW_RUNS}; runs {min(shown):.3f}–{max(shown):.3f} s; "
                       f"show_page itself {median(builds):.3f} s; floor: SQL "
                       f"{median(sqls) * 1000:.1f} ms + idle repaint "
                       f"{median(repaints) * 1000:.1f} ms; target ratio ≤ 4")


def filter_changes(path: Path) -> Result:
    run = _launch("filter", path)
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
        bare.append(_launch("rss-empty", empty)["scrolled_mb"]["VmHWM"])
        run = _launch("rss", path)
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
