"""End to end on the Contacts page of a demo business, as a user works there: search,
filter, open a contact, edit, log a call, create a deal, bulk-tag and undo, delete and undo,
find and merge duplicates and undo the merge."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from smeplanner.core import demo, listing
from smeplanner.core.activities import activities
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals
from smeplanner.core.errors import NotFoundError
from smeplanner.core.models import Contact
from smeplanner.ui.dialogs import messages
from smeplanner.ui.dialogs.merge_contacts import MergeContactsDialog
from smeplanner.ui.main_window import MainWindow
from smeplanner.ui.pages.contacts import ContactsPage


@pytest.fixture
def window(make_window, workspace) -> MainWindow:
    demo.build_demo(workspace.database, scale=0.2, seed=11, today=date.today())
    return make_window(workspace)


@pytest.fixture
def page(window) -> ContactsPage:
    return window.show_page("contacts")


def _dump(database, tables=("contact", "contact_tag", "activity", "deal", "lifecycle_change")):
    # Sorted rows, not rowid order: a re-inserted link row (contact_tag) gets a new rowid.
    return {table: sorted(database.execute_sql(f"SELECT * FROM {table}").fetchall(),
                          key=repr)
            for table in tables}


def test_search_filter_and_open_a_contact(qtbot, page):
    tab = page.contacts
    someone = Contact.select().where(Contact.lifecycle_stage == "lead").first()
    qtbot.keyClicks(tab.table.filter_edit, someone.last_name[:4])
    shown = tab.table.model.total_count()
    assert 0 < shown < listing.count(listing.Query("contacts"))
    tab.filters.set_value("stage", "lead")
    assert tab.table.model.query.filter_value("stage") == "lead"
    expected = listing.count(listing.Query("contacts", text=someone.last_name[:4])
                             .with_filter("stage", "lead"))
    assert tab.table.model.total_count() == expected
    assert tab.show_record(someone.id)
    assert tab.detail.contact_id == someone.id
    assert tab.detail.name_label.text().startswith(someone.first_name)
    qtbot.mouseClick(tab.filters.clear_button, Qt.MouseButton.LeftButton)
    assert tab.table.model.query.filters == ()


def test_edit_log_a_call_and_create_a_deal_from_the_detail_panel(qtbot, window, page):
    tab = page.contacts
    person = Contact.select().where(Contact.lifecycle_stage == "qualified").first()
    tab.show_record(person.id)
    detail = tab.detail
    # Edit in the Details tab; the save goes on the undo stack.
    detail.tabs.setCurrentIndex(1)
    job = detail.form.edits["job_title"]
    job.selectAll()
    qtbot.keyClicks(job, "Head of purchasing")
    qtbot.mouseClick(detail.save_button, Qt.MouseButton.LeftButton)
    assert contacts.get(person.id).job_title == "Head of purchasing"
    assert window.undo_action.isEnabled()
    # Log a call: one keystroke, the text, Enter; it shows on the timeline.
    detail.tabs.setCurrentIndex(0)
    detail.focus_log()
    qtbot.keyClicks(detail.log_edit, "Asked about the new grinder")
    qtbot.keyClick(detail.log_edit, Qt.Key.Key_Return)
    assert any(a.subject == "Asked about the new grinder"
               for a in activities.list(contact=person.id))
    # Newest first: only planned (future) items may stand above today's call.
    shown = [detail.timeline_list.item(row).text() for row in range(detail.timeline_list.count())]
    assert any("Call: Asked about the new grinder" in text for text in shown)
    # A deal pre-filled with the contact and the company; the window opens it.
    deal_id = detail.create_deal("Grinder upgrade")
    deal = deals.get(deal_id)
    assert (deal.contact_id, deal.company_id) == (person.id, person.company_id)
    assert window.current_page_key() == "deals"
    assert window.page("deals").selected_id() == deal_id
    # Undo from the Edit menu: first the new deal, then the logged call, then the edit.
    window.show_page("contacts")
    assert "Grinder upgrade" in window.undo_action.text()
    window.undo_action.trigger()
    with pytest.raises(NotFoundError):
        deals.get(deal_id)
    assert "Asked about the new grinder" in window.undo_action.text()
    window.undo_action.trigger()
    assert not any(a.subject == "Asked about the new grinder"
                   for a in activities.list(contact=person.id))
    window.undo_action.trigger()
    assert contacts.get(person.id).job_title == person.job_title


def test_unsaved_edits_survive_a_logged_call_and_are_asked_about_before_moving_on(
        qtbot, window, page, monkeypatch):
    tab = page.contacts
    first, second = (Contact.select().where(Contact.lifecycle_stage == "lead")
                     .order_by(Contact.id).limit(2))
    tab.show_record(first.id)
    detail = tab.detail
    detail.tabs.setCurrentIndex(1)
    job = detail.form.edits["job_title"]
    job.selectAll()
    qtbot.keyClicks(job, "Head of purchasing")
    # Logging a call refreshes the panel but keeps the edit waiting to be saved.
    detail.tabs.setCurrentIndex(0)
    detail.focus_log()
    qtbot.keyClicks(detail.log_edit, "Asked for a quote")
    qtbot.keyClick(detail.log_edit, Qt.Key.Key_Return)
    assert job.text() == "Head of purchasing" and detail.save_button.isEnabled()

    answers = iter(["cancel", "save"])
    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_save", lambda _parent, _title, text: asked.append(text)
                        or next(answers))
    tab.table.show_record(second.id)  # "Cancel": the panel stays with the first contact
    qtbot.waitUntil(lambda: tab.table.selected_id() == first.id)
    assert detail.contact_id == first.id
    assert job.text() == "Head of purchasing"
    tab.table.show_record(second.id)  # "Save": saved, then the second contact shows
    assert len(asked) == 2 and first.first_name in asked[0]
    assert contacts.get(first.id).job_title == "Head of purchasing"
    assert detail.contact_id == second.id and not detail.save_button.isEnabled()


def test_a_filter_that_hides_the_contact_being_edited_keeps_the_edits(qtbot, page):
    tab = page.contacts
    person = Contact.select().where(Contact.lifecycle_stage == "lead").first()
    tab.show_record(person.id)
    detail = tab.detail
    detail.tabs.setCurrentIndex(1)
    qtbot.keyClicks(detail.form.edits["job_title"], " (new)")
    tab.filters.set_value("stage", "customer")  # the lead leaves the list
    assert tab.table.selected_id() is None
    assert detail.contact_id == person.id and detail.save_button.isEnabled()
    assert detail.form.edits["job_title"].text().endswith(" (new)")
    detail.save()  # (nothing is left unsaved for the window to ask about)


def test_closing_the_window_asks_about_unsaved_edits(qtbot, window, page, monkeypatch):
    tab = page.contacts
    person = Contact.select().where(Contact.lifecycle_stage == "lead").first()
    tab.show_record(person.id)
    detail = tab.detail
    detail.tabs.setCurrentIndex(1)
    qtbot.keyClicks(detail.form.edits["job_title"], " (new)")
    answers = iter(["cancel", "discard"])
    monkeypatch.setattr(messages, "ask_save", lambda *_args: next(answers))
    assert not window.close()  # "Cancel": the window stays, the edit too
    assert window.isVisible() and detail.save_button.isEnabled()
    assert window.close()  # "Discard": it closes, nothing saved
    assert contacts.get(person.id).job_title == person.job_title


def test_bulk_tag_and_stage_with_undo(qtbot, window, page):
    tab = page.contacts
    view = tab.table.view
    view.selectRow(0)
    view.selectionModel().select(tab.table.model.index(2, 0),
                                 view.selectionModel().SelectionFlag.Select
                                 | view.selectionModel().SelectionFlag.Rows)
    ids = tab.selected_ids()
    assert len(ids) == 2
    assert tab.add_tag("Roadshow 2027")
    assert all("Roadshow 2027" in contacts.tags_of(cid) for cid in ids)
    assert "Roadshow 2027" in listing.tag_names()
    tab.stage_actions["customer"].trigger()
    assert {contacts.get(cid).lifecycle_stage for cid in ids} == {"customer"}
    window.undo_action.trigger()
    assert {contacts.get(cid).lifecycle_stage for cid in ids} != {"customer"}
    window.undo_action.trigger()
    assert not any("Roadshow 2027" in contacts.tags_of(cid) for cid in ids)


def test_delete_asks_first_and_undo_brings_everything_back(qtbot, window, page,
                                                          workspace, monkeypatch):
    tab = page.contacts
    with_history = activities.list(contact__isnull=False, limit=1)[0].contact_id
    tab.show_record(with_history)
    before = _dump(workspace.database)
    answers = iter([False, True])
    monkeypatch.setattr(messages, "confirm", lambda *args: next(answers))
    assert not tab.delete_selected()  # answered No
    assert _dump(workspace.database) == before
    assert tab.delete_selected()
    assert Contact.get_or_none(Contact.id == with_history) is None
    window.undo_action.trigger()
    assert _dump(workspace.database) == before


def test_find_and_merge_two_duplicates_then_undo(qtbot, window, page, workspace,
                                                 monkeypatch):
    original = contacts.create(first_name="Ludwig", last_name="Brenner",
                               email="ludwig@brenner-kaffee.de", phone="+49 89 4411 2233")
    copy = contacts.create(first_name="Ludwig", last_name="Brenner",
                           email="Ludwig@Brenner-Kaffee.de", city="München")
    activities.create(kind="call", subject="Call from the copy", contact=copy.id, done=True)
    before = _dump(workspace.database)

    page.tabs.setCurrentWidget(page.duplicates)
    view = page.duplicates
    qtbot.mouseClick(view.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(view.find_button.isEnabled, timeout=20_000)
    group = next(view.tree.topLevelItem(i) for i in range(view.tree.topLevelItemCount())
                 if set(view.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole + 1))
                 == {original.id, copy.id})

    def choose(cls, ids, parent=None):
        dialog = MergeContactsDialog(ids, parent)
        dialog.survivor_group.button(original.id).setChecked(True)
        dialog.field_groups["address"].button(copy.id).setChecked(True)  # city and all
        return dialog.choice()

    monkeypatch.setattr(MergeContactsDialog, "ask", classmethod(choose))
    view.tree.setCurrentItem(group)
    qtbot.mouseClick(view.merge_button, Qt.MouseButton.LeftButton)
    assert Contact.get_or_none(Contact.id == copy.id) is None
    survivor = contacts.get(original.id)
    assert survivor.city == "München"
    assert [a.subject for a in activities.list(contact=original.id)] == ["Call from the copy"]

    window.undo_action.trigger()
    assert _dump(workspace.database) == before


def test_logging_a_call_and_a_follow_up_can_be_undone(qtbot, window, page, workspace):
    tab = page.contacts
    person = Contact.select().where(Contact.lifecycle_stage == "lead").first()
    tab.show_record(person.id)
    before = _dump(workspace.database)
    detail = tab.detail
    detail.focus_log()
    qtbot.keyClicks(detail.log_edit, "Left a voicemail")
    qtbot.keyClick(detail.log_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(detail.follow_up_edit, "Call again")
    qtbot.keyClick(detail.follow_up_edit, Qt.Key.Key_Return)
    after = _dump(workspace.database)
    assert after != before
    assert "Follow-up “Call again”" in window.undo_action.text()
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert _dump(workspace.database) == before
    assert not any("Left a voicemail" in detail.timeline_list.item(i).text()
                   for i in range(detail.timeline_list.count()))
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert _dump(workspace.database) == after


def test_double_clicking_a_company_lists_its_contacts(qtbot, page):
    from smeplanner.core.companies import companies

    acme = companies.create(name="Acme <i>Coffee</i>")
    staff = [contacts.create(first_name=f"Staff{i}", company=acme.id).id for i in range(3)]
    page.tabs.setCurrentWidget(page.companies)
    table = page.companies
    table.filter_edit.setText("Acme")
    row = table.model.row_of_id(acme.id)
    index = table.model.index(row, 0)
    table.view.scrollTo(index)
    qtbot.waitUntil(lambda: table.view.visualRect(index).isValid()
                    and table.view.viewport().rect().contains(table.view.visualRect(index)))
    rect = table.view.visualRect(index)
    # A real double-click starts with a press: the view only reacts to a double-click on
    # the item it saw pressed.
    qtbot.mouseClick(table.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.tabs.currentWidget() is page.contacts
    tab = page.contacts
    assert sorted(tab.table.model.record_id(r) for r in range(tab.table.model.rowCount())) \
        == staff
    assert tab.company_chip.isVisible()
    assert "Acme <i>Coffee</i>" in tab.company_chip.text()
    qtbot.mouseClick(tab.company_chip, Qt.MouseButton.LeftButton)
    assert not tab.company_chip.isVisible()
    assert tab.table.model.total_count() == Contact.select().count()


def test_a_bulk_action_keeps_the_selection_for_the_next_one(qtbot, page):
    tab = page.contacts
    view = tab.table.view
    model = tab.table.model
    flags = view.selectionModel().SelectionFlag
    # The page selects its first row once shown, so the panel has someone to show.
    qtbot.waitUntil(lambda: tab.table.selected_id() is not None)
    view.clearSelection()
    for row in (1, 4, 6):
        view.selectionModel().select(model.index(row, 0), flags.Select | flags.Rows)
    chosen = tab.selected_ids()
    assert len(chosen) == 3
    assert tab.add_tag("Sample box")
    assert sorted(tab.selected_ids()) == sorted(chosen)
    assert tab.set_stage("qualified")
    assert {contacts.get(cid).lifecycle_stage for cid in chosen} == {"qualified"}


def test_the_tag_dialog_starts_empty(qtbot, window, page, monkeypatch):
    """Enter in a pre-filled dialog would give everyone selected an arbitrary tag."""
    from PySide6.QtWidgets import QInputDialog

    offered = []
    monkeypatch.setattr(QInputDialog, "getItem", lambda _parent, _title, _label, items, current,
                        _editable: offered.append(items[current]) or (items[current], True))
    tab = page.contacts
    tab.table.view.selectRow(0)
    steps = window.session.undo_stack.count()
    qtbot.mouseClick(tab.tag_button, Qt.MouseButton.LeftButton)
    assert offered == [""]
    assert window.session.undo_stack.count() == steps  # an empty answer tags nobody
