"""The Settings page, driven through its widgets: preferences, pipeline stages, lost reasons
and products."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QSpinBox, QTableView

from smeplanner.core import demo, lost_reasons, pipeline, products, settings
from smeplanner.core.db import open_workspace
from smeplanner.ui.dialogs import messages
from smeplanner.ui.models.stage_table_model import StageTableModel
from smeplanner.ui.pages.settings import SettingsPage
from smeplanner.ui.session import Session
from smeplanner.ui.widgets.products_view import ProductTableModel
from tests.ui import factories


@pytest.fixture
def page(qtbot, workspace):
    page = SettingsPage(Session(workspace))
    qtbot.addWidget(page)
    page.resize(900, 900)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def errors(monkeypatch) -> list[str]:
    """Message boxes the page would show, captured instead of blocking the test."""
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error",
                        lambda parent, title, text, details="": shown.append(text))
    return shown


def _replace_text(qtbot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def _open_tab(qtbot, page: SettingsPage, title: str) -> None:
    """Click the tab with this title, as a user does."""
    bar = page.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert page.tabs.currentIndex() == index
    qtbot.waitUntil(lambda: page.tabs.currentWidget().isVisible())


def _stage_names() -> list[str]:
    return [stage.name for stage in pipeline.list_stages()]


def _cell_center(view: QTableView, row: int, column: int):
    return view.visualRect(view.model().index(row, column)).center()


def _edit_cell(qtbot, view: QTableView, row: int, column: int, text: str) -> None:
    """Double-click a cell, replace the editor's text, press Enter (what a user does)."""
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=_cell_center(view, row, column))
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton,
                      pos=_cell_center(view, row, column))
    qtbot.waitUntil(lambda: isinstance(view.focusWidget(), QLineEdit | QSpinBox))
    editor = view.focusWidget()
    line_edit = editor.lineEdit() if isinstance(editor, QSpinBox) else editor
    qtbot.keyClick(line_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(line_edit, text)
    qtbot.keyClick(line_edit, Qt.Key.Key_Return)
    # The delegate commits on Enter through a queued call.
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def test_the_form_shows_the_stored_preferences(page):
    assert page.business_name_edit.text() == "My Business"
    assert page.currency_combo.currentText() == "EUR"
    assert page.week_start_combo.currentData() == 0
    assert not page.save_button.isEnabled()


def test_saved_preferences_are_kept_in_the_workspace(qtbot, page, workspace, workspace_path):
    _replace_text(qtbot, page.business_name_edit, "Kaffee & Kuchen <GmbH>")
    page.week_start_combo.setFocus()
    for _ in range(2):  # Monday → Wednesday
        qtbot.keyClick(page.week_start_combo, Qt.Key.Key_Down)
    assert page.save_button.isEnabled()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.error_label.text() == "Saved."
    assert not page.save_button.isEnabled()

    workspace.close()
    with open_workspace(workspace_path):
        assert settings.get("business_name") == "Kaffee & Kuchen <GmbH>"
        assert settings.get("week_start") == 2
    reopened = open_workspace(workspace_path)
    try:
        again = SettingsPage(Session(reopened))
        qtbot.addWidget(again)
        assert again.business_name_edit.text() == "Kaffee & Kuchen <GmbH>"
        assert again.week_start_combo.currentData() == 2
    finally:
        reopened.close()


def test_a_bad_currency_names_the_field_and_nothing_is_saved(qtbot, page):
    _replace_text(qtbot, page.business_name_edit, "New name")
    _replace_text(qtbot, page.currency_combo.lineEdit(), "EURO")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.error_label.text().startswith("Currency:")
    assert "three-letter" in page.error_label.text()
    assert settings.get("currency") == "EUR"
    assert settings.get("business_name") == "My Business"
    assert page.currency_combo.hasFocus()


def test_a_lowercase_currency_is_stored_as_its_code(qtbot, page):
    _replace_text(qtbot, page.currency_combo.lineEdit(), "usd")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert settings.get("currency") == "USD"
    assert page.currency_combo.currentText() == "USD"


def test_revert_restores_the_stored_values(qtbot, page):
    _replace_text(qtbot, page.business_name_edit, "Typo Ltd")
    qtbot.mouseClick(page.revert_button, Qt.MouseButton.LeftButton)
    assert page.business_name_edit.text() == "My Business"
    assert settings.get("business_name") == "My Business"


def test_saving_tells_the_other_pages(qtbot, page):
    _replace_text(qtbot, page.currency_combo.lineEdit(), "GBP")
    with qtbot.waitSignal(page._session.preferences_changed):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page._session.currency == "GBP"


def test_the_stage_model_passes_the_model_tester(qtmodeltester, workspace):
    qtmodeltester.check(StageTableModel())


def test_add_a_stage(qtbot, page):
    _open_tab(qtbot, page, "Deals")
    editor = page.stage_editor
    assert not editor.add_button.isEnabled()
    qtbot.keyClicks(editor.name_edit, "Demo booked")
    _replace_text(qtbot, editor.probability_spin.lineEdit(), "35")
    with qtbot.waitSignal(page._session.records_changed):
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert _stage_names() == ["Prospect", "Qualified", "Proposal", "Negotiation", "Demo booked",
                              "Won", "Lost"]
    added = pipeline.list_stages()[4]
    assert added.probability == 35
    assert editor.current_row() == 4
    assert editor.name_edit.text() == ""


def test_a_duplicate_stage_name_is_refused_with_a_message(qtbot, page, errors):
    _open_tab(qtbot, page, "Deals")
    qtbot.keyClicks(page.stage_editor.name_edit, "won")
    qtbot.keyClick(page.stage_editor.name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert errors[0].startswith("Stage name:")
    assert len(_stage_names()) == 6


def test_rename_a_stage_in_place(qtbot, page):
    _open_tab(qtbot, page, "Deals")
    view = page.stage_editor.view
    _edit_cell(qtbot, view, 0, StageTableModel.NAME, "First contact")
    assert _stage_names()[0] == "First contact"
    assert view.model().index(0, StageTableModel.NAME).data() == "First contact"


def test_change_a_probability_in_place(qtbot, page):
    _open_tab(qtbot, page, "Deals")
    view = page.stage_editor.view
    _edit_cell(qtbot, view, 1, StageTableModel.PROBABILITY, "30")
    assert pipeline.list_stages()[1].probability == 30
    assert view.model().index(1, StageTableModel.PROBABILITY).data() == "30%"


def test_renaming_to_an_existing_name_shows_why(qtbot, page, errors):
    _open_tab(qtbot, page, "Deals")
    _edit_cell(qtbot, page.stage_editor.view, 0, StageTableModel.NAME, "Qualified")
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert "already exists" in errors[0]
    assert _stage_names()[0] == "Prospect"


def test_move_stages_up_and_down(qtbot, page):
    _open_tab(qtbot, page, "Deals")
    editor = page.stage_editor
    qtbot.mouseClick(editor.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=_cell_center(editor.view, 2, StageTableModel.NAME))
    assert editor.current_row() == 2
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    assert _stage_names()[:3] == ["Prospect", "Proposal", "Qualified"]
    assert editor.current_row() == 1
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    assert _stage_names()[:3] == ["Proposal", "Prospect", "Qualified"]
    assert not editor.up_button.isEnabled()
    qtbot.mouseClick(editor.down_button, Qt.MouseButton.LeftButton)
    assert _stage_names()[:3] == ["Prospect", "Proposal", "Qualified"]
    assert [editor.model.stage(row).name for row in range(3)] == _stage_names()[:3]


def test_delete_asks_first_and_refuses_a_stage_with_deals(qtbot, page, errors, monkeypatch):
    _open_tab(qtbot, page, "Deals")
    factories.add_deal("Open deal", "100", stage="Proposal")
    answers = iter([False, True, True])
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm",
                        lambda parent, title, text, action: asked.append(text) or next(answers))
    editor = page.stage_editor
    qtbot.mouseClick(editor.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=_cell_center(editor.view, 2, StageTableModel.NAME))
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)  # answered No
    assert "Proposal" in asked[0]
    assert "Proposal" in _stage_names()
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)  # Yes, but it holds a deal
    assert "Proposal" in _stage_names()
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert "holds 1 deal" in errors[0]

    qtbot.mouseClick(editor.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=_cell_center(editor.view, 1, StageTableModel.NAME))
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert "Qualified" not in _stage_names()
    assert editor.model.rowCount() == 5
    assert editor.view.model().index(1, 0, QModelIndex()).data() == "Proposal"


