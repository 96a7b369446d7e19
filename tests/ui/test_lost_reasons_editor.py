"""The lost reasons list, driven through its widgets: add, rename in place, reorder, delete."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from smeplanner.core import lost_reasons
from smeplanner.ui.dialogs import messages
from smeplanner.ui.widgets.lost_reasons_editor import LostReasonListModel, LostReasonsEditor

DEFAULT = ["Price", "Timing", "Competitor", "No budget", "No decision", "Not a fit"]


@pytest.fixture
def editor(qtbot, workspace):
    editor = LostReasonsEditor()
    qtbot.addWidget(editor)
    editor.resize(600, 400)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


@pytest.fixture
def errors(monkeypatch) -> list[str]:
    """Message boxes the editor would show, captured instead of blocking the test."""
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error",
                        lambda parent, title, text, details="": shown.append(text))
    return shown


def _shown(editor: LostReasonsEditor) -> list[str]:
    return [editor.model.index(row, 0).data() for row in range(editor.model.rowCount())]


def _click_row(qtbot, editor: LostReasonsEditor, row: int) -> None:
    pos = editor.view.visualRect(editor.model.index(row, 0)).center()
    qtbot.mouseClick(editor.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def _type_into_open_editor(qtbot, editor: LostReasonsEditor, text: str) -> None:
    """Replace the text of the in-place editor and press Enter."""
    view = editor.view
    qtbot.waitUntil(lambda: isinstance(view.focusWidget(), QLineEdit))
    line_edit = view.focusWidget()
    qtbot.keyClick(line_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(line_edit, text)
    qtbot.keyClick(line_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def test_the_model_passes_the_model_tester(qtmodeltester, workspace):
    qtmodeltester.check(LostReasonListModel())


def test_the_list_shows_the_reasons_in_order(editor):
    assert _shown(editor) == DEFAULT
    assert not editor.rename_button.isEnabled()
    assert not editor.delete_button.isEnabled()
    assert not editor.add_button.isEnabled()


def test_add_with_the_button_and_with_enter(qtbot, editor):
    qtbot.keyClicks(editor.name_edit, "  Went quiet ")
    assert editor.add_button.isEnabled()
    with qtbot.waitSignal(editor.reasons_changed):
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.name_edit, "Chose to build it themselves")
    with qtbot.waitSignal(editor.reasons_changed):
        qtbot.keyClick(editor.name_edit, Qt.Key.Key_Return)
    assert lost_reasons.list_reasons() == [*DEFAULT, "Went quiet",
                                           "Chose to build it themselves"]
    assert _shown(editor) == lost_reasons.list_reasons()
    assert editor.current_row() == 7
    assert editor.name_edit.text() == ""


def test_a_duplicate_name_is_refused_with_a_message(qtbot, editor, errors):
    qtbot.keyClicks(editor.name_edit, "no BUDGET")
    with qtbot.assertNotEmitted(editor.reasons_changed):
        qtbot.keyClick(editor.name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert errors == ["Lost reason: A lost reason called 'no BUDGET' already exists"]
    assert lost_reasons.list_reasons() == DEFAULT
    assert _shown(editor) == DEFAULT
    assert editor.name_edit.text() == "no BUDGET"  # kept, to be corrected


def test_rename_in_place_by_double_click(qtbot, editor):
    pos = editor.view.visualRect(editor.model.index(1, 0)).center()
    qtbot.mouseClick(editor.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(editor.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    with qtbot.waitSignal(editor.reasons_changed):
        _type_into_open_editor(qtbot, editor, "Bad timing")
    assert lost_reasons.list_reasons()[1] == "Bad timing"
    assert _shown(editor)[1] == "Bad timing"


def test_rename_with_the_button(qtbot, editor):
    _click_row(qtbot, editor, 4)
    qtbot.mouseClick(editor.rename_button, Qt.MouseButton.LeftButton)
    _type_into_open_editor(qtbot, editor, "Could not decide")
    assert lost_reasons.list_reasons()[4] == "Could not decide"


def test_renaming_to_a_taken_name_shows_why(qtbot, editor, errors):
    _click_row(qtbot, editor, 0)
    qtbot.mouseClick(editor.rename_button, Qt.MouseButton.LeftButton)
    _type_into_open_editor(qtbot, editor, "Competitor")
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert "already exists" in errors[0]
    assert errors[0].startswith("Lost reason:")
    assert lost_reasons.list_reasons() == DEFAULT
    assert _shown(editor) == DEFAULT


def test_move_up_and_down(qtbot, editor):
    _click_row(qtbot, editor, 2)
    with qtbot.waitSignal(editor.reasons_changed):
        qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    assert lost_reasons.list_reasons()[:3] == ["Price", "Competitor", "Timing"]
    assert editor.current_row() == 1
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    assert lost_reasons.list_reasons()[:3] == ["Competitor", "Price", "Timing"]
    assert not editor.up_button.isEnabled()
    qtbot.mouseClick(editor.down_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.down_button, Qt.MouseButton.LeftButton)
    assert lost_reasons.list_reasons()[:3] == ["Price", "Timing", "Competitor"]
    assert editor.current_row() == 2
    assert _shown(editor) == lost_reasons.list_reasons()

    _click_row(qtbot, editor, 5)
    assert not editor.down_button.isEnabled()


def test_delete_asks_first(qtbot, editor, monkeypatch):
    answers = iter([False, True])
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm",
                        lambda parent, title, text, action: asked.append(text) or next(answers))
    _click_row(qtbot, editor, 3)
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)  # answered No
    assert "No budget" in asked[0]
    assert lost_reasons.list_reasons() == DEFAULT

    with qtbot.waitSignal(editor.reasons_changed):
        qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert "No budget" not in lost_reasons.list_reasons()
    assert _shown(editor) == ["Price", "Timing", "Competitor", "No decision", "Not a fit"]
    assert editor.current_row() == 3  # the next reason, ready for another click


def test_reload_shows_changes_made_elsewhere_and_keeps_the_selection(qtbot, editor):
    _click_row(qtbot, editor, 2)
    lost_reasons.add_reason("Went quiet")
    reasons = {info.name: info.id for info in lost_reasons.list_records()}
    lost_reasons.reorder_reasons([reasons["Competitor"],
                                  *[i for n, i in reasons.items() if n != "Competitor"]])
    editor.reload()
    assert _shown(editor) == lost_reasons.list_reasons()
    assert editor.model.reason(editor.current_row()).name == "Competitor"


def test_the_model_reports_whether_an_edit_was_stored(qtbot, workspace):
    model = LostReasonListModel()
    refused: list[tuple[str, str]] = []
    model.error_occurred.connect(lambda field, message: refused.append((field, message)))
    assert model.setData(model.index(0, 0), "Too expensive") is True
    assert model.setData(model.index(0, 0), "Too expensive") is False  # nothing to change
    assert model.setData(model.index(0, 0), "  ") is False
    assert refused == [("name", "A lost reason needs a name")]
    assert model.index(0, 0).data() == "Too expensive"
    assert lost_reasons.list_reasons()[0] == "Too expensive"
