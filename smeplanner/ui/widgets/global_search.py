"""The search field at the top of the window. Its drop-down of results (``search_popup``)
is built the first time there is something to show.

The field is part of the window's first paint, so this module stays light: Qt's ``Qt``
namespace (about a hundred enums, ~10 ms to load) is imported in the methods that run
once the user types, not here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from smeplanner.ui.icons import icon

if TYPE_CHECKING:  # the window shows before the database layer is imported
    from PySide6.QtWidgets import QListWidgetItem

    from smeplanner.core.search import SearchHit
    from smeplanner.ui.widgets.search_popup import SearchPopup

SearchFunction = Callable[[str], "dict[str, list[SearchHit]]"]


class GlobalSearchBox(QLineEdit):
    """Search as you type across contacts, companies, deals and campaigns.

    Up/Down move through the results, Enter or a click opens one, Escape closes the list.

    Signals:
        record_chosen(str, int): the user opened a result (kind, record id).
    """

    record_chosen = Signal(str, int)
    POPUP_MIN_WIDTH = 460

    def __init__(self, search: SearchFunction | None, overlay_host: QWidget,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search = search
        self._host = overlay_host
        self._popup: SearchPopup | None = None
        self.setObjectName("globalSearch")
        self.setPlaceholderText(self.tr("Search contacts, companies, deals, campaigns"))
        self.setClearButtonEnabled(True)
        self.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.textChanged.connect(self._on_text_changed)

    @property
    def popup(self) -> SearchPopup:
        """The drop-down of results (hidden until there are some), built on first use."""
        if self._popup is None:
            from smeplanner.ui.widgets.search_popup import SearchPopup

            self._popup = SearchPopup(self._host)
            self._popup.hide()
            self._popup.list.itemClicked.connect(self._on_popup_item_clicked)
        return self._popup

    def set_search(self, search: SearchFunction) -> None:
        """Where results come from: given once the workspace is open."""
        self._search = search

    # --- behaviour --------------------------------------------------------------------------

    def open_current(self) -> bool:
        """Open the highlighted result, if any."""
        hit = self.popup.current_hit()
        if hit is None:
            return False
        self._hide_popup()
        self.clear()
        self.record_chosen.emit(*hit)
        return True

    def _show_results(self, text: str) -> None:
        if self._search is None:
            return
        self.popup.set_results(self._search(text), text)
        if not self.popup.isVisible():
            self.popup.show()
            # While the list is open, a click elsewhere closes it, as a pop-up window would.
            QApplication.instance().installEventFilter(self)
        self.place_popup()
        self.popup.list.scrollToTop()  # show the first group's header above its first hit
        self.popup.raise_()

    def _hide_popup(self) -> None:
        if self._popup is not None and self._popup.isVisible():
            self.popup.hide()
            QApplication.instance().removeEventFilter(self)

    def place_popup(self) -> None:
        """Put the list under the field; the host calls this when it is resized."""
        if self._popup is None or not self._popup.isVisible():
            return
        host = self._host
        below = self.mapTo(host, QPoint(0, self.height() + 4))
        width = min(max(self.width(), self.POPUP_MIN_WIDTH), host.width() - 16)
        x = max(8, min(below.x(), host.width() - width - 8))
        height = min(self.popup.preferred_height(), host.height() - below.y() - 12)
        self.popup.setGeometry(x, below.y(), width, max(height, 40))

    # --- Qt overrides and slots -------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt

        key = event.key()
        if self._popup is not None and self._popup.isVisible():
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self.popup.move_current(1 if key == Qt.Key.Key_Down else -1)
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_current()
                return
            if key == Qt.Key.Key_Escape:
                self._hide_popup()
                return
        elif key == Qt.Key.Key_Down and self.text().strip():
            self._show_results(self.text())
            return
        elif key == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QEvent) -> None:
        super().focusOutEvent(event)
        self._hide_popup()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._popup is not None and event.type() == QEvent.Type.MouseButtonPress \
                and isinstance(watched, QWidget) \
                and not (watched is self or watched is self.popup
                         or self.popup.isAncestorOf(watched)):
            self._hide_popup()
        return super().eventFilter(watched, event)

    def _on_text_changed(self, text: str) -> None:
        if text.strip():
            self._show_results(text)
        else:
            self._hide_popup()

    def _on_popup_item_clicked(self, item: QListWidgetItem) -> None:
        from smeplanner.ui.widgets.search_popup import ROW_TYPE_ROLE

        if item.data(ROW_TYPE_ROLE) == "hit":
            self.popup.list.setCurrentItem(item)
            self.open_current()
