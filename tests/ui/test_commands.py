"""Undo commands on a bare QUndoStack: push does it, undo restores every row, redo again."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from smeplanner.core import search
from smeplanner.core.activities import activities
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals
from smeplanner.core.errors import ValidationError
from smeplanner.ui.commands import (
    AddTagCommand,
    DeleteContactsCommand,
    EditContactCommand,
    RemoveTagCommand,
    SetConsentCommand,
    SetStageCommand,
    push_command,
)

TABLES = ("contact", "contact_tag", "tag", "lifecycle_change", "activity", "deal")


def dump(workspace):
    database = workspace.database
    rows = {table: database.execute_sql(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in TABLES}
    rows.update({fts: database.execute_sql(f"SELECT rowid, title, detail FROM {fts} "
                                           "ORDER BY rowid").fetchall()
                 for fts in search.FTS_TABLES})
    return rows


@pytest.fixture
def stack(qapp):
    return QUndoStack()


@pytest.fixture
def people(workspace):
    anna = contacts.create(first_name="Anna", last_name="Schmidt", email="anna@acme.de").id
    bernd = contacts.create(first_name="Bernd", last_name="Schmitz", lifecycle_stage="customer",
                            email="bernd@acme.de").id
    carla = contacts.create(first_name="Carla", last_name="Jones", email="carla@globex.com").id
    contacts.set_tags(anna, ["VIP"])
    activities.create(subject="Call Anna", kind="call", contact=anna)
    deal = deals.create(title="Espresso machines", contact=bernd).id
    return {"anna": anna, "bernd": bernd, "carla": carla, "deal": deal}


class Changes:
    """An on_changed callback that records its calls."""

    def __init__(self):
        self.calls = []

    def __call__(self, kind, ids):
        self.calls.append((kind, ids))

    def take(self):
        calls, self.calls = self.calls, []
        return calls


def check_push_undo_redo(workspace, stack, command, assert_done):
    """The contract of every command: done on push, exactly undone, done again on redo."""
    before = dump(workspace)
    push_command(stack, command)
    assert stack.count() == 1
    assert_done()
    done = dump(workspace)
    stack.undo()
    assert dump(workspace) == before
    stack.redo()
    assert_done()
    return done


def test_add_tag(workspace, stack, people):
    ids = [people["anna"], people["bernd"], people["carla"]]
    changes = Changes()
    command = AddTagCommand(ids, "Wholesale", on_changed=changes)
    assert command.text() == "Add tag “Wholesale” to 3 contacts"

    def done():
        assert all("Wholesale" in contacts.tags_of(i) for i in ids)

    check_push_undo_redo(workspace, stack, command, done)
    tag_id = command.result.related["tag"][0]
    assert changes.take() == [("contact", ids), ("tag", [tag_id]),  # push
                              ("contact", ids), ("tag", [tag_id]),  # undo: tag removed again
                              ("contact", ids), ("tag", [tag_id])]  # redo
    assert stack.undoText() == "Add tag “Wholesale” to 3 contacts"


def test_remove_tag_reports_only_the_contacts_that_had_it(workspace, stack, people):
    changes = Changes()
    command = RemoveTagCommand([people["anna"], people["carla"]], "vip", on_changed=changes)
    assert command.text() == "Remove tag “vip” from 2 contacts"

    def done():
        assert contacts.tags_of(people["anna"]) == []

    check_push_undo_redo(workspace, stack, command, done)
    assert changes.take() == [("contact", [people["anna"]])] * 3


def test_set_stage(workspace, stack, people):
    changes = Changes()
    command = SetStageCommand([people["anna"], people["carla"]], "qualified",
                              on_changed=changes)
    assert command.text() == "Move 2 contacts to Qualified"

    def done():
        assert {contacts.get(i).lifecycle_stage for i in (people["anna"], people["carla"])} \
            == {"qualified"}
        assert contacts.lifecycle_history(people["anna"])[-1].to_stage == "qualified"

    check_push_undo_redo(workspace, stack, command, done)
    kinds = [kind for kind, _ in changes.take()]
    assert kinds == ["contact", "lifecycle_change"] * 3


def test_set_consent(workspace, stack, people):
    command = SetConsentCommand([people["anna"]], marketing_opt_in=True)
    assert command.text() == "Opt in 1 contact to marketing"

    def done():
        anna = contacts.get(people["anna"])
        assert anna.marketing_opt_in and anna.opt_in_date is not None

    check_push_undo_redo(workspace, stack, command, done)
    assert SetConsentCommand([1, 2], do_not_contact=True).text() \
        == "Mark 2 contacts do-not-contact"
    assert SetConsentCommand([1, 2], marketing_opt_in=False, do_not_contact=False).text() \
        == "Change consent of 2 contacts"


def test_delete_contacts_and_undo_brings_back_activities_and_deal_links(workspace, stack,
                                                                         people):
    changes = Changes()
    ids = [people["anna"], people["bernd"]]
    command = DeleteContactsCommand(ids, on_changed=changes)
    assert command.text() == "Delete 2 contacts"

    def done():
        assert contacts.count() == 1
        assert deals.get(people["deal"]).contact_id is None
        assert activities.count() == 0

    check_push_undo_redo(workspace, stack, command, done)
    stack.undo()
    assert deals.get(people["deal"]).contact_id == people["bernd"]
    assert [a.subject for a in activities.list()] == ["Call Anna"]
    assert search.index_is_consistent(workspace.database)
    calls = changes.take()
    assert calls[0] == ("contact", ids)
    assert ("deal", [people["deal"]]) in calls


def test_edit_contact_undo_restores_the_row_and_removes_the_funnel_move(workspace, stack,
                                                                        people):
    changes = Changes()
    command = EditContactCommand(people["anna"], {"first_name": "Annie",
                                                  "lifecycle_stage": "customer"},
                                 name="Anna Schmidt", on_changed=changes)
    assert command.text() == "Edit Anna Schmidt"

    def done():
        anna = contacts.get(people["anna"])
        assert (anna.first_name, anna.lifecycle_stage) == ("Annie", "customer")

    check_push_undo_redo(workspace, stack, command, done)
    stack.undo()
    assert [(c.from_stage, c.to_stage) for c in contacts.lifecycle_history(people["anna"])] \
        == [(None, "lead")]
    assert changes.take()[0] == ("contact", [people["anna"]])
    assert EditContactCommand(people["anna"], {}).text() == "Edit contact"


def test_one_contact_is_named_in_the_singular(qapp):
    assert AddTagCommand([7], "VIP").text() == "Add tag “VIP” to 1 contact"
    assert DeleteContactsCommand([7, 7]).text() == "Delete 1 contact"


def test_an_ampersand_in_a_tag_is_not_a_menu_shortcut(qapp):
    command = AddTagCommand([1, 2], "R&D")
    assert command.text() == "Add tag “R&D” to 2 contacts"
    assert command.actionText() == "Add tag “R&&D” to 2 contacts"


# --- failures --------------------------------------------------------------------------------
def test_a_failing_command_raises_on_push_and_leaves_neither_stack_nor_rows(workspace, stack,
                                                                            people):
    push_command(stack, SetStageCommand([people["anna"]], "customer"))
    before = dump(workspace)
    changes = Changes()
    command = SetStageCommand([people["anna"], 9999], "qualified", on_changed=changes)
    with pytest.raises(ValidationError) as raised:
        push_command(stack, command)
    assert raised.value.field == "contacts"
    assert stack.count() == 1 and stack.undoText() == "Move 1 contact to Customer"
    assert dump(workspace) == before
    assert changes.calls == []
    stack.undo()  # the earlier command is still the one undone
    assert contacts.get(people["anna"]).lifecycle_stage == "lead"


def test_a_command_that_changes_nothing_is_not_kept(workspace, stack, people):
    changes = Changes()
    result = push_command(stack, AddTagCommand([people["anna"]], "VIP", on_changed=changes))
    assert result is not None and result.changed_ids == ()
    assert stack.count() == 0
    assert changes.calls == []


def test_an_undo_that_can_no_longer_apply_is_reported_and_dropped(workspace, stack, people):
    """Deleting the newest contact frees its id; a contact created outside the stack takes
    it. Undoing the delete must not overwrite the newcomer."""
    errors = []
    push_command(stack, DeleteContactsCommand([people["carla"]], on_error=errors.append))
    newcomer = contacts.create(first_name="Fritz", email="fritz@example.com")
    assert newcomer.id == people["carla"]
    stack.undo()
    assert [type(error) for error in errors] == [ValidationError]
    assert stack.count() == 0 and not stack.canRedo()
    assert contacts.get(newcomer.id).first_name == "Fritz"


def test_without_on_error_a_failed_undo_raises_after_dropping_the_command(workspace, stack,
                                                                          people):
    push_command(stack, DeleteContactsCommand([people["carla"]]))
    contacts.create(first_name="Fritz", email="fritz@example.com")
    with pytest.raises(ValidationError):
        stack.undo()
    assert stack.count() == 0


def test_save_contact_command_undo_redo_keeps_the_same_ids(qtbot, workspace):
    from PySide6.QtGui import QUndoStack

    from smeplanner.core.contacts import contacts
    from smeplanner.core.models import Company, Contact
    from smeplanner.ui.commands import SaveContactCommand, push_command

    stack = QUndoStack()
    changed: list[tuple[str, list[int]]] = []
    command = SaveContactCommand(None, {"first_name": "Hanna", "email": "hanna@x.de"},
                                 company_name="X GmbH", tags=["VIP"], name="Hanna",
                                 on_changed=lambda kind, ids: changed.append((kind, ids)))
    push_command(stack, command)
    contact_id = command.contact_id
    company_id = contacts.get(contact_id).company_id
    assert stack.undoText() == "Add Hanna"
    assert ("contact", [contact_id]) in changed
    stack.undo()
    assert Contact.select().count() == 0
    assert Company.select().count() == 0
    stack.redo()
    again = contacts.get(contact_id)
    assert (again.first_name, again.company_id) == ("Hanna", company_id)
    assert contacts.tags_of(contact_id) == ["VIP"]


def test_save_contact_command_with_bad_input_is_not_kept(qtbot, workspace):
    from PySide6.QtGui import QUndoStack

    from smeplanner.core.errors import ValidationError
    from smeplanner.core.models import Company, Contact
    from smeplanner.ui.commands import SaveContactCommand, push_command

    stack = QUndoStack()
    with pytest.raises(ValidationError) as caught:
        push_command(stack, SaveContactCommand(None, {"email": "broken@"},
                                               company_name="Ghost Ltd"))
    assert caught.value.field == "email"
    assert stack.count() == 0
    assert (Contact.select().count(), Company.select().count()) == (0, 0)


def test_merge_command_undo_brings_both_back_exactly_and_redo_merges_again(qtbot, workspace):
    from PySide6.QtGui import QUndoStack

    from smeplanner.core.activities import activities
    from smeplanner.core.contacts import contacts
    from smeplanner.core.models import Contact
    from smeplanner.ui.commands import MergeContactsCommand, push_command

    first = contacts.create(first_name="Ida", last_name="Ito", email="ida@x.de")
    second = contacts.create(first_name="Ida", last_name="Itō", email="ida@x.de",
                             phone="+49 30 555123")
    contacts.set_tags(second.id, ["VIP"])
    activities.create(kind="call", subject="Hi", contact=second.id, done=True)

    def dump():
        database = Contact._meta.database
        return {table: database.execute_sql(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
                for table in ("contact", "contact_tag", "activity", "lifecycle_change")}

    before = dump()
    stack = QUndoStack()
    push_command(stack, MergeContactsCommand(first.id, [second.id], {"phone": "+49 30 555123"},
                                             name="Ida Ito"))
    assert stack.undoText() == "Merge 2 contacts into Ida Ito"
    merged = dump()
    assert [row[0] for row in merged["contact"]] == [first.id]
    assert contacts.get(first.id).phone == "+49 30 555123"
    assert contacts.tags_of(first.id) == ["VIP"]
    stack.undo()
    assert dump() == before
    stack.redo()
    assert dump() == merged
