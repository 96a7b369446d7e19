"""Shown at start-up: the reminders that came due while SME Planner was closed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smeplanner.ui.widgets.reminder_banner import describe_when

if TYPE_CHECKING:
    from smeplanner.core.reminders import Reminder


class MissedRemindersDialog(QDialog):
    """Lists missed reminders (subject, when due, linked record). "Dismiss all" accepts
    (the caller clears them); "Close" rejects (they stay due, so the banner shows them)."""

    def __init__(self, reminders: Sequence[Reminder], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Missed reminders"))
        heading = QLabel(self.tr("%n reminder(s) came due while SME Planner was closed.", "",
                                 len(reminders)))
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)

        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.list.setHeaderLabels([self.tr("Subject"), self.tr("Due"), self.tr("For")])
        for reminder in reminders:
            # Item text is never read as HTML: subjects show exactly as typed.
            item = QTreeWidgetItem([reminder.subject, describe_when(reminder),
                                    reminder.linked_record])
            item.setData(0, Qt.ItemDataRole.UserRole, reminder.activity_id)
            self.list.addTopLevelItem(item)
        for column in range(self.list.columnCount()):
            self.list.resizeColumnToContents(column)

        self.buttons = QDialogButtonBox()
        self.dismiss_all_button = self.buttons.addButton(
            self.tr("Dismiss all"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.close_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.list)
        layout.addWidget(self.buttons)
        self.resize(560, 320)

    @classmethod
    def ask(cls, reminders: Sequence[Reminder], parent: QWidget | None = None) -> bool:
        """True when the user chose "Dismiss all"."""
        dialog = cls(reminders, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()  # a parented dialog would otherwise live as long as the window

    def activity_ids(self) -> list[int]:
        """The ids listed, top to bottom."""
        return [self.list.topLevelItem(row).data(0, Qt.ItemDataRole.UserRole)
                for row in range(self.list.topLevelItemCount())]
