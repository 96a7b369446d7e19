"""Campaigns: when and where marketing runs, its budget and spend, its offer, its deliverables."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from smeplanner.core import validate
from smeplanner.core.errors import NotFoundError, ValidationError
from smeplanner.core.models import (
    CAMPAIGN_STATUSES,
    CHANNELS,
    OBJECTIVES,
    Activity,
    Campaign,
    CampaignExpense,
    CampaignProduct,
    Company,
    Product,
    db,
)
from smeplanner.core.money import from_minor
from smeplanner.core.records import RecordService


class CampaignService(RecordService[Campaign]):
    model = Campaign
    label = "campaign"
    fields = ("name", "channel", "objective", "status", "start_date", "end_date", "budget",
              "target_leads", "target_revenue", "audience_tags", "audience_stages",
              "offer_discount_pct", "offer_code", "offer_start", "offer_end", "agency",
              "impressions", "clicks", "visits", "notes")

    def clean(self, values: dict[str, Any], existing: Campaign | None) -> dict[str, Any]:
        cleaned = {
            "name": validate.text("name", values["name"], required=True),
            "channel": validate.choice("channel", values["channel"], CHANNELS),
            "objective": validate.choice("objective", values["objective"], OBJECTIVES),
            "status": validate.choice("status", values["status"], CAMPAIGN_STATUSES),
            "start_date": validate.a_date("start_date", values["start_date"], optional=False),
            "end_date": validate.a_date("end_date", values["end_date"], optional=False),
            "budget": validate.money("budget", values["budget"]),
            "target_leads": validate.integer("target_leads", values["target_leads"], minimum=0,
                                             optional=True),
            "target_revenue": validate.money("target_revenue", values["target_revenue"],
                                             optional=True),
            "audience_tags": validate.long_text("audience_tags", values["audience_tags"]),
            "audience_stages": validate.long_text("audience_stages", values["audience_stages"]),
            "offer_discount_pct": validate.decimal(
                "offer_discount_pct", values["offer_discount_pct"], minimum=Decimal(0),
                maximum=Decimal(100), optional=True),
            "offer_code": validate.text("offer_code", values["offer_code"], max_length=64),
            "offer_start": validate.a_date("offer_start", values["offer_start"]),
            "offer_end": validate.a_date("offer_end", values["offer_end"]),
            "agency": validate.reference("agency", values["agency"], Company, label="company"),
            "impressions": validate.integer("impressions", values["impressions"], minimum=0,
                                            optional=True),
            "clicks": validate.integer("clicks", values["clicks"], minimum=0, optional=True),
            "visits": validate.integer("visits", values["visits"], minimum=0, optional=True),
            "notes": validate.long_text("notes", values["notes"]),
        }
        if cleaned["end_date"] < cleaned["start_date"]:
            raise ValidationError("end_date", "The campaign ends before it starts")
        offer_start, offer_end = cleaned["offer_start"], cleaned["offer_end"]
        if (offer_start is None) != (offer_end is None):
            raise ValidationError("offer_end" if offer_end is None else "offer_start",
                                  "An offer window needs both a start and an end")
        if offer_start and offer_end and offer_end < offer_start:
            raise ValidationError("offer_end", "The offer ends before it starts")
        return cleaned

    # --- offer products -------------------------------------------------------------------
    def offer_product_ids(self, campaign_id: int) -> list[int]:
        return [row.product_id for row in CampaignProduct.select()
                .where(CampaignProduct.campaign == campaign_id).order_by(CampaignProduct.product)]

    def set_offer_products(self, campaign_id: int, product_ids: Iterable[int]) -> list[int]:
        self.get(campaign_id)
        ids = sorted(set(product_ids))
        for product_id in ids:
            validate.reference("offer_products", product_id, Product, label="product")
        with db.atomic():
            CampaignProduct.delete().where(CampaignProduct.campaign == campaign_id).execute()
            for product_id in ids:
                CampaignProduct.create(campaign=campaign_id, product=product_id)
        return self.offer_product_ids(campaign_id)

    def delete(self, record_id: int) -> None:
        """Delete the campaign with its expenses, offer products and deliverables (their
        series too). Other activities linked to it (a call about it) stay, as do the
        contacts and deals it brought in: their link goes empty."""
        record = self.get(record_id)
        with db.atomic():
            Activity.delete().where((Activity.campaign == record_id)
                                    & (Activity.kind == "deliverable")).execute()
            record.delete_instance()

    # --- expenses ------------------------------------------------------------------------
    def add_expense(self, campaign_id: int, *, spent_on: date | str, amount: Any,
                    vendor: str = "", note: str = "") -> CampaignExpense:
        self.get(campaign_id)
        values = {
            "spent_on": validate.a_date("spent_on", spent_on, optional=False),
            "amount": validate.money("amount", amount),
            "vendor": validate.text("vendor", vendor),
            "note": validate.long_text("note", note),
        }
        return CampaignExpense.create(campaign=campaign_id, **values)

    def delete_expense(self, expense_id: int) -> None:
        deleted = CampaignExpense.delete().where(CampaignExpense.id == expense_id).execute()
        if not deleted:
            raise NotFoundError("expense", expense_id)

    def expenses(self, campaign_id: int) -> list[CampaignExpense]:
        return list(CampaignExpense.select().where(CampaignExpense.campaign == campaign_id)
                    .order_by(CampaignExpense.spent_on, CampaignExpense.id))

    def spend(self, campaign_id: int) -> Decimal:
        total = db.execute_sql("SELECT coalesce(sum(amount), 0) FROM campaign_expense "
                               "WHERE campaign_id = ?", (campaign_id,)).fetchone()[0]
        return from_minor(int(total)) or Decimal(0)


campaigns = CampaignService()
