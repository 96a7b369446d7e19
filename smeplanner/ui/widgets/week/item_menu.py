"""The right-click menu of a week item, shared by the grid and the agenda list."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QCoreApplication, QPoint
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QMenu, QWidget

from smeplanner.core.week import WeekItem

translate = QCoreApplication.translate
_CONTEXT = "WeekItemMenu"


def item_menu(parent: QWidget, item: WeekItem, today: date) -> QMenu:
    """Actions on ``item``; each action's data says what was chosen: ("done",), ("edit",),
    ("open",), ("move", day) or ("delete",). The view emits the matching signal."""
    menu = QMenu(parent)
    if item.is_activity:
        done = menu.addAction(translate(_CONTEXT, "Reopen") if item.done
                              else translate(_CONTEXT, "Tick off"))
        done.setData(("done",))
        if item.kind != "deliverable":  # deliverables are edited in their campaign
            menu.addAction(translate(_CONTEXT, "Edit…")).setData(("edit",))
    if item.linked or not item.is_activity:
        menu.addAction(translate(_CONTEXT, "Open")).setData(("open",))
    if item.is_activity:
        move = menu.addMenu(translate(_CONTEXT, "Move to"))
        next_monday = today + timedelta(days=7 - today.weekday())
        for text, day in ((translate(_CONTEXT, "Today"), today),
                          (translate(_CONTEXT, "Tomorrow"), today + timedelta(days=1)),
                          (translate(_CONTEXT, "Next Monday"), next_monday),
                          (translate(_CONTEXT, "A week later"), item.day + timedelta(days=7))):
            action = move.addAction(text)
            action.setData(("move", day))
            action.setEnabled(day != item.day)
        menu.addSeparator()
        menu.addAction(translate(_CONTEXT, "Delete")).setData(("delete",))
    return menu


class ItemActions:
    """The right-click menu of a view of week items (mixed in before the Qt class). The
    view has the signals done_toggled, edit_requested, open_requested,
    reschedule_requested and delete_requested, and says which item a menu event is on."""

    def _item_at_menu(self, event: QContextMenuEvent) -> WeekItem | None:
        raise NotImplementedError

    def _selected_for_menu(self) -> tuple[WeekItem, QPoint] | None:
        """The selected item and where (global) its menu opens from the keyboard."""
        raise NotImplementedError

    def _menu_today(self) -> date:
        raise NotImplementedError

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            # The Menu key or Shift+F10: the selected item's menu, at the item (Qt puts
            # the event in the middle of the view, over whatever item is there).
            found = self._selected_for_menu()
            if found is None:
                return
            item, where = found
        else:
            item = self._item_at_menu(event)
            if item is None:
                return
            where = event.globalPos()
        chosen = self.menu_for(item).exec(where)
        if chosen is not None:
            self.act(item, chosen.data())

    def menu_for(self, item: WeekItem) -> QMenu:
        return item_menu(self, item, self._menu_today())  # type: ignore[arg-type]

    def act(self, item: WeekItem, choice: tuple) -> None:
        """Do what the menu entry ``choice`` (its data) asks, through the view's signals."""
        signals = {"done": "done_toggled", "edit": "edit_requested", "open": "open_requested",
                   "delete": "delete_requested"}
        if choice[0] == "move":
            self.reschedule_requested.emit(item, choice[1])  # type: ignore[attr-defined]
        else:
            getattr(self, signals[choice[0]]).emit(item)
