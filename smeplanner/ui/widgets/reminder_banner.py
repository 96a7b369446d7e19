"""The in-app reminder strip: the oldest due reminder, with Snooze, Open and Dismiss."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMenu, QToolButton, QWidget

from smeplanner.ui.formatting import format_date, format_time
from smeplanner.ui.widgets.elided_label import ElidedLabel

if TYPE_CHECKING:  # the window shell is shown before the database layer is imported
    from smeplanner.core.reminders import Reminder

_CONTEXT = "ReminderBanner"
# Called by this name so that pyside6-lupdate finds the literal strings.
translate = QCoreApplication.translate

# The keys of core.reminders.SNOOZE_CHOICES (a test keeps them equal), named here so that
# building the banner does not import the database layer.
SNOOZE_KEYS = ("10 min", "1 hour", "tomorrow")


def _snooze_labels() -> tuple[str, ...]:
    return (translate(_CONTEXT, "10 minutes"), translate(_CONTEXT, "1 hour"),
            translate(_CONTEXT, "Tomorrow"))


def describe_when(reminder: Reminder) -> str:
    """When the item is due, in local time: "3/2/26 10:00 AM", or the day of an all-day item."""
    if reminder.due_at is None:
        return format_date(reminder.due_date)
    local = reminder.due_at.astimezone()
    return f"{format_date(local.date())} {format_time(local.hour, local.minute)}"


def describe(reminder: Reminder) -> str:
    """The banner's line: "⏰ subject — when · linked record" (plain text)."""
    text = f"⏰ {reminder.subject} — {describe_when(reminder)}"
    return f"{text} · {reminder.linked_record}" if reminder.linked_record else text


class ReminderBanner(QFrame):
    """Shows the oldest of the due reminders it was given ("and N more" counts the rest);
    hidden while there are none. Its buttons act on the reminder shown; the owner carries
    the request out and then calls :meth:`remove`.

    Signals:
        open_requested(int): show the activity with this id.
        snooze_requested(int, str): snooze it; the str is a key of ``SNOOZE_KEYS``.
        dismiss_requested(list): clear the reminders of these activity ids.
    """

    open_requested = Signal(int)
    snooze_requested = Signal(int, str)
    dismiss_requested = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminderBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Reminder"))
        self._reminders: list[Reminder] = []

        self.text_label = ElidedLabel()
        self.text_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.more_label = QLabel()
        self.more_label.setTextFormat(Qt.TextFormat.PlainText)

        self.snooze_menu = QMenu(self)
        for key, label in zip(SNOOZE_KEYS, _snooze_labels(), strict=True):
            action = self.snooze_menu.addAction(label)
            action.setData(key)
            action.triggered.connect(lambda _checked=False, key=key: self._on_snooze(key))
        self.snooze_button = QToolButton()
        self.snooze_button.setText(self.tr("Snooze ▾"))
        self.snooze_button.setMenu(self.snooze_menu)
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # The ▾ is in the text already; Qt's own indicator would draw a second arrow.
        self.snooze_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        self.open_button = QToolButton()
        self.open_button.setText(self.tr("Open"))
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.dismiss_button = QToolButton()
        self.dismiss_button.setText(self.tr("Dismiss"))
        self.dismiss_button.clicked.connect(self._on_dismiss_button_clicked)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text_label, 1)
        layout.addWidget(self.more_label)
        for button in (self.snooze_button, self.open_button, self.dismiss_button):
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            layout.addWidget(button)
        self._refresh()

    # --- what it shows -----------------------------------------------------------------
    def reminders(self) -> list[Reminder]:
        return list(self._reminders)

    def current(self) -> Reminder | None:
        """The reminder shown (the oldest), or None."""
        return self._reminders[0] if self._reminders else None

    def add_reminders(self, reminders: Iterable[Reminder]) -> None:
        """Show these too; one already shown for the same activity is replaced."""
        by_id = {reminder.activity_id: reminder for reminder in self._reminders}
        by_id.update((reminder.activity_id, reminder) for reminder in reminders)
        self._reminders = sorted(by_id.values(),
                                 key=lambda reminder: (reminder.remind_at,
                                                       reminder.activity_id))
        self._refresh()

    def remove(self, activity_ids: Iterable[int]) -> None:
        gone = set(activity_ids)
        self._reminders = [r for r in self._reminders if r.activity_id not in gone]
        self._refresh()

    def _refresh(self) -> None:
        current = self.current()
        self.text_label.setText(describe(current) if current else "")
        more = len(self._reminders) - 1
        self.more_label.setText(self.tr("and %n more", "", more) if more > 0 else "")
        self.more_label.setVisible(more > 0)
        self.setVisible(current is not None)

    # --- the buttons -------------------------------------------------------------------
    def _on_snooze(self, key: str) -> None:
        if self._reminders:
            self.snooze_requested.emit(self._reminders[0].activity_id, key)

    def _on_open_button_clicked(self) -> None:
        if self._reminders:
            self.open_requested.emit(self._reminders[0].activity_id)

    def _on_dismiss_button_clicked(self) -> None:
        if self._reminders:
            self.dismiss_requested.emit([self._reminders[0].activity_id])
