"""Records for UI tests, written straight through the models (test code only; the UI never
touches them)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from smeplanner.core.models import (
    Activity,
    Campaign,
    Company,
    Contact,
    Deal,
    PipelineStage,
    db,
)
from smeplanner.core.textkeys import contact_sort_key

TODAY = date(2026, 3, 16)


def stage_id(name: str) -> int:
    return PipelineStage.get(PipelineStage.name == name).id


def add_company(name: str, **fields: Any) -> int:
    return Company.create(name=name, **fields).id


def add_contact(first_name: str, last_name: str, *, company: int | None = None,
                **fields: Any) -> int:
    email = fields.pop("email", f"{first_name}.{last_name}@example.com".lower())
    return Contact.create(first_name=first_name, last_name=last_name, email=email,
                          company=company, sort_name=contact_sort_key(first_name, last_name, email),
                          **fields).id


def add_deal(title: str, amount: str, *, stage: str = "Prospect", status: str = "open",
             **fields: Any) -> int:
    return Deal.create(title=title, amount=Decimal(amount), stage=stage_id(stage), status=status,
                       **fields).id


def add_campaign(name: str, *, start: date = TODAY, days: int = 30, budget: str = "0",
                 **fields: Any) -> int:
    return Campaign.create(name=name, start_date=start, end_date=start + timedelta(days=days),
                           budget=Decimal(budget), **fields).id


def add_activity(subject: str, *, due: date = TODAY, **fields: Any) -> int:
    return Activity.create(subject=subject, due_date=due, **fields).id


def add_numbered_contacts(count: int, *, prefix: str = "Person") -> None:
    """``count`` contacts named "<prefix> 00000"... in one transaction, inserted last number
    first so that the order of ids is the reverse of the order of names."""
    numbers = list(reversed(range(count)))
    with db.atomic():
        for start in range(0, count, 500):
            Contact.insert_many([
                {"first_name": prefix, "last_name": f"{n:05d}",
                 "email": f"{prefix.lower()}{n:05d}@example.com",
                 "sort_name": contact_sort_key(prefix, f"{n:05d}", "")}
                for n in numbers[start:start + 500]
            ]).execute()


def small_business() -> dict[str, int]:
    """A handful of named records of every kind; returns their ids by a short name."""
    ids: dict[str, int] = {}
    ids["acme"] = add_company("Acme GmbH", city="Berlin", industry="Machinery")
    ids["globex"] = add_company("Globex Ltd", city="Leeds", industry="Retail")
    ids["anna"] = add_contact("Anna", "Schmidt", company=ids["acme"], lifecycle_stage="customer")
    ids["bernd"] = add_contact("Bernd", "Schmitz", company=ids["acme"])
    ids["carla"] = add_contact("Carla", "Jones", company=ids["globex"],
                               lifecycle_stage="qualified")
    ids["spring"] = add_campaign("Spring newsletter", channel="email", budget="1500")
    ids["fair"] = add_campaign("Trade fair Hanover", channel="event", budget="9000",
                               start=TODAY + timedelta(days=40))
    ids["press"] = add_deal("Acme press line", "45000", stage="Proposal", company=ids["acme"],
                            contact=ids["anna"], expected_close=TODAY + timedelta(days=20))
    ids["shelves"] = add_deal("Globex shelving", "12000.50", company=ids["globex"],
                              contact=ids["carla"], expected_close=TODAY + timedelta(days=5))
    ids["call"] = add_activity("Call Anna about the press line", kind="call", contact=ids["anna"])
    ids["mail"] = add_activity("Send spring newsletter", kind="deliverable", role="marketing",
                               campaign=ids["spring"], due=TODAY + timedelta(days=2))
    return ids
