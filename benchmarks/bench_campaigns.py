"""The Campaigns page at demo scale 200 (2,000 campaigns, 100,000 contacts, 20,000
deals), in fresh processes running ``campaigns_child.py``:

- campaign_roi_table_s: ``window.show_page("campaigns")`` to the first paint of the
  campaigns table (``page.table``, or the page itself while it is a TablePage), whose
  columns include leads, deals won, won revenue, ROI and cost per lead for every campaign.
  Floor: the raw aggregate SQL of ``attribution.roi_table()`` (every campaign's figures)
  on the app's connection at the same point of a twin process, plus one idle repaint of
  the same table. Medians of alternating runs. Target: ratio ≤ 3. The note adds a click on
  the ROI header to the repaint of all campaigns re-sorted by ROI.
- calendar_month_show_ms: the calendar's month view switched to a busy month, to the
  repaint of the grid; p95 over the 20 busiest months. Floor: the raw SQL of that month's
  items plus one idle repaint of the month view. Target: ratio ≤ 3.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, Result, median, percentile

SHOW_RUNS = 7
CHILD = Path(__file__).with_name("campaigns_child.py")


def _launch(mode: str, path: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="smeplanner-bench-") as config:
        # A fresh UI state each time: no remembered page or column layout (or sort order).
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
               "XDG_CONFIG_HOME": config}
        result = subprocess.run([sys.executable, str(CHILD), mode, str(path)],
                                capture_output=True, text=True, env=env, timeout=900)
    if result.returncode != 0:
        raise RuntimeError(f"campaigns_child.py {mode} failed ({result.returncode}):\n"
                           f"{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def roi_table(path: Path) -> Result:
    _launch("show-floor", path)  # warm the OS file cache for both
    _launch("show", path)
    shown, floors, builds, sqls, repaints, sorts = [], [], [], [], [], []
    campaigns = 0
    for _ in range(SHOW_RUNS):
        floor = _launch("show-floor", path)
        floors.append(floor["sql_s"] + floor["repaint_s"])
        sqls.append(floor["sql_s"])
        repaints.append(floor["repaint_s"])
        campaigns = floor["rows"]
        run = _launch("show", path)
        shown.append(run["paint_s"])
        builds.append(run["build_s"])
        sorts.append(run["sort_roi_s"])
    return Result("campaign_roi_table_s", median(shown), "s", median(floors),
                  note=f"median of {SHOW_RUNS}; runs {min(shown):.3f}–{max(shown):.3f} s; "
                       f"{campaigns:,} campaigns; show_page itself {median(builds):.3f} s; "
                       f"floor: roi_table SQL {median(sqls) * 1000:.1f} ms + idle repaint "
                       f"{median(repaints) * 1000:.1f} ms; sort by ROI to repaint "
                       f"{median(sorts) * 1000:.1f} ms; target ratio ≤ 3")


def month_switches(path: Path) -> Result:
    run = _launch("month", path)
    app, floor = run["app_ms"], run["floor_ms"]
    return Result("calendar_month_show_ms", percentile(app, 0.95), "ms",
                  percentile(floor, 0.95),
                  note=f"{len(app)} busiest months, {min(run['items'])}–{max(run['items'])} "
                       f"items each; p50 {percentile(app, 0.5):.1f} ms (floor "
                       f"{percentile(floor, 0.5):.1f} ms); target ratio ≤ 3")


def run(path: Path) -> list[Result]:
    return [roi_table(path), month_switches(path)]
