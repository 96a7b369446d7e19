"""The pipeline board widget, driven with the mouse and the keyboard as a user would."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget

from smeplanner.core import board, pipeline
from smeplanner.core.deals import deals
from smeplanner.core.timeutil import today
from smeplanner.ui.widgets.deal_board import BoardColumnView, DealBoard


@pytest.fixture
def stages(workspace):
    return {stage.name: stage.id for stage in pipeline.list_stages()}


@pytest.fixture
def filled(workspace, stages):
    ids = {
        "espresso": deals.create(title="Espresso bar", stage=stages["Prospect"], amount="1000",
                                 next_step="Call").id,
        "grinder": deals.create(title="Grinder", stage=stages["Prospect"], amount="500",
                                expected_close=today() - timedelta(days=2)).id,
        "beans": deals.create(title="Beans contract", stage=stages["Negotiation"],
                              amount="2000", next_step="Sign").id,
    }
    return ids


@pytest.fixture
def shown_board(qtbot, filled) -> DealBoard:
    widget = DealBoard("EUR")
    qtbot.addWidget(widget)
    widget.set_columns(board.load_board())
    widget.resize(1200, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def card_point(column: BoardColumnView, row: int) -> QPoint:
    return column.view.visualRect(column.model.index(row)).center()


def drag(qtbot, board_widget: DealBoard, source: BoardColumnView, row: int,
         target: QWidget, target_point: QPoint) -> None:
    """Press on a card, move in steps to ``target_point`` of ``target``, release — all on
    the source viewport, as a real drag delivers them (the pressed widget keeps the mouse)."""
    viewport = source.view.viewport()
    start = card_point(source, row)
    end = viewport.mapFromGlobal(target.mapToGlobal(target_point))
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(viewport, start + (end - start) * step / 5)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def test_columns_show_each_stage_with_count_and_totals(shown_board, stages):
    names = [view.stage.name for view in shown_board.columns]
    assert names == [s.name for s in pipeline.list_stages()]
    prospect = shown_board.column_for_stage(stages["Prospect"])
    assert prospect.count_label.text() == "2"
    # 1,500 in the column; Prospect is 10 %: €150 weighted.
    assert prospect.totals_label.text() == "€1.5k · €150.00 weighted"
    assert shown_board.column_for_stage(stages["Won"]).name_label.text() == "Won this month"


def test_dragging_a_card_to_another_column_asks_to_move_it(qtbot, shown_board, stages, filled):
    source = shown_board.column_for_stage(stages["Prospect"])
    target = shown_board.column_for_stage(stages["Proposal"])
    row = source.model.row_of(filled["espresso"])
    with qtbot.waitSignal(shown_board.move_requested) as moved:
        drag(qtbot, shown_board, source, row, target.view.viewport(), QPoint(40, 40))
    assert moved.args == [filled["espresso"], stages["Proposal"]]
    assert not target.highlighted and shown_board._drag.ghost.isHidden()


def test_a_card_lights_up_the_column_it_is_dragged_over(qtbot, shown_board, stages, filled):
    source = shown_board.column_for_stage(stages["Prospect"])
    target = shown_board.column_for_stage(stages["Qualified"])
    viewport = source.view.viewport()
    start = card_point(source, 0)
    over = viewport.mapFromGlobal(target.view.viewport().mapToGlobal(QPoint(30, 30)))
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, start + QPoint(20, 0))
    qtbot.mouseMove(viewport, over)
    assert target.highlighted and shown_board._drag.ghost.isVisible()
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=over)
    assert not target.highlighted


def test_dropping_back_on_its_own_column_or_a_short_wiggle_moves_nothing(qtbot, shown_board,
                                                                          stages):
    source = shown_board.column_for_stage(stages["Prospect"])
    moves: list[tuple[int, int]] = []
    shown_board.move_requested.connect(lambda deal, stage: moves.append((deal, stage)))
    drag(qtbot, shown_board, source, 0, source.view.viewport(), card_point(source, 1))
    viewport = source.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=card_point(source, 0))
    qtbot.mouseMove(viewport, card_point(source, 0) + QPoint(1, 1))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=card_point(source, 0))
    assert moves == []


def test_keys_move_the_selected_card_and_walk_the_columns(qtbot, shown_board, stages, filled):
    prospect = shown_board.column_for_stage(stages["Prospect"])
    assert shown_board.select_deal(filled["espresso"])
    prospect.view.setFocus()
    with qtbot.waitSignal(shown_board.move_requested) as moved:
        qtbot.keyClick(prospect.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert moved.args == [filled["espresso"], stages["Qualified"]]
    with qtbot.waitSignal(shown_board.open_requested) as opened:
        qtbot.keyClick(prospect.view, Qt.Key.Key_Return)
    assert opened.args == [filled["espresso"]]
    with qtbot.waitSignal(shown_board.delete_requested) as deleted:
        qtbot.keyClick(prospect.view, Qt.Key.Key_Delete)
    assert deleted.args == [filled["espresso"]]
    # Right without Ctrl walks column by column, empty ones too, to Negotiation.
    for _ in range(3):
        qtbot.keyClick(shown_board.focusWidget(), Qt.Key.Key_Right)
    assert shown_board.focusWidget() is shown_board.column_for_stage(stages["Negotiation"]).view
    assert shown_board.selected_deal_id() == filled["beans"]


def test_double_click_opens_a_card_and_on_empty_space_starts_a_new_deal(qtbot, shown_board,
                                                                       stages, filled):
    prospect = shown_board.column_for_stage(stages["Prospect"])
    viewport = prospect.view.viewport()
    point = card_point(prospect, prospect.model.row_of(filled["grinder"]))
    with qtbot.waitSignal(shown_board.open_requested) as opened:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point)
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    assert opened.args == [filled["grinder"]]
    qualified = shown_board.column_for_stage(stages["Qualified"])
    with qtbot.waitSignal(shown_board.new_deal_requested) as new:
        qtbot.mouseDClick(qualified.view.viewport(), Qt.MouseButton.LeftButton,
                          pos=QPoint(40, 40))
    assert new.args == [stages["Qualified"]]


def test_new_columns_keep_the_selection(qtbot, shown_board, filled, stages):
    shown_board.select_deal(filled["beans"])
    deals.update(filled["beans"], stage=stages["Proposal"])
    shown_board.set_columns(board.load_board())
    assert shown_board.selected_deal_id() == filled["beans"]
    proposal = shown_board.column_for_stage(stages["Proposal"])
    assert proposal.selected_row() == proposal.model.row_of(filled["beans"])


def test_the_card_menu_offers_every_other_stage(qtbot, shown_board, stages, filled):
    menu = shown_board.card_menu(filled["espresso"], stages["Prospect"])
    move = next(a.menu() for a in menu.actions() if a.menu() is not None)
    enabled = {a.text(): a.isEnabled() for a in move.actions()}
    assert enabled["Prospect"] is False and enabled["Won"] is True
    with qtbot.waitSignal(shown_board.move_requested) as moved:
        next(a for a in move.actions() if a.text() == "Lost").trigger()
    assert moved.args == [filled["espresso"], stages["Lost"]]
