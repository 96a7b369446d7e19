"""A table of a record's lines, each cell an editing widget: what the deal's product lines and
the campaign's expenses have in common."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from smeplanner.ui.formatting import format_amount


class LinesTable(QWidget):
    """One row per line, Add and Remove buttons, the total under them.

    A subclass calls :meth:`_build` once, makes a row's widgets and hands them to
    :meth:`_insert_row` (a row object whose ``widgets()`` gives them in column order and
    which has an attribute per name of ``COLUMNS``), and says what the lines add up to
    (:meth:`total`).

    Signals:
        changed(): a line was added, removed or edited (the total may have moved).
    """

    changed = Signal()
    # The core's names of a line's fields, in column order.
    COLUMNS: tuple[str, ...] = ()

    def __init__(self, currency: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._currency = currency
        self._rows: list[Any] = []

    def _build(self, *, headers: Sequence[str], stretch: int,
               widths: Sequence[tuple[int, int]], empty_text: str, add_text: str,
               remove_text: str) -> None:
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(list(headers))
        # The cells are widgets: a selection would colour nothing useful. The current row
        # (the last one edited) still says which line Remove takes.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        for column, width in widths:
            self.table.setColumnWidth(column, width)
        self.empty_hint = QLabel(empty_text, self.table.viewport())
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setEnabled(False)  # greyed: a hint, not content
        self.table.viewport().installEventFilter(self)
        self.add_button = QPushButton(add_text)
        self.remove_button = QPushButton(remove_text)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.total_label = QLabel()
        self.total_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.total_label.font()
        font.setBold(True)
        self.total_label.setFont(font)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.total_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._refresh()

    # --- values --------------------------------------------------------------------------

    def total(self) -> Decimal | None:
        """The sum of the lines, or None while a line's figures do not read."""
        raise NotImplementedError

    def add_line(self) -> int:
        """A new line, its first field to fill in focused; returns its row."""
        raise NotImplementedError

    def has_lines(self) -> bool:
        return bool(self._rows)

    def cell_widget(self, row: int, field: str) -> QWidget | None:
        """The editor of line ``row`` (0-based) for a field of the core's names."""
        if not 0 <= row < len(self._rows) or field not in self.COLUMNS:
            return None
        return getattr(self._rows[row], field)

    def remove_line(self, index: int) -> None:
        if not 0 <= index < len(self._rows):
            return
        self.table.removeRow(index)
        del self._rows[index]
        self._refresh()
        self.changed.emit()

    # --- rows ----------------------------------------------------------------------------

    def _insert_row(self, row: Any) -> None:
        """Put a new line's widgets in a row at the end."""
        index = self.table.rowCount()
        self.table.insertRow(index)
        for column, widget in enumerate(row.widgets()):
            self.table.setCellWidget(index, column, widget)
            # Editing a cell makes its row current, so Remove knows which one.
            widget.installEventFilter(self)
        self._rows.append(row)

    def _refresh(self) -> None:
        total = self.total()
        self.total_label.setText(self.tr("Total: {amount}").format(
            amount="—" if total is None else format_amount(total, self._currency)))
        self.total_label.setVisible(self.has_lines())
        self.empty_hint.setVisible(not self.has_lines())
        self.remove_button.setEnabled(self.has_lines())

    # --- slots ---------------------------------------------------------------------------

    def _on_line_edited(self) -> None:
        self._refresh()
        self.changed.emit()

    def _on_add_button_clicked(self) -> None:
        self.add_line()

    def _on_remove_button_clicked(self) -> None:
        row = self.table.currentRow()
        self.remove_line(row if row >= 0 else len(self._rows) - 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.empty_hint.setGeometry(self.table.viewport().rect())
        elif event.type() == QEvent.Type.FocusIn:
            for index, row in enumerate(self._rows):
                if watched in row.widgets():
                    self.table.setCurrentCell(index, row.widgets().index(watched))
                    break
        return super().eventFilter(watched, event)
