"""Crash safety, small: ``scripts/stress.py`` kills real import and edit processes with SIGKILL
and checks the workspace after each kill (integrity, whole-or-nothing imports, acknowledged
edits kept, search index in step). ``make stress`` runs the full 100 kills."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "stress.py"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL: Linux and macOS")


def test_six_kills_leave_the_workspace_whole(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--kills", "6", "--rows", "1500", "--seed", "7",
         "--workdir", str(tmp_path / "stress")],
        capture_output=True, text=True, timeout=180, cwd=ROOT)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    summary = re.search(r"^kills: .*$", result.stdout, re.MULTILINE)
    assert summary is not None, output
    assert summary.group(0) == ("kills: 6, integrity failures: 0, half imports: 0, "
                                "lost acknowledged edits: 0, index out of step: 0"), output
    assert ("stale locks: 0, refused reopens: 0, children that died before the kill: 0"
            in result.stdout), output
