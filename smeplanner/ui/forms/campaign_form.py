"""The campaign editor's pieces: the expense lines table and a checkable, filterable list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core.campaign_forms import ExpenseData
from smeplanner.core.errors import ValidationError
from smeplanner.core.money import to_decimal
from smeplanner.ui.formatting import format_amount

_KEY_ROLE = Qt.ItemDataRole.UserRole


def money_or_text(text: str) -> Decimal | str:
    """An amount as typed ("1 234,50" is 1234.50), or the text itself when it does not
    read, so that the core names the field."""
    try:
        return to_decimal(text)
    except ValidationError:
        return text


def plain_amount(amount: Decimal) -> str:
    """An amount as it is typed back in: 1234.50."""
    return str(amount.quantize(Decimal("0.01")))


def date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(QDate.currentDate())
    return edit


@dataclass
class _ExpenseRow:
    expense_id: int | None
    spent_on: QDateEdit
    amount: QLineEdit
    vendor: QLineEdit
    note: QLineEdit

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.spent_on, self.amount, self.vendor, self.note)


class ExpenseLinesTable(QWidget):
    """What a campaign cost: one row per expense (date, amount, vendor, note), Add/Remove
    buttons, the total under them.

    Signals:
        changed(): a line was added, removed or edited (the total may have moved).
    """

    changed = Signal()
    COLUMNS = ("spent_on", "amount", "vendor", "note")

    def __init__(self, currency: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._currency = currency
        self._rows: list[_ExpenseRow] = []
        self.new_line_date = date.today()
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([
            self.tr("Date"), self.tr("Amount"), self.tr("Vendor"), self.tr("Note")])
        # The cells are widgets: a selection would colour nothing useful. The current row
        # (the last one edited) says which line Remove line takes.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 120), (1, 110), (2, 190)):
            self.table.setColumnWidth(column, width)
        self.empty_hint = QLabel(self.tr("No expenses yet.\nAdd a line for each invoice or "
                                         "payment: printing, ads, the agency's fee..."),
                                 self.table.viewport())
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setEnabled(False)  # greyed: a hint, not content
        self.table.viewport().installEventFilter(self)
        self.add_button = QPushButton(self.tr("Add expense"))
        self.remove_button = QPushButton(self.tr("Remove expense"))
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

    def set_lines(self, lines: Sequence[ExpenseData]) -> None:
        self.table.setRowCount(0)
        self._rows.clear()
        for line in lines:
            row = self._append_row(line.id, line.spent_on)
            row.amount.setText(plain_amount(line.amount))
            row.vendor.setText(line.vendor)
            row.note.setText(line.note)
            for edit in (row.vendor, row.note):
                edit.setCursorPosition(0)
        self._refresh()

    def lines(self) -> list[dict[str, Any]]:
        """The lines as the core takes them: amounts as Decimal, or as typed when they do
        not read (an empty one too), so that the core names the row and field."""
        return [{
            "id": row.expense_id,
            "spent_on": row.spent_on.date().toPython(),
            "amount": money_or_text(row.amount.text()),
            "vendor": row.vendor.text(),
            "note": row.note.text(),
        } for row in self._rows]

    def has_lines(self) -> bool:
        return bool(self._rows)

    def total(self) -> Decimal | None:
        """The sum of the lines (an empty amount counts as nothing yet), or None while an
        amount does not read."""
        total = Decimal("0.00")
        for row in self._rows:
            amount = self._amount(row)
            if amount is None:
                return None
            total += amount
        return total

    def cell_widget(self, row: int, field: str) -> QWidget | None:
        """The editor of line ``row`` (0-based) for a field of the core's expense names."""
        if not 0 <= row < len(self._rows) or field not in self.COLUMNS:
            return None
        return getattr(self._rows[row], field)

    def add_line(self) -> int:
        """A new line dated ``new_line_date``, its amount typed next; returns its row."""
        row = self._append_row(None, self.new_line_date)
        self._refresh()
        self.changed.emit()
        self.table.setCurrentCell(len(self._rows) - 1, 1)
        row.amount.setFocus(Qt.FocusReason.OtherFocusReason)
        return len(self._rows) - 1

    def remove_line(self, index: int) -> None:
        if not 0 <= index < len(self._rows):
            return
        self.table.removeRow(index)
        del self._rows[index]
        self._refresh()
        self.changed.emit()

    # --- rows ----------------------------------------------------------------------------

    def _append_row(self, expense_id: int | None, spent_on: date) -> _ExpenseRow:
        when = date_edit()
        when.setDate(QDate(spent_on))
        when.setFrame(False)
        when.dateChanged.connect(self._on_line_edited)
        edits = []
        for placeholder in ("0.00", self.tr("Who was paid"), self.tr("What for")):
            edit = QLineEdit()
            edit.setFrame(False)
            edit.setPlaceholderText(placeholder)
            edit.textEdited.connect(self._on_line_edited)
            edits.append(edit)
        amount, vendor, note = edits
        amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        row = _ExpenseRow(expense_id, when, amount, vendor, note)
        index = self.table.rowCount()
        self.table.insertRow(index)
        for column, widget in enumerate(row.widgets()):
            self.table.setCellWidget(index, column, widget)
            # Editing a cell makes its row current, so Remove expense knows which one.
            widget.installEventFilter(self)
        self._rows.append(row)
        return row

    @staticmethod
    def _amount(row: _ExpenseRow) -> Decimal | None:
        text = row.amount.text().strip()
        if not text:
            return Decimal("0.00")
        amount = money_or_text(text)
        return amount if isinstance(amount, Decimal) else None

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


