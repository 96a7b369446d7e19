"""The week's planned time by hat as one bar, with a mark where the target split lies."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from smeplanner.core.week import TimeSplit
from smeplanner.ui.widgets.week.painting import HAT_COLOURS


def format_minutes(minutes: int) -> str:
    """Planned time as "12 h 30", "45 min" or "0 h"."""
    hours, rest = divmod(minutes, 60)
    if not hours and rest:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


class _Bar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.split: TimeSplit | None = None
        self.setMinimumHeight(14)

    def sizeHint(self) -> QSize:
        return QSize(200, 14)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bar = QRectF(self.rect()).adjusted(0.5, 2.5, -0.5, -2.5)
        palette = self.palette()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Midlight))
        painter.drawRoundedRect(bar, 3, 3)
        split = self.split
        if split is not None and split.total_minutes:
            sales_width = bar.width() * split.sales_minutes / split.total_minutes
            painter.setBrush(HAT_COLOURS["marketing"])
            painter.drawRoundedRect(bar, 3, 3)
            painter.setBrush(HAT_COLOURS["sales"])
            painter.drawRoundedRect(QRectF(bar.left(), bar.top(), sales_width, bar.height()),
                                    3, 3)
        if split is not None:
            x = bar.left() + bar.width() * split.sales_target_pct / 100
            painter.setPen(QPen(palette.color(QPalette.ColorRole.WindowText), 2))
            painter.drawLine(QRect(round(x), 0, 0, self.height()).topLeft(),
                             QRect(round(x), 0, 0, self.height()).bottomLeft())
        painter.end()


class TimeSplitBar(QWidget):
    """"Sales 12 h 30 (62 %) · Marketing 7 h 40 (38 %)", the bar, and the target."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self.tr("Time split this week"))
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.bar = _Bar()
        self.target_label = QLabel()
        self.target_label.setEnabled(False)
        self.target_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        for widget in (self.title, self.figures, self.bar, self.target_label):
            layout.addWidget(widget)

    def set_split(self, split: TimeSplit) -> None:
        self.bar.split = split
        self.bar.update()
        if not split.total_minutes:
            self.figures.setText(self.tr("Nothing with a duration is planned this week."))
        else:
            sales = split.sales_pct or 0
            self.figures.setText(self.tr("Sales {sales} ({sales_pct} %) · Marketing "
                                         "{marketing} ({marketing_pct} %)").format(
                sales=format_minutes(split.sales_minutes), sales_pct=sales,
                marketing=format_minutes(split.marketing_minutes), marketing_pct=100 - sales))
        target = split.sales_target_pct
        self.target_label.setText(self.tr("Target: {sales} % sales / {marketing} % marketing")
                                  .format(sales=target, marketing=100 - target))
        self.setToolTip(self.tr("Planned hours of this week's activities by hat (from their "
                                "durations); the mark shows the target split set in "
                                "Settings."))
