"""The Reports page end to end on a demo workspace: open it, change the period, click a
funnel bar and open a contact from the list, export a chart (PNG, SVG, CSV) and the whole
page to PDF (one page per chart group)."""

from __future__ import annotations

import csv
import re

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from smeplanner.core import demo
from smeplanner.core.reports import build_report, preset_period
from smeplanner.core.timeutil import today
from smeplanner.ui.main_window import MainWindow
from smeplanner.ui.pages.reports import ReportsPage


@pytest.fixture
def window(make_window, workspace) -> MainWindow:
    demo.build_demo(workspace.database, scale=0.3, seed=11, today=today())
    return make_window(workspace)


@pytest.fixture
def page(qtbot, window) -> ReportsPage:
    page = window.show_page("reports")
    qtbot.waitUntil(lambda: page.report is not None, timeout=20_000)
    return page


def bar_with_gid(card, gid: str):
    """The first bar (patch) of the card's axes carrying ``gid``."""
    for axes in card.axes:
        for patch in axes.patches:
            if patch.get_gid() == gid:
                return patch
    raise AssertionError(f"no bar {gid!r} in {card.spec.key}")


def click_artist(qtbot, card, artist) -> None:
    """A left click on the middle of ``artist``, as Qt delivers it to the canvas."""
    card.draw_now()
    box = artist.get_window_extent()
    ratio = card.canvas.device_pixel_ratio
    height = card.figure.bbox.height
    point = QPoint(int((box.x0 + box.x1) / 2 / ratio), int((height - (box.y0 + box.y1) / 2)
                                                          / ratio))
    QTest.mouseClick(card.canvas, Qt.MouseButton.LeftButton, pos=point)


def test_open_reports_change_period_drill_and_export(qtbot, window, page, tmp_path):
    # Every chart of the last 12 months is there and drawn from core's figures.
    assert page.period_combo.currentData() == "last_12_months"
    assert len(page.cards) == 11
    expected = build_report(preset_period("last_12_months"))
    funnel_card = page.cards["funnel"]
    lead_bar = bar_with_gid(funnel_card, "lead")
    lead = next(stage for stage in expected.funnel if stage.stage == "lead")
    assert lead.contacts > 0
    assert lead_bar.get_width() == lead.contacts  # horizontal bars: length = contacts

    # Change the period: the figures are computed again for this month.
    page.period_combo.setCurrentIndex(page.period_combo.findData("month"))
    qtbot.waitUntil(lambda: page.period is not None and page.period.preset == "month"
                    and not page.computing, timeout=20_000)
    month = build_report(preset_period("month"))
    assert page.report == month
    assert page.status_label.text() == preset_period("month").label

    # Back to the year, and click the Lead bar of the funnel: the contacts are listed.
    page.period_combo.setCurrentIndex(page.period_combo.findData("year"))
    qtbot.waitUntil(lambda: page.period.preset == "year" and not page.computing,
                    timeout=20_000)
    year_lead = next(s for s in page.report.funnel if s.stage == "lead")
    click_artist(qtbot, funnel_card, bar_with_gid(funnel_card, "lead"))
    qtbot.waitUntil(lambda: page.records_dialog is not None
                    and page.records_dialog.isVisible())
    listed = page.records_dialog.records()
    assert len(listed) == min(year_lead.contacts, 500)
    assert {kind for kind, _id in listed} == {"contact"}

    # Double-click the first contact: the Contacts page shows it.
    dialog = page.records_dialog
    first = dialog.list.topLevelItem(0)
    rect = dialog.list.visualItemRect(first)
    # A real double-click starts with a press, which the item view needs to see first.
    QTest.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.current_page_key() == "contacts")
    assert window.current_record() == ("contact", listed[0][1])

    # Export the funnel as a picture, a drawing and its data.
    window.show_page("reports")
    png, svg, data = tmp_path / "funnel.png", tmp_path / "funnel.svg", tmp_path / "funnel.csv"
    assert page.export_chart("funnel", "png", png)
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert page.export_chart("funnel", "svg", svg)
    assert "<svg" in svg.read_text(encoding="utf-8")
    assert page.export_chart("funnel", "csv", data)
    with data.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:2] == ["Stage", "Contacts"]
    assert [int(row[1]) for row in rows[1:]] == [s.contacts for s in page.report.funnel]

    # The whole page as one PDF: a page per chart group.
    pdf = tmp_path / "report.pdf"
    page.export_pdf(pdf)
    qtbot.waitUntil(lambda: page.status_label.text() == "Saved report.pdf", timeout=30_000)
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", content)) == 4


def test_a_custom_period_ending_before_it_starts_is_named_and_not_computed(qtbot, page):
    shown = page.report
    first = page.report.period_first
    page.set_custom_period(first, first.replace(day=1).replace(year=first.year - 1))
    qtbot.waitUntil(lambda: page.status_label.text().startswith("To"), timeout=5_000)
    assert "before the start" in page.status_label.text()
    assert page.report is shown
