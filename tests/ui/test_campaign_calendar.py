"""The marketing calendar, driven with the mouse and the keyboard as a user would."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, SignalInstance
from PySide6.QtGui import QColor, QWheelEvent
from PySide6.QtWidgets import QApplication

from smeplanner.core.marketing_calendar import CalendarItems, CampaignBar, DeliverableChip
from smeplanner.core.vocabulary import CHANNELS
from smeplanner.ui.widgets.calendar.interaction import CalendarView
from smeplanner.ui.widgets.campaign_calendar import MarketingCalendar

TODAY = date(2026, 11, 18)  # a Wednesday; November 2026 starts on a Sunday
LEFT = Qt.MouseButton.LeftButton


def bar(campaign_id: int, start: date, end: date, *, name: str | None = None,
        channel: str = "email", status: str = "active",
        offer: tuple[date, date] | None = None, conflict: bool = False) -> CampaignBar:
    return CampaignBar(campaign_id, name or f"Campaign {campaign_id}", channel, status, start,
                       end, offer[0] if offer else None, offer[1] if offer else None,
                       Decimal("15") if offer else None, conflict)


def chip(activity_id: int, day: date, *, campaign_id: int | None = None,
         title: str | None = None, done: bool = False, channel: str = "social") -> DeliverableChip:
    return DeliverableChip(activity_id, campaign_id, title or f"Post {activity_id}", "post", day,
                           "done" if done else "scheduled", done, "me", channel)


@dataclass
class Store:
    """What the page would hand the calendar: items by range, and a log of the ranges asked."""

    campaigns: list[CampaignBar] = field(default_factory=list)
    deliverables: list[DeliverableChip] = field(default_factory=list)
    calls: list[tuple[date, date]] = field(default_factory=list)

    def load(self, first: date, last: date) -> CalendarItems:
        self.calls.append((first, last))
        return CalendarItems(first, last,
                             [c for c in self.campaigns if c.start <= last and c.end >= first],
                             [d for d in self.deliverables if first <= d.day <= last])


@pytest.fixture
def store() -> Store:
    return Store()


@pytest.fixture
def calendar(qtbot, store: Store) -> Iterator[MarketingCalendar]:
    widget = MarketingCalendar(today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1000, 640)
    widget.set_loader(store.load)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def fill(calendar: MarketingCalendar, store: Store, campaigns: list[CampaignBar] = (),
         deliverables: list[DeliverableChip] = ()) -> CalendarView:
    store.campaigns[:] = list(campaigns)
    store.deliverables[:] = list(deliverables)
    calendar.reload()
    return calendar.current_view


def cell_center(view: CalendarView, day: date) -> QPoint:
    rect = view.day_rect(day)
    assert rect is not None, day
    return rect.center()


def drag(qtbot, view: CalendarView, start: QPoint, end: QPoint, *, release: bool = True) -> None:
    """Press, move in steps, release: what the hand does."""
    qtbot.mousePress(view, LEFT, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(view, start + (end - start) * step / 5)
    if release:
        qtbot.mouseRelease(view, LEFT, pos=end)


def recorder(signal: SignalInstance) -> list[tuple]:
    seen: list[tuple] = []
    signal.connect(lambda *args: seen.append(args))
    return seen


# --- periods, titles, navigation ---------------------------------------------------------
def test_each_mode_has_its_title_and_range_and_the_loader_is_asked_for_it(calendar, store,
                                                                           qtbot):
    assert calendar.mode == "month" and calendar.title == "November 2026"
    assert calendar.visible_range == (date(2026, 10, 26), date(2026, 12, 6))
    assert store.calls[-1] == calendar.visible_range
    qtbot.mouseClick(calendar.mode_buttons["week"], LEFT)
    assert calendar.mode == "week" and calendar.title == "Week 47 · 16–22 Nov 2026"
    assert calendar.visible_range == store.calls[-1] == (date(2026, 11, 16), date(2026, 11, 22))
    qtbot.mouseClick(calendar.mode_buttons["quarter"], LEFT)
    assert calendar.mode == "quarter" and calendar.title == "Q4 2026"
    assert calendar.visible_range == store.calls[-1] == (date(2026, 10, 1), date(2026, 12, 31))
    assert calendar.current_view is calendar.quarter_view
    assert calendar.stack.currentWidget() is calendar.quarter_view


@pytest.mark.parametrize(("day", "title"), [
    (date(2026, 11, 30), "Week 49 · 30 Nov – 6 Dec 2026"),
    (date(2026, 12, 31), "Week 53 · 28 Dec 2026 – 3 Jan 2027"),
])
def test_a_week_across_months_or_years_names_both(calendar, day, title):
    calendar.set_mode("week")
    calendar.show_date(day)
    assert calendar.title == title


def test_weeks_can_start_on_sunday(calendar, store):
    calendar.set_week_start(6)
    assert calendar.visible_range == (date(2026, 11, 1), date(2026, 12, 12))
    view = calendar.month_view
    assert view.date_at(cell_center(view, date(2026, 11, 1))) == date(2026, 11, 1)
    assert view.date_at(QPoint(5, view.day_rect(date(2026, 11, 1)).top() + 5)) == date(2026, 11, 1)
    calendar.set_mode("week")
    assert calendar.visible_range == store.calls[-1] == (date(2026, 11, 15), date(2026, 11, 21))
    with pytest.raises(ValueError):
        calendar.set_week_start(7)


def test_buttons_and_keys_step_through_periods(calendar, store, qtbot):
    qtbot.mouseClick(calendar.next_button, LEFT)
    assert calendar.title == "December 2026"
    assert store.calls[-1] == (date(2026, 11, 30), date(2027, 1, 10))
    qtbot.mouseClick(calendar.prev_button, LEFT)
    qtbot.mouseClick(calendar.prev_button, LEFT)
    assert calendar.title == "October 2026"
    qtbot.mouseClick(calendar.today_button, LEFT)
    assert calendar.title == "November 2026" and calendar.selected_day == TODAY
    view = calendar.current_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert calendar.title == "January 2027" and store.calls[-1] == calendar.visible_range
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert calendar.title == "December 2026"
    qtbot.keyClick(view, Qt.Key.Key_T)
    assert calendar.title == "November 2026" and calendar.selected_day == TODAY
    qtbot.keyClick(view, Qt.Key.Key_Q)  # M, W and Q choose the view
    assert calendar.mode == "quarter" and calendar.mode_buttons["quarter"].isChecked()
    qtbot.keyClick(calendar.current_view, Qt.Key.Key_PageDown)
    assert calendar.title == "Q1 2027"
    assert store.calls[-1] == (date(2027, 1, 1), date(2027, 3, 31))


def test_arrows_walk_the_days_and_out_of_the_period(calendar, store, qtbot):
    view = calendar.current_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert calendar.selected_day == date(2026, 11, 26)
    calendar.set_mode("week")  # the selected day's week
    assert calendar.visible_range == (date(2026, 11, 23), date(2026, 11, 29))
    for _ in range(4):
        qtbot.keyClick(calendar.current_view, Qt.Key.Key_Right)
    assert calendar.selected_day == date(2026, 11, 30)
    assert calendar.title == "Week 49 · 30 Nov – 6 Dec 2026"
    assert store.calls[-1] == (date(2026, 11, 30), date(2026, 12, 6))


# --- the month grid ------------------------------------------------------------------------
def test_a_bar_spans_its_days_across_week_rows(calendar, store):
    view = fill(calendar, store, [bar(1, date(2026, 11, 3), date(2026, 11, 10))])
    first, second = sorted(view.bar_rects(1), key=lambda r: r.top())
    tuesday, sunday = view.day_rect(date(2026, 11, 3)), view.day_rect(date(2026, 11, 8))
    monday, next_tuesday = view.day_rect(date(2026, 11, 9)), view.day_rect(date(2026, 11, 10))
    assert tuesday.left() < first.left() <= tuesday.left() + 4
    assert first.right() >= sunday.right() - 1
    assert tuesday.top() < first.top() < first.bottom() < tuesday.bottom()
    assert second.left() <= monday.left() + 1
    assert next_tuesday.right() - 4 <= second.right() < next_tuesday.right()
    assert monday.top() < second.top() < monday.bottom()
    boxes = view.bar_boxes(1)
    assert [(b.starts, b.ends) for b in sorted(boxes, key=lambda b: b.first)] == [
        (True, False), (False, True)]


def test_overlapping_campaigns_take_separate_lanes_and_the_rest_show_as_more(calendar, store):
    week = date(2026, 11, 9)
    campaigns = [bar(i, week + timedelta(days=i % 3), week + timedelta(days=3 + i % 4),
                     channel=CHANNELS[i % len(CHANNELS)]) for i in range(1, 9)]
    view = fill(calendar, store, campaigns)
    rects = [rect for c in campaigns for rect in view.bar_rects(c.id)]
    for index, rect in enumerate(rects):
        for other in rects[index + 1:]:
            assert not rect.intersects(other), (rect, other)
    shown = {c.id for c in campaigns if view.bar_rects(c.id)}
    assert len(shown) < len(campaigns)  # 640 px does not hold 8 lanes
    # Every day a hidden campaign runs on says so, and its list has them all.
    hidden = [c for c in campaigns if c.id not in shown]
    more = {box.day: box for box in view.more_boxes()}
    for campaign in hidden:
        assert campaign.start in more
        names = [a.text() for a in view.more_menu(campaign.start).actions()]
        assert any(campaign.name in name for name in names)


def test_chips_sit_on_their_day_and_too_many_open_a_list(calendar, store, qtbot):
    day = date(2026, 11, 19)
    chips = [chip(i, day, title=f"Item {i:02d}", done=i == 1) for i in range(1, 13)]
    view = fill(calendar, store, deliverables=chips)
    cell = view.day_rect(day)
    shown = [c for c in chips if view.chip_rect(c.id) is not None]
    assert 0 < len(shown) < len(chips)
    assert all(cell.contains(view.chip_rect(c.id)) for c in shown)
    assert 1 not in {c.id for c in shown}  # done ones go last, so it is among the hidden
    (more,) = view.more_boxes()
    assert more.day == day and more.hidden == len(chips) - len(shown)
    assert more.text == f"+{more.hidden} more"
    qtbot.mouseClick(view, LEFT, pos=more.rect.center().toPoint())
    menu = view._menu
    assert menu is not None and menu.isVisible()
    assert [a.text() for a in menu.actions()][-1] == "✓ Item 01"
    assert len(menu.actions()) == len(chips)
    with qtbot.waitSignal(calendar.deliverable_activated) as opened:
        next(a for a in menu.actions() if a.text() == "Item 07").trigger()
    assert opened.args == [7]
    menu.close()


def test_today_is_marked_and_days_outside_the_month_are_dimmed(calendar, store):
    view = fill(calendar, store)
    image = view.grab().toImage()
    highlight = view.palette().color(view.palette().ColorRole.Highlight)
    today = view.day_rect(TODAY)
    assert image.pixelColor(today.left() + 8, today.top() + 10) == highlight
    inside = image.pixelColor(view.day_rect(date(2026, 11, 11)).center())
    outside = image.pixelColor(view.day_rect(date(2026, 12, 2)).center())
    assert inside != outside


# --- dragging ------------------------------------------------------------------------------
def test_dragging_a_bar_by_two_days_asks_to_move_it(calendar, store, qtbot):
    view = fill(calendar, store, [bar(1, date(2026, 11, 3), date(2026, 11, 5))])
    start = view.bar_rects(1)[0].center()
    moved, resized = recorder(calendar.campaign_moved), recorder(calendar.campaign_resized)
    end = start + QPoint(2 * view.day_rect(TODAY).width(), 0)
    target = view.day_rect(date(2026, 11, 7))
    spot = QPoint(target.center().x(), target.bottom() - 4)
    before = view.grab().toImage().pixelColor(spot)
    drag(qtbot, view, start, end, release=False)
    assert view.dragging
    # The days it would land on light up while the bar is held over them.
    assert view.grab().toImage().pixelColor(spot) != before
    qtbot.mouseRelease(view, LEFT, pos=end)
    assert moved == [(1, 2)] and resized == []
    assert not view.dragging


def test_dragging_a_bar_to_the_next_week_row_moves_it_by_seven(calendar, store, qtbot):
    view = fill(calendar, store, [bar(1, date(2026, 11, 3), date(2026, 11, 5))])
    start = view.bar_rects(1)[0].center()
    moved = recorder(calendar.campaign_moved)
    drag(qtbot, view, start, start + QPoint(0, view.day_rect(TODAY).height()))
    assert moved == [(1, 7)]


def test_dragging_an_end_changes_the_dates(calendar, store, qtbot):
    view = fill(calendar, store, [bar(1, date(2026, 11, 3), date(2026, 11, 5))])
    width = view.day_rect(TODAY).width()
    rect = view.bar_rects(1)[0]
    resized, moved = recorder(calendar.campaign_resized), recorder(calendar.campaign_moved)
    right = QPoint(rect.right() - 2, rect.center().y())
    qtbot.mouseMove(view, right)
    assert view.cursor().shape() == Qt.CursorShape.SizeHorCursor
    drag(qtbot, view, right, right + QPoint(3 * width, 0))
    left = QPoint(rect.left() + 2, rect.center().y())
    drag(qtbot, view, left, left - QPoint(width, 0))
    # The start dragged past the end stops at the end: a campaign of one day.
    drag(qtbot, view, left, left + QPoint(4 * width, 0))
    assert resized == [(1, date(2026, 11, 3), date(2026, 11, 8)),
                       (1, date(2026, 11, 2), date(2026, 11, 5)),
                       (1, date(2026, 11, 5), date(2026, 11, 5))]
    assert moved == []


def test_dragging_a_chip_to_another_day_asks_to_move_it(calendar, store, qtbot):
    view = fill(calendar, store, deliverables=[chip(7, date(2026, 11, 19))])
    moved = recorder(calendar.deliverable_moved)
    start = view.chip_rect(7).center()
    drag(qtbot, view, start, cell_center(view, date(2026, 11, 24)))
    assert moved == [(7, date(2026, 11, 24))]


def test_escape_a_wiggle_or_the_same_day_move_nothing(calendar, store, qtbot):
    view = fill(calendar, store, [bar(1, date(2026, 11, 3), date(2026, 11, 5))],
                [chip(7, date(2026, 11, 19))])
    seen = (recorder(calendar.campaign_moved) + recorder(calendar.campaign_resized)
            + recorder(calendar.deliverable_moved))
    start = view.bar_rects(1)[0].center()
    far = start + QPoint(2 * view.day_rect(TODAY).width(), 0)
    drag(qtbot, view, start, far, release=False)
    assert view.dragging
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not view.dragging
    qtbot.mouseRelease(view, LEFT, pos=far)
    qtbot.mousePress(view, LEFT, pos=start)
    qtbot.mouseMove(view, start + QPoint(1, 0))
    qtbot.mouseRelease(view, LEFT, pos=start + QPoint(1, 0))
    chip_at = view.chip_rect(7).center()
    drag(qtbot, view, chip_at, chip_at + QPoint(10, 2))  # still on its own day
    assert seen == []


# --- clicks and keys on items and days -----------------------------------------------------
def test_double_clicking_an_empty_day_asks_to_create_there(calendar, store, qtbot):
    view = fill(calendar, store, [bar(1, date(2026, 11, 3), date(2026, 11, 5))])
    cell = view.day_rect(date(2026, 11, 25))
    with qtbot.waitSignal(calendar.day_double_clicked) as created:
        qtbot.mouseDClick(view, LEFT, pos=QPoint(cell.center().x(), cell.bottom() - 6))
    assert created.args == [date(2026, 11, 25)]
    # From the keyboard: Enter on a day with nothing selected.
    qtbot.keyClick(view, Qt.Key.Key_Left)
    with qtbot.waitSignal(calendar.day_double_clicked) as created:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert created.args == [date(2026, 11, 24)]


def test_clicks_select_and_double_click_or_enter_open(calendar, store, qtbot):
    view = fill(calendar, store, [bar(1, date(2026, 11, 3), date(2026, 11, 5))],
                [chip(7, date(2026, 11, 19)), chip(8, date(2026, 11, 19))])
    selections = recorder(calendar.selection_changed)
    with qtbot.waitSignal(calendar.campaign_activated) as opened:
        qtbot.mouseDClick(view, LEFT, pos=view.bar_rects(1)[0].center())
    assert opened.args == [1]
    qtbot.mouseClick(view, LEFT, pos=view.chip_rect(7).center())
    assert selections[-1] == ("deliverable", 7) and ("campaign", 1) in selections
    with qtbot.waitSignal(calendar.deliverable_activated) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == [7]
    with qtbot.waitSignal(calendar.deliverable_activated) as opened:
        qtbot.mouseDClick(view, LEFT, pos=view.chip_rect(8).center())
    assert opened.args == [8]
    # Tab walks the selected day's items; a click on empty space clears the selection.
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert selections[-1] == ("deliverable", 7)
    qtbot.keyClick(view, Qt.Key.Key_Backtab)
    assert selections[-1] == ("deliverable", 8)
    qtbot.mouseClick(view, LEFT, pos=QPoint(view.day_rect(date(2026, 11, 25)).center().x(),
                                            view.day_rect(date(2026, 11, 25)).bottom() - 4))
    assert selections[-1] == ("", 0) and view.selection is None


def test_the_selection_survives_a_reload_but_not_the_items_going(calendar, store, qtbot):
    view = fill(calendar, store, [bar(1, date(2026, 11, 3), date(2026, 11, 5))])
    qtbot.mouseClick(view, LEFT, pos=view.bar_rects(1)[0].center())
    calendar.reload()
    assert view.selection == ("campaign", 1)
    assert calendar.select("campaign", 1) and not calendar.select("deliverable", 99)
    selections = recorder(calendar.selection_changed)
    fill(calendar, store, [])
    assert view.selection is None and selections == [("", 0)]


def test_tooltips_name_the_item_and_a_conflict(calendar, store):
    view = fill(calendar, store, [
        bar(1, date(2026, 11, 3), date(2026, 11, 5), name="Black <b>Friday</b>"),
        bar(2, date(2026, 11, 10), date(2026, 11, 13), channel="paid_ads", status="planned",
            offer=(date(2026, 11, 11), date(2026, 11, 12)), conflict=True)],
        [chip(7, date(2026, 11, 19), title="Teaser post")])
    text = view.tooltip_at(view.bar_rects(1)[0].center())
    assert text.splitlines() == ["Black <b>Friday</b>", "3–5 Nov 2026 (3 days)",
                                 "Channel: Email", "Status: Active"]
    conflict = view.tooltip_at(view.bar_rects(2)[0].center())
    assert "Channel: Paid ads" in conflict and "Offer: 15 % 11–12 Nov 2026" in conflict
    assert conflict.splitlines()[-1] == "Offer overlaps another offer on the same product"
    assert view.tooltip_at(view.chip_rect(7).center()).startswith("Teaser post\nPost · 19 Nov")


def test_a_conflicting_offer_is_painted_red_and_a_plain_offer_is_not(calendar, store):
    offer = (date(2026, 11, 11), date(2026, 11, 12))
    view = fill(calendar, store, [
        bar(1, date(2026, 11, 10), date(2026, 11, 13), offer=offer, conflict=True),
        bar(2, date(2026, 11, 10), date(2026, 11, 13), offer=offer, channel="content")])
    image = view.grab().toImage()

    def reds(campaign_id: int) -> float:
        (box,) = view.bar_boxes(campaign_id)
        assert box.offer is not None
        area = box.offer.toRect().adjusted(2, 2, -2, -2)
        samples = [image.pixelColor(x, y) for x in range(area.left(), area.right(), 2)
                   for y in range(area.top(), area.bottom(), 2)]
        return sum(1 for c in samples if c.red() > 170 and c.green() < 90
                   and c.blue() < 90) / len(samples)

    assert reds(1) > 0.5
    assert reds(2) == 0


# --- the week ------------------------------------------------------------------------------
def test_the_week_lists_deliverables_under_their_day_and_they_drag(calendar, store, qtbot):
    calendar.set_mode("week")
    view = fill(calendar, store, [bar(1, date(2026, 11, 17), date(2026, 11, 19))],
                [chip(7, date(2026, 11, 18), title="A rather long title for a newsletter"),
                 chip(8, date(2026, 11, 18))])
    assert view is calendar.week_view
    column = view.day_rect(date(2026, 11, 18))
    first, second = view.chip_rect(7), view.chip_rect(8)
    assert column.contains(first) and column.contains(second)
    assert first.bottom() < second.top() or second.bottom() < first.top()
    (rect,) = view.bar_rects(1)
    assert rect.left() >= view.day_rect(date(2026, 11, 17)).left()
    assert rect.right() <= view.day_rect(date(2026, 11, 19)).right()
    assert rect.bottom() < min(first.top(), second.top())  # bars across the top
    moved = recorder(calendar.deliverable_moved)
    drag(qtbot, view, first.center(), cell_center(view, date(2026, 11, 20)))
    assert moved == [(7, date(2026, 11, 20))]
    bar_moved = recorder(calendar.campaign_moved)
    drag(qtbot, view, rect.center(), rect.center() - QPoint(column.width(), 0))
    assert bar_moved == [(1, -1)]


# --- the quarter ---------------------------------------------------------------------------
def test_a_deliverable_of_a_campaign_outside_the_quarter_is_not_called_campaignless(
        calendar, store):
    calendar.set_mode("quarter")
    view = fill(calendar, store, [bar(1, date(2026, 11, 2), date(2026, 11, 20))],
                [chip(7, date(2026, 11, 4), campaign_id=1),
                 chip(8, date(2026, 10, 6), campaign_id=99)])  # its campaign ended in Sept
    assert [row.title for row in view.rows] == ["Other deliverables", "Campaign 1"]


def test_the_quarter_has_a_row_per_campaign_by_start_and_bars_drag(calendar, store, qtbot):
    calendar.set_mode("quarter")
    view = fill(calendar, store, [bar(1, date(2026, 11, 2), date(2026, 11, 20)),
                                  bar(2, date(2026, 10, 5), date(2026, 10, 9)),
                                  bar(3, date(2026, 9, 20), date(2026, 10, 3))],
                [chip(7, date(2026, 11, 4), campaign_id=1), chip(8, date(2026, 12, 1))])
    assert [row.title for row in view.rows] == ["Without a campaign", "Campaign 3",
                                               "Campaign 2", "Campaign 1"]
    (early,), (late,) = view.bar_rects(2), view.bar_rects(1)
    assert early.bottom() < late.top()
    assert early.left() >= view.day_rect(date(2026, 10, 5)).left()
    assert early.right() <= view.day_rect(date(2026, 10, 9)).right()
    (started_before,) = view.bar_boxes(3)
    assert not started_before.starts and started_before.ends
    dot = view.chip_rect(7)
    assert late.top() <= dot.center().y() <= late.bottom() + 4
    day = view.day_rect(TODAY).width()
    moved, resized = recorder(calendar.campaign_moved), recorder(calendar.campaign_resized)
    drag(qtbot, view, late.center(), late.center() + QPoint(2 * day, 0))
    right = QPoint(late.right() - 1, late.center().y())
    drag(qtbot, view, right, right + QPoint(5 * day, 0))
    assert moved == [(1, 2)]
    assert resized == [(1, date(2026, 11, 2), date(2026, 11, 25))]
    dots = recorder(calendar.deliverable_moved)
    drag(qtbot, view, dot.center(), dot.center() + QPoint(3 * day, 0))
    assert dots == [(7, date(2026, 11, 7))]
    # The names on the left select and open, but do not drag.
    name = QPoint(40, view.row_rect(2).center().y())
    with qtbot.waitSignal(calendar.campaign_activated) as opened:
        qtbot.mouseDClick(view, LEFT, pos=name)
    assert opened.args == [2] and view.selection == ("campaign", 2)
    drag(qtbot, view, name, name + QPoint(4 * day, 0))
    assert moved == [(1, 2)]


def test_a_crowded_quarter_paints_only_rows_in_sight_and_scrolls(calendar, store, qtbot):
    calendar.set_mode("quarter")
    first = date(2026, 10, 1)
    campaigns = [bar(i, first + timedelta(days=i % 80), first + timedelta(days=i % 80 + 7),
                     channel=CHANNELS[i % len(CHANNELS)]) for i in range(1, 301)]
    view = fill(calendar, store, campaigns)
    assert len(view.rows) == 300
    in_sight = view.visible_rows()
    assert in_sight.start == 0 and len(in_sight) < 40
    assert view.scrollbar.isVisible()
    last = view.rows[-1].box.bar.id
    assert view.bar_rects(last)[0].top() > view.height()
    center = QPointF(view.rect().center())
    for _ in range(3):
        wheel = QWheelEvent(center, view.mapToGlobal(center), QPoint(0, 0), QPoint(0, -120),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                            Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(view, wheel)
    assert view.visible_rows().start > 0
    # Tab on a day walks to a campaign out of sight and scrolls to it.
    view.setFocus()
    calendar.show_date(first + timedelta(days=79))
    for _ in range(4):
        qtbot.keyClick(view, Qt.Key.Key_Tab)
    kind, campaign_id = view.selection
    rect = view.bar_rects(campaign_id)[0]
    assert kind == "campaign" and rect.top() > 0 and rect.bottom() < view.height()


# --- speed and the legend ------------------------------------------------------------------
def test_a_busy_month_repaints_in_well_under_30_ms(calendar, store, monkeypatch):
    first = date(2026, 10, 26)
    campaigns = [bar(i, first + timedelta(days=i % 40), first + timedelta(days=i % 40 + i % 12),
                     channel=CHANNELS[i % len(CHANNELS)], offer=(
                         first + timedelta(days=i % 40), first + timedelta(days=i % 40 + 1))
                     if i % 5 == 0 else None, conflict=i % 10 == 0) for i in range(1, 61)]
    chips = [chip(i, first + timedelta(days=i % 42), title=f"Deliverable number {i}",
                  done=i % 3 == 0, channel=CHANNELS[i % len(CHANNELS)]) for i in range(1, 1001)]
    view = fill(calendar, store, campaigns, chips)
    layouts = []
    monkeypatch.setattr(view, "_layout", lambda: layouts.append(1))
    timings = []
    for _ in range(7):
        started = time.perf_counter()
        view.repaint()
        timings.append((time.perf_counter() - started) * 1000)
    assert layouts == []  # painting reuses the layout made when the items came
    assert statistics.median(timings) < 30


def test_the_legend_shows_every_channel_in_its_colour(calendar):
    keys = [key for key, _label in calendar.legend.entries]
    assert keys[:len(CHANNELS)] == list(CHANNELS)
    assert {"offer", "conflict"} <= set(keys)
    image = calendar.legend.grab().toImage()
    found = {image.pixelColor(x, y).name() for x in range(image.width())
             for y in range(image.height())}
    assert QColor("#4e79a7").name() in found and QColor("#d62728").name() in found
