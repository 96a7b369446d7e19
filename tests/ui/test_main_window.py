"""The main window shell: pages, shortcuts, global search, About, remembered state."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QMessageBox

from smeplanner import __version__
from smeplanner.ui.app import build_main_window
from smeplanner.ui.main_window import MainWindow
from smeplanner.ui.pages.campaigns import CampaignsPage
from smeplanner.ui.pages.contacts import ContactsPage
from smeplanner.ui.pages.deals import DealsPage
from smeplanner.ui.pages.reports import ReportsPage
from smeplanner.ui.pages.settings import SettingsPage
from smeplanner.ui.pages.week import WeekPage
from tests.ui import factories

PAGE_TYPES = {"week": WeekPage, "contacts": ContactsPage, "deals": DealsPage,
              "campaigns": CampaignsPage, "reports": ReportsPage, "settings": SettingsPage}


@pytest.fixture
def business(workspace):
    return factories.small_business()


@pytest.fixture
def window(make_window, workspace, business) -> MainWindow:
    return make_window(workspace)


def _click_sidebar(qtbot, window: MainWindow, row: int) -> None:
    sidebar = window.sidebar
    rect = sidebar.visualItemRect(sidebar.item(row))
    qtbot.mouseClick(sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _search(qtbot, window: MainWindow, text: str) -> None:
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()
    qtbot.keyClicks(window.search_box, text)
    qtbot.waitUntil(window.search_box.popup.isVisible)


def _hit_row(popup, title: str) -> int:
    return next(row for row in popup.hit_rows() if popup.list.item(row).text() == title)


def test_the_sidebar_lists_every_page_in_order(window):
    labels = [window.sidebar.item(row).text() for row in range(window.sidebar.count())]
    assert labels == ["Week", "Contacts", "Deals", "Campaigns", "Reports", "Settings"]
    assert window.page_keys == tuple(PAGE_TYPES)


def test_every_page_opens_from_the_sidebar(qtbot, window):
    for row, (key, page_type) in enumerate(PAGE_TYPES.items()):
        _click_sidebar(qtbot, window, row)
        assert window.current_page_key() == key
        assert isinstance(window.stack.currentWidget(), page_type)
        assert window.go_actions[row].isChecked()


def test_every_page_opens_with_ctrl_and_its_number(qtbot, window):
    keys = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5, Qt.Key.Key_6]
    for key, (page_key, page_type) in reversed(list(zip(keys, PAGE_TYPES.items(),
                                                         strict=True))):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        assert window.current_page_key() == page_key
        assert isinstance(window.stack.currentWidget(), page_type)
        assert window.sidebar.currentRow() == window.page_keys.index(page_key)


def test_arrow_keys_in_the_sidebar_move_between_pages(qtbot, window):
    window.sidebar.setFocus()
    window.show_page("week")
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    assert window.current_page_key() == "contacts"
    qtbot.keyClick(window.sidebar, Qt.Key.Key_End)
    assert window.current_page_key() == "settings"


def test_pages_are_built_when_first_shown(window):
    built = [key for key in window.page_keys if window.is_built(key)]
    assert built == ["week"]
    window.show_page("reports")
    assert window.is_built("reports") and not window.is_built("deals")


def test_ctrl_k_search_groups_results_and_enter_opens_the_contact(qtbot, window, business):
    window.show_page("deals")
    _search(qtbot, window, "schm")
    popup = window.search_box.popup
    assert popup.headers() == ["Contacts", "Deals"]
    hits = [popup.list.item(row).text() for row in popup.hit_rows()]
    assert set(hits[:2]) == {"Anna Schmidt", "Bernd Schmitz"}
    assert hits[2] == "Acme press line"  # the deal with Anna Schmidt as its contact
    # Down and Up move between hits and skip the group headers.
    first = popup.current_hit()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    assert popup.current_hit() == ("deal", business["press"])
    qtbot.keyClick(window.search_box, Qt.Key.Key_Up)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Up)
    assert popup.current_hit() == first
    anna_row = _hit_row(popup, "Anna Schmidt")
    while popup.list.currentRow() != anna_row:
        qtbot.keyClick(window.search_box, Qt.Key.Key_Down)

    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert window.search_box.text() == ""
    assert window.current_page_key() == "contacts"
    contacts = window.page("contacts")
    assert contacts.tabs.currentWidget() is contacts.contacts
    assert contacts.contacts.table.selected_id() == business["anna"]


def test_clicking_a_result_opens_it(qtbot, window, business):
    _search(qtbot, window, "globex")
    popup = window.search_box.popup
    assert popup.headers() == ["Contacts", "Companies", "Deals"]
    row = _hit_row(popup, "Globex shelving")
    rect = popup.list.visualItemRect(popup.list.item(row))
    qtbot.mouseClick(popup.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_page_key() == "deals"
    assert window.page("deals").selected_id() == business["shelves"]


def test_a_company_result_opens_the_companies_tab(qtbot, window, business):
    _search(qtbot, window, "acme gmbh")
    popup = window.search_box.popup
    while popup.current_hit() != ("company", business["acme"]):
        qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Enter)
    contacts = window.page("contacts")
    assert contacts.tabs.currentWidget() is contacts.companies
    assert contacts.companies.selected_id() == business["acme"]


def test_opening_a_record_hidden_by_the_page_filter_clears_the_filter(qtbot, window, business):
    deals = window.show_page("deals")
    qtbot.keyClicks(deals.search_edit, "globex")
    assert [c.title for v in deals.board.columns for c in v.model.cards] == ["Globex shelving"]
    assert window.open_record("deal", business["press"])
    assert deals.search_edit.text() == ""
    assert deals.selected_id() == business["press"]


def test_escape_closes_the_results_and_no_match_says_so(qtbot, window):
    _search(qtbot, window, "zzzq")
    popup = window.search_box.popup
    assert popup.hit_rows() == []
    assert popup.list.item(0).text() == "No matches for “zzzq”"
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)  # nothing to open
    assert window.current_page_key() == "week"
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.search_box.text() == ""


def test_the_table_filter_narrows_rows_in_place(qtbot, window):
    contacts = window.show_page("contacts").contacts.table
    assert contacts.count_label.text() == "3 rows"
    qtbot.keyClicks(contacts.filter_edit, "carla")
    assert contacts.model.rowCount() == 1
    assert contacts.count_label.text() == "1 row"


def test_about_shows_the_version(qtbot, window, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about",
                        staticmethod(lambda parent, title, text: shown.append(text)))
    window.about_action.trigger()
    assert len(shown) == 1
    assert f"SME Planner {__version__}" in shown[0]


def test_the_status_bar_and_title_name_the_workspace_and_business(window, workspace):
    assert window.path_label.text() == str(workspace.path)
    assert window.windowTitle() == "My Business — SME Planner"


def test_saved_preferences_update_the_title_and_money_columns(qtbot, window):
    deals = window.show_page("deals")
    deals.show_list()
    table = deals.table
    assert "€45,000.00" in [table.model.index(r, table.model.column_of("amount")).data()
                            for r in range(table.model.rowCount())]
    window.show_page("settings")
    window._session.save_preferences({"business_name": "Brew & Co", "currency": "GBP"})
    assert window.windowTitle() == "Brew & Co — SME Planner"
    assert window.brand_label.text() == "Brew & Co"
    assert "£45,000.00" in [table.model.index(r, table.model.column_of("amount")).data()
                            for r in range(table.model.rowCount())]


def _menu_texts(menu) -> list[str]:
    return ["—" if action.isSeparator() else action.text().replace("&", "")
            for action in menu.actions()]


def test_the_file_menu_gains_import_export_and_backups_with_the_workspace(qtbot, workspace):
    """The window paints before the workspace opens; the File menu's workspace actions
    come with the workspace, in their place above Quit, and the labels that show its
    names read plain text from then on."""
    from smeplanner.ui.app import attach_workspace

    window = MainWindow()
    qtbot.addWidget(window)
    file_menu = window.menuBar().actions()[0].menu()
    assert _menu_texts(file_menu) == ["Quick add…", "—", "Quit"]
    assert not window.quick_add_action.isEnabled()
    assert window.path_label.text() == "Opening the workspace…"

    attach_workspace(window, workspace)
    assert _menu_texts(file_menu) == [
        "Quick add…", "—", "Import contacts…", "Export", "—", "Back up now…",
        "Restore from a backup…", "—", "Quit"]
    assert window.quick_add_action.isEnabled() and window.file_actions.import_action.isEnabled()
    assert window.brand_label.textFormat() == Qt.TextFormat.PlainText
    assert window.path_label.textFormat() == Qt.TextFormat.PlainText
    window.close()


def test_quit_closes_the_window(qtbot, window):
    window.quit_action.trigger()
    assert not window.isVisible()


def test_geometry_last_page_and_columns_are_remembered(qtbot, workspace, business):
    first = build_main_window(workspace)
    qtbot.addWidget(first)
    first.resize(760, 560)  # the offscreen screen is 800×800; the Deals page needs ~730 px
    first.show()
    qtbot.waitExposed(first)
    deals = first.show_page("deals")
    deals.show_list()
    header = deals.table.view.horizontalHeader()
    header.resizeSection(0, 333)
    header.setSortIndicator(deals.table.model.column_of("amount"), Qt.SortOrder.DescendingOrder)
    first.close()

    second = build_main_window(workspace)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.size() == QSize(760, 560)
    assert second.current_page_key() == "deals"
    deals = second.page("deals").table  # the list, not the board: remembered too
    assert second.page("deals").stack.currentWidget() is deals
    assert deals.view.horizontalHeader().sectionSize(0) == 333
    assert deals.model.query.order_by == "amount" and deals.model.query.descending
    assert deals.model.index(0, 0).data() == "Acme press line"


def test_a_click_elsewhere_closes_the_results(qtbot, window):
    _search(qtbot, window, "schm")
    week = window.page("week")
    qtbot.mouseClick(week.grid.viewport(), Qt.MouseButton.LeftButton)
    assert not window.search_box.popup.isVisible()


def test_the_results_follow_the_window_size(qtbot, window):
    _search(qtbot, window, "schm")
    popup = window.search_box.popup
    window.resize(600, 500)
    qtbot.waitUntil(lambda: popup.geometry().right() <= window.width())
    assert popup.isVisible()


def test_undo_and_redo_in_the_edit_menu_with_the_standard_keys(qtbot, make_window, workspace):
    from PySide6.QtGui import QKeySequence

    from smeplanner.core.contacts import contacts
    from smeplanner.ui.commands import AddTagCommand, push_command

    window = make_window(workspace)
    assert not window.undo_action.isEnabled()
    person = contacts.create(first_name="Una")
    push_command(window.session.undo_stack, AddTagCommand([person.id], "VIP"))
    assert window.undo_action.isEnabled()
    assert "Add tag" in window.undo_action.text()
    assert QKeySequence("Ctrl+Z") in window.undo_action.shortcuts()
    assert QKeySequence("Ctrl+Shift+Z") in window.redo_action.shortcuts()
    assert window.undo_action in window.edit_menu.actions()
    # A window from make_window is not the active window on the offscreen platform, so
    # key shortcuts do not reach it here (they do in the app): trigger the bound actions.
    window.undo_action.trigger()
    assert contacts.tags_of(person.id) == []
    assert window.redo_action.isEnabled()
    window.redo_action.trigger()
    assert contacts.tags_of(person.id) == ["VIP"]
