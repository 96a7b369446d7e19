"""Import contacts read from a file: a dry run first, then one all-or-nothing transaction.

:func:`plan_import` decides, row by row, what would happen — create, update or skip, and
why — without writing anything. :func:`run_import` carries a plan out in one transaction:
companies it names that do not exist yet are created, new contacts inserted with their funnel
history and tags, existing ones (matched by email, then by phone) get what the file knows
and they do not, and every imported contact is tagged with the import batch. Its
:class:`~smeplanner.core.bulk.BulkResult` undoes the whole import exactly
(:func:`smeplanner.core.bulk.revert`).

Updates only fill in: a field the workspace already holds is never overwritten by a file,
and tags are added, never removed. Rows with the email (or phone) of an earlier row of the
same file are skipped as duplicates of that row.

Bulk writes are raw ``executemany`` on peewee's connection inside ``db.atomic()`` and the
search index is refreshed once at the end, set-based (DESIGN.md, "Speed").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from smeplanner.core import search, validate
from smeplanner.core.bulk import BulkResult, ContactValues, Undo, _changes, _delete_by_ids
from smeplanner.core.contact_io.record import ImportedContact
from smeplanner.core.duplicates import normalise_email, normalise_phone
from smeplanner.core.errors import SMEPlannerError, ValidationError
from smeplanner.core.models import LIFECYCLE_STAGES, BaseModel, Company, Contact, Tag, db
from smeplanner.core.snapshots import chunks, placeholders
from smeplanner.core.textkeys import contact_sort_key
from smeplanner.core.timeutil import utcnow

CREATE, UPDATE, SKIP = "create", "update", "skip"
DEFAULT_STAGE = "lead"
# Fields an update may fill in when the workspace has them empty, in form order.
FILLABLE = ("first_name", "last_name", "phone", "mobile", "job_title", "company_id",
            "address", "city", "postcode", "region", "country", "notes")
# Rows written per statement batch; progress is reported (and Cancel honoured) in between.
BATCH_ROWS = 2000
TAG_MAX_LENGTH = 60

Progress = Callable[[int, int], bool | None]  # (done, total) → False to cancel
Changes = dict[str, tuple[int, ...]]


class ImportCancelled(SMEPlannerError):
    """The user cancelled; the transaction was rolled back and nothing was written."""

    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing was changed.")


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


# --- the dry run -----------------------------------------------------------------------------

def _clean(contact: ImportedContact) -> tuple[dict[str, Any], list[str]]:
    """The contact's column values as the app stores them, and what had to be left out.
    Raises ValidationError naming the field that makes the row unusable."""
    warnings: list[str] = []

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
    more = [f"Email: {address}" for address in emails[1:]]
    more += [f"Phone: {number}" for number in extra_phones]
    if contact.website:
        more.append(f"Website: {contact.website.strip()}")
    if more:
        notes = "\n".join(part for part in (notes, *more) if part)
    stage = contact.lifecycle_stage.strip().lower()
    if stage and stage not in LIFECYCLE_STAGES:
        warnings.append(f"lifecycle stage {contact.lifecycle_stage!r} is unknown; lead used")
        stage = ""
    values = {
        "first_name": text("first_name", contact.first_name),
        "last_name": text("last_name", contact.last_name),
        "email": emails[0] if emails else "",
        "phone": phones.get("phone", ""),
        "mobile": phones.get("mobile", ""),
        "job_title": text("job_title", contact.job_title),
        "address": text("address", contact.address, 1000),
        "city": text("city", contact.city),
        "postcode": text("postcode", contact.postcode, 40),
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


def _company_ids() -> dict[str, int]:
    return {name.casefold(): company_id for company_id, name in db.execute_sql(
        "SELECT id, name FROM company ORDER BY id DESC")}


def plan_import(contacts: Sequence[ImportedContact]) -> ImportPlan:
    """What importing ``contacts`` would do, row by row; nothing is written."""
    matcher = _Matcher()
    companies = _company_ids()
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
    return ImportPlan(plans, list(new_companies.values()),
                      [row for row in work if id(row.plan) in kept])


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
        for name in FILLABLE:
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


# --- the import ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ContactsImported(Undo):
    """Everything an import wrote, to take it back: created rows are deleted, updated
    contacts get their previous values, added tag links are removed."""

    contact_ids: tuple[int, ...]
    company_ids: tuple[int, ...]
    tag_ids: tuple[int, ...]
    previous: ContactValues
    added_links: tuple[tuple[int, int], ...]  # (contact id, tag id) on updated contacts

    def reverse(self) -> Changes:
        with search.suspended(db, "contact", "company") as pending:
            _delete_by_ids("contact", "id", self.contact_ids)
            db.cursor().executemany(
                "DELETE FROM contact_tag WHERE contact_id = ? AND tag_id = ?", self.added_links)
            self.previous.write()
            _delete_by_ids("company", "id", self.company_ids)
            _delete_by_ids("tag", "id", self.tag_ids)
            pending.add("contact", self.contact_ids + self.previous.ids)
            pending.add("company", self.company_ids)
        return _changes(contact=self.contact_ids + self.previous.ids, company=self.company_ids,
                        tag=self.tag_ids)


def batch_tag_name(when: datetime | None = None, label: str = "") -> str:
    """The tag every contact of one import gets: "Import 2026-11-23 14:05 contacts.csv"."""
    stamp = (when or datetime.now()).strftime("%Y-%m-%d %H:%M")
    return f"Import {stamp} {label}".strip()[:TAG_MAX_LENGTH]


def _unique_tag_name(name: str) -> str:
    taken = {row[0].casefold() for row in db.execute_sql("SELECT name FROM tag")}
    candidate, n = name, 2
    while candidate.casefold() in taken:
        suffix = f" ({n})"
        candidate, n = name[:TAG_MAX_LENGTH - len(suffix)] + suffix, n + 1
    return candidate


def _column_defaults(model: type[BaseModel]) -> dict[str, Any]:
    """The stored value of each column's default (peewee fills defaults in Python, so raw
    INSERTs must name them)."""
    defaults: dict[str, Any] = {}
    for column in model._meta.sorted_fields:
        if column.primary_key:
            continue
        default = column.default() if callable(column.default) else column.default
        defaults[column.column_name] = None if default is None else column.db_value(default)
    return defaults


def _insert_returning_ids(model: type[BaseModel], columns: Sequence[str],
                          rows: list[tuple[Any, ...]],
                          progress: Callable[[int], None] | None = None) -> list[int]:
    """Insert ``rows`` (values of ``columns``; every other column gets its default) and
    return their new ids, in order (ids ascend within the transaction: nothing else writes
    meanwhile)."""
    if not rows:
        return []
    table = model._meta.table_name
    defaults = _column_defaults(model)
    rest = [name for name in defaults if name not in columns]
    if rest:
        tail = tuple(defaults[name] for name in rest)
        columns = (*columns, *rest)
        rows = [(*row, *tail) for row in rows]
    (before,) = db.execute_sql(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) "
           f"VALUES ({placeholders(len(columns))})")
    cursor = db.cursor()
    for start in range(0, len(rows), BATCH_ROWS):
        cursor.executemany(sql, rows[start:start + BATCH_ROWS])
        if progress is not None:
            progress(min(start + BATCH_ROWS, len(rows)))
    ids = [row_id for (row_id,) in db.execute_sql(
        f"SELECT id FROM {table} WHERE id > ? ORDER BY id", (before,))]
    if len(ids) != len(rows):
        raise RuntimeError(f"{table}: {len(rows)} rows inserted but {len(ids)} found")
    return ids


def run_import(plan: ImportPlan, *, batch_label: str = "",
               progress: Progress | None = None) -> BulkResult:
    """Carry ``plan`` out in one transaction and return what it did, with its undo.

    ``progress(done, total)`` is called between batches of rows; returning False cancels:
    :class:`ImportCancelled` is raised and nothing is written.
    """
    work = [row for row in plan._work if row.plan.action in (CREATE, UPDATE)]
    creates = [row for row in work if row.plan.action == CREATE]
    updates = [row for row in work if row.plan.action == UPDATE]
    total = len(work) + 1

    def report(done: int) -> None:
        if progress is not None and progress(done, total) is False:
            raise ImportCancelled

    now = Contact.updated_at.db_value(utcnow())
    with db.atomic():
        # A large load into a small workspace refills the index once; a small one refreshes
        # just its own rows.
        (stored,) = db.execute_sql("SELECT COUNT(*) FROM contact").fetchone()
        with search.suspended(db, "contact", "company") as pending:
            report(0)
            companies = _company_ids()
            new_names = [name for name in plan.new_companies
                         if name.casefold() not in companies]
            company_ids = _insert_returning_ids(
                Company, ("name", "created_at", "updated_at"),
                [(name, now, now) for name in new_names])
            companies.update(zip((name.casefold() for name in new_names), company_ids,
                                 strict=True))

            columns = ("first_name", "last_name", "email", "phone", "mobile", "job_title",
                       "company_id", "lifecycle_stage", "stage_changed_at", "source_channel",
                       "address", "city", "postcode", "region", "country", "notes", "sort_name",
                       "created_at", "updated_at", "marketing_opt_in", "do_not_contact")
            rows = []
            for row in creates:
                v = row.values
                rows.append((v["first_name"], v["last_name"], v["email"], v["phone"],
                             v["mobile"], v["job_title"],
                             companies.get(row.company.casefold()) if row.company else None,
                             v["lifecycle_stage"], now, "import", v["address"], v["city"],
                             v["postcode"], v["region"], v["country"], v["notes"],
                             contact_sort_key(v["first_name"], v["last_name"], v["email"]),
                             now, now, 0, 0))
            contact_ids = _insert_returning_ids(Contact, columns, rows, report)
            db.cursor().executemany(
                "INSERT INTO lifecycle_change (contact_id, from_stage, to_stage, changed_at) "
                "VALUES (?, NULL, ?, ?)",
                [(contact_id, row.values["lifecycle_stage"], now)
                 for contact_id, row in zip(contact_ids, creates, strict=True)])

            previous = ContactValues.read((*FILLABLE, "updated_at"),
                                          [row.plan.contact_id for row in updates])
            for row in updates:
                fills = dict(row.values)
                if "company_id" in fills:
                    fills["company_id"] = companies[fills["company_id"].casefold()]
                if fills:
                    assignments = ", ".join(f"{name} = ?" for name in fills)
                    db.execute_sql(f"UPDATE contact SET {assignments}, updated_at = ? "
                                   f"WHERE id = ?", [*fills.values(), now, row.plan.contact_id])
            report(len(work))

            batch = _unique_tag_name(batch_tag_name(label=batch_label))
            tag_ids, added = _write_tags(
                [(contact_id, row.tags) for contact_id, row in zip(contact_ids, creates,
                                                                    strict=True)]
                + [(row.plan.contact_id, row.tags) for row in updates], batch)
            pending.add("contact", [*contact_ids, *previous.ids])
            pending.add("company", company_ids)
            if stored == 0 and contact_ids:
                pending.ids.clear()  # the index is refilled whole below, cheaper from empty
        if stored == 0 and contact_ids:
            search.rebuild(db)
        report(total)
    created = set(contact_ids)
    updated_links = tuple(link for link in added if link[0] not in created)
    undo = ContactsImported(tuple(contact_ids), tuple(company_ids), tuple(tag_ids), previous,
                            updated_links)
    return BulkResult(tuple(contact_ids) + previous.ids, undo,
                      _changes(company=company_ids, tag=tag_ids))


def _write_tags(wanted: list[tuple[int | None, list[str]]], batch: str,
                ) -> tuple[list[int], list[tuple[int, int]]]:
    """Link every contact to its tags and to the batch tag, creating missing tags; returns
    the created tag ids and the links made."""
    names = {name.casefold(): name for _id, tags in wanted for name in tags}
    names[batch.casefold()] = batch
    existing = {name.casefold(): tag_id
                for tag_id, name in db.execute_sql("SELECT id, name FROM tag")}
    missing = [name for key, name in names.items() if key not in existing]
    created = _insert_returning_ids(Tag, ("name",), [(name,) for name in missing])
    existing.update(zip((name.casefold() for name in missing), created, strict=True))
    links = [(contact_id, existing[name.casefold()])
             for contact_id, tags in wanted if contact_id is not None
             for name in (*tags, batch)]
    db.cursor().executemany(
        "INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES (?, ?)", links)
    return created, links
