"""The contact editor: bad input names the field and saves nothing; a likely duplicate is
announced on save, with the choice to open it, save anyway or go back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from smeplanner.core.companies import companies
from smeplanner.core.contacts import contacts
from smeplanner.core.models import Company, Contact
from smeplanner.ui.dialogs import contact_editor
from smeplanner.ui.dialogs.contact_editor import ContactEditorDialog


@pytest.fixture
def dialog(qtbot, workspace):
    widget = ContactEditorDialog()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _type(qtbot, dialog: ContactEditorDialog, field: str, text: str) -> None:
    edit = dialog.form.edits[field]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def _save(qtbot, dialog: ContactEditorDialog) -> None:
    qtbot.keyClick(dialog.form.edits["first_name"], Qt.Key.Key_Return)


@pytest.mark.parametrize(("field", "text", "message_start"), [
    ("email", "anna@nowhere", "Email:"),
    ("phone", "call me maybe", "Phone:"),
])
def test_bad_input_names_the_field_and_saves_nothing(qtbot, dialog, field, text,
                                                     message_start):
    _type(qtbot, dialog, "first_name", "Anna")
    _type(qtbot, dialog, field, text)
    _save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.form.error_label.text().startswith(message_start)
    assert dialog.form.edits[field].hasFocus()
    assert Contact.select().count() == 0


def test_a_contact_needs_a_name_or_an_email(qtbot, dialog):
    _type(qtbot, dialog, "company", "Nameless GmbH")
    _save(qtbot, dialog)
    assert dialog.form.error_label.text().startswith("Name:")
    assert (Contact.select().count(), Company.select().count()) == (0, 0)


def test_a_good_contact_is_saved_with_company_and_tags(qtbot, dialog):
    _type(qtbot, dialog, "first_name", "Anna")
    _type(qtbot, dialog, "last_name", "Schmidt")
    _type(qtbot, dialog, "email", "Anna@Acme.de")
    _type(qtbot, dialog, "company", "Acme GmbH")
    _type(qtbot, dialog, "tags", "VIP, trade fair")
    dialog.form.stage_combo.setCurrentIndex(dialog.form.stage_combo.findData("qualified"))
    _save(qtbot, dialog)
    assert not dialog.isVisible()
    assert dialog.result_value.action == "saved"
    saved = contacts.get(dialog.result_value.contact_id)
    assert (saved.email, saved.company.name, saved.lifecycle_stage) == (
        "anna@acme.de", "Acme GmbH", "qualified")
    assert contacts.tags_of(saved.id) == ["trade fair", "VIP"]


@pytest.mark.parametrize(("answer", "expected"), [("open", "open"), ("save", "saved"),
                                                  ("cancel", None)])
def test_duplicate_warning_offers_to_open_the_existing_contact(qtbot, dialog, monkeypatch,
                                                               answer, expected):
    existing = contacts.create(first_name="Anna", last_name="Schmidt", email="anna@acme.de")
    asked: list[list] = []

    def fake_ask(parent, matches):
        asked.append(matches)
        return answer

    monkeypatch.setattr(contact_editor, "ask_about_duplicate", fake_ask)
    _type(qtbot, dialog, "first_name", "Anne")
    _type(qtbot, dialog, "email", "ANNA@acme.de")
    _save(qtbot, dialog)
    assert asked and asked[0][0].contact_id == existing.id
    assert "same email" in asked[0][0].reasons
    if expected is None:
        assert dialog.isVisible() and dialog.result_value is None
        assert Contact.select().count() == 1
    elif expected == "open":
        assert dialog.result_value.action == "open"
        assert dialog.result_value.contact_id == existing.id
        assert Contact.select().count() == 1
    else:
        assert dialog.result_value.action == "saved"
        assert Contact.select().count() == 2


def test_editing_without_changing_identity_asks_nothing(qtbot, workspace, monkeypatch):
    acme = companies.create(name="Acme")
    person = contacts.create(first_name="Bea", email="bea@acme.de", company=acme.id)
    contacts.create(first_name="Bea", email="bea@acme.de")  # already a duplicate
    monkeypatch.setattr(contact_editor, "ask_about_duplicate",
                        lambda *args: pytest.fail("asked about a duplicate"))
    dialog = ContactEditorDialog(person.id)
    qtbot.addWidget(dialog)
    dialog.show()
    _type(qtbot, dialog, "job_title", "Buyer")
    _save(qtbot, dialog)
    assert contacts.get(person.id).job_title == "Buyer"


def test_campaigns_are_read_when_the_list_opens_and_the_choice_is_kept(qtbot, workspace):
    from smeplanner.core.campaigns import campaigns

    spring = campaigns.create(name="Spring", channel="email", start_date="2026-03-01",
                              end_date="2026-03-31")
    campaigns.create(name="Summer", channel="social", start_date="2026-06-01",
                     end_date="2026-06-30")
    person = contacts.create(first_name="Ola", source_campaign=spring.id)
    dialog = ContactEditorDialog(person.id)
    qtbot.addWidget(dialog)
    combo = dialog.form.campaign_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["(none)", "Spring"]
    assert combo.currentData() == spring.id
    combo.showPopup()
    combo.hidePopup()
    assert [combo.itemText(i) for i in range(combo.count())] == ["(none)", "Summer", "Spring"]
    assert combo.currentData() == spring.id
