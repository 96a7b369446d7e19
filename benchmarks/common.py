"""What every benchmark shares: the result record, timing helpers, the scratch folder, and
the launch of a child process that measures one thing in a fresh app."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench-data"


@dataclass
class Result:
    """One figure: ``floor`` is the same work done the most direct way in the same run."""

    name: str
    value: float
    unit: str
    floor: float
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.value / self.floor if self.floor else float("inf")

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["value"] = round(self.value, 4)
        data["floor"] = round(self.floor, 4)
        data["ratio"] = round(self.ratio, 3)
        return data


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def launch_child(child: Path, mode: str, path: Path) -> dict[str, Any]:
    """Run ``child`` (a ``*_child.py`` script) in ``mode`` over the workspace at ``path`` in a
    fresh process, offscreen and with a fresh UI state each time (no remembered page, tab,
    column layout or sort order); the JSON object it prints last."""
    with tempfile.TemporaryDirectory(prefix="smeplanner-bench-") as config:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
               "XDG_CONFIG_HOME": config}
        result = subprocess.run([sys.executable, str(child), mode, str(path)],
                                capture_output=True, text=True, env=env, timeout=900)
    if result.returncode != 0:
        raise RuntimeError(f"{child.name} {mode} failed ({result.returncode}):\n"
                           f"{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])



@dataclass(frozen=True)
class ShowRuns:
    """What alternating "show-floor" and "show" children measured, run by run: the app's
    time to the first paint (``paint_s``) and to the return of show_page (``build_s``); the
    floor's SQL (``sql_s``) plus idle repaint (``repaint_s``)."""

    floor_runs: list[dict[str, Any]]
    app_runs: list[dict[str, Any]]

    def app(self, key: str) -> list[float]:
        return [run[key] for run in self.app_runs]

    def floor(self, key: str) -> list[float]:
        return [run[key] for run in self.floor_runs]

    @property
    def shown(self) -> list[float]:
        return self.app("paint_s")

    @property
    def floors(self) -> list[float]:
        return [run["sql_s"] + run["repaint_s"] for run in self.floor_runs]

    def note(self, *, counted: str = "", sql: str = "SQL") -> str:
        """The runs in words: how many, their spread, ``counted`` (what was shown), how long
        show_page itself took, and the floor's two parts (its ``sql`` and the repaint)."""
        shown = self.shown
        return (f"median of {len(shown)}; runs {min(shown):.3f}–{max(shown):.3f} s; "
                + (f"{counted}; " if counted else "")
                + f"show_page itself {median(self.app('build_s')):.3f} s; floor: {sql} "
                  f"{median(self.floor('sql_s')) * 1000:.1f} ms + idle repaint "
                  f"{median(self.floor('repaint_s')) * 1000:.1f} ms")


def show_runs(child: Path, path: Path, runs: int) -> ShowRuns:
    """``runs`` alternating "show-floor" and "show" children, after one untimed pair that
    warms the OS file cache for both."""
    launch_child(child, "show-floor", path)
    launch_child(child, "show", path)
    floor_runs, app_runs = [], []
    for _ in range(runs):
        floor_runs.append(launch_child(child, "show-floor", path))
        app_runs.append(launch_child(child, "show", path))
    return ShowRuns(floor_runs, app_runs)
