"""What the record editors share: the error banner, the Save/Cancel flow that shows what the
core refused beside the field it names, and fields for dates, amounts and counts as typed."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QWidget,
)

from smeplanner.core.errors import ValidationError
from smeplanner.core.money import to_decimal

ERROR_STYLE = ("color: palette(bright-text); background: #c0392b; padding: 6px;"
               " border-radius: 4px;")


class ErrorBanner(QLabel):
    """What is wrong with the input, white on red above the fields; hidden while nothing is.
    Plain text: the message may quote what the user typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setStyleSheet(ERROR_STYLE)
        self.hide()

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.show()

    def dismiss(self) -> None:
        self.hide()
        self.clear()


class RecordEditor(QDialog):
    """An editor of one record with an error banner and Save and Cancel, which the subclass
    lays out around its fields.

    Saving goes through the subclass's :meth:`_store`; a ValidationError it raises is shown,
    naming the field (which :meth:`_reveal` brings into view and which gets the focus), and
    the dialog stays open. After a successful save ``saved_id`` holds the record's id.
    """

    # How the core names a field of a numbered row of the editor's table ("line 2.amount").
    ROW_FIELD = re.compile(r"^line (\d+)\.(\w+)$")
    # How an error names a field, for the user (else the field's name, made readable).
    LABELS: Mapping[str, str] = {}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.saved_id: int | None = None
        self.error_label = ErrorBanner()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    # --- for the subclass ----------------------------------------------------------------

    def _store(self) -> int:
        """Save what the fields hold; the record's id. Raises ValidationError, with nothing
        written, for bad input."""
        raise NotImplementedError

    def field_widget(self, field: str) -> QWidget | None:
        """The widget where the user fixes ``field`` (a name the core uses in errors)."""
        raise NotImplementedError

    def _row_label(self, row: str, name: str) -> str:
        """How an error names field ``name`` of row ``row`` (counted from 1)."""
        return self.tr("Line {row}, {field}").format(row=row, field=name)

    def _reveal(self, widget: QWidget) -> None:
        """Bring ``widget`` into view before it gets the focus (a tab to the front...)."""

    # --- saving and errors ---------------------------------------------------------------

    def save(self) -> bool:
        """Store through the save callable; True when the dialog may close."""
        self.clear_error()
        try:
            saved_id = self._store()
        except ValidationError as error:
            self.show_error(error.field, self._message(error))
            return False
        self.saved_id = saved_id
        return True

    def show_error(self, field: str, message: str) -> None:
        """Say what is wrong and put the cursor in the field (or table cell) it names."""
        self.error_label.show_message(message)
        widget = self.field_widget(field)
        if widget is None:
            return
        self._reveal(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_error(self) -> None:
        self.error_label.dismiss()

    def _message(self, error: ValidationError) -> str:
        row = self.ROW_FIELD.match(error.field)
        if row:
            name = self.LABELS.get(row.group(2), row.group(2).replace("_", " "))
            label = self._row_label(row.group(1), name)
        else:
            label = self.LABELS.get(error.field, error.field.replace("_", " ").capitalize())
        return self.tr("{field}: {message}").format(field=label, message=error.message)

    def _on_buttons_accepted(self) -> None:
        if self.save():
            self.accept()


# --- fields --------------------------------------------------------------------------------

def date_edit() -> QDateEdit:
    """A date picked from a calendar, shown as 2026-03-14; today to begin with."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(QDate.currentDate())
    return edit


def set_date(edit: QDateEdit, value: date | None) -> None:
    """Show ``value`` (today when there is none)."""
    edit.setDate(QDate(value) if value else QDate.currentDate())


def number_edit(placeholder: str = "") -> QLineEdit:
    """A line edit for an amount or a count, aligned right like figures in a column."""
    edit = QLineEdit()
    edit.setAlignment(Qt.AlignmentFlag.AlignRight)
    edit.setPlaceholderText(placeholder)
    return edit


def side_by_side(*items: QWidget | QLayout, grow: int = -1) -> QHBoxLayout:
    """Widgets (or layouts) side by side; the one at ``grow`` takes the spare width (none:
    a stretch at the end does)."""
    box = QHBoxLayout()
    box.setSpacing(8)
    for index, item in enumerate(items):
        if isinstance(item, QLayout):
            box.addLayout(item, 1 if index == grow else 0)
        else:
            box.addWidget(item, 1 if index == grow else 0)
    if grow < 0:
        box.addStretch(1)
    return box


# --- numbers as typed ----------------------------------------------------------------------

def money_or_text(text: str) -> Decimal | str:
    """An amount as typed ("1 234,50" is 1234.50), or the text itself when it does not
    read, so that the core names the field."""
    try:
        return to_decimal(text)
    except ValidationError:
        return text


def whole_or_text(text: str) -> int | str | None:
    """A count as typed ("12 000" is 12000); None when empty, the text when it does not
    read, so that the core names the field."""
    cleaned = text.strip().replace(",", "").replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        return None
    try:
        return int(cleaned)
    except ValueError:
        return text.strip()


def number_or_text(text: str) -> Decimal | str | None:
    """A percentage as typed ("12,5" is 12.5); None when empty, else the text as typed."""
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return text.strip()
    return number if number.is_finite() else text.strip()


def plain_amount(amount: Decimal) -> str:
    """An amount as it is typed back in: 1234.50."""
    return str(amount.quantize(Decimal("0.01")))


def amount_text(value: Decimal | None) -> str:
    """An amount as it is typed back in; "" for none."""
    return "" if value is None else plain_amount(value)


def count_text(value: int | None) -> str:
    return "" if value is None else str(value)


def percent_text(value: Decimal) -> str:
    """12.50 → "12.5", 40.0 → "40": a percentage as it is typed back in."""
    return format(value.normalize(), "f")
