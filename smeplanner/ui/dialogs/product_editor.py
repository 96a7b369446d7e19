"""Add or edit a product: name, SKU, price, unit cost, active, with the margin shown as you type."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core.errors import ValidationError
from smeplanner.core.money import to_decimal
from smeplanner.core.products import margin, margin_pct, products
from smeplanner.ui.formatting import display_locale, format_amount

_CONTEXT = "ProductEditor"
FIELD_LABELS = {"name": QT_TRANSLATE_NOOP(_CONTEXT, "Name"),
                "sku": QT_TRANSLATE_NOOP(_CONTEXT, "SKU"),
                "price": QT_TRANSLATE_NOOP(_CONTEXT, "Price"),
                "unit_cost": QT_TRANSLATE_NOOP(_CONTEXT, "Unit cost"),
                "active": QT_TRANSLATE_NOOP(_CONTEXT, "Active"),
                "product": QT_TRANSLATE_NOOP(_CONTEXT, "Product")}
# The same banner as the contact form's error line, so a refused save looks alike everywhere.
ERROR_STYLE = ("color: palette(bright-text); background: #c0392b; padding: 6px;"
               " border-radius: 4px;")
_NEGATIVE = "#b01c1c"


def field_label(field: str) -> str:
    return QCoreApplication.translate(_CONTEXT, FIELD_LABELS.get(field, field))


def format_margin_pct(value: Decimal | None) -> str:
    """``Decimal("66.7")`` as "66.7%" in the user's locale; empty for no percentage."""
    if value is None:
        return ""
    locale = display_locale()
    return f"{value:f}".replace(".", locale.decimalPoint()) + locale.percent()


@dataclass(frozen=True)
class _Draft:
    """Price and cost as typed, for the core's margin formulas."""

    price: Decimal
    unit_cost: Decimal


class ProductEditor(QDialog):
    """The fields of one product with Save and Cancel; a refused save names the field and
    leaves the dialog open with what was typed.

    Signals:
        saved(int): the product with this id was stored.
    """

    saved = Signal(int)

    def __init__(self, product_id: int | None = None, *, currency: str = "EUR",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.product_id = product_id
        self._currency = currency
        self.setWindowTitle(self.tr("New product") if product_id is None
                            else self.tr("Edit product"))
        self.setMinimumWidth(460)

        self.name_edit = QLineEdit()
        self.sku_edit = QLineEdit()
        self.sku_edit.setPlaceholderText(self.tr("Optional"))
        self.price_edit = QLineEdit()
        self.cost_edit = QLineEdit()
        for edit in (self.price_edit, self.cost_edit):
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setPlaceholderText("0.00")
            edit.setMaximumWidth(160)
            edit.textChanged.connect(self._update_margin)
        self.active_check = QCheckBox(self.tr("Active (can be put on new deals)"))
        self.margin_label = QLabel()
        self.margin_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label = QLabel()
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(field_label("name") + ":", self.name_edit)
        form.addRow(field_label("sku") + ":", self.sku_edit)
        form.addRow(f"{field_label('price')} ({currency}):", self.price_edit)
        form.addRow(f"{field_label('unit_cost')} ({currency}):", self.cost_edit)
        form.addRow(self.tr("Margin:"), self.margin_label)
        form.addRow("", self.active_check)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        for edit in (self.name_edit, self.sku_edit, self.price_edit, self.cost_edit):
            edit.textEdited.connect(self._on_field_edited)
        self.active_check.toggled.connect(self._on_field_edited)
        self._load()
        self.name_edit.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None = None, product_id: int | None = None, *,
            currency: str = "EUR") -> int | None:
        """Show the editor modally; the id of the stored product, or None if cancelled."""
        dialog = cls(product_id, currency=currency, parent=parent)
        stored: list[int] = []
        dialog.saved.connect(stored.append)
        dialog.exec()
        return stored[-1] if stored else None

    @property
    def save_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def _load(self) -> None:
        if self.product_id is None:
            # Many services cost nothing per unit; a price must be typed.
            self.cost_edit.setText("0.00")
            self.active_check.setChecked(True)
        else:
            product = products.get(self.product_id)
            self.name_edit.setText(product.name)
            self.sku_edit.setText(product.sku)
            self.price_edit.setText(f"{product.price:f}")
            self.cost_edit.setText(f"{product.unit_cost:f}")
            self.active_check.setChecked(product.active)
        self._update_margin()

    def values(self) -> dict[str, Any]:
        """What the form holds, as text for the core to parse."""
        return {"name": self.name_edit.text(), "sku": self.sku_edit.text(),
                "price": self.price_edit.text().strip(),
                "unit_cost": self.cost_edit.text().strip(),
                "active": self.active_check.isChecked()}

    # --- saving ---------------------------------------------------------------------------

    def save(self) -> bool:
        """Store the product; False (with the error shown) when the core refuses it."""
        try:
            if self.product_id is None:
                product = products.create(**self.values())
            else:
                product = products.update(self.product_id, **self.values())
        except ValidationError as error:
            self.show_error(error.field, self.tr("{field}: {message}").format(
                field=field_label(error.field), message=error.message))
            return False
        self.product_id = product.id
        self.saved.emit(product.id)
        return True

    def show_error(self, field: str, message: str) -> None:
        """Say what is wrong and put the cursor in the field it names."""
        self.error_label.setText(message)
        self.error_label.show()
        widget = self.field_widget(field)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    def field_widget(self, field: str) -> QWidget | None:
        return {"name": self.name_edit, "sku": self.sku_edit, "price": self.price_edit,
                "unit_cost": self.cost_edit, "active": self.active_check}.get(field)

    # --- margin ---------------------------------------------------------------------------

    def _margin_text(self) -> tuple[str, bool]:
        """The margin of what is typed, and whether it is a loss; a dash until it parses."""
        try:
            draft = _Draft(to_decimal(self.price_edit.text() or "0"),
                           to_decimal(self.cost_edit.text() or "0"))
            amount = margin(draft)
            text = format_amount(amount, self._currency)
            percent = margin_pct(draft)
        # Half-typed or absurd input (far beyond MAX_AMOUNT) is no reason to complain yet:
        # the core names the field on Save.
        except (ValidationError, ArithmeticError):
            return self.tr("—"), False
        if percent is not None:
            text = self.tr("{amount} per unit ({percent})").format(
                amount=text, percent=format_margin_pct(percent))
        return text, amount < 0

    def _update_margin(self) -> None:
        text, loss = self._margin_text()
        palette = self.margin_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText,
                         QColor(_NEGATIVE) if loss
                         else self.palette().color(QPalette.ColorRole.WindowText))
        self.margin_label.setPalette(palette)
        self.margin_label.setText(text)

    def _on_field_edited(self, *_args: object) -> None:
        self.error_label.hide()

    def _on_buttons_accepted(self) -> None:
        if self.save():
            self.accept()
