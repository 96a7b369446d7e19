"""Reminders while the app runs: the polling scheduler, tray notices, and their wiring.

Nothing here needs a server: a QTimer asks ``core.reminders`` what is due, every 30 s by
default, on the GUI thread (the look-up reads a few rows of a partial index). The clock
is injected, so a test moves time forward instead of sleeping.
"""

from __future__ import annotations

import html
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QBoxLayout, QMainWindow, QSystemTrayIcon, QWidget

from smeplanner.core.timeutil import utcnow
from smeplanner.ui.widgets.reminder_banner import ReminderBanner, describe

if TYPE_CHECKING:  # the window shell is shown before the database layer is imported
    from smeplanner.core.reminders import Reminder

Clock = Callable[[], datetime]
_CONTEXT = "Reminders"
# How long asking the desktop's notification server what it can do may take, in ms.
_PROBE_TIMEOUT_MS = 500
# Called by this name so that pyside6-lupdate finds the literal strings.
translate = QCoreApplication.translate


class ReminderScheduler(QObject):
    """Polls for due reminders and announces each one once.

    An activity is announced again only when its ``remind_at`` changed (snoozed, or
    rescheduled) and it came due again. The callables default to ``core.reminders``.

    Signals:
        due(list): Reminders that newly came due, oldest first.
        withdrawn(list): ids of announced reminders that are no longer due (done,
            rescheduled, deleted, or snoozed or dismissed elsewhere).
        changed(list): ids of activities whose reminder this scheduler snoozed or dismissed.
    """

    due = Signal(list)
    withdrawn = Signal(list)
    changed = Signal(list)

    def __init__(self, *, due_reminders: Callable[[datetime], list[Reminder]] | None = None,
                 snooze: Callable[[int, datetime, datetime], Any] | None = None,
                 dismiss: Callable[[list[int]], Any] | None = None,
                 snooze_choices: Callable[[datetime], dict[str, datetime]] | None = None,
                 clock: Clock = utcnow, interval_ms: int = 30_000,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        from smeplanner.core import reminders  # the database layer, after the window shows

        self._due_reminders = due_reminders or reminders.due_reminders
        self._snooze = snooze or reminders.snooze
        self._dismiss = dismiss or reminders.dismiss
        self._snooze_choices = snooze_choices or reminders.snooze_choices
        self.clock = clock
        self._announced: dict[int, datetime] = {}  # activity id -> remind_at announced
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> None:
        """Poll every interval from now on (call :meth:`check_now` for a look at once)."""
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def check_now(self) -> list[Reminder]:
        """Look for due reminders now; returns (and emits) those not announced before."""
        current = self._due_reminders(self.clock())
        before = self._announced
        self._announced = {reminder.activity_id: reminder.remind_at for reminder in current}
        gone = [activity_id for activity_id in before if activity_id not in self._announced]
        fresh = [reminder for reminder in current
                 if before.get(reminder.activity_id) != reminder.remind_at]
        if gone:
            self.withdrawn.emit(gone)
        if fresh:
            self.due.emit(fresh)
        return fresh

    def snooze(self, activity_id: int, choice: str) -> datetime | None:
        """Snooze by a choice of ``core.reminders.SNOOZE_CHOICES``; returns the new time, or
        None when the activity no longer exists (it is then withdrawn)."""
        from smeplanner.core.errors import ValidationError

        now = self.clock()
        until = self._snooze_choices(now)[choice]
        self._announced.pop(activity_id, None)
        try:
            self._snooze(activity_id, until, now)
        except ValidationError:
            # The choices are all in the future, so the id is gone (deleted meanwhile).
            self.withdrawn.emit([activity_id])
            return None
        self.changed.emit([activity_id])
        return until

    def dismiss(self, activity_ids: Iterable[int]) -> None:
        ids = list(activity_ids)
        self._dismiss(ids)
        for activity_id in ids:
            self._announced.pop(activity_id, None)
        self.changed.emit(ids)

    def _on_timer_timeout(self) -> None:
        self.check_now()


class TrayNotifier(QObject):
    """Shows due reminders as desktop notifications from a system-tray icon; does nothing
    where there is no tray (the offscreen platform, some desktops): the banner remains.

    Signals:
        activated(): the user clicked a notification or the tray icon.
    """

    activated = Signal()

    def __init__(self, icon: QIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tray: QSystemTrayIcon | None = None
        # Whether the notices' text is read as markup; asked at the first notice.
        self.reads_markup: bool | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip(QCoreApplication.applicationName())
            self.tray.messageClicked.connect(self.activated)
            self.tray.activated.connect(self._on_tray_activated)
            self.tray.show()

    @property
    def available(self) -> bool:
        return self.tray is not None

    def notify(self, reminders: Sequence[Reminder]) -> None:
        if self.tray is None or not reminders:
            return
        title = (translate(_CONTEXT, "Reminder") if len(reminders) == 1
                 else translate(_CONTEXT, "%n reminders", "", len(reminders)))
        lines = [describe(reminder) for reminder in reminders[:3]]
        if len(reminders) > 3:
            lines.append(translate(_CONTEXT, "and %n more", "", len(reminders) - 3))
        if self.reads_markup is None:
            self.reads_markup = notices_read_markup()
        self.tray.showMessage(title, notice_body(lines, markup=self.reads_markup),
                              QSystemTrayIcon.MessageIcon.Information, 15_000)

    def _on_tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.activated.emit()


def notice_body(lines: Sequence[str], *, markup: bool) -> str:
    """The text of a tray notice: subjects as typed, escaped where it is read as markup."""
    text = "\n".join(lines)
    return html.escape(text, quote=False) if markup else text


def notices_read_markup() -> bool:
    """Whether tray notices go to a notification server that reads markup in their text.

    Where a StatusNotifier tray runs (KDE, GNOME with its extension...), Qt sends notices
    unescaped to the freedesktop notification server, and one with "body-markup" shows
    "<b>x</b>" in bold and drops "<img …>". Elsewhere (Windows, macOS, Qt's own balloon on
    X11) the text is plain. Any failure to ask counts as plain text.
    """
    if sys.platform in ("win32", "darwin"):
        return False
    try:
        from PySide6.QtDBus import QDBus, QDBusConnection, QDBusMessage

        bus = QDBusConnection.sessionBus()
        if not bus.isConnected() or not bus.interface().isServiceRegistered(
                "org.kde.StatusNotifierWatcher").value():  # Qt's own test for its D-Bus tray
            return False
        ask = QDBusMessage.createMethodCall(
            "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
            "org.freedesktop.Notifications", "GetCapabilities")
        reply = bus.call(ask, QDBus.CallMode.Block, _PROBE_TIMEOUT_MS)
        capabilities = reply.arguments()[0] if reply.arguments() else []
        return "body-markup" in (capabilities or [])
    except Exception:  # a desktop that cannot be asked (no bus, an odd reply): plain text
        return False


class InstalledReminders:
    """What :func:`install_reminders` built: ``scheduler``, ``banner``, ``tray``."""

    def __init__(self, window: QMainWindow, scheduler: ReminderScheduler,
                 banner: ReminderBanner, tray: TrayNotifier,
                 missed: Callable[[datetime, datetime], list[Reminder]],
                 ask_missed: Callable[[Sequence[Reminder], QWidget], bool]) -> None:
        self.window = window
        self.scheduler = scheduler
        self.banner = banner
        self.tray = tray
        self._missed = missed
        self._ask_missed = ask_missed

    def start(self) -> None:
        """Show the missed reminders, then the still-due ones in the banner, then poll.

        Only reminders that come due from here on go to the tray: the missed ones were
        just listed, and a notice repeating them would be noise.
        """
        now = self.scheduler.clock()
        missed = self._missed(now, now)
        if missed and self._ask_missed(missed, self.window):
            self.scheduler.dismiss([reminder.activity_id for reminder in missed])
        self.scheduler.check_now()
        self.scheduler.due.connect(self.tray.notify)
        self.scheduler.due.connect(self._on_scheduler_due)
        self.scheduler.start()

    def _on_scheduler_due(self, reminders: list[Reminder]) -> None:
        QApplication.alert(self.window)  # flashes the taskbar entry when in the background

    def bring_to_front(self) -> None:
        if self.window.isMinimized():
            self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()


def install_reminders(window: QMainWindow, banner_host: QBoxLayout | QWidget, *,
                      open_activity: Callable[[int], None] | None = None,
                      clock: Clock = utcnow, interval_ms: int = 30_000,
                      tray_icon: QIcon | None = None,
                      scheduler: ReminderScheduler | None = None,
                      missed: Callable[[datetime, datetime], list[Reminder]] | None = None,
                      ask_missed: Callable[[Sequence[Reminder], QWidget], bool] | None = None,
                      ) -> InstalledReminders:
    """Put reminders in ``window``: a banner at the top of ``banner_host`` (a box layout,
    or a widget with one), tray notices, and the missed-reminders dialog at start-up.

    Wiring in the main window (``session`` is the window's Session)::

        self.reminders = install_reminders(
            self, central_layout, open_activity=self._open_activity)
        self.reminders.scheduler.changed.connect(
            lambda ids: session.notify_records_changed("activity"))
        # A reminder ticked done or moved elsewhere leaves the banner at once:
        session.records_changed.connect(
            lambda kind: kind == "activity" and self.reminders.scheduler.check_now())
        QTimer.singleShot(0, self.reminders.start)  # after the window is painted

    ``open_activity(id)`` shows the activity (the banner's Open). For tests: ``clock`` and
    ``interval_ms`` of the scheduler made here (default timeutil.utcnow, 30 s), or a whole
    ``scheduler`` (its clock is then used); ``missed`` (default core.reminders.missed) and
    ``ask_missed`` (default MissedRemindersDialog.ask).
    """
    layout = banner_host.layout() if isinstance(banner_host, QWidget) else banner_host
    if not isinstance(layout, QBoxLayout):
        raise TypeError("banner_host must be a QBoxLayout or a widget laid out by one")
    if scheduler is None:
        scheduler = ReminderScheduler(clock=clock, interval_ms=interval_ms, parent=window)
    if missed is None:
        from smeplanner.core import reminders

        missed = reminders.missed
    if ask_missed is None:
        from smeplanner.ui.dialogs.missed_reminders import MissedRemindersDialog

        ask_missed = MissedRemindersDialog.ask
    banner = ReminderBanner()
    layout.insertWidget(0, banner)
    tray = TrayNotifier(tray_icon if tray_icon is not None else window.windowIcon(), window)
    installed = InstalledReminders(window, scheduler, banner, tray, missed, ask_missed)

    scheduler.due.connect(banner.add_reminders)
    scheduler.withdrawn.connect(banner.remove)
    scheduler.changed.connect(banner.remove)
    banner.snooze_requested.connect(scheduler.snooze)
    banner.dismiss_requested.connect(scheduler.dismiss)
    if open_activity is not None:
        banner.open_requested.connect(open_activity)
    tray.activated.connect(installed.bring_to_front)
    return installed
