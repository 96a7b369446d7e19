"""Exact undo for a change confined to known rows: copies before and after, put back as they were.

A *scope* names the rows a change may touch, table by table: the rows of ``table`` whose
``column`` is one of ``ids``. :func:`capture` copies them; :func:`restore` makes the
database hold exactly a copy again within that scope — rows the copy lacks are deleted
(children first), its rows are inserted or overwritten in place (parents first), so ids
and values come back exactly and the search index follows through its triggers. Tables
marked ``keep`` are only ever overwritten, never deleted from (a contact whose campaign
link an undo restores must not vanish because the copy was taken by that link).

Scopes list their parts parents first: the order in which rows can be written back
without breaking a foreign key.

A part chosen by a link (the activities whose ``deal_id`` is one of the deals) is *pinned*
to the ids of its rows before a change is copied (:func:`pinned`), and the pins of before
and after are merged (:func:`merged`): a row the change unlinks (a deleted deal's call,
its ``deal_id`` emptied) then stays in both copies, so a redo empties the link again
instead of deleting the row, and an undo links it back.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from smeplanner.core.bulk import BulkResult, Changes, Undo
from smeplanner.core.models import db
from smeplanner.core.snapshots import TableRows, chunks, placeholders, quoted


@dataclass(frozen=True, slots=True)
class Part:
    """The rows of ``table`` whose ``column`` is in ``ids``; ``keep``: never delete them."""

    table: str
    column: str
    ids: tuple[int, ...]
    keep: bool = False


@dataclass(frozen=True, slots=True)
class Rows:
    """A scope and its rows as they were (a row of the scope missing here did not exist)."""

    parts: tuple[Part, ...]
    tables: tuple[TableRows, ...]

    def table(self, name: str) -> TableRows:
        return next(rows for rows in self.tables if rows.table == name)


@dataclass(frozen=True, slots=True)
class RowsChanged(Undo):
    """A change kept as its scope's exact rows before and after: undo puts back the first,
    a later redo the second. Subclasses say what changed, by kind (``_changes``)."""

    before: Rows
    after: Rows

    def reverse(self) -> Changes:
        restore(self.before)
        return self._changes()

    def replay(self) -> Changes:
        restore(self.after)
        return self._changes()

    @abstractmethod
    def _changes(self) -> Changes:
        """What the change touched, by kind (what pages must read again)."""


def replay(result: BulkResult) -> Changes:
    """Redo a :class:`RowsChanged` change exactly after its undo (one transaction)."""
    undo = result.undo
    if not isinstance(undo, RowsChanged):
        raise TypeError(f"{type(undo).__name__} cannot be replayed")
    with db.atomic():
        return undo.replay()


@cache
def key_columns(table: str) -> tuple[str, ...]:
    """The primary key's columns (``id``, or both columns of a link table)."""
    info = db.execute_sql(f"PRAGMA table_info({quoted(table)})").fetchall()
    keys = sorted((row[5], row[1]) for row in info if row[5])
    return tuple(name for _order, name in keys)


def _select(part: Part) -> TableRows:
    keys = key_columns(part.table)
    order = ", ".join(map(quoted, keys))
    names: tuple[str, ...] = ()
    rows: list[tuple[Any, ...]] = []
    for ids in chunks(list(part.ids)):
        cursor = db.execute_sql(f"SELECT * FROM {quoted(part.table)} WHERE {quoted(part.column)} "
                                f"IN ({placeholders(len(ids))}) ORDER BY {order}", list(ids))
        names = tuple(described[0] for described in cursor.description)
        rows += cursor.fetchall()
    if not names:
        cursor = db.execute_sql(f"SELECT * FROM {quoted(part.table)} LIMIT 0")
        names = tuple(described[0] for described in cursor.description)
    index = [names.index(key) for key in keys]
    return TableRows(part.table, names,
                     tuple(sorted(rows, key=lambda row: [row[i] for i in index])))


