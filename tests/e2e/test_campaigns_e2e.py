"""The Campaigns page end to end on a demo workspace: create a campaign by double-clicking a
day, give it two expenses and a weekly deliverable, drag it to next week (its open
deliverables follow), bring a lead who buys, and watch leads, revenue and ROI follow."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtWidgets import QDialogButtonBox

from smeplanner.core import deliverables, demo, pipeline
from smeplanner.core.campaigns import campaigns
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals
from smeplanner.core.timeutil import today
from smeplanner.ui.dialogs.campaign_editor import CampaignEditor
from smeplanner.ui.dialogs.deliverable_editor import RecurringDialog
from smeplanner.ui.main_window import MainWindow
from smeplanner.ui.pages.campaigns import CampaignsPage
from tests.e2e.helpers import when_modal


@pytest.fixture
def window(make_window, workspace) -> MainWindow:
    demo.build_demo(workspace.database, scale=0.2, seed=3, today=date.today())
    return make_window(workspace)


@pytest.fixture
def page(window) -> CampaignsPage:
    page = window.show_page("campaigns")
    page.show_calendar()
    page.calendar.set_mode("month")
    page.calendar.go_to_today()
    return page


def empty_spot(month, day: date) -> QPoint:
    """A point of the day's cell with no bar, chip or "+N more" under it."""
    cell = month.day_rect(day)
    for y in range(cell.bottom() - 3, cell.top() + 2, -3):
        for x in (cell.right() - 4, cell.center().x(), cell.left() + 4):
            point = QPoint(x, y)
            if not month.tooltip_at(point) and not any(
                    box.rect.contains(QPointF(point)) for box in month.more_boxes()):
                return point
    raise AssertionError(f"no empty spot on {day}")


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_plan_a_campaign_on_the_calendar_and_see_its_return(qtbot, window, page):
    month = page.calendar.month_view
    # Planning ahead, in a month the demo has not filled yet: double-click a Monday in the
    # middle of it to start a campaign.
    page.calendar.show_date(date.today() + timedelta(days=400))
    first_shown = page.calendar.visible_range[0]
    monday = first_shown + timedelta(days=14 - first_shown.weekday())

    def fill(editor: CampaignEditor) -> None:
        editor.name_edit.setFocus()
        qtbot.keyClicks(editor.name_edit, "Harbour festival")
        editor.budget_edit.setFocus()
        editor.budget_edit.selectAll()
        qtbot.keyClicks(editor.budget_edit, "1000")
        for amount, vendor in (("300", "Stand"), ("200", "Flyers")):
            click(qtbot, editor.expenses_table.add_button)
            row = editor.expenses_table.table.rowCount() - 1
            qtbot.keyClicks(editor.expenses_table.cell_widget(row, "amount"), amount)
            vendor_edit = editor.expenses_table.cell_widget(row, "vendor")
            vendor_edit.setFocus()
            qtbot.keyClicks(vendor_edit, vendor)
        click(qtbot, editor.buttons.button(QDialogButtonBox.StandardButton.Save))

    clicked: list[date] = []
    page.calendar.day_double_clicked.connect(clicked.append)
    waiting = when_modal(CampaignEditor, fill)
    qtbot.mouseDClick(month, Qt.MouseButton.LeftButton, pos=empty_spot(month, monday))
    qtbot.waitUntil(lambda: any(c.name == "Harbour festival" for c in campaigns.list()))
    waiting.stop()
    festival = next(c for c in campaigns.list() if c.name == "Harbour festival")
    assert clicked == [monday], (first_shown, month.day_rect(monday), month.date_at(
        month.day_rect(monday).center()))
    assert festival.start_date == monday
    assert [e.amount for e in campaigns.expenses(festival.id)] == [Decimal("300.00"),
                                                                   Decimal("200.00")]
    qtbot.waitUntil(lambda: page.panel.campaign_id == festival.id)
    assert page.panel.values["spend"].text() == "€500.00"

    # A weekly deliverable over the campaign's two weeks, from the panel.
    def weekly(dialog: RecurringDialog) -> None:
        qtbot.keyClicks(dialog.title_edit, "Festival post")
        dialog.start_edit.setDate(QDate(monday.year, monday.month, monday.day))
        dialog.every_spin.setValue(1)
        end = festival.end_date
        dialog.until_edit.setDate(QDate(end.year, end.month, end.day))
        click(qtbot, dialog.save_button)

    waiting = when_modal(RecurringDialog, weekly)
    click(qtbot, page.panel.deliverables.recurring_button)
    qtbot.waitUntil(lambda: len(deliverables.for_campaign(festival.id)) == 2)
    waiting.stop()
    posts = deliverables.for_campaign(festival.id)
    assert [p.day for p in posts] == [monday, monday + timedelta(days=7)]
    deliverables.set_stage(posts[0].id, "done")  # the first one went out already
    page.reload()

    # Drag the bar one week down the grid: the campaign moves by 7 days, the open post too.
    [segment, *_rest] = month.bar_rects(festival.id)
    start = QPoint(segment.left() + min(40, segment.width() // 2), segment.center().y())
    end = start + QPoint(0, month.day_rect(monday + timedelta(days=7)).top()
                         - month.day_rect(monday).top())
    qtbot.mousePress(month, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(month, start + (end - start) * step / 5)
    qtbot.mouseRelease(month, Qt.MouseButton.LeftButton, pos=end)
    moved = campaigns.get(festival.id)
    assert (moved.start_date, moved.end_date) == (festival.start_date + timedelta(days=7),
                                                  festival.end_date + timedelta(days=7))
    assert [p.day for p in deliverables.for_campaign(festival.id)] == [
        monday, monday + timedelta(days=14)]  # the done one stays where it happened
    assert "open deliverables" in page.status_label.text()
    window.undo_action.trigger()
    assert campaigns.get(festival.id).start_date == monday
    assert [p.day for p in deliverables.for_campaign(festival.id)] == [
        monday, monday + timedelta(days=7)]

    # A lead from the festival buys: leads, revenue and ROI follow on the panel.
    assert page.panel.values["leads"].text() == "0"
    lena = contacts.create(first_name="Lena", last_name="Hafen", source_campaign=festival.id)
    won = {s.kind: s.id for s in pipeline.list_stages()}["won"]
    deals.create(title="Festival espresso bar", contact=lena.id, amount="2000", stage=won,
                 closed_on=today())
    window._session.notify_records_changed("deal")
    assert page.panel.values["leads"].text() == "1"
    assert page.panel.values["won_revenue"].text() == "€2,000.00"
    # (2,000 − 500) / 500 = 300 %.
    assert page.panel.values["roi"].text() == "300%"


def test_delete_a_campaign_and_undo(qtbot, window, page, monkeypatch):
    from smeplanner.ui.dialogs import messages

    monkeypatch.setattr(messages, "confirm", lambda *args: True)
    shown = page.calendar.items.campaigns
    assert shown, "the demo has no campaign in this month"
    target = shown[0]
    page.show_record(target.id)
    click(qtbot, page.panel.delete_button)
    assert all(c.id != target.id for c in campaigns.list())
    assert page.panel.campaign_id is None
    window.undo_action.trigger()
    assert campaigns.get(target.id).name == target.name
