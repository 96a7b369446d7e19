"""The week as columns: overdue, then seven days, each a list of items painted in place.

A busy week at demo scale 200 holds ~7,000 items, so nothing here is a widget per item:
the columns are laid out as arithmetic (row ``n`` of column ``c``) and only the rows in
view are painted. Drag an activity to another column to move it to that day (the hand-made
drag of the deal board: a picture of the item follows the pointer, Esc cancels); click its
box to tick it off; double-click to open what it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtGui import Qt as GuiQt  # convertFromPlainText lives in QtGui's Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QToolTip, QWidget

from smeplanner.core.week import WeekItem, WeekPlan
from smeplanner.ui.widgets.week import painting
from smeplanner.ui.widgets.week.item_menu import ItemActions
from smeplanner.ui.widgets.week.painting import HEADER_HEIGHT, ROW_HEIGHT, ROW_STEP

OVERDUE = "overdue"
_MIN_COLUMN_WIDTH = 72
# Weekdays get the room; a weekend day and the overdue pile are narrower.
_WEIGHTS = {"weekday": 1.0, "weekend": 0.75, OVERDUE: 0.85}
_MARGIN = 4


@dataclass
class Column:
    key: date | str  # a day, or OVERDUE
    items: list[WeekItem] = field(default_factory=list)
    total: int = 0  # the overdue column shows the most recent of ``total`` items


class WeekGrid(ItemActions, QAbstractScrollArea):
    """The columns of one week. Emits what the user asked for; the page does it.

    Signals:
        done_toggled(object): a WeekItem whose box was clicked (or Space pressed).
        reschedule_requested(object, object): a WeekItem dropped on another day (date).
        open_requested(object): a WeekItem double-clicked (or Enter).
        new_requested(object): empty space of a day double-clicked (the date).
        selection_changed(object): the selected WeekItem, or None.
    """

    done_toggled = Signal(object)
    reschedule_requested = Signal(object, object)
    open_requested = Signal(object)
    edit_requested = Signal(object)
    delete_requested = Signal(object)
    new_requested = Signal(object)
    selection_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("weekGrid")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setViewportMargins(0, HEADER_HEIGHT, 0, 0)
        self.viewport().setMouseTracking(True)
        self.columns: list[Column] = []
        self.today: date | None = None
        self._selected: tuple[int, int] | None = None  # (column, row)
        self._pressed: tuple[QPoint, int, int] | None = None
        self._drag_target: int | None = None
        self._drag_pos: QPoint | None = None

    # --- content ------------------------------------------------------------------------
    def set_plan(self, plan: WeekPlan, today: date, *, show_overdue: bool = True) -> None:
        """Show ``plan``; the selection stays on the same item when it is still there."""
        kept = self.selected_item()
        self.today = today
        self.columns = []
        if show_overdue and plan.overdue_total:
            self.columns.append(Column(OVERDUE, list(plan.overdue), plan.overdue_total))
        self.columns += [Column(day, list(items), len(items)) for day, items in plan.days.items()]
        self._selected = None
        if kept is not None:
            self._selected = self._find(kept.key)
        self._relayout()
        self.viewport().update()
        self.update()

    def days(self) -> list[date]:
        return [column.key for column in self.columns if isinstance(column.key, date)]

    def _find(self, key: tuple[str, int, str]) -> tuple[int, int] | None:
        for c, column in enumerate(self.columns):
            for r, item in enumerate(column.items):
                if item.key == key:
                    return c, r
        return None

    def item(self, key: tuple[str, int, str]) -> WeekItem | None:
        found = self._find(key)
        return None if found is None else self.columns[found[0]].items[found[1]]

    def selected_item(self) -> WeekItem | None:
        if self._selected is None:
            return None
        c, r = self._selected
        return self.columns[c].items[r]

    def select(self, key: tuple[str, int, str]) -> bool:
        found = self._find(key)
        if found is not None:
            self._set_selected(found)
        return found is not None

    # --- geometry -----------------------------------------------------------------------
    def _weight(self, column: Column) -> float:
        if not isinstance(column.key, date):
            return _WEIGHTS[OVERDUE]
        return _WEIGHTS["weekend" if column.key.weekday() >= 5 else "weekday"]

    def _edges(self) -> list[int]:
        """The left edge of each column and the right edge of the last, in content pixels."""
        weights = [self._weight(column) for column in self.columns]
        total = sum(weights) or 1.0
        unit = max(_MIN_COLUMN_WIDTH / min(weights, default=1.0),
                   self.viewport().width() / total)
        edges, x = [0], 0.0
        for weight in weights:
            x += weight * unit
            edges.append(round(x))
        return edges

    def sizeHint(self) -> QSize:
        return QSize(8 * 150, 520)

    def minimumSizeHint(self) -> QSize:
        return QSize(4 * _MIN_COLUMN_WIDTH, HEADER_HEIGHT + 3 * ROW_STEP)

    def _relayout(self) -> None:
        rows = max((len(column.items) for column in self.columns), default=0)
        content_height = rows * ROW_STEP + 2 * _MARGIN + ROW_HEIGHT  # room to drop below
        vertical = self.verticalScrollBar()
        vertical.setRange(0, max(0, content_height - self.viewport().height()))
        vertical.setPageStep(self.viewport().height())
        vertical.setSingleStep(ROW_STEP)
        content_width = self._edges()[-1]
        horizontal = self.horizontalScrollBar()
        horizontal.setRange(0, max(0, content_width - self.viewport().width()))
        horizontal.setPageStep(self.viewport().width())

    def column_rect(self, column: int) -> QRect:
        """Column ``column`` in viewport coordinates (the part below the header)."""
        edges = self._edges()
        x = edges[column] - self.horizontalScrollBar().value()
        return QRect(x, 0, edges[column + 1] - edges[column], self.viewport().height())

    def day_column(self, day: date) -> int | None:
        return next((c for c, column in enumerate(self.columns) if column.key == day), None)

    def item_rect(self, column: int, row: int) -> QRect:
        """Row ``row`` of column ``column`` in viewport coordinates (may be out of view)."""
        base = self.column_rect(column)
        top = _MARGIN + row * ROW_STEP - self.verticalScrollBar().value()
        return QRect(base.x() + _MARGIN, top, base.width() - 2 * _MARGIN, ROW_HEIGHT)

    def rect_of(self, key: tuple[str, int, str]) -> QRect | None:
        """Where item ``key`` is, scrolled into view first (for tests and tooltips)."""
        found = self._find(key)
        if found is None:
            return None
        self._reveal(*found)
        return self.item_rect(*found)

    def check_rect(self, key: tuple[str, int, str]) -> QRect | None:
        rect = self.rect_of(key)
        return None if rect is None else painting.check_box_rect(rect)

    def column_at(self, point: QPoint) -> int | None:
        if not self.columns or point.x() < 0:
            return None
        x = point.x() + self.horizontalScrollBar().value()
        edges = self._edges()
        return next((c for c in range(len(self.columns)) if edges[c] <= x < edges[c + 1]), None)

    def hit(self, point: QPoint) -> tuple[int, int] | None:
        """The (column, row) of the item under ``point`` (viewport coordinates)."""
        column = self.column_at(point)
        if column is None:
            return None
        y = point.y() + self.verticalScrollBar().value() - _MARGIN
        row = y // ROW_STEP
        if y < 0 or row >= len(self.columns[column].items) or y % ROW_STEP >= ROW_HEIGHT:
            return None
        return column, row

    def _reveal(self, column: int, row: int) -> None:
        rect = self.item_rect(column, row)
        vertical = self.verticalScrollBar()
        if rect.top() < 0:
            vertical.setValue(vertical.value() + rect.top() - _MARGIN)
        elif rect.bottom() > self.viewport().height():
            vertical.setValue(vertical.value() + rect.bottom() - self.viewport().height()
                              + _MARGIN)
        column_rect = self.column_rect(column)
        horizontal = self.horizontalScrollBar()
        if column_rect.left() < 0:
            horizontal.setValue(horizontal.value() + column_rect.left())
        elif column_rect.right() > self.viewport().width():
            horizontal.setValue(horizontal.value() + column_rect.right()
                                - self.viewport().width())

    # --- painting -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        area = event.rect()
        scroll = self.verticalScrollBar().value()
        first_row = max(0, (scroll + area.top() - _MARGIN) // ROW_STEP)
        last_row = (scroll + area.bottom()) // ROW_STEP + 1
        for c, column in enumerate(self.columns):
            rect = self.column_rect(c)
            if not rect.intersects(area):
                continue
            painting.paint_column_background(painter, rect, column.key, self.today, palette,
                                             highlighted=c == self._drag_target)
            for r in range(first_row, min(last_row, len(column.items))):
                item = column.items[r]
                painting.paint_item(painter, self.item_rect(c, r), item, palette,
                                    selected=self._selected == (c, r) and self.hasFocus(),
                                    current=self._selected == (c, r),
                                    show_date=column.key == OVERDUE, today=self.today)
        if self._drag_pos is not None and self._pressed is not None:
            _, c, r = self._pressed
            ghost = self.item_rect(c, r)
            ghost.moveCenter(self._drag_pos)
            painter.setOpacity(0.8)
            painting.paint_item(painter, ghost, self.columns[c].items[r], palette,
                                selected=True, current=True, show_date=False, today=self.today)
        painter.end()

    def _paint_header(self) -> None:
        # The header sits in the viewport margin, which belongs to the scroll area itself.
        painter = QPainter(self)
        edges = self._edges()
        offset = self.frameWidth() - self.horizontalScrollBar().value()
        for c, column in enumerate(self.columns):
            rect = QRect(offset + edges[c], self.frameWidth(), edges[c + 1] - edges[c],
                         HEADER_HEIGHT)
            painting.paint_header(painter, rect, column.key, column.total, self.today,
                                  self.palette())
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.columns:
            # The header strip lies in the viewport margin, outside what the viewport paints.
            result = super().event(event)
            self._paint_header()
            return result
        return super().event(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            found = self.hit(event.pos())
            if found is not None:
                item = self.columns[found[0]].items[found[1]]
                # Rich text, escaped: QToolTip reads a subject like "<b>x</b>" as markup.
                QToolTip.showText(event.globalPos(),
                                  GuiQt.convertFromPlainText(painting.tooltip(item)),
                                  self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()
        if dx:
            self.update()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self._selected is None and any(column.items for column in self.columns):
            column = next(c for c, col in enumerate(self.columns) if col.items)
            self._set_selected((column, 0))
        self.viewport().update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.viewport().update()

    # --- mouse --------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        point = event.position().toPoint()
        found = self.hit(point)
        if found is None:
            return None
        self._set_selected(found)
        item = self.columns[found[0]].items[found[1]]
        if item.is_activity and painting.check_box_rect(self.item_rect(*found)).contains(point):
            self.done_toggled.emit(item)
            return None
        if item.is_activity:
            self._pressed = (point, *found)
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pressed is None:
            return
        point = event.position().toPoint()
        start = self._pressed[0]
        if self._drag_pos is None and \
                (point - start).manhattanLength() < QApplication.startDragDistance():
            return
        self._drag_pos = point
        target = self.column_at(point)
        self._drag_target = target if target is not None and \
            isinstance(self.columns[target].key, date) else None
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        self.viewport().update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        pressed, target, dragging = self._pressed, self._drag_target, self._drag_pos
        self._cancel_drag()
        if pressed is None or dragging is None or target is None:
            return
        _, c, r = pressed
        item = self.columns[c].items[r]
        day = self.columns[target].key
        if isinstance(day, date) and (day != item.day or self.columns[c].key == OVERDUE):
            self.reschedule_requested.emit(item, day)

    def _cancel_drag(self) -> None:
        self._pressed = None
        self._drag_pos = None
        self._drag_target = None
        self.viewport().unsetCursor()
        self.viewport().update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point = event.position().toPoint()
        found = self.hit(point)
        if found is not None:
            item = self.columns[found[0]].items[found[1]]
            if item.is_activity and painting.check_box_rect(self.item_rect(*found)).contains(
                    point):
                return  # its first click ticked the box: not also an "open"
            self.open_requested.emit(item)
            return
        column = self.column_at(point)
        if column is not None and isinstance(self.columns[column].key, date):
            self.new_requested.emit(self.columns[column].key)

    # --- keyboard -----------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, modifiers = event.key(), event.modifiers()
        if key == Qt.Key.Key_Escape and self._drag_pos is not None:
            self._cancel_drag()
            return
        item = self.selected_item()
        if modifiers & Qt.KeyboardModifier.ControlModifier and \
                key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            if item is not None and item.is_activity:
                step = 1 if key == Qt.Key.Key_Right else -1
                self.reschedule_requested.emit(item, item.day + timedelta(days=step))
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right,
                   Qt.Key.Key_Home, Qt.Key.Key_End):
            self._step(key)
            return
        if item is not None and key == Qt.Key.Key_Space and item.is_activity:
            self.done_toggled.emit(item)
            return
        if item is not None and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_requested.emit(item)
            return
        if item is not None and key == Qt.Key.Key_Delete and item.is_activity:
            self.delete_requested.emit(item)
            return
        super().keyPressEvent(event)

    def _step(self, key: int) -> None:
        filled = [c for c, column in enumerate(self.columns) if column.items]
        if not filled:
            return
        c, r = self._selected or (filled[0], 0)
        if key == Qt.Key.Key_Up:
            r -= 1
        elif key == Qt.Key.Key_Down:
            r += 1
        elif key == Qt.Key.Key_Home:
            r = 0
        elif key == Qt.Key.Key_End:
            r = len(self.columns[c].items) - 1
        else:
            later = [n for n in filled if (n > c if key == Qt.Key.Key_Right else n < c)]
            if later:
                c = later[0] if key == Qt.Key.Key_Right else later[-1]
        r = max(0, min(r, len(self.columns[c].items) - 1))
        self._set_selected((c, r))

    def _set_selected(self, position: tuple[int, int]) -> None:
        changed = position != self._selected
        self._selected = position
        self._reveal(*position)
        self.viewport().update()
        if changed:
            self.selection_changed.emit(self.selected_item())

    # --- context menu (ItemActions) ------------------------------------------------------
    def _item_at_menu(self, event: QContextMenuEvent) -> WeekItem | None:
        found = self.hit(self.viewport().mapFrom(self, event.pos()))
        if found is None:
            return None
        self._set_selected(found)
        return self.columns[found[0]].items[found[1]]

    def _selected_for_menu(self) -> tuple[WeekItem, QPoint] | None:
        item = self.selected_item()
        rect = self.rect_of(item.key) if item is not None else None
        if item is None or rect is None:
            return None
        return item, self.viewport().mapToGlobal(rect.bottomLeft())

    def _menu_today(self) -> date:
        return self.today or date.today()
