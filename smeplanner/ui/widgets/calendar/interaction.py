"""What the user does to a calendar view: drag bars and chips, double-click, keys.

Dragging is done by hand, as on the deal board: the press remembers what was hit and the
day under it, each move snaps a preview to whole days, the release asks for the change by
a signal, Esc drops it. The views never write: the page turns the signals into undoable
commands and reloads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from smeplanner.ui.widgets.calendar.canvas import CalendarCanvas, Hit
from smeplanner.ui.widgets.calendar.painting import BarBox, ChipBox, MoreBox, paint_bar, paint_chip

if TYPE_CHECKING:
    from smeplanner.core.marketing_calendar import CalendarItems, CampaignBar

_MODE_KEYS = {Qt.Key.Key_M: "month", Qt.Key.Key_W: "week", Qt.Key.Key_Q: "quarter"}


@dataclass(slots=True)
class Drag:
    hit: Hit
    origin: QPointF
    anchor: date  # the day under the press: the delta counts from it
    active: bool = False
    delta: int = 0


class CalendarView(CalendarCanvas):
    """A calendar canvas the mouse and keyboard work on; see CalendarCanvas for the signals.

    Mouse: press and drag a bar's body to move it, its ends (the resize cursor shows) to
    change its dates, a chip to another day; double-click an item to open it, an empty
    day to create there; "+N more" lists everything on its day.
    Keys: arrows walk the days (out of the period too), Tab / Shift+Tab the selected day's
    items, Enter opens the selected item (or creates on the day), PageUp / PageDown the
    periods, T today, M / W / Q the month, week or quarter, Esc drops a drag.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._drag: Drag | None = None

    def set_items(self, items: CalendarItems) -> None:
        self._drag = None  # the items it held may be gone
        super().set_items(items)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            # Tab walks the items of the selected day, before Qt takes it to move the focus.
            if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and self.items_on(
                    self.selected_day):
                backwards = event.key() == Qt.Key.Key_Backtab or bool(
                    event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self._cycle_item(-1 if backwards else 1)
                return True
        return super().event(event)

    # --- mouse ---------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        point = event.position()
        day = self.date_at(point)
        hit = self.hit_at(point)
        if day is not None and self.first <= day <= self.last:
            self.selected_day = day
        if hit is not None and hit.kind == "more":
            assert isinstance(hit.box, MoreBox)
            self._open_more(hit.box)
        elif hit is not None:
            self._set_selection((hit.kind, hit.id))
            if day is not None and hit.zone != "label":
                self._drag = Drag(hit, point, day)
        else:
            self._set_selection(None)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        drag = self._drag
        point = event.position()
        if drag is None:
            self._hover(point)
            return
        if not event.buttons() & Qt.MouseButton.LeftButton:
            self._end_drag()
            return
        if not drag.active:
            if (point - drag.origin).manhattanLength() < QApplication.startDragDistance():
                return
            drag.active = True
            self.setCursor(Qt.CursorShape.SizeHorCursor if drag.hit.zone != "body"
                           else Qt.CursorShape.ClosedHandCursor)
        day = self.date_at(point)
        if day is not None:  # off the grid: the preview stays where it was
            drag.delta = (day - drag.anchor).days
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag = self._drag
        self._end_drag()
        if drag is None or not drag.active or drag.delta == 0:
            return
        hit, delta = drag.hit, drag.delta
        if hit.kind == "deliverable":
            chip = self._chip_by_id[hit.id]
            self.deliverable_moved.emit(chip.id, chip.day + timedelta(days=delta))
            return
        bar = self._campaign_by_id[hit.id]
        if hit.zone == "body":
            self.campaign_moved.emit(bar.id, delta)
            return
        start, end = self._resized(bar, hit.zone, delta)
        if (start, end) != (bar.start, bar.end):
            self.campaign_resized.emit(bar.id, start, end)

    @staticmethod
    def _resized(bar: CampaignBar, zone: str, delta: int) -> tuple[date, date]:
        """A bar's new days when its ``zone`` end is dragged by ``delta``; never inside out."""
        if zone == "start":
            return min(bar.start + timedelta(days=delta), bar.end), bar.end
        return bar.start, max(bar.end + timedelta(days=delta), bar.start)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._end_drag()
        point = event.position()
        hit = self.hit_at(point)
        # What the press before it did (a synthetic double-click may come without one).
        day = self.date_at(point)
        if day is not None and self.first <= day <= self.last:
            self.selected_day = day
        if hit is None or hit.kind != "more":
            self._set_selection(None if hit is None else (hit.kind, hit.id))
        self.update()
        # Queued: the page opens a modal editor, which must not run inside this event.
        if hit is not None and hit.kind == "campaign":
            QTimer.singleShot(0, self, lambda i=hit.id: self.campaign_activated.emit(i))
        elif hit is not None and hit.kind == "deliverable":
            QTimer.singleShot(0, self, lambda i=hit.id: self.deliverable_activated.emit(i))
        elif hit is None and day is not None:
            QTimer.singleShot(0, self, lambda d=day: self.day_double_clicked.emit(d))

    def _hover(self, point: QPointF) -> None:
        hit = self.hit_at(point)
        if hit is not None and hit.kind == "campaign" and hit.zone in ("start", "end"):
            self.setCursor(Qt.CursorShape.SizeHorCursor)
        elif hit is not None and hit.kind == "more":
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.unsetCursor()

    def _end_drag(self) -> None:
        if self._drag is not None:
            self._drag = None
            self.unsetCursor()
            self.update()

    def cancel_drag(self) -> None:
        self._end_drag()

    @property
    def dragging(self) -> bool:
        return self._drag is not None and self._drag.active

    def leaveEvent(self, event: QEvent) -> None:
        if self._drag is None:
            self.unsetCursor()
        super().leaveEvent(event)

    # --- keys ----------------------------------------------------------------------------
    def _arrow_days(self, key: Qt.Key) -> int:
        return {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1,
                Qt.Key.Key_Up: -7, Qt.Key.Key_Down: 7}.get(key, 0)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key == Qt.Key.Key_Escape and self._drag is not None:
            self._end_drag()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._walk(self._arrow_days(key))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._selection is not None:
                self._open_item(*self._selection)
            else:
                self.day_double_clicked.emit(self.selected_day)
        elif key == Qt.Key.Key_PageUp:
            self.step_requested.emit(-1)
        elif key == Qt.Key.Key_PageDown:
            self.step_requested.emit(1)
        elif key == Qt.Key.Key_T and plain:
            self.day_requested.emit(self.today)
        elif key in _MODE_KEYS and plain:
            self.mode_requested.emit(_MODE_KEYS[key])
        else:
            super().keyPressEvent(event)

    def _walk(self, days: int) -> None:
        if not days:
            return
        day = self.selected_day + timedelta(days=days)
        self._set_selection(None)
        if self.first <= day <= self.last:
            self.selected_day = day
            self.update()
        else:
            self.day_requested.emit(day)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._drag is not None and self._drag.active:
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint_drag(painter, self._drag)

    def _paint_drag(self, painter: QPainter, drag: Drag) -> None:
        palette = self.palette()
        box = drag.hit.box
        if isinstance(box, ChipBox):
            rect = self._chip_preview_rect(box, box.chip.day + timedelta(days=drag.delta))
            if rect is not None:
                self._tint_days(painter, box.chip.day + timedelta(days=drag.delta),
                                box.chip.day + timedelta(days=drag.delta))
                ghost = ChipBox(rect, box.chip, box.label)
                paint_chip(painter, ghost, palette, self.font(), self.metrics(), ghost=True)
            return
        assert isinstance(box, BarBox)
        bar = box.bar
        if drag.hit.zone == "body":
            start = bar.start + timedelta(days=drag.delta)
            end = bar.end + timedelta(days=drag.delta)
        else:
            start, end = self._resized(bar, drag.hit.zone, drag.delta)
        self._tint_days(painter, start, end)
        for ghost in self._preview_boxes(box, start, end):
            paint_bar(painter, ghost, palette, self.font(), ghost=True)

    def _tint_days(self, painter: QPainter, start: date, end: date) -> None:
        """Light up the days a drag would land on."""
        color = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        color.setAlpha(40)
        day = max(start, self.first)
        while day <= min(end, self.last):
            rect = self.day_rect(day)
            if rect is not None:
                painter.fillRect(rect, color)
            day += timedelta(days=1)
