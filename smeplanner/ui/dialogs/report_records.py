"""The records behind a clicked chart bar: a list that opens a record on double-click."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
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

from smeplanner.core.reports.drill import DrillList
from smeplanner.ui.formatting import format_count

_KIND_LABELS = {"contact": "Contact", "company": "Company", "deal": "Deal",
                "campaign": "Campaign", "activity": "Activity"}


class ReportRecordsDialog(QDialog):
    """Lists a :class:`DrillList` (plain text). Double-click or Enter on a row emits
    ``open_requested(kind, id)`` and closes the list.

    Signals:
        open_requested(str, int): the record to show on its page.
    """

    open_requested = Signal(str, int)

    def __init__(self, records: DrillList, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(records.title)
        shown = len(records.rows)
        if records.total > shown:
            summary = self.tr("Showing {shown} of {total} records.").format(
                shown=format_count(shown), total=format_count(records.total))
        elif records.total:
            summary = self.tr("%n record(s). Double-click one to open it.", "", records.total)
        else:
            summary = self.tr("No records.")
        self.heading = QLabel(records.title)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.summary = QLabel(summary)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)

        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHeaderLabels([self.tr("Record"), self.tr("Kind"), self.tr("Details")])
        for row in records.rows:
            # Item text is never read as HTML: names show exactly as typed.
            item = QTreeWidgetItem([row.title, self.tr(_KIND_LABELS.get(row.kind, row.kind)),
                                    row.detail])
            item.setData(0, Qt.ItemDataRole.UserRole, (row.kind, row.record_id))
            self.list.addTopLevelItem(item)
        self.list.setColumnWidth(0, 300)
        self.list.resizeColumnToContents(1)
        if self.list.topLevelItemCount():
            self.list.setCurrentItem(self.list.topLevelItem(0))
        self.list.itemActivated.connect(self._open)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = buttons.addButton(self.tr("Open"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setEnabled(bool(records.rows))
        self.open_button.clicked.connect(lambda: self._open(self.list.currentItem()))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(720, 440)

    def records(self) -> list[tuple[str, int]]:
        """(kind, id) of each row, top to bottom."""
        return [self.list.topLevelItem(row).data(0, Qt.ItemDataRole.UserRole)
                for row in range(self.list.topLevelItemCount())]

    def _open(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        kind, record_id = item.data(0, Qt.ItemDataRole.UserRole)
        self.accept()
        self.open_requested.emit(kind, record_id)
