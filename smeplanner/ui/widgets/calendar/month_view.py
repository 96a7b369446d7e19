"""The month view: six weeks of days, campaigns as bars across them, deliverables as chips."""

from __future__ import annotations

import heapq
from datetime import date, timedelta

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

from smeplanner.ui.widgets.calendar.common import month_name, tr, weekday_name
from smeplanner.ui.widgets.calendar.interaction import CalendarView
from smeplanner.ui.widgets.calendar.painting import (
    BarBox,
    ChipBox,
    MoreBox,
    dim_fill,
    finish_bar,
    grid_pen,
    paint_bar,
    paint_chip,
    paint_more,
    paint_today_mark,
)

ROWS, COLS = 6, 7


def pack_lanes(spans: list[tuple[date, date]]) -> list[int]:
    """Greedy interval packing: each span gets the lowest lane free on its first day.

    ``spans`` come in start order (longer first on ties), which keeps the number of lanes
    at the most spans that overlap on any one day, so no bar hides another. Heaps of busy
    lanes (by end) and free lanes (by number) make it O(n log n): a busy month at demo
    scale 200 runs 350 campaigns at once.
    """
    busy: list[tuple[date, int]] = []  # (last day, lane) of the spans still running
    free: list[int] = []
    lanes: list[int] = []
    count = 0
    for first, last in spans:
        while busy and busy[0][0] < first:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            lane = heapq.heappop(free)
        else:
            lane, count = count, count + 1
        heapq.heappush(busy, (last, lane))
        lanes.append(lane)
    return lanes