def pinned(parts: Sequence[Part]) -> list[Part]:
    """``parts`` with each part chosen by a link turned into its rows' ids as they are
    now (tables keyed by ``id``; link tables keep their link)."""
    found: list[Part] = []
    for part in parts:
        if part.column != "id" and key_columns(part.table) == ("id",):
            part = Part(part.table, "id", tuple(ids_where(part.table, part.column, part.ids)),
                        part.keep)
        found.append(part)
    return found


def merged(first: Sequence[Part], second: Sequence[Part]) -> list[Part]:
    """The parts of two scopes over the same tables, in order, each with the ids of both."""
    return [Part(a.table, a.column, tuple(dict.fromkeys((*a.ids, *b.ids))), a.keep)
            for a, b in zip(first, second, strict=True)]


def capture(parts: Sequence[Part]) -> Rows:
    """The rows of ``parts`` as stored now (one read transaction)."""
    with db.atomic():
        return Rows(tuple(parts), tuple(_select(part) for part in parts))


def widen(rows: Rows, parts: Sequence[Part]) -> Rows:
    """The same copy over a wider scope whose extra rows did not exist when it was taken
    (the rows of a record the change itself created)."""
    return Rows(tuple(parts), rows.tables)


def restore(state: Rows) -> None:
    """Make the rows in ``state``'s scope exactly what it holds (one transaction)."""
    with db.atomic():
        for part in reversed(state.parts):
            if not part.keep:
                _delete_extra(part, state.table(part.table))
        for part in state.parts:
            _upsert(state.table(part.table))


def _delete_extra(part: Part, wanted: TableRows) -> None:
    keys = key_columns(part.table)
    positions = [wanted.columns.index(key) for key in keys]
    keep = {tuple(row[i] for i in positions) for row in wanted.rows}
    selected = ", ".join(map(quoted, keys))
    for ids in chunks(list(part.ids)):
        found = db.execute_sql(
            f"SELECT {selected} FROM {quoted(part.table)} WHERE {quoted(part.column)} "
            f"IN ({placeholders(len(ids))})", list(ids)).fetchall()
        for row in found:
            if tuple(row) not in keep:
                where = " AND ".join(f"{quoted(key)} = ?" for key in keys)
                db.execute_sql(f"DELETE FROM {quoted(part.table)} WHERE {where}", list(row))


def _upsert(rows: TableRows) -> None:
    if not rows.rows:
        return
    keys = key_columns(rows.table)
    others = [column for column in rows.columns if column not in keys]
    action = ("DO UPDATE SET " + ", ".join(f"{quoted(c)} = excluded.{quoted(c)}"
                                           for c in others)) if others else "DO NOTHING"
    db.cursor().executemany(
        f"INSERT INTO {quoted(rows.table)} ({', '.join(map(quoted, rows.columns))}) "
        f"VALUES ({placeholders(len(rows.columns))}) "
        f"ON CONFLICT ({', '.join(map(quoted, keys))}) {action}", rows.rows)


def ids_where(table: str, column: str, values: Sequence[int]) -> list[int]:
    """Ids of the rows of ``table`` whose ``column`` is one of ``values``."""
    found: list[int] = []
    for part in chunks(list(values)):
        found += [row_id for (row_id,) in db.execute_sql(
            f"SELECT id FROM {quoted(table)} WHERE {quoted(column)} "
            f"IN ({placeholders(len(part))})", list(part))]
    return found


def ids_where_values(table: str, selected: str, column: str, values: Sequence[int]) -> list[int]:
    """The non-null ``selected`` column of the rows of ``table`` whose ``column`` is one of
    ``values`` (the contacts some activities name)."""
    found: list[int] = []
    for part in chunks(list(values)):
        found += [value for (value,) in db.execute_sql(
            f"SELECT {quoted(selected)} FROM {quoted(table)} WHERE {quoted(column)} "
            f"IN ({placeholders(len(part))}) AND {quoted(selected)} IS NOT NULL", list(part))]
    return found
