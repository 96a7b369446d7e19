"""The product list and its editor, driven as a user does: Add…, typing, Save, Delete…."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QLineEdit

from smeplanner.core.deals import deals
from smeplanner.core.products import list_products, products
from smeplanner.ui.dialogs import messages
from smeplanner.ui.dialogs.product_editor import ProductEditor
from smeplanner.ui.widgets.products_view import ProductsView, ProductTableModel
from tests.ui import factories

M = ProductTableModel


@pytest.fixture
def view(qtbot, workspace):
    view = ProductsView("EUR")
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def errors(monkeypatch) -> list[str]:
    """Message boxes the view would show, captured instead of blocking the test."""
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error",
                        lambda parent, title, text, details="": shown.append(text))
    return shown


@pytest.fixture
def answers(monkeypatch) -> list[str]:
    """Say yes to "Delete …?" and keep the questions asked."""
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm",
                        lambda parent, title, text, action: asked.append(text) or True)
    return asked


def _replace_text(qtbot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def _shown(view: ProductsView, column: int) -> list[str]:
    model = view.view.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def _click_row(qtbot, view: ProductsView, row: int, *, double: bool = False) -> None:
    pos = view.view.visualRect(view.view.model().index(row, M.NAME)).center()
    qtbot.mouseClick(view.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    if double:
        qtbot.mouseDClick(view.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def _click_header(qtbot, view: ProductsView, column: int) -> None:
    header = view.view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))


def _open_editor(qtbot, view: ProductsView, button) -> ProductEditor:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.editor is not None and view.editor.isVisible())
    return view.editor


def _product_rows(workspace):
    return workspace.database.execute_sql("SELECT * FROM product ORDER BY id").fetchall()


def _put_on_a_deal(product_id: int) -> None:
    deal_id = factories.add_deal("Coffee for the office", "0")
    deals.set_lines(deal_id, [{"product": product_id, "quantity": 3}])


def test_the_model_passes_the_model_tester(qtmodeltester, workspace):
    products.create(name="Espresso", price="24.90", unit_cost="11.20")
    products.create(name="Free sample", price="0", unit_cost="1.00")
    products.create(name="Old blend", price="14.90", active=False)
    qtmodeltester.check(ProductTableModel("EUR"))


def test_add_a_product_through_the_editor(qtbot, view, workspace):
    products.create(name="Zebra mug", price="12.00")
    editor = _open_editor(qtbot, view, view.add_button)
    assert editor.windowTitle() == "New product"
    qtbot.keyClicks(editor.name_edit, "House espresso 1 kg")
    qtbot.keyClicks(editor.sku_edit, "ESP-1000")
    qtbot.keyClicks(editor.price_edit, "24,90")
    _replace_text(qtbot, editor.cost_edit, "11.20")
    # The margin follows the typing, before anything is stored.
    assert editor.margin_label.text() == "€13.70 per unit (55.0%)"
    assert len(list_products()) == 1

    with qtbot.waitSignal(view.products_changed):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.editor is None)

    stored = next(p for p in list_products() if p.sku == "ESP-1000")
    assert (stored.name, stored.price, stored.unit_cost, stored.active) == (
        "House espresso 1 kg", Decimal("24.90"), Decimal("11.20"), True)
    assert _shown(view, M.NAME) == ["House espresso 1 kg", "Zebra mug"]
    row = view.view_row(stored.id)
    cells = [view.view.model().index(row, column).data() for column in range(7)]
    assert cells == ["House espresso 1 kg", "ESP-1000", "€24.90", "€11.20", "€13.70", "55.0%",
                     "Yes"]
    assert view.current_product_id() == stored.id


@pytest.mark.parametrize(("price", "message"), [
    ("twelve", "Price: 'twelve' is not an amount"),
    ("-3", "Price: must not be negative"),
    ("12.345", "Price: has more than two decimal places"),
    ("", "Price: is required"),
])
def test_a_bad_price_names_the_field_and_stores_nothing(qtbot, view, workspace, price,
                                                        message):
    editor = _open_editor(qtbot, view, view.add_button)
    qtbot.keyClicks(editor.name_edit, "Grinder")
    qtbot.keyClicks(editor.price_edit, price)
    assert editor.margin_label.text() != ""
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert editor.isVisible()
    assert editor.error_label.isVisible()
    assert editor.error_label.text() == message
    assert editor.focusWidget() is editor.price_edit
    assert (editor.name_edit.text(), editor.price_edit.text()) == ("Grinder", price)
    assert _product_rows(workspace) == []
    assert view.model.rowCount() == 0

    # Typing again clears the complaint; a good price then saves.
    _replace_text(qtbot, editor.price_edit, "849")
    assert not editor.error_label.isVisible()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.editor is None)
    assert [(p.name, p.price) for p in list_products()] == [("Grinder", Decimal("849.00"))]


def test_double_click_edits_and_a_refused_edit_keeps_the_stored_product(qtbot, view, workspace):
    product = products.create(name="Grinder", price="849.00", unit_cost="560.00")
    view.reload()
    _click_row(qtbot, view, 0, double=True)
    qtbot.waitUntil(lambda: view.editor is not None and view.editor.isVisible())
    editor = view.editor
    assert editor.windowTitle() == "Edit product"
    assert (editor.name_edit.text(), editor.price_edit.text(), editor.cost_edit.text()) == (
        "Grinder", "849.00", "560.00")
    before = _product_rows(workspace)

    _replace_text(qtbot, editor.cost_edit, "-1")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    assert editor.error_label.text() == "Unit cost: must not be negative"
    assert editor.focusWidget() is editor.cost_edit
    assert _product_rows(workspace) == before

    _replace_text(qtbot, editor.cost_edit, "900")
    assert editor.margin_label.text() == "-€51.00 per unit (-6.0%)"
    qtbot.mouseClick(editor.active_check, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(view.products_changed):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    stored = products.get(product.id)
    assert (stored.unit_cost, stored.active) == (Decimal("900.00"), False)
    assert _shown(view, M.MARGIN) == ["-€51.00"]
    assert _shown(view, M.ACTIVE) == ["No"]


def test_cancel_stores_nothing(qtbot, view, workspace):
    editor = _open_editor(qtbot, view, view.add_button)
    qtbot.keyClicks(editor.name_edit, "Never mind")
    qtbot.keyClicks(editor.price_edit, "5")
    qtbot.keyClick(editor.name_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.editor is None)
    assert _product_rows(workspace) == []


def test_edit_and_delete_need_a_selected_product(qtbot, view, workspace):
    products.create(name="Grinder", price="849.00")
    view.reload()
    assert not view.edit_button.isEnabled()
    assert not view.delete_button.isEnabled()
    _click_row(qtbot, view, 0)
    assert view.edit_button.isEnabled()
    assert view.delete_button.isEnabled()


def test_delete_an_unused_product_after_asking(qtbot, view, workspace, answers):
    products.create(name="Grinder", price="849.00")
    products.create(name="Tamper", price="39.00")
    view.reload()
    _click_row(qtbot, view, 0)
    with qtbot.waitSignal(view.products_changed):
        qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert answers == ["Delete the product “Grinder”?"]
    assert [p.name for p in list_products()] == ["Tamper"]
    assert _shown(view, M.NAME) == ["Tamper"]
    assert view.current_product_id() == list_products()[0].id


def test_no_to_the_question_deletes_nothing(qtbot, view, workspace, monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text, action: False)
    products.create(name="Grinder", price="849.00")
    view.reload()
    _click_row(qtbot, view, 0)
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert [p.name for p in list_products()] == ["Grinder"]


def test_deleting_a_product_used_on_deal_lines_is_refused_with_the_reason(
        qtbot, view, workspace, answers, errors):
    product = products.create(name="Grinder", price="849.00")
    _put_on_a_deal(product.id)
    view.reload()
    _click_row(qtbot, view, 0)
    with qtbot.assertNotEmitted(view.products_changed):
        qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert errors == ["'Grinder' is on 1 deal line(s); mark it inactive instead"]
    assert [p.name for p in list_products()] == ["Grinder"]
    assert _shown(view, M.NAME) == ["Grinder"]


def test_inactive_products_are_greyed(qtbot, view, workspace):
    products.create(name="Espresso", price="24.90")
    products.create(name="Old blend", price="14.90", active=False)
    view.reload()
    model = view.view.model()
    grey = QGuiApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    for column in range(model.columnCount()):
        assert model.index(0, column).data(Qt.ItemDataRole.ForegroundRole) is None
        assert model.index(1, column).data(Qt.ItemDataRole.ForegroundRole) == grey
    assert model.index(1, M.ACTIVE).data() == "No"


def test_click_a_header_to_sort_on_the_values_not_the_text(qtbot, view, workspace):
    products.create(name="b: ten", price="10.00", unit_cost="9.00")
    products.create(name="A: nine", price="9.00", unit_cost="1.00")
    products.create(name="c: hundred", price="100.00", unit_cost="50.00")
    products.create(name="d: free", price="0")
    view.reload()
    assert _shown(view, M.NAME) == ["A: nine", "b: ten", "c: hundred", "d: free"]
    _click_header(qtbot, view, M.PRICE)
    # As text "€10.00" < "€100.00" < "€9.00"; as amounts 0 < 9 < 10 < 100.
    assert _shown(view, M.PRICE) == ["€0.00", "€9.00", "€10.00", "€100.00"]
    _click_header(qtbot, view, M.PRICE)
    assert _shown(view, M.PRICE) == ["€100.00", "€10.00", "€9.00", "€0.00"]
    _click_header(qtbot, view, M.MARGIN_PCT)
    assert _shown(view, M.MARGIN_PCT) in (["", "10.0%", "50.0%", "88.9%"],
                                          ["88.9%", "50.0%", "10.0%", ""])


def test_the_currency_follows_the_workspace(qtbot, view, workspace):
    products.create(name="Espresso", price="24.90", unit_cost="11.20")
    view.reload()
    view.set_currency("GBP")
    assert _shown(view, M.PRICE) == ["£24.90"]
    assert _shown(view, M.MARGIN) == ["£13.70"]
    _click_row(qtbot, view, 0)
    editor = _open_editor(qtbot, view, view.edit_button)
    assert editor.margin_label.text() == "£13.70 per unit (55.0%)"
