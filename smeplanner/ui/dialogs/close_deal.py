"""Asked when a deal is dropped on Won or Lost: when it closed, the final amount, and why."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core.errors import ValidationError
from smeplanner.core.money import CURRENCY_SYMBOLS, to_decimal


class CloseDealDialog(QDialog):
    """Closed-on date; for a won deal the final amount and an optional note, for a lost one
    a reason (from the list or typed; required) and an optional detail. OK stays disabled
    until the answers are usable; Esc cancels."""

    def __init__(self, kind: str, title: str, amount: Decimal, currency: str,
                 reasons: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if kind not in ("won", "lost"):
            raise ValueError(f"kind must be 'won' or 'lost', not {kind!r}")
        self.kind = kind
        self.setWindowTitle(self.tr("Deal won") if kind == "won" else self.tr("Deal lost"))
        heading = QLabel()
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setText((self.tr("“{title}” is won.") if kind == "won"
                         else self.tr("“{title}” is lost.")).format(title=title))
        heading.setWordWrap(True)
        self.closed_on_edit = QDateEdit()
        self.closed_on_edit.setCalendarPopup(True)
        self.closed_on_edit.setDisplayFormat("yyyy-MM-dd")
        self.closed_on_edit.setDate(QDate.currentDate())
        self.amount_edit = QLineEdit(str(Decimal(amount).quantize(Decimal("0.01"))))
        self.amount_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount_edit.textChanged.connect(self._sync_ok)
        self.reason_combo = QComboBox()
        self.reason_combo.setEditable(True)
        self.reason_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.reason_combo.addItems(reasons)
        self.reason_combo.setCurrentIndex(-1)
        self.reason_combo.setEditText("")
        self.reason_combo.lineEdit().setPlaceholderText(self.tr("Pick or type a reason"))
        self.reason_combo.editTextChanged.connect(self._sync_ok)
        self.detail_edit = QLineEdit()
        self.detail_edit.setPlaceholderText(
            self.tr("What made it (optional)") if kind == "won"
            else self.tr("Detail, e.g. the competitor's name (optional)"))

        form = QFormLayout()
        form.addRow(self.tr("Closed on"), self.closed_on_edit)
        if kind == "won":
            amount_row = QHBoxLayout()
            amount_row.addWidget(self.amount_edit, 1)
            amount_row.addWidget(QLabel(CURRENCY_SYMBOLS.get(currency.upper(),
                                                             currency.upper())))
            form.addRow(self.tr("Final amount"), amount_row)
            form.addRow(self.tr("Note"), self.detail_edit)
            self.reason_combo.hide()
        else:
            form.addRow(self.tr("Reason"), self.reason_combo)
            form.addRow(self.tr("Detail"), self.detail_edit)
            self.amount_edit.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        (self.amount_edit if kind == "won" else self.reason_combo).setFocus()
        self._sync_ok()

    @classmethod
    def ask(cls, kind: str, title: str, amount: Decimal, currency: str, reasons: list[str],
            parent: QWidget | None = None) -> dict[str, Any] | None:
        """The answers (see :meth:`values`), or None when cancelled."""
        dialog = cls(kind, title, amount, currency, reasons, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.values()

    def values(self) -> dict[str, Any]:
        """closed_on (date), reason (str: "Reason — detail" when lost), amount (Decimal, or
        None when lost)."""
        closed_on: date = self.closed_on_edit.date().toPython()
        detail = self.detail_edit.text().strip()
        if self.kind == "won":
            return {"closed_on": closed_on, "reason": detail, "amount": self._amount()}
        reason = self.reason_combo.currentText().strip()
        return {"closed_on": closed_on,
                "reason": f"{reason} — {detail}" if detail else reason, "amount": None}

    def is_valid(self) -> bool:
        if self.kind == "lost":
            return bool(self.reason_combo.currentText().strip())
        amount = self._amount()
        return amount is not None and amount >= 0 and amount == amount.quantize(Decimal("0.01"))

    def _amount(self) -> Decimal | None:
        try:
            return to_decimal(self.amount_edit.text(), "amount")
        except ValidationError:
            return None

    def _sync_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.is_valid())

    def _on_buttons_accepted(self) -> None:
        if self.is_valid():
            self.accept()
