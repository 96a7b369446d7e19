"""Products and services the business sells, with price and unit cost (so margin)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from peewee import fn

from smeplanner.core import validate
from smeplanner.core.errors import ValidationError
from smeplanner.core.models import CampaignProduct, DealLine, Product
from smeplanner.core.records import RecordService


class _Priced(Protocol):
    @property
    def price(self) -> Decimal: ...

    @property
    def unit_cost(self) -> Decimal: ...


@dataclass(frozen=True)
class ProductInfo:
    """A product as a list shows it, with its margin worked out."""

    id: int
    name: str
    sku: str
    price: Decimal
    unit_cost: Decimal
    active: bool

    @property
    def margin(self) -> Decimal:
        return margin(self)

    @property
    def margin_pct(self) -> Decimal | None:
        return margin_pct(self)


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

    def delete(self, record_id: int) -> None:
        """Delete a product no deal line and no campaign offer uses; a used one would
        vanish from those deals' lines and offers, so it must be made inactive instead."""
        product = self.get(record_id)
        used = usage_count(record_id)
        if used:
            raise ValidationError("product", f"{product.name!r} is on {used} deal line(s); "
                                             "mark it inactive instead")
        offers = (CampaignProduct.select().where(CampaignProduct.product == record_id)
                  .count())
        if offers:
            raise ValidationError("product", f"{product.name!r} is on the offer of {offers} "
                                             "campaign(s); mark it inactive instead")
        super().delete(record_id)


def usage_count(product_id: int) -> int:
    """How many deal lines name this product."""
    return DealLine.select().where(DealLine.product == product_id).count()


def list_products(include_inactive: bool = True) -> list[ProductInfo]:
    """Products by name, ignoring case (then by id, so equal names keep a stable order)."""
    query = Product.select()
    if not include_inactive:
        query = query.where(Product.active == True)  # noqa: E712 - peewee expression
    query = query.order_by(fn.lower(Product.name), Product.id)
    return [ProductInfo(p.id, p.name, p.sku, p.price, p.unit_cost, p.active) for p in query]


def margin(product: _Priced) -> Decimal:
    """Gross margin per unit: price minus unit cost."""
    return product.price - product.unit_cost


def margin_pct(product: _Priced) -> Decimal | None:
    if not product.price:
        return None
    return (margin(product) * 100 / product.price).quantize(Decimal("0.1"))


products = ProductService()
