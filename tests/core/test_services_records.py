"""The shared RecordService behaviour: get/list/count with filters and ordering, unknown ids."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from smeplanner.core.activities import activities
from smeplanner.core.campaigns import campaigns
from smeplanner.core.companies import companies
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals
from smeplanner.core.errors import NotFoundError, ValidationError
from smeplanner.core.goals import goals
from smeplanner.core.models import Company
from smeplanner.core.products import products

SERVICES = [companies, contacts, products, campaigns, deals, activities, goals]


@pytest.fixture
def catalogue(workspace):
    """Five products with distinct names, prices and SKUs (one without)."""
    rows = [("Widget", "10.00", "W-1", True), ("gadget", "25.50", "G-1", True),
            ("Bolt", "0.99", "", False), ("Nut", "0.50", "N-1", True),
            ("Zapper", "199.00", "Z-1", False)]
    return {name: products.create(name=name, price=price, sku=sku, active=active)
            for name, price, sku, active in rows}


def names(records):
    return [record.name for record in records]


@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.label)
def test_get_update_delete_unknown_id_raise_not_found(workspace, service):
    with pytest.raises(NotFoundError) as caught:
        service.get(9999)
    assert caught.value.record_id == 9999
    assert caught.value.kind == service.label
    with pytest.raises(NotFoundError):
        service.update(9999)
    with pytest.raises(NotFoundError):
        service.delete(9999)


@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.label)
def test_unknown_field_is_refused_on_create_naming_it(workspace, service):
    with pytest.raises(ValidationError) as caught:
        service.create(no_such_field=1)
    assert caught.value.field == "no_such_field"


def test_unknown_field_is_refused_on_update_and_nothing_changes(workspace):
    company = companies.create(name="Acme GmbH")
    with pytest.raises(ValidationError) as caught:
        companies.update(company.id, name="Other", colour="red")
    assert caught.value.field == "colour"
    assert companies.get(company.id).name == "Acme GmbH"


def test_filter_equals(catalogue):
    assert names(products.list(name="Widget")) == ["Widget"]
    assert names(products.list(active=False, order_by="name")) == ["Bolt", "Zapper"]


def test_filter_in(catalogue):
    assert names(products.list(sku__in=["G-1", "N-1", "nope"], order_by="name")) == [
        "Nut", "gadget"]
    assert products.list(sku__in=[]) == []


def test_filter_money_ranges_compare_exact_amounts(catalogue):
    assert names(products.list(price__gte=Decimal("10.00"), order_by="price")) == [
        "Widget", "gadget", "Zapper"]
    assert names(products.list(price__lte="0.99", order_by="price")) == ["Nut", "Bolt"]
    assert names(products.list(price__gt=Decimal("0.99"), price__lt=Decimal("199"),
                               order_by="price")) == ["Widget", "gadget"]


def test_filter_contains_is_case_insensitive_and_literal(catalogue):
    assert names(products.list(name__contains="ADG")) == ["gadget"]
    assert products.list(name__contains="%") == []
    assert products.list(name__contains="_") == []


def test_filter_isnull_and_ne(workspace):
    acme = companies.create(name="Acme GmbH")
    contacts.create(first_name="Anna", company=acme.id)
    contacts.create(first_name="Ben")
    assert [c.first_name for c in contacts.list(company__isnull=True)] == ["Ben"]
    assert [c.first_name for c in contacts.list(company__isnull=False)] == ["Anna"]
    assert [c.first_name for c in contacts.list(company=None)] == ["Ben"]
    assert [c.first_name for c in contacts.list(first_name__ne="Anna")] == ["Ben"]


def test_filter_dates(workspace):
    for day in (1, 10, 20):
        campaigns.create(name=f"C{day}", start_date=date(2024, 3, day),
                         end_date=date(2024, 3, 28))
    assert names(campaigns.list(start_date__gte=date(2024, 3, 10), order_by="start_date")) == [
        "C10", "C20"]
    assert names(campaigns.list(start_date__lte="2024-03-10", order_by="-start_date")) == [
        "C10", "C1"]


def test_order_by_descending_and_multiple(catalogue):
    assert names(products.list(order_by="-name")) == ["gadget", "Zapper", "Widget", "Nut", "Bolt"]
    assert names(products.list(order_by=["active", "-price"])) == [
        "Zapper", "Bolt", "gadget", "Widget", "Nut"]


def test_order_default_is_by_id(catalogue):
    assert [p.id for p in products.list()] == sorted(p.id for p in catalogue.values())


def test_limit_and_offset(catalogue):
    assert names(products.list(order_by="price", limit=2)) == ["Nut", "Bolt"]
    assert names(products.list(order_by="price", limit=2, offset=2)) == ["Widget", "gadget"]


def test_count_with_filters(catalogue):
    assert products.count() == 5
    assert products.count(active=True) == 3
    assert products.count(price__gte=Decimal(10), active=True) == 2
    assert products.count(name__contains="zzz") == 0


@pytest.mark.parametrize(("call", "field"), [
    (lambda: products.list(colour="red"), "colour"),
    (lambda: products.list(price__between=1), "price__between"),
    (lambda: products.count(nope__in=[1]), "nope"),
    (lambda: products.list(order_by="-colour"), "colour"),
])
def test_unknown_filter_or_order_field_is_a_validation_error(catalogue, call, field):
    with pytest.raises(ValidationError) as caught:
        call()
    assert caught.value.field == field


def test_create_returns_the_stored_record(workspace):
    company = companies.create(name="  Acme GmbH  ", city=" Berlin ")
    assert company.id is not None
    assert company.name == "Acme GmbH"
    assert company.city == "Berlin"
    assert Company.get_by_id(company.id).name == "Acme GmbH"
    assert company.created_at.tzinfo is not None


def test_update_without_changes_writes_nothing(workspace):
    company = companies.create(name="Acme GmbH")
    workspace.database.execute_sql("UPDATE company SET updated_at = '2000-01-01 00:00:00'")
    same = companies.update(company.id, name="Acme GmbH ")
    assert same.name == "Acme GmbH"
    stored = workspace.database.execute_sql(
        "SELECT updated_at FROM company WHERE id = ?", (company.id,)).fetchone()[0]
    assert stored == "2000-01-01 00:00:00"


def test_update_bumps_updated_at(workspace):
    company = companies.create(name="Acme GmbH")
    workspace.database.execute_sql("UPDATE company SET updated_at = '2000-01-01 00:00:00'")
    updated = companies.update(company.id, city="Berlin")
    assert updated.city == "Berlin"
    assert updated.updated_at.year > 2000


def test_delete_removes_the_row(workspace):
    company = companies.create(name="Acme GmbH")
    companies.delete(company.id)
    assert companies.count() == 0
    with pytest.raises(NotFoundError):
        companies.get(company.id)
