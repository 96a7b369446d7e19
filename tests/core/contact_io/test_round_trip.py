"""Export to vCard or interchange CSV, import into an empty workspace: the same contacts."""

from __future__ import annotations

import pytest

from smeplanner.core import bulk
from smeplanner.core.contact_io.exports import write_export
from smeplanner.core.contact_io.files import read_contact_file
from smeplanner.core.contact_io.importer import plan_import, run_import
from smeplanner.core.contacts import contacts
from smeplanner.core.db import open_workspace
from smeplanner.core.models import Company, Contact, ContactTag, Tag

PEOPLE = (
    dict(first_name="Zoë", last_name="Ärmel-Schmidt", email="zoe@example.com",
         phone="+49 30 1234567", mobile="+49 171 7654321", job_title="Owner, CEO",
         lifecycle_stage="customer", notes="Likes \"strong\" coffee;\nasks for; commas, too",
         address="Hauptstraße 1\nHinterhaus", city="Berlin", postcode="10115",
         country="Germany"),
    dict(first_name="Bob", last_name="O'Brien", email="bob@example.com", phone="+1 555 0100",
         lifecycle_stage="qualified", notes="=SUM(A1) is not a formula here"),
    dict(first_name="", last_name="", email="info@cafe.example", lifecycle_stage="lead"),
)
TAGS = {"zoe@example.com": ["VIP", "Fair, 2026"], "bob@example.com": ["Newsletter"]}


def snapshot() -> list[tuple]:
    """What a round trip must keep, per contact, by email."""
    result = []
    for contact in Contact.select().order_by(Contact.email):
        tags = sorted(tag.name for tag in Tag.select().join(ContactTag)
                      .where(ContactTag.contact == contact.id)
                      if not tag.name.startswith("Import "))
        company = Company.get_by_id(contact.company_id).name if contact.company_id else ""
        result.append((contact.first_name, contact.last_name, contact.email, contact.phone,
                       contact.mobile, company, contact.job_title, tags,
                       contact.lifecycle_stage, contact.notes, contact.address, contact.city,
                       contact.postcode, contact.country))
    return result


@pytest.mark.parametrize(("fmt", "name", "interchange"),
                         [("vcard", "people.vcf", False), ("csv", "people.csv", True)])
def test_exported_contacts_import_into_an_empty_workspace_unchanged(tmp_path, fmt, name,
                                                                    interchange):
    exported = tmp_path / name
    with open_workspace(tmp_path / "first.smeplanner"):
        acme = Company.create(name="Acme & Söhne GmbH").id
        for values in PEOPLE:
            contact = contacts.create(**values, company=acme if values["first_name"] else None)
            for tag in TAGS.get(values["email"], []):
                bulk.add_tag([contact.id], tag)
        before = snapshot()
        assert write_export("contacts", fmt, exported, interchange=interchange) == 3
    with open_workspace(tmp_path / "second.smeplanner"):
        plan = plan_import(read_contact_file(exported).contacts)
        assert (plan.created, plan.updated, plan.skipped) == (3, 0, 0)
        run_import(plan)
        assert snapshot() == before
