"""Companies: validation, create/update/delete, and what deleting one does to its contacts."""

from __future__ import annotations

import pytest

from smeplanner.core.companies import companies
from smeplanner.core.contacts import contacts
from smeplanner.core.errors import ValidationError


def company_rows(workspace):
    return workspace.database.execute_sql("SELECT * FROM company ORDER BY id").fetchall()


BAD_COMPANY = [
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": None}, "name"),
    ({"name": "x" * 256}, "name"),
    ({"size_band": "huge"}, "size_band"),
    ({"email": "info@acme"}, "email"),
    ({"email": "not an email"}, "email"),
    ({"phone": "ring ring"}, "phone"),
    ({"postcode": "1" * 21}, "postcode"),
    ({"website": "w" * 256}, "website"),
    ({"city": 12}, "city"),
    ({"notes": "n" * 100_001}, "notes"),
    ({"vat_id": "DE123"}, "vat_id"),
]


@pytest.mark.parametrize(("values", "field"), BAD_COMPANY)
def test_create_refuses_bad_input_and_writes_nothing(workspace, values, field):
    with pytest.raises(ValidationError) as caught:
        companies.create(**{"name": "Acme GmbH", **values})
    assert caught.value.field == field
    assert company_rows(workspace) == []


@pytest.mark.parametrize(("values", "field"), BAD_COMPANY)
def test_update_refuses_bad_input_and_keeps_the_stored_row(workspace, values, field):
    company = companies.create(name="Acme GmbH", city="Berlin", email="info@acme.de")
    before = company_rows(workspace)
    with pytest.raises(ValidationError) as caught:
        companies.update(company.id, **{"city": "Hamburg", **values})
    assert caught.value.field == field
    assert company_rows(workspace) == before


def test_create_with_every_field(workspace):
    company = companies.create(
        name="Acme GmbH", industry="Manufacturing", size_band="10-49",
        website="https://acme.example", phone="+49 30 123456", email=" Info@ACME.de ",
        address="Hauptstr. 1\nHinterhaus", city="Berlin", postcode="10115", region="BE",
        country="DE", notes="Met at the fair")
    stored = companies.get(company.id)
    assert stored.email == "info@acme.de"
    assert stored.size_band == "10-49"
    assert stored.address == "Hauptstr. 1\nHinterhaus"
    assert stored.phone == "+49 30 123456"


def test_blank_size_band_is_allowed(workspace):
    assert companies.create(name="Acme GmbH", size_band="").size_band == ""


def test_update_changes_only_what_was_given(workspace):
    company = companies.create(name="Acme GmbH", city="Berlin")
    updated = companies.update(company.id, city="Hamburg")
    assert (updated.name, updated.city) == ("Acme GmbH", "Hamburg")


def test_delete_company_keeps_its_contacts_without_company(workspace):
    company = companies.create(name="Acme GmbH")
    anna = contacts.create(first_name="Anna", company=company.id)
    companies.delete(company.id)
    assert companies.count() == 0
    assert contacts.get(anna.id).company_id is None


def test_list_filters_and_orders(workspace):
    for name, city in (("Acme GmbH", "Berlin"), ("Beta AG", "Hamburg"), ("Cetus", "Berlin")):
        companies.create(name=name, city=city)
    assert [c.name for c in companies.list(city="Berlin", order_by="-name")] == [
        "Cetus", "Acme GmbH"]
    assert [c.name for c in companies.list(name__contains="ag")] == ["Beta AG"]
    assert companies.count(city__ne="Berlin") == 1
