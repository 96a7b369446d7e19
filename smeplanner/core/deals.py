"""Deals: the pipeline, product lines, stage history and the funnel moves they cause."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from smeplanner.core import settings, validate
from smeplanner.core.contacts import contacts
from smeplanner.core.errors import ValidationError
from smeplanner.core.models import (
    Campaign,
    Company,
    Contact,
    Deal,
    DealLine,
    DealStageChange,
    PipelineStage,
    Product,
    db,
)
from smeplanner.core.records import RecordService
from smeplanner.core.timeutil import today, utcnow

CENT = Decimal("0.01")
# Contacts in these stages become opportunities when a deal is opened for them.
_BECOMES_OPPORTUNITY = ("subscriber", "lead", "qualified")


def line_total(quantity: Decimal, unit_price: Decimal, discount_pct: Decimal) -> Decimal:
    """quantity × unit price less the discount, rounded half up to the cent."""
    gross = Decimal(quantity) * Decimal(unit_price)
    return (gross * (Decimal(100) - Decimal(discount_pct)) / 100).quantize(CENT, ROUND_HALF_UP)


class DealService(RecordService[Deal]):
    model = Deal
    label = "deal"
    fields = ("title", "contact", "company", "stage", "amount", "probability_override",
              "expected_close", "closed_on", "close_reason", "source_campaign", "next_step",
              "next_step_date", "notes")

    def _default(self, name: str) -> Any:
        if name == "stage":
            first_open = (PipelineStage.select().where(PipelineStage.kind == "open")
                          .order_by(PipelineStage.position).first())
            return first_open.id if first_open else None
        return super()._default(name)

    def clean(self, values: dict[str, Any], existing: Deal | None) -> dict[str, Any]:
        cleaned = {
            "title": validate.text("title", values["title"], required=True),
            "contact": validate.reference("contact", values["contact"], Contact, label="contact"),
            "company": validate.reference("company", values["company"], Company,
                                          label="company"),
            "stage": validate.reference("stage", values["stage"], PipelineStage,
                                        label="pipeline stage"),
            "amount": validate.money("amount", values["amount"]),
            "probability_override": validate.integer(
                "probability_override", values["probability_override"], minimum=0,
                maximum=100, optional=True),
            "expected_close": validate.a_date("expected_close", values["expected_close"]),
            "closed_on": validate.a_date("closed_on", values["closed_on"]),
            "close_reason": validate.long_text("close_reason", values["close_reason"]),
            "source_campaign": validate.reference("source_campaign", values["source_campaign"],
                                                  Campaign, label="campaign"),
            "next_step": validate.long_text("next_step", values["next_step"]),
            "next_step_date": validate.a_date("next_step_date", values["next_step_date"]),
            "notes": validate.long_text("notes", values["notes"]),
        }
        if cleaned["stage"] is None:
            raise ValidationError("stage", "A deal needs a pipeline stage")
        stage = PipelineStage.get_by_id(cleaned["stage"])
        cleaned["status"] = stage.kind
        if stage.kind == "open":
            cleaned["closed_on"] = None
            cleaned["close_reason"] = ""
        elif cleaned["closed_on"] is None:
            cleaned["closed_on"] = today()
        if existing is None and cleaned["contact"]:
            contact = Contact.get_by_id(cleaned["contact"])
            if cleaned["company"] is None:
                cleaned["company"] = contact.company_id
            if cleaned["source_campaign"] is None:
                cleaned["source_campaign"] = contact.source_campaign_id
        return cleaned

    def after_create(self, record: Deal, values: dict[str, Any]) -> None:
        DealStageChange.create(deal=record.id, from_stage=None, to_stage=record.stage_id,
                               changed_at=record.stage_entered_at)
        self._move_contact(record, None)

    def after_update(self, record: Deal, before: dict[str, Any], values: dict[str, Any]) -> None:
        if "stage" in values:
            now = utcnow()
            Deal.update(stage_entered_at=now).where(Deal.id == record.id).execute()
            DealStageChange.create(deal=record.id, from_stage=before["stage"],
                                   to_stage=values["stage"], changed_at=now)
            self._move_contact(record, before["stage"])

    def _move_contact(self, deal: Deal, previous_stage_id: int | None) -> None:
        """Opening a deal makes its lead an opportunity; winning it makes them a customer."""
        if not deal.contact_id or not settings.get("auto_lifecycle"):
            return
        contact = Contact.get_by_id(deal.contact_id)
        if deal.status == "won" and contact.lifecycle_stage not in ("customer", "advocate"):
            contacts.set_stage(contact.id, "customer")
        elif (deal.status == "open" and previous_stage_id is None
              and contact.lifecycle_stage in _BECOMES_OPPORTUNITY):
            contacts.set_stage(contact.id, "opportunity")

    def move_to_stage(self, deal_id: int, stage_id: int, *, closed_on: date | None = None,
                      reason: str | None = None, amount: Any = None) -> Deal:
        """Move a deal to another stage (recorded in its history); won/lost take a date,
        a reason and, when won, optionally the final amount."""
        changes: dict[str, Any] = {"stage": stage_id}
        if closed_on is not None:
            changes["closed_on"] = closed_on
        if reason is not None:
            changes["close_reason"] = reason
        if amount is not None:
            changes["amount"] = amount
        return self.update(deal_id, **changes)

    # --- product lines -------------------------------------------------------------------
    def lines(self, deal_id: int) -> list[DealLine]:
        return list(DealLine.select().where(DealLine.deal == deal_id).order_by(DealLine.id))

    def set_lines(self, deal_id: int, lines: Iterable[Mapping[str, Any]]) -> list[DealLine]:
        """Replace the deal's product lines; with any lines, the amount becomes their sum.

        Each line: product (id, optional), description, quantity (> 0), unit_price
        (defaults to the product's price), discount_pct (0–100). Errors name the row.
        """
        self.get(deal_id)
        cleaned = [self._clean_line(index, dict(line)) for index, line in enumerate(lines, 1)]
        with db.atomic():
            DealLine.delete().where(DealLine.deal == deal_id).execute()
            for line in cleaned:
                DealLine.create(deal=deal_id, **line)
            if cleaned:
                total = sum((line_total(line["quantity"], line["unit_price"],
                                        line["discount_pct"]) for line in cleaned), Decimal(0))
                Deal.update(amount=total, updated_at=utcnow()).where(Deal.id == deal_id).execute()
        return self.lines(deal_id)

    def _clean_line(self, row: int, line: dict[str, Any]) -> dict[str, Any]:
        prefix = f"line {row}"
        unknown = set(line) - {"product", "description", "quantity", "unit_price", "discount_pct"}
        if unknown:
            raise ValidationError(f"{prefix}.{sorted(unknown)[0]}", "is not a field of a line")
        product_id = validate.reference(f"{prefix}.product", line.get("product"), Product,
                                        label="product")
        product = Product.get_by_id(product_id) if product_id else None
        description = validate.text(f"{prefix}.description", line.get("description"))
        if not product and not description:
            raise ValidationError(f"{prefix}.product", "A line needs a product or a description")
        unit_price = line.get("unit_price")
        if unit_price in (None, "") and product is not None:
            unit_price = product.price
        return {
            "product": product_id,
            "description": description or (product.name if product else ""),
            "quantity": validate.decimal(f"{prefix}.quantity", line.get("quantity", 1),
                                         minimum=Decimal(0), exclusive_minimum=True),
            "unit_price": validate.money(f"{prefix}.unit_price", unit_price),
            "discount_pct": validate.decimal(f"{prefix}.discount_pct",
                                             line.get("discount_pct") or 0, minimum=Decimal(0),
                                             maximum=Decimal(100)),
        }

    # --- history and figures -------------------------------------------------------------
    def stage_history(self, deal_id: int) -> list[DealStageChange]:
        return list(DealStageChange.select().where(DealStageChange.deal == deal_id)
                    .order_by(DealStageChange.changed_at, DealStageChange.id))


def probability(deal: Deal) -> int:
    """The deal's win probability in percent: its override, else its stage's default."""
    if deal.probability_override is not None:
        return deal.probability_override
    return deal.stage.probability


def weighted_amount(deal: Deal) -> Decimal:
    return (deal.amount * probability(deal) / 100).quantize(CENT, ROUND_HALF_UP)


deals = DealService()
