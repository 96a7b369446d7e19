"""Agenda mode: the week as a list grouped by day, for the keyboard and for reading.

Days (and the overdue ones) are top-level rows; their items are children with a tick box.
Space ticks the current item off, Enter opens it, Ctrl+←/→ moves it a day.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QContextMenuEvent, QFont, QKeyEvent, QMouseEvent
from PySide6.QtGui import Qt as GuiQt  # convertFromPlainText lives in QtGui's Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from smeplanner.core.week import ITEM_LABELS, WeekItem, WeekPlan
from smeplanner.ui.formatting import format_count
from smeplanner.ui.widgets.week import painting
from smeplanner.ui.widgets.week.item_menu import ItemActions

# An index's internal id: 0 for a group row, the group's number + 1 for an item row
# (quintptr is unsigned, so no -1).
_GROUP = 0
COLUMNS = ("When", "Subject", "Kind", "Belongs to", "Hat")
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class AgendaModel(QAbstractItemModel):
    """Groups (day or "Overdue") and their items."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.groups: list[tuple[date | str, list[WeekItem], int]] = []
        self.today: date | None = None

    def set_plan(self, plan: WeekPlan, today: date) -> None:
        self.beginResetModel()
        self.today = today
        self.groups = []
        if plan.overdue_total:
            self.groups.append(("overdue", list(plan.overdue), plan.overdue_total))
        self.groups += [(day, list(items), len(items)) for day, items in plan.days.items()]
        self.endResetModel()

    def item(self, index: Index) -> WeekItem | None:
        if not index.isValid() or index.internalId() == _GROUP:
            return None
        return self.groups[index.internalId() - 1][1][index.row()]

    def index_of(self, key: tuple[str, int, str]) -> QModelIndex:
        for number, (_day, items, _total) in enumerate(self.groups):
            for row, item in enumerate(items):
                if item.key == key:
                    return self.createIndex(row, 0, number + 1)
        return QModelIndex()

    # --- QAbstractItemModel ---------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _GROUP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _GROUP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _GROUP)

    def rowCount(self, parent: Index = _ROOT) -> int:
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == _GROUP and parent.column() == 0:
            return len(self.groups[parent.row()][1])
        return 0

    def columnCount(self, parent: Index = _ROOT) -> int:
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        item = self.item(index)
        if item is not None and item.is_activity and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _GROUP:
            return self._group_data(index, role)
        group = self.groups[index.internalId() - 1]
        item = group[1][index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            overdue = group[0] == "overdue"
            return (painting.when_text(item, show_date=overdue) or self.tr("All day"),
                    item.subject, self.tr(ITEM_LABELS.get(item.kind, item.kind)),
                    item.linked, self.tr(painting.HAT_LABELS.get(item.hat, item.hat)))[column]
        if role == Qt.ItemDataRole.CheckStateRole and column == 0 and item.is_activity:
            return Qt.CheckState.Checked if item.done else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 4:
                return QBrush(painting.hat_colour(item.hat))
            if item.done:
                return QBrush(Qt.GlobalColor.gray)
        if role == Qt.ItemDataRole.FontRole and item.done and column == 1:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            # Escaped rich text: a view shows a tooltip that looks like markup as HTML.
            return GuiQt.convertFromPlainText(painting.tooltip(item))
        return None

    def _group_data(self, index: Index, role: int) -> Any:
        key, _items, total = self.groups[index.row()]
        if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
            if key == "overdue":
                return self.tr("Overdue ({count} open)").format(count=format_count(total))
            title = painting.day_title(key)
            if key == self.today:
                title = self.tr("{day} · Today").format(day=title)
            return self.tr("{day} ({count})").format(day=title, count=format_count(total))
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and key == "overdue":
            return QBrush(painting.OVERDUE_COLOUR)
        return None


class AgendaView(ItemActions, QTreeView):
    """The agenda list. Signals as :class:`~smeplanner.ui.widgets.week.week_grid.WeekGrid`."""

    done_toggled = Signal(object)
    reschedule_requested = Signal(object, object)
    open_requested = Signal(object)
    edit_requested = Signal(object)
    delete_requested = Signal(object)
    selection_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaView")
        self.agenda = AgendaModel(self)
        self.setModel(self.agenda)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 170), (2, 110), (3, 260), (4, 90)):
            header.resizeSection(column, width)
        self.doubleClicked.connect(self._on_double_clicked)
        self.selectionModel().currentChanged.connect(self._on_current_changed)

    def set_plan(self, plan: WeekPlan, today: date) -> None:
        kept = self.current_item()
        current = self.currentIndex()
        # Where the current item sat (its group, its row): a ticked-off overdue item leaves
        # the list, and the next one takes its place under the keyboard.
        place = (self.agenda.groups[current.parent().row()][0], current.row()) \
            if kept is not None and current.parent().isValid() else None
        expanded = {key: self.isExpanded(self.agenda.index(row, 0))
                    for row, (key, _items, _total) in enumerate(self.agenda.groups)}
        self.agenda.set_plan(plan, today)
        for row, (key, _items, _total) in enumerate(self.agenda.groups):
            # A day's whole heading across the columns (its count was cut off at "When").
            self.setFirstColumnSpanned(row, QModelIndex(), True)
            # The overdue pile can be long: folded at first, its count in view, the week
            # first; then as the user left it.
            self.setExpanded(self.agenda.index(row, 0), expanded.get(key, key != "overdue"))
        if kept is None:
            return
        found = self.agenda.index_of(kept.key)
        if not found.isValid() and place is not None:
            found = self._row_in_group(*place)
        if found.isValid():
            self.setCurrentIndex(found)

    def _row_in_group(self, key: object, row: int) -> QModelIndex:
        for group_row, (group_key, items, _total) in enumerate(self.agenda.groups):
            if group_key == key and items:
                return self.agenda.index(min(row, len(items) - 1), 0,
                                         self.agenda.index(group_row, 0))
        return QModelIndex()

    def current_item(self) -> WeekItem | None:
        return self.agenda.item(self.currentIndex())

    def select(self, key: tuple[str, int, str]) -> bool:
        found = self.agenda.index_of(key)
        if found.isValid():
            self.setCurrentIndex(found)
            self.scrollTo(found)
        return found.isValid()

    def _on_check_box(self, event: QMouseEvent) -> tuple[QModelIndex, WeekItem] | None:
        index = self.indexAt(event.position().toPoint())
        item = self.agenda.item(index)
        if item is not None and item.is_activity and index.column() == 0:
            check = self.visualRect(index)
            # The tick box sits at the start of the first cell, after the indentation.
            if event.position().x() < check.left() + 24:
                return index, item
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        found = self._on_check_box(event)
        if found is not None:
            self.setCurrentIndex(found[0])
            self.done_toggled.emit(found[1])
            return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self._on_check_box(event) is not None:
            return  # its first click ticked the box: not also an "open"
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.current_item()
        key = event.key()
        if item is not None and item.is_activity:
            if key == Qt.Key.Key_Space:
                self.done_toggled.emit(item)
                return
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier and \
                    key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
                step = 1 if key == Qt.Key.Key_Right else -1
                self.reschedule_requested.emit(item, item.day + timedelta(days=step))
                return
        if item is not None and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_requested.emit(item)
            return
        if item is not None and key == Qt.Key.Key_Delete and item.is_activity:
            self.delete_requested.emit(item)
            return
        super().keyPressEvent(event)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        item = self.agenda.item(index)
        if item is not None:
            self.open_requested.emit(item)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.selection_changed.emit(self.agenda.item(current))

    # --- context menu (ItemActions) ------------------------------------------------------
    def _item_at_menu(self, event: QContextMenuEvent) -> WeekItem | None:
        index = self.indexAt(self.viewport().mapFrom(self, event.pos()))
        item = self.agenda.item(index)
        if item is not None:
            self.setCurrentIndex(index)
        return item

    def _selected_for_menu(self) -> tuple[WeekItem, QPoint] | None:
        item = self.current_item()
        if item is None:
            return None
        return item, self.viewport().mapToGlobal(self.visualRect(self.currentIndex())
                                                 .bottomLeft())

    def _menu_today(self) -> date:
        return self.agenda.today or date.today()
