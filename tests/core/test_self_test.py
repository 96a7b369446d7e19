"""``smeplanner --self-test``: what the bundle's smoke test runs, here from the source tree."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smeplanner import cli, self_test

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_self_test_passes_in_a_fresh_process(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "smeplanner", "--self-test"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert lines[-1] == "self-test ok"
    for name, _check in self_test.CHECKS:
        assert any(line.startswith(f"self-test: {name}: ok") for line in lines), name
    # Qt's offscreen notes are not passed on; nothing else was said on stderr either.
    assert "propagateSizeHints" not in result.stderr
    assert result.stderr.strip() == ""


def test_a_failing_check_is_named_and_exits_non_zero(monkeypatch):
    def broken(_run):
        raise RuntimeError("the printer is on fire")

    monkeypatch.setattr(self_test, "CHECKS", (("fine", lambda _run: "yes"), ("boom", broken)))
    out, err = io.StringIO(), io.StringIO()
    assert self_test.run_self_test(out, err) == self_test.EXIT_FAILED
    assert "self-test: fine: ok (yes)" in out.getvalue()
    assert "self-test ok" not in out.getvalue()
    assert "self-test failed: boom: RuntimeError: the printer is on fire" in err.getvalue()


def test_the_command_line_dispatches_to_the_self_test(monkeypatch):
    monkeypatch.setattr(self_test, "run_self_test", lambda: 7)
    assert cli.main(["--self-test"]) == 7


@pytest.mark.parametrize(("environ", "platform", "headless"), [
    ({}, "linux", True),
    ({"DISPLAY": ":0"}, "linux", False),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
    ({"QT_QPA_PLATFORM": "xcb"}, "linux", False),
    ({}, "freebsd14", True),
    ({}, "win32", False),
    ({}, "darwin", False),
])
def test_offscreen_only_without_a_display(environ, platform, headless):
    assert self_test.headless_needed(environ, platform) is headless
