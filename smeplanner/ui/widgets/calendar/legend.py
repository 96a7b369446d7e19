"""The key to the calendar's colours and marks: a swatch per channel, the offer and conflict."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from smeplanner.ui.widgets.calendar.common import (
    CONFLICT_COLOR,
    channel_color,
    legend_channels,
    text_on,
    tr,
)

SWATCH = 12
GAP = 14


class ChannelLegend(QWidget):
    """Painted in one pass and wrapped onto more lines when the window is narrow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[tuple[str, str]] = [*legend_channels(),
                                               ("offer", tr("Offer window")),
                                               ("conflict", tr("Offer conflict"))]
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _places(self, width: int) -> list[tuple[float, float, str, str]]:
        """(x, y, key, label) of each entry when laid out in ``width``."""
        metrics = QFontMetrics(self.font())
        line = metrics.height() + 6
        x = y = 0.0
        places = []
        for key, label in self.entries:
            size = SWATCH + 5 + metrics.horizontalAdvance(label)
            if x and x + size > width:
                x, y = 0.0, y + line
            places.append((x, y, key, label))
            x += size + GAP
        return places

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        places = self._places(width)
        return int((places[-1][1] if places else 0) + QFontMetrics(self.font()).height() + 6)

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        width = sum(SWATCH + 5 + metrics.horizontalAdvance(label) + GAP
                    for _key, label in self.entries)
        return QSize(width, self.heightForWidth(max(self.width(), 200)))

    def minimumSizeHint(self) -> QSize:
        return QSize(120, QFontMetrics(self.font()).height() + 6)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        line = metrics.height() + 6
        text = self.palette().color(QPalette.ColorRole.WindowText)
        for x, y, key, label in self._places(self.width()):
            swatch = QRectF(x, y + (line - SWATCH) / 2, SWATCH, SWATCH)
            if key == "offer":
                fill = channel_color("email").darker(135)
            elif key == "conflict":
                fill = QColor(CONFLICT_COLOR)
            else:
                fill = channel_color(key)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(swatch, 3, 3)
            if key in ("offer", "conflict"):
                hatch = QColor(text_on(fill))
                hatch.setAlpha(90)
                painter.setBrush(QBrush(hatch, Qt.BrushStyle.BDiagPattern))
                painter.drawRoundedRect(swatch, 3, 3)
            painter.setPen(text)
            painter.drawText(QRectF(x + SWATCH + 5, y, metrics.horizontalAdvance(label) + 2, line),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             label)
