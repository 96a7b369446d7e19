"""Add or edit a campaign: its plan, spend, reach, audience and offer, errors that name the
field or expense row."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core import campaign_forms
from smeplanner.core.campaign_forms import CampaignFormData
from smeplanner.core.errors import ValidationError
from smeplanner.core.money import CURRENCY_SYMBOLS
from smeplanner.core.vocabulary import (
    CAMPAIGN_STATUS_LABELS,
    CAMPAIGN_STATUSES,
    CHANNEL_LABELS,
    CHANNELS,
    LIFECYCLE_LABELS,
    LIFECYCLE_STAGES,
    OBJECTIVES,
)
from smeplanner.ui.formatting import format_amount, format_count
from smeplanner.ui.forms.campaign_form import (
    CheckList,
    ExpenseLinesTable,
    date_edit,
    money_or_text,
    plain_amount,
)
from smeplanner.ui.forms.deal_form import RecordPicker

# Stores (campaign id or None for new, values, expense lines, offer product ids) and
# returns the campaign's id; raises ValidationError with nothing written. The page passes
# one that records undo.
Saver = Callable[[int | None, dict[str, Any], list[dict[str, Any]] | None, list[int] | None],
                 int]

_EXPENSE_FIELD = re.compile(r"^expense (\d+)\.(\w+)$")
# How an error names a field, for the user.
_LABELS = {"start_date": "Start", "end_date": "End", "target_leads": "Target leads",
           "target_revenue": "Target revenue", "agency": "Agency",
           "audience_tags": "Audience tags", "audience_stages": "Lifecycle stages",
           "offer_discount_pct": "Discount", "offer_code": "Offer code",
           "offer_start": "Offer start", "offer_end": "Offer end",
           "offer_products": "Offer products", "spent_on": "date"}
_OBJECTIVE_LABELS = {"awareness": "Awareness", "leads": "Leads", "sales": "Sales",
                     "retention": "Retention"}


def _set_date(edit: QDateEdit, value: date | None) -> None:
    edit.setDate(QDate(value) if value else QDate.currentDate())


def _whole_or_text(text: str) -> int | str | None:
    """A count as typed ("12 000" is 12000); None when empty, the text when it does not
    read, so that the core names the field."""
    cleaned = text.strip().replace(",", "").replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        return None
    try:
        return int(cleaned)
    except ValueError:
        return text.strip()


def _number_or_text(text: str) -> Decimal | str | None:
    """A percentage as typed ("12,5" is 12.5); None when empty, else the text as typed."""
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return text.strip()
    return number if number.is_finite() else text.strip()


def _percent_text(value: Decimal) -> str:
    """12.50 → "12.5", 40.0 → "40": a percentage as it is typed back in."""
    return format(value.normalize(), "f")


def _amount_text(value: Decimal | None) -> str:
    return "" if value is None else plain_amount(value)


def _count_text(value: int | None) -> str:
    return "" if value is None else str(value)


class CampaignEditor(QDialog):
    """A campaign's plan, spend, reach, audience and offer on tabs, with Save and Cancel.

    Saving goes through the ``save`` callable; a ValidationError it raises is shown, naming
    the field (its tab comes to the front and it gets the focus), and the dialog stays
    open. After a successful save ``saved_id`` holds the campaign's id.
    """

    def __init__(self, currency: str, campaign_id: int | None = None, *, save: Saver,
                 defaults: Mapping[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.campaign_id = campaign_id
        self.saved_id: int | None = None
        self._save = save
        self._currency = currency
        self._symbol = CURRENCY_SYMBOLS.get(currency.upper(), currency.upper())
        self._last_start = QDate()  # the start before its latest change
        self.setWindowTitle(self.tr("New campaign") if campaign_id is None
                            else self.tr("Edit campaign"))
        data = campaign_forms.load_campaign(campaign_id) if campaign_id is not None \
            else campaign_forms.new_campaign(defaults)
        self._build_fields()
        self._build_layout()
        self.set_data(data)
        self.resize(760, 600)
        self.name_edit.setFocus()

    @classmethod
    def ask(cls, currency: str, campaign_id: int | None = None, *, save: Saver,
            defaults: Mapping[str, Any] | None = None,
            parent: QWidget | None = None) -> int | None:
        """Show the editor; the saved campaign's id, or None when cancelled."""
        dialog = cls(currency, campaign_id, save=save, defaults=defaults, parent=parent)
        dialog.exec()
        return dialog.saved_id

    # --- building ------------------------------------------------------------------------

    def _money_edit(self) -> QLineEdit:
        edit = QLineEdit()
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        edit.setPlaceholderText("0.00")
        return edit

    def _count_edit(self, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        edit.setPlaceholderText(placeholder)
        return edit

    def _build_fields(self) -> None:
        # General
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("e.g. Spring newsletter, Trade fair 2026"))
        self.channel_combo = QComboBox()
        for key in CHANNELS:
            self.channel_combo.addItem(self.tr(CHANNEL_LABELS[key]), key)
        self.objective_combo = QComboBox()
        for key in OBJECTIVES:
            self.objective_combo.addItem(self.tr(_OBJECTIVE_LABELS[key]), key)
        self.status_combo = QComboBox()
        for key in CAMPAIGN_STATUSES:
            self.status_combo.addItem(self.tr(CAMPAIGN_STATUS_LABELS[key]), key)
        self.start_date = date_edit()
        self.end_date = date_edit()
        self.start_date.dateChanged.connect(self._on_start_date_changed)
        self.end_date.dateChanged.connect(self._sync_duration)
        self.duration_label = QLabel()
        self.duration_label.setEnabled(False)  # greyed: a remark, not a value
        self.budget_edit = self._money_edit()
        self.budget_edit.textEdited.connect(self._sync_spend)
        self.spent_hint = QLabel()  # the spend line in short, under the budget
        self.spent_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.spent_hint.setEnabled(False)  # greyed: a remark, not a value
        self.target_leads_edit = self._count_edit(self.tr("none"))
        self.target_revenue_edit = self._money_edit()
        self.target_revenue_edit.setPlaceholderText(self.tr("none"))
        self.agency_picker = RecordPicker(campaign_forms.find_companies,
                                          self.tr("Type to search companies"))
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setPlaceholderText(self.tr("Notes"))
        # Spend
        self.expenses_table = ExpenseLinesTable(self._currency)
        self.expenses_table.changed.connect(self._on_expenses_changed)
        self.spend_label = QLabel()
        self.spend_label.setTextFormat(Qt.TextFormat.PlainText)
        self.spend_label.setWordWrap(True)
        font = self.spend_label.font()
        font.setBold(True)
        self.spend_label.setFont(font)
        # Reach
        self.impressions_edit = self._count_edit(self.tr("not known"))
        self.clicks_edit = self._count_edit(self.tr("not known"))
        self.visits_edit = self._count_edit(self.tr("not known"))
        for edit in (self.impressions_edit, self.clicks_edit):
            edit.textEdited.connect(self._sync_reach)
        self.ctr_label = QLabel()
        self.cpc_label = QLabel()
        self.reach_spend_label = QLabel()
        for label in (self.ctr_label, self.cpc_label, self.reach_spend_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setFont(font)
        # Audience
        self.tags_list = CheckList(self.tr("Filter tags"))
        self.tags_list.set_empty_text(self.tr("No tags in this workspace yet: tag contacts "
                                              "to aim a campaign at them."))
        self.tags_list.changed.connect(self._sync_audience)
        self.stage_checks: dict[str, QCheckBox] = {}
        for stage in LIFECYCLE_STAGES:
            check = QCheckBox(self.tr(LIFECYCLE_LABELS[stage]))
            check.toggled.connect(self._sync_audience)
            self.stage_checks[stage] = check
        self.audience_label = QLabel()
        self.audience_label.setTextFormat(Qt.TextFormat.PlainText)
        self.audience_label.setFont(font)
        # Offer
        self.discount_edit = self._count_edit(self.tr("no discount"))
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText(self.tr("e.g. SPRING10"))
        self.offer_window_check = QCheckBox(self.tr("from"))
        self.offer_window_check.toggled.connect(self._on_offer_window_check_toggled)
        self.offer_start_date = date_edit()
        self.offer_end_date = date_edit()
        self.products_list = CheckList(self.tr("Filter products"))
        self.products_list.set_empty_text(self.tr("No products yet: add them in Settings."))
        # Around the tabs
        self.error_label = QLabel()
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: palette(bright-text); background: #c0392b;"
                                       "padding: 6px; border-radius: 4px;")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    @staticmethod
    def _row(*items: QWidget | QLayout, grow: int = -1) -> QHBoxLayout:
        """Widgets side by side; the one at ``grow`` takes the spare width (none: a stretch
        at the end does)."""
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

    def _general_tab(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setColumnMinimumWidth(2, 110)
        grid.setHorizontalSpacing(10)

        def label(text: str) -> QLabel:
            return QLabel(text)

        grid.addWidget(label(self.tr("Name")), 0, 0)
        grid.addWidget(self.name_edit, 0, 1, 1, 3)
        grid.addWidget(label(self.tr("Channel")), 1, 0)
        grid.addWidget(self.channel_combo, 1, 1)
        grid.addWidget(label(self.tr("Objective")), 1, 2)
        grid.addWidget(self.objective_combo, 1, 3)
        grid.addWidget(label(self.tr("Status")), 2, 0)
        grid.addWidget(self.status_combo, 2, 1)
        grid.addWidget(label(self.tr("Agency / vendor")), 2, 2)
        grid.addWidget(self.agency_picker, 2, 3)
        grid.addWidget(label(self.tr("Runs from")), 3, 0)
        grid.addLayout(self._row(self.start_date, QLabel(self.tr("to")), self.end_date,
                                 self.duration_label), 3, 1, 1, 3)
        grid.addWidget(label(self.tr("Budget")), 4, 0)
        grid.addLayout(self._row(self.budget_edit, QLabel(self._symbol), grow=0), 4, 1)
        grid.addWidget(label(self.tr("Target revenue")), 4, 2)
        grid.addLayout(self._row(self.target_revenue_edit, QLabel(self._symbol), grow=0),
                       4, 3)
        grid.addWidget(self.spent_hint, 5, 1)
        grid.addWidget(label(self.tr("Target leads")), 5, 2)
        grid.addWidget(self.target_leads_edit, 5, 3)
        notes_label = label(self.tr("Notes"))
        notes_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        grid.addWidget(notes_label, 6, 0)
        grid.addWidget(self.notes_edit, 6, 1, 1, 3)
        grid.setRowStretch(6, 1)
        return page

    def _spend_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.spend_label)
        layout.addWidget(self.expenses_table, 1)
        return page

    def _reach_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        entered = QGroupBox(self.tr("Figures from the channel (entered by hand)"))
        form = QFormLayout(entered)
        for text, edit in ((self.tr("Impressions"), self.impressions_edit),
                           (self.tr("Clicks"), self.clicks_edit),
                           (self.tr("Visits"), self.visits_edit)):
            edit.setMaximumWidth(160)
            form.addRow(text, edit)
        worked_out = QGroupBox(self.tr("Worked out"))
        results = QFormLayout(worked_out)
        results.addRow(self.tr("Spend so far"), self.reach_spend_label)
        results.addRow(self.tr("Click-through rate"), self.ctr_label)
        results.addRow(self.tr("Cost per click"), self.cpc_label)
        hint = QLabel(self.tr("Click-through rate = clicks ÷ impressions. Cost per click = "
                              "the spend (the expense lines) ÷ clicks."))
        hint.setWordWrap(True)
        hint.setEnabled(False)
        results.addRow(hint)
        layout.addWidget(entered)
        layout.addWidget(worked_out)
        layout.addStretch(1)
        return page

    def _audience_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        tags_box = QGroupBox(self.tr("Contacts tagged"))
        QVBoxLayout(tags_box).addWidget(self.tags_list)
        stages_box = QGroupBox(self.tr("At lifecycle stage"))
        stages = QVBoxLayout(stages_box)
        for check in self.stage_checks.values():
            stages.addWidget(check)
        stages.addStretch(1)
        boxes = QHBoxLayout()
        boxes.addWidget(tags_box, 3)
        boxes.addWidget(stages_box, 2)
        hint = QLabel(self.tr("Any ticked tag and any ticked stage; nothing ticked on a side "
                              "means no limit there. Do-not-contact people are always "
                              "left out."))
        hint.setWordWrap(True)
        hint.setEnabled(False)
        layout.addLayout(boxes, 1)
        layout.addWidget(self.audience_label)
        layout.addWidget(hint)
        return page

    def _offer_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        form = QFormLayout()
        self.discount_edit.setMaximumWidth(100)
        self.code_edit.setMaximumWidth(220)
        form.addRow(self.tr("Discount"), self._row(self.discount_edit, QLabel("%")))
        form.addRow(self.tr("Code"), self.code_edit)
        form.addRow(self.tr("Window"), self._row(
            self.offer_window_check, self.offer_start_date, QLabel(self.tr("to")),
            self.offer_end_date))
        products_box = QGroupBox(self.tr("On these products"))
        QVBoxLayout(products_box).addWidget(self.products_list)
        layout.addLayout(form)
        layout.addWidget(products_box, 1)
        return page

    def _build_layout(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.addTab(self._general_tab(), self.tr("General"))
        self.tabs.addTab(self._spend_tab(), self.tr("Spend"))
        self.tabs.addTab(self._reach_tab(), self.tr("Reach"))
        self.tabs.addTab(self._audience_tab(), self.tr("Audience"))
        self.tabs.addTab(self._offer_tab(), self.tr("Offer"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)

    # --- values --------------------------------------------------------------------------

    def set_data(self, data: CampaignFormData) -> None:
        self.name_edit.setText(data.name)
        for combo, key in ((self.channel_combo, data.channel),
                           (self.objective_combo, data.objective),
                           (self.status_combo, data.status)):
            combo.setCurrentIndex(max(combo.findData(key), 0))
        # Quietly: loading a start is not the user moving it (which drags the end along).
        self.start_date.blockSignals(True)
        _set_date(self.start_date, data.start_date)
        self.start_date.blockSignals(False)
        self._last_start = self.start_date.date()
        _set_date(self.end_date, data.end_date)
        self.budget_edit.setText(plain_amount(data.budget))
        self.target_leads_edit.setText(_count_text(data.target_leads))
        self.target_revenue_edit.setText(_amount_text(data.target_revenue))
        self.agency_picker.set_record(data.agency_id, data.agency_name)
        self.notes_edit.setPlainText(data.notes)
        self.expenses_table.new_line_date = min(data.end_date, max(data.start_date,
                                                                   date.today()))
        self.expenses_table.set_lines(data.expenses)
        self.impressions_edit.setText(_count_text(data.impressions))
        self.clicks_edit.setText(_count_text(data.clicks))
        self.visits_edit.setText(_count_text(data.visits))
        tags = campaign_forms.tag_names()
        self.tags_list.set_choices([(name, name) for name in tags], [
            next((name for name in tags if name.casefold() == wanted.casefold()), wanted)
            for wanted in data.audience_tags])
        for stage, check in self.stage_checks.items():
            check.blockSignals(True)
            check.setChecked(stage in data.audience_stages)
            check.blockSignals(False)
        self.discount_edit.setText("" if data.offer_discount_pct is None
                                   else _percent_text(data.offer_discount_pct))
        self.code_edit.setText(data.offer_code)
        has_window = data.offer_start is not None or data.offer_end is not None
        self.offer_window_check.blockSignals(True)
        self.offer_window_check.setChecked(has_window)
        self.offer_window_check.blockSignals(False)
        _set_date(self.offer_start_date, data.offer_start or data.start_date)
        _set_date(self.offer_end_date, data.offer_end or data.end_date)
        products = campaign_forms.product_choices(data.offer_product_ids)
        self.products_list.set_choices(
            [(p.id, p.name if p.active else self.tr("{name} (retired)").format(name=p.name))
             for p in products], data.offer_product_ids)
        self.clear_error()
        self._sync_duration()
        self._sync_offer_window()
        self._sync_spend()
        self._sync_audience()

    def values(self) -> dict[str, Any]:
        """The campaign's fields by the service's names (the audience as lists); raises
        ValidationError for an agency picker whose text names no company. Numbers that do
        not read are passed as typed, so that the core names the field."""
        if not self.agency_picker.resolve():
            raise ValidationError("agency", self.tr("pick one from the list, or clear it"))
        window = self.offer_window_check.isChecked()
        budget = self.budget_edit.text().strip()
        return {
            "name": self.name_edit.text(),
            "channel": self.channel_combo.currentData(),
            "objective": self.objective_combo.currentData(),
            "status": self.status_combo.currentData(),
            "start_date": self.start_date.date().toPython(),
            "end_date": self.end_date.date().toPython(),
            "budget": money_or_text(budget) if budget else Decimal("0.00"),
            "target_leads": _whole_or_text(self.target_leads_edit.text()),
            "target_revenue": money_or_text(self.target_revenue_edit.text())
            if self.target_revenue_edit.text().strip() else None,
            "audience_tags": self.tags_list.checked(),
            "audience_stages": [stage for stage, check in self.stage_checks.items()
                                if check.isChecked()],
            "offer_discount_pct": _number_or_text(self.discount_edit.text()),
            "offer_code": self.code_edit.text(),
            "offer_start": self.offer_start_date.date().toPython() if window else None,
            "offer_end": self.offer_end_date.date().toPython() if window else None,
            "agency": self.agency_picker.record_id(),
            "impressions": _whole_or_text(self.impressions_edit.text()),
            "clicks": _whole_or_text(self.clicks_edit.text()),
            "visits": _whole_or_text(self.visits_edit.text()),
            "notes": self.notes_edit.toPlainText(),
        }

    def expenses(self) -> list[dict[str, Any]]:
        return self.expenses_table.lines()

    def offer_products(self) -> list[int]:
        return [int(product_id) for product_id in self.products_list.checked()]

    # --- saving and errors ---------------------------------------------------------------

    def save(self) -> bool:
        """Store through the save callable; True when the dialog may close."""
        self.clear_error()
        try:
            saved_id = self._save(self.campaign_id, self.values(), self.expenses(),
                                  self.offer_products())
        except ValidationError as error:
            self.show_error(error.field, self._message(error))
            return False
        self.saved_id = saved_id
        return True

    def show_error(self, field: str, message: str) -> None:
        """Say what is wrong, bring the field's tab to the front and put the cursor in the
        field (or expense cell) it names."""
        self.error_label.setText(message)
        self.error_label.show()
        widget = self.field_widget(field)
        if widget is None:
            return
        for index in range(self.tabs.count()):
            if self.tabs.widget(index).isAncestorOf(widget):
                self.tabs.setCurrentIndex(index)
                break
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_error(self) -> None:
        self.error_label.hide()
        self.error_label.clear()

    def field_widget(self, field: str) -> QWidget | None:
        expense = _EXPENSE_FIELD.match(field)
        if expense:
            return self.expenses_table.cell_widget(int(expense.group(1)) - 1,
                                                   expense.group(2))
        first_stage = next(iter(self.stage_checks.values()))
        return {
            "name": self.name_edit, "channel": self.channel_combo,
            "objective": self.objective_combo, "status": self.status_combo,
            "start_date": self.start_date, "end_date": self.end_date,
            "budget": self.budget_edit, "target_leads": self.target_leads_edit,
            "target_revenue": self.target_revenue_edit, "agency": self.agency_picker,
            "notes": self.notes_edit, "impressions": self.impressions_edit,
            "clicks": self.clicks_edit, "visits": self.visits_edit,
            "audience_tags": self.tags_list.list, "audience_stages": first_stage,
            "offer_discount_pct": self.discount_edit, "offer_code": self.code_edit,
            "offer_start": self.offer_start_date, "offer_end": self.offer_end_date,
            "offer_products": self.products_list.list,
        }.get(field)

    def _message(self, error: ValidationError) -> str:
        expense = _EXPENSE_FIELD.match(error.field)
        if expense:
            name = _LABELS.get(expense.group(2), expense.group(2).replace("_", " "))
            label = self.tr("Expense {row}, {field}").format(row=expense.group(1), field=name)
        else:
            label = _LABELS.get(error.field, error.field.replace("_", " ").capitalize())
        return self.tr("{field}: {message}").format(field=label, message=error.message)

    # --- keeping the figures in step -----------------------------------------------------

    def _budget(self) -> Decimal | None:
        text = self.budget_edit.text().strip()
        amount = money_or_text(text) if text else Decimal("0.00")
        return amount if isinstance(amount, Decimal) else None

    def _sync_spend(self) -> None:
        spent = self.expenses_table.total()
        budget = self._budget()
        self._sync_spent_hint(spent, budget)
        if spent is None:
            text = self.tr("Spent: — (an amount in the lines does not read)")
        elif budget is None or budget <= 0:
            text = self.tr("Spent {spent} (no budget set)").format(
                spent=format_amount(spent, self._currency))
        else:
            share = campaign_forms.spent_share(spent, budget)
            text = self.tr("Spent {spent} of {budget} budget ({share} %)").format(
                spent=format_amount(spent, self._currency),
                budget=format_amount(budget, self._currency),
                share=_percent_text(share) if share is not None else "—")
            if spent > budget:
                text += self.tr(": {over} over").format(
                    over=format_amount(spent - budget, self._currency))
        self.spend_label.setText(text)
        self._sync_reach()

    def _sync_spent_hint(self, spent: Decimal | None, budget: Decimal | None) -> None:
        share = campaign_forms.spent_share(spent, budget) \
            if spent is not None and budget is not None else None
        if spent is None:
            text = self.tr("spent: see Spend")
        elif share is None:
            text = self.tr("{spent} spent").format(spent=format_amount(spent, self._currency))
        else:
            text = self.tr("{spent} spent ({share} %)").format(
                spent=format_amount(spent, self._currency), share=_percent_text(share))
        self.spent_hint.setText(text)

    def _sync_reach(self) -> None:
        ctr, cpc = campaign_forms.reach_figures({
            "impressions": self.impressions_edit.text(), "clicks": self.clicks_edit.text(),
            "spend": self.expenses_table.total()})
        spent = self.expenses_table.total()
        self.reach_spend_label.setText("—" if spent is None
                                       else format_amount(spent, self._currency))
        self.ctr_label.setText("—" if ctr is None else f"{ctr} %")
        self.cpc_label.setText("—" if cpc is None else format_amount(cpc, self._currency))

    def _sync_audience(self) -> None:
        stages = [stage for stage, check in self.stage_checks.items() if check.isChecked()]
        reached, excluded = campaign_forms.audience_count(self.tags_list.checked(), stages)
        people = self.tr("1 contact") if reached == 1 else self.tr("{count} contacts").format(
            count=format_count(reached))
        self.audience_label.setText(self.tr("{people} ({excluded} do-not-contact excluded)")
                                    .format(people=people, excluded=format_count(excluded)))

    def _sync_duration(self) -> None:
        days = self.start_date.date().daysTo(self.end_date.date()) + 1
        self.duration_label.setText(self.tr("1 day") if days == 1 else
                                    self.tr("{days} days").format(days=days) if days > 1
                                    else self.tr("ends before it starts"))

    def _sync_offer_window(self) -> None:
        on = self.offer_window_check.isChecked()
        self.offer_start_date.setEnabled(on)
        self.offer_end_date.setEnabled(on)

    def _on_start_date_changed(self, new: QDate) -> None:
        """Moving the start moves the end with it, so the campaign keeps its length."""
        days = self._last_start.daysTo(new)
        self._last_start = new
        if days:
            self.end_date.setDate(self.end_date.date().addDays(days))
        self._sync_duration()

    def _on_expenses_changed(self) -> None:
        self._sync_spend()

    def _on_offer_window_check_toggled(self, on: bool) -> None:
        if on:
            # A new window starts as the campaign's own dates.
            self.offer_start_date.setDate(self.start_date.date())
            self.offer_end_date.setDate(self.end_date.date())
        self._sync_offer_window()

    def _on_buttons_accepted(self) -> None:
        if self.save():
            self.accept()
