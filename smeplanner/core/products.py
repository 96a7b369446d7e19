"""Products and services the business sells, with price and unit cost (so margin)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from smeplanner.core import validate
from smeplanner.core.models import Product
from smeplanner.core.records import RecordService


class ProductService(RecordService[Product]):
    model = Product
    label = "product"
    fields = ("name", "sku", "price", "unit_cost", "active")

    def clean(self, values: dict[str, Any], existing: Product | None) -> dict[str, Any]:
        return {
            "name": validate.text("name", values["name"], required=True),
            "sku": validate.text("sku", values["sku"], max_length=64),
            "price": validate.money("price", values["price"]),
            "unit_cost": validate.money("unit_cost", values["unit_cost"]),
            "active": validate.boolean("active", values["active"]),
        }


def margin(product: Product) -> Decimal:
    """Gross margin per unit: price minus unit cost."""
    return product.price - product.unit_cost


def margin_pct(product: Product) -> Decimal | None:
    if not product.price:
        return None
    return (margin(product) * 100 / product.price).quantize(Decimal("0.1"))


products = ProductService()
