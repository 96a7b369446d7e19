"""Saving from the contact editor: company by name, tags as text, all or nothing."""

from __future__ import annotations

import pytest

from smeplanner.core import contact_forms
from smeplanner.core.companies import companies
from smeplanner.core.contacts import contacts
from smeplanner.core.errors import ValidationError
from smeplanner.core.models import Company, Contact


def test_split_tags():
    assert contact_forms.split_tags(" VIP, newsletter ,, wholesale ") == [
        "VIP", "newsletter", "wholesale"]
    assert contact_forms.split_tags("") == []


def test_new_contact_with_a_new_company_and_tags(workspace):
    contact = contact_forms.save_contact(
        None, {"first_name": "Anna", "email": "anna@acme.de"}, company_name="Acme GmbH",
        tags=["VIP"])
    assert contact.company.name == "Acme GmbH"
    assert contacts.tags_of(contact.id) == ["VIP"]


def test_existing_company_is_found_ignoring_case(workspace):
    acme = companies.create(name="Acme GmbH")
    contact = contact_forms.save_contact(None, {"first_name": "Ben"}, company_name="acme gmbh")
    assert contact.company_id == acme.id
    assert Company.select().count() == 1


@pytest.mark.parametrize(("stored", "typed"), [
    ("Élan Café", "Élan Café"), ("Élan Café", "élan café"), ("Öko Rösterei", "ÖKO RÖSTEREI"),
    ("Straße 7 GmbH", "STRASSE 7 GMBH")])
def test_a_company_with_letters_beyond_ascii_is_found_too(workspace, stored, typed):
    """SQLite's lower() leaves "É" and "Ö" alone: a second save must not make a second
    company of the same name."""
    company = companies.create(name=stored)
    contact = contact_forms.save_contact(None, {"first_name": "Ben"}, company_name=typed)
    assert contact.company_id == company.id
    assert Company.select().count() == 1


def test_bad_contact_creates_no_company(workspace):
    with pytest.raises(ValidationError) as caught:
        contact_forms.save_contact(None, {"first_name": "Cleo", "email": "not-an-email"},
                                   company_name="Brand New Ltd")
    assert caught.value.field == "email"
    assert Company.select().count() == 0
    assert Contact.select().count() == 0


def test_update_clears_the_company_when_the_name_is_empty(workspace):
    acme = companies.create(name="Acme GmbH")
    contact = contacts.create(first_name="Dora", company=acme.id)
    saved = contact_forms.save_contact(contact.id, {"last_name": "Dahl"}, company_name="")
    assert saved.company_id is None
    assert saved.last_name == "Dahl"


def test_company_names_for_the_completer(workspace):
    for name in ("Acme GmbH", "Acme Ltd", "Bakery"):
        companies.create(name=name)
    assert contact_forms.company_names_starting("Acm") == ["Acme GmbH", "Acme Ltd"]
    assert contact_forms.company_names_starting(" ") == []


def test_load_contact_gives_the_editor_its_values(workspace):
    from datetime import date

    from smeplanner.core.campaigns import campaigns

    spring = campaigns.create(name="Spring", channel="email", start_date="2026-03-01",
                              end_date="2026-03-31")
    summer = campaigns.create(name="Summer", channel="social", start_date="2026-06-01",
                              end_date="2026-06-30")
    saved = contact_forms.save_contact(
        None, {"first_name": "Eva", "email": "eva@x.de", "source_campaign": spring.id,
               "next_follow_up": date(2026, 12, 1)}, company_name="Acme", tags=["b", "A"])
    values = contact_forms.load_contact(saved.id)
    assert values["company_name"] == "Acme"
    assert values["tags"] == ["A", "b"]
    assert values["source_campaign"] == spring.id
    assert values["next_follow_up"] == date(2026, 12, 1)
    assert values["first_name"] == "Eva"
    assert contact_forms.campaign_choices() == [(summer.id, "Summer"), (spring.id, "Spring")]


def _dump(database) -> dict[str, list[tuple]]:
    tables = [name for (name,) in database.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'search_%' ORDER BY name")]
    return {table: database.execute_sql(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
            for table in tables}


def test_undo_and_redo_of_a_new_contact_with_a_new_company(workspace):
    from smeplanner.core import bulk, search

    before = _dump(workspace.database)
    result = contact_forms.save_contact_undoable(
        None, {"first_name": "Fritz", "email": "fritz@neu.de"}, company_name="Neu GmbH",
        tags=["VIP"])
    after = _dump(workspace.database)
    assert result.changes == {"contact": result.changed_ids}
    bulk.revert(result)
    assert _dump(workspace.database)["contact"] == before["contact"]
    assert _dump(workspace.database)["company"] == before["company"]
    assert search.search(workspace.database, "fritz") == []
    with workspace.database.atomic():
        result.undo.replay()
    assert _dump(workspace.database) == after
    assert search.index_is_consistent(workspace.database)


def test_undo_of_an_edit_restores_tags_stage_history_and_company_exactly(workspace):
    from smeplanner.core import bulk, search
    from smeplanner.core.activities import activities

    acme = companies.create(name="Acme")
    person = contacts.create(first_name="Gina", company=acme.id)
    contacts.set_tags(person.id, ["old"])
    activities.create(kind="call", subject="Hello", contact=person.id, done=True)
    before = _dump(workspace.database)
    values = contact_forms.load_contact(person.id)
    for shown_only in ("company_name", "tags", "source_campaign_name"):
        values.pop(shown_only)
    values.update(last_name="Gross", lifecycle_stage="customer")
    result = contact_forms.save_contact_undoable(person.id, values, company_name="Brand New",
                                                 tags=["new"])
    after = _dump(workspace.database)
    assert after != before
    bulk.revert(result)
    restored = _dump(workspace.database)
    for table in ("contact", "contact_tag", "lifecycle_change", "activity", "company"):
        assert restored[table] == before[table], table
    with workspace.database.atomic():
        result.undo.replay()
    replayed = _dump(workspace.database)
    for table in ("contact", "contact_tag", "lifecycle_change", "activity", "company"):
        assert replayed[table] == after[table], table
    assert search.index_is_consistent(workspace.database)
