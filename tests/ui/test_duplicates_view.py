"""Find duplicates and merge them from the view, then undo the merge."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from smeplanner.core.contacts import contacts
from smeplanner.core.models import Contact
from smeplanner.ui.dialogs.merge_contacts import MergeChoice, MergeContactsDialog
from smeplanner.ui.widgets.duplicates_view import DuplicatesView


class _FakeSession:
    def __init__(self) -> None:
        self.undo_stack = QUndoStack()
        self.changed: list[tuple[str, list[int]]] = []

    def on_command_changed(self, kind: str, ids: list[int]) -> None:
        self.changed.append((kind, ids))


@pytest.fixture
def view(qtbot, workspace):
    widget = DuplicatesView(_FakeSession())
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _find(qtbot, view: DuplicatesView) -> None:
    qtbot.mouseClick(view.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.find_button.isEnabled(), timeout=10_000)


def test_finds_groups_in_the_background_and_merges_one_with_undo(qtbot, view, monkeypatch):
    anna = contacts.create(first_name="Anna", last_name="Schmidt", email="anna@acme.de")
    copy = contacts.create(first_name="Anna", last_name="Schmitt", email="Anna@Acme.de ")
    contacts.create(first_name="Bert", last_name="Other", email="bert@else.de")
    _find(qtbot, view)
    assert view.tree.topLevelItemCount() == 1
    group = view.tree.topLevelItem(0)
    assert group.text(0).endswith("(same email)")
    assert view.status_label.text() == "One group of possible duplicates."
    assert {group.child(i).text(0) for i in range(2)} == {"Anna Schmidt", "Anna Schmitt"}

    monkeypatch.setattr(MergeContactsDialog, "ask", classmethod(
        lambda cls, ids, parent=None: MergeChoice(anna.id, (copy.id,),
                                                  {"last_name": "Schmidt"})))
    view.tree.setCurrentItem(group)
    qtbot.mouseClick(view.merge_button, Qt.MouseButton.LeftButton)
    assert Contact.get_or_none(Contact.id == copy.id) is None
    assert contacts.get(anna.id).last_name == "Schmidt"
    assert ("contact", [anna.id, copy.id]) in view._session.changed
    assert view.tree.topLevelItemCount() == 0
    assert "Merged into Anna Schmidt" in view.status_label.text()
    view._session.undo_stack.undo()
    assert Contact.get_or_none(Contact.id == copy.id) is not None


def test_no_duplicates_says_so(qtbot, view):
    contacts.create(first_name="Solo", email="solo@x.de")
    _find(qtbot, view)
    assert view.tree.topLevelItemCount() == 0
    assert view.status_label.text() == "No duplicates found."


def test_open_a_member(qtbot, view):
    first = contacts.create(first_name="Cara", email="cara@x.de")
    contacts.create(first_name="Cara", email="cara@x.de")
    _find(qtbot, view)
    opened: list[int] = []
    view.open_contact.connect(opened.append)
    member = view.tree.topLevelItem(0).child(0)
    view.tree.setCurrentItem(member)
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert opened == [first.id]


def test_a_group_whose_contact_was_deleted_since_the_search_is_not_merged(qtbot, view,
                                                                         monkeypatch):
    anna = contacts.create(first_name="Anna", last_name="Schmidt", email="anna@acme.de")
    copy = contacts.create(first_name="Anna", last_name="Schmitt", email="Anna@Acme.de ")
    _find(qtbot, view)
    assert view.tree.topLevelItemCount() == 1
    contacts.delete(copy.id)  # elsewhere, after the search
    asked = []
    monkeypatch.setattr(MergeContactsDialog, "ask",
                        classmethod(lambda cls, ids, parent=None: asked.append(ids)))
    view.tree.setCurrentItem(view.tree.topLevelItem(0))
    qtbot.mouseClick(view.merge_button, Qt.MouseButton.LeftButton)
    assert asked == [] and view.tree.topLevelItemCount() == 0
    assert "changed since the search" in view.status_label.text()
    assert contacts.get(anna.id).last_name == "Schmidt"
