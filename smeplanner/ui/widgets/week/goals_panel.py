"""This month's and this quarter's goals, one above the other, for the week's side panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smeplanner.ui.widgets.goal_progress import GoalItem

if TYPE_CHECKING:
    from smeplanner.core.metrics import GoalProgress


class GoalsPanel(QWidget):
    """The month's goals beside the quarter's, one goal to a row; "Set goals…" opens the
    dialog.

    Signals:
        edit_goals_requested(): the user wants to set or change goals.
    """

    edit_goals_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: dict[tuple[str, str], GoalItem] = {}
        self.title = QLabel(self.tr("Goals"))
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.edit_button = QPushButton(self.tr("Set goals…"))
        self.edit_button.clicked.connect(self.edit_goals_requested)
        self.empty_label = QLabel(self.tr("No goals set for this month or quarter."))
        self.empty_label.setWordWrap(True)
        self.empty_label.setEnabled(False)
        self._sections: dict[str, tuple[QLabel, QGridLayout]] = {}
        title_row = QHBoxLayout()
        title_row.addWidget(self.title)
        title_row.addStretch(1)
        title_row.addWidget(self.edit_button)
        periods = QHBoxLayout()
        periods.setSpacing(18)
        for period, text in (("month", self.tr("This month")),
                             ("quarter", self.tr("This quarter"))):
            label = QLabel(text)
            grid = QGridLayout()
            grid.setContentsMargins(0, 0, 0, 0)
            grid.setVerticalSpacing(4)
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(label)
            column.addLayout(grid)
            column.addStretch(1)
            periods.addLayout(column)
            self._sections[period] = (label, grid)
        periods.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(title_row)
        layout.addLayout(periods)
        layout.addWidget(self.empty_label)

    def set_progress(self, month: list[GoalProgress], quarter: list[GoalProgress],
                     currency: str) -> None:
        for item in self.items.values():
            item.hide()
            item.deleteLater()
        self.items = {}
        for period, progress in (("month", month), ("quarter", quarter)):
            label, grid = self._sections[period]
            shown = [entry for entry in progress if entry.target is not None]
            label.setVisible(bool(shown))
            for index, entry in enumerate(shown):
                item = GoalItem(entry, currency, self)
                grid.addWidget(item, index, 0)
                item.show()
                self.items[(period, entry.metric)] = item
        self.empty_label.setVisible(not self.items)