class CheckList(QWidget):
    """A list of choices to tick, with a filter box above it once it is long.

    Signals:
        changed(): an item was ticked or unticked.
    """

    changed = Signal()
    # Fewer choices than this fit without scrolling: no filter box.
    FILTER_FROM = 12

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(placeholder)
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter_edit_changed)
        self.list = QListWidget()
        self.list.setUniformItemSizes(True)
        self.list.itemChanged.connect(self._on_list_item_changed)
        self.empty_hint = QLabel(self.list.viewport())
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setEnabled(False)
        self.list.viewport().installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list, 1)

    def set_empty_text(self, text: str) -> None:
        self.empty_hint.setText(text)

    def set_choices(self, choices: Sequence[tuple[Any, str]], checked: Sequence[Any],
                    ) -> None:
        """(key, label) pairs to offer; keys in ``checked`` are ticked. A checked key that
        is not offered (a tag since deleted) is kept, ticked, at the end."""
        self.list.blockSignals(True)
        self.list.clear()
        offered = [key for key, _label in choices]
        missing = [(key, str(key)) for key in checked if key not in offered]
        # Rows a little taller than the text: ticking 15 lines packed tight is fiddly.
        height = self.list.fontMetrics().height() + 8
        for key, label in [*choices, *missing]:
            item = QListWidgetItem(label)
            item.setSizeHint(QSize(0, height))
            item.setData(_KEY_ROLE, key)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                          | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key in checked
                               else Qt.CheckState.Unchecked)
            if key not in offered:
                item.setToolTip(self.tr("No longer in the workspace"))
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.filter_edit.setVisible(self.list.count() >= self.FILTER_FROM)
        self.empty_hint.setVisible(self.list.count() == 0)

    def checked(self) -> list[Any]:
        """The ticked keys, in the list's order."""
        return [item.data(_KEY_ROLE) for item in self._items()
                if item.checkState() == Qt.CheckState.Checked]

    def set_checked(self, key: Any, checked: bool = True) -> None:
        for item in self._items():
            if item.data(_KEY_ROLE) == key:
                item.setCheckState(Qt.CheckState.Checked if checked
                                   else Qt.CheckState.Unchecked)

    def item(self, key: Any) -> QListWidgetItem | None:
        return next((item for item in self._items() if item.data(_KEY_ROLE) == key), None)

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(row) for row in range(self.list.count())]

    def _on_list_item_changed(self, _item: QListWidgetItem) -> None:
        self.changed.emit()

    def _on_filter_edit_changed(self, text: str) -> None:
        key = text.strip().casefold()
        for item in self._items():
            item.setHidden(bool(key) and key not in item.text().casefold())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list.viewport() and event.type() == QEvent.Type.Resize:
            self.empty_hint.setGeometry(self.list.viewport().rect().adjusted(8, 8, -8, -8))
        return super().eventFilter(watched, event)
