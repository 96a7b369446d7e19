"""Importing contacts: the dry run's verdict per row, one all-or-nothing transaction, fill-in
updates, the batch tag, cancel and undo."""

from __future__ import annotations

import pytest

from smeplanner.core import bulk, search
from smeplanner.core.contact_io import importer
from smeplanner.core.contact_io.importer import (
    CREATE,
    SKIP,
    UPDATE,
    ImportCancelled,
    plan_import,
    run_import,
)
from smeplanner.core.contact_io.record import ImportedContact
from smeplanner.core.contacts import contacts
from smeplanner.core.models import Company, Contact, ContactTag, LifecycleChange, Tag

TABLES = (Contact, Company, Tag, ContactTag, LifecycleChange)


def row(n: int, first: str = "", last: str = "", **fields) -> ImportedContact:
    return ImportedContact(n, first, last, **fields)


def table_state() -> dict[str, list[tuple]]:
    return {model._meta.table_name: sorted(model.select().tuples()) for model in TABLES}


def test_the_dry_run_says_what_each_row_would_do_and_writes_nothing(workspace):
    anna = contacts.create(first_name="Anna", last_name="Schmidt", email="anna@acme.de").id
    before = table_state()
    plan = plan_import([
        row(1, "Anna", emails=["ANNA@acme.de"], phone="+49 30 123456", company="Acme GmbH"),
        row(2, "Bob", "Brown", emails=["bob@example.com"], company="Acme GmbH"),
        row(3, phone="030 1234567"),
        row(4, "Bobby", emails=["bob@example.com"]),
        row(5, "Zoe", emails=["not-an-address"]),
        row(6, "Anna", emails=["anna@acme.de"]),
    ])
    assert [(r.source_row, r.action) for r in plan.rows] == [
        (1, UPDATE), (2, CREATE), (3, SKIP), (4, SKIP), (5, CREATE), (6, SKIP)]
    assert plan.rows[0].contact_id == anna
    assert plan.rows[0].reason == "adds phone, company"
    assert plan.rows[2].reason == "no name and no valid email address"
    assert plan.rows[3].reason == "same email as row 2"
    assert plan.rows[4].warnings == ("email 'not-an-address' is not valid and was left out",)
    assert plan.rows[5].reason == "same email as row 1"
    assert plan.new_companies == ["Acme GmbH"]
    assert (plan.created, plan.updated, plan.skipped) == (2, 1, 3)
    assert table_state() == before


def test_an_import_writes_contacts_companies_history_tags_and_the_index(workspace):
    plan = plan_import([
        row(1, "Bob", "Brown", emails=["bob@example.com", "bob@home.example"],
            phone="+44 20 7946 0000", mobile="+44 7700 900123", company="Brown & Co",
            job_title="Owner", address="1 High St", city="London", country="UK",
            notes="Met at the fair", tags=["Fair 2026", "fair 2026", "VIP"],
            lifecycle_stage="customer"),
        row(2, "Cleo", emails=["cleo@example.com"], company="brown & co"),
    ])
    result = run_import(plan, batch_label="people.csv")
    bob = Contact.get(Contact.email == "bob@example.com")
    cleo = Contact.get(Contact.email == "cleo@example.com")
    assert set(result.changed_ids) == {bob.id, cleo.id}
    assert (bob.first_name, bob.last_name, bob.phone, bob.mobile, bob.job_title) == (
        "Bob", "Brown", "+44 20 7946 0000", "+44 7700 900123", "Owner")
    assert (bob.address, bob.city, bob.country, bob.source_channel) == (
        "1 High St", "London", "UK", "import")
    assert bob.notes == "Met at the fair\nEmail: bob@home.example"
    assert bob.lifecycle_stage == "customer" and cleo.lifecycle_stage == "lead"
    assert bob.company_id == cleo.company_id == Company.get(Company.name == "Brown & Co").id
    assert bob.sort_name == "bob brown"
    assert [(c.from_stage, c.to_stage) for c in bob.lifecycle_changes] == [(None, "customer")]
    tags = {t.name for t in Tag.select().join(ContactTag).where(ContactTag.contact == bob.id)}
    batch = next(name for name in tags if name.startswith("Import "))
    assert tags == {"Fair 2026", "VIP", batch} and batch.endswith("people.csv")
    assert {hit.id for hit in search.search(workspace.database, "brown", kinds=("contact",))} \
        == {bob.id, cleo.id}


def test_an_update_fills_in_blanks_and_adds_tags_but_never_overwrites(workspace):
    anna = contacts.create(first_name="Anna", last_name="Schmidt", email="anna@acme.de",
                           job_title="CEO").id
    plan = plan_import([row(1, "Annie", "S.", emails=["anna@acme.de"], job_title="Intern",
                            mobile="+49 171 1234567", tags=["Newsletter"])])
    assert plan.rows[0].reason == "adds mobile, tags"
    run_import(plan)
    stored = Contact.get_by_id(anna)
    assert (stored.first_name, stored.last_name, stored.job_title, stored.mobile) == (
        "Anna", "Schmidt", "CEO", "+49 171 1234567")
    again = plan_import([row(1, "Annie", emails=["anna@acme.de"], tags=["newsletter"])])
    assert again.rows[0].action == SKIP
    assert again.rows[0].reason == "already in the workspace with nothing new"


