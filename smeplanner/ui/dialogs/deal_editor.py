"""Add or edit a deal: its fields, its product lines, errors that name the field or row."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core import deal_forms
from smeplanner.core.deal_forms import DealFormData
from smeplanner.core.errors import ValidationError
from smeplanner.core.money import CURRENCY_SYMBOLS, to_decimal
from smeplanner.ui.forms.deal_form import DealLinesTable, RecordPicker
from smeplanner.ui.forms.editor_parts import RecordEditor, date_edit, number_edit, set_date

# Stores (deal id or None for new, values, lines or None) and returns the deal id; raises
# ValidationError with nothing written. The page passes one that records undo.
Saver = Callable[[int | None, dict[str, Any], list[dict[str, Any]] | None], int]

_NO_OVERRIDE = -1  # the probability spin's "stage default" value


class DealEditor(RecordEditor):
    """A deal's fields and product lines with Save and Cancel.

    Saving goes through the ``save`` callable; a ValidationError it raises is shown, naming
    the field (which gets the focus), and the dialog stays open. After a successful save
    ``saved_id`` holds the deal's id.
    """

    LABELS = {"probability_override": "Probability", "source_campaign": "Campaign",
              "close_reason": "Reason", "closed_on": "Closed on",
              "expected_close": "Expected close", "next_step_date": "Next step date",
              "unit_price": "unit price", "discount_pct": "discount %"}

    def __init__(self, currency: str, deal_id: int | None = None, *, save: Saver,
                 defaults: Mapping[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.deal_id = deal_id
        self._save = save
        self._currency = currency
        self._stages = {stage.id: stage for stage in deal_forms.stage_choices()}
        self._lost_reasons = deal_forms.lost_reasons()
        self.setWindowTitle(self.tr("New deal") if deal_id is None else self.tr("Edit deal"))
        data = deal_forms.load_deal(deal_id) if deal_id is not None \
            else deal_forms.new_deal(defaults)
        self._build_fields()
        self._build_layout()
        self.set_data(data)
        self.resize(720, 640)
        self.title_edit.setFocus()

    @classmethod
    def ask(cls, currency: str, deal_id: int | None = None, *, save: Saver,
            defaults: Mapping[str, Any] | None = None,
            parent: QWidget | None = None) -> int | None:
        """Show the editor; the saved deal's id, or None when cancelled."""
        dialog = cls(currency, deal_id, save=save, defaults=defaults, parent=parent)
        dialog.exec()
        return dialog.saved_id

    # --- building ------------------------------------------------------------------------

    def _build_fields(self) -> None:
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(self.tr("What is being sold, to whom"))
        self.contact_picker = RecordPicker(deal_forms.find_contacts,
                                           self.tr("Type a name, email or company"))
        self.contact_picker.picked.connect(self._on_contact_picker_picked)
        self.company_picker = RecordPicker(deal_forms.find_companies,
                                           self.tr("Type to search companies"))
        self.campaign_picker = RecordPicker(deal_forms.find_campaigns,
                                            self.tr("Which campaign brought it"))
        self.stage_combo = QComboBox()
        for stage in self._stages.values():
            self.stage_combo.addItem(stage.name, stage.id)
        self.stage_combo.currentIndexChanged.connect(self._on_stage_combo_changed)
        self.amount_edit = number_edit("0.00")
        self.currency_label = QLabel(CURRENCY_SYMBOLS.get(self._currency.upper(),
                                                          self._currency.upper()))
        self.amount_hint = QLabel(self.tr("sum of the lines"))
        self.amount_hint.setEnabled(False)  # greyed: a remark, not a value
        self.probability_spin = QSpinBox()
        self.probability_spin.setRange(_NO_OVERRIDE, 100)
        self.probability_spin.setSuffix(" %")
        self.expected_close_check = QCheckBox(self.tr("by"))
        self.expected_close_date = date_edit()
        self.next_step_edit = QLineEdit()
        self.next_step_edit.setPlaceholderText(self.tr("e.g. Send the quote"))
        self.next_step_check = QCheckBox(self.tr("due"))
        self.next_step_date = date_edit()
        for check in (self.expected_close_check, self.next_step_check):
            check.toggled.connect(self._sync_enabled)
        self.closed_on_date = date_edit()
        self.reason_combo = QComboBox()
        self.reason_combo.setEditable(True)
        self.reason_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setPlaceholderText(self.tr("Notes"))
        self.notes_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.lines_table = DealLinesTable(self._currency)
        self.lines_table.changed.connect(self._sync_amount)

    def _build_layout(self) -> None:
        def row(*widgets: QWidget, grow: int = 0) -> QHBoxLayout:
            """The widgets side by side; the one at ``grow`` takes the spare width."""
            box = QHBoxLayout()
            for index, widget in enumerate(widgets):
                box.addWidget(widget, 1 if index == grow else 0)
            return box

        grid = QGridLayout()
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        grid.addWidget(QLabel(self.tr("Title")), 0, 0)
        grid.addWidget(self.title_edit, 0, 1, 1, 3)
        left = ((self.tr("Contact"), self.contact_picker),
                (self.tr("Company"), self.company_picker),
                (self.tr("Campaign"), self.campaign_picker))
        amount = row(self.amount_edit, self.currency_label, self.amount_hint)
        right = ((self.tr("Stage"), self.stage_combo), (self.tr("Amount"), amount),
                 (self.tr("Probability"), self.probability_spin))
        for index, ((left_label, left_widget), (right_label, right_item)) in enumerate(
                zip(left, right, strict=True), start=1):
            grid.addWidget(QLabel(left_label), index, 0)
            grid.addWidget(left_widget, index, 1)
            grid.addWidget(QLabel(right_label), index, 2)
            if isinstance(right_item, QWidget):
                grid.addWidget(right_item, index, 3)
            else:
                grid.addLayout(right_item, index, 3)
        grid.addWidget(QLabel(self.tr("Next step")), 4, 0)
        grid.addLayout(row(self.next_step_edit, self.next_step_check, self.next_step_date),
                       4, 1)
        grid.addWidget(QLabel(self.tr("Expected close")), 4, 2)
        grid.addLayout(row(self.expected_close_check, self.expected_close_date, grow=1),
                       4, 3)
        # Shown only for a won or lost stage.
        self.closed_on_label = QLabel(self.tr("Closed on"))
        self.reason_label = QLabel(self.tr("Reason"))
        grid.addWidget(self.closed_on_label, 5, 2)
        grid.addWidget(self.closed_on_date, 5, 3)
        grid.addWidget(self.reason_label, 5, 0)
        grid.addWidget(self.reason_combo, 5, 1)
        notes_label = QLabel(self.tr("Notes"))
        notes_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        grid.addWidget(notes_label, 6, 0)
        grid.addWidget(self.notes_edit, 6, 1, 1, 3)

        lines_box = QGroupBox(self.tr("Product lines"))
        lines_layout = QVBoxLayout(lines_box)
        lines_layout.addWidget(self.lines_table)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addLayout(grid)
        layout.addWidget(lines_box, 1)
        layout.addWidget(self.buttons)

    # --- values --------------------------------------------------------------------------

    def set_data(self, data: DealFormData) -> None:
        self.title_edit.setText(data.title)
        self.contact_picker.set_record(data.contact_id, data.contact_name)
        self.company_picker.set_record(data.company_id, data.company_name)
        self.campaign_picker.set_record(data.source_campaign_id, data.source_campaign_name)
        self.stage_combo.setCurrentIndex(max(self.stage_combo.findData(data.stage_id), 0))
        self.amount_edit.setText(str(data.amount.quantize(Decimal("0.01"))))
        self.probability_spin.setValue(_NO_OVERRIDE if data.probability_override is None
                                       else data.probability_override)
        self.expected_close_check.setChecked(data.expected_close is not None)
        set_date(self.expected_close_date, data.expected_close)
        self.next_step_edit.setText(data.next_step)
        self.next_step_check.setChecked(data.next_step_date is not None)
        set_date(self.next_step_date, data.next_step_date)
        set_date(self.closed_on_date, data.closed_on)
        self.reason_combo.setEditText(data.close_reason)
        self.notes_edit.setPlainText(data.notes)
        on_lines = [line.product_id for line in data.lines if line.product_id is not None]
        self.lines_table.set_products(deal_forms.product_choices(on_lines))
        # The amount as stored, kept while the lines stay as they were: a deal closed for
        # a final amount other than its lines' sum keeps that amount.
        self._stored_amount = data.amount.quantize(Decimal("0.01"))
        self._loaded_lines = None
        self.lines_table.set_lines(data.lines)
        self._loaded_lines = self.lines_table.lines()
        self._sync_amount()
        self.clear_error()
        self._on_stage_combo_changed()
        self._sync_enabled()
        self._sync_amount()

    def values(self) -> dict[str, Any]:
        """The deal's fields by the service's names; raises ValidationError for an amount
        that does not read or a picker whose text names no record."""
        for name, picker in (("contact", self.contact_picker),
                             ("company", self.company_picker),
                             ("source_campaign", self.campaign_picker)):
            if not picker.resolve():
                raise ValidationError(name, self.tr("pick one from the list, or clear it"))
        closed = self._stage_kind() != "open"
        probability = self.probability_spin.value()
        return {
            "title": self.title_edit.text(),
            "contact": self.contact_picker.record_id(),
            "company": self.company_picker.record_id(),
            "stage": self.stage_combo.currentData(),
            "amount": self._amount(),
            "probability_override": None if probability == _NO_OVERRIDE else probability,
            "expected_close": self.expected_close_date.date().toPython()
            if self.expected_close_check.isChecked() else None,
            "next_step": self.next_step_edit.text(),
            "next_step_date": self.next_step_date.date().toPython()
            if self.next_step_check.isChecked() else None,
            "source_campaign": self.campaign_picker.record_id(),
            "notes": self.notes_edit.toPlainText(),
            "closed_on": self.closed_on_date.date().toPython() if closed else None,
            "close_reason": self.reason_combo.currentText().strip() if closed else "",
        }

    def _lines_edited(self) -> bool:
        return self.lines_table.lines() != self._loaded_lines

    def _amount(self) -> Decimal:
        if self.lines_table.has_lines() and not self._lines_edited():
            return self._stored_amount
        if self.lines_table.has_lines():
            # The core makes it the lines' sum; a line that does not read is named there.
            return self.lines_table.total() or Decimal("0.00")
        text = self.amount_edit.text().strip()
        return to_decimal(text, "amount") if text else Decimal("0.00")

    def _stage_kind(self) -> str:
        stage = self._stages.get(self.stage_combo.currentData())
        return stage.kind if stage is not None else "open"

    # --- saving and errors (RecordEditor does the rest) ----------------------------------

    def _store(self) -> int:
        # Lines left as they were are not written again (that would reset the amount).
        lines = self.lines_table.lines() if self._lines_edited() else None
        return self._save(self.deal_id, self.values(), lines)

    def field_widget(self, field: str) -> QWidget | None:
        line = self.ROW_FIELD.match(field)
        if line:
            return self.lines_table.cell_widget(int(line.group(1)) - 1, line.group(2))
        return {
            "title": self.title_edit, "contact": self.contact_picker,
            "company": self.company_picker, "source_campaign": self.campaign_picker,
            "stage": self.stage_combo, "amount": self.amount_edit,
            "probability_override": self.probability_spin,
            "expected_close": self.expected_close_date, "next_step": self.next_step_edit,
            "next_step_date": self.next_step_date, "closed_on": self.closed_on_date,
            "close_reason": self.reason_combo, "notes": self.notes_edit,
        }.get(field)

    # --- keeping the fields in step ------------------------------------------------------

    def _sync_enabled(self) -> None:
        self.expected_close_date.setEnabled(self.expected_close_check.isChecked())
        self.next_step_date.setEnabled(self.next_step_check.isChecked())

    def _sync_amount(self) -> None:
        """With lines the amount is theirs, shown live and not typed (until the lines are
        edited, the amount stored, which a deal closed for a final amount keeps)."""
        if getattr(self, "_loaded_lines", None) is None:
            return  # the lines are being loaded
        with_lines = self.lines_table.has_lines()
        self.amount_edit.setReadOnly(with_lines)
        self.amount_hint.setVisible(with_lines)
        if not with_lines:
            return
        total = self.lines_table.total()
        if not self._lines_edited() and total != self._stored_amount:
            self.amount_hint.setText(self.tr("the final amount; the lines add up to "
                                             "{total}").format(total=total))
            self.amount_edit.setText(str(self._stored_amount))
            return
        self.amount_hint.setText(self.tr("sum of the lines"))
        self.amount_edit.setText("—" if total is None else str(total))

    def _on_stage_combo_changed(self) -> None:
        stage = self._stages.get(self.stage_combo.currentData())
        default = stage.probability if stage is not None else 0
        self.probability_spin.setSpecialValueText(
            self.tr("stage default ({percent} %)").format(percent=default))
        kind = self._stage_kind()
        for widget in (self.closed_on_label, self.closed_on_date, self.reason_label,
                       self.reason_combo):
            widget.setVisible(kind != "open")
        reason = self.reason_combo.currentText()
        self.reason_combo.clear()
        if kind == "lost":
            self.reason_combo.addItems(self._lost_reasons)
        self.reason_combo.setEditText(reason)
        self.reason_combo.lineEdit().setPlaceholderText(
            self.tr("Why it was lost") if kind == "lost" else self.tr("What won it (optional)"))

    def _on_contact_picker_picked(self, contact_id: int) -> None:
        company, campaign = deal_forms.contact_defaults(contact_id)
        if company is not None and not self.company_picker.text().strip():
            self.company_picker.set_record(*company)
        if campaign is not None and not self.campaign_picker.text().strip():
            self.campaign_picker.set_record(*campaign)
