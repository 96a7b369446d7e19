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
search index is refreshed once at the end, set-based (DESIGN.md, "Speed"). The dry run
lives in :mod:`.import_plan`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from smeplanner.core import search
from smeplanner.core.bulk import BulkResult, ContactValues, Undo, _changes, _delete_by_ids
from smeplanner.core.contact_io.import_plan import (
    CREATE,
    FILLABLE,
    SKIP,
    TAG_MAX_LENGTH,
    UPDATE,
    ImportPlan,
    RowPlan,
    plan_import,
    stored_company_ids,
)
from smeplanner.core.errors import SMEPlannerError
from smeplanner.core.models import BaseModel, Company, Contact, Tag, db
from smeplanner.core.snapshots import placeholders
from smeplanner.core.textkeys import contact_sort_key
from smeplanner.core.timeutil import utcnow

__all__ = ["CREATE", "SKIP", "UPDATE", "ImportCancelled", "ImportPlan", "RowPlan",
           "plan_import", "run_import"]

# Rows written per statement batch; progress is reported (and Cancel honoured) in between.
BATCH_ROWS = 2000

Progress = Callable[[int, int], bool | None]  # (done, total) → False to cancel
Changes = dict[str, tuple[int, ...]]


class ImportCancelled(SMEPlannerError):
    """The user cancelled; the transaction was rolled back and nothing was written."""

    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing was changed.")


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
            # What the import created goes, unless something else uses it by now (a deal
            # for a new company, another contact given a new tag): that stays.
            _delete_by_ids("company", "id", self.company_ids,
                           " AND id NOT IN (SELECT company_id FROM contact WHERE company_id "
                           "IS NOT NULL UNION SELECT company_id FROM deal WHERE company_id "
                           "IS NOT NULL UNION SELECT agency_id FROM campaign WHERE agency_id "
                           "IS NOT NULL UNION SELECT company_id FROM activity WHERE "
                           "company_id IS NOT NULL)")
            _delete_by_ids("tag", "id", self.tag_ids,
                           " AND id NOT IN (SELECT tag_id FROM contact_tag)")
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
            companies = stored_company_ids()
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
