"""The paged table model: pages from SQL, sorts and filters in SQL, formats for display."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QModelIndex, Qt

from smeplanner.core import listing
from smeplanner.ui.formatting import format_date
from smeplanner.ui.models.paged_table_model import PagedTableModel
from tests.ui import factories


@pytest.fixture
def business(workspace):
    return factories.small_business()


def _column(model: PagedTableModel, key: str) -> list[object]:
    column = model.column_of(key)
    return [model.index(row, column).data() for row in range(model.rowCount())]


@pytest.mark.parametrize("listing_key", sorted(listing.LISTINGS))
def test_every_listing_passes_the_model_tester(qtmodeltester, business, listing_key):
    model = PagedTableModel(listing_key)
    assert model.rowCount() > 0
    qtmodeltester.check(model)


def test_an_empty_workspace_gives_an_empty_model(qtmodeltester, workspace):
    model = PagedTableModel("contacts")
    qtmodeltester.check(model)
    assert model.rowCount() == 0
    assert model.total_count() == 0
    assert not model.canFetchMore(QModelIndex())


def test_only_one_page_is_loaded_until_the_view_asks_for_more(workspace):
    factories.add_numbered_contacts(450)
    model = PagedTableModel("contacts", page_size=200)
    assert (model.rowCount(), model.total_count()) == (200, 450)
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 400
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 450
    assert not model.canFetchMore(QModelIndex())
    assert _column(model, "name")[:2] == ["Person 00000", "Person 00001"]
    assert _column(model, "name")[-1] == "Person 00449"


def test_fetch_more_inserts_rows_instead_of_resetting(qtbot, workspace):
    factories.add_numbered_contacts(250)
    model = PagedTableModel("contacts", page_size=200)
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        model.fetchMore(QModelIndex())
    assert inserted.args[1:] == [200, 249]


def test_a_refresh_makes_two_queries_and_fetch_more_one(monkeypatch, workspace):
    factories.add_numbered_contacts(300)
    calls: list[str] = []
    real_count, real_fetch = listing.count, listing.fetch_page
    monkeypatch.setattr(listing, "count", lambda q: calls.append("count") or real_count(q))
    monkeypatch.setattr(listing, "fetch_page",
                        lambda q, o, n: calls.append(f"page@{o}") or real_fetch(q, o, n))
    model = PagedTableModel("contacts", page_size=200)
    assert calls == ["count", "page@0"]
    model.fetchMore(QModelIndex())
    assert calls == ["count", "page@0", "page@200"]


def test_sorting_asks_sql_for_the_new_order(monkeypatch, workspace):
    factories.add_numbered_contacts(300)
    model = PagedTableModel("contacts", page_size=100)
    queries: list[listing.Query] = []
    real_fetch = listing.fetch_page
    monkeypatch.setattr(listing, "fetch_page",
                        lambda q, o, n: queries.append(q) or real_fetch(q, o, n))
    model.sort(model.column_of("name"), Qt.SortOrder.DescendingOrder)
    assert queries[-1].order_by == "name" and queries[-1].descending
    # The first page of the descending order comes from the database, not the loaded rows.
    assert _column(model, "name")[:3] == ["Person 00299", "Person 00298", "Person 00297"]
    assert model.rowCount() == 100
    model.sort(model.column_of("name"), Qt.SortOrder.AscendingOrder)
    assert _column(model, "name")[0] == "Person 00000"


def test_sorting_by_money_uses_the_amounts_not_their_text(business):
    factories.add_deal("Tiny job", "90")  # "€90.00" sorts after "€12,000.50" as text
    model = PagedTableModel("deals")
    model.sort(model.column_of("amount"), Qt.SortOrder.AscendingOrder)
    amounts = [model.index(row, model.column_of("amount")).data(PagedTableModel.SortRole)
               for row in range(model.rowCount())]
    assert amounts == [Decimal("90.00"), Decimal("12000.50"), Decimal("45000.00")]


def test_sorting_the_same_way_again_does_not_requery(qtbot, business):
    model = PagedTableModel("contacts")
    with qtbot.assertNotEmitted(model.modelReset):
        model.sort(model.column_of("name"), Qt.SortOrder.AscendingOrder)


def test_search_text_filters_in_sql_and_reports_the_total(qtbot, business):
    model = PagedTableModel("contacts")
    assert model.total_count() == 3
    with qtbot.waitSignal(model.total_changed) as total:
        model.set_search_text("schm")
    assert total.args == [2]
    assert sorted(_column(model, "name")) == ["Anna Schmidt", "Bernd Schmitz"]
    model.set_search_text("  ")
    assert model.rowCount() == 3
    model.set_search_text("nobody-like-this")
    assert model.rowCount() == 0


def test_row_of_id_asks_sql_for_the_row_and_loads_up_to_it_in_one_fetch(monkeypatch,
                                                                          workspace):
    factories.add_numbered_contacts(1450)
    last = factories.add_contact("Zoe", "Zimmer")
    model = PagedTableModel("contacts", page_size=100)
    assert model.rowCount() == 100
    fetched: list[int] = []
    real_fetch = listing.fetch_page
    monkeypatch.setattr(listing, "fetch_page",
                        lambda q, o, n: fetched.append(n) or real_fetch(q, o, n))
    row = model.row_of_id(last)
    assert row == 1450
    assert fetched == [1450 + 100 - 100]  # one fetch: up to the record and a page beyond
    assert model.rowCount() == 1451
    assert model.index(row, 0).data(PagedTableModel.ObjectRole) == last
    assert model.record_id(row) == last
    assert model.row_of_id(999_999) == -1


def test_display_text_is_formatted_and_sort_role_is_native(business):
    model = PagedTableModel("deals", currency="EUR")
    row = model.row_of_id(business["press"])
    amount = model.index(row, model.column_of("amount"))
    probability = model.index(row, model.column_of("probability"))
    close = model.index(row, model.column_of("expected_close"))
    assert amount.data() == "€45,000.00"
    assert amount.data(PagedTableModel.SortRole) == Decimal("45000.00")
    assert amount.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert probability.data() == "50%"
    assert probability.data(PagedTableModel.SortRole) == 50
    expected = factories.TODAY + timedelta(days=20)
    assert close.data(PagedTableModel.SortRole) == expected
    assert close.data() == format_date(expected)
    title = model.index(row, model.column_of("title"))
    assert title.data() == "Acme press line"
    assert not title.data(Qt.ItemDataRole.TextAlignmentRole)
    assert model.headerData(model.column_of("amount"), Qt.Orientation.Horizontal) == "Amount"


def test_changing_the_currency_repaints_money_cells(qtbot, business):
    model = PagedTableModel("deals", currency="EUR")
    with qtbot.waitSignal(model.dataChanged):
        model.set_currency("USD")
    assert "$45,000.00" in _column(model, "amount")


def test_booleans_show_as_check_marks(business):
    factories.add_activity("Done already", done=True, due=date(2026, 1, 5))
    model = PagedTableModel("activities")
    done = model.column_of("done")
    states = {model.index(row, model.column_of("subject")).data():
              model.index(row, done).data(Qt.ItemDataRole.CheckStateRole)
              for row in range(model.rowCount())}
    assert states["Done already"] == Qt.CheckState.Checked
    assert states["Call Anna about the press line"] == Qt.CheckState.Unchecked
    assert model.index(0, done).data() is None


def test_rows_are_selectable_but_not_editable(business):
    model = PagedTableModel("contacts")
    flags = model.flags(model.index(0, 0))
    assert flags & Qt.ItemFlag.ItemIsSelectable
    assert not flags & Qt.ItemFlag.ItemIsEditable
