"""The pipeline board: a column per stage, deals as cards, moved by mouse or keyboard.

Each column (:mod:`.deal_board_column`) is a QListView over a :class:`CardListModel`, its
cards painted by :class:`CardDelegate` (:mod:`.deal_card_delegate`), so 2,000 deals cost
2,000 rows of data, not 2,000 widgets. Dragging is done by hand rather than with QDrag
(:mod:`.deal_board_drag`): the press starts it, a picture of the card follows the pointer
over the board, the column under it lights up, and the release asks for the move
(``move_requested``). The board never writes: the page turns requests into undoable
commands and hands the board fresh columns.

Keys on a selected card: Ctrl+Right / Ctrl+Left move it to the next / previous stage,
Left / Right go to the neighbouring column, Enter opens it, Delete asks to delete it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QMenu, QScrollArea, QVBoxLayout, QWidget

from smeplanner.core.board import BoardColumn, board_order
from smeplanner.ui.models.board_model import CARD_ROLE
from smeplanner.ui.widgets.deal_board_column import (  # noqa: F401 - part of this module's API
    BoardColumnView,
    compact_amount,
)
from smeplanner.ui.widgets.deal_board_drag import CardDrag
from smeplanner.ui.widgets.deal_card_delegate import CardDelegate

if TYPE_CHECKING:
    from smeplanner.core.board import Card
    from smeplanner.core.pipeline import StageInfo


def _menu_text(name: str) -> str:
    """A stage name as a menu entry: a menu reads a single "&" as a shortcut."""
    return name.replace("&", "&&")


class DealBoard(QWidget):
    """The columns side by side (scrolling sideways when they do not fit).

    Signals:
        move_requested(int, int): move deal to stage (by drag and drop or keys).
        open_requested(int): open the deal (double-click, Enter).
        delete_requested(int): delete the deal (Delete key, context menu).
        new_deal_requested(int): a new deal in that stage (double-click on empty space).
    """

    move_requested = Signal(int, int)
    open_requested = Signal(int)
    delete_requested = Signal(int)
    new_deal_requested = Signal(int)

    def __init__(self, currency: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currency = currency
        self.delegate = CardDelegate(currency, self)
        self.columns: list[BoardColumnView] = []
        self._row = QHBoxLayout()
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(8)
        strip = QWidget()
        strip.setLayout(self._row)
        self.scroll = QScrollArea()
        self.scroll.setWidget(strip)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)
        self._drag = CardDrag(self, lambda: self.columns)
        self._drag.dropped.connect(self.move_requested)

    # --- content ---------------------------------------------------------------------------
    def set_columns(self, columns: list[BoardColumn], currency: str | None = None) -> None:
        """Show ``columns``, keeping the selected deal selected if it is still there."""
        if currency is not None:
            self.currency = self.delegate.currency = currency
        selected = self.selected_deal_id()
        if [c.stage.id for c in columns] != [view.stage.id for view in self.columns]:
            self._rebuild([c.stage for c in columns])
        for view, column in zip(self.columns, columns, strict=True):
            view.set_column(column, self.currency)
        if selected is not None:
            self.select_deal(selected)

    def update_cards(self, deal_ids: Iterable[int], cards: list[Card]) -> None:
        """Put fresh ``cards`` of deals ``deal_ids`` in place (a deal without a card has left
        the board): each goes to its stage's column in board order, and the headers of the
        columns touched are summed again. A move costs one card, not the whole board."""
        fresh = {card.id: card for card in cards}
        touched: set[int] = set()
        selected = self.selected_deal_id()
        for deal_id in deal_ids:
            for view in self.columns:
                row = view.model.row_of(deal_id)
                if row is not None:
                    card = fresh.get(deal_id)
                    if card is not None and card.stage_id == view.stage.id:
                        view.model.replace_card(row, card)
                        fresh.pop(deal_id)
                    else:
                        view.model.remove_card(row)
                    touched.add(view.stage.id)
        for card in fresh.values():
            view = next((v for v in self.columns if v.stage.id == card.stage_id), None)
            if view is None:
                continue
            keys = [board_order(other) for other in view.model.cards]
            view.model.insert_card(bisect.bisect(keys, board_order(card)), card)
            touched.add(view.stage.id)
        for view in self.columns:
            if view.stage.id in touched:
                view.show_header(BoardColumn(view.stage, view.model.cards), self.currency)
        if selected is not None:
            self.select_deal(selected)

    def _rebuild(self, stages: list[StageInfo]) -> None:
        for view in self.columns:
            self._row.removeWidget(view)
            view.deleteLater()
        self.columns = []
        for stage in stages:
            view = BoardColumnView(stage, self.delegate)
            view.view.viewport().installEventFilter(self)
            view.view.installEventFilter(self)
            view.view.doubleClicked.connect(self._on_double_clicked)
            self._row.addWidget(view, 1)
            self.columns.append(view)

    def column_for_stage(self, stage_id: int) -> BoardColumnView:
        return next(view for view in self.columns if view.stage.id == stage_id)

    def selected_deal_id(self) -> int | None:
        for view in self.columns:
            row = view.selected_row()
            if row is not None and view.view.hasFocus():
                return view.model.card(row).id
        for view in self.columns:
            row = view.selected_row()
            if row is not None:
                return view.model.card(row).id
        return None

    def select_deal(self, deal_id: int) -> bool:
        """Select (and scroll to) the deal's card; False if the board does not show it."""
        for view in self.columns:
            row = view.model.row_of(deal_id)
            if row is not None:
                for other in self.columns:
                    if other is not view:
                        other.view.clearSelection()
                index = view.model.index(row)
                view.view.setCurrentIndex(index)
                view.view.scrollTo(index)
                self.scroll.ensureWidgetVisible(view)
                return True
        return False

    def focus_deal(self, deal_id: int) -> None:
        if self.select_deal(deal_id):
            view = next(v for v in self.columns if v.model.row_of(deal_id) is not None)
            view.view.setFocus()

    # --- mouse: drags (CardDrag does them) and double-clicks ----------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        column = self._column_of(watched)
        if column is None:
            return False
        kind = event.type()
        if watched is column.view:
            if kind == QEvent.Type.KeyPress:
                return self._key(column, event)  # type: ignore[arg-type]
            if kind == QEvent.Type.ContextMenu:
                return self._context_menu(column, event)  # type: ignore[arg-type]
            return False
        if kind == QEvent.Type.MouseButtonPress:
            return self._drag.press(column, event)  # type: ignore[arg-type]
        if kind == QEvent.Type.MouseButtonDblClick and not column.view.indexAt(
                event.position().toPoint()).isValid():  # type: ignore[attr-defined]
            # Queued: the editor it opens is modal, and must not run inside this event.
            stage_id = column.stage.id
            QTimer.singleShot(0, lambda: self.new_deal_requested.emit(stage_id))
            return True
        if kind == QEvent.Type.MouseMove and self._drag.pressed:
            return self._drag.move(event)  # type: ignore[arg-type]
        if kind == QEvent.Type.MouseButtonRelease and self._drag.pressed:
            return self._drag.release(event)  # type: ignore[arg-type]
        return False

    def _column_of(self, watched: QObject) -> BoardColumnView | None:
        for view in self.columns:
            if watched is view.view or watched is view.view.viewport():
                return view
        return None

    def cancel_drag(self) -> None:
        self._drag.cancel()

    def _on_double_clicked(self, index: QModelIndex) -> None:
        card = index.data(CARD_ROLE)
        if card is not None:
            deal_id = card.id
            QTimer.singleShot(0, lambda: self.open_requested.emit(deal_id))  # see above

    # --- keyboard and context menu ---------------------------------------------------------
    def _key(self, column: BoardColumnView, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_Escape and self._drag.dragging:
            self._drag.cancel()
            return True
        row = column.selected_row()
        place = self.columns.index(column)
        step = {Qt.Key.Key_Right: 1, Qt.Key.Key_Left: -1}.get(Qt.Key(key))
        if step is not None:
            neighbour = place + step
            if not 0 <= neighbour < len(self.columns):
                return True
            if mods & Qt.KeyboardModifier.ControlModifier:
                if row is not None:
                    self.move_requested.emit(column.model.card(row).id,
                                             self.columns[neighbour].stage.id)
            else:
                self._walk_to(self.columns[neighbour], row or 0)
            return True
        if row is None:
            return False
        deal_id = column.model.card(row).id
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_requested.emit(deal_id)
            return True
        if key == Qt.Key.Key_Delete:
            self.delete_requested.emit(deal_id)
            return True
        return False

    def _walk_to(self, column: BoardColumnView, row: int) -> None:
        """Focus ``column``, selecting the card nearest to ``row`` (if it has any)."""
        for other in self.columns:
            if other is not column:
                other.view.clearSelection()
        if column.model.rowCount():
            column.view.setCurrentIndex(column.model.index(min(row, column.model.rowCount() - 1)))
        column.view.setFocus()
        self.scroll.ensureWidgetVisible(column)

    def _context_menu(self, column: BoardColumnView, event: QContextMenuEvent) -> bool:
        index = column.view.indexAt(column.view.viewport().mapFrom(column.view, event.pos()))
        if not index.isValid():
            self.column_menu(column).exec(event.globalPos())
            return True
        column.view.setCurrentIndex(index)
        deal_id = column.model.card(index.row()).id
        menu = self.card_menu(deal_id, column.stage.id)
        menu.exec(event.globalPos())
        return True

    def column_menu(self, column: BoardColumnView) -> QMenu:
        """The context menu of a column's empty space: a new deal in its stage."""
        menu = QMenu(self)
        text = self.tr("New deal in {stage}…").format(stage=_menu_text(column.stage.name))
        menu.addAction(text, lambda: self.new_deal_requested.emit(column.stage.id))
        return menu

    def card_menu(self, deal_id: int, stage_id: int) -> QMenu:
        """Open, move to any other stage, delete: the card's context menu."""
        menu = QMenu(self)
        menu.addAction(self.tr("Open…"), lambda: self.open_requested.emit(deal_id))
        move = menu.addMenu(self.tr("Move to"))
        for view in self.columns:
            action = move.addAction(_menu_text(view.stage.name),
                                    lambda s=view.stage.id: self.move_requested.emit(deal_id, s))
            action.setEnabled(view.stage.id != stage_id)
        menu.addSeparator()
        menu.addAction(self.tr("Delete…"), lambda: self.delete_requested.emit(deal_id))
        return menu
