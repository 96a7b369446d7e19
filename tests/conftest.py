"""Test set-up: headless Qt, and a fresh workspace file and settings per test."""

from __future__ import annotations

import os

# Before any Qt import: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("SMEPLANNER_DB", None)

from collections.abc import Iterator
from pathlib import Path

import pytest

from smeplanner.core.db import Workspace, open_workspace


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing a test does may touch the user's real data or settings directories."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("SMEPLANNER_DB", raising=False)


@pytest.fixture
def workspace_path(tmp_path: Path) -> Path:
    return tmp_path / "test.smeplanner"


@pytest.fixture
def workspace(workspace_path: Path) -> Iterator[Workspace]:
    """A new, empty, migrated workspace bound to the models for the test's duration."""
    ws = open_workspace(workspace_path)
    try:
        yield ws
    finally:
        ws.close()
