"""The dry run of a contact import: what each row of a file would do, and why.

:func:`plan_import` matches every :class:`ImportedContact` against the workspace (by email,
then by phone; a row with the email or phone of an earlier row of the same file is a
duplicate of it), cleans its values as the app stores them, and decides: create, update
(only what the stored contact lacks: a field it holds is never overwritten, tags are only
added) or skip, with the reason. Nothing is written; :mod:`.importer` carries a plan out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from smeplanner.core import validate
from smeplanner.core.contact_io.record import ImportedContact
from smeplanner.core.duplicates import normalise_email, normalise_phone
from smeplanner.core.errors import ValidationError
from smeplanner.core.models import LIFECYCLE_STAGES, db
from smeplanner.core.snapshots import chunks, placeholders

CREATE, UPDATE, SKIP = "create", "update", "skip"
DEFAULT_STAGE = "lead"
# Fields an update may fill in when the workspace has them empty, in form order.
FILLABLE = ("first_name", "last_name", "phone", "mobile", "job_title", "company_id",
            "address", "city", "postcode", "region", "country", "notes")
# Filled as a block, and only when the workspace has none of it: never a street from the
# workspace with the city of another address from the file.
ADDRESS_PARTS = ("address", "city", "postcode", "region", "country")
TAG_MAX_LENGTH = 60


@dataclass(frozen=True)
class RowPlan:
    """What the import would do with one row: ``action`` create, update or skip; ``reason``
    says why a row is skipped or what an update adds; ``warnings`` what was left out."""

    source_row: int
    action: str
    name: str
    reason: str = ""
    contact_id: int | None = None
    warnings: tuple[str, ...] = ()


@dataclass
class _Row:
    plan: RowPlan
    values: dict[str, Any]
    company: str
    tags: list[str]


@dataclass
class ImportPlan:
    """The dry run's answer: every row's fate, and the companies that would be created."""

    rows: list[RowPlan]
    new_companies: list[str]
    _work: list[_Row] = field(default_factory=list, repr=False)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self.count(CREATE)

    @property
    def updated(self) -> int:
        return self.count(UPDATE)

    @property
    def skipped(self) -> int:
        return self.count(SKIP)

    def summary(self) -> str:
        companies = len(self.new_companies)
        return (f"{self.created:,} to create, {self.updated:,} to update, "
                f"{self.skipped:,} to skip; {companies:,} new "
                f"{'company' if companies == 1 else 'companies'}")


def _clean(contact: ImportedContact) -> tuple[dict[str, Any], list[str]]:
    """The contact's column values as the app stores them, and what had to be left out.
    Raises ValidationError naming the field that makes the row unusable."""
    warnings: list[str] = list(contact.notices)

    def text(name: str, value: str, limit: int = validate.MAX_TEXT) -> str:
        value = " ".join(value.split()) if name != "address" else value.strip()
        if len(value) > limit:
            warnings.append(f"{name.replace('_', ' ')} cut to {limit} characters")
            value = value[:limit].rstrip()
        return value

    emails = []
    for address in contact.emails:
        try:
            cleaned = validate.email("email", address)
        except ValidationError:
            warnings.append(f"email {address!r} is not valid and was left out")
            continue
        if cleaned and cleaned not in emails:
            emails.append(cleaned)
    phones: dict[str, str] = {}
    extra_phones: list[str] = []
    for name, number in (("phone", contact.phone), ("mobile", contact.mobile),
                         *(("other", number) for number in contact.other_phones)):
        number = number.strip()
        if not number:
            continue
        try:
            number = validate.phone("phone", number.removeprefix("tel:"))
        except ValidationError:
            warnings.append(f"phone {number!r} is not a phone number and was left out")
            continue
        if name != "other" and name not in phones:
            phones[name] = number
        elif number not in phones.values():
            extra_phones.append(number)
    if "phone" not in phones and extra_phones:
        phones["phone"] = extra_phones.pop(0)
    notes = contact.notes.strip()
    # The workspace has no field for these: kept in the notes, as extra emails and phones.
    more = [f"{label}: {value.strip()}" for label, value in
            (("Name prefix", contact.prefix), ("Name suffix", contact.suffix)) if value.strip()]
    more += [f"Email: {address}" for address in emails[1:]]
    more += [f"Phone: {number}" for number in extra_phones]
    if contact.website:
        more.append(f"Website: {contact.website.strip()}")
    if more:
        notes = "\n".join(part for part in (notes, *more) if part)
    stage = contact.lifecycle_stage.strip().lower()
    if stage and stage not in LIFECYCLE_STAGES:
        warnings.append(f"lifecycle stage {contact.lifecycle_stage!r} is unknown; lead used")
        stage = ""
    postcode, street = " ".join(contact.postcode.split()), contact.address.strip()
    if len(postcode) > validate.MAX_POSTCODE:
        # "Postfach 1234 CH-8021": no postcode but a line of the address.
        warnings.append(f"postcode {postcode!r} is too long for a postcode; added to the "
                        "address")
        street, postcode = "\n".join(part for part in (street, postcode) if part), ""
    values = {
        "first_name": text("first_name", contact.first_name),
        "last_name": text("last_name", contact.last_name),
        "email": emails[0] if emails else "",
        "phone": phones.get("phone", ""),
        "mobile": phones.get("mobile", ""),
        "job_title": text("job_title", contact.job_title),
        "address": text("address", street, 1000),
        "city": text("city", contact.city),
        "postcode": postcode,
        "region": text("region", contact.region),
        "country": text("country", contact.country),
        "notes": validate.long_text("notes", notes),
        "lifecycle_stage": stage or DEFAULT_STAGE,
    }
    if not (values["first_name"] or values["last_name"] or values["email"]):
        raise ValidationError("name", "no name and no valid email address")
    return values, warnings


def _clean_tags(names: Sequence[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        name = " ".join(name.split())[:TAG_MAX_LENGTH]
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


class _Matcher:
    """Finds the stored contact a row is (by email, then phone), loading each key lazily."""

    def __init__(self) -> None:
        self._emails: dict[str, int] | None = None
        self._phones: dict[str, int] | None = None

    def by_email(self, email: str) -> int | None:
        if self._emails is None:
            self._emails = {}
            for contact_id, address in db.execute_sql(
                    "SELECT id, email FROM contact WHERE email != '' ORDER BY id"):
                self._emails.setdefault(normalise_email(address), contact_id)
        return self._emails.get(normalise_email(email))

    def by_phone(self, *numbers: str) -> int | None:
        if self._phones is None:
            self._phones = {}
            for contact_id, phone, mobile in db.execute_sql(
                    "SELECT id, phone, mobile FROM contact "
                    "WHERE phone != '' OR mobile != '' ORDER BY id"):
                for number in (phone, mobile):
                    key = normalise_phone(number) if number else ""
                    if key:
                        self._phones.setdefault(key, contact_id)
        for number in numbers:
            key = normalise_phone(number) if number else ""
            if key and key in self._phones:
                return self._phones[key]
        return None


def _existing_values(ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    columns = ("id", *FILLABLE)
    found: dict[int, dict[str, Any]] = {}
    for part in chunks(list(ids)):
        for row in db.execute_sql(f"SELECT {', '.join(columns)} FROM contact "
                                  f"WHERE id IN ({placeholders(len(part))})", list(part)):
            found[row[0]] = dict(zip(columns[1:], row[1:], strict=True))
    return found


def _existing_tags(ids: Sequence[int]) -> dict[int, set[str]]:
    tags: dict[int, set[str]] = {}
    for part in chunks(list(ids)):
        for contact_id, name in db.execute_sql(
                f"SELECT ct.contact_id, t.name FROM contact_tag ct "
                f"JOIN tag t ON t.id = ct.tag_id "
                f"WHERE ct.contact_id IN ({placeholders(len(part))})", list(part)):
            tags.setdefault(contact_id, set()).add(name.casefold())
    return tags


def stored_company_ids() -> dict[str, int]:
    return {name.casefold(): company_id for company_id, name in db.execute_sql(
        "SELECT id, name FROM company ORDER BY id DESC")}


def plan_import(contacts: Sequence[ImportedContact]) -> ImportPlan:
    """What importing ``contacts`` would do, row by row; nothing is written."""
    matcher = _Matcher()
    companies = stored_company_ids()
    new_companies: dict[str, str] = {}
    seen_emails: dict[str, int] = {}
    seen_phones: dict[str, int] = {}
    work: list[_Row] = []
    plans: list[RowPlan] = []
    for contact in contacts:
        name = contact.display_name
        try:
            values, warnings = _clean(contact)
        except ValidationError as error:
            reason = (error.message if error.field == "name"
                      else f"{error.field.replace('_', ' ')}: {error.message}")
            plans.append(RowPlan(contact.source_row, SKIP, name, reason))
            continue
        email_key = normalise_email(values["email"]) if values["email"] else ""
        phone_keys = [key for key in (normalise_phone(values["phone"]),
                                      normalise_phone(values["mobile"])) if key]
        earlier = seen_emails.get(email_key) if email_key else None
        if earlier is None and not email_key:
            earlier = next((seen_phones[key] for key in phone_keys if key in seen_phones), None)
        if earlier is not None:
            plans.append(RowPlan(contact.source_row, SKIP, name,
                                 f"same {'email' if email_key else 'phone'} as row {earlier}"))
            continue
        if email_key:
            seen_emails[email_key] = contact.source_row
        for key in phone_keys:
            seen_phones.setdefault(key, contact.source_row)
        company = " ".join(contact.company.split())[:validate.MAX_TEXT]
        if company and company.casefold() not in companies:
            new_companies.setdefault(company.casefold(), company)
        existing = (matcher.by_email(values["email"]) if values["email"] else None)
        if existing is None and not values["email"]:
            existing = matcher.by_phone(values["phone"], values["mobile"])
        action = UPDATE if existing is not None else CREATE
        row = _Row(RowPlan(contact.source_row, action, name, "", existing, tuple(warnings)),
                   values, company, _clean_tags(contact.tags))
        work.append(row)
        plans.append(row.plan)
    _plan_updates([row for row in work if row.plan.action == UPDATE], companies, plans)
    kept = {id(plan) for plan in plans}
    written = [row for row in work if id(row.plan) in kept and row.plan.action != SKIP]
    # Only the companies a written row links to: not those of rows that turned out to be
    # skipped, nor of contacts that already have a company.
    used = {(row.company if row.plan.action == CREATE else row.values.get("company_id", ""))
            .casefold() for row in written}
    return ImportPlan(plans, [name for key, name in new_companies.items() if key in used],
                      written)


def _plan_updates(rows: list[_Row], companies: dict[str, int], plans: list[RowPlan]) -> None:
    """Turn each update into what it adds, or a skip when it adds nothing."""
    ids = [row.plan.contact_id for row in rows if row.plan.contact_id is not None]
    stored = _existing_values(ids)
    tags = _existing_tags(ids)
    index = {id(plan): n for n, plan in enumerate(plans)}
    for row in rows:
        contact_id = row.plan.contact_id
        assert contact_id is not None
        current = stored[contact_id]
        fills = {}
        has_address = any((current[name] or "").strip() for name in ADDRESS_PARTS)
        for name in FILLABLE:
            if name in ADDRESS_PARTS and has_address:
                continue
            if name == "company_id":
                wanted = row.company
                if wanted and current["company_id"] is None:
                    fills[name] = wanted
            elif row.values.get(name) and not (current[name] or "").strip():
                fills[name] = row.values[name]
        new_tags = [tag for tag in row.tags if tag.casefold() not in tags.get(contact_id, set())]
        if not fills and not new_tags:
            plan = RowPlan(row.plan.source_row, SKIP, row.plan.name,
                           "already in the workspace with nothing new", contact_id)
        else:
            what = [name.removesuffix("_id").replace("_", " ") for name in fills]
            if new_tags:
                what.append("tags")
            plan = RowPlan(row.plan.source_row, UPDATE, row.plan.name,
                           "adds " + ", ".join(what), contact_id, row.plan.warnings)
        row.values = fills
        row.tags = new_tags
        plans[index[id(row.plan)]] = plan
        row.plan = plan
