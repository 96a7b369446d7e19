"""The campaign editor's pieces: the expense lines table and a checkable, filterable list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core.campaign_forms import ExpenseData
from smeplanner.ui.forms.editor_parts import date_edit, money_or_text, plain_amount
from smeplanner.ui.forms.lines_table import LinesTable

_KEY_ROLE = Qt.ItemDataRole.UserRole


@dataclass
class _ExpenseRow:
    expense_id: int | None
    spent_on: QDateEdit
    amount: QLineEdit
    vendor: QLineEdit
    note: QLineEdit

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.spent_on, self.amount, self.vendor, self.note)


class ExpenseLinesTable(LinesTable):
    """What a campaign cost: one row per expense (date, amount, vendor, note), Add/Remove
    buttons, the total under them.

    Signals:
        changed(): a line was added, removed or edited (the total may have moved).
    """

    COLUMNS = ("spent_on", "amount", "vendor", "note")

    def __init__(self, currency: str, parent: QWidget | None = None) -> None:
        super().__init__(currency, parent)
        self.new_line_date = date.today()
        self._build(headers=(self.tr("Date"), self.tr("Amount"), self.tr("Vendor"),
                             self.tr("Note")),
                    stretch=3, widths=((0, 120), (1, 110), (2, 190)),
                    empty_text=self.tr("No expenses yet.\nAdd a line for each invoice or "
                                       "payment: printing, ads, the agency's fee..."),
                    add_text=self.tr("Add expense"), remove_text=self.tr("Remove expense"))

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

    def add_line(self) -> int:
        """A new line dated ``new_line_date``, its amount typed next; returns its row."""
        row = self._append_row(None, self.new_line_date)
        self._refresh()
        self.changed.emit()
        self.table.setCurrentCell(len(self._rows) - 1, 1)
        row.amount.setFocus(Qt.FocusReason.OtherFocusReason)
        return len(self._rows) - 1

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
        self._insert_row(row)
        return row

    @staticmethod
    def _amount(row: _ExpenseRow) -> Decimal | None:
        text = row.amount.text().strip()
        if not text:
            return Decimal("0.00")
        amount = money_or_text(text)
        return amount if isinstance(amount, Decimal) else None


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
