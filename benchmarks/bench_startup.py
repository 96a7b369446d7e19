"""Start-up with the 100k-contact workspace, from process launch:

- startup_first_window_s: to the first paint of the main window (shown before the
  workspace is opened, as the app does);
- startup_first_page_s: to the first paint once the first page holds its records.

Floor for both: a bare PySide6 QMainWindow shown by the same child script (same
interpreter start, PySide6 import and QApplication). Medians of alternating runs.

The app's modules are compiled to bytecode first, as an installed app's are (pip compiles
at install, the bundle holds bytecode; `make run` writes it on the first start): with
PYTHONDONTWRITEBYTECODE set, as on some machines, every launch would otherwise compile the
sources again while PySide6's own modules load compiled.
"""

from __future__ import annotations

import compileall
import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import ROOT, Result, median

RUNS = 11
CHILD = Path(__file__).with_name("startup_child.py")


def _launch(mode: str, path: Path) -> tuple[float, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "XDG_CONFIG_HOME": str(path.parent / "config")}
    launched = time.time()
    result = subprocess.run([sys.executable, str(CHILD), mode, repr(launched), str(path)],
                            capture_output=True, text=True, env=env, timeout=120, check=True)
    first, ready = result.stdout.strip().splitlines()[-1].split()
    return float(first), float(ready)


def run(path: Path) -> list[Result]:
    compileall.compile_dir(ROOT / "smeplanner", quiet=1)
    _launch("bare", path)  # warm the OS file cache for both
    _launch("app", path)
    bare, label, window, page = [], [], [], []
    for _ in range(RUNS):
        bare.append(_launch("bare", path)[0])
        label.append(_launch("label", path)[0])
        first, ready = _launch("app", path)
        window.append(first)
        page.append(ready)
    floor = median(bare)
    # Not a floor: what any window pays to paint one line of text, for reading the ratio.
    text = f"a bare window with one label: {median(label):.3f} s"
    return [
        Result("startup_first_window_s", median(window), "s", floor,
               note=f"median of {RUNS}; runs {min(window):.3f}–{max(window):.3f} s; {text}"),
        Result("startup_first_page_s", median(page), "s", floor,
               note=f"median of {RUNS}; runs {min(page):.3f}–{max(page):.3f} s"),
    ]
