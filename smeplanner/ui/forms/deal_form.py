"""The deal editor's pieces: a search-as-you-type record picker and the product lines table."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtGui import Qt as GuiQt  # convertFromPlainText lives in QtGui's Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QWidget,
)

from smeplanner.core.deal_forms import LineData, ProductChoice, line_total
from smeplanner.core.errors import ValidationError
from smeplanner.core.money import parse_number_text, to_decimal
from smeplanner.ui.formatting import format_amount
from smeplanner.ui.forms.editor_parts import plain_amount
from smeplanner.ui.forms.lines_table import LinesTable

_ID_ROLE = Qt.ItemDataRole.UserRole
# A picker's lookup: what the user typed → (id, label) of the best matches.
Lookup = Callable[[str], list[tuple[int, str]]]


class RecordPicker(QLineEdit):
    """A line edit that offers matching records as the user types; a record counts once
    picked from the list (or typed to the letter), so ``record_id`` is never a guess.

    Signals:
        picked(int): the user chose a record from the list.
    """

    picked = Signal(int)

    def __init__(self, lookup: Lookup, placeholder: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lookup = lookup
        self._id: int | None = None
        self._label = ""
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.matches = QStandardItemModel(self)
        # setWidget, not setCompleter: the matches come from the database already filtered
        # (substrings too), so the completer must neither filter them again by prefix nor
        # pop up on its own before they are refreshed.
        self.completer_ = QCompleter(self.matches, self)
        self.completer_.setWidget(self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.activated[QModelIndex].connect(self._on_completer_activated)
        self.textEdited.connect(self._on_text_edited)

    def record_id(self) -> int | None:
        return self._id

    def set_record(self, record_id: int | None, label: str = "") -> None:
        """Show a record (None: empty) without offering matches."""
        self._id = record_id
        self._label = label if record_id is not None else ""
        self.setText(self._label)

    def is_unresolved(self) -> bool:
        """Text typed but no record picked."""
        return self._id is None and bool(self.text().strip())

    def resolve(self) -> bool:
        """Take typed text that names exactly one record (to the letter, ignoring case);
        True when the picker holds a record or is empty."""
        if not self.is_unresolved():
            return True
        typed = self.text().strip().casefold()
        exact = [(record_id, label) for record_id, label in self._lookup(self.text())
                 if typed in (label.casefold(), label.split(" — ")[0].casefold())]
        if len(exact) != 1:
            return False
        self.set_record(*exact[0])
        return True

    def _on_text_edited(self, text: str) -> None:
        if text != self._label:
            self._id = None
        self.matches.clear()
        for record_id, label in self._lookup(text) if text.strip() else []:
            item = QStandardItem(label)
            item.setData(record_id, _ID_ROLE)
            item.setEditable(False)
            self.matches.appendRow(item)
        if self.matches.rowCount():
            self.completer_.complete()
        else:
            self.completer_.popup().hide()

    def _on_completer_activated(self, index: QModelIndex) -> None:
        record_id = index.data(_ID_ROLE)
        if record_id is None:
            return
        self.set_record(int(record_id), index.data())
        self.picked.emit(int(record_id))


def _number(text: str) -> Decimal | None:
    """A quantity or a percentage as typed, read as amounts are ("1,5" is 1.5, "1,000" is
    1000), or None."""
    value = parse_number_text(text)
    return value if value is not None and value.is_finite() else None


def _money(text: str) -> Decimal | None:
    try:
        return to_decimal(text)
    except ValidationError:
        return None


@dataclass
class _LineRow:
    product: QComboBox
    description: QLineEdit
    quantity: QLineEdit
    unit_price: QLineEdit
    discount_pct: QLineEdit
    total: QLabel

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.product, self.description, self.quantity, self.unit_price,
                self.discount_pct, self.total)


class DealLinesTable(LinesTable):
    """The products on a deal: one row per line, Add/Remove buttons, the total under them.

    Signals:
        changed(): a line was added, removed or edited (the total may have moved).
    """

    COLUMNS = ("product", "description", "quantity", "unit_price", "discount_pct", "total")

    def __init__(self, currency: str, parent: QWidget | None = None) -> None:
        super().__init__(currency, parent)
        self._products: list[ProductChoice] = []
        self._build(headers=(self.tr("Product"), self.tr("Description"), self.tr("Qty"),
                             self.tr("Unit price"), self.tr("Disc. %"), self.tr("Total")),
                    stretch=1, widths=((0, 200), (2, 52), (3, 88), (4, 60), (5, 96)),
                    empty_text=self.tr("No product lines: the amount is typed above.\n"
                                       "Add a line to sell products; the amount follows."),
                    add_text=self.tr("Add line"), remove_text=self.tr("Remove line"))

    # --- values --------------------------------------------------------------------------

    def set_products(self, products: Sequence[ProductChoice]) -> None:
        """The products a line can name (set before the lines)."""
        self._products = list(products)

    def set_lines(self, lines: Sequence[LineData]) -> None:
        self.table.setRowCount(0)
        self._rows.clear()
        for line in lines:
            row = self._append_row()
            self._select_product(row, line.product_id, line.product_name)
            # The core names a line after its product when it has no description of its
            # own: show that as the hint, so that a product picked later renames it too.
            if line.description != line.product_name:
                row.description.setText(line.description)
                row.description.setCursorPosition(0)
            row.quantity.setText(self._number_text(line.quantity))
            row.unit_price.setText(plain_amount(line.unit_price))
            row.discount_pct.setText(self._number_text(line.discount_pct))
        self._refresh()

    def lines(self) -> list[dict[str, Any]]:
        """The lines as the core takes them: numbers as Decimal (an empty cell is what its
        hint shows: 1, 0.00, 0), or as typed when they do not read as one, so that the core
        names the row and field."""
        return [{
            "product": row.product.currentData(),
            "description": row.description.text(),
            "quantity": self._or_text(_number(row.quantity.text() or "1"), row.quantity),
            "unit_price": self._or_text(_money(row.unit_price.text() or "0.00"),
                                        row.unit_price),
            "discount_pct": self._or_text(_number(row.discount_pct.text() or "0"),
                                          row.discount_pct),
        } for row in self._rows]

    def total(self) -> Decimal | None:
        """The sum of the lines, or None while a line's numbers do not read."""
        totals = [self._row_total(row) for row in self._rows]
        if any(total is None for total in totals):
            return None
        return sum(totals, Decimal("0.00"))  # type: ignore[arg-type]

    def add_line(self) -> int:
        """A new empty line, its product chosen next; returns its row."""
        row = self._append_row()
        self._refresh()
        self.changed.emit()
        row.product.setFocus(Qt.FocusReason.OtherFocusReason)
        return len(self._rows) - 1

    # --- rows ----------------------------------------------------------------------------

    def _append_row(self) -> _LineRow:
        product = QComboBox()
        product.addItem(self.tr("(no product)"), None)
        for choice in self._products:
            product.addItem(self._product_text(choice), choice.id)
        edits = []
        for placeholder in ("", "1", "0.00", "0"):
            edit = QLineEdit()
            edit.setFrame(False)
            edit.setPlaceholderText(placeholder)
            edit.textEdited.connect(self._on_line_edited)
            edits.append(edit)
        description, quantity, unit_price, discount = edits
        description.setPlaceholderText(self.tr("Description"))
        quantity.setText("1")
        for edit in (quantity, unit_price, discount):
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        total = QLabel()
        total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        total.setContentsMargins(4, 0, 4, 0)
        row = _LineRow(product, description, quantity, unit_price, discount, total)
        product.activated.connect(lambda _index, row=row: self._on_product_activated(row))
        self._insert_row(row)
        return row

    def _select_product(self, row: _LineRow, product_id: int | None, name: str) -> None:
        index = row.product.findData(product_id)
        if index < 0 and product_id is not None:
            # Not offered any more (deleted from the list): keep it on this line.
            row.product.addItem(name or "?", product_id)
            index = row.product.count() - 1
        row.product.setCurrentIndex(max(index, 0))
        self._sync_description_hint(row)

    def _product_text(self, choice: ProductChoice) -> str:
        return choice.name if choice.active else self.tr("{name} (retired)").format(
            name=choice.name)

    def _row_total(self, row: _LineRow) -> Decimal | None:
        quantity = _number(row.quantity.text() or "1")
        price = _money(row.unit_price.text() or "0")
        discount = _number(row.discount_pct.text() or "0")
        if quantity is None or price is None or discount is None:
            return None
        return line_total(quantity, price, discount)

    def _refresh(self) -> None:
        for row in self._rows:
            total = self._row_total(row)
            row.total.setText("—" if total is None else format_amount(total, self._currency))
        super()._refresh()

    def _sync_description_hint(self, row: _LineRow) -> None:
        product_id = row.product.currentData()
        name = next((p.name for p in self._products if p.id == product_id), "")
        row.description.setPlaceholderText(name or self.tr("Description"))
        # The column is narrower than long product names.
        row.product.setToolTip(GuiQt.convertFromPlainText(row.product.currentText())
                               if product_id is not None else "")

    @staticmethod
    def _number_text(value: Decimal) -> str:
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)

    @staticmethod
    def _or_text(value: Decimal | None, edit: QLineEdit) -> Decimal | str:
        return value if value is not None else edit.text()

    # --- slots ---------------------------------------------------------------------------

    def _on_product_activated(self, row: _LineRow) -> None:
        product_id = row.product.currentData()
        choice = next((p for p in self._products if p.id == product_id), None)
        if choice is not None:
            # A product brings its list price; the user may still change it on this line.
            row.unit_price.setText(plain_amount(choice.price))
        self._sync_description_hint(row)
        self._refresh()
        self.changed.emit()

