"""A table page keeps its selection across a refresh, at a fixed number of queries."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel

from smeplanner.core import listing
from smeplanner.ui.session import Session
from smeplanner.ui.widgets.table_page import TablePage
from tests.ui import factories


def test_refresh_keeps_a_large_selection_in_three_queries(qtbot, workspace, monkeypatch):
    factories.add_numbered_contacts(450)
    session = Session(workspace)
    page = TablePage(session, "contacts", multi_select=True)
    qtbot.addWidget(page)
    page.model.ensure_loaded(400)
    model = page.model
    selection = QItemSelection(model.index(10, 0), model.index(389, model.columnCount() - 1))
    page.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.Select
                                      | QItemSelectionModel.SelectionFlag.Rows)
    chosen = page.selected_ids()
    assert len(chosen) == 380
    queries: list[str] = []
    for name in ("count", "fetch_page", "position"):
        real = getattr(listing, name)
        monkeypatch.setattr(listing, name, lambda *a, _real=real, _name=name:
                            queries.append(_name) or _real(*a))
    page.refresh()
    assert sorted(page.selected_ids()) == sorted(chosen)
    assert queries == ["count", "fetch_page", "fetch_page"]


def test_ctrl_a_selects_every_row_of_the_result_not_only_the_loaded_pages(qtbot, workspace):
    """Select all, then a bulk action: it must reach the 450 contacts the list counts, not
    the first page of 200 that was loaded."""
    from PySide6.QtCore import Qt

    factories.add_numbered_contacts(450)
    session = Session(workspace)
    page = TablePage(session, "contacts", multi_select=True)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert page.model.rowCount() < 450
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    ids = page.selected_ids()
    assert len(ids) == 450 == page.model.total_count()
    assert len(set(ids)) == 450
