"""The bundle start-up benchmark's hook: with $SMEPLANNER_FIRST_PAINT_SINCE the window start
prints the time to its first paint and quits."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from smeplanner.first_paint import FIRST_PAINT_VAR, launched_at

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_window_prints_its_first_paint_and_quits(tmp_path):
    launched = time.time()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", FIRST_PAINT_VAR: repr(launched)}
    result = subprocess.run(
        [sys.executable, "-m", "smeplanner", "--db", str(tmp_path / "w.smeplanner")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    word, seconds = result.stdout.split()
    assert word == "first-paint"
    assert 0 < float(seconds) < time.time() - launched
    # Ended at the first paint, before the workspace was opened (or backed up on close).
    assert not (tmp_path / "w.smeplanner").exists()
    assert not (tmp_path / "backups").exists()


@pytest.mark.parametrize(("value", "expected"), [
    ("", None), ("1790000000.25", 1790000000.25), ("soon", None)])
def test_launch_time_from_the_environment(monkeypatch, value, expected):
    monkeypatch.setenv(FIRST_PAINT_VAR, value)
    assert launched_at() == expected
