"""Reminders in the window: a fake clock makes them fire; banner, snooze, dismiss, missed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QVBoxLayout, QWidget

from smeplanner.core import reminders
from smeplanner.core.activities import activities
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals
from smeplanner.ui.dialogs.missed_reminders import MissedRemindersDialog
from smeplanner.ui.reminders import ReminderScheduler, TrayNotifier, install_reminders
from smeplanner.ui.widgets.reminder_banner import SNOOZE_KEYS, ReminderBanner

START = datetime(2026, 3, 2, 9, 40, tzinfo=UTC)


class FakeClock:
    """A clock that only moves when the test says so."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    return FakeClock(START)


@pytest.fixture
def call(workspace):
    """A call at 10:00 UTC about a deal, reminded 15 minutes before (09:45)."""
    anna = contacts.create(first_name="Anna", last_name="Schmidt")
    deal = deals.create(title="Order 42", contact=anna.id)
    return activities.create(kind="call", subject="Call Anna", deal=deal.id,
                             due_at=datetime(2026, 3, 2, 10, 0, tzinfo=UTC),
                             reminder_minutes=15)


@pytest.fixture
def window(qtbot):
    window = QMainWindow()
    central = QWidget()
    layout = QVBoxLayout(central)
    layout.addWidget(QLabel("page"))
    window.setCentralWidget(central)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def installed(window, clock, workspace):
    opened: list[int] = []
    result = install_reminders(window, window.centralWidget(), open_activity=opened.append,
                               clock=clock, interval_ms=10, ask_missed=lambda found, w: False)
    result.opened = opened
    yield result
    result.scheduler.stop()


def pending(activity_id):
    return activities.get(activity_id).remind_at


# --- the scheduler ----------------------------------------------------------------------------

def test_a_reminder_fires_when_the_clock_reaches_it_and_only_once(qtbot, workspace, call, clock):
    scheduler = ReminderScheduler(clock=clock, interval_ms=10)
    ticks = []
    scheduler.timer.timeout.connect(lambda: ticks.append(clock()))
    fired = []
    scheduler.due.connect(fired.append)
    scheduler.start()
    qtbot.waitUntil(lambda: len(ticks) >= 3)  # the timer polls; 09:40 is too early
    assert fired == []

    clock.advance(minutes=5)  # 09:45
    with qtbot.waitSignal(scheduler.due, timeout=2000) as blocker:
        pass
    [reminder] = blocker.args[0]
    assert (reminder.activity_id, reminder.subject, reminder.deal_title) == (
        call.id, "Call Anna", "Order 42")

    seen = len(ticks)
    qtbot.waitUntil(lambda: len(ticks) >= seen + 3)  # more polls, still the same reminder
    assert len(fired) == 1
    assert scheduler.check_now() == []
    scheduler.stop()


def test_snoozed_reminder_fires_again_and_done_one_is_withdrawn(qtbot, workspace, call, clock):
    scheduler = ReminderScheduler(clock=clock)
    clock.advance(minutes=5)
    assert [r.activity_id for r in scheduler.check_now()] == [call.id]
    with qtbot.waitSignal(scheduler.changed) as changed:
        until = scheduler.snooze(call.id, "10 min")
    assert changed.args == [[call.id]]
    assert until == clock() + timedelta(minutes=10) == pending(call.id)
    clock.advance(minutes=9)
    assert scheduler.check_now() == []
    clock.advance(minutes=1)
    assert [r.activity_id for r in scheduler.check_now()] == [call.id]

    activities.set_done(call.id)
    with qtbot.waitSignal(scheduler.withdrawn) as withdrawn:
        scheduler.check_now()
    assert withdrawn.args == [[call.id]]


def test_snoozing_a_deleted_activity_withdraws_it(qtbot, workspace, call, clock):
    scheduler = ReminderScheduler(clock=clock)
    activities.delete(call.id)
    with qtbot.waitSignal(scheduler.withdrawn) as withdrawn:
        assert scheduler.snooze(call.id, "1 hour") is None
    assert withdrawn.args == [[call.id]]


def test_the_banner_offers_the_cores_snooze_choices():
    assert SNOOZE_KEYS == reminders.SNOOZE_CHOICES


def test_no_tray_on_offscreen_means_no_notice_and_no_warning(qtbot, workspace, call, clock):
    notifier = TrayNotifier(QMainWindow().windowIcon())
    assert not notifier.available
    notifier.notify(reminders.due_reminders(clock() + timedelta(hours=1)))


# --- the banner in a window -------------------------------------------------------------------

