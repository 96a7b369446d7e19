"""The Deals page end to end on a demo workspace: drag deals across the board with the
mouse, close one as lost with a reason, undo, filter, and watch the goals follow."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from smeplanner.core import demo, listing, metrics
from smeplanner.core.deals import deals
from smeplanner.core.timeutil import today
from smeplanner.ui.dialogs.close_deal import CloseDealDialog
from smeplanner.ui.dialogs.deal_editor import DealEditor
from smeplanner.ui.main_window import MainWindow
from smeplanner.ui.pages.deals import DealsPage
from smeplanner.ui.widgets.deal_board import BoardColumnView, DealBoard
from tests.e2e.helpers import when_modal


@pytest.fixture
def window(make_window, workspace) -> MainWindow:
    demo.build_demo(workspace.database, scale=0.2, seed=5, today=date.today())
    return make_window(workspace)


@pytest.fixture
def page(window) -> DealsPage:
    page = window.show_page("deals")
    page.show_board()
    return page


def open_columns(board: DealBoard) -> list[BoardColumnView]:
    return [view for view in board.columns if view.stage.kind == "open"]


def drag_card(qtbot, board: DealBoard, source: BoardColumnView, row: int,
              target: BoardColumnView) -> None:
    """A real drag: press on the card, move over the target column in steps, release."""
    viewport = source.view.viewport()
    index = source.model.index(row)
    source.view.scrollTo(index)
    start = source.view.visualRect(index).center()
    end = viewport.mapFromGlobal(target.view.viewport().mapToGlobal(QPoint(30, 30)))
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 7):
        qtbot.mouseMove(viewport, start + (end - start) * step / 6)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def header(view: BoardColumnView) -> tuple[str, str]:
    return view.count_label.text(), view.totals_label.text()


def test_drag_a_deal_across_stages_and_undo_it(qtbot, window, page):
    first, second = open_columns(page.board)[:2]
    card = first.model.card(0)
    before = (header(first), header(second))
    count_first, count_second = first.model.rowCount(), second.model.rowCount()

    drag_card(qtbot, page.board, first, 0, second)
    assert deals.get(card.id).stage_id == second.stage.id
    history = deals.stage_history(card.id)
    assert (history[-1].from_stage_id, history[-1].to_stage_id) == (first.stage.id,
                                                                    second.stage.id)
    assert (first.model.rowCount(), second.model.rowCount()) == (count_first - 1,
                                                                 count_second + 1)
    assert first.count_label.text() == str(count_first - 1)
    assert second.count_label.text() == str(count_second + 1)
    assert (header(first), header(second)) != before
    assert second.model.row_of(card.id) is not None
    assert page.board.selected_deal_id() == card.id
    # One drag is one undo step.
    assert window.undo_action.text().startswith("&Undo Move")
    window.undo_action.trigger()
    assert deals.get(card.id).stage_id == first.stage.id
    assert len(deals.stage_history(card.id)) == len(history) - 1
    assert (header(first), header(second)) == before


def test_drop_on_lost_asks_for_the_reason(qtbot, window, page):
    first = open_columns(page.board)[0]
    lost = next(view for view in page.board.columns if view.stage.kind == "lost")
    card = first.model.card(0)
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CloseDealDialog)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen.append("ok enabled" if ok.isEnabled() else "ok disabled")
        dialog.reason_combo.setFocus()
        dialog.reason_combo.lineEdit().clear()
        qtbot.keyClicks(dialog.reason_combo.lineEdit(), "Went with a cheaper roaster")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    drag_card(qtbot, page.board, first, 0, lost)
    qtbot.waitUntil(lambda: deals.get(card.id).status == "lost")
    stored = deals.get(card.id)
    assert stored.close_reason.startswith("Went with a cheaper roaster")
    assert stored.closed_on == today()
    assert lost.model.row_of(card.id) is not None
    window.undo_action.trigger()
    assert deals.get(card.id).status == "open"
    assert lost.model.row_of(card.id) is None


def test_cancelling_the_lost_dialog_moves_nothing(qtbot, page):
    first = open_columns(page.board)[0]
    lost = next(view for view in page.board.columns if view.stage.kind == "lost")
    card = first.model.card(0)
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())
    drag_card(qtbot, page.board, first, 0, lost)
    assert deals.get(card.id).status == "open"
    assert first.model.row_of(card.id) is not None


def test_filter_stale_deals_on_the_board_and_in_the_list(qtbot, page):
    stale = page.filters.widgets["stale"]
    qtbot.mouseClick(stale, Qt.MouseButton.LeftButton, pos=QPoint(6, stale.height() // 2))
    expected = listing.count(listing.Query("deals", filters=(("stale", True),)))
    assert expected > 0
    shown = [card for view in page.board.columns for card in view.model.cards]
    assert len(shown) == expected and all(card.stale for card in shown)
    qtbot.mouseClick(page.table_button, Qt.MouseButton.LeftButton)
    assert page.table.model.total_count() == expected
    qtbot.mouseClick(page.filters.clear_button, Qt.MouseButton.LeftButton)
    assert page.table.model.total_count() == listing.count(listing.Query("deals"))


def test_goal_progress_follows_a_won_deal(qtbot, window, page):
    metrics.save_goals("month", today(), {"deals_won": 500})
    window._session.notify_records_changed("goal")
    page.goals.set_period("month")
    qtbot.waitUntil(lambda: "deals_won" in page.goals.items)
    before = page.goals.items["deals_won"].value_label.text()
    won_before = next(p.actual for p in metrics.goal_progress("month", today())
                      if p.metric == "deals_won")
    negotiation = open_columns(page.board)[-1]
    won = next(view for view in page.board.columns if view.stage.kind == "won")
    card = negotiation.model.card(0)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    drag_card(qtbot, page.board, negotiation, 0, won)
    assert deals.get(card.id).status == "won"
    qtbot.waitUntil(lambda: page.goals.items["deals_won"].value_label.text() != before)
    assert page.goals.items["deals_won"].value_label.text().startswith(str(won_before + 1))


def test_keyboard_moves_the_selected_deal(qtbot, window, page):
    first, second = open_columns(page.board)[:2]
    card = first.model.card(0)
    page.board.focus_deal(card.id)
    qtbot.keyClick(first.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert deals.get(card.id).stage_id == second.stage.id
    assert second.model.row_of(card.id) is not None


def _card_with_lines(page: DealsPage):
    for view in open_columns(page.board):
        for row, card in enumerate(view.model.cards):
            if deals.lines(card.id):
                return view, row, card
    raise AssertionError("the demo has no open deal with product lines")


def test_edit_product_lines_the_amount_follows_and_undo_restores_it(qtbot, window, page):
    view, row, card = _card_with_lines(page)
    lines = deals.lines(card.id)
    first = lines[0]
    seen: dict[str, str] = {}

    def edit(editor: DealEditor) -> None:
        quantity = editor.lines_table.cell_widget(0, "quantity")
        quantity.setFocus()
        quantity.selectAll()
        qtbot.keyClicks(quantity, str(int(first.quantity) + 2))
        seen["amount"] = editor.amount_edit.text()
        qtbot.mouseClick(editor.buttons.button(QDialogButtonBox.StandardButton.Save),
                         Qt.MouseButton.LeftButton)

    waiting = when_modal(DealEditor, edit)  # noqa: F841 - kept alive while it waits
    point = view.view.visualRect(view.model.index(row)).center()
    qtbot.mouseClick(view.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(view.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: "amount" in seen)
    # Two more of the first line's product: the amount grows by twice its line price.
    added = (first.unit_price * 2 * (100 - first.discount_pct) / 100).quantize(card.amount)
    assert deals.get(card.id).amount == card.amount + added
    assert seen["amount"] == f"{card.amount + added:.2f}"
    stage_view = page.board.column_for_stage(card.stage_id)
    assert stage_view.model.card(stage_view.model.row_of(card.id)).amount == card.amount + added
    assert window.undo_action.text().startswith("&Undo Edit deal")
    window.undo_action.trigger()
    assert deals.get(card.id).amount == card.amount
    assert [line.quantity for line in deals.lines(card.id)] == [line.quantity for line in lines]


def test_new_deal_from_a_column_lands_in_it_and_undo_removes_it(qtbot, window, page):
    second = open_columns(page.board)[1]
    count = second.model.rowCount()

    def fill(editor: DealEditor) -> None:
        editor.title_edit.setFocus()
        qtbot.keyClicks(editor.title_edit, "Roaster for the harbour cafe")
        editor.amount_edit.setFocus()
        editor.amount_edit.selectAll()
        qtbot.keyClicks(editor.amount_edit, "12500")
        qtbot.mouseClick(editor.buttons.button(QDialogButtonBox.StandardButton.Save),
                         Qt.MouseButton.LeftButton)

    waiting = when_modal(DealEditor, fill)  # noqa: F841 - kept alive while it waits
    qtbot.mouseDClick(second.view.viewport(), Qt.MouseButton.LeftButton,
                      pos=QPoint(20, second.view.viewport().height() - 5))
    qtbot.waitUntil(lambda: second.model.rowCount() == count + 1)
    new = next(c for c in second.model.cards if c.title == "Roaster for the harbour cafe")
    assert second.model.rowCount() == count + 1
    assert deals.get(new.id).stage_id == second.stage.id
    window.undo_action.trigger()
    assert second.model.row_of(new.id) is None
    assert listing.count(listing.Query("deals", text="harbour cafe")) == 0


def test_delete_a_deal_asks_first_and_undo_brings_it_back(qtbot, window, page, monkeypatch):
    from smeplanner.ui.dialogs import messages

    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm",
                        lambda _parent, _title, text, _action: asked.append(text) or True)
    first = open_columns(page.board)[0]
    card = first.model.card(0)
    lines = len(deals.lines(card.id))
    page.board.focus_deal(card.id)
    qtbot.keyClick(first.view, Qt.Key.Key_Delete)
    assert asked and card.title in asked[0]
    assert first.model.row_of(card.id) is None
    window.undo_action.trigger()
    assert deals.get(card.id).title == card.title
    assert len(deals.lines(card.id)) == lines
    assert first.model.row_of(card.id) is not None
