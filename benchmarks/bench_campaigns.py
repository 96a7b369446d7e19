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

from pathlib import Path

from benchmarks.common import Result, launch_child, median, percentile, show_runs

SHOW_RUNS = 7
CHILD = Path(__file__).with_name("campaigns_child.py")


def roi_table(path: Path) -> Result:
    runs = show_runs(CHILD, path, SHOW_RUNS)
    campaigns = runs.floor_runs[-1]["rows"]
    sorts = runs.app("sort_roi_s")
    return Result("campaign_roi_table_s", median(runs.shown), "s", median(runs.floors),
                  note=runs.note(counted=f"{campaigns:,} campaigns", sql="roi_table SQL")
                  + f"; sort by ROI to repaint {median(sorts) * 1000:.1f} ms; target ratio ≤ 3")


def month_switches(path: Path) -> Result:
    run = launch_child(CHILD, "month", path)
    app, floor = run["app_ms"], run["floor_ms"]
    return Result("calendar_month_show_ms", percentile(app, 0.95), "ms",
                  percentile(floor, 0.95),
                  note=f"{len(app)} busiest months, {min(run['items'])}–{max(run['items'])} "
                       f"items each; p50 {percentile(app, 0.5):.1f} ms (floor "
                       f"{percentile(floor, 0.5):.1f} ms); target ratio ≤ 3")


def run(path: Path) -> list[Result]:
    return [roi_table(path), month_switches(path)]
