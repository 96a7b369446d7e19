"""Dragging a card across the pipeline board, done by hand rather than with QDrag.

The press on a card starts it, a picture of the card (the ghost) follows the pointer over
the board, the column under it lights up, and the release over another column drops it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from smeplanner.ui.widgets.deal_board_column import BoardColumnView


class CardDrag(QObject):
    """One drag at a time over ``board``, whose columns ``columns`` gives. The board feeds it
    the mouse events of its columns' viewports; it never moves a deal itself.

    Signals:
        dropped(int, int): the card of a deal (first) was dropped on a stage's column.
    """

    dropped = Signal(int, int)

    def __init__(self, board: QWidget, columns: Callable[[], list[BoardColumnView]]) -> None:
        super().__init__(board)
        self._board = board
        self._columns = columns
        self._press: tuple[BoardColumnView, int, QPoint] | None = None
        self._dragging = False
        self.ghost = QLabel(board)
        self.ghost.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.ghost.hide()
        self._target: BoardColumnView | None = None

    @property
    def pressed(self) -> bool:
        """Whether the left button went down on a card and is not released yet."""
        return self._press is not None

    @property
    def dragging(self) -> bool:
        """Whether the card pressed has moved far enough to be dragged."""
        return self._dragging

    def press(self, column: BoardColumnView, event: QMouseEvent) -> bool:
        self._press = None
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        index = column.view.indexAt(event.position().toPoint())
        if index.isValid():
            self._press = (column, index.row(), event.globalPosition().toPoint())
        return False  # the view still selects the card

    def move(self, event: QMouseEvent) -> bool:
        assert self._press is not None
        column, row, start = self._press
        point = event.globalPosition().toPoint()
        if not self._dragging:
            if not event.buttons() & Qt.MouseButton.LeftButton:
                self._press = None
                return False
            if (point - start).manhattanLength() < QApplication.startDragDistance():
                return True
            self._start(column, row)
        self.ghost.move(self._board.mapFromGlobal(point) - QPoint(self.ghost.width() // 2, 12))
        target = self._column_at(point)
        if target is not self._target:
            if self._target is not None:
                self._target.set_highlighted(False)
            if target is not None and target is not column:
                target.set_highlighted(True)
            self._target = target if target is not column else None
        return True

    def release(self, event: QMouseEvent) -> bool:
        assert self._press is not None
        column, row, _start = self._press
        dragging = self._dragging
        self.cancel()
        if not dragging:
            return False
        target = self._column_at(event.globalPosition().toPoint())
        if target is not None and target is not column and row < column.model.rowCount():
            self.dropped.emit(column.model.card(row).id, target.stage.id)
        return True

    def cancel(self) -> None:
        """End the drag (if any) without dropping: the ghost and the highlight go."""
        self._press = None
        self._dragging = False
        self.ghost.hide()
        self._board.unsetCursor()
        if self._target is not None:
            self._target.set_highlighted(False)
            self._target = None

    def _start(self, column: BoardColumnView, row: int) -> None:
        self._dragging = True
        rect = column.view.visualRect(column.model.index(row))
        self.ghost.setPixmap(column.view.viewport().grab(rect))
        self.ghost.resize(rect.size())
        self.ghost.raise_()
        self.ghost.show()
        self._board.setCursor(Qt.CursorShape.ClosedHandCursor)

    def _column_at(self, global_point: QPoint) -> BoardColumnView | None:
        for view in self._columns():
            if view.rect().contains(view.mapFromGlobal(global_point)):
                return view
        return None
