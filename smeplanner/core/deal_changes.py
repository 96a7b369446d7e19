"""Undo for deals: exact copies of the rows a deal change touches, before and after.

Moving, editing, creating or deleting a deal writes more than the deal row: its product
lines, its stage history, its next-step activity, and its contact (a won deal makes them
a customer, with a funnel move in their history). :func:`change_deals` runs such a change
in one transaction and keeps those rows as they were before and after, by table and key;
:class:`DealsChanged` puts either state back exactly — same ids, same values — deleting
the rows the change added (so undoing a new deal removes it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from smeplanner.core.bulk import BulkResult, Changes, Undo
from smeplanner.core.models import db
from smeplanner.core.snapshots import TableRows, chunks, placeholders, quoted

# (table, column that ties its rows to the change, what it is keyed by), parents first:
# rows are written back in this order and removed in the reverse one.
_DEAL_TABLES = (("deal", "id"), ("deal_line", "deal_id"), ("deal_stage_change", "deal_id"),
                ("activity", "deal_id"))
_CONTACT_TABLES = (("contact", "id"), ("lifecycle_change", "contact_id"))
_ORDER = ("contact", "lifecycle_change", "deal", "deal_line", "deal_stage_change", "activity")


@dataclass(frozen=True, slots=True)
class DealRows:
    """The rows of some deals and contacts, and the ids that say which rows were looked at
    (a row of those ids missing from ``tables`` did not exist)."""

    deal_ids: tuple[int, ...]
    contact_ids: tuple[int, ...]
    tables: tuple[TableRows, ...]

    def table(self, name: str) -> TableRows:
        return next(rows for rows in self.tables if rows.table == name)


def _scope(deal_ids: Sequence[int],
           contact_ids: Sequence[int]) -> list[tuple[str, str, Sequence[int]]]:
    return ([(table, column, deal_ids) for table, column in _DEAL_TABLES]
            + [(table, column, contact_ids) for table, column in _CONTACT_TABLES])


def _select(table: str, column: str, ids: Sequence[int]) -> TableRows:
    names: tuple[str, ...] = ()
    rows: list[tuple[Any, ...]] = []
    for part in chunks(ids):
        cursor = db.execute_sql(f"SELECT * FROM {quoted(table)} WHERE {quoted(column)} "
                                f"IN ({placeholders(len(part))}) ORDER BY id", list(part))
        names = tuple(described[0] for described in cursor.description)
        rows += cursor.fetchall()
    if not names:
        cursor = db.execute_sql(f"SELECT * FROM {quoted(table)} LIMIT 0")
        names = tuple(described[0] for described in cursor.description)
    return TableRows(table, names, tuple(sorted(rows, key=lambda row: row[names.index("id")])))


def capture(deal_ids: Iterable[int], contact_ids: Iterable[int] = ()) -> DealRows:
    """The deals' rows and their contacts' (row and funnel history), as stored now."""
    deals = tuple(dict.fromkeys(deal_ids))
    contacts = tuple(dict.fromkeys(contact_ids))
    with db.atomic():
        tables = tuple(_select(table, column, ids) for table, column, ids
                       in _scope(deals, contacts))
    return DealRows(deals, contacts, tables)


def restore(state: DealRows) -> None:
    """Make the rows in ``state``'s scope exactly what it holds (one transaction).

    Rows of those deals and contacts that ``state`` lacks are deleted (children first);
    its rows are inserted or overwritten in place (parents first), so the search index
    follows through its triggers. Contacts are only ever overwritten, never deleted.
    """
    scope = {table: (column, ids) for table, column, ids
             in _scope(state.deal_ids, state.contact_ids)}
    with db.atomic():
        for table in reversed(_ORDER):
            if table == "contact":
                continue
            column, ids = scope[table]
            keep = set(state.table(table).column("id"))
            for part in chunks(list(ids)):
                found = [row_id for (row_id,) in db.execute_sql(
                    f"SELECT id FROM {quoted(table)} WHERE {quoted(column)} "
                    f"IN ({placeholders(len(part))})", list(part))]
                extra = [row_id for row_id in found if row_id not in keep]
                for doomed in chunks(extra):
                    db.execute_sql(f"DELETE FROM {quoted(table)} WHERE id IN "
                                   f"({placeholders(len(doomed))})", list(doomed))
        for table in _ORDER:
            _upsert(state.table(table))


def _upsert(rows: TableRows) -> None:
    if not rows.rows:
        return
    others = [column for column in rows.columns if column != "id"]
    db.cursor().executemany(
        f"INSERT INTO {quoted(rows.table)} ({', '.join(map(quoted, rows.columns))}) "
        f"VALUES ({placeholders(len(rows.columns))}) ON CONFLICT (id) DO UPDATE SET "
        + ", ".join(f"{quoted(c)} = excluded.{quoted(c)}" for c in others), rows.rows)


def _contacts_of(deal_ids: Sequence[int]) -> list[int]:
    found: list[int] = []
    for part in chunks(list(deal_ids)):
        found += [contact_id for (contact_id,) in db.execute_sql(
            f"SELECT contact_id FROM deal WHERE id IN ({placeholders(len(part))}) "
            "AND contact_id IS NOT NULL", list(part))]
    return found


@dataclass(frozen=True, slots=True)
class DealsChanged(Undo):
    """A change to some deals (and their contacts): the exact rows before and after."""

    before: DealRows
    after: DealRows

    def reverse(self) -> Changes:
        restore(self.before)
        return self._changes()

    def replay(self) -> Changes:
        restore(self.after)
        return self._changes()

    def _changes(self) -> Changes:
        changes: Changes = {"deal": self.after.deal_ids}
        if self.after.contact_ids:
            changes["contact"] = self.after.contact_ids
        return changes


def change_deals(deal_ids: Iterable[int], work: Callable[[], int | None], *,
                 contact_ids: Iterable[int] = ()) -> BulkResult:
    """Run ``work`` on deals ``deal_ids`` in one transaction and keep how to undo it.

    ``work`` may return the id of a deal it created, which then belongs to the change.
    ``contact_ids``: contacts the change may touch besides the deals' own contacts (a
    contact newly linked to a deal): their rows must be copied before the change.
    """
    deals = list(dict.fromkeys(deal_ids))
    with db.atomic():
        contacts = list(dict.fromkeys([*_contacts_of(deals), *contact_ids]))
        before = capture(deals, contacts)
        created = work()
        if created is not None and created not in deals:
            deals.append(created)
            # A new deal had no rows before: the same empty rows, over the wider scope.
            before = DealRows(tuple(deals), before.contact_ids, before.tables)
        after = capture(deals, contacts)
    if before.tables == after.tables:
        return BulkResult((), DealsChanged(before, after))  # nothing to undo
    contacts_changed = any(before.table(name) != after.table(name)
                           for name, _column in _CONTACT_TABLES)
    # BulkResult lists changed contacts first; the deals go with the related records.
    return BulkResult(tuple(contacts) if contacts_changed else (), DealsChanged(before, after),
                      related={"deal": tuple(deals)})


def replay(result: BulkResult) -> Changes:
    """Redo a change exactly after its undo (one transaction)."""
    with db.atomic():
        return result.undo.replay()  # type: ignore[attr-defined]
