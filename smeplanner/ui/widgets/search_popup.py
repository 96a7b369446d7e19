"""The drop-down under the global search field: results grouped by kind, painted as plain
text. Loaded when the search first shows results, not with the window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGraphicsDropShadowEffect,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from smeplanner.core.search import SearchHit

_CONTEXT = "GlobalSearch"
KIND_TITLES = {"contact": QT_TRANSLATE_NOOP(_CONTEXT, "Contacts"),
               "company": QT_TRANSLATE_NOOP(_CONTEXT, "Companies"),
               "deal": QT_TRANSLATE_NOOP(_CONTEXT, "Deals"),
               "campaign": QT_TRANSLATE_NOOP(_CONTEXT, "Campaigns")}

ROW_TYPE_ROLE = Qt.ItemDataRole.UserRole + 1  # "header", "hit" or "note"
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 4
_PADDING = 12


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class _ResultDelegate(QStyledItemDelegate):
    """Paints headers as small grey captions and hits as a title over a grey detail line.

    Text is drawn with ``drawText``, so names are always plain text.
    """

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        line = QFontMetrics(option.font).height()
        if index.data(ROW_TYPE_ROLE) == "hit" and index.data(DETAIL_ROLE):
            return QSize(200, 2 * line + 12)
        return QSize(200, line + 12)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title, opt.text = opt.text, ""
        row_type = index.data(ROW_TYPE_ROLE)
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        if row_type == "hit":
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = opt.rect.adjusted(_PADDING, 6, -_PADDING, -6)
        muted = opt.palette.color(QPalette.ColorRole.PlaceholderText)
        painter.save()
        if row_type == "hit":
            selected = bool(opt.state & QStyle.StateFlag.State_Selected)
            text_color = opt.palette.color(QPalette.ColorRole.HighlightedText if selected
                                           else QPalette.ColorRole.Text)
            metrics = QFontMetrics(opt.font)
            detail = index.data(DETAIL_ROLE) or ""
            line = QRect(rect.x(), rect.y(), rect.width(), metrics.height())
            painter.setPen(text_color)
            painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(title, Qt.TextElideMode.ElideRight, rect.width()))
            if detail:
                painter.setPen(text_color if selected else muted)
                painter.drawText(line.translated(0, metrics.height()),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 metrics.elidedText(detail, Qt.TextElideMode.ElideRight,
                                                    rect.width()))
        else:
            font = QFont(opt.font)
            if row_type == "header":
                font.setBold(True)
                font.setPointSizeF(font.pointSizeF() * 0.9)
            painter.setFont(font)
            painter.setPen(muted)
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                             QFontMetrics(font).elidedText(title, Qt.TextElideMode.ElideRight,
                                                           rect.width()))
        painter.restore()


class SearchPopup(QFrame):
    """The drop-down list of results: group headers (not selectable) and hits.

    It is a child overlay of the window rather than a pop-up window, so the search field
    keeps the keyboard focus while the user types and moves through the results.
    """

    MAX_HEIGHT = 460

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("searchPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        shadow = QGraphicsDropShadowEffect(self)
        shadow.setBlurRadius(24)
        shadow.setOffset(0, 4)
        shadow.setColor(QColor(0, 0, 0, 70))
        self.setGraphicsEffect(shadow)
        self.list = QListWidget(self)
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setItemDelegate(_ResultDelegate(self.list))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setMouseTracking(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 4, 1, 4)
        layout.addWidget(self.list)

    def set_results(self, groups: dict[str, list[SearchHit]], text: str) -> None:
        self.list.clear()
        for kind, hits in groups.items():
            header = QListWidgetItem(_tr(KIND_TITLES.get(kind, kind)))
            header.setData(ROW_TYPE_ROLE, "header")
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(header)
            for hit in hits:
                title, detail = hit.title, hit.detail
                if not title:  # e.g. a contact known only by an e-mail address
                    title, _space, detail = detail.partition(" ")
                item = QListWidgetItem(title or _tr("(no name)"))
                item.setData(ROW_TYPE_ROLE, "hit")
                item.setData(KIND_ROLE, hit.kind)
                item.setData(ID_ROLE, hit.id)
                item.setData(DETAIL_ROLE, detail)
                self.list.addItem(item)
        if not groups:
            note = QListWidgetItem(_tr("No matches for “{text}”").format(text=text.strip()))
            note.setData(ROW_TYPE_ROLE, "note")
            note.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(note)
        hits = self.hit_rows()
        if hits:
            self.list.setCurrentRow(hits[0])

    def hit_rows(self) -> list[int]:
        return [row for row in range(self.list.count())
                if self.list.item(row).data(ROW_TYPE_ROLE) == "hit"]

    def headers(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())
                if self.list.item(row).data(ROW_TYPE_ROLE) == "header"]

    def move_current(self, step: int) -> None:
        rows = self.hit_rows()
        if not rows:
            return
        current = self.list.currentRow()
        if current not in rows:
            target = rows[0] if step > 0 else rows[-1]
        else:
            position = max(0, min(len(rows) - 1, rows.index(current) + step))
            target = rows[position]
        self.list.setCurrentRow(target)
        above = self.list.item(target - 1) if target > 0 else None
        if above is not None and above.data(ROW_TYPE_ROLE) == "header":
            self.list.scrollToItem(above)  # keep a group's title in sight with its first hit
        self.list.scrollToItem(self.list.item(target))

    def current_hit(self) -> tuple[str, int] | None:
        item = self.list.currentItem()
        if item is None or item.data(ROW_TYPE_ROLE) != "hit":
            return None
        return str(item.data(KIND_ROLE)), int(item.data(ID_ROLE))

    def preferred_height(self) -> int:
        rows = sum(self.list.sizeHintForRow(row) for row in range(self.list.count()))
        margins = self.layout().contentsMargins()
        return min(rows + margins.top() + margins.bottom() + 2 * self.frameWidth() + 2,
                   self.MAX_HEIGHT)
