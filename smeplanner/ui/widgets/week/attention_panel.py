"""Needs attention: the Monday review, a group per reason with a one-click action per line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import Qt as GuiQt  # convertFromPlainText lives in QtGui's Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smeplanner.ui.formatting import format_count
from smeplanner.ui.widgets.elided_label import ElidedLabel
from smeplanner.ui.widgets.week.painting import hat_colour

if TYPE_CHECKING:
    from smeplanner.core.attention import AttentionGroup, AttentionItem


class AttentionPanel(QWidget):
    """Groups of items that need the owner; each line has "Plan" (a task linked to it) or
    "Open" (its record).

    Signals:
        plan_requested(object): plan a task for this AttentionItem.
        open_requested(str, int): open this record (kind, id).
    """

    plan_requested = Signal(object)
    open_requested = Signal(str, int)

    def __init__(self, parent: QWidget | None = None, *, columns: int = 3) -> None:
        super().__init__(parent)
        self.columns = columns
        self.title = QLabel(self.tr("Needs attention"))
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.empty_label = QLabel(self.tr("Nothing needs you this week. Well done."))
        self.empty_label.setWordWrap(True)
        self.empty_label.setEnabled(False)
        # Groups side by side, a few to a row, so the review fits a strip under the week.
        self.body = QGridLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setHorizontalSpacing(18)
        self.body.setVerticalSpacing(10)
        for column in range(columns):
            self.body.setColumnStretch(column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.empty_label)
        layout.addLayout(self.body)
        layout.addStretch(1)
        self._sections: list[QWidget] = []
        self.buttons: dict[tuple[str, str, int], QToolButton] = {}

    def set_groups(self, groups: list[AttentionGroup]) -> None:
        for section in self._sections:
            self.body.removeWidget(section)
            section.hide()
            section.deleteLater()
        self._sections = []
        self.buttons = {}
        for number, group in enumerate(groups):
            section = self._section(group)
            self.body.addWidget(section, number // self.columns, number % self.columns,
                                Qt.AlignmentFlag.AlignTop)
            section.show()
            self._sections.append(section)
        self.empty_label.setVisible(not groups)

    def _section(self, group: AttentionGroup) -> QWidget:
        section = QWidget(self)
        grid = QGridLayout(section)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        heading = QLabel(self.tr("{label} ({count})").format(label=group.label,
                                                             count=format_count(group.total)))
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        bold = heading.font()
        bold.setBold(True)
        heading.setFont(bold)
        heading.setStyleSheet(f"color: {hat_colour(group.hat).name()};")
        grid.addWidget(heading, 0, 0, 1, 2)
        for row, item in enumerate(group.items, 1):
            text = QWidget(section)
            lines = QVBoxLayout(text)
            lines.setContentsMargins(0, 2, 0, 2)
            lines.setSpacing(0)
            title = ElidedLabel(item.title)
            detail = ElidedLabel(item.detail)
            detail.setEnabled(False)
            for label in (title, detail):
                label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
                # Escaped: a tooltip that looks like markup is shown as HTML.
                label.setToolTip(GuiQt.convertFromPlainText(f"{item.title}\n{item.detail}"))
                lines.addWidget(label)
            grid.addWidget(text, row, 0)
            grid.addWidget(self._action_button(item), row, 1, Qt.AlignmentFlag.AlignVCenter)
        if group.total > len(group.items):
            more = QLabel(self.tr("and {count} more").format(
                count=format_count(group.total - len(group.items))))
            more.setEnabled(False)
            grid.addWidget(more, len(group.items) + 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        return section

    def _action_button(self, item: AttentionItem) -> QToolButton:
        button = QToolButton()
        if item.action == "plan":
            button.setText(self.tr("Plan"))
            button.setToolTip(self.tr("Plan a task for it this week"))
            button.clicked.connect(lambda: self.plan_requested.emit(item))
        else:
            button.setText(self.tr("Open"))
            button.setToolTip(self.tr("Open it"))
            button.clicked.connect(lambda: self.open_requested.emit(item.record,
                                                                    item.record_id))
        self.buttons[(item.reason, item.record, item.record_id)] = button
        return button

