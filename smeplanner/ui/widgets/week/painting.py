"""How one week item, a column and its header look; shared by the grid and its drag picture.

An item is a rounded box with a stripe in its hat's colour (sales blue, marketing orange),
a tick box for activities (a glyph for campaign and deal events), the time and subject on
the first line and what kind of item it is and what it belongs to on the second.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from PySide6.QtCore import QDate, QLocale, QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen

from smeplanner.core.week import ITEM_LABELS, WeekItem
from smeplanner.ui.formatting import display_locale, format_count, format_time

HEADER_HEIGHT = 46
ROW_HEIGHT = 40
ROW_STEP = ROW_HEIGHT + 4
HAT_COLOURS = {"sales": QColor("#2f6fb3"), "marketing": QColor("#d9822b")}
HAT_LABELS = {"sales": "Sales", "marketing": "Marketing"}
OVERDUE_COLOUR = QColor("#c0392b")
_EVENT_GLYPHS = {"campaign_start": "▶", "campaign_end": "■", "offer_start": "%",
                 "offer_end": "%", "deal_close": "◆"}
_BOX = 14


def hat_colour(hat: str) -> QColor:
    return HAT_COLOURS.get(hat, HAT_COLOURS["sales"])


def check_box_rect(item_rect: QRect) -> QRect:
    """The tick box of an item drawn in ``item_rect`` (also its click target, a bit larger)."""
    return QRect(item_rect.left() + 9, item_rect.center().y() - _BOX // 2 - 3, _BOX + 6,
                 _BOX + 6)


@cache
def _time_text(hour: int, minute: int) -> str:
    return format_time(hour, minute)


@cache
def _short_day(day: date) -> str:
    return display_locale().toString(QDate(day.year, day.month, day.day), "d MMM")


@cache
def _weekday(day: date) -> str:
    return display_locale().dayName(day.isoweekday(), QLocale.FormatType.ShortFormat)


def day_title(day: date) -> str:
    """"Mon 23 Nov"."""
    return f"{_weekday(day)} {_short_day(day)}"


def when_text(item: WeekItem, *, show_date: bool) -> str:
    parts = []
    if show_date:
        parts.append(_short_day(item.day))
    if item.start is not None:
        parts.append(_time_text(item.start.hour, item.start.minute))
    return " ".join(parts)


def second_line(item: WeekItem) -> str:
    label = ITEM_LABELS.get(item.kind, item.kind)
    return f"{label} · {item.linked}" if item.linked else label


def tooltip(item: WeekItem) -> str:
    """Plain text: the whole subject, when, how long, and what it belongs to."""
    lines = [item.subject, f"{ITEM_LABELS.get(item.kind, item.kind)} · "
             f"{HAT_LABELS.get(item.hat, item.hat)}"]
    when = f"{_weekday(item.day)} {_short_day(item.day)}"
    if item.start is not None:
        when += f", {_time_text(item.start.hour, item.start.minute)}"
    if item.duration_minutes:
        hours, minutes = divmod(item.duration_minutes, 60)
        when += f" ({hours} h {minutes:02d})" if hours else f" ({minutes} min)"
    lines.append(when)
    if item.linked:
        lines.append(item.linked)
    if item.done:
        lines.append("Done")
    return "\n".join(lines)


def paint_item(painter: QPainter, rect: QRect, item: WeekItem, palette: QPalette, *,
               selected: bool, current: bool, show_date: bool, today: date | None) -> None:
    colour = hat_colour(item.hat)
    base = palette.color(QPalette.ColorRole.Base)
    fill = QColor(base)
    if not item.done:
        tint = 0.10
        fill = QColor(round(base.red() * (1 - tint) + colour.red() * tint),
                      round(base.green() * (1 - tint) + colour.green() * tint),
                      round(base.blue() * (1 - tint) + colour.blue() * tint))
    painter.save()
    border = palette.color(QPalette.ColorRole.Highlight) if selected else \
        palette.color(QPalette.ColorRole.Mid)
    painter.setPen(QPen(border, 2 if selected else (1.5 if current else 1)))
    painter.setBrush(fill)
    painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
    painter.fillRect(QRect(rect.left() + 1, rect.top() + 1, 4, rect.height() - 2), colour)
    text_colour = palette.color(QPalette.ColorRole.Text)
    dim = palette.color(QPalette.ColorRole.PlaceholderText)
    box = check_box_rect(rect).adjusted(3, 3, -3, -3)
    if item.is_activity:
        painter.setPen(QPen(dim if item.done else colour, 1.4))
        painter.setBrush(colour if item.done else base)
        painter.drawRoundedRect(QRectF(box), 3, 3)
        if item.done:
            painter.setPen(QPen(QColor("white"), 2))
            painter.drawPolyline([box.topLeft() + QPoint(3, 7), box.topLeft() + QPoint(6, 10),
                                  box.topLeft() + QPoint(11, 4)])
    else:
        painter.setPen(colour)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, _EVENT_GLYPHS.get(item.kind, "•"))
    left = box.right() + 8
    width = rect.right() - 6 - left
    font = QFont(painter.font())
    # The subject has the first line to itself: columns are narrow at 1280 pixels.
    subject_font = QFont(font)
    subject_font.setStrikeOut(item.done)
    if not item.done:
        subject_font.setWeight(QFont.Weight.DemiBold)
    subject_metrics = QFontMetrics(subject_font)
    top_line = QRect(left, rect.top() + 3, width, subject_metrics.height())
    painter.setFont(subject_font)
    painter.setPen(dim if item.done else text_colour)
    painter.drawText(top_line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                     subject_metrics.elidedText(item.subject, Qt.TextElideMode.ElideRight,
                                                width))
    small = QFont(font)
    small.setPointSizeF(max(6.5, font.pointSizeF() * 0.86))
    small_metrics = QFontMetrics(small)
    bottom_line = QRect(left, top_line.bottom() + 1, width, small_metrics.height())
    painter.setFont(small)
    when = when_text(item, show_date=show_date)
    late = show_date or (today is not None and item.day < today and not item.done)
    if when:
        painter.setPen(OVERDUE_COLOUR if late and item.is_activity else text_colour)
        painter.drawText(bottom_line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         small_metrics.elidedText(when, Qt.TextElideMode.ElideRight, width))
        bottom_line.setLeft(bottom_line.left() + small_metrics.horizontalAdvance(when + " "))
    painter.setPen(dim)
    painter.drawText(bottom_line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                     small_metrics.elidedText(second_line(item), Qt.TextElideMode.ElideRight,
                                              max(0, bottom_line.width())))
    painter.restore()


def paint_column_background(painter: QPainter, rect: QRect, key: date | str,
                            today: date | None, palette: QPalette, *,
                            highlighted: bool) -> None:
    if highlighted:
        colour = QColor(palette.color(QPalette.ColorRole.Highlight))
        colour.setAlpha(40)
    elif key == today:
        colour = QColor(HAT_COLOURS["sales"])
        colour.setAlpha(18)
    elif isinstance(key, date) and key.weekday() >= 5:
        colour = palette.color(QPalette.ColorRole.AlternateBase)
    elif not isinstance(key, date):
        colour = QColor(OVERDUE_COLOUR)
        colour.setAlpha(14)
    else:
        colour = palette.color(QPalette.ColorRole.Base)
    painter.fillRect(rect, colour)
    painter.setPen(palette.color(QPalette.ColorRole.Midlight))
    painter.drawLine(rect.topRight(), rect.bottomRight())


def paint_header(painter: QPainter, rect: QRect, key: date | str, total: int,
                 today: date | None, palette: QPalette) -> None:
    painter.save()
    painter.fillRect(rect, palette.color(QPalette.ColorRole.Window))
    is_today = key == today
    if is_today:
        painter.fillRect(rect.adjusted(2, 2, -2, -2), HAT_COLOURS["sales"])
    text = QColor("white") if is_today else palette.color(QPalette.ColorRole.WindowText)
    font = QFont(painter.font())
    bold = QFont(font)
    bold.setBold(True)
    inner = rect.adjusted(8, 4, -8, -4)
    first = QRect(inner.left(), inner.top(), inner.width(), inner.height() // 2)
    second = QRect(inner.left(), first.bottom() + 1, inner.width(), inner.height() // 2)
    if isinstance(key, date):
        title = day_title(key)
        count = "No items" if not total else \
            ("1 item" if total == 1 else f"{format_count(total)} items")
    else:
        title = "Overdue"
        text = QColor("white") if is_today else OVERDUE_COLOUR
        count = f"{format_count(total)} open"
    painter.setFont(bold)
    painter.setPen(text)
    painter.drawText(first, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                     QFontMetrics(bold).elidedText(title, Qt.TextElideMode.ElideRight,
                                                   first.width()))
    painter.setFont(font)
    painter.setPen(text if is_today else palette.color(QPalette.ColorRole.PlaceholderText))
    painter.drawText(second, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, count)
    painter.setPen(palette.color(QPalette.ColorRole.Mid))
    painter.drawLine(rect.bottomLeft(), rect.bottomRight())
    painter.drawLine(rect.topRight(), rect.bottomRight())
    painter.restore()
