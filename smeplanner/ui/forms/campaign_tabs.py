"""Three tabs of the campaign editor that stand on their own: reach, audience and offer.

Each holds its fields, reads and writes its part of a campaign's values by the service's
names, gives its widgets by the field names errors use, and keeps its own figures in step.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core import campaign_forms
from smeplanner.core.campaign_forms import CampaignFormData
from smeplanner.core.vocabulary import LIFECYCLE_LABELS, LIFECYCLE_STAGES
from smeplanner.ui.formatting import format_amount, format_count
from smeplanner.ui.forms.campaign_form import CheckList
from smeplanner.ui.forms.editor_parts import (
    count_text,
    date_edit,
    number_edit,
    number_or_text,
    percent_text,
    set_date,
    side_by_side,
    whole_or_text,
)


def _figure_label(font: QFont) -> QLabel:
    """A worked-out figure, in bold plain text."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setFont(font)
    return label


def _hint(text: str) -> QLabel:
    """A greyed remark that explains, under the fields."""
    hint = QLabel(text)
    hint.setWordWrap(True)
    hint.setEnabled(False)
    return hint


class ReachTab(QWidget):
    """What the channel reports, typed by hand (impressions, clicks, visits), and what follows
    with the spend so far: click-through rate and cost per click."""

    def __init__(self, currency: str, spend: Callable[[], Decimal | None], font: QFont,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._currency = currency
        self._spend = spend  # the sum of the expense lines, None while one does not read
        self.impressions_edit = number_edit(self.tr("not known"))
        self.clicks_edit = number_edit(self.tr("not known"))
        self.visits_edit = number_edit(self.tr("not known"))
        for edit in (self.impressions_edit, self.clicks_edit):
            edit.textEdited.connect(self.refresh)
        self.ctr_label = _figure_label(font)
        self.cpc_label = _figure_label(font)
        self.spend_label = _figure_label(font)

        layout = QVBoxLayout(self)
        entered = QGroupBox(self.tr("Figures from the channel (entered by hand)"))
        form = QFormLayout(entered)
        for text, edit in ((self.tr("Impressions"), self.impressions_edit),
                           (self.tr("Clicks"), self.clicks_edit),
                           (self.tr("Visits"), self.visits_edit)):
            edit.setMaximumWidth(160)
            form.addRow(text, edit)
        worked_out = QGroupBox(self.tr("Worked out"))
        results = QFormLayout(worked_out)
        results.addRow(self.tr("Spend so far"), self.spend_label)
        results.addRow(self.tr("Click-through rate"), self.ctr_label)
        results.addRow(self.tr("Cost per click"), self.cpc_label)
        results.addRow(_hint(self.tr("Click-through rate = clicks ÷ impressions. Cost per "
                                     "click = the spend (the expense lines) ÷ clicks.")))
        layout.addWidget(entered)
        layout.addWidget(worked_out)
        layout.addStretch(1)

    def set_data(self, data: CampaignFormData) -> None:
        self.impressions_edit.setText(count_text(data.impressions))
        self.clicks_edit.setText(count_text(data.clicks))
        self.visits_edit.setText(count_text(data.visits))

    def values(self) -> dict[str, Any]:
        return {"impressions": whole_or_text(self.impressions_edit.text()),
                "clicks": whole_or_text(self.clicks_edit.text()),
                "visits": whole_or_text(self.visits_edit.text())}

    def field_widgets(self) -> dict[str, QWidget]:
        """The tab's widgets by the field names errors use."""
        return {"impressions": self.impressions_edit, "clicks": self.clicks_edit,
                "visits": self.visits_edit}

    def refresh(self) -> None:
        """Work the figures out again (the counts or the spend changed)."""
        ctr, cpc = campaign_forms.reach_figures({
            "impressions": self.impressions_edit.text(), "clicks": self.clicks_edit.text(),
            "spend": self._spend()})
        spent = self._spend()
        self.spend_label.setText("—" if spent is None else format_amount(spent, self._currency))
        self.ctr_label.setText("—" if ctr is None else f"{ctr} %")
        self.cpc_label.setText("—" if cpc is None else format_amount(cpc, self._currency))


class AudienceTab(QWidget):
    """Whom the campaign is aimed at: contacts with any ticked tag and at any ticked
    lifecycle stage, counted live (do-not-contact people left out)."""

    def __init__(self, font: QFont, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tags_list = CheckList(self.tr("Filter tags"))
        self.tags_list.set_empty_text(self.tr("No tags in this workspace yet: tag contacts "
                                              "to aim a campaign at them."))
        self.tags_list.changed.connect(self.refresh)
        self.stage_checks: dict[str, QCheckBox] = {}
        for stage in LIFECYCLE_STAGES:
            check = QCheckBox(self.tr(LIFECYCLE_LABELS[stage]))
            check.toggled.connect(self.refresh)
            self.stage_checks[stage] = check
        self.count_label = _figure_label(font)

        layout = QVBoxLayout(self)
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
        layout.addLayout(boxes, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(_hint(self.tr("Any ticked tag and any ticked stage; nothing ticked "
                                       "on a side means no limit there. Do-not-contact "
                                       "people are always left out.")))

    def set_data(self, data: CampaignFormData) -> None:
        tags = campaign_forms.tag_names()
        self.tags_list.set_choices([(name, name) for name in tags], [
            next((name for name in tags if name.casefold() == wanted.casefold()), wanted)
            for wanted in data.audience_tags])
        for stage, check in self.stage_checks.items():
            check.blockSignals(True)
            check.setChecked(stage in data.audience_stages)
            check.blockSignals(False)

    def values(self) -> dict[str, Any]:
        return {"audience_tags": self.tags_list.checked(), "audience_stages": self._stages()}

    def field_widgets(self) -> dict[str, QWidget]:
        """The tab's widgets by the field names errors use."""
        first_stage = next(iter(self.stage_checks.values()))
        return {"audience_tags": self.tags_list.list, "audience_stages": first_stage}

    def refresh(self) -> None:
        """Count the audience again (a tag or a stage was ticked)."""
        reached, excluded = campaign_forms.audience_count(self.tags_list.checked(),
                                                          self._stages())
        people = self.tr("1 contact") if reached == 1 else self.tr("{count} contacts").format(
            count=format_count(reached))
        self.count_label.setText(self.tr("{people} ({excluded} do-not-contact excluded)")
                                 .format(people=people, excluded=format_count(excluded)))

    def _stages(self) -> list[str]:
        return [stage for stage, check in self.stage_checks.items() if check.isChecked()]


class OfferTab(QWidget):
    """The campaign's offer: a discount, a code, the window it runs in (the campaign's own
    dates unless set) and the products it is on."""

    def __init__(self, campaign_dates: Callable[[], tuple[QDate, QDate]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._campaign_dates = campaign_dates  # the campaign's start and end as set now
        self.discount_edit = number_edit(self.tr("no discount"))
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText(self.tr("e.g. SPRING10"))
        self.window_check = QCheckBox(self.tr("from"))
        self.window_check.toggled.connect(self._on_window_check_toggled)
        self.start_date = date_edit()
        self.end_date = date_edit()
        self.products_list = CheckList(self.tr("Filter products"))
        self.products_list.set_empty_text(self.tr("No products yet: add them in Settings."))

        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.discount_edit.setMaximumWidth(100)
        self.code_edit.setMaximumWidth(220)
        form.addRow(self.tr("Discount"), side_by_side(self.discount_edit, QLabel("%")))
        form.addRow(self.tr("Code"), self.code_edit)
        form.addRow(self.tr("Window"), side_by_side(
            self.window_check, self.start_date, QLabel(self.tr("to")), self.end_date))
        products_box = QGroupBox(self.tr("On these products"))
        QVBoxLayout(products_box).addWidget(self.products_list)
        layout.addLayout(form)
        layout.addWidget(products_box, 1)

    def set_data(self, data: CampaignFormData) -> None:
        self.discount_edit.setText("" if data.offer_discount_pct is None
                                   else percent_text(data.offer_discount_pct))
        self.code_edit.setText(data.offer_code)
        has_window = data.offer_start is not None or data.offer_end is not None
        self.window_check.blockSignals(True)
        self.window_check.setChecked(has_window)
        self.window_check.blockSignals(False)
        set_date(self.start_date, data.offer_start or data.start_date)
        set_date(self.end_date, data.offer_end or data.end_date)
        products = campaign_forms.product_choices(data.offer_product_ids)
        self.products_list.set_choices(
            [(p.id, p.name if p.active else self.tr("{name} (retired)").format(name=p.name))
             for p in products], data.offer_product_ids)

    def values(self) -> dict[str, Any]:
        window = self.window_check.isChecked()
        return {"offer_discount_pct": number_or_text(self.discount_edit.text()),
                "offer_code": self.code_edit.text(),
                "offer_start": self.start_date.date().toPython() if window else None,
                "offer_end": self.end_date.date().toPython() if window else None}

    def products(self) -> list[int]:
        return [int(product_id) for product_id in self.products_list.checked()]

    def field_widgets(self) -> dict[str, QWidget]:
        """The tab's widgets by the field names errors use."""
        return {"offer_discount_pct": self.discount_edit, "offer_code": self.code_edit,
                "offer_start": self.start_date, "offer_end": self.end_date,
                "offer_products": self.products_list.list}

    def refresh(self) -> None:
        """The window's dates can be set only while it is ticked."""
        on = self.window_check.isChecked()
        self.start_date.setEnabled(on)
        self.end_date.setEnabled(on)

    def _on_window_check_toggled(self, on: bool) -> None:
        if on:
            # A new window starts as the campaign's own dates.
            start, end = self._campaign_dates()
            self.start_date.setDate(start)
            self.end_date.setDate(end)
        self.refresh()
