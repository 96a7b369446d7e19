"""What a calendar view shows: its items, their boxes, hit tests, tooltips and selection.

A view is one widget painted with QPainter: no widget per campaign or deliverable, so a
busy month costs a few hundred rectangles. Each view lays its items out into boxes when
the items, the period or the size change (``_layout``), then paints and hit-tests those
boxes. What the user does to a view (mouse drags, keys) is in ``interaction.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QMenu, QToolTip, QWidget

from smeplanner.ui.widgets.calendar.common import (
    campaign_tooltip,
    channel_label,
    deliverable_tooltip,
    rich_tooltip,
    short_day,
    tr,
)
from smeplanner.ui.widgets.calendar.painting import BarBox, ChipBox, MoreBox

if TYPE_CHECKING:
    from smeplanner.core.marketing_calendar import CalendarItems, CampaignBar, DeliverableChip

EDGE = 6  # px from a bar's end where a press resizes instead of moving


@dataclass(frozen=True, slots=True)
class Hit:
    """What is under a point: a campaign (its body or an end), a deliverable, or "+N more"."""

    kind: str  # "campaign", "deliverable" or "more"
    id: int = 0
    zone: str = "body"  # for campaigns: "body", "start", "end" or "label" (its name)
    box: BarBox | ChipBox | MoreBox | None = None


def campaign_order(bar: CampaignBar) -> tuple[date, int, str, int]:
    """Earlier first; on the same day the longer first (it packs better into lanes)."""
    return bar.start, -(bar.end - bar.start).days, bar.name.casefold(), bar.id


def chip_order(chip: DeliverableChip) -> tuple[bool, str, int]:
    return chip.done, chip.title.casefold(), chip.id


class CalendarCanvas(QWidget):
    """One way of showing the calendar's items; subclasses lay out and paint.

    Signals:
        day_double_clicked(object): a day (date) was double-clicked on empty space, or
            Enter pressed on a day with no item selected.
        campaign_moved(int, int): campaign id, days to move it by (dragging its body).
        campaign_resized(int, object, object): campaign id, new start, new end (an edge).
        deliverable_moved(int, object): activity id, its new day.
        campaign_activated(int) / deliverable_activated(int): double-click or Enter.
        selection_changed(str, int): "campaign" or "deliverable" and its id; ("", 0) when
            nothing is selected any more.
        step_requested(int): PageUp / PageDown: show the previous (-1) or next (1) period.
        day_requested(object): show the period holding this day (T, or an arrow key that
            walks out of the period); the day becomes the selected day.
        mode_requested(str): M, W or Q: show the month, week or quarter.
    """

    day_double_clicked = Signal(object)
    campaign_moved = Signal(int, int)
    campaign_resized = Signal(int, object, object)
    deliverable_moved = Signal(int, object)
    campaign_activated = Signal(int)
    deliverable_activated = Signal(int)
    selection_changed = Signal(str, int)
    step_requested = Signal(int)
    day_requested = Signal(object)
    mode_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)  # the resize cursor near a bar's ends
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumSize(420, 300)
        start = date.today()
        self.first = self.last = self.anchor = self.today = self.selected_day = start
        self.campaigns: list[CampaignBar] = []
        self.deliverables: list[DeliverableChip] = []
        self._campaign_by_id: dict[int, CampaignBar] = {}
        self._chip_by_id: dict[int, DeliverableChip] = {}
        self._chips_by_day: dict[date, list[DeliverableChip]] = {}
        self._bars: list[BarBox] = []
        self._chips: list[ChipBox] = []
        self._more: list[MoreBox] = []
        self._selection: tuple[str, int] | None = None
        self._menu: QMenu | None = None

    # --- content -------------------------------------------------------------------------
    def set_period(self, first: date, last: date, anchor: date, *, relayout: bool = True) -> None:
        """The days shown; ``relayout=False`` when ``set_items`` for them follows at once."""
        self.first, self.last, self.anchor = first, last, anchor
        if relayout:
            self._relayout()

    def set_items(self, items: CalendarItems) -> None:
        """Show ``items``; a selected item that is still there stays selected."""
        self.campaigns = sorted(items.campaigns, key=campaign_order)
        self.deliverables = list(items.deliverables)
        self._campaign_by_id = {bar.id: bar for bar in self.campaigns}
        self._chip_by_id = {chip.id: chip for chip in self.deliverables}
        by_day: dict[date, list[DeliverableChip]] = {}
        for chip in self.deliverables:
            by_day.setdefault(chip.day, []).append(chip)
        for chips in by_day.values():
            chips.sort(key=chip_order)
        self._chips_by_day = by_day
        if self._selection is not None and self._item(*self._selection) is None:
            self._set_selection(None)
        self._relayout()

    def set_today(self, day: date) -> None:
        self.today = day
        self.update()

    def set_selected_day(self, day: date) -> None:
        self.selected_day = day
        self.update()

    @property
    def selection(self) -> tuple[str, int] | None:
        return self._selection

    def select(self, kind: str, item_id: int) -> bool:
        """Select a campaign or a deliverable shown here; False if it is not shown."""
        if self._item(kind, item_id) is None:
            return False
        self._set_selection((kind, item_id))
        self._reveal(kind, item_id)
        return True

    def campaign(self, campaign_id: int) -> CampaignBar | None:
        return self._campaign_by_id.get(campaign_id)

    def deliverable(self, deliverable_id: int) -> DeliverableChip | None:
        return self._chip_by_id.get(deliverable_id)

    def _item(self, kind: str, item_id: int) -> CampaignBar | DeliverableChip | None:
        if kind == "campaign":
            return self._campaign_by_id.get(item_id)
        if kind == "deliverable":
            return self._chip_by_id.get(item_id)
        return None

    def items_on(self, day: date) -> list[tuple[str, int, str]]:
        """(kind, id, label) of everything on ``day``: campaigns running, then deliverables."""
        found = [("campaign", bar.id, bar.name) for bar in self.campaigns
                 if bar.start <= day <= bar.end]
        found += [("deliverable", chip.id, chip.title) for chip in self._chips_by_day.get(day, [])]
        return found

    # --- geometry, for the views to fill in and for tests --------------------------------
    def date_at(self, point: QPoint | QPointF) -> date | None:
        raise NotImplementedError

    def day_rect(self, day: date) -> QRect | None:
        raise NotImplementedError

    def _layout(self) -> None:
        raise NotImplementedError

    def _paint(self, painter: QPainter, area: QRect) -> None:
        raise NotImplementedError

    def _preview_boxes(self, box: BarBox, start: date, end: date) -> list[BarBox]:
        """Where the dragged campaign would be drawn from ``start`` to ``end``."""
        raise NotImplementedError

    def _chip_preview_rect(self, box: ChipBox, day: date) -> QRectF | None:
        raise NotImplementedError

    def bar_rects(self, campaign_id: int) -> list[QRect]:
        """The rectangles the campaign's bar is painted in (one per week row it crosses)."""
        return [box.rect.toRect() for box in self._bars if box.bar.id == campaign_id]

    def bar_boxes(self, campaign_id: int) -> list[BarBox]:
        return [box for box in self._bars if box.bar.id == campaign_id]

    def chip_rect(self, deliverable_id: int) -> QRect | None:
        box = next((b for b in self._chips if b.chip.id == deliverable_id), None)
        return None if box is None else box.rect.toRect()

    def more_boxes(self) -> list[MoreBox]:
        return list(self._more)

    def metrics(self) -> QFontMetrics:
        return QFontMetrics(self.font())

    def _relayout(self) -> None:
        self._layout()
        self.update()

    # --- hit tests and tooltips ----------------------------------------------------------
    def hit_at(self, point: QPoint | QPointF) -> Hit | None:
        p = QPointF(point)
        for more in self._more:
            if more.rect.contains(p):
                return Hit("more", 0, box=more)
        for chip in reversed(self._chips):
            if chip.rect.contains(p):
                return Hit("deliverable", chip.chip.id, box=chip)
        for bar in reversed(self._bars):
            if bar.rect.contains(p):
                return Hit("campaign", bar.bar.id, self._zone(bar, p), bar)
        return None

    @staticmethod
    def _zone(box: BarBox, p: QPointF) -> str:
        # A short bar keeps a middle to grab: the handles take a third each at most.
        edge = min(EDGE, box.rect.width() / 3)
        if box.ends and p.x() >= box.rect.right() - edge:
            return "end"
        if box.starts and p.x() <= box.rect.left() + edge:
            return "start"
        return "body"

    def tooltip_at(self, point: QPoint | QPointF) -> str:
        hit = self.hit_at(point)
        if hit is None:
            return ""
        if hit.kind == "campaign":
            return campaign_tooltip(self._campaign_by_id[hit.id])
        if hit.kind == "deliverable":
            return deliverable_tooltip(self._chip_by_id[hit.id])
        assert isinstance(hit.box, MoreBox)
        return self._more_tooltip(hit.box.day)

    def _more_tooltip(self, day: date) -> str:
        items = self.items_on(day)
        lines = [short_day(day, True)] + [f"• {label}" for _kind, _id, label in items[:20]]
        if len(items) > 20:
            lines.append(tr("… and {count} more").format(count=len(items) - 20))
        return "\n".join(lines)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), rich_tooltip(text), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    # --- "+N more" -----------------------------------------------------------------------
    def more_menu(self, day: date) -> QMenu:
        """Everything on ``day``; choosing an entry selects and opens it."""
        menu = QMenu(self)
        menu.setToolTipsVisible(True)
        for kind, item_id, label in self.items_on(day):
            if kind == "campaign":
                bar = self._campaign_by_id[item_id]
                text = f"{label}  ({channel_label(bar.channel)})"
            else:
                text = f"{'✓ ' if self._chip_by_id[item_id].done else ''}{label}"
            action = QAction(text.replace("&", "&&"), menu)  # & would be read as a shortcut
            action.triggered.connect(lambda _=False, k=kind, i=item_id: self._open_item(k, i))
            menu.addAction(action)
        return menu

    def _open_more(self, box: MoreBox) -> None:
        if self._menu is not None:
            self._menu.deleteLater()
        self._menu = self.more_menu(box.day)
        self._menu.popup(self.mapToGlobal(box.rect.bottomLeft().toPoint()))

    def _open_item(self, kind: str, item_id: int) -> None:
        self._set_selection((kind, item_id))
        if kind == "campaign":
            self.campaign_activated.emit(item_id)
        else:
            self.deliverable_activated.emit(item_id)

    # --- selection ---------------------------------------------------------------------
    def _set_selection(self, selection: tuple[str, int] | None) -> None:
        if selection == self._selection:
            return
        self._selection = selection
        self.update()
        self.selection_changed.emit(*(selection or ("", 0)))

    def _is_selected(self, kind: str, item_id: int) -> bool:
        return self._selection == (kind, item_id)

    def _cycle_item(self, step: int) -> None:
        items = [(kind, item_id) for kind, item_id, _label in self.items_on(self.selected_day)]
        if self._selection in items:
            index = (items.index(self._selection) + step) % len(items)  # type: ignore[arg-type]
        else:
            index = 0 if step > 0 else len(items) - 1
        self._set_selection(items[index])
        self._reveal(*items[index])

    def _reveal(self, kind: str, item_id: int) -> None:
        """Scroll so the item shows (only the quarter view scrolls)."""

    # --- painting ------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._layout()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._relayout()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint(painter, event.rect())
        painter.end()  # a subclass may paint over it (the drag preview) with its own painter
