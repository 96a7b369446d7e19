"""The week grid and the agenda list driven as a user would: clicks, drags, keys."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from smeplanner.core.week import TimeSplit, WeekItem, WeekPlan
from smeplanner.ui.widgets.week.agenda_view import AgendaView
from smeplanner.ui.widgets.week.week_grid import WeekGrid

MONDAY = date(2026, 11, 23)


def item(record_id: int, subject: str, day: date, *, kind: str = "task", record="activity",
         hat: str = "sales", done: bool = False) -> WeekItem:
    return WeekItem(record, record_id, kind, day, None, 30, subject, hat, done,
                    contact_id=7, contact="Anna Schmidt")


def make_plan(count_monday: int = 3, overdue: int = 2) -> WeekPlan:
    days = {MONDAY + timedelta(days=n): [] for n in range(7)}
    for number in range(count_monday):
        days[MONDAY].append(item(number + 1, f"Task {number + 1}", MONDAY))
    days[MONDAY + timedelta(days=1)].append(
        item(50, "Coffee fair", MONDAY + timedelta(days=1), kind="campaign_start",
             record="campaign", hat="marketing"))
    days[MONDAY + timedelta(days=2)].append(item(60, "Post", MONDAY + timedelta(days=2),
                                                 hat="marketing", done=True))
    late = [item(100 + n, f"Late {n}", MONDAY - timedelta(days=n + 1)) for n in range(overdue)]
    return WeekPlan(MONDAY, days, late, overdue + 10, TimeSplit(90, 30, 60))


@pytest.fixture
def grid(qtbot):
    widget = WeekGrid()
    qtbot.addWidget(widget)
    widget.resize(1200, 500)
    widget.set_plan(make_plan(), MONDAY)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def center(rect) -> QPoint:
    return rect.center()


def test_columns_are_overdue_then_seven_days(grid):
    assert grid.columns[0].key == "overdue"
    assert grid.days() == [MONDAY + timedelta(days=n) for n in range(7)]
    assert grid.columns[0].total == 12
    plan = make_plan(overdue=0)
    grid.set_plan(WeekPlan(plan.first, plan.days, [], 0, plan.split), MONDAY)
    assert grid.columns[0].key == MONDAY  # no overdue column without overdue items


def test_clicking_the_box_ticks_an_activity_off(grid, qtbot):
    key = ("activity", 2, "task")
    with qtbot.waitSignal(grid.done_toggled) as toggled:
        QTest.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton,
                         pos=center(grid.check_rect(key)))
    assert toggled.args[0].record_id == 2
    assert grid.selected_item().record_id == 2


@pytest.mark.parametrize("view_name", ["grid", "agenda"])
def test_double_clicking_the_box_ticks_once_and_opens_nothing(request, qtbot, view_name):
    view = request.getfixturevalue(view_name)
    key = ("activity", 2, "task")
    if view_name == "grid":
        point = center(view.check_rect(key))
    else:
        rect = view.visualRect(view.agenda.index_of(key))
        point = QPoint(rect.left() + 8, rect.center().y())
    ticked, opened = [], []
    view.done_toggled.connect(ticked.append)
    view.open_requested.connect(opened.append)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert opened == []
    assert ticked and {item.record_id for item in ticked} == {2}


def test_clicking_an_event_box_does_not_tick_it(grid, qtbot):
    key = ("campaign", 50, "campaign_start")
    with qtbot.assertNotEmitted(grid.done_toggled):
        QTest.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton,
                         pos=center(grid.check_rect(key)))
    assert grid.selected_item().record_id == 50


def drag(widget, start: QPoint, end: QPoint) -> None:
    viewport = widget.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    step = QApplication.startDragDistance() + 2
    for point in (start + QPoint(step, 0), (start + end) / 2, end):
        event = QMouseEvent(QMouseEvent.Type.MouseMove, point, viewport.mapToGlobal(point),
                            Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(viewport, event)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def test_dragging_an_item_to_thursday_asks_to_move_it_there(grid, qtbot):
    start = center(grid.rect_of(("activity", 1, "task")))
    thursday = grid.column_rect(grid.day_column(MONDAY + timedelta(days=3)))
    with qtbot.waitSignal(grid.reschedule_requested) as moved:
        drag(grid, start, QPoint(thursday.center().x(), 30))
    assert moved.args[0].record_id == 1
    assert moved.args[1] == MONDAY + timedelta(days=3)


def test_dropping_on_its_own_day_or_the_overdue_column_moves_nothing(grid, qtbot):
    start = center(grid.rect_of(("activity", 1, "task")))
    with qtbot.assertNotEmitted(grid.reschedule_requested):
        drag(grid, start, start + QPoint(0, 60))
        drag(grid, start, QPoint(grid.column_rect(0).center().x(), 30))


def test_an_overdue_item_dropped_on_today_is_moved(grid, qtbot):
    start = center(grid.rect_of(("activity", 100, "task")))
    monday = grid.column_rect(grid.day_column(MONDAY))
    with qtbot.waitSignal(grid.reschedule_requested) as moved:
        drag(grid, start, QPoint(monday.center().x(), 200))
    assert moved.args[1] == MONDAY


def test_escape_cancels_a_drag(grid, qtbot):
    start = center(grid.rect_of(("activity", 1, "task")))
    viewport = grid.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    far = QPoint(grid.column_rect(5).center().x(), 30)
    QApplication.sendEvent(viewport, QMouseEvent(
        QMouseEvent.Type.MouseMove, far, viewport.mapToGlobal(far), Qt.MouseButton.NoButton,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    QTest.keyClick(grid, Qt.Key.Key_Escape)
    with qtbot.assertNotEmitted(grid.reschedule_requested):
        QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=far)


def test_double_click_opens_an_item_or_adds_on_an_empty_day(grid, qtbot):
    with qtbot.waitSignal(grid.open_requested) as opened:
        QTest.mouseDClick(grid.viewport(), Qt.MouseButton.LeftButton,
                          pos=center(grid.rect_of(("activity", 3, "task"))))
    assert opened.args[0].subject == "Task 3"
    friday = grid.column_rect(grid.day_column(MONDAY + timedelta(days=4)))
    with qtbot.waitSignal(grid.new_requested) as added:
        QTest.mouseDClick(grid.viewport(), Qt.MouseButton.LeftButton,
                          pos=QPoint(friday.center().x(), 300))
    assert added.args[0] == MONDAY + timedelta(days=4)


def test_keyboard_walks_ticks_moves_and_opens(grid, qtbot):
    grid.select(("activity", 1, "task"))
    grid.setFocus()
    QTest.keyClick(grid, Qt.Key.Key_Down)
    assert grid.selected_item().record_id == 2
    QTest.keyClick(grid, Qt.Key.Key_End)
    assert grid.selected_item().record_id == 3
    QTest.keyClick(grid, Qt.Key.Key_Right)
    assert grid.selected_item().record_id == 50  # the next column holding items
    QTest.keyClick(grid, Qt.Key.Key_Left)
    QTest.keyClick(grid, Qt.Key.Key_Home)
    assert grid.selected_item().record_id == 1
    with qtbot.waitSignal(grid.done_toggled):
        QTest.keyClick(grid, Qt.Key.Key_Space)
    with qtbot.waitSignal(grid.reschedule_requested) as moved:
        QTest.keyClick(grid, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert moved.args[1] == MONDAY + timedelta(days=1)
    with qtbot.waitSignal(grid.open_requested):
        QTest.keyClick(grid, Qt.Key.Key_Return)


def test_a_busy_day_scrolls_and_keeps_the_selection_across_reloads(grid):
    grid.set_plan(make_plan(count_monday=600), MONDAY)
    assert grid.verticalScrollBar().maximum() > 0
    rect = grid.rect_of(("activity", 550, "task"))
    assert grid.viewport().rect().contains(rect.center())
    assert grid.hit(rect.center()) == (grid.day_column(MONDAY), 549)
    grid.select(("activity", 550, "task"))
    grid.set_plan(make_plan(count_monday=600), MONDAY)
    assert grid.selected_item().record_id == 550


def test_tooltip_text_is_plain_and_complete(grid):
    from smeplanner.ui.widgets.week.painting import tooltip

    text = tooltip(item(9, "<b>Call</b> Anna", MONDAY))
    assert text.startswith("<b>Call</b> Anna\nTask · Sales")
    assert "Anna Schmidt" in text


def test_grid_paints_without_errors(grid):
    picture = grid.grab()
    assert not picture.isNull() and picture.width() == grid.width()


@pytest.fixture
def agenda(qtbot):
    view = AgendaView()
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.set_plan(make_plan(), MONDAY)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_agenda_groups_by_day_with_overdue_folded(agenda):
    model = agenda.agenda
    assert model.rowCount() == 8
    assert "Overdue" in model.index(0, 0).data()
    assert not agenda.isExpanded(model.index(0, 0))
    assert agenda.isExpanded(model.index(1, 0))
    monday = model.index(1, 0)
    assert model.rowCount(monday) == 3
    assert model.index(0, 1, monday).data() == "Task 1"
    assert model.index(0, 0, monday).data(Qt.ItemDataRole.CheckStateRole) == \
        Qt.CheckState.Unchecked


def test_agenda_keys_tick_move_and_open(agenda, qtbot):
    assert agenda.select(("activity", 2, "task"))
    agenda.setFocus()
    with qtbot.waitSignal(agenda.done_toggled) as toggled:
        QTest.keyClick(agenda, Qt.Key.Key_Space)
    assert toggled.args[0].record_id == 2
    with qtbot.waitSignal(agenda.reschedule_requested) as moved:
        QTest.keyClick(agenda, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert moved.args[1] == MONDAY - timedelta(days=1)
    with qtbot.waitSignal(agenda.open_requested):
        QTest.keyClick(agenda, Qt.Key.Key_Return)


def test_agenda_keeps_the_overdue_group_open_and_the_place_after_a_tick(agenda, qtbot):
    """Working down the overdue pile with Space: each ticked item leaves the list; the
    group stays open and the next item is the current one."""
    model = agenda.agenda
    agenda.setExpanded(model.index(0, 0), True)
    assert agenda.select(("activity", 100, "task"))
    plan = make_plan(overdue=3)
    without_first = WeekPlan(plan.first, plan.days, plan.overdue[1:], 12, plan.split)
    agenda.set_plan(without_first, MONDAY)
    assert agenda.isExpanded(model.index(0, 0))
    assert agenda.current_item().key == ("activity", 101, "task")
    # Group headings span the row: "Mon 23 Nov · Today · 3 items" is not cut at "When".
    assert all(agenda.isFirstColumnSpanned(row, QModelIndex())
               for row in range(model.rowCount()))


def test_agenda_click_on_the_box_ticks(agenda, qtbot):
    index = agenda.agenda.index_of(("activity", 1, "task"))
    rect = agenda.visualRect(index)
    with qtbot.waitSignal(agenda.done_toggled):
        QTest.mouseClick(agenda.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(rect.left() + 8, rect.center().y()))


def test_agenda_model_keeps_qts_rules(qtmodeltester):
    from smeplanner.ui.widgets.week.agenda_view import AgendaModel

    model = AgendaModel()
    model.set_plan(make_plan(), MONDAY)
    qtmodeltester.check(model)


def test_the_item_menu_offers_what_the_item_allows(grid, qtbot):
    task = grid.item(("activity", 1, "task"))
    texts = [action.text() for action in grid.menu_for(task).actions() if action.text()]
    assert texts == ["Tick off", "Edit…", "Open", "Move to", "Delete"]
    event = grid.item(("campaign", 50, "campaign_start"))
    assert [a.text() for a in grid.menu_for(event).actions()] == ["Open"]
    with qtbot.waitSignal(grid.reschedule_requested) as moved:
        grid.act(task, ("move", MONDAY + timedelta(days=7)))
    assert moved.args[1] == MONDAY + timedelta(days=7)
    with qtbot.waitSignal(grid.delete_requested):
        grid.act(task, ("delete",))
    with qtbot.waitSignal(grid.edit_requested):
        grid.act(task, ("edit",))


def test_the_agenda_has_the_same_menu(agenda, qtbot):
    task = agenda.agenda.item(agenda.agenda.index_of(("activity", 2, "task")))
    with qtbot.waitSignal(agenda.done_toggled):
        agenda.act(task, ("done",))
    assert "Reopen" in [a.text() for a in agenda.menu_for(
        agenda.agenda.item(agenda.agenda.index_of(("activity", 60, "task")))).actions()]


@pytest.mark.parametrize("view_name", ["grid", "agenda"])
def test_the_menu_key_opens_the_selected_items_menu_and_delete_deletes_it(
        request, qtbot, monkeypatch, view_name):
    """From the keyboard (Menu key, Shift+F10) Qt puts the menu event in the middle of the
    view: the menu must be the selected item's, whatever lies under that point."""
    from PySide6.QtGui import QContextMenuEvent

    view = request.getfixturevalue(view_name)
    key = ("activity", 2, "task")
    assert view.select(key)
    opened: list[tuple[tuple, QPoint]] = []

    class Menu:  # stands in for the QMenu, whose exec() would wait for a click
        def __init__(self, item) -> None:
            self.item = item

        def exec(self, where):
            opened.append((self.item.key, where))

    monkeypatch.setattr(view, "menu_for", Menu)
    middle = view.rect().center()
    QApplication.sendEvent(view, QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, middle,
                                                   view.mapToGlobal(middle)))
    [(shown, where)] = opened
    assert shown == key
    # Opened at the item, not in the middle of the view.
    assert where != view.mapToGlobal(middle)
    with qtbot.waitSignal(view.delete_requested) as deleted:
        QTest.keyClick(view, Qt.Key.Key_Delete)
    assert deleted.args[0].key == key
