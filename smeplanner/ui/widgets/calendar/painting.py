"""How a campaign bar and a deliverable chip look, shared by the month, week and quarter views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPalette, QPen

from smeplanner.ui.widgets.calendar.common import (
    CONFLICT_COLOR,
    blend,
    channel_color,
    kind_letter,
    text_on,
)

if TYPE_CHECKING:
    from smeplanner.core.marketing_calendar import CampaignBar, DeliverableChip

_CONFLICT = QColor(CONFLICT_COLOR)
RADIUS = 3.0


@dataclass(slots=True)
class BarBox:
    """Where one stretch of a campaign bar is drawn (a campaign crossing weeks has several)."""

    rect: QRectF
    bar: CampaignBar
    first: date  # the first and last day this stretch covers
    last: date
    starts: bool  # the campaign's real start is this stretch's left end (a resize handle)
    ends: bool
    lane: int = 0
    label: str = ""
    label_rect: QRectF | None = None
    offer: QRectF | None = None
    badge: QRectF | None = None  # the "%" (or "!") mark of the offer window
    text_on_offer: bool = False  # most of the label lies on the offer window: ink for it


@dataclass(slots=True)
class ChipBox:
    """Where a deliverable is drawn; ``detail`` is a second line where there is room."""

    rect: QRectF
    chip: DeliverableChip
    label: str = ""
    detail: str = ""


@dataclass(slots=True)
class MoreBox:
    """"+N more" on a day whose items do not all fit."""

    rect: QRectF
    day: date
    hidden: int
    text: str


def finish_bar(box: BarBox, x_of: float, day_width: float, metrics: QFontMetrics) -> None:
    """Fill in the offer window, its mark and the elided label of ``box``.

    ``x_of`` is the x of the left side of the box's first day and ``day_width`` the width
    of one day, so that the offer window lands on its days whatever the view's scale.
    """
    bar, rect = box.bar, box.rect
    box.offer = box.badge = None
    if bar.offer_start is not None and bar.offer_end is not None:
        first = max(bar.offer_start, box.first)
        last = min(bar.offer_end, box.last)
        if first <= last:
            left = max(rect.left(), x_of + (first - box.first).days * day_width)
            right = min(rect.right(), x_of + ((last - box.first).days + 1) * day_width)
            if right > left:
                box.offer = QRectF(left, rect.top(), right - left, rect.height())
                mark = metrics.horizontalAdvance("%") + 6
                if box.offer.width() >= mark:
                    box.badge = QRectF(box.offer.right() - mark, rect.top(), mark,
                                       rect.height())
    text = QRectF(rect).adjusted(5, 0, -4, 0)
    if box.badge is not None:
        if box.badge.left() - text.left() >= 40:
            text.setRight(min(text.right(), box.badge.left() - 2))
        else:
            text.setLeft(box.badge.right() + 3)
    box.label_rect = text
    box.label = metrics.elidedText(bar.name, Qt.TextElideMode.ElideRight,
                                   max(int(text.width()), 0)) if text.width() > 8 else ""
    box.text_on_offer = False
    if box.offer is not None and box.label:
        ink_right = text.left() + metrics.horizontalAdvance(box.label)
        covered = min(ink_right, box.offer.right()) - max(text.left(), box.offer.left())
        box.text_on_offer = covered > (ink_right - text.left()) / 2


def bar_fill(bar: CampaignBar) -> QColor:
    color = channel_color(bar.channel)
    if bar.status == "cancelled":
        color.setAlphaF(0.35)
    elif bar.status == "done":
        color.setAlphaF(0.7)
    return color


def paint_bar(painter: QPainter, box: BarBox, palette: QPalette, font: QFont,
              selected: bool = False, ghost: bool = False) -> None:
    bar, rect = box.bar, box.rect
    base = palette.color(QPalette.ColorRole.Base)
    fill = bar_fill(bar)
    solid = blend(base, QColor(fill.rgb()), fill.alphaF())  # what the eye sees: text on it
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    if ghost:
        painter.setOpacity(0.6)
    painter.drawRoundedRect(rect, RADIUS, RADIUS)
    # A stretch that continues in the next (or from the previous) week row has a square end.
    if not box.starts:
        painter.drawRect(QRectF(rect.left(), rect.top(), RADIUS + 1, rect.height()))
    if not box.ends:
        painter.drawRect(QRectF(rect.right() - RADIUS - 1, rect.top(), RADIUS + 1,
                                rect.height()))
    ink = text_on(solid)
    if box.offer is not None:
        offer_fill = QColor(_CONFLICT) if bar.offer_conflict else QColor(solid).darker(135)
        if box.text_on_offer:
            ink = text_on(offer_fill)
        painter.setBrush(offer_fill)
        painter.drawRect(box.offer)
        hatch = QColor(text_on(offer_fill))
        hatch.setAlpha(90)
        painter.setBrush(QBrush(hatch, Qt.BrushStyle.BDiagPattern))
        painter.drawRect(box.offer)
        if box.badge is not None:
            painter.setPen(text_on(offer_fill))
            bold = QFont(font)
            bold.setBold(True)
            painter.setFont(bold)
            painter.drawText(box.badge, int(Qt.AlignmentFlag.AlignCenter),
                             "!" if bar.offer_conflict else "%")
    if bar.offer_conflict:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(_CONFLICT, 2))
        painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), RADIUS, RADIUS)
    if box.label and box.label_rect is not None:
        shown = QFont(font)
        shown.setStrikeOut(bar.status == "cancelled")
        painter.setFont(shown)
        painter.setPen(ink)
        painter.drawText(box.label_rect,
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         box.label)
    if selected or ghost:
        pen = QPen(palette.color(QPalette.ColorRole.Highlight), 2)
        if ghost:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), RADIUS + 1, RADIUS + 1)
    painter.setOpacity(1.0)


def paint_chip(painter: QPainter, box: ChipBox, palette: QPalette, font: QFont,
               metrics: QFontMetrics, selected: bool = False, ghost: bool = False) -> None:
    chip, rect = box.chip, box.rect
    color = channel_color(chip.channel)
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    muted = palette.color(QPalette.ColorRole.PlaceholderText)
    if ghost:
        painter.setOpacity(0.7)
    painter.setPen(Qt.PenStyle.NoPen)
    # A pale wash of the channel colour over the base keeps the palette's text readable
    # on it in light and dark themes alike; the strip on the left carries the full colour.
    painter.setBrush(blend(base, color, 0.10 if chip.done else 0.22))
    painter.drawRoundedRect(rect, 2, 2)
    painter.setBrush(color)
    painter.drawRect(QRectF(rect.left(), rect.top(), 3, rect.height()))
    line = float(metrics.height())
    letter = QRectF(rect.left() + 4, rect.top(), line, min(rect.height(), line + 2))
    bold = QFont(font)
    bold.setBold(True)
    painter.setFont(bold)
    painter.setPen(muted if chip.done else text)
    painter.drawText(letter, int(Qt.AlignmentFlag.AlignCenter), kind_letter(chip.kind))
    shown = QFont(font)
    shown.setStrikeOut(chip.done)
    painter.setFont(shown)
    title = QRectF(letter.right() + 2, rect.top(), rect.right() - letter.right() - 4,
                   letter.height())
    painter.drawText(title, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                     box.label)
    if box.detail and rect.height() >= 2 * line:
        painter.setFont(font)
        painter.setPen(muted)
        painter.drawText(QRectF(title.left(), title.bottom(), title.width(), line),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         box.detail)
    if selected or ghost:
        pen = QPen(palette.color(QPalette.ColorRole.Highlight), 2)
        if ghost:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 3, 3)
    painter.setOpacity(1.0)


def paint_more(painter: QPainter, box: MoreBox, palette: QPalette, font: QFont) -> None:
    painter.setFont(font)
    painter.setPen(palette.color(QPalette.ColorRole.Link))
    painter.drawText(box.rect.adjusted(4, 0, -2, 0),
                     int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), box.text)


def paint_today_mark(painter: QPainter, rect: QRectF, text: str, palette: QPalette,
                     font: QFont) -> None:
    """The day number of today on a filled pill in the highlight colour."""
    metrics = QFontMetrics(font)
    width = max(metrics.horizontalAdvance(text) + 10, rect.height())
    pill = QRectF(rect.left(), rect.top(), width, rect.height())
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
    painter.drawRoundedRect(pill, rect.height() / 2, rect.height() / 2)
    painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
    painter.setFont(font)
    painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), text)


def grid_pen(palette: QPalette) -> QPen:
    color = QColor(palette.color(QPalette.ColorRole.Mid))
    color.setAlpha(140)
    return QPen(color, 1)


def dim_fill(palette: QPalette) -> QColor:
    """The background of days outside the period: between the base and the window colour."""
    return blend(palette.color(QPalette.ColorRole.Base),
                 palette.color(QPalette.ColorRole.Window), 0.7)
