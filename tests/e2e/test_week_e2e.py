"""The Week page end to end on a demo workspace: open the week, tick off a task, drag a
follow-up to Thursday, quick-add a call for a contact (Ctrl+N) and find it in the week and
in the contact's timeline, plan a task for a deal with no next step from "Needs attention",
and watch the time split and the goal bars follow; then undo."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from smeplanner.core import demo, goals, week
from smeplanner.core.activities import activities
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals
from smeplanner.core.timeutil import today
from smeplanner.ui.dialogs.quick_add import QuickAddDialog
from smeplanner.ui.main_window import MainWindow
from smeplanner.ui.pages.week import AGENDA, GRID, WeekPage
from tests.e2e.helpers import when_modal


@pytest.fixture
def window(make_window, workspace) -> MainWindow:
    demo.build_demo(workspace.database, scale=0.2, seed=5, today=today())
    goals.goals.set_goal("month", today(), "activities_done", 400)
    return make_window(workspace)


@pytest.fixture
def page(qtbot, window) -> WeekPage:
    page = window.show_page("week")
    page.go_to_today()
    page.show_view(0)
    qtbot.waitUntil(lambda: page.plan is not None and bool(page.goals.items))
    return page


def drag(widget, start: QPoint, end: QPoint) -> None:
    viewport = widget.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    step = QApplication.startDragDistance() + 2
    for point in (start + QPoint(step, 0), (start + end) / 2, end):
        QApplication.sendEvent(viewport, QMouseEvent(
            QMouseEvent.Type.MouseMove, point, viewport.mapToGlobal(point),
            Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def open_items(page: WeekPage, kinds: tuple[str, ...]) -> list[week.WeekItem]:
    return [item for item in page.plan.items()
            if item.is_activity and not item.done and item.kind in kinds]


def goal_percent(page: WeekPage) -> str:
    return page.goals.items[("month", "activities_done")].value_label.text()


def test_a_monday_with_the_week(qtbot, window, page):
    grid = page.grid
    assert len(grid.days()) == 7 and page.plan.items()
    thursday = page.first + timedelta(days=(3 - page.first.weekday()) % 7)
    split_before = page.plan.split
    percent_before = goal_percent(page)

    # Tick off a task in place: the box, one click.
    task = open_items(page, ("task", "deadline"))[0]
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton,
                     pos=grid.check_rect(task.key).center())
    assert activities.get(task.record_id).done
    qtbot.waitUntil(lambda: grid.item(task.key).done)
    qtbot.waitUntil(lambda: goal_percent(page) != percent_before)

    # Drag a follow-up to Thursday: it keeps its time of day.
    follow_up = next(item for item in open_items(page, ("call", "email", "meeting"))
                     if item.day != thursday)
    column = grid.column_rect(grid.day_column(thursday))
    drag(grid, grid.rect_of(follow_up.key).center(), QPoint(column.center().x(), 20))
    moved = activities.get(follow_up.record_id)
    assert moved.due_date == thursday
    if follow_up.start is not None:
        assert moved.due_at.astimezone().time() == follow_up.start.time().replace(tzinfo=None)
    qtbot.waitUntil(lambda: grid.item(follow_up.key).day == thursday)
    assert grid.selected_item().key == follow_up.key  # still selected, in its new place

    # Quick add (Ctrl+N) from the Contacts page: linked to the contact selected there.
    person = contacts.list(lifecycle_stage="customer", limit=1)[0]
    contacts_page = window.show_page("contacts")
    contacts_page.show_record(person.id, "contact")

    def fill(dialog: QuickAddDialog) -> None:
        assert dialog.contact_picker.record_id() == person.id
        dialog.date_edit.setDate(thursday)
        dialog.subject_edit.setText("Call about the spring order")
        dialog.accept()

    timer = when_modal(QuickAddDialog, fill)
    window.quick_add_action.trigger()
    timer.stop()
    (call,) = activities.list(subject="Call about the spring order")
    assert (call.kind, call.contact_id, call.due_date) == ("call", person.id, thursday)
    detail = contacts_page.contacts.detail
    qtbot.waitUntil(lambda: any("Call about the spring order" in
                                detail.timeline_list.item(row).text()
                                for row in range(detail.timeline_list.count())))
    window.show_page("week")
    qtbot.waitUntil(lambda: grid.item(("activity", call.id, "call")) is not None)
    assert grid.item(("activity", call.id, "call")).day == thursday
    assert page.plan.split.sales_minutes == split_before.sales_minutes + 15
    assert "Sales" in page.time_split.figures.text()

    # "Needs attention": a deal with no next step gets one planned in two clicks.
    deal = deals.create(title="Office machines for Brandt", contact=person.id, amount="99999")
    window.session.notify_records_changed("deal")
    qtbot.waitUntil(lambda: ("no_next_step", "deal", deal.id) in page.attention.buttons)

    def plan(dialog: QuickAddDialog) -> None:
        assert dialog.deal_picker.record_id() == deal.id
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("task"))
        dialog.subject_edit.setText("Send the machine offer")
        dialog.accept()

    timer = when_modal(QuickAddDialog, plan)
    qtbot.mouseClick(page.attention.buttons[("no_next_step", "deal", deal.id)],
                     Qt.MouseButton.LeftButton)
    timer.stop()
    assert activities.list(deal=deal.id)[0].subject == "Send the machine offer"
    qtbot.waitUntil(lambda: ("no_next_step", "deal", deal.id) not in page.attention.buttons)

    # Undo walks back: the planned task, the call, the move, the tick.
    undo = window.undo_action
    for _ in range(4):
        undo.trigger()
    assert activities.list(deal=deal.id) == []
    assert activities.list(subject="Call about the spring order") == []
    assert activities.get(follow_up.record_id).due_date == follow_up.day
    assert not activities.get(task.record_id).done
    qtbot.waitUntil(lambda: not grid.item(task.key).done)


def test_agenda_mode_and_the_keyboard(qtbot, page):
    page.show_view(1)
    agenda = page.agenda
    item = open_items(page, ("task", "call", "email", "meeting", "deadline"))[0]
    assert agenda.select(item.key)
    agenda.setFocus()
    QTest.keyClick(agenda, Qt.Key.Key_Space)
    assert activities.get(item.record_id).done
    qtbot.waitUntil(lambda: agenda.current_item() is not None and agenda.current_item().done)


def test_weeks_are_walked_and_today_comes_back(qtbot, page):
    first = page.first
    page.next_button.click()
    assert page.first == first + timedelta(days=7)
    page.previous_button.click()
    page.previous_button.click()
    assert page.first == first - timedelta(days=7)
    page.today_button.click()
    assert page.first == first
    assert page.grid.today == today()
    assert page.first <= today() <= page.first + timedelta(days=6)


def test_a_week_sheet_is_printed_to_pdf(qtbot, page, tmp_path, monkeypatch):
    from smeplanner.ui import print_agenda

    target = tmp_path / "week.pdf"
    monkeypatch.setattr(print_agenda, "ask_pdf_path", lambda parent, suggested: target)
    path = page.print_sheet(whole_week=True)
    assert path == str(target) and target.read_bytes().startswith(b"%PDF")



def test_past_midnight_the_week_reads_the_new_day(qtbot, page, monkeypatch):
    """The app left running overnight: at midnight (or when it comes back from sleep)
    today's column moves on and yesterday's open items become overdue; on a new week's
    first day the new week shows."""
    from smeplanner.ui.pages import week as week_page

    late_item = next(item for item in page.plan.days[page.today]
                     if item.is_activity and not item.done)
    tomorrow = page.today + timedelta(days=1)
    monkeypatch.setattr(week_page, "today", lambda: tomorrow)
    page.check_day()
    assert page.today == tomorrow and page.grid.today == tomorrow
    assert page.first <= tomorrow <= page.first + timedelta(days=6)
    assert late_item.key in {item.key for item in page.plan.overdue}
    assert page.day_watcher.is_active()  # waiting for the next midnight


@pytest.mark.parametrize(("before", "after"), [(6, 0), (0, 6), (0, 2), (2, 0)])
def test_changing_the_first_weekday_keeps_today_in_the_week(qtbot, window, page, before,
                                                             after):
    window.session.save_preferences({"week_start": before})
    assert page.first <= today() <= page.first + timedelta(days=6)
    window.session.save_preferences({"week_start": after})
    assert page.first.weekday() == after
    assert page.first <= today() <= page.first + timedelta(days=6)


def test_a_day_sheet_with_an_overdue_item_selected_prints_today(qtbot, page, tmp_path,
                                                                 monkeypatch):
    """An overdue item belongs to an earlier week: the day sheet is today's."""
    from smeplanner.ui import print_agenda

    assert page.plan.overdue, "the demo has nothing overdue"
    late = page.plan.overdue[0]
    assert late.day < page.first
    page.grid.select(late.key)
    assert page.selected_item() == late
    printed = []
    monkeypatch.setattr(print_agenda, "print_agenda", lambda _parent, _plan, day, **_kw:
                        printed.append(day) or tmp_path / "day.pdf")
    assert page.print_sheet(whole_week=False) == str(tmp_path / "day.pdf")
    assert printed == [today()]