def test_an_update_fills_the_address_only_as_a_whole(workspace):
    """A stored street with the city of another address from the file would be a place
    that does not exist: the address is filled only when none of it is stored."""
    street_only = contacts.create(first_name="Ben", email="ben@cafe.de",
                                  address="Hauptstr. 1").id
    none_yet = contacts.create(first_name="Cora", email="cora@cafe.de").id
    plan = plan_import([
        row(1, "Ben", emails=["ben@cafe.de"], address="Lindenweg 9", city="Köln",
            postcode="50667", country="DE"),
        row(2, "Cora", emails=["cora@cafe.de"], address="Ring 5", city="Bonn",
            postcode="53111")])
    assert [r.action for r in plan.rows] == [SKIP, UPDATE]
    assert plan.rows[1].reason == "adds address, city, postcode"
    run_import(plan)
    ben, cora = Contact.get_by_id(street_only), Contact.get_by_id(none_yet)
    assert (ben.address, ben.city, ben.postcode, ben.country) == ("Hauptstr. 1", "", "", "")
    assert (cora.address, cora.city, cora.postcode) == ("Ring 5", "Bonn", "53111")


def test_name_prefixes_and_suffixes_are_kept_in_the_notes_and_po_boxes_in_the_address(
        workspace):
    plan = plan_import([row(1, "Eva", "Lang", emails=["eva@lang.de"], prefix="Dr.",
                            suffix="MBA", notes="Met at the fair",
                            postcode="Postfach 1234 CH-8021 Zürich")])
    assert plan.rows[0].warnings == (
        "postcode 'Postfach 1234 CH-8021 Zürich' is too long for a postcode; added to the "
        "address",)
    run_import(plan)
    eva = Contact.get(Contact.email == "eva@lang.de")
    assert eva.notes == "Met at the fair\nName prefix: Dr.\nName suffix: MBA"
    assert (eva.address, eva.postcode) == ("Postfach 1234 CH-8021 Zürich", "")
    contacts.update(eva.id, job_title="Owner")  # every stored value passes the editor's checks


def test_without_an_email_a_row_is_matched_by_phone(workspace):
    known = contacts.create(first_name="Carl", phone="+49 30 1234567").id
    plan = plan_import([row(1, "Carl", "Meyer", phone="030 1234567")])
    assert (plan.rows[0].action, plan.rows[0].contact_id) == (UPDATE, known)


def test_cancel_leaves_the_workspace_exactly_as_before(workspace):
    contacts.create(first_name="Anna", email="anna@acme.de")
    before = table_state()
    plan = plan_import([row(n, f"P{n}", emails=[f"p{n}@example.com"], company=f"Firm {n}",
                            tags=["T"]) for n in range(1, 40)]
                       + [row(99, "Anna", emails=["anna@acme.de"], city="Berlin")])
    seen = []

    def progress(done: int, total: int) -> bool:
        seen.append(done)
        return done < total - 1  # cancel at the very end, after every row was written

    with pytest.raises(ImportCancelled):
        run_import(plan, progress=progress)
    assert len(seen) >= 2
    assert table_state() == before
    assert search.search(workspace.database, "Firm") == []


def test_a_failure_midway_writes_nothing(workspace, monkeypatch):
    before = table_state()
    plan = plan_import([row(1, "Dora", emails=["dora@example.com"], tags=["X"])])

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(importer, "_write_tags", broken)
    with pytest.raises(OSError):
        run_import(plan)
    assert table_state() == before
    # The search triggers are back: a contact created now is found.
    contacts.create(first_name="Eve", email="eve@example.com")
    assert [hit.title for hit in search.search(workspace.database, "eve")] == ["Eve"]


def test_undo_takes_the_whole_import_back_exactly(workspace):
    anna = contacts.create(first_name="Anna", email="anna@acme.de").id
    bulk.add_tag([anna], "Old")
    before = table_state()
    plan = plan_import([row(1, "Anna", emails=["anna@acme.de"], city="Berlin", tags=["New"],
                            company="Acme GmbH"),
                        row(2, "Bob", emails=["bob@example.com"], company="Bobco")])
    result = run_import(plan)
    assert table_state() != before
    bulk.revert(result)
    assert table_state() == before
    assert search.search(workspace.database, "Bobco") == []
    assert [hit.title for hit in search.search(workspace.database, "anna")] == ["Anna"]


def test_undo_keeps_what_the_import_created_once_something_else_uses_it(workspace):
    plan = plan_import([row(1, "Bob", emails=["bob@example.com"], company="Bobco",
                            tags=["Fair"])])
    result = run_import(plan)
    bobco = Company.get(Company.name == "Bobco").id
    fair = Tag.get(Tag.name == "Fair").id
    carl = contacts.create(first_name="Carl", email="carl@example.com", company=bobco).id
    bulk.add_tag([carl], "Fair")
    bulk.revert(result)
    assert Contact.get_or_none(Contact.email == "bob@example.com") is None
    assert Contact.get_by_id(carl).company_id == bobco
    assert Tag.get_by_id(fair).name == "Fair"
    assert not Tag.select().where(Tag.name.startswith("Import ")).exists()


def test_no_company_is_created_for_rows_that_do_not_link_to_it(workspace):
    acme = Company.create(name="Acme").id
    contacts.create(first_name="Anna", email="anna@example.com", company=acme)
    contacts.create(first_name="Dora", email="dora@example.com")
    plan = plan_import([
        row(1, "Anna", emails=["anna@example.com"], company="Other Ltd"),  # has a company
        row(2, phone="123"),  # skipped
        row(3, "Dora", emails=["dora@example.com"], company="Dora & Co"),  # gains it
        row(4, "Eve", emails=["eve@example.com"], company="Eve GmbH"),
    ])
    assert plan.new_companies == ["Dora & Co", "Eve GmbH"]
    run_import(plan)
    assert {c.name for c in Company.select()} == {"Acme", "Dora & Co", "Eve GmbH"}
