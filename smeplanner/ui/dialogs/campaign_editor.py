"""Add or edit a campaign: its plan, spend, reach, audience and offer, errors that name the
field or expense row."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
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
    OBJECTIVES,
)
from smeplanner.ui.formatting import format_amount
from smeplanner.ui.forms.campaign_form import ExpenseLinesTable
from smeplanner.ui.forms.campaign_tabs import AudienceTab, OfferTab, ReachTab
from smeplanner.ui.forms.deal_form import RecordPicker
from smeplanner.ui.forms.editor_parts import (
    RecordEditor,
    amount_text,
    count_text,
    date_edit,
    money_or_text,
    number_edit,
    percent_text,
    plain_amount,
    set_date,
    side_by_side,
    whole_or_text,
)

# Stores (campaign id or None for new, values, expense lines, offer product ids) and
# returns the campaign's id; raises ValidationError with nothing written. The page passes
# one that records undo.
Saver = Callable[[int | None, dict[str, Any], list[dict[str, Any]] | None, list[int] | None],
                 int]

_OBJECTIVE_LABELS = {"awareness": "Awareness", "leads": "Leads", "sales": "Sales",
                     "retention": "Retention"}


class CampaignEditor(RecordEditor):
    """A campaign's plan, spend, reach, audience and offer on tabs, with Save and Cancel.

    Saving goes through the ``save`` callable; a ValidationError it raises is shown, naming
    the field (its tab comes to the front and it gets the focus), and the dialog stays
    open. After a successful save ``saved_id`` holds the campaign's id.
    """

    ROW_FIELD = re.compile(r"^expense (\d+)\.(\w+)$")
    LABELS = {"start_date": "Start", "end_date": "End", "target_leads": "Target leads",
              "target_revenue": "Target revenue", "agency": "Agency",
              "audience_tags": "Audience tags", "audience_stages": "Lifecycle stages",
              "offer_discount_pct": "Discount", "offer_code": "Offer code",
              "offer_start": "Offer start", "offer_end": "Offer end",
              "offer_products": "Offer products", "spent_on": "date"}

    def __init__(self, currency: str, campaign_id: int | None = None, *, save: Saver,
                 defaults: Mapping[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.campaign_id = campaign_id
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
        self.budget_edit = number_edit("0.00")
        self.budget_edit.textEdited.connect(self._sync_spend)
        self.spent_hint = QLabel()  # the spend line in short, under the budget
        self.spent_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.spent_hint.setEnabled(False)  # greyed: a remark, not a value
        self.target_leads_edit = number_edit(self.tr("none"))
        self.target_revenue_edit = number_edit(self.tr("none"))
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
        self.reach = ReachTab(self._currency, self.expenses_table.total, font)
        self.audience = AudienceTab(font)
        self.offer = OfferTab(lambda: (self.start_date.date(), self.end_date.date()))

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
        grid.addLayout(side_by_side(self.start_date, QLabel(self.tr("to")), self.end_date,
                                    self.duration_label), 3, 1, 1, 3)
        grid.addWidget(label(self.tr("Budget")), 4, 0)
        grid.addLayout(side_by_side(self.budget_edit, QLabel(self._symbol), grow=0), 4, 1)
        grid.addWidget(label(self.tr("Target revenue")), 4, 2)
        grid.addLayout(side_by_side(self.target_revenue_edit, QLabel(self._symbol), grow=0),
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

    def _build_layout(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.addTab(self._general_tab(), self.tr("General"))
        self.tabs.addTab(self._spend_tab(), self.tr("Spend"))
        self.tabs.addTab(self.reach, self.tr("Reach"))
        self.tabs.addTab(self.audience, self.tr("Audience"))
        self.tabs.addTab(self.offer, self.tr("Offer"))
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
        set_date(self.start_date, data.start_date)
        self.start_date.blockSignals(False)
        self._last_start = self.start_date.date()
        set_date(self.end_date, data.end_date)
        self.budget_edit.setText(plain_amount(data.budget))
        self.target_leads_edit.setText(count_text(data.target_leads))
        self.target_revenue_edit.setText(amount_text(data.target_revenue))
        self.agency_picker.set_record(data.agency_id, data.agency_name)
        self.notes_edit.setPlainText(data.notes)
        self.expenses_table.new_line_date = min(data.end_date, max(data.start_date,
                                                                   date.today()))
        self.expenses_table.set_lines(data.expenses)
        self.reach.set_data(data)
        self.audience.set_data(data)
        self.offer.set_data(data)
        self.clear_error()
        self._sync_duration()
        self.offer.refresh()
        self._sync_spend()
        self.audience.refresh()

    def values(self) -> dict[str, Any]:
        """The campaign's fields by the service's names (the audience as lists); raises
        ValidationError for an agency picker whose text names no company. Numbers that do
        not read are passed as typed, so that the core names the field."""
        if not self.agency_picker.resolve():
            raise ValidationError("agency", self.tr("pick one from the list, or clear it"))
        budget = self.budget_edit.text().strip()
        return {
            "name": self.name_edit.text(),
            "channel": self.channel_combo.currentData(),
            "objective": self.objective_combo.currentData(),
            "status": self.status_combo.currentData(),
            "start_date": self.start_date.date().toPython(),
            "end_date": self.end_date.date().toPython(),
            "budget": money_or_text(budget) if budget else Decimal("0.00"),
            "target_leads": whole_or_text(self.target_leads_edit.text()),
            "target_revenue": money_or_text(self.target_revenue_edit.text())
            if self.target_revenue_edit.text().strip() else None,
            **self.audience.values(),
            **self.offer.values(),
            "agency": self.agency_picker.record_id(),
            **self.reach.values(),
            "notes": self.notes_edit.toPlainText(),
        }

    def expenses(self) -> list[dict[str, Any]]:
        return self.expenses_table.lines()

    def offer_products(self) -> list[int]:
        return self.offer.products()

    # --- saving and errors ---------------------------------------------------------------

    def _store(self) -> int:
        return self._save(self.campaign_id, self.values(), self.expenses(),
                          self.offer_products())

    def _reveal(self, widget: QWidget) -> None:
        """The tab of ``widget`` comes to the front."""
        for index in range(self.tabs.count()):
            if self.tabs.widget(index).isAncestorOf(widget):
                self.tabs.setCurrentIndex(index)
                break

    def _row_label(self, row: str, name: str) -> str:
        return self.tr("Expense {row}, {field}").format(row=row, field=name)

    def field_widget(self, field: str) -> QWidget | None:
        expense = self.ROW_FIELD.match(field)
        if expense:
            return self.expenses_table.cell_widget(int(expense.group(1)) - 1,
                                                   expense.group(2))
        return {
            "name": self.name_edit, "channel": self.channel_combo,
            "objective": self.objective_combo, "status": self.status_combo,
            "start_date": self.start_date, "end_date": self.end_date,
            "budget": self.budget_edit, "target_leads": self.target_leads_edit,
            "target_revenue": self.target_revenue_edit, "agency": self.agency_picker,
            "notes": self.notes_edit, **self.reach.field_widgets(),
            **self.audience.field_widgets(), **self.offer.field_widgets(),
        }.get(field)

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
                share=percent_text(share) if share is not None else "—")
            if spent > budget:
                text += self.tr(": {over} over").format(
                    over=format_amount(spent - budget, self._currency))
        self.spend_label.setText(text)
        self.reach.refresh()

    def _sync_spent_hint(self, spent: Decimal | None, budget: Decimal | None) -> None:
        share = campaign_forms.spent_share(spent, budget) \
            if spent is not None and budget is not None else None
        if spent is None:
            text = self.tr("spent: see Spend")
        elif share is None:
            text = self.tr("{spent} spent").format(spent=format_amount(spent, self._currency))
        else:
            text = self.tr("{spent} spent ({share} %)").format(
                spent=format_amount(spent, self._currency), share=percent_text(share))
        self.spent_hint.setText(text)

    def _sync_duration(self) -> None:
        days = self.start_date.date().daysTo(self.end_date.date()) + 1
        self.duration_label.setText(self.tr("1 day") if days == 1 else
                                    self.tr("{days} days").format(days=days) if days > 1
                                    else self.tr("ends before it starts"))

    def _on_start_date_changed(self, new: QDate) -> None:
        """Moving the start moves the end with it, so the campaign keeps its length."""
        days = self._last_start.daysTo(new)
        self._last_start = new
        if days:
            self.end_date.setDate(self.end_date.date().addDays(days))
        self._sync_duration()

    def _on_expenses_changed(self) -> None:
        self._sync_spend()
