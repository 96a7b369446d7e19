"""End to end on a demo business: every page shows the database's rows; search opens records."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt

from smeplanner.core import demo, listing, search, week
from smeplanner.ui.main_window import MainWindow
from smeplanner.ui.models.paged_table_model import PagedTableModel
from smeplanner.ui.widgets.table_page import TablePage

TABLE_PAGES: dict[str, str] = {}
DEMO_TODAY = date(2026, 3, 16)


@pytest.fixture
def demo_workspace(workspace):
    demo.build_demo(workspace.database, scale=0.1, seed=7, today=DEMO_TODAY)
    return workspace


@pytest.fixture
def window(make_window, demo_workspace) -> MainWindow:
    return make_window(demo_workspace)


def _first_ids(listing_key: str, count: int = 5) -> list[int]:
    return [record_id for record_id, _values in
            listing.fetch_page(listing.Query(listing_key), 0, count)]


def _shown_ids(table: TablePage, count: int = 5) -> list[int]:
    return [table.model.index(row, 0).data(PagedTableModel.ObjectRole)
            for row in range(min(count, table.model.rowCount()))]


def _check_table(table: TablePage, listing_key: str) -> None:
    total = listing.count(listing.Query(listing_key))
    assert total > 0, f"the demo has no {listing_key}"
    assert table.model.total_count() == total
    assert table.view.model() is table.model
    assert _shown_ids(table) == _first_ids(listing_key)
    # The view paints the rows: the first cell has text and a visible rectangle.
    first = table.model.index(0, 0)
    assert first.data()
    assert table.view.visualRect(first).isValid()


def _open_through_search(qtbot, window: MainWindow, kind: str, record_id: int,
                         title: str) -> None:
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search_box, _typeable(title))
    popup = window.search_box.popup
    qtbot.waitUntil(popup.isVisible)
    for _ in popup.hit_rows():
        if popup.current_hit() == (kind, record_id):
            break
        qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    assert popup.current_hit() == (kind, record_id)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)


def test_every_page_shows_rows_from_the_database(qtbot, window):
    for number, key in enumerate(window.page_keys, 1):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{number}"),
                       Qt.KeyboardModifier.ControlModifier)
        assert window.current_page_key() == key
        page = window.stack.currentWidget()
        if key in TABLE_PAGES:
            _check_table(page, TABLE_PAGES[key])
        elif key == "week":
            qtbot.waitUntil(lambda p=page: p.plan is not None)
            page.show_week(DEMO_TODAY)  # the demo's busy week
            expected = week.load_week(page.first)
            shown = [item.key for column in page.grid.columns for item in column.items]
            assert shown == [item.key for item in expected.overdue + expected.items()]
            assert expected.items(), "the demo's current week is empty"
        elif key == "deals":
            open_deals = listing.count(listing.Query("deals", filters=(("status", "open"),)))
            assert sum(view.model.rowCount() for view in page.board.columns
                       if view.stage.kind == "open") == open_deals
            page.show_list()
            _check_table(page.table, "deals")
        elif key == "campaigns":
            shown = page.calendar.items
            first, last = page.calendar.visible_range
            assert all(bar.start <= last and bar.end >= first for bar in shown.campaigns)
            page.show_list()
            _check_table(page.table, "campaigns")
        elif key == "contacts":
            _check_table(page.contacts.table, "contacts")
            page.tabs.setCurrentWidget(page.companies)
            _check_table(page.companies, "companies")
        elif key == "reports":
            qtbot.waitUntil(lambda p=page: p.report is not None, timeout=20_000)
            pipeline = [bar.get_height() for bar in page.cards["pipeline"].axes[0].patches
                        if bar.get_gid()][:len(page.report.pipeline)]
            assert pipeline == [float(stage.amount) for stage in page.report.pipeline]
            assert sum(stage.count for stage in page.report.pipeline) == listing.count(
                listing.Query("deals", filters=(("status", "open"),)))
        elif key == "settings":
            assert page.stage_editor.model.rowCount() >= 2


def test_scrolling_to_the_end_fetches_the_remaining_pages(qtbot, monkeypatch, make_window,
                                                          demo_workspace):
    monkeypatch.setattr(PagedTableModel, "PAGE_SIZE", 20)  # the small demo has 50 contacts
    window = make_window(demo_workspace)
    contacts = window.show_page("contacts").contacts.table
    total = contacts.model.total_count()
    assert total > 20
    assert contacts.model.rowCount() == 20
    contacts.view.setFocus()

    def press_ctrl_end() -> bool:
        # Each Ctrl+End reaches the last loaded row; the view then fetches the next page.
        qtbot.keyClick(contacts.view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        return contacts.model.rowCount() == total and \
            contacts.view.currentIndex().row() == total - 1

    qtbot.waitUntil(press_ctrl_end)
    last_id = listing.fetch_page(listing.Query("contacts"), total - 1, 1)[0][0]
    assert contacts.model.record_id(total - 1) == last_id


def _typeable(title: str) -> str:
    """The start of ``title`` that QTest can type (its key simulation is ASCII only)."""
    end = next((i for i, char in enumerate(title) if not char.isascii()), len(title))
    return title[:end].strip()


def _searchable_hit(database, kind: str) -> search.SearchHit:
    """A record that its typeable title prefix finds among the first results of its kind."""
    for hit in search.search(database, "a", kinds=(kind,), limit=40):
        text = _typeable(hit.title)
        if len(text) >= 3 and hit in search.grouped(search.search(database, text)).get(kind, []):
            return hit
    raise AssertionError(f"no {kind} in the demo can be typed")


def test_search_opens_a_deal_and_a_campaign(qtbot, window, demo_workspace):
    deal = _searchable_hit(demo_workspace.database, "deal")
    campaign = _searchable_hit(demo_workspace.database, "campaign")

    _open_through_search(qtbot, window, "deal", deal.id, deal.title)
    assert window.current_page_key() == "deals"
    assert window.page("deals").selected_id() == deal.id

    _open_through_search(qtbot, window, "campaign", campaign.id, campaign.title)
    assert window.current_page_key() == "campaigns"
    campaigns = window.page("campaigns")
    assert campaigns.selected_id() == campaign.id
    # On the calendar, at its first day, and in the panel beside it.
    first, last = campaigns.calendar.visible_range
    start = next(bar.start for bar in campaigns.calendar.items.campaigns
                 if bar.id == campaign.id)
    assert first <= start <= last
    assert campaigns.panel.name_label.text() == campaign.title


def test_sorting_a_column_by_clicking_its_header(qtbot, window):
    page = window.show_page("deals")
    qtbot.mouseClick(page.table_button, Qt.MouseButton.LeftButton)
    deals = page.table
    header = deals.view.horizontalHeader()
    amount = deals.model.column_of("amount")
    position = header.sectionViewportPosition(amount) + header.sectionSize(amount) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(position, header.height() // 2))
    assert deals.model.query.order_by == "amount"
    amounts = [deals.model.index(row, amount).data(PagedTableModel.SortRole)
               for row in range(deals.model.rowCount())]
    assert amounts == sorted(amounts) or amounts == sorted(amounts, reverse=True)


def test_stage_changes_in_settings_reach_the_deals_table(qtbot, window):
    page = window.show_page("deals")
    qtbot.mouseClick(page.table_button, Qt.MouseButton.LeftButton)
    deals = page.table
    stage_column = deals.model.column_of("stage")
    before = deals.model.index(0, stage_column).data()
    settings_page = window.show_page("settings")
    model = settings_page.stage_editor.model
    row = next(r for r in range(model.rowCount()) if model.stage(r).name == before)
    assert model.setData(model.index(row, 0), f"{before} (renamed)")
    window.show_page("deals")
    assert deals.model.index(0, stage_column).data() == f"{before} (renamed)"