# --- tabs, lost reasons, products -------------------------------------------------------------


def test_the_sections_are_on_tabs_and_the_last_tab_is_remembered(qtbot, page, workspace):
    bar = page.tabs.tabBar()
    assert [bar.tabText(i) for i in range(bar.count())] == ["General", "Deals", "Products"]
    assert page.preferences_box.isVisible()
    assert not page.lost_reasons_editor.isVisible()
    _open_tab(qtbot, page, "Deals")
    assert page.stage_editor.isVisible()
    assert page.lost_reasons_editor.isVisible()
    assert page.lost_reasons_editor.model.rowCount() == 6
    _open_tab(qtbot, page, "Products")
    assert page.products_view.isVisible()

    again = SettingsPage(Session(workspace))
    qtbot.addWidget(again)
    assert again.tabs.currentWidget().isAncestorOf(again.products_view)


def _records_changed(page: SettingsPage, kind: str):
    return page._session.records_changed, (lambda changed: changed == kind)


def test_a_new_lost_reason_tells_the_other_pages(qtbot, page, errors):
    _open_tab(qtbot, page, "Deals")
    editor = page.lost_reasons_editor
    qtbot.keyClicks(editor.name_edit, "Went quiet")
    signal, check = _records_changed(page, "lost_reason")
    with qtbot.waitSignal(signal, check_params_cb=check):
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert lost_reasons.list_reasons()[-1] == "Went quiet"
    assert editor.model.index(6, 0).data() == "Went quiet"

    qtbot.keyClicks(editor.name_edit, "went QUIET")
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert "already exists" in errors[0]
    assert len(lost_reasons.list_reasons()) == 7


