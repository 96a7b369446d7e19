"""Exact copies of contact rows and of every row that deleting them would remove or change.

A :class:`ContactsSnapshot` is what makes a delete undoable: the ``contact`` rows as stored
(raw SQL values, every column), the rows that ``ON DELETE CASCADE`` would take with them
(tags, funnel history, activities) and the rows that ``ON DELETE SET NULL`` would unlink
(deals). Which tables those are is read from the models' foreign keys, so a new table that
refers to contacts is covered without touching this file (``tests/core/test_bulk.py`` pins
the list against the live schema).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from peewee import CompositeKey, ForeignKeyField, IntegrityError

from smeplanner.core import search
from smeplanner.core.errors import ValidationError
from smeplanner.core.models import BaseModel, Contact, db

# Parameters per statement. SQLite builds before 3.32 allow at most 999 host parameters;
# 500 ids keeps every IN list well inside that on any build we may meet.
CHUNK = 500


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[Sequence[int]]:
    """``ids`` in slices short enough for one ``IN (...)`` list."""
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def placeholders(count: int) -> str:
    return ", ".join("?" * count)


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True, slots=True)
class TableRows:
    """Rows of one table exactly as stored: column names and raw SQL values."""

    table: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def column(self, name: str) -> list[Any]:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]


@dataclass(frozen=True, slots=True)
class Links:
    """Rows of ``table`` whose ``column`` pointed at a contact (they go NULL on delete)."""

    table: str
    key: str
    column: str
    pairs: tuple[tuple[int, int], ...]  # (row key, contact id)

    @property
    def row_ids(self) -> tuple[int, ...]:
        return tuple(row_id for row_id, _ in self.pairs)


@dataclass(frozen=True, slots=True)
class ContactsSnapshot:
    """Contacts and everything a delete of them would remove (``dependents``) or unlink."""

    contact_ids: tuple[int, ...]
    contacts: TableRows
    dependents: tuple[TableRows, ...]
    links: tuple[Links, ...]

    def dependent(self, table: str) -> TableRows:
        return next(rows for rows in self.dependents if rows.table == table)

    def link(self, table: str) -> Links:
        return next(links for links in self.links if links.table == table)


def contact_references() -> tuple[list[ForeignKeyField], list[ForeignKeyField]]:
    """The foreign keys to ``contact``: (those that cascade, those that set NULL).

    Any other ``on_delete`` (RESTRICT, NO ACTION) would make a delete fail rather than
    change rows, so a snapshot would not need it; none exists, and adding one is refused
    here so that nobody silently gets a delete that cannot be undone.
    """
    cascade: list[ForeignKeyField] = []
    set_null: list[ForeignKeyField] = []
    for field in sorted(Contact._meta.backrefs, key=lambda f: f.model._meta.table_name):
        action = (field.on_delete or "").upper()
        if action == "CASCADE":
            cascade.append(field)
        elif action == "SET NULL":
            set_null.append(field)
        else:
            raise NotImplementedError(f"{field} refers to contacts with ON DELETE {action!r}; "
                                      "teach core.snapshots how to undo deleting it")
    return cascade, set_null


def _model_of(table: str) -> type[BaseModel]:
    for model in (Contact, *(field.model for field in Contact._meta.backrefs)):
        if model._meta.table_name == table:
            return model
    raise KeyError(table)


def _key_columns(model: type[BaseModel]) -> tuple[str, ...]:
    key = model._meta.primary_key
    if isinstance(key, CompositeKey):
        return tuple(model._meta.fields[name].column_name for name in key.field_names)
    return (key.column_name,)


def _select(table: str, where_column: str, ids: Sequence[int],
            columns: str = "*") -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    names: tuple[str, ...] = ()
    rows: list[tuple[Any, ...]] = []
    for part in chunks(ids):
        cursor = db.execute_sql(
            f"SELECT {columns} FROM {quoted(table)} WHERE {quoted(where_column)} "
            f"IN ({placeholders(len(part))})", list(part))
        names = tuple(column[0] for column in cursor.description)
        rows += cursor.fetchall()
    if not names:  # no ids at all: still report the table's columns
        cursor = db.execute_sql(f"SELECT {columns} FROM {quoted(table)} LIMIT 0")
        names = tuple(column[0] for column in cursor.description)
    return names, rows


def select_rows(table: str, where_column: str, ids: Sequence[int]) -> TableRows:
    """Every column of the rows of ``table`` whose ``where_column`` is in ``ids``, by key."""
    names, rows = _select(table, where_column, ids)
    # Sorted so that two snapshots of the same rows compare equal whatever the chunking.
    key = [names.index(column) for column in _key_columns(_model_of(table))]
    rows.sort(key=lambda row: [row[index] for index in key])
    return TableRows(table, names, tuple(rows))


def capture_contacts(ids: Iterable[int]) -> ContactsSnapshot:
    """An exact copy of contacts ``ids`` and of the rows that depend on them.

    Call it inside the transaction that is about to change them, so that the copy and the
    change see the same data. Unknown ids are simply absent from the copy.
    """
    contact_ids = tuple(dict.fromkeys(ids))
    cascade, set_null = contact_references()
    with db.atomic():
        contacts = select_rows(Contact._meta.table_name, "id", contact_ids)
        dependents = tuple(select_rows(field.model._meta.table_name, field.column_name,
                                       contact_ids) for field in cascade)
        links = []
        for field in set_null:
            table = field.model._meta.table_name
            pk = field.model._meta.primary_key.column_name
            _, pairs = _select(table, field.column_name, contact_ids,
                               f"{quoted(pk)}, {quoted(field.column_name)}")
            links.append(Links(table, pk, field.column_name, tuple(sorted(pairs))))
    found = set(contacts.column("id"))
    contact_ids = tuple(contact_id for contact_id in contact_ids if contact_id in found)
    return ContactsSnapshot(contact_ids, contacts, dependents, tuple(links))


# --- restore -----------------------------------------------------------------------------
def _existing(table: str, column: str, ids: Iterable[Any]) -> set[Any]:
    wanted = sorted({value for value in ids if value is not None})
    found: set[Any] = set()
    for part in chunks(wanted):
        found.update(value for (value,) in db.execute_sql(
            f"SELECT {quoted(column)} FROM {quoted(table)} "
            f"WHERE {quoted(column)} IN ({placeholders(len(part))})", list(part)))
    return found


def _reconcile(rows: TableRows, restoring: set[int]) -> list[tuple[Any, ...]]:
    """The rows as the database would hold them had they never left.

    A record they refer to may have been deleted since the snapshot (a company, a deal, a
    tag). Had our rows been there, its own ``on_delete`` would have applied: SET NULL
    empties the reference, CASCADE drops the row. Doing the same here lets the undo land
    instead of failing on a foreign key. References to the contacts being restored
    (``restoring``) are always valid.
    """
    model = _model_of(rows.table)
    result = [list(row) for row in rows.rows]
    dropped: set[int] = set()
    for field in model._meta.refs:
        if field.column_name not in rows.columns:
            continue
        index = rows.columns.index(field.column_name)
        target = field.rel_model._meta.table_name
        target_column = field.rel_field.column_name
        values = {row[index] for row in result}
        if field.rel_model is Contact:
            values -= restoring
        gone = values - {None} - _existing(target, target_column, values)
        if not gone:
            continue
        action = (field.on_delete or "").upper()
        for number, row in enumerate(result):
            if row[index] in gone:
                if action == "SET NULL":
                    row[index] = None
                elif action == "CASCADE":
                    dropped.add(number)
                else:
                    raise ValidationError("contacts", f"the {field.rel_model.__name__.lower()} "
                                                      f"with id {row[index]} they refer to is gone")
    return [tuple(row) for number, row in enumerate(result) if number not in dropped]


def _upsert(rows: TableRows, values: list[tuple[Any, ...]], *, absent: bool = False) -> None:
    """Insert each row, or overwrite the row with the same key: same ids, same values.

    ``absent``: the caller has checked that no row holds these keys; a plain INSERT then
    does, a third faster than the upsert (10,000 contacts: 0.09 s against 0.13 s).
    """
    if not values:
        return
    keys = _key_columns(_model_of(rows.table))
    others = [column for column in rows.columns if column not in keys]
    sql = (f"INSERT INTO {quoted(rows.table)} ({', '.join(map(quoted, rows.columns))}) "
           f"VALUES ({placeholders(len(rows.columns))})")
    if not absent:
        action = ("DO UPDATE SET " + ", ".join(f"{quoted(c)} = excluded.{quoted(c)}"
                                               for c in others)) if others else "DO NOTHING"
        sql += f" ON CONFLICT ({', '.join(map(quoted, keys))}) {action}"
    db.cursor().executemany(sql, values)


def _taken(rows: TableRows) -> list[Any]:
    """Keys of ``rows`` that some other row now holds (ids are reused after a delete)."""
    keys = _key_columns(_model_of(rows.table))
    if len(keys) != 1:
        return []  # a pure link row (contact, tag) cannot belong to anyone else
    return sorted(_existing(rows.table, keys[0], rows.column(keys[0])))


def restore_contacts(snapshot: ContactsSnapshot, *, must_be_absent: bool = False) -> None:
    """Put the snapshot's rows back exactly (same ids, same values) in one transaction.

    Contacts and dependent rows are inserted, or overwritten where they still exist; deal
    links are set back where the deal is still there and not linked to someone else since.
    Rows created after the snapshot are left alone.

    The search index is brought up to date once, for the restored records only: the
    triggers of the searched tables written here are suspended meanwhile. Fired row by row
    they cost four FTS statements per contact and per relinked deal, two thirds of the time
    of undoing a 10,000-contact delete; :func:`search.reindex` does the same in a few.

    ``must_be_absent`` (undoing a delete): SQLite hands a deleted row's id to the next new
    row, so a contact or activity created since may now hold one of the snapshot's ids.
    Overwriting it would destroy the newer record: raise :class:`ValidationError` instead,
    writing nothing.
    """
    restoring = set(snapshot.contact_ids)
    with db.atomic():
        if must_be_absent:
            for rows in (snapshot.contacts, *snapshot.dependents):
                taken = _taken(rows)
                if taken:
                    raise ValidationError(
                        "contacts", f"{len(taken)} {rows.table.replace('_', ' ')} id(s) "
                                    f"(first {taken[0]}) now belong to newer records")
        records = searched_records(snapshot)
        try:
            with search.suspended(db, *records) as pending:
                for rows in (snapshot.contacts, *snapshot.dependents):
                    # _taken() found no row with these keys, if it looked: a link row
                    # (composite key) it does not check keeps the upsert's DO NOTHING.
                    checked = must_be_absent and len(_key_columns(_model_of(rows.table))) == 1
                    _upsert(rows, _reconcile(rows, restoring), absent=checked)
                for links in snapshot.links:
                    db.cursor().executemany(
                        f"UPDATE {quoted(links.table)} SET {quoted(links.column)} = ? "
                        f"WHERE {quoted(links.key)} = ? AND {quoted(links.column)} IS NULL",
                        [(contact_id, row_id) for row_id, contact_id in links.pairs])
                for kind, ids in records.items():
                    pending.add(kind, ids)
        except IntegrityError as error:
            # _reconcile covers the references we know of; anything else is a rule of
            # the schema the snapshot cannot satisfy, which the user should hear about.
            raise ValidationError("contacts", f"cannot be restored: {error}") from error


def searched_records(snapshot: ContactsSnapshot) -> dict[str, tuple[int, ...]]:
    """The records of searched tables that deleting or restoring the snapshot writes, by
    search kind: its contacts, and the deals their links name (and any dependent rows,
    should a searched table ever cascade from contacts).

    What to suspend the index triggers for, and to re-index afterwards (re-indexing a
    record that is gone, or did not change, is harmless: it matches the table either way).
    """
    records: dict[str, list[int]] = {}
    for rows in (snapshot.contacts, *snapshot.dependents):
        kind = search.KIND_OF_TABLE.get(rows.table)
        if kind is not None:
            records.setdefault(kind, []).extend(rows.column("id"))
    for links in snapshot.links:
        kind = search.KIND_OF_TABLE.get(links.table)
        if kind is not None:
            records.setdefault(kind, []).extend(links.row_ids)
    return {kind: tuple(dict.fromkeys(ids)) for kind, ids in sorted(records.items())}
