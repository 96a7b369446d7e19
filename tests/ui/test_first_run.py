"""First run: the empty-or-demo question, the demo build, and start-up errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from smeplanner.core import listing
from smeplanner.core.db import open_workspace
from smeplanner.ui import app as app_module
from smeplanner.ui.dialogs import messages
from smeplanner.ui.dialogs.first_run import FirstRunDialog
from smeplanner.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def small_demo(monkeypatch, qapp):
    monkeypatch.setattr(app_module, "DEMO_SCALE", 0.1)


@pytest.fixture
def criticals(monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(messages, "show_critical",
                        lambda parent, title, text, details="": shown.append((text, details)))
    return shown


@pytest.fixture
def fake_exec(monkeypatch, qtbot) -> Iterator[list[MainWindow]]:
    """Stand in for the event loop: let the shown window open its workspace (run_gui shows
    it first and opens the file on the next turn of the loop), note it, close it, return 0."""
    seen: list[MainWindow] = []

    def run_once() -> int:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                assert widget.session is None  # shown before the workspace is opened
                qtbot.waitUntil(lambda w=widget: w.session is not None or not w.isVisible(),
                                timeout=10_000)
                seen.append(widget)
                widget.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(run_once))
    yield seen
    # The windows were shown and activated for real: delete them, so that no later test's
    # widgets find a stale active window holding the keyboard focus.
    for window in seen:
        window.deleteLater()
    qtbot.wait(1)



def _count(listing_key: str) -> int:
    return listing.count(listing.Query(listing_key))


def test_choosing_demo_fills_the_workspace(workspace, monkeypatch):
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, parent=None: "demo"))
    assert app_module.first_run(workspace) == "demo"
    assert _count("contacts") > 0
    assert _count("deals") > 0
    assert _count("campaigns") > 0


def test_choosing_empty_leaves_the_workspace_empty(workspace, monkeypatch):
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, parent=None: "empty"))
    assert app_module.first_run(workspace) == "empty"
    assert _count("contacts") == 0
    assert _count("deals") == 0


def test_a_failed_demo_build_is_reported(workspace, monkeypatch):
    from tests.ui import factories

    factories.add_contact("Already", "Here")  # the demo refuses a workspace with records
    errors: list[str] = []
    monkeypatch.setattr(messages, "show_error",
                        lambda parent, title, text, details="": errors.append(details))
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, parent=None: "demo"))
    app_module.first_run(workspace)
    assert errors and "empty workspace" in errors[0]
    assert _count("contacts") == 1


def test_the_dialog_returns_what_the_user_clicked(qtbot):
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog.demo_button.click()
    assert dialog.choice == "demo"
    assert dialog.result() == FirstRunDialog.DialogCode.Accepted


def test_ask_shows_the_dialog_modally(qtbot):
    def click_empty() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, FirstRunDialog)
        dialog.empty_button.click()

    QTimer.singleShot(0, click_empty)
    assert FirstRunDialog.ask() == "empty"


def test_escape_chooses_neither(qtbot):
    def cancel() -> None:
        QApplication.activeModalWidget().reject()

    QTimer.singleShot(0, cancel)
    assert FirstRunDialog.ask() is None


def test_load_demo_reports_progress(workspace, monkeypatch):
    stages: list[str] = []
    real = app_module._progress_callback

    def spy(dialog):
        report = real(dialog)
        return lambda stage, fraction: (stages.append(stage), report(stage, fraction))

    monkeypatch.setattr(app_module, "_progress_callback", spy)
    counts = app_module.load_demo(workspace, scale=0.1)
    assert counts["contact"] == _count("contacts") > 0
    assert stages[-1] == "Done"


def test_run_gui_asks_on_a_new_workspace_and_shows_the_window(qtbot, tmp_path, monkeypatch,
                                                              fake_exec):
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, parent=None: "demo"))
    path = tmp_path / "new.smeplanner"
    assert app_module.run_gui(str(path), ["smeplanner"]) == 0
    assert len(fake_exec) == 1
    assert fake_exec[0].windowTitle().endswith("SME Planner")
    assert QApplication.applicationName() == "SME Planner"
    with open_workspace(path) as reopened:
        assert not reopened.created
        assert _count("contacts") > 0


def test_run_gui_does_not_ask_again_for_an_existing_workspace(qtbot, workspace_path,
                                                              monkeypatch, fake_exec):
    open_workspace(workspace_path).close()
    asked: list[bool] = []
    monkeypatch.setattr(FirstRunDialog, "ask",
                        classmethod(lambda cls, parent=None: asked.append(True)))
    assert app_module.run_gui(str(workspace_path), ["smeplanner"]) == 0
    assert asked == []
    assert len(fake_exec) == 1


def test_a_locked_workspace_is_refused_naming_the_file(qtbot, workspace, criticals, fake_exec):
    assert app_module.run_gui(str(workspace.path), ["smeplanner"]) == 2
    assert fake_exec == []
    text, details = criticals[0]
    assert "cannot be opened" in text
    assert str(workspace.path) in details
    assert "already open" in details


def test_a_file_that_is_not_a_workspace_is_refused(qtbot, tmp_path, criticals, fake_exec):
    path = tmp_path / "notes.txt"
    path.write_text("not a database")
    assert app_module.run_gui(str(path), ["smeplanner"]) == 2
    assert str(path) in criticals[0][1]


def test_an_unexpected_error_while_opening_is_shown_and_ends_the_app(
        qtbot, tmp_path, criticals, fake_exec, monkeypatch):
    from smeplanner.core import db as core_db

    def broken(*args, **kwargs):
        raise OSError("disk I/O error")

    monkeypatch.setattr(core_db, "open_workspace", broken)
    path = tmp_path / "io.smeplanner"
    assert app_module.run_gui(str(path), ["smeplanner"]) == app_module.EXIT_UNEXPECTED
    assert "disk I/O error" in criticals[0][1]
    assert str(path) in criticals[0][1]
