"""The week view: seven day columns, campaign bars across the top, each day's deliverables
listed under it with room for their titles, stage and owner."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

from smeplanner.ui.widgets.calendar.common import month_name, tr, weekday_name
from smeplanner.ui.widgets.calendar.interaction import CalendarView
from smeplanner.ui.widgets.calendar.month_view import pack_lanes
from smeplanner.ui.widgets.calendar.painting import (
    BarBox,
    ChipBox,
    MoreBox,
    finish_bar,
    grid_pen,
    paint_bar,
    paint_chip,
    paint_more,
    paint_today_mark,
)

COLS = 7


class WeekView(CalendarView):
    """Seven days side by side; see CalendarView for the signals."""

    PAD = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cw = 1.0
        self._head_h = self._line_h = self._pitch = 0
        self._bars_top = self._list_top = 0.0
        self._card_h = self._card_pitch = 0
        self.visible_lanes = self.needed_lanes = 0

    # --- geometry ------------------------------------------------------------------------
    def day_rect(self, day: date) -> QRect | None:
        col = (day - self.first).days
        if not 0 <= col < COLS:
            return None
        return QRectF(col * self._cw, self._head_h, self._cw,
                      self.height() - self._head_h).toRect()

    def date_at(self, point: QPoint | QPointF) -> date | None:
        col = min(max(int(QPointF(point).x() // self._cw), 0), COLS - 1)
        return self.first + timedelta(days=col)

    def _bar_rect(self, col_first: int, col_last: int, lane: int, starts: bool,
                  ends: bool) -> QRectF:
        left = col_first * self._cw + (self.PAD if starts else 0)
        right = (col_last + 1) * self._cw - (self.PAD if ends else 0)
        return QRectF(left, self._bars_top + lane * self._pitch, right - left, self._line_h)

    # --- layout --------------------------------------------------------------------------
    def _layout(self) -> None:
        metrics = self.metrics()
        self._cw = max(self.width(), COLS) / COLS
        self._line_h = metrics.height() + 4
        self._pitch = self._line_h + 2
        self._head_h = 2 * metrics.height() + 12
        self._card_h = 2 * metrics.height() + 6
        self._card_pitch = self._card_h + 4
        self._bars, self._chips, self._more = [], [], []
        self._bars_top = self._head_h + 6
        body = self.height() - self._bars_top
        # Bars get at most a third of the height: the deliverables are what a week is for.
        cap = max(int(body / 3 // self._pitch), 2)
        last = self.first + timedelta(days=COLS - 1)
        running = [bar for bar in self.campaigns if bar.start <= last and bar.end >= self.first]
        spans = [(max(bar.start, self.first), min(bar.end, last)) for bar in running]
        lanes = pack_lanes(spans)
        self.needed_lanes = max(lanes, default=-1) + 1
        overflow = self.needed_lanes > cap
        self.visible_lanes = cap - 1 if overflow else self.needed_lanes
        hidden = [0] * COLS
        for bar, (first, end), lane in zip(running, spans, lanes, strict=True):
            col_first, col_last = (first - self.first).days, (end - self.first).days
            if lane >= self.visible_lanes:
                for col in range(col_first, col_last + 1):
                    hidden[col] += 1
                continue
            starts, ends = bar.start >= self.first, bar.end <= last
            box = BarBox(self._bar_rect(col_first, col_last, lane, starts, ends), bar, first,
                         end, starts, ends, lane)
            finish_bar(box, col_first * self._cw, self._cw, metrics)
            self._bars.append(box)
        for col in range(COLS):
            if hidden[col]:
                rect = self._bar_rect(col, col, self.visible_lanes, True, True)
                self._more.append(MoreBox(rect, self.first + timedelta(days=col), hidden[col],
                                          tr("+{count} more").format(count=hidden[col])))
        lanes_drawn = self.visible_lanes + (1 if overflow else 0)
        self._list_top = self._bars_top + lanes_drawn * self._pitch + (8 if lanes_drawn else 0)
        slots = max(int((self.height() - self._list_top - 2) // self._card_pitch), 0)
        for col in range(COLS):
            self._layout_day(col, slots, metrics)

    def _layout_day(self, col: int, slots: int, metrics: QFontMetrics) -> None:
        day = self.first + timedelta(days=col)
        chips = self._chips_by_day.get(day, [])
        shown = len(chips) if len(chips) <= slots else max(slots - 1, 0)
        left = col * self._cw + self.PAD
        width = self._cw - 2 * self.PAD
        text_width = max(int(width - metrics.height() - 10), 0)
        for line, chip in enumerate(chips[:shown]):
            rect = QRectF(left, self._list_top + line * self._card_pitch, width, self._card_h)
            detail = " · ".join(part for part in (
                tr("done") if chip.done else chip.stage.replace("_", " "), chip.owner) if part)
            self._chips.append(ChipBox(
                rect, chip,
                metrics.elidedText(chip.title, Qt.TextElideMode.ElideRight, text_width),
                metrics.elidedText(detail, Qt.TextElideMode.ElideRight, text_width)))
        hidden = len(chips) - shown
        if hidden:
            rect = QRectF(left, self._list_top + shown * self._card_pitch, width, self._line_h)
            self._more.append(MoreBox(rect, day, hidden,
                                      tr("+{count} more").format(count=hidden)))

    def _preview_boxes(self, box: BarBox, start: date, end: date) -> list[BarBox]:
        last = self.first + timedelta(days=COLS - 1)
        if start > last or end < self.first:
            return []
        first, stop = max(start, self.first), min(end, last)
        col_first = (first - self.first).days
        ghost = BarBox(self._bar_rect(col_first, (stop - self.first).days, box.lane,
                                      start >= self.first, end <= last),
                       box.bar, first, stop, start >= self.first, end <= last, box.lane)
        finish_bar(ghost, col_first * self._cw, self._cw, self.metrics())
        return [ghost]

    def _chip_preview_rect(self, box: ChipBox, day: date) -> QRectF | None:
        col = (day - self.first).days
        if not 0 <= col < COLS:
            return None
        return QRectF(col * self._cw + self.PAD, self._list_top, self._cw - 2 * self.PAD,
                      self._card_h)

    # --- painting ------------------------------------------------------------------------
    def _paint(self, painter: QPainter, area: QRect) -> None:
        palette = self.palette()
        font = self.font()
        metrics = self.metrics()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        text = palette.color(QPalette.ColorRole.Text)
        big = QFont(font)
        big.setBold(True)
        line = metrics.height()
        for col in range(COLS):
            day = self.first + timedelta(days=col)
            x = col * self._cw
            painter.setFont(font)
            painter.setPen(muted)
            painter.drawText(QRectF(x + 8, 4, self._cw - 12, line),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             weekday_name(day.weekday()))
            label = f"{day.day} {month_name(day.month, True)}"
            rect = QRectF(x + 4, 6 + line, self._cw - 12, line + 2)
            if day == self.today:
                paint_today_mark(painter, rect, label, palette, big)
            else:
                painter.setFont(big)
                painter.setPen(text)
                painter.drawText(rect.adjusted(4, 0, 0, 0),
                                 int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                                 label)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(grid_pen(palette))
        painter.drawLine(QPointF(0, self._head_h), QPointF(self.width(), self._head_h))
        if self._list_top > self._bars_top:
            painter.drawLine(QPointF(0, self._list_top - 4),
                             QPointF(self.width(), self._list_top - 4))
        for col in range(1, COLS):
            painter.drawLine(QPointF(col * self._cw, 0), QPointF(col * self._cw, self.height()))
        selected = self.day_rect(self.selected_day)
        if selected is not None:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight),
                                2 if self.hasFocus() else 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(selected).adjusted(1, 1, -1, -1))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for box in self._bars:
            paint_bar(painter, box, palette, font, self._is_selected("campaign", box.bar.id))
        for chip in self._chips:
            paint_chip(painter, chip, palette, font, metrics,
                       self._is_selected("deliverable", chip.chip.id))
        for more in self._more:
            paint_more(painter, more, palette, font)