def test_a_new_product_tells_the_other_pages(qtbot, page):
    _open_tab(qtbot, page, "Products")
    view = page.products_view
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.editor is not None and view.editor.isVisible())
    qtbot.keyClicks(view.editor.name_edit, "Barista training (1 day)")
    qtbot.keyClicks(view.editor.price_edit, "390")
    signal, check = _records_changed(page, "product")
    with qtbot.waitSignal(signal, check_params_cb=check):
        qtbot.mouseClick(view.editor.save_button, Qt.MouseButton.LeftButton)
    assert [p.name for p in products.list_products()] == ["Barista training (1 day)"]
    assert view.view.model().index(0, ProductTableModel.MARGIN).data() == "€390.00"


def test_changes_made_elsewhere_reach_the_lists(qtbot, page):
    products.products.create(name="Grinder", price="849.00")
    lost_reasons.add_reason("Went quiet")
    assert page.products_view.model.rowCount() == 0
    page._session.notify_records_changed("product")
    page._session.notify_records_changed("lost_reason")
    assert page.products_view.model.rowCount() == 1
    assert page.lost_reasons_editor.model.rowCount() == 7


def test_products_show_the_saved_currency(qtbot, page):
    products.products.create(name="Grinder", price="849.00", unit_cost="560.00")
    page._session.notify_records_changed("product")
    _replace_text(qtbot, page.currency_combo.lineEdit(), "GBP")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    model = page.products_view.view.model()
    assert model.index(0, ProductTableModel.PRICE).data() == "£849.00"
    assert model.index(0, ProductTableModel.MARGIN).data() == "£289.00"


def test_on_a_demo_business_a_product_sold_on_deals_cannot_be_deleted(
        qtbot, workspace, errors, monkeypatch):
    demo.build_demo(workspace.database, scale=0.1, seed=7, today=date(2026, 3, 16))
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text, action: True)
    page = SettingsPage(Session(workspace))
    qtbot.addWidget(page)
    page.resize(1080, 800)
    page.show()
    qtbot.waitExposed(page)
    _open_tab(qtbot, page, "Products")
    view = page.products_view
    shown = [view.view.model().index(row, 0).data()
             for row in range(view.view.model().rowCount())]
    assert shown == [p.name for p in products.list_products()]
    assert len(shown) == 16
    used = max(products.list_products(), key=lambda p: products.usage_count(p.id))
    lines = products.usage_count(used.id)
    assert lines > 0
    row = view.view_row(used.id)
    qtbot.mouseClick(view.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.view.visualRect(view.view.model().index(row, 0)).center())
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert errors == [f"{used.name!r} is on {lines} deal line(s); mark it inactive instead"]
    assert len(products.list_products()) == 16

    # What the message suggests: untick Active.
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.editor is not None and view.editor.isVisible())
    qtbot.mouseClick(view.editor.active_check, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.editor.save_button, Qt.MouseButton.LeftButton)
    assert products.products.get(used.id).active is False
    grey = view.view.model().index(view.view_row(used.id), 0).data(
        Qt.ItemDataRole.ForegroundRole)
    assert grey is not None


def test_after_a_restore_the_page_shows_what_the_workspace_holds(qtbot, page, workspace,
                                                                 errors):
    """The whole workspace changed under the page: its form and stages are read again, so
    a Save does not write the old values back, and editing a stage the restore took away
    says so instead of failing."""
    session = page._session
    added = pipeline.add_stage("Demo booked", probability=30)
    page.stage_editor.model.reload()
    # What a restore does underneath: other stored values, a stage gone.
    settings.set_value("business_name", "Röstwerk")
    workspace.database.execute_sql("DELETE FROM pipeline_stage WHERE id = ?", (added.id,))
    model = page.stage_editor.model
    row = next(row for row in range(model.rowCount())
               if model.index(row, StageTableModel.NAME).data() == "Demo booked")
    refused = []
    model.error_occurred.connect(lambda field, message: refused.append(message))
    assert not model.setData(model.index(row, StageTableModel.NAME), "Demo done",
                             Qt.ItemDataRole.EditRole)
    assert refused == ["That stage is no longer there."]
    qtbot.waitUntil(lambda: any("no longer there" in text for text in errors))  # shown
    session.workspace_replaced()
    assert page.business_name_edit.text() == "Röstwerk"
    names = [page.stage_editor.model.index(row, StageTableModel.NAME).data()
             for row in range(page.stage_editor.model.rowCount())]
    assert "Demo booked" not in names
    page.save()
    assert settings.get("business_name") == "Röstwerk"
