"""The Reports page as a widget: figures computed off the GUI thread, a stale period's
result dropped, a refresh after edits, the records list, exports that fail, palettes and
the empty workspace."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from matplotlib.colors import to_hex
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

from smeplanner.core import demo, pipeline
from smeplanner.core.deals import deals
from smeplanner.core.reports import preset_period
from smeplanner.core.timeutil import today
from smeplanner.ui.dialogs import messages
from smeplanner.ui.pages.reports import ReportsPage
from smeplanner.ui.session import Session

NO_DATA = "No data in this period"


@pytest.fixture
def session(qtbot, workspace) -> Iterator[Session]:
    """The session, closing the pages made on it before it goes (as the window does: a page
    outliving its session crashes Qt)."""
    session = Session(workspace)
    session.test_pages = []
    yield session
    for page in session.test_pages:
        page.close()
        page.deleteLater()
    qtbot.wait(10)


def new_page(qtbot, session) -> ReportsPage:
    page = ReportsPage(session)
    session.test_pages.append(page)
    return page


def make_page(qtbot, session) -> ReportsPage:
    page = new_page(qtbot, session)
    page.resize(1200, 800)
    page.show()
    qtbot.waitUntil(lambda: page.report is not None, timeout=20_000)
    return page


@pytest.fixture
def demo_page(qtbot, workspace, session) -> ReportsPage:
    demo.build_demo(workspace.database, scale=0.1, seed=3, today=today())
    return make_page(qtbot, session)


def texts(card) -> list[str]:
    return [text.get_text() for axes in card.axes for text in axes.texts]


def test_the_figures_are_computed_off_the_gui_thread(qtbot, demo_page):
    shown = []
    demo_page.report_shown.connect(lambda: shown.append(demo_page.period.preset))
    demo_page.set_preset("year")
    # set_preset returned before the figures: the window kept answering meanwhile.
    assert demo_page.computing and shown == []
    assert demo_page.status_label.text().startswith("Computing")
    qtbot.waitUntil(lambda: shown == ["year"], timeout=20_000)
    assert demo_page.report.period_first == preset_period("year").first


def test_only_the_last_chosen_period_is_shown(qtbot, demo_page):
    shown = []
    demo_page.report_shown.connect(lambda: shown.append(demo_page.period.preset))
    demo_page.set_preset("month")
    demo_page.set_preset("quarter")
    qtbot.waitUntil(lambda: not demo_page.computing, timeout=20_000)
    qtbot.wait(200)  # the month's result, if late, must not replace the quarter's
    assert shown == ["quarter"]
    assert demo_page.period.preset == "quarter"


def test_the_period_choice_is_remembered(qtbot, session, demo_page):
    demo_page.set_preset("quarter")
    again = new_page(qtbot, session)
    assert again.period_combo.currentData() == "quarter"


def test_a_won_deal_shows_in_the_revenue_trend_after_the_edit(qtbot, session, demo_page):
    this_month = demo_page.report.revenue[-1]
    won_stage = next(stage for stage in pipeline.list_stages() if stage.kind == "won")
    deal = deals.create(title="Big order", amount=Decimal("12345.00"), stage=won_stage.id,
                        closed_on=today())
    assert deal.status == "won"
    session.records_changed.emit("deal")
    qtbot.waitUntil(lambda: demo_page.report.revenue[-1].won
                    == this_month.won + Decimal("12345.00"), timeout=20_000)


def test_records_listed_for_a_bar_open_on_their_page(qtbot, demo_page):
    opened = []
    demo_page.open_record_requested.connect(lambda kind, record_id: opened.append(
        (kind, record_id)))
    stage = demo_page.report.pipeline[0]
    demo_page.show_records("pipeline", str(stage.stage_id))
    qtbot.waitUntil(lambda: demo_page.records_dialog is not None)
    dialog = demo_page.records_dialog
    assert dialog.isVisible()
    assert len(dialog.records()) == stage.count
    assert stage.name in dialog.windowTitle()
    if stage.count:
        dialog.list.setFocus()
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
        assert opened == [dialog.records()[0]]
        assert not dialog.isVisible()


def test_names_in_the_records_list_are_plain_text(qtbot, workspace, session):
    won_stage = next(stage for stage in pipeline.list_stages() if stage.kind == "won")
    deals.create(title="<b>Bold</b> & co", amount=Decimal("10"), stage=won_stage.id,
                 closed_on=today())
    page = make_page(qtbot, session)
    page.show_records("revenue", today().isoformat()[:7])
    qtbot.waitUntil(lambda: page.records_dialog is not None)
    item = page.records_dialog.list.topLevelItem(0)
    assert item.text(0) == "<b>Bold</b> & co"
    assert page.records_dialog.heading.textFormat() == Qt.TextFormat.PlainText


def test_an_export_that_cannot_be_written_is_reported(qtbot, demo_page, tmp_path,
                                                      monkeypatch):
    shown = []
    monkeypatch.setattr(messages, "show_error",
                        lambda parent, title, text, details="": shown.append(text))
    target = tmp_path / "missing-folder" / "funnel.png"
    assert not demo_page.export_chart("funnel", "png", target)
    assert not target.exists()
    assert shown == ["The file could not be written."]


def test_charts_follow_a_dark_palette(qtbot, workspace, session):
    demo.build_demo(workspace.database, scale=0.1, seed=3, today=today())
    page = new_page(qtbot, session)
    palette = page.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    page.setPalette(palette)
    page.resize(1200, 800)
    page.show()
    qtbot.waitUntil(lambda: page.report is not None, timeout=20_000)
    card = page.cards["funnel"]
    assert card.figure.get_facecolor()[:3] == pytest.approx(
        tuple(c / 255 for c in (0x20, 0x21, 0x24)), abs=0.01)
    label = card.axes[0].xaxis.label
    assert label.get_text()
    assert to_hex(label.get_color()) == "#e8eaed"


def test_an_empty_workspace_says_no_data_on_every_chart(qtbot, workspace, session):
    page = make_page(qtbot, session)
    without_message = [key for key, card in page.cards.items()
                       if not any(NO_DATA in text for text in texts(card))]
    # The pipeline lists its (empty) stages; every other chart has nothing to show.
    assert without_message in ([], ["pipeline"])


def test_records_that_cannot_be_listed_are_reported(qtbot, demo_page, monkeypatch):
    shown = []
    monkeypatch.setattr(messages, "show_error",
                        lambda parent, title, text, details="": shown.append((text, details)))
    demo_page.show_records("pipeline", "not-a-stage")
    qtbot.waitUntil(lambda: bool(shown))
    assert shown[0][0] == "The records could not be listed."
    assert "not-a-stage" in shown[0][1]
    assert demo_page.records_dialog is None
    assert demo_page.status_label.text() == demo_page.period.label
