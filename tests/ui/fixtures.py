"""Fixtures shared by the UI and end-to-end tests: isolated UI state, main windows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from smeplanner.core.db import Workspace
from smeplanner.ui.app import build_main_window
from smeplanner.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def isolated_ui_state(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """QSettings (window geometry, column layouts) go to a fresh folder for each test."""
    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture
def make_window(qtbot) -> Callable[[Workspace], MainWindow]:
    """Build (and later close) main windows over a workspace, shown at a fixed size."""

    def make(workspace: Workspace) -> MainWindow:
        window = build_main_window(workspace)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        return window

    return make