class MonthView(CalendarView):
    """A 6×7 grid from the first day of the week holding the 1st; see CalendarView."""

    PAD = 3  # px between a bar's real end and its cell's side

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._head_h = 0
        self._cw = self._ch = 1.0
        self._line_h = self._pitch = self._day_head = 0
        self.lines = 0  # lines of items a day cell holds
        self.visible_lanes: list[int] = [0] * ROWS  # bar lanes shown per week row
        self.needed_lanes: list[int] = [0] * ROWS
        self._chip_top: list[float] = [0.0] * (ROWS * COLS)  # y of each day's first chip line

    # --- geometry ------------------------------------------------------------------------
    def cell_rect(self, day: date) -> QRectF | None:
        index = (day - self.first).days
        if not 0 <= index < ROWS * COLS:
            return None
        row, col = divmod(index, COLS)
        return QRectF(col * self._cw, self._head_h + row * self._ch, self._cw, self._ch)

    def day_rect(self, day: date) -> QRect | None:
        rect = self.cell_rect(day)
        return None if rect is None else rect.toRect()

    def date_at(self, point: QPoint | QPointF) -> date | None:
        p = QPointF(point)
        if p.y() < self._head_h:
            return None
        # Clamped: a drag that leaves the grid sideways or below lands on its edge days.
        col = min(max(int(p.x() // self._cw), 0), COLS - 1)
        row = min(max(int((p.y() - self._head_h) // self._ch), 0), ROWS - 1)
        return self.first + timedelta(days=row * COLS + col)

    def _segment_rect(self, row: int, col_first: int, col_last: int, lane: int,
                      starts: bool, ends: bool) -> QRectF:
        top = self._head_h + row * self._ch + self._day_head + lane * self._pitch
        left = col_first * self._cw + (self.PAD if starts else 0)
        right = (col_last + 1) * self._cw - (self.PAD if ends else 0)
        return QRectF(left, top, right - left, self._line_h)

    # --- layout --------------------------------------------------------------------------
    def _layout(self) -> None:
        metrics = self.metrics()
        self._line_h = metrics.height() + 3
        self._pitch = self._line_h + 2
        self._head_h = metrics.height() + 8
        self._day_head = metrics.height() + 5
        self._cw = max(self.width(), COLS) / COLS
        self._ch = max(self.height() - self._head_h, ROWS) / ROWS
        self.lines = max(int((self._ch - self._day_head - 2) // self._pitch), 0)
        self._bars, self._chips, self._more = [], [], []
        for row in range(ROWS):
            self._layout_row(row, metrics)

    def _layout_row(self, row: int, metrics: QFontMetrics) -> None:
        row_first = self.first + timedelta(days=row * COLS)
        row_last = row_first + timedelta(days=COLS - 1)
        running = [bar for bar in self.campaigns if bar.start <= row_last and bar.end >= row_first]
        spans = [(max(bar.start, row_first), min(bar.end, row_last)) for bar in running]
        lanes = pack_lanes(spans)
        needed = max(lanes, default=-1) + 1
        # Per day: the lanes in use, and the chips.
        day_lanes: list[list[int]] = [[] for _ in range(COLS)]
        for (first, last), lane in zip(spans, lanes, strict=True):
            for col in range((first - row_first).days, (last - row_first).days + 1):
                day_lanes[col].append(lane)
        chips = [self._chips_by_day.get(row_first + timedelta(days=col), [])
                 for col in range(COLS)]
        fits = needed <= self.lines and all(
            max(day_lanes[col], default=-1) + 1 + len(chips[col]) <= self.lines
            for col in range(COLS))
        # When something does not fit, the last line of every day is kept for "+N more".
        visible = needed if fits else max(min(needed, self.lines - 1), 0)
        self.needed_lanes[row], self.visible_lanes[row] = needed, visible

        for bar, (first, last), lane in zip(running, spans, lanes, strict=True):
            if lane >= visible:
                continue
            col_first, col_last = (first - row_first).days, (last - row_first).days
            box = BarBox(self._segment_rect(row, col_first, col_last, lane,
                                            bar.start >= row_first, bar.end <= row_last),
                         bar, first, last, bar.start >= row_first, bar.end <= row_last, lane)
            finish_bar(box, col_first * self._cw, self._cw, metrics)
            self._bars.append(box)

        top = self._head_h + row * self._ch + self._day_head
        for col in range(COLS):
            day = row_first + timedelta(days=col)
            used = max((lane for lane in day_lanes[col] if lane < visible), default=-1) + 1
            hidden_bars = sum(1 for lane in day_lanes[col] if lane >= visible)
            slots = self.lines - used
            day_chips = chips[col]
            shown = len(day_chips)
            if hidden_bars + len(day_chips) > slots:
                shown = max(slots - 1, 0)
            self._chip_top[row * COLS + col] = top + used * self._pitch
            left = col * self._cw + self.PAD
            width = self._cw - 2 * self.PAD
            for line, chip in enumerate(day_chips[:shown]):
                rect = QRectF(left, top + (used + line) * self._pitch, width, self._line_h)
                label = metrics.elidedText(chip.title, Qt.TextElideMode.ElideRight,
                                           max(int(width - metrics.height() - 8), 0))
                self._chips.append(ChipBox(rect, chip, label))
            hidden = hidden_bars + len(day_chips) - shown
            if hidden > 0:
                if slots > 0:
                    rect = QRectF(left, top + (self.lines - 1) * self._pitch, width,
                                  self._line_h)
                else:  # a tiny cell: the count goes beside the day number
                    rect = QRectF(left + width / 2, top - self._day_head, width / 2,
                                  self._day_head)
                self._more.append(MoreBox(rect, day, hidden,
                                          tr("+{count} more").format(count=hidden)))

    def _preview_boxes(self, box: BarBox, start: date, end: date) -> list[BarBox]:
        metrics = self.metrics()
        boxes = []
        lane = min(box.lane, max(self.lines - 1, 0))
        for row in range(ROWS):
            row_first = self.first + timedelta(days=row * COLS)
            row_last = row_first + timedelta(days=COLS - 1)
            if start > row_last or end < row_first:
                continue
            first, last = max(start, row_first), min(end, row_last)
            col_first = (first - row_first).days
            ghost = BarBox(self._segment_rect(row, col_first, (last - row_first).days, lane,
                                              start >= row_first, end <= row_last),
                           box.bar, first, last, start >= row_first, end <= row_last, lane)
            finish_bar(ghost, col_first * self._cw, self._cw, metrics)
            boxes.append(ghost)
        return boxes

    def _chip_preview_rect(self, box: ChipBox, day: date) -> QRectF | None:
        index = (day - self.first).days
        if not 0 <= index < ROWS * COLS:
            return None
        col = index % COLS
        return QRectF(col * self._cw + self.PAD, self._chip_top[index],
                      self._cw - 2 * self.PAD, self._line_h)

    # --- painting ------------------------------------------------------------------------
    def _paint(self, painter: QPainter, area: QRect) -> None:
        palette = self.palette()
        font = self.font()
        metrics = self.metrics()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        text = palette.color(QPalette.ColorRole.Text)
        # Weekday names.
        painter.setFont(font)
        painter.setPen(muted)
        for col in range(COLS):
            weekday = (self.first + timedelta(days=col)).weekday()
            painter.drawText(QRectF(col * self._cw, 0, self._cw, self._head_h),
                             int(Qt.AlignmentFlag.AlignCenter), weekday_name(weekday))
        # Days.
        dim = dim_fill(palette)
        bold = QFont(font)
        bold.setBold(True)
        for index in range(ROWS * COLS):
            day = self.first + timedelta(days=index)
            cell = self.cell_rect(day)
            assert cell is not None
            if not cell.intersects(QRectF(area)):
                continue
            outside = day.month != self.anchor.month
            if outside:
                painter.fillRect(cell, dim)
            label = str(day.day) if day.day != 1 else f"{day.day} {month_name(day.month, True)}"
            number = QRectF(cell.left() + 3, cell.top() + 2, cell.width() - 6,
                            self._day_head - 3)
            if day == self.today:
                paint_today_mark(painter, number, label, palette, bold)
            else:
                painter.setFont(bold if day.day == 1 else font)
                painter.setPen(muted if outside else text)
                painter.drawText(number.adjusted(4, 0, 0, 0),
                                 int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                                 label)
        painter.setPen(grid_pen(palette))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.drawLine(QPointF(0, self._head_h), QPointF(self.width(), self._head_h))
        for row in range(1, ROWS):
            y = self._head_h + row * self._ch
            painter.drawLine(QPointF(0, y), QPointF(self.width(), y))
        for col in range(1, COLS):
            x = col * self._cw
            painter.drawLine(QPointF(x, self._head_h), QPointF(x, self.height()))
        selected = self.cell_rect(self.selected_day)
        if selected is not None:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight),
                                2 if self.hasFocus() else 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(selected.adjusted(1, 1, -1, -1))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        target = QRectF(area)
        for box in self._bars:
            if box.rect.intersects(target):
                paint_bar(painter, box, palette, font, self._is_selected("campaign", box.bar.id))
        for chip in self._chips:
            if chip.rect.intersects(target):
                paint_chip(painter, chip, palette, font, metrics,
                           self._is_selected("deliverable", chip.chip.id))
        for more in self._more:
            paint_more(painter, more, palette, font)
