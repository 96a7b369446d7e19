"""A page-header strip: progress toward this month's or quarter's goals, and the way to set them."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QToolButton,
    QWidget,
)

from smeplanner.core.money import format_money, to_minor
from smeplanner.ui.formatting import format_amount, format_count, format_date, format_percent

if TYPE_CHECKING:  # the strip only reads the figures; the page fetches them
    from smeplanner.core.metrics import GoalProgress

PERIODS = ("month", "quarter")


def percent_of_target(fraction: float) -> int:
    """The fraction as a whole percent, half up (1.125 → 113)."""
    return int(Decimal(repr(fraction * 100)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _compact(amount: Decimal, currency: str) -> str:
    return format_money(to_minor(amount), currency, compact=True)


class GoalItem(QWidget):
    """One goal: its name, "actual / target", a thin bar and the percent reached."""

    def __init__(self, progress: GoalProgress, currency: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.metric = progress.metric
        self.name_label = QLabel(progress.label)
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.name_label.setEnabled(False)  # greyed: the numbers matter more than the name
        if isinstance(progress.target, Decimal):
            # Header room is short: "€2.0m / €2.5m" in the row, exact amounts in the tip.
            shown = (_compact(Decimal(progress.actual), currency),
                     _compact(progress.target, currency))
            exact = (format_amount(Decimal(progress.actual), currency),
                     format_amount(progress.target, currency))
        else:
            shown = exact = (format_count(int(progress.actual)), format_count(progress.target))
        self.value_label = QLabel(self.tr("{actual} / {target}").format(
            actual=shown[0], target=shown[1]))
        self.value_label.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setTextVisible(False)
        self.bar.setFixedSize(56, 6)
        self.percent_label = QLabel()
        self.percent_label.setTextFormat(Qt.TextFormat.PlainText)
        if progress.fraction is None:  # a target of 0: any result meets it, no percent
            self.bar.setValue(0)
            self.percent_label.setText("–")
        else:
            percent = percent_of_target(progress.fraction)
            # The bar stops at full; the text still says how far past the goal it went.
            self.bar.setValue(max(0, min(percent, 100)))
            self.percent_label.setText(format_percent(percent))
        self.setToolTip(self.tr("{label}, {first} – {last}: {actual} of {target}").format(
            label=progress.label, first=format_date(progress.period_start),
            last=format_date(progress.period_end), actual=exact[0], target=exact[1]))
        # The name above its figures: four goals then fit beside the toggle in a window
        # of 1280 pixels with the sidebar.
        small = self.name_label.font()
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.name_label.setFont(small)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(4)
        layout.setVerticalSpacing(0)
        layout.addWidget(self.name_label, 0, 0, 1, 3)
        layout.addWidget(self.value_label, 1, 0)
        layout.addWidget(self.bar, 1, 1, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.percent_label, 1, 2)


class GoalProgressStrip(QWidget):
    """One header row: a Month/Quarter toggle, each goal that has a target, and buttons to set
    goals. Without any target it offers "Set goals…" in place of the figures.

    Signals:
        edit_goals_requested(): the user wants to set or change goals.
        period_changed(str): the toggle moved to "month" or "quarter".
    """

    edit_goals_requested = Signal()
    period_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: dict[str, GoalItem] = {}
        self.month_button = self._toggle_button(self.tr("Month"), self.tr("Goals of this month"))
        self.quarter_button = self._toggle_button(self.tr("Quarter"),
                                                  self.tr("Goals of this quarter"))
        self.month_button.setChecked(True)
        self._period_group = QButtonGroup(self)
        self._period_group.setExclusive(True)
        self._period_group.addButton(self.month_button)
        self._period_group.addButton(self.quarter_button)
        self._period_group.buttonToggled.connect(self._on_period_group_toggled)

        self._items_layout = QHBoxLayout()
        self._items_layout.setContentsMargins(0, 0, 0, 0)
        self._items_layout.setSpacing(10)

        self.set_goals_button = QPushButton(self.tr("Set goals…"))
        self.set_goals_button.setFlat(True)
        self.set_goals_button.setCursor(Qt.CursorShape.PointingHandCursor)
        # Looks like a link: an invitation, not a command competing with the page's own.
        self.set_goals_button.setStyleSheet(
            "QPushButton { color: palette(link); text-decoration: underline; border: none; "
            "padding: 0 2px; }")
        self.set_goals_button.clicked.connect(self.edit_goals_requested)
        self.goals_button = QPushButton(self.tr("Goals…"))
        self.goals_button.setToolTip(self.tr("Set the targets of a month or quarter"))
        self.goals_button.clicked.connect(self.edit_goals_requested)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        toggle = QHBoxLayout()
        toggle.setSpacing(0)  # the two buttons read as one segmented control
        toggle.addWidget(self.month_button)
        toggle.addWidget(self.quarter_button)
        layout.addLayout(toggle)
        layout.addLayout(self._items_layout)
        layout.addWidget(self.set_goals_button)
        layout.addStretch(1)  # the buttons keep their size when the strip is given more room
        layout.addWidget(self.goals_button)

    def _toggle_button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(True)
        button.setAutoRaise(False)
        return button

    # --- period --------------------------------------------------------------------------

    @property
    def period(self) -> str:
        return "quarter" if self.quarter_button.isChecked() else "month"

    @period.setter
    def period(self, period: str) -> None:
        self.set_period(period)

    def set_period(self, period: str) -> None:
        """Select "month" or "quarter"; emits period_changed if that changes it."""
        if period not in PERIODS:
            raise ValueError(f"unknown period {period!r}")
        (self.quarter_button if period == "quarter" else self.month_button).setChecked(True)

    def _on_period_group_toggled(self, button: QAbstractButton, checked: bool) -> None:
        if checked:  # the other button's un-check is the same change
            self.period_changed.emit("quarter" if button is self.quarter_button else "month")

    # --- figures -------------------------------------------------------------------------

    def set_progress(self, items: list[GoalProgress], currency: str) -> None:
        """Show the goals among ``items`` that have a target, in the order given."""
        for item in self.items.values():
            self._items_layout.removeWidget(item)
            item.hide()  # deleteLater waits for the event loop; don't paint it till then
            item.deleteLater()
        self.items = {}
        for progress in items:
            if progress.target is None:
                continue
            item = GoalItem(progress, currency, self)
            self._items_layout.addWidget(item)
            # The layout would show it only from the event loop (a queued call); now is when
            # the header is being filled.
            item.show()
            self.items[progress.metric] = item
        self.set_goals_button.setHidden(bool(self.items))
