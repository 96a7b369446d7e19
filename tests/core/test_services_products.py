"""Products: exact prices stored as minor units, margin figures, validation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from smeplanner.core import pipeline
from smeplanner.core import products as products_module
from smeplanner.core.deals import deals
from smeplanner.core.errors import ValidationError
from smeplanner.core.products import margin, margin_pct, products


def product_rows(workspace):
    return workspace.database.execute_sql("SELECT * FROM product ORDER BY id").fetchall()


def raw_money(workspace, product_id):
    return workspace.database.execute_sql(
        "SELECT price, unit_cost, typeof(price) FROM product WHERE id = ?",
        (product_id,)).fetchone()


BAD_PRODUCT = [
    ({"name": ""}, "name"),
    ({"name": "n" * 256}, "name"),
    ({"sku": "s" * 65}, "sku"),
    ({"price": -1}, "price"),
    ({"price": "-0,01"}, "price"),
    ({"price": 12.5}, "price"),
    ({"price": "12.345"}, "price"),
    ({"price": "twelve"}, "price"),
    ({"price": None}, "price"),
    ({"price": Decimal("1e13")}, "price"),
    ({"unit_cost": -5}, "unit_cost"),
    ({"unit_cost": 0.1}, "unit_cost"),
    ({"active": "no"}, "active"),
    ({"colour": "red"}, "colour"),
]


@pytest.mark.parametrize(("values", "field"), BAD_PRODUCT)
def test_create_refuses_bad_input_and_writes_nothing(workspace, values, field):
    with pytest.raises(ValidationError) as caught:
        products.create(**{"name": "Widget", "price": "10", **values})
    assert caught.value.field == field
    assert product_rows(workspace) == []


@pytest.mark.parametrize(("values", "field"), BAD_PRODUCT)
def test_update_refuses_bad_input_and_keeps_the_stored_row(workspace, values, field):
    product = products.create(name="Widget", price="10.00", unit_cost="4.00")
    before = product_rows(workspace)
    with pytest.raises(ValidationError) as caught:
        products.update(product.id, **{"sku": "W-2", **values})
    assert caught.value.field == field
    assert product_rows(workspace) == before


@pytest.mark.parametrize(("price", "expected", "minor"), [
    ("1 234,50", Decimal("1234.50"), 123450),
    ("1,234.50", Decimal("1234.50"), 123450),
    ("€1.234,50", Decimal("1234.50"), 123450),
    (Decimal("1234.5"), Decimal("1234.50"), 123450),
    (1234, Decimal("1234.00"), 123400),
    ("0.01", Decimal("0.01"), 1),
    ("9999999999999.99", Decimal("9999999999999.99"), 999999999999999),
])
def test_price_round_trips_exactly_and_is_stored_as_integer_cents(workspace, price, expected,
                                                                   minor):
    product = products.create(name="Widget", price=price)
    assert isinstance(product.price, Decimal)
    assert product.price == expected
    stored_price, _, stored_type = raw_money(workspace, product.id)
    assert (stored_price, stored_type) == (minor, "integer")


def test_price_update_is_exact(workspace):
    product = products.create(name="Widget", price="0.10")
    product = products.update(product.id, price="0.20", unit_cost="0.10")
    for _ in range(3):
        product = products.update(product.id, price=product.price + Decimal("0.10"))
    assert product.price == Decimal("0.50")
    assert raw_money(workspace, product.id)[:2] == (50, 10)


def test_defaults(workspace):
    product = products.create(name="Consulting hour")
    assert product.price == Decimal("0.00")
    assert product.unit_cost == Decimal("0.00")
    assert product.active is True
    assert product.sku == ""


@pytest.mark.parametrize(("price", "cost", "expected_margin", "expected_pct"), [
    ("100.00", "60.00", Decimal("40.00"), Decimal("40.0")),
    ("3.00", "1.00", Decimal("2.00"), Decimal("66.7")),
    ("10.00", "12.50", Decimal("-2.50"), Decimal("-25.0")),
    ("0", "5.00", Decimal("-5.00"), None),
])
def test_margin(workspace, price, cost, expected_margin, expected_pct):
    product = products.create(name="Widget", price=price, unit_cost=cost)
    assert margin(product) == expected_margin
    assert margin_pct(product) == expected_pct


def test_list_by_price_and_active(workspace):
    products.create(name="Cheap", price="1.00")
    products.create(name="Dear", price="1000.00", active=False)
    products.create(name="Mid", price="99.99")
    assert [p.name for p in products.list(price__gte="99.99", order_by="-price")] == [
        "Dear", "Mid"]
    assert [p.name for p in products.list(active=True, order_by="name")] == ["Cheap", "Mid"]


def test_list_products_orders_by_name_ignoring_case(workspace):
    products.create(name="beta", price="2.00")
    products.create(name="Alpha", price="1.00", unit_cost="0.25")
    products.create(name="Gamma", price="3.00", active=False)
    listed = products_module.list_products()
    assert [p.name for p in listed] == ["Alpha", "beta", "Gamma"]
    alpha = listed[0]
    assert (alpha.price, alpha.unit_cost, alpha.active) == (Decimal("1.00"), Decimal("0.25"),
                                                            True)
    assert (alpha.margin, alpha.margin_pct) == (Decimal("0.75"), Decimal("75.0"))
    assert [p.name for p in products_module.list_products(include_inactive=False)] == [
        "Alpha", "beta"]


def test_an_unused_product_can_be_deleted(workspace):
    product = products.create(name="Widget", price="10")
    products.delete(product.id)
    assert product_rows(workspace) == []


def test_a_product_on_deal_lines_cannot_be_deleted(workspace):
    product = products.create(name="Widget", price="10")
    stage = pipeline.list_stages()[0].id
    for title in ("First", "Second"):
        deal = deals.create(title=title, stage=stage)
        deals.set_lines(deal.id, [{"product": product.id, "quantity": 2}])
    before = product_rows(workspace)
    with pytest.raises(ValidationError) as caught:
        products.delete(product.id)
    assert caught.value.field == "product"
    assert "is on 2 deal line(s); mark it inactive instead" in caught.value.message
    assert "Widget" in caught.value.message
    assert product_rows(workspace) == before
    assert products_module.usage_count(product.id) == 2