def test_a_reminder_fires_in_the_window_and_opens_its_contact(qtbot, window, page):
    from datetime import datetime

    person = contacts.list(lifecycle_stage="customer", limit=1)[0]
    start = datetime.combine(today() + timedelta(days=2), datetime.min.time()).replace(
        hour=10).astimezone()
    call = activities.create(kind="call", subject="Call back about the grinder",
                             contact=person.id, due_at=start, reminder_minutes=15)
    window.reminders.scheduler.clock = lambda: start - timedelta(minutes=20)
    window.start_reminders()
    banner = window.reminders.banner
    assert not banner.isVisible()
    window.reminders.scheduler.clock = lambda: start - timedelta(minutes=14)  # time passes
    window.reminders.scheduler.check_now()
    qtbot.waitUntil(banner.isVisible)
    assert banner.current().activity_id == call.id
    assert "Call back about the grinder" in banner.text_label.text()
    qtbot.mouseClick(banner.open_button, Qt.MouseButton.LeftButton)
    assert window.current_page_key() == "contacts"
    assert window.page("contacts").current_record() == ("contact", person.id)


@pytest.mark.parametrize("view", ["grid", "agenda"])
def test_opening_a_task_of_its_own_selects_it_on_its_day(qtbot, window, page, view):
    """A reminder's Open for a task linked to nothing: the week of its day, the task
    selected in the view the user has (the agenda selected nothing)."""
    task = activities.create(kind="task", subject="Renew the domain",
                             due_date=today() + timedelta(days=9))
    page.show_view(AGENDA if view == "agenda" else GRID)
    assert window.open_activity(task.id)
    assert page.first <= today() + timedelta(days=9) <= page.first + timedelta(days=6)
    selected = page.selected_item()
    assert selected is not None and selected.record_id == task.id


def test_edit_a_time_from_the_menu_and_delete_with_undo(qtbot, window, page):
    from datetime import time

    item = open_items(page, ("call", "meeting"))[0]

    def later(dialog: QuickAddDialog) -> None:
        assert dialog.subject_edit.text() == item.subject
        dialog.all_day_check.setChecked(False)
        dialog.time_edit.setTime(time(17, 15))
        dialog.accept()

    timer = when_modal(QuickAddDialog, later)
    page.grid.act(item, ("edit",))
    timer.stop()
    edited = activities.get(item.record_id)
    assert edited.due_at.astimezone().time().replace(tzinfo=None) == time(17, 15)
    assert edited.due_date == item.day
    page.grid.act(item, ("delete",))
    assert not activities.list(id=item.record_id)
    window.undo_action.trigger()  # the delete
    window.undo_action.trigger()  # the edit
    restored = activities.get(item.record_id)
    assert restored.subject == item.subject
    assert restored.due_at == item.start  # the same instant as before the edit
