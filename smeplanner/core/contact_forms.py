"""Saving a contact as the editor gives it: company by name, tags as text, one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from peewee import fn

from smeplanner.core import validate
from smeplanner.core.companies import companies
from smeplanner.core.contacts import contacts
from smeplanner.core.models import Campaign, Company, Contact, db


def split_tags(text: str) -> list[str]:
    """"VIP, newsletter ,, wholesale" → ["VIP", "newsletter", "wholesale"]."""
    return [part.strip() for part in text.split(",") if part.strip()]


def find_company(name: str) -> Company | None:
    """The company called ``name`` (ignoring case), if there is exactly one such name."""
    name = name.strip()
    if not name:
        return None
    return (Company.select().where(fn.lower(Company.name) == name.lower())
            .order_by(Company.id).first())


def save_contact(contact_id: int | None, values: dict[str, Any], *, company_name: str = "",
                 tags: Iterable[str] | None = None) -> Contact:
    """Create (``contact_id`` None) or update a contact from an editor's values.

    ``company_name`` names an existing company (any case) or a new one, created in the same
    transaction; empty means none. Everything lands or nothing does (ValidationError names
    the field).
    """
    company_name = validate.text("company", company_name)
    with db.atomic():
        company = find_company(company_name)
        if company is None and company_name:
            company = companies.create(name=company_name)
        values = {**values, "company": company.id if company else None}
        if contact_id is None:
            contact = contacts.create(**values)
        else:
            contact = contacts.update(contact_id, **values)
        if tags is not None:
            contacts.set_tags(contact.id, tags)
    return contacts.get(contact.id)


def company_names_starting(prefix: str, limit: int = 20) -> list[str]:
    """Company names for an editor's completer."""
    prefix = prefix.strip()
    if not prefix:
        return []
    query = (Company.select(Company.name).where(Company.name.startswith(prefix))
             .order_by(Company.name).limit(limit))
    return [company.name for company in query]


def load_contact(contact_id: int) -> dict[str, Any]:
    """A contact's values as the editor shows them (service field names, company by name,
    tags as a list)."""
    contact = contacts.get(contact_id)
    values = {name: getattr(contact, name) for name in contacts.fields
              if name not in ("company", "source_campaign")}
    values["source_campaign"] = contact.source_campaign_id
    values["company_name"] = contact.company.name if contact.company_id else ""
    values["tags"] = contacts.tags_of(contact_id)
    return values


def campaign_choices() -> list[tuple[int, str]]:
    """(id, name) of every campaign, newest first, for "came from" pickers."""
    query = Campaign.select(Campaign.id, Campaign.name).order_by(Campaign.start_date.desc(),
                                                                 Campaign.id.desc())
    return [(campaign.id, campaign.name) for campaign in query]
