"""Set the goals of one month or quarter: won revenue, deals won, new leads, activities done."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core import metrics
from smeplanner.core.errors import ValidationError
from smeplanner.core.goals import period_start
from smeplanner.ui.formatting import display_locale

COUNT_METRICS = ("deals_won", "new_leads", "activities_done")
MAX_COUNT = 1_000_000


def period_title(period: str, start: date) -> str:
    """ "November 2026" or "Q4 2026"."""
    if period == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    return f"{display_locale().standaloneMonthName(start.month)} {start.year}"


class OptionalCountBox(QSpinBox):
    """A whole-number target that may be left empty: clearing it shows "No goal" (the minimum,
    -1) and means the goal is removed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(-1, MAX_COUNT)
        self.setSpecialValueText(self.tr("No goal"))
        self.setValue(-1)

    # QSpinBox refuses empty text and reverts it; here empty is how a user clears a goal.
    def validate(self, text: str, pos: int) -> object:
        if not text.strip():
            return QValidator.State.Acceptable, text, pos
        return super().validate(text, pos)

    def valueFromText(self, text: str) -> int:
        if not text.strip():
            return self.minimum()
        return super().valueFromText(text)

    def target(self) -> int | None:
        return None if self.value() == self.minimum() else self.value()

    def set_target(self, target: int | None) -> None:
        self.setValue(self.minimum() if target is None else int(target))


class GoalsDialog(QDialog):
    """Pick a month or quarter, edit its four targets, save them together.

    An empty field removes that goal. Bad input is named above the fields and the dialog
    stays open with nothing stored.
    """

    def __init__(self, period: str, day: date, currency: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Goals"))
        self.currency = currency
        self._day = period_start(period, day)
        self.result_value: tuple[str, date] | None = None

        self.period_combo = QComboBox()
        self.period_combo.addItem(self.tr("Month"), "month")
        self.period_combo.addItem(self.tr("Quarter"), "quarter")
        self.period_combo.setCurrentIndex(self.period_combo.findData(period))
        self.previous_button = QToolButton()
        self.previous_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.previous_button.setToolTip(self.tr("Previous period"))
        self.next_button = QToolButton()
        self.next_button.setArrowType(Qt.ArrowType.RightArrow)
        self.next_button.setToolTip(self.tr("Next period"))
        self.period_label = QLabel()
        self.period_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.period_label.setMinimumWidth(120)

        self.revenue_edit = QLineEdit()
        self.revenue_edit.setPlaceholderText(self.tr("No goal"))
        self.revenue_edit.setClearButtonEnabled(True)
        self.count_boxes = {metric: OptionalCountBox() for metric in COUNT_METRICS}
        self.fields: dict[str, QWidget] = {"won_revenue": self.revenue_edit, **self.count_boxes}
        self.error_label = QLabel()
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: palette(bright-text); background: #c0392b;"
                                       "padding: 4px; border-radius: 3px;")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)

        navigation = QHBoxLayout()
        navigation.addWidget(self.period_combo)
        navigation.addStretch(1)
        navigation.addWidget(self.previous_button)
        navigation.addWidget(self.period_label)
        navigation.addWidget(self.next_button)
        form = QFormLayout()
        revenue_row = QHBoxLayout()
        revenue_row.addWidget(self.revenue_edit, 1)
        revenue_row.addWidget(QLabel(currency))
        form.addRow(self.tr(metrics.GOAL_LABELS["won_revenue"]), revenue_row)
        for metric in COUNT_METRICS:
            form.addRow(self.tr(metrics.GOAL_LABELS[metric]), self.count_boxes[metric])
        layout = QVBoxLayout(self)
        layout.addLayout(navigation)
        layout.addWidget(self.error_label)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        self.period_combo.currentIndexChanged.connect(self._on_period_combo_changed)
        self.previous_button.clicked.connect(lambda: self._move(-1))
        self.next_button.clicked.connect(lambda: self._move(1))
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self._load()
        self.revenue_edit.setFocus()

    @classmethod
    def ask(cls, period: str, day: date, currency: str,
            parent: QWidget | None = None) -> tuple[str, date] | None:
        """Show the dialog; the period and first day of the goals saved, or None if cancelled."""
        dialog = cls(period, day, currency, parent)
        dialog.exec()
        return dialog.result_value

    @property
    def period(self) -> str:
        return str(self.period_combo.currentData())

    @property
    def period_start(self) -> date:
        return period_start(self.period, self._day)

    # --- navigation ----------------------------------------------------------------------

    def _on_period_combo_changed(self, _index: int) -> None:
        self._load()

    def _move(self, steps: int) -> None:
        self._day = metrics.shift_period(self.period, self._day, steps)
        self._load()

    def _load(self) -> None:
        """Show the stored targets of the chosen period (edits to the previous one are dropped,
        as the user moved away from it)."""
        self.period_label.setText(period_title(self.period, self.period_start))
        targets = metrics.goal_targets(self.period, self.period_start)
        revenue = targets["won_revenue"]
        self.revenue_edit.setText("" if revenue is None else f"{Decimal(revenue):,}")
        for metric, box in self.count_boxes.items():
            box.set_target(targets[metric])  # type: ignore[arg-type]
        self.clear_error()

    # --- saving --------------------------------------------------------------------------

    def targets(self) -> dict[str, Any]:
        """The four fields as save_goals takes them: text, counts, None for empty."""
        values: dict[str, Any] = {"won_revenue": self.revenue_edit.text().strip() or None}
        for metric, box in self.count_boxes.items():
            box.interpretText()  # text typed but not yet committed (no focus change)
            values[metric] = box.target()
        return values

    def save(self) -> bool:
        """Store the targets; True if stored, False (with the error shown) if refused."""
        try:
            metrics.save_goals(self.period, self.period_start, self.targets())
        except ValidationError as error:
            self.show_error(error.field, error.message)
            return False
        self.result_value = (self.period, self.period_start)
        return True

    def _on_buttons_accepted(self) -> None:
        if self.save():
            self.accept()

    def show_error(self, field: str, message: str) -> None:
        """Say which field is wrong and put the cursor in it."""
        label = metrics.GOAL_LABELS.get(field, field.replace("_", " ").capitalize())
        self.error_label.setText(self.tr("{field}: {message}").format(field=self.tr(label),
                                                                      message=message))
        self.error_label.show()
        widget = self.fields.get(field)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_error(self) -> None:
        self.error_label.hide()
        self.error_label.clear()
