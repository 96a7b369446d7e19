"""startup_first_window_s: process launch to the first painted main window, 100k contacts.

Floor: a bare PySide6 QMainWindow shown by the same child script (same interpreter start,
PySide6 import and QApplication). Medians of several alternating runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import ROOT, Result, median

RUNS = 7
CHILD = Path(__file__).with_name("startup_child.py")


def _launch(mode: str, path: Path) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "XDG_CONFIG_HOME": str(path.parent / "config")}
    launched = time.time()
    result = subprocess.run([sys.executable, str(CHILD), mode, repr(launched), str(path)],
                            capture_output=True, text=True, env=env, timeout=120, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def run(path: Path) -> list[Result]:
    _launch("bare", path)  # warm the OS file cache for both
    _launch("app", path)
    bare, app = [], []
    for _ in range(RUNS):
        bare.append(_launch("bare", path))
        app.append(_launch("app", path))
    return [Result("startup_first_window_s", median(app), "s", median(bare),
                   note=f"median of {RUNS}; app runs {min(app):.3f}–{max(app):.3f} s")]
