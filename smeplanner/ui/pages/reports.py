"""The Reports page; until the metrics land, how many records the workspace holds."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core import listing
from smeplanner.ui.formatting import format_count
from smeplanner.ui.session import Session
from smeplanner.ui.widgets.page_header import PageHeader
from smeplanner.ui.widgets.table_page import PAGE_MARGINS

_ROWS = (("contacts", QT_TRANSLATE_NOOP("ReportsPage", "Contacts")),
         ("companies", QT_TRANSLATE_NOOP("ReportsPage", "Companies")),
         ("deals", QT_TRANSLATE_NOOP("ReportsPage", "Deals")),
         ("campaigns", QT_TRANSLATE_NOOP("ReportsPage", "Campaigns")),
         ("activities", QT_TRANSLATE_NOOP("ReportsPage", "Activities")))


class ReportsPage(QWidget):
    """A read-only summary of the workspace, counted afresh each time the page is shown
    (not before: counting a large workspace takes a moment)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        caption = QLabel(self.tr("Records in this workspace"))
        caption_font = caption.font()
        caption_font.setBold(True)
        caption.setFont(caption_font)

        self.table = QTableWidget(len(_ROWS), 2)
        self.table.setHorizontalHeaderLabels([self.tr("Records"), self.tr("Count")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for row, (_key, label) in enumerate(_ROWS):
            self.table.setItem(row, 0, QTableWidgetItem(self.tr(label)))
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.table.setFixedWidth(380)
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height()
                                  + len(_ROWS) * self.table.verticalHeader().defaultSectionSize()
                                  + 2 * self.table.frameWidth())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.setSpacing(10)
        layout.addWidget(PageHeader(self.tr("Reports")))
        layout.addWidget(caption)
        layout.addWidget(self.table)
        layout.addStretch(1)

    def counts(self) -> dict[str, int]:
        return {key: listing.count(listing.Query(key)) for key, _label in _ROWS}

    def refresh(self) -> None:
        for row, count in enumerate(self.counts().values()):
            item = QTableWidgetItem(format_count(count))
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 1, item)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