def test_banner_shows_the_due_reminder_and_open_asks_for_it(qtbot, installed, call, clock):
    installed.start()
    banner = installed.banner
    assert banner.isHidden()
    clock.advance(minutes=5)
    qtbot.waitUntil(banner.isVisible)
    text = banner.text_label.text()
    assert text.startswith("⏰ Call Anna — ") and text.endswith(" · Order 42")
    assert banner.text_label.textFormat() == Qt.TextFormat.PlainText
    assert banner.more_label.isHidden()
    qtbot.mouseClick(banner.open_button, Qt.MouseButton.LeftButton)
    assert installed.opened == [call.id]
    assert banner.isVisible()  # opening it does not answer it


@pytest.mark.parametrize(("index", "key"), list(enumerate(SNOOZE_KEYS)))
def test_each_snooze_action_moves_remind_at(qtbot, installed, call, clock, index, key):
    installed.start()
    clock.advance(minutes=6)
    installed.scheduler.check_now()
    banner = installed.banner
    assert banner.current().activity_id == call.id
    expected = reminders.snooze_choices(clock())[key]
    action = banner.snooze_menu.actions()[index]
    assert action.data() == key
    with qtbot.waitSignal(installed.scheduler.changed):
        action.trigger()
    assert pending(call.id) == expected
    assert reminders.due_reminders(clock()) == []
    assert banner.isHidden()
    clock.now = expected
    installed.scheduler.check_now()
    assert banner.current().activity_id == call.id


def test_snooze_tomorrow_is_nine_local(qtbot, installed, call, clock):
    installed.start()
    clock.advance(minutes=6)
    installed.scheduler.check_now()
    installed.banner.snooze_menu.actions()[2].trigger()
    local = pending(call.id).astimezone()
    assert (local.date(), local.hour, local.minute) == (
        clock().astimezone().date() + timedelta(days=1), 9, 0)


def test_dismiss_clears_the_reminder_and_shows_the_next(qtbot, installed, call, clock):
    other = activities.create(kind="task", subject="<b>Quote</b> & co", due_at=clock.now,
                              reminder_minutes=0)
    third = activities.create(kind="task", subject="Third", due_at=clock.now,
                              reminder_minutes=0)
    clock.advance(minutes=5)
    installed.start()
    banner = installed.banner
    assert banner.current().activity_id == other.id
    assert banner.more_label.text() == "and 2 more"
    # Typed text is shown as typed, never read as HTML.
    assert banner.text_label.text().startswith("⏰ <b>Quote</b> & co — ")

    with qtbot.waitSignal(installed.scheduler.changed) as changed:
        qtbot.mouseClick(banner.dismiss_button, Qt.MouseButton.LeftButton)
    assert changed.args == [[other.id]]
    assert pending(other.id) is None
    assert [r.activity_id for r in banner.reminders()] == [third.id, call.id]
    qtbot.mouseClick(banner.dismiss_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(banner.dismiss_button, Qt.MouseButton.LeftButton)
    assert banner.isHidden()
    assert reminders.due_reminders(clock()) == []
    installed.scheduler.check_now()
    assert banner.isHidden()  # dismissed ones do not come back


def test_banner_sits_at_the_top_of_its_host(installed, window):
    layout = window.centralWidget().layout()
    assert layout.itemAt(0).widget() is installed.banner
    assert isinstance(installed.banner, ReminderBanner)


# --- missed at start-up -----------------------------------------------------------------------

def test_missed_dialog_lists_them_and_dismiss_all_accepts(qtbot, workspace, call, clock):
    clock.advance(days=1)
    missed = reminders.missed(clock(), since=clock())
    dialog = MissedRemindersDialog(missed)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.activity_ids() == [call.id]
    row = dialog.list.topLevelItem(0)
    assert (row.text(0), row.text(2)) == ("Call Anna", "Order 42")
    assert row.text(1)
    qtbot.mouseClick(dialog.dismiss_all_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


@pytest.mark.parametrize("dismiss_all", [True, False])
def test_start_up_asks_about_missed_reminders(qtbot, window, workspace, call, clock,
                                              dismiss_all):
    clock.advance(hours=3)
    asked = []

    def ask(found, parent):
        asked.append([r.activity_id for r in found])
        return dismiss_all

    installed = install_reminders(window, window.centralWidget(), clock=clock,
                                  ask_missed=ask)
    installed.start()
    installed.scheduler.stop()
    assert asked == [[call.id]]
    if dismiss_all:
        assert pending(call.id) is None and installed.banner.isHidden()
    else:  # closed without answering: still due, so the banner keeps it in view
        assert installed.banner.current().activity_id == call.id


def test_no_dialog_when_nothing_was_missed(qtbot, window, workspace, call, clock):
    asked = []
    installed = install_reminders(window, window.centralWidget(), clock=clock,
                                  ask_missed=lambda found, parent: asked.append(found))
    installed.start()
    installed.scheduler.stop()
    assert asked == []
