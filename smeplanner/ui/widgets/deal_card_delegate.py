"""How a deal looks on the pipeline board: a card painted by :class:`CardDelegate`.

Title, who, amount and close date, and marks for what needs attention (overdue, no next
step, stale), or the reason a closed deal was won or lost.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QModelIndex, QObject, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from smeplanner.ui.formatting import display_locale, format_amount
from smeplanner.ui.models.board_model import CARD_ROLE

if TYPE_CHECKING:
    from smeplanner.core.board import Card

_OVERDUE = QColor("#c62828")
_NO_STEP = QColor("#b26a00")
_STALE = QColor("#6a5acd")
_WON = QColor("#2e7d32")
_LOST = QColor("#757575")


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
