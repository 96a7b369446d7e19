"""Campaigns: dates and offer windows, budget, expenses and spend, offer products."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from smeplanner.core.campaigns import campaigns
from smeplanner.core.companies import companies
from smeplanner.core.errors import NotFoundError, ValidationError
from smeplanner.core.products import products

SPRING = {"name": "Spring sale", "start_date": "2024-03-01", "end_date": "2024-03-31"}


def rows(workspace, table):
    return workspace.database.execute_sql(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()


BAD_CAMPAIGN = [
    ({"name": ""}, "name"),
    ({"name": "n" * 256}, "name"),
    ({"channel": "tv"}, "channel"),
    ({"objective": "fame"}, "objective"),
    ({"status": "running"}, "status"),
    ({"start_date": None}, "start_date"),
    ({"start_date": "2024-02-30"}, "start_date"),
    ({"end_date": ""}, "end_date"),
    ({"end_date": "31.03.2024"}, "end_date"),
    ({"end_date": "2024-02-29"}, "end_date"),                          # ends before it starts
    ({"budget": "-1"}, "budget"),
    ({"budget": 100.0}, "budget"),
    ({"budget": "1.001"}, "budget"),
    ({"target_revenue": "-5"}, "target_revenue"),
    ({"target_revenue": 5.5}, "target_revenue"),
    ({"target_leads": -1}, "target_leads"),
    ({"target_leads": "many"}, "target_leads"),
    ({"offer_discount_pct": "101"}, "offer_discount_pct"),
    ({"offer_discount_pct": "-1"}, "offer_discount_pct"),
    ({"offer_discount_pct": "half"}, "offer_discount_pct"),
    ({"offer_code": "c" * 65}, "offer_code"),
    ({"offer_start": "2024-03-05"}, "offer_end"),                      # window half-given
    ({"offer_end": "2024-03-05"}, "offer_start"),
    ({"offer_start": "2024-03-10", "offer_end": "2024-03-05"}, "offer_end"),  # reversed
    ({"offer_start": "someday", "offer_end": "2024-03-05"}, "offer_start"),
    ({"agency": 9999}, "agency"),
    ({"impressions": -10}, "impressions"),
    ({"clicks": 1.5}, "clicks"),
    ({"visits": True}, "visits"),
    ({"notes": "n" * 100_001}, "notes"),
    ({"colour": "red"}, "colour"),
]


@pytest.mark.parametrize(("values", "field"), BAD_CAMPAIGN)
def test_create_refuses_bad_input_and_writes_nothing(workspace, values, field):
    with pytest.raises(ValidationError) as caught:
        campaigns.create(**{**SPRING, **values})
    assert caught.value.field == field
    assert rows(workspace, "campaign") == []


@pytest.mark.parametrize(("values", "field"), BAD_CAMPAIGN)
def test_update_refuses_bad_input_and_keeps_the_stored_row(workspace, values, field):
    campaign = campaigns.create(**SPRING, budget="500")
    before = rows(workspace, "campaign")
    with pytest.raises(ValidationError) as caught:
        campaigns.update(campaign.id, **{"notes": "changed", **values})
    assert caught.value.field == field
    assert rows(workspace, "campaign") == before


def test_update_moving_start_after_end_is_refused(workspace):
    campaign = campaigns.create(**SPRING)
    with pytest.raises(ValidationError) as caught:
        campaigns.update(campaign.id, start_date="2024-04-01")
    assert caught.value.field == "end_date"
    assert campaigns.get(campaign.id).start_date == date(2024, 3, 1)


def test_one_day_campaign_and_offer_window(workspace):
    campaign = campaigns.create(name="Fair", start_date="2024-05-04", end_date="2024-05-04",
                                offer_start="2024-05-04", offer_end="2024-05-04")
    assert campaign.start_date == campaign.end_date == date(2024, 5, 4)
    assert campaign.offer_start == campaign.offer_end == date(2024, 5, 4)


def test_create_with_every_field(workspace):
    agency = companies.create(name="Ad Agency")
    campaign = campaigns.create(
        **SPRING, channel="paid_ads", objective="sales", status="active", budget="1 500,00",
        target_leads=40, target_revenue="20,000.00", audience_tags="vip,newsletter",
        audience_stages="lead,qualified", offer_discount_pct="12,5", offer_code="SPRING24",
        offer_start="2024-03-10", offer_end="2024-03-20", agency=agency.id,
        impressions=10000, clicks=300, visits=250, notes="Q1 push")
    stored = campaigns.get(campaign.id)
    assert stored.budget == Decimal("1500.00")
    assert stored.target_revenue == Decimal("20000.00")
    assert stored.offer_discount_pct == Decimal("12.5")
    assert stored.agency_id == agency.id
    assert (stored.offer_start, stored.offer_end) == (date(2024, 3, 10), date(2024, 3, 20))
    raw = workspace.database.execute_sql(
        "SELECT budget, target_revenue, offer_discount_pct FROM campaign").fetchone()
    assert raw == (150000, 2000000, "12.5")


def test_defaults(workspace):
    campaign = campaigns.create(**SPRING)
    assert (campaign.channel, campaign.objective, campaign.status) == ("other", "leads",
                                                                       "planned")
    assert campaign.budget == Decimal("0.00")
    assert campaign.target_revenue is None
    assert campaign.offer_start is None


def test_clearing_the_offer_window(workspace):
    campaign = campaigns.create(**SPRING, offer_start="2024-03-10", offer_end="2024-03-20")
    updated = campaigns.update(campaign.id, offer_start=None, offer_end=None)
    assert (updated.offer_start, updated.offer_end) == (None, None)


# --- expenses ---------------------------------------------------------------------------------

def test_expenses_sum_exactly_into_spend(workspace):
    campaign = campaigns.create(**SPRING)
    for amount in ("0.10", "0.20", "1 234,50", Decimal("99.99"), 5):
        campaigns.add_expense(campaign.id, spent_on="2024-03-02", amount=amount, vendor="Print")
    spend = campaigns.spend(campaign.id)
    assert isinstance(spend, Decimal)
    assert spend == Decimal("1339.79")
    assert workspace.database.execute_sql(
        "SELECT sum(amount), typeof(sum(amount)) FROM campaign_expense").fetchone() == (
        133979, "integer")


def test_spend_of_a_campaign_without_expenses_is_zero(workspace):
    campaign = campaigns.create(**SPRING)
    assert campaigns.spend(campaign.id) == Decimal(0)
    other = campaigns.create(**{**SPRING, "name": "Other"})
    campaigns.add_expense(other.id, spent_on="2024-03-02", amount="50")
    assert campaigns.spend(campaign.id) == Decimal(0)
    assert campaigns.spend(other.id) == Decimal("50.00")


def test_expenses_listed_by_date(workspace):
    campaign = campaigns.create(**SPRING)
    campaigns.add_expense(campaign.id, spent_on=date(2024, 3, 9), amount="2", note=" later ")
    campaigns.add_expense(campaign.id, spent_on="2024-03-01", amount="1")
    listed = campaigns.expenses(campaign.id)
    assert [e.spent_on for e in listed] == [date(2024, 3, 1), date(2024, 3, 9)]
    assert listed[1].note == "later"
    assert listed[0].amount == Decimal("1.00")


@pytest.mark.parametrize(("values", "field"), [
    ({"amount": "-10"}, "amount"),
    ({"amount": 10.5}, "amount"),
    ({"amount": ""}, "amount"),
    ({"amount": "3.333"}, "amount"),
    ({"spent_on": None}, "spent_on"),
    ({"spent_on": "2024-02-31"}, "spent_on"),
    ({"vendor": "v" * 256}, "vendor"),
])
def test_add_expense_refuses_bad_input_and_writes_nothing(workspace, values, field):
    campaign = campaigns.create(**SPRING)
    with pytest.raises(ValidationError) as caught:
        campaigns.add_expense(campaign.id, **{"spent_on": "2024-03-02", "amount": "10",
                                              **values})
    assert caught.value.field == field
    assert rows(workspace, "campaign_expense") == []


def test_add_expense_to_unknown_campaign(workspace):
    with pytest.raises(NotFoundError):
        campaigns.add_expense(9999, spent_on="2024-03-02", amount="10")


def test_delete_expense(workspace):
    campaign = campaigns.create(**SPRING)
    expense = campaigns.add_expense(campaign.id, spent_on="2024-03-02", amount="10")
    campaigns.delete_expense(expense.id)
    assert campaigns.expenses(campaign.id) == []
    with pytest.raises(NotFoundError):
        campaigns.delete_expense(expense.id)


def test_deleting_a_campaign_deletes_its_expenses_and_offer_links(workspace):
    campaign = campaigns.create(**SPRING)
    product = products.create(name="Widget", price="10")
    campaigns.add_expense(campaign.id, spent_on="2024-03-02", amount="10")
    campaigns.set_offer_products(campaign.id, [product.id])
    campaigns.delete(campaign.id)
    assert rows(workspace, "campaign_expense") == []
    assert rows(workspace, "campaign_product") == []
    assert products.count() == 1


def test_a_product_on_an_offer_cannot_be_deleted(workspace):
    """It would vanish from the offer silently: retire it (inactive) instead."""
    campaign = campaigns.create(**SPRING)
    product = products.create(name="Widget", price="10")
    campaigns.set_offer_products(campaign.id, [product.id])
    with pytest.raises(ValidationError, match="offer of 1 campaign") as caught:
        products.delete(product.id)
    assert caught.value.field == "product"
    assert campaigns.offer_product_ids(campaign.id) == [product.id]
    campaigns.set_offer_products(campaign.id, [])
    products.delete(product.id)
    assert products.count() == 0


# --- offer products ---------------------------------------------------------------------------

def test_offer_products_set_and_replace(workspace):
    campaign = campaigns.create(**SPRING)
    a, b, c = (products.create(name=name, price="1") for name in "ABC")
    assert campaigns.set_offer_products(campaign.id, [c.id, a.id, c.id]) == [a.id, c.id]
    assert campaigns.set_offer_products(campaign.id, [b.id]) == [b.id]
    assert campaigns.offer_product_ids(campaign.id) == [b.id]
    assert campaigns.set_offer_products(campaign.id, []) == []


def test_offer_products_refuse_unknown_product_and_keep_the_old_set(workspace):
    campaign = campaigns.create(**SPRING)
    product = products.create(name="Widget", price="1")
    campaigns.set_offer_products(campaign.id, [product.id])
    with pytest.raises(ValidationError) as caught:
        campaigns.set_offer_products(campaign.id, [product.id, 9999])
    assert caught.value.field == "offer_products"
    assert campaigns.offer_product_ids(campaign.id) == [product.id]


def test_offer_products_of_unknown_campaign(workspace):
    with pytest.raises(NotFoundError):
        campaigns.set_offer_products(9999, [])


def test_deleting_an_agency_keeps_the_campaign(workspace):
    agency = companies.create(name="Ad Agency")
    campaign = campaigns.create(**SPRING, agency=agency.id)
    companies.delete(agency.id)
    assert campaigns.get(campaign.id).agency_id is None
