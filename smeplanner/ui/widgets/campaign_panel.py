"""The selected campaign beside the calendar: what it cost, what it brought, its deliverables."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core import attribution
from smeplanner.core.errors import NotFoundError
from smeplanner.core.vocabulary import CHANNEL_LABELS
from smeplanner.ui.formatting import format_amount, format_count, format_date, format_percent
from smeplanner.ui.widgets.deliverables_panel import DeliverablesPanel

Run = Callable[[str, Callable[[], object]], None]

# (key, label): the figures the panel shows, in reading order (two columns).
FIGURES = (("spend", "Spend"), ("budget", "Budget"), ("leads", "Leads"),
           ("qualified_leads", "Qualified"), ("deals", "Deals"), ("won_deals", "Won"),
           ("won_revenue", "Revenue"), ("roi", "ROI"), ("cost_per_lead", "Per lead"),
           ("cost_per_acquisition", "Per sale"), ("revenue_per_spend", "Rev. ÷ spend"),
           ("click_through_rate", "Click-through"), ("cost_per_click", "Per click"))
# What the short names mean, for their tooltips.
EXPLAINED = {
    "spend": "Sum of the campaign's expense lines", "budget": "Planned budget",
    "leads": "Contacts whose source is this campaign",
    "qualified_leads": "Those leads now qualified or further along the funnel",
    "deals": "Deals whose source is this campaign", "won_deals": "Of those deals, won",
    "won_revenue": "Sum of the won deals' amounts",
    "roi": "Return on investment: (revenue − spend) ÷ spend",
    "cost_per_lead": "Spend ÷ leads", "cost_per_acquisition": "Spend ÷ won deals",
    "revenue_per_spend": "Revenue ÷ spend", "click_through_rate": "Clicks ÷ impressions",
    "cost_per_click": "Spend ÷ clicks"}
_MONEY = {"budget", "spend", "won_revenue", "cost_per_lead", "cost_per_acquisition",
          "cost_per_click"}


class CampaignPanel(QWidget):
    """One campaign's figures (from :mod:`smeplanner.core.attribution`) and deliverables.

    Signals:
        edit_requested(int), delete_requested(int): the buttons, with the campaign's id.
    """

    edit_requested = Signal(int)
    delete_requested = Signal(int)

    def __init__(self, currency: str, run: Run | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currency = currency
        self.campaign_id: int | None = None
        self.name_label = QLabel()
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.name_label.setWordWrap(True)
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.name_label.setFont(font)
        self.about_label = QLabel()
        self.about_label.setTextFormat(Qt.TextFormat.PlainText)
        self.about_label.setWordWrap(True)
        self.empty_label = QLabel(self.tr("Select a campaign on the calendar to see what it "
                                          "cost, what it brought and its deliverables."))
        self.empty_label.setWordWrap(True)
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.values: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        for number, (key, label) in enumerate(FIGURES):
            name = QLabel(self.tr(label))
            name.setEnabled(False)  # greyed: the figures matter more than their names
            name.setToolTip(self.tr(EXPLAINED[key]))
            value = QLabel()
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            row, column = divmod(number, 2)
            grid.addWidget(name, row, column * 2)
            grid.addWidget(value, row, column * 2 + 1)
            self.values[key] = value
        self.deliverables = DeliverablesPanel(run)
        self.moves_note = QLabel(self.tr("Dragging a campaign on the calendar moves its open "
                                         "deliverables with it; done ones stay on the day "
                                         "they happened."))
        self.moves_note.setWordWrap(True)
        self.moves_note.setEnabled(False)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        self.details = QWidget()
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.addWidget(self.name_label)
        details.addWidget(self.about_label)
        details.addLayout(grid)
        details.addLayout(buttons)
        title = QLabel(self.tr("Deliverables"))
        bold = title.font()
        bold.setBold(True)
        title.setFont(bold)
        details.addWidget(title)
        details.addWidget(self.deliverables, 1)
        details.addWidget(self.moves_note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.details, 1)
        self.edit_button.clicked.connect(lambda: self._emit(self.edit_requested))
        self.delete_button.clicked.connect(lambda: self._emit(self.delete_requested))
        self.show_campaign(None)

    def _emit(self, signal: Signal) -> None:
        if self.campaign_id is not None:
            signal.emit(self.campaign_id)  # type: ignore[attr-defined]

    def show_campaign(self, campaign_id: int | None) -> None:
        """Show ``campaign_id`` (None, or a campaign deleted meanwhile: the empty hint)."""
        figures = None
        if campaign_id is not None:
            try:
                figures = attribution.campaign_roi(campaign_id)
            except NotFoundError:
                campaign_id = None
        self.campaign_id = campaign_id
        self.empty_label.setVisible(figures is None)
        self.details.setVisible(figures is not None)
        self.deliverables.set_campaign(campaign_id)
        if figures is None:
            return
        self.name_label.setText(figures.name)
        self.about_label.setText(self.tr("{channel} · {status} · {first} – {last}").format(
            channel=self.tr(CHANNEL_LABELS.get(figures.channel, figures.channel)),
            status=self.tr(figures.status.capitalize()), first=format_date(figures.start),
            last=format_date(figures.end)))
        for key, label in self.values.items():
            label.setText(self._text(key, getattr(figures, key)))
        spent = self.values["spend"]
        share = (figures.spend * 100 / figures.budget).quantize(Decimal("1")) \
            if figures.budget else None
        spent.setToolTip("" if share is None else self.tr("{share} of the budget").format(
            share=format_percent(int(share))))

    def _text(self, key: str, value: object) -> str:
        if value is None:
            return "–"
        if key in _MONEY:
            return format_amount(value, self.currency)  # type: ignore[arg-type]
        if key in ("roi", "click_through_rate"):
            return format_percent(value)  # type: ignore[arg-type]
        if key == "revenue_per_spend":
            return f"{value}×"
        return format_count(value)  # type: ignore[arg-type]

    def reload(self) -> None:
        self.show_campaign(self.campaign_id)
        self.deliverables.reload()
