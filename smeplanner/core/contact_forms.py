"""Saving a contact as the editor gives it: company by name, tags as text, one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from peewee import fn

from smeplanner.core import validate
from smeplanner.core.bulk import BulkResult, Changes, Undo
from smeplanner.core.companies import companies
from smeplanner.core.contacts import contacts
from smeplanner.core.models import Campaign, Company, Contact, db
from smeplanner.core.snapshots import (
    ContactsSnapshot,
    TableRows,
    capture_contacts,
    placeholders,
    quoted,
    restore_contacts,
)


def split_tags(text: str) -> list[str]:
    """"VIP, newsletter ,, wholesale" → ["VIP", "newsletter", "wholesale"]."""
    return [part.strip() for part in text.split(",") if part.strip()]


def find_company(name: str) -> Company | None:
    """The (oldest) company called ``name``, ignoring case ("ÉLAN café" is "Élan Café"),
    or None."""
    name = name.strip()
    if not name:
        return None
    found = (Company.select().where(fn.lower(Company.name) == name.lower())
             .order_by(Company.id).first())
    if found is not None:
        return found
    # SQLite's lower() folds ASCII only: compare in Python, among names of about the same
    # length (casefold may lengthen one: "ß" is "ss").
    folded = name.casefold()
    for company in (Company.select()
                    .where(fn.length(Company.name).between(len(name) - 3, len(name) + 3))
                    .order_by(Company.id)):
        if company.name.strip().casefold() == folded:
            return company
    return None


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
    values["source_campaign_name"] = (contact.source_campaign.name
                                      if contact.source_campaign_id else "")
    values["company_name"] = contact.company.name if contact.company_id else ""
    values["tags"] = contacts.tags_of(contact_id)
    return values


def campaign_choices() -> list[tuple[int, str]]:
    """(id, name) of every campaign, newest first, for "came from" pickers."""
    query = Campaign.select(Campaign.id, Campaign.name).order_by(Campaign.start_date.desc(),
                                                                 Campaign.id.desc())
    return [(campaign.id, campaign.name) for campaign in query]


# --- undoable saving ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ContactSaved(Undo):
    """A saved editor: the contact (with tags, history, activities, deal links) as it was
    before and after, and the company row the save created, if any. ``reverse`` goes back,
    ``replay`` forward again, both to the exact rows (same ids)."""

    contact_id: int
    before: ContactsSnapshot | None  # None: the save created the contact
    after: ContactsSnapshot
    created_company: TableRows | None

    def reverse(self) -> Changes:
        _drop_contact(self.contact_id)
        if self.before is not None:
            restore_contacts(self.before, must_be_absent=True)
        if self.created_company is not None:
            db.execute_sql("DELETE FROM company WHERE id = ?", (self._company_id(),))
        return self._changes()

    def replay(self) -> Changes:
        if self.created_company is not None:
            columns = ", ".join(quoted(name) for name in self.created_company.columns)
            db.execute_sql(f"INSERT INTO company ({columns}) VALUES "
                           f"({placeholders(len(self.created_company.columns))})",
                           self.created_company.rows[0])
        _drop_contact(self.contact_id)
        restore_contacts(self.after, must_be_absent=True)
        return self._changes()

    def _company_id(self) -> int:
        return self.created_company.column("id")[0]  # type: ignore[union-attr]

    def _changes(self) -> Changes:
        changes: Changes = {"contact": (self.contact_id,)}
        if self.created_company is not None:
            changes["company"] = (self._company_id(),)
        return changes


def _company_row(company_id: int) -> TableRows:
    cursor = db.execute_sql("SELECT * FROM company WHERE id = ?", (company_id,))
    columns = tuple(column[0] for column in cursor.description)
    return TableRows("company", columns, tuple(cursor.fetchall()))


def _drop_contact(contact_id: int) -> None:
    # Its tags, history and activities go with it (ON DELETE CASCADE) and come back from
    # the snapshot, so the result is exactly the snapshot, whatever the save added.
    db.execute_sql("DELETE FROM contact WHERE id = ?", (contact_id,))


def save_contact_undoable(contact_id: int | None, values: dict[str, Any], *,
                          company_name: str = "", tags: Iterable[str] | None = None
                          ) -> BulkResult:
    """:func:`save_contact`, returning what :func:`bulk.revert` needs to undo it exactly."""
    with db.atomic():
        before = capture_contacts([contact_id]) if contact_id is not None else None
        had_company = find_company(company_name) is not None if company_name.strip() else True
        contact = save_contact(contact_id, values, company_name=company_name, tags=tags)
        after = capture_contacts([contact.id])
        created = None
        if not had_company and contact.company_id is not None:
            created = _company_row(contact.company_id)
    changed = () if before is not None and before == after and created is None \
        else (contact.id,)
    return BulkResult(changed, ContactSaved(contact.id, before, after, created))


def replay(result: BulkResult) -> Changes:
    """Redo a saved editor exactly (after its undo), in one transaction."""
    with db.atomic():
        return result.undo.replay()  # type: ignore[attr-defined]


def describe_contacts(contact_ids: Iterable[int]) -> dict[int, tuple[str, str, str]]:
    """(display name, company name, email) of each contact, for lists of contacts."""
    ids = list(dict.fromkeys(contact_ids))
    if not ids:
        return {}
    result: dict[int, tuple[str, str, str]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = db.execute_sql(
            "SELECT r.id, r.first_name, r.last_name, r.email, coalesce(c.name, '') "
            "FROM contact r LEFT JOIN company c ON c.id = r.company_id "
            f"WHERE r.id IN ({', '.join('?' * len(chunk))})", chunk)
        for contact_id, first, last, email, company in rows:
            name = " ".join(part for part in (first, last) if part) or email
            result[contact_id] = (name, company, email)
    return result


@dataclass(frozen=True, slots=True)
class ContactChanged(Undo):
    """Any change confined to one contact and what hangs on it (its activities, tags,
    funnel history, deal links): the exact rows before and after."""

    contact_id: int
    before: ContactsSnapshot
    after: ContactsSnapshot

    def reverse(self) -> Changes:
        _drop_contact(self.contact_id)
        restore_contacts(self.before, must_be_absent=True)
        return {"contact": (self.contact_id,)}

    def replay(self) -> Changes:
        _drop_contact(self.contact_id)
        restore_contacts(self.after, must_be_absent=True)
        return {"contact": (self.contact_id,)}


def change_contact(contact_id: int, work: Callable[[], object]) -> BulkResult:
    """Run ``work`` (log a call, plan a follow-up…) in one transaction, returning what
    :func:`bulk.revert` needs to undo it exactly and :func:`replay` to redo it."""
    with db.atomic():
        before = capture_contacts([contact_id])
        work()
        after = capture_contacts([contact_id])
    changed = () if before == after else (contact_id,)
    return BulkResult(changed, ContactChanged(contact_id, before, after))


def company_name(company_id: int) -> str:
    company = Company.get_or_none(Company.id == company_id)
    return company.name if company is not None else ""
