"""The quarter view: a timeline of about 13 weeks, one row per campaign (Gantt-like).

Rows are laid out once per change of items or size; painting and hit tests only touch the
rows in sight, so a quarter with hundreds of campaigns scrolls as fast as one with ten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QScrollBar, QWidget

from smeplanner.ui.widgets.calendar.canvas import Hit
from smeplanner.ui.widgets.calendar.common import channel_color, month_name, tr
from smeplanner.ui.widgets.calendar.interaction import CalendarView, Drag
from smeplanner.ui.widgets.calendar.painting import (
    BarBox,
    ChipBox,
    dim_fill,
    finish_bar,
    grid_pen,
    paint_bar,
)

DOT = 3.5  # radius of a deliverable's dot


@dataclass(slots=True)
class Row:
    """One line of the timeline: a campaign's bar and its deliverables' dots, or the
    deliverables that belong to no campaign shown here."""

    title: str
    box: BarBox | None
    dots: list[ChipBox] = field(default_factory=list)
    elided: str | None = None
    outside: str = ""  # the name beside a bar too short to hold it


class QuarterView(CalendarView):
    """A timeline of the quarter; see CalendarView for the signals."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self._row_of_campaign: dict[int, int] = {}
        self._left = 0.0  # x where the timeline starts (the names are left of it)
        self._dw = 1.0  # width of one day
        self._days = 1
        self._head_h = self._row_h = 0
        self.week_start = 0
        self.scrollbar = QScrollBar(Qt.Orientation.Vertical, self)
        self.scrollbar.valueChanged.connect(self.update)
        self.scrollbar.hide()

    # --- geometry ------------------------------------------------------------------------
    @property
    def scroll(self) -> int:
        return self.scrollbar.value() if self.scrollbar.isVisible() else 0

    def _timeline_right(self) -> float:
        return self.width() - (self.scrollbar.width() if self.scrollbar.isVisible() else 0)

    def _x(self, day: date) -> float:
        return self._left + (day - self.first).days * self._dw

    def date_at(self, point: QPoint | QPointF) -> date | None:
        if QPointF(point).x() < self._left:
            return None  # the names column
        index = int((QPointF(point).x() - self._left) // self._dw)
        return self.first + timedelta(days=min(max(index, 0), self._days - 1))

    def day_rect(self, day: date) -> QRect | None:
        if not self.first <= day <= self.last:
            return None
        return QRectF(self._x(day), self._head_h, self._dw,
                      self.height() - self._head_h).toRect()

    def row_rect(self, index: int) -> QRect:
        """Where row ``index`` is on screen now (it may be scrolled out of sight)."""
        top = self._head_h + index * self._row_h - self.scroll
        return QRect(0, top, int(self._timeline_right()), self._row_h)

    def visible_rows(self) -> range:
        """The rows in sight: the only ones painted."""
        top = self.scroll // max(self._row_h, 1)
        count = (self.height() - self._head_h) // max(self._row_h, 1) + 2
        return range(top, min(top + count, len(self.rows)))

    def _content(self, point: QPointF) -> QPointF:
        return QPointF(point.x(), point.y() + self.scroll)

    def bar_rects(self, campaign_id: int) -> list[QRect]:
        return [rect.translated(0, -self.scroll) for rect in super().bar_rects(campaign_id)]

    def chip_rect(self, deliverable_id: int) -> QRect | None:
        rect = super().chip_rect(deliverable_id)
        return None if rect is None else rect.translated(0, -self.scroll)

    # --- layout --------------------------------------------------------------------------
    def _layout(self) -> None:
        metrics = self.metrics()
        self._row_h = metrics.height() + 12
        self._head_h = 2 * (metrics.height() + 6)
        self._days = (self.last - self.first).days + 1
        self.rows, self._bars, self._chips, self._more = [], [], [], []
        self._row_of_campaign = {}
        for bar in self.campaigns:
            first, last = max(bar.start, self.first), min(bar.end, self.last)
            box = BarBox(QRectF(), bar, first, last, bar.start >= self.first,
                         bar.end <= self.last)
            self._row_of_campaign[bar.id] = len(self.rows)
            self.rows.append(Row(bar.name, box))
            self._bars.append(box)
        loose = Row(tr("Without a campaign"), None)
        for chip in self.deliverables:
            row = self._row_of_campaign.get(chip.campaign_id) if chip.campaign_id else None
            target = self.rows[row] if row is not None else loose
            box = ChipBox(QRectF(), chip, chip.title)
            target.dots.append(box)
            self._chips.append(box)
        if loose.dots:
            if any(box.chip.campaign_id for box in loose.dots):
                # Some belong to a campaign that does not run this quarter (a post after
                # it ended): not "without a campaign" (their tooltip names it).
                loose.title = tr("Other deliverables")
            self.rows.insert(0, loose)
            self._row_of_campaign = {key: row + 1 for key, row in self._row_of_campaign.items()}
        self._place()

    def _place(self) -> None:
        """Geometry of every row for the current size (the scroll bar may come or go)."""
        content = len(self.rows) * self._row_h
        view = self.height() - self._head_h
        needs_scroll = content > view
        self.scrollbar.setVisible(needs_scroll)
        width = self.scrollbar.sizeHint().width()
        self.scrollbar.setGeometry(self.width() - width, self._head_h, width, max(view, 0))
        self.scrollbar.setRange(0, max(content - view, 0))
        self.scrollbar.setPageStep(max(view, 1))
        self.scrollbar.setSingleStep(self._row_h)
        self._left = float(min(max(self.width() * 0.2, 140), 240))
        self._dw = max(self._timeline_right() - self._left, self._days) / self._days
        for index, row in enumerate(self.rows):
            top = self._head_h + index * self._row_h
            row.elided = None
            if row.box is not None:
                box = row.box
                left = self._x(box.first) + (2 if box.starts else 0)
                right = self._x(box.last) + self._dw - (2 if box.ends else 0)
                box.rect = QRectF(left, top + 4, max(right - left, 2), self._row_h - 10)
                box.label_rect = None  # elided when first painted: only rows in sight pay
                bottom = box.rect.bottom()
            else:
                bottom = top + self._row_h / 2
            for dot in row.dots:
                x = self._x(dot.chip.day) + self._dw / 2
                dot.rect = QRectF(x - DOT - 1, bottom - DOT - 1, 2 * DOT + 2, 2 * DOT + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A new size moves rows but does not change them: no need to rebuild them.
        QWidget.resizeEvent(self, event)
        if self._row_h:
            self._place()
        else:
            self._layout()

    # --- hit tests -----------------------------------------------------------------------
    def _row_at(self, point: QPointF) -> int | None:
        if point.y() < self._head_h:
            return None
        index = int((point.y() + self.scroll - self._head_h) // self._row_h)
        return index if 0 <= index < len(self.rows) else None

    def hit_at(self, point: QPoint | QPointF) -> Hit | None:
        p = QPointF(point)
        index = self._row_at(p)
        if index is None or p.x() > self._timeline_right():
            return None
        row, content = self.rows[index], self._content(p)
        # Dots above the bar: they are small targets laid on it.
        for dot in reversed(row.dots):
            if dot.rect.adjusted(-1, -1, 1, 1).contains(content):
                return Hit("deliverable", dot.chip.id, box=dot)
        box = row.box
        if box is not None and p.x() < self._left:
            return Hit("campaign", box.bar.id, "label", box)  # selects and opens, no drag
        if box is not None and box.rect.contains(content):
            return Hit("campaign", box.bar.id, self._zone(box, content), box)
        return None

    def _reveal(self, kind: str, item_id: int) -> None:
        if kind == "deliverable":
            chip = self.deliverable(item_id)
            row = self._row_of_campaign.get(chip.campaign_id or 0, 0) if chip else 0
        else:
            row = self._row_of_campaign.get(item_id, 0)
        top = row * self._row_h
        view = self.height() - self._head_h
        if top < self.scroll:
            self.scrollbar.setValue(top)
        elif top + self._row_h > self.scroll + view:
            self.scrollbar.setValue(top + self._row_h - view)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not self.scrollbar.isVisible():
            event.ignore()
            return
        steps = event.angleDelta().y() / 120
        self.scrollbar.setValue(int(self.scrollbar.value() - steps * 3 * self._row_h))
        event.accept()

    # --- drag preview --------------------------------------------------------------------
    def _preview_boxes(self, box: BarBox, start: date, end: date) -> list[BarBox]:
        first, last = max(start, self.first), min(end, self.last)
        if first > last:
            return []
        left = self._x(first) + (2 if start >= self.first else 0)
        right = self._x(last) + self._dw - (2 if end <= self.last else 0)
        ghost = BarBox(QRectF(left, box.rect.top() - self.scroll, right - left,
                              box.rect.height()),
                       box.bar, first, last, start >= self.first, end <= self.last)
        finish_bar(ghost, self._x(first), self._dw, self.metrics())
        return [ghost]

    def _chip_preview_rect(self, box: ChipBox, day: date) -> QRectF | None:
        if not self.first <= day <= self.last:
            return None
        x = self._x(day) + self._dw / 2
        return QRectF(x - DOT - 1, box.rect.top() - self.scroll, box.rect.width(),
                      box.rect.height())

    def _paint_drag(self, painter: QPainter, drag: Drag) -> None:
        box = drag.hit.box
        if not isinstance(box, ChipBox):
            super()._paint_drag(painter, drag)
            return
        day = box.chip.day + timedelta(days=drag.delta)
        self._tint_days(painter, day, day)
        rect = self._chip_preview_rect(box, day)
        if rect is not None:
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
            painter.setBrush(self.palette().color(QPalette.ColorRole.Base))
            painter.drawEllipse(rect.adjusted(-1, -1, 1, 1))

    # --- painting ------------------------------------------------------------------------
    def _paint(self, painter: QPainter, area: QRect) -> None:
        palette = self.palette()
        font = self.font()
        metrics = self.metrics()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        text = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        right = self._timeline_right()
        painter.fillRect(QRectF(0, 0, self._left, self.height()), dim_fill(palette))
        # The day grid: weekends, then week and month lines, selected day and today.
        weekend = QColor(dim_fill(palette))
        weekend.setAlpha(120)
        grid = grid_pen(palette)
        faint = QPen(grid)
        faint_color = QColor(grid.color())
        faint_color.setAlpha(60)
        faint.setColor(faint_color)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for index in range(self._days):
            day = self.first + timedelta(days=index)
            x = self._x(day)
            if day.weekday() >= 5:
                painter.fillRect(QRectF(x, self._head_h, self._dw, self.height()), weekend)
            if day.day == 1 and index:
                painter.setPen(grid)
                painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))
            elif day.weekday() == self.week_start:
                painter.setPen(faint)
                painter.drawLine(QPointF(x, self._head_h / 2), QPointF(x, self.height()))
        selected = self.day_rect(self.selected_day)
        if selected is not None:
            band = QColor(palette.color(QPalette.ColorRole.Highlight))
            band.setAlpha(45 if self.hasFocus() else 25)
            painter.fillRect(selected, band)
        painter.setPen(grid)
        painter.drawLine(QPointF(0, self._head_h), QPointF(right, self._head_h))
        painter.drawLine(QPointF(self._left, 0), QPointF(self._left, self.height()))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        # The rows in sight, under the header.
        painter.save()
        painter.setClipRect(QRectF(0, self._head_h, right, self.height() - self._head_h))
        painter.translate(0, -self.scroll)
        for index in self.visible_rows():
            self._paint_row(painter, index, palette, font, metrics)
        painter.restore()
        if self.first <= self.today <= self.last:
            x = self._x(self.today) + self._dw / 2
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2))
            painter.drawLine(QPointF(x, self._head_h / 2), QPointF(x, self.height()))
        self._paint_header(painter, palette, font, text, muted)
        if not self.rows:
            painter.setPen(muted)
            painter.setFont(font)
            painter.drawText(QRectF(self._left, self._head_h, right - self._left,
                                    self.height() - self._head_h),
                             int(Qt.AlignmentFlag.AlignCenter),
                             tr("No campaigns in this quarter. Double-click a day to plan one."))

    def _paint_row(self, painter: QPainter, index: int, palette: QPalette, font: QFont,
                   metrics: QFontMetrics) -> None:
        row = self.rows[index]
        top = self._head_h + index * self._row_h
        text = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        # The name on the left, with a swatch of the channel colour.
        box = row.box
        name_left = 10.0
        if box is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(channel_color(box.bar.channel))
            painter.drawRoundedRect(QRectF(8, top + self._row_h / 2 - 5, 10, 10), 2, 2)
            name_left = 24.0
        if row.elided is None:
            row.elided = metrics.elidedText(row.title, Qt.TextElideMode.ElideRight,
                                            int(self._left - name_left - 6))
        shown = QFont(font)
        shown.setItalic(box is None)
        shown.setStrikeOut(box is not None and box.bar.status == "cancelled")
        painter.setFont(shown)
        painter.setPen(muted if box is None or box.bar.status in ("cancelled", "done")
                       else text)
        painter.drawText(QRectF(name_left, top, self._left - name_left - 4, self._row_h),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         row.elided)
        if box is not None:
            if box.label_rect is None:
                self._finish_row(row, box, metrics)
            selected = self._is_selected("campaign", box.bar.id)
            if selected:
                band = QColor(palette.color(QPalette.ColorRole.Highlight))
                band.setAlpha(30)
                painter.fillRect(QRectF(0, top, self._timeline_right(), self._row_h), band)
            paint_bar(painter, box, palette, font, selected)
            if row.outside:
                painter.setFont(font)
                painter.setPen(text)
                painter.drawText(QRectF(box.rect.right() + 5, top, self._timeline_right(),
                                        self._row_h),
                                 int(Qt.AlignmentFlag.AlignLeft
                                     | Qt.AlignmentFlag.AlignVCenter), row.outside)
        base = palette.color(QPalette.ColorRole.Base)
        for dot in row.dots:
            chosen = self._is_selected("deliverable", dot.chip.id)
            pen = QPen(palette.color(QPalette.ColorRole.Highlight) if chosen else text,
                       2 if chosen else 1.2)
            painter.setPen(pen)
            painter.setBrush(muted if dot.chip.done else base)
            painter.drawEllipse(dot.rect.adjusted(1, 1, -1, -1))

    def _finish_row(self, row: Row, box: BarBox, metrics: QFontMetrics) -> None:
        """Elide the bar's label; a short bar gets its name beside it where there is room."""
        finish_bar(box, self._x(box.first), self._dw, metrics)
        row.outside = ""
        if box.label == box.bar.name:
            return
        room = self._timeline_right() - box.rect.right() - 8
        width = metrics.horizontalAdvance(box.bar.name)
        if room >= min(width, 120):
            row.outside = metrics.elidedText(box.bar.name, Qt.TextElideMode.ElideRight,
                                             int(room))
            box.label = ""

    def _paint_header(self, painter: QPainter, palette: QPalette, font: QFont, text: QColor,
                      muted: QColor) -> None:
        half = self._head_h / 2
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text)
        month = self.first
        while month <= self.last:
            following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
            left, right = self._x(month), self._x(min(following, self.last + timedelta(days=1)))
            painter.drawText(QRectF(left + 6, 0, right - left - 8, half),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             f"{month_name(month.month)} {month.year}")
            month = following
        painter.setFont(font)
        week_width = 7 * self._dw
        day = self.first
        while day <= self.last:
            if day.weekday() == self.week_start:
                label = str(day.day)
                painter.setPen(muted)
                painter.drawText(QRectF(self._x(day) + 3, half, min(week_width, 40) - 4, half),
                                 int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                                 label)
            day += timedelta(days=1)
        painter.setPen(muted)
        painter.drawText(QRectF(10, 0, self._left - 14, self._head_h),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         self.tr("%n campaign(s)", "", len(self._row_of_campaign)))
