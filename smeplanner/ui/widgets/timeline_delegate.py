"""Paints a contact's timeline as two columns: when (date over time, muted) and what (the
title over its detail, muted, both wrapped), with a hairline between entries. Planned items
(not done yet, or in the future) are set in italics with "planned" under their date.

Text is drawn with ``drawText``, so names and notes are always plain text. The list item
keeps its whole text as DisplayRole (for search, copy and tests); the parts are roles.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

Index = QModelIndex | QPersistentModelIndex

DATE_ROLE = Qt.ItemDataRole.UserRole + 10  # the day, as shown
TIME_ROLE = Qt.ItemDataRole.UserRole + 11  # "14:30", or "" for an all-day item
TITLE_ROLE = Qt.ItemDataRole.UserRole + 12
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 13
PLANNED_ROLE = Qt.ItemDataRole.UserRole + 14

_PAD_X, _PAD_Y, _GAP = 8, 6, 10
_WRAP = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft) \
    | int(Qt.AlignmentFlag.AlignTop)


class TimelineDelegate(QStyledItemDelegate):
    """Lays out one timeline entry; see the module docstring."""

    def __init__(self, planned_label: str, parent=None) -> None:
        super().__init__(parent)
        self._planned_label = planned_label

    # --- layout ---------------------------------------------------------------------------

    def _fonts(self, option: QStyleOptionViewItem, index: Index) -> tuple[QFont, QFont]:
        main = QFont(option.font)
        main.setItalic(bool(index.data(PLANNED_ROLE)))
        small = QFont(main)
        small.setPointSizeF(max(6.0, main.pointSizeF() * 0.9))
        return main, small

    def _date_width(self, small: QFont) -> int:
        # Wide enough for a long date in the user's locale ("30 Sept 2026").
        return QFontMetrics(small).horizontalAdvance("00 Mmmmm 0000") + _GAP

    def _text_width(self, option: QStyleOptionViewItem, small: QFont) -> int:
        # The view's width, not option.rect's: the list asks for sizes with rects of other
        # widths (even empty ones), and the heights must match what paint() lays out.
        view = option.widget
        width = view.viewport().width() if view is not None else option.rect.width()  # type: ignore[attr-defined]
        return max(60, width - 2 * _PAD_X - self._date_width(small))

    def _blocks(self, option: QStyleOptionViewItem, index: Index
                ) -> tuple[QFont, QFont, int, QRect, QRect]:
        main, small = self._fonts(option, index)
        width = self._text_width(option, small)
        title = QFontMetrics(main).boundingRect(QRect(0, 0, width, 100_000), _WRAP,
                                                index.data(TITLE_ROLE) or "")
        detail_text = index.data(DETAIL_ROLE) or ""
        detail = QFontMetrics(small).boundingRect(QRect(0, 0, width, 100_000), _WRAP,
                                                  detail_text) if detail_text else QRect()
        return main, small, width, title, detail

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        _main, small, _width, title, detail = self._blocks(option, index)
        text_height = title.height() + (detail.height() + 2 if detail.height() else 0)
        date_height = 2 * QFontMetrics(small).height()
        return QSize(200, max(text_height, date_height) + 2 * _PAD_Y)

    # --- painting -------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:  # the selection and hover background
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        main, small, width, title, detail = self._blocks(option, index)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        text = palette.color(QPalette.ColorRole.HighlightedText if selected
                             else QPalette.ColorRole.Text)
        muted = text if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        rect = opt.rect
        left = rect.x() + _PAD_X
        top = rect.y() + _PAD_Y
        line = QFontMetrics(small).height()
        painter.save()
        painter.setFont(small)
        painter.setPen(muted)
        painter.drawText(QRect(left, top, self._date_width(small), line), _WRAP,
                         index.data(DATE_ROLE) or "")
        second = index.data(TIME_ROLE) or ""
        if index.data(PLANNED_ROLE):
            second = f"{second} {self._planned_label}".strip()
        painter.drawText(QRect(left, top + line, self._date_width(small), line), _WRAP, second)
        text_left = left + self._date_width(small)
        painter.setFont(main)
        painter.setPen(text)
        painter.drawText(QRect(text_left, top, width, title.height()), _WRAP,
                         index.data(TITLE_ROLE) or "")
        if detail.height():
            painter.setFont(small)
            painter.setPen(muted)
            painter.drawText(QRect(text_left, top + title.height() + 2, width, detail.height()),
                             _WRAP, index.data(DETAIL_ROLE) or "")
        if not selected:  # a hairline between entries
            painter.setPen(palette.color(QPalette.ColorRole.Midlight))
            painter.drawLine(rect.left() + _PAD_X, rect.bottom(), rect.right() - _PAD_X,
                             rect.bottom())
        painter.restore()
