"""The pipeline board: a column per stage, deals as cards, moved by mouse or keyboard.

Each column is a QListView over a :class:`CardListModel`, its cards painted by
:class:`CardDelegate`, so 2,000 deals cost 2,000 rows of data, not 2,000 widgets. Dragging
is done here rather than with QDrag: the press starts it, a picture of the card follows the
pointer over the board, the column under it lights up, and the release asks for the move
(``move_requested``). The board never writes: the page turns requests into undoable
commands and hands the board fresh columns.

Keys on a selected card: Ctrl+Right / Ctrl+Left move it to the next / previous stage,
Left / Right go to the neighbouring column, Enter opens it, Delete asks to delete it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core.board import BoardColumn, board_order
from smeplanner.core.money import format_money, to_minor
from smeplanner.ui.formatting import display_locale, format_amount, format_count
from smeplanner.ui.models.board_model import CARD_ROLE, CardListModel

if TYPE_CHECKING:
    from decimal import Decimal

    from smeplanner.core.board import Card
    from smeplanner.core.pipeline import StageInfo

_OVERDUE = QColor("#c62828")
_NO_STEP = QColor("#b26a00")
_STALE = QColor("#6a5acd")
_WON = QColor("#2e7d32")
_LOST = QColor("#757575")


def compact_amount(amount: Decimal, currency: str) -> str:
    """Money short enough for a column header (€12.3k); the exact sum is in its tooltip."""
    return format_money(to_minor(amount), currency, compact=True)


def short_date(day: date) -> str:
    """A date in a few characters: "8 Nov" this year, "Jan 2027" in another."""
    locale = display_locale()
    qdate = QDate(day.year, day.month, day.day)
    return locale.toString(qdate, "d MMM" if day.year == date.today().year else "MMM yyyy")


class CardDelegate(QStyledItemDelegate):
    """Paints a deal as a card: title, who, amount and close date, and its marks."""

    PADDING = 8

    def __init__(self, currency: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.currency = currency

    def _line(self, option: QStyleOptionViewItem) -> int:
        return QFontMetrics(option.font).height() + 3

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return QSize(max(option.rect.width(), 160), 4 * self._line(option) + 2 * self.PADDING + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        card: Card | None = index.data(CARD_ROLE)
        if card is None:
            return
        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRect(option.rect).adjusted(4, 4, -4, -4)
        border = palette.color(QPalette.ColorRole.Highlight) if selected \
            else palette.color(QPalette.ColorRole.Mid)
        painter.setPen(QPen(border, 2 if selected else 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(box, 6, 6)
        accent = self._accent(card)
        if accent is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(accent)
            painter.drawRoundedRect(QRect(box.left() + 1, box.top() + 6, 4, box.height() - 12),
                                    2, 2)
        if focused and not selected:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 1,
                                Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box.adjusted(2, 2, -2, -2), 5, 5)

        inner = box.adjusted(self.PADDING + 4, self.PADDING - 2, -self.PADDING, -self.PADDING)
        line = self._line(option)
        text = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        bold = QFont(option.font)
        bold.setBold(True)
        self._text(painter, bold, text, QRect(inner.left(), inner.top(), inner.width(), line),
                   card.title)
        who = " · ".join(part for part in (card.company, card.contact) if part)
        self._text(painter, option.font, muted,
                   QRect(inner.left(), inner.top() + line, inner.width(), line), who or "—")
        row = QRect(inner.left(), inner.top() + 2 * line, inner.width(), line)
        when = card.closed_on if card.status != "open" else card.expected_close
        if when is not None:
            shown = short_date(when)
            width = QFontMetrics(option.font).horizontalAdvance(shown)
            self._text(painter, option.font, _OVERDUE if card.overdue else muted, row, shown,
                       Qt.AlignmentFlag.AlignRight)
            row.setWidth(max(row.width() - width - 6, 0))
        self._text(painter, bold, text, row, format_amount(card.amount, self.currency))
        self._marks(painter, option, QRect(inner.left(), inner.top() + 3 * line,
                                           inner.width(), line), card, muted)
        painter.restore()

    @staticmethod
    def _accent(card: Card) -> QColor | None:
        if card.status == "won":
            return _WON
        if card.status == "lost":
            return _LOST
        if card.overdue:
            return _OVERDUE
        if card.stale:
            return _STALE
        if card.no_next_step:
            return _NO_STEP
        return None

    @staticmethod
    def _text(painter: QPainter, font: QFont, color: QColor, rect: QRect, text: str,
              align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> None:
        painter.setFont(font)
        painter.setPen(color)
        shown = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), shown)

    def _marks(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect, card: Card,
               muted: QColor) -> None:
        small = QFont(option.font)
        small.setPointSizeF(max(option.font.pointSizeF() * 0.85, 7))
        metrics = QFontMetrics(small)
        painter.setFont(small)
        x = rect.left()
        if card.status != "open" and card.close_reason:
            painter.setPen(muted)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             metrics.elidedText(card.close_reason, Qt.TextElideMode.ElideRight,
                                                rect.width()))
            return
        if card.status == "open":
            days = self.tr("%n d in stage", "", card.days_in_stage)
            painter.setPen(muted)
            painter.drawText(QRect(x, rect.top(), rect.width(), rect.height()),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             days)
            x += metrics.horizontalAdvance(days) + 8
        for shown, label, color in ((card.overdue, self.tr("Overdue"), _OVERDUE),
                                    (card.no_next_step, self.tr("No next step"), _NO_STEP),
                                    (card.stale, self.tr("Stale"), _STALE)):
            if not shown:
                continue
            width = metrics.horizontalAdvance(label) + 10
            if x + width > rect.right():
                break
            pill = QRect(x, rect.top() + 1, width, rect.height() - 2)
            fill = QColor(color)
            fill.setAlpha(40)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
            painter.setPen(color)
            painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), label)
            x += width + 4


class BoardColumnView(QFrame):
    """A stage's header (name, count, amount, weighted amount) above its cards."""

    def __init__(self, stage: StageInfo, delegate: CardDelegate,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.setObjectName("boardColumn")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(170 if stage.kind == "open" else 150)
        self.name_label = QLabel()
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.name_label.font()
        font.setBold(True)
        self.name_label.setFont(font)
        self.count_label = QLabel()
        self.count_label.setObjectName("boardCount")
        self.totals_label = QLabel()
        self.totals_label.setTextFormat(Qt.TextFormat.PlainText)
        self.totals_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.model = CardListModel(self)
        self.view = QListView()
        self.view.setObjectName(f"stage-{stage.id}")
        self.view.setModel(self.model)
        self.view.setItemDelegate(delegate)
        self.view.setUniformItemSizes(True)  # one size for all: no measuring 2,000 cards
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.viewport().setAutoFillBackground(False)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)

        title_row = QHBoxLayout()
        title_row.setSpacing(6)
        title_row.addWidget(self.name_label, 1)
        title_row.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)
        layout.setSpacing(2)
        layout.addLayout(title_row)
        layout.addWidget(self.totals_label)
        layout.addSpacing(4)
        layout.addWidget(self.view, 1)
        self.set_highlighted(False)

    def set_column(self, column: BoardColumn, currency: str) -> None:
        self.show_header(column, currency)
        self.model.set_cards(column.cards)

    def show_header(self, column: BoardColumn, currency: str) -> None:
        self.stage = column.stage
        self.name_label.setText(column.stage.name if column.stage.kind == "open" else
                                self.tr("{stage} this month").format(stage=column.stage.name))
        self.count_label.setText(format_count(column.count))
        self.count_label.setToolTip(self.tr("1 deal") if column.count == 1 else self.tr(
            "{count} deals").format(count=format_count(column.count)))
        if column.stage.kind == "open":
            self.totals_label.setText(self.tr("{amount} · {weighted} weighted").format(
                amount=compact_amount(column.amount, currency),
                weighted=compact_amount(column.weighted, currency)))
            self.totals_label.setToolTip(self.tr(
                "Total {amount}; weighted by probability ({percent} % by default) "
                "{weighted}").format(amount=format_amount(column.amount, currency),
                                     percent=column.stage.probability,
                                     weighted=format_amount(column.weighted, currency)))
        else:
            self.totals_label.setText(compact_amount(column.amount, currency))
            self.totals_label.setToolTip(format_amount(column.amount, currency))

    def set_highlighted(self, on: bool) -> None:
        """Light the column up while a card is dragged over it."""
        role = QPalette.ColorRole.AlternateBase if not on else QPalette.ColorRole.Highlight
        color = self.palette().color(role)
        if on:
            color.setAlpha(60)
        self.setStyleSheet(f"#boardColumn {{ background: {color.name(QColor.NameFormat.HexArgb)};"
                           " border-radius: 8px; }")
        self.highlighted = on

    def selected_row(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else None


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
        self._press: tuple[BoardColumnView, int, QPoint] | None = None
        self._dragging = False
        self._ghost = QLabel(self)
        self._ghost.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._ghost.hide()
        self._target: BoardColumnView | None = None

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

    # --- mouse: drag a card to another column ----------------------------------------------
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
            return self._pressed(column, event)  # type: ignore[arg-type]
        if kind == QEvent.Type.MouseButtonDblClick and not column.view.indexAt(
                event.position().toPoint()).isValid():  # type: ignore[attr-defined]
            # Queued: the editor it opens is modal, and must not run inside this event.
            stage_id = column.stage.id
            QTimer.singleShot(0, lambda: self.new_deal_requested.emit(stage_id))
            return True
        if kind == QEvent.Type.MouseMove and self._press is not None:
            return self._moved(event)  # type: ignore[arg-type]
        if kind == QEvent.Type.MouseButtonRelease and self._press is not None:
            return self._released(event)  # type: ignore[arg-type]
        return False

    def _column_of(self, watched: QObject) -> BoardColumnView | None:
        for view in self.columns:
            if watched is view.view or watched is view.view.viewport():
                return view
        return None

    def _pressed(self, column: BoardColumnView, event: QMouseEvent) -> bool:
        self._press = None
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        index = column.view.indexAt(event.position().toPoint())
        if index.isValid():
            self._press = (column, index.row(), event.globalPosition().toPoint())
        return False  # the view still selects the card

    def _moved(self, event: QMouseEvent) -> bool:
        assert self._press is not None
        column, row, start = self._press
        point = event.globalPosition().toPoint()
        if not self._dragging:
            if not event.buttons() & Qt.MouseButton.LeftButton:
                self._press = None
                return False
            if (point - start).manhattanLength() < QApplication.startDragDistance():
                return True
            self._start_drag(column, row)
        self._ghost.move(self.mapFromGlobal(point) - QPoint(self._ghost.width() // 2, 12))
        target = self._column_at(point)
        if target is not self._target:
            if self._target is not None:
                self._target.set_highlighted(False)
            if target is not None and target is not column:
                target.set_highlighted(True)
            self._target = target if target is not column else None
        return True

    def _start_drag(self, column: BoardColumnView, row: int) -> None:
        self._dragging = True
        rect = column.view.visualRect(column.model.index(row))
        self._ghost.setPixmap(column.view.viewport().grab(rect))
        self._ghost.resize(rect.size())
        self._ghost.raise_()
        self._ghost.show()
        self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def _released(self, event: QMouseEvent) -> bool:
        assert self._press is not None
        column, row, _start = self._press
        dragging = self._dragging
        self._end_drag()
        if not dragging:
            return False
        target = self._column_at(event.globalPosition().toPoint())
        if target is not None and target is not column and row < column.model.rowCount():
            self.move_requested.emit(column.model.card(row).id, target.stage.id)
        return True

    def _end_drag(self) -> None:
        self._press = None
        self._dragging = False
        self._ghost.hide()
        self.unsetCursor()
        if self._target is not None:
            self._target.set_highlighted(False)
            self._target = None

    def cancel_drag(self) -> None:
        self._end_drag()

    def _column_at(self, global_point: QPoint) -> BoardColumnView | None:
        for view in self.columns:
            if view.rect().contains(view.mapFromGlobal(global_point)):
                return view
        return None

    def _on_double_clicked(self, index: QModelIndex) -> None:
        card = index.data(CARD_ROLE)
        if card is not None:
            deal_id = card.id
            QTimer.singleShot(0, lambda: self.open_requested.emit(deal_id))  # see above

    # --- keyboard and context menu ---------------------------------------------------------
    def _key(self, column: BoardColumnView, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_Escape and self._dragging:
            self._end_drag()
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
            menu = QMenu(self)
            menu.addAction(self.tr("New deal in {stage}…").format(stage=column.stage.name),
                           lambda: self.new_deal_requested.emit(column.stage.id))
            menu.exec(event.globalPos())
            return True
        column.view.setCurrentIndex(index)
        deal_id = column.model.card(index.row()).id
        menu = self.card_menu(deal_id, column.stage.id)
        menu.exec(event.globalPos())
        return True

    def card_menu(self, deal_id: int, stage_id: int) -> QMenu:
        """Open, move to any other stage, delete: the card's context menu."""
        menu = QMenu(self)
        menu.addAction(self.tr("Open…"), lambda: self.open_requested.emit(deal_id))
        move = menu.addMenu(self.tr("Move to"))
        for view in self.columns:
            action = move.addAction(view.stage.name,
                                    lambda s=view.stage.id: self.move_requested.emit(deal_id, s))
            action.setEnabled(view.stage.id != stage_id)
        menu.addSeparator()
        menu.addAction(self.tr("Delete…"), lambda: self.delete_requested.emit(deal_id))
        return menu
