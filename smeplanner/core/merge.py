"""Merging duplicate contacts into one, and undoing the merge exactly.

:func:`merge_defaults` proposes the values the kept contact (the survivor) gets;
:func:`merge_contacts` folds the others into it in a single transaction, moving every row
that refers to them, and returns a :class:`MergeRecord` from which :func:`unmerge` restores
the database exactly. Finding the contacts to merge is :mod:`smeplanner.core.duplicates`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from peewee import CompositeKey, ForeignKeyField

from smeplanner.core.bulk import BulkResult, Changes, Undo
from smeplanner.core.contacts import contacts
from smeplanner.core.errors import ValidationError
from smeplanner.core.models import ADDRESS_FIELDS, ALL_MODELS, Contact, db
from smeplanner.core.timeutil import today


@dataclass(frozen=True, slots=True)
class MovedRow:
    """A row whose reference to a contact was pointed at the survivor."""

    table: str
    column: str
    row_id: int
    previous_contact_id: int


@dataclass(frozen=True, slots=True)
class MergeRecord:
    """Everything :func:`unmerge` needs to put the database back exactly; rows are raw column
    values as stored (treat them as read-only)."""

    survivor_id: int
    other_ids: tuple[int, ...]
    survivor_before: dict[str, Any]
    deleted_contacts: tuple[dict[str, Any], ...]
    moved_rows: tuple[MovedRow, ...]
    # Rows of link tables keyed by contact (contact_tag): the others' rows as they were, and
    # the rows the survivor gained. (table, row) pairs.
    link_rows_removed: tuple[tuple[str, dict[str, Any]], ...]
    link_rows_added: tuple[tuple[str, dict[str, Any]], ...]
    # Rows the survivor's update wrote (a lifecycle change when the stage was chosen).
    created_rows: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class _Reference:
    table: str
    column: str
    key_columns: tuple[str, ...]  # the primary key; more than one: a link table

    @property
    def is_link(self) -> bool:
        return len(self.key_columns) > 1


def _references() -> list[_Reference]:
    """Every foreign key to contact in the schema, so a new one cannot be forgotten here."""
    found = []
    for model in ALL_MODELS:
        meta = model._meta
        primary = meta.primary_key
        names = primary.field_names if isinstance(primary, CompositeKey) else (primary.name,)
        keys = tuple(meta.fields[name].column_name for name in names)
        found.extend(_Reference(meta.table_name, field.column_name, keys)
                     for field in meta.sorted_fields
                     if isinstance(field, ForeignKeyField) and field.rel_model is Contact)
    return found


def _rows(sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cursor = db.execute_sql(sql, params)
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _check_ids(survivor_id: Any, other_ids: Iterable[Any]) -> tuple[int, ...]:
    others = tuple(dict.fromkeys(other_ids))  # repeated ids count once, order kept
    for field, values in (("survivor_id", (survivor_id,)), ("other_ids", others)):
        for value in values:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValidationError(field, f"{value!r} is not a contact id")
    if not others:
        raise ValidationError("other_ids", "name at least one contact to merge")
    if survivor_id in others:
        raise ValidationError("other_ids", "a contact cannot be merged with itself")
    wanted = (survivor_id, *others)
    known = {row[0] for row in db.execute_sql(
        f"SELECT id FROM contact WHERE id IN ({_marks(len(wanted))})", wanted)}
    for field, value in zip(("survivor_id", *("other_ids",) * len(others)), wanted, strict=True):
        if value not in known:
            raise ValidationError(field, f"no contact with id {value}")
    return others


def merge_defaults(survivor_id: int, other_ids: Sequence[int]) -> dict[str, Any]:
    """The values a merge gives the survivor unless the user chooses others (the dialog's
    pre-selection), as ``contacts.update`` takes them.

    The survivor's value wins; an empty one is filled from the others in the order given.
    The address moves as a block (never street from one, city from another). Notes are
    joined. Last touch is the latest, the follow-up the earliest still ahead (else the latest
    overdue one, so a reminder is not lost). A campaign link comes with its channel. Anyone's
    do-not-contact wins; consent and lifecycle stage stay the survivor's: consent is not
    inferred, and a new stage would be recorded as a move along the funnel today.
    """
    return _defaults(survivor_id, _check_ids(survivor_id, other_ids))


def _defaults(survivor_id: int, others: tuple[int, ...]) -> dict[str, Any]:
    records = [contacts.get(survivor_id), *(contacts.get(other) for other in others)]
    values = [{name: getattr(record, name + "_id" if name in ("company", "source_campaign")
                             else name) for name in contacts.fields} for record in records]
    merged = dict(values[0])
    fixed = {*ADDRESS_FIELDS, "source_campaign", "source_channel", "marketing_opt_in",
             "opt_in_date", "do_not_contact", "lifecycle_stage", "last_touch_at",
             "next_follow_up"}
    for name in contacts.fields:
        if name not in fixed and merged[name] in ("", None):
            merged[name] = next((v[name] for v in values[1:] if v[name] not in ("", None)),
                                merged[name])
    address = [name for name in ADDRESS_FIELDS if name != "notes"]
    if not any(merged[name] for name in address):
        source = next((v for v in values[1:] if any(v[name] for name in address)), merged)
        merged.update({name: source[name] for name in address})
    notes = dict.fromkeys(v["notes"].strip() for v in values if v["notes"].strip())
    merged["notes"] = "\n\n".join(notes)
    if merged["source_campaign"] is None:
        source = next((v for v in values[1:] if v["source_campaign"] is not None), None)
        if source is not None:
            merged["source_campaign"] = source["source_campaign"]
            merged["source_channel"] = source["source_channel"]
        elif not merged["source_channel"]:
            merged["source_channel"] = next(
                (v["source_channel"] for v in values[1:] if v["source_channel"]), "")
    merged["do_not_contact"] = any(v["do_not_contact"] for v in values)
    touches = [v["last_touch_at"] for v in values if v["last_touch_at"] is not None]
    merged["last_touch_at"] = max(touches, default=None)
    merged["next_follow_up"] = _follow_up([v["next_follow_up"] for v in values])
    return merged


def _follow_up(dates: Iterable[date | None]) -> date | None:
    known = [day for day in dates if day is not None]
    ahead = [day for day in known if day >= today()]
    return min(ahead) if ahead else max(known, default=None)


def merge_contacts(survivor_id: int, other_ids: Sequence[int],
                   chosen: dict[str, Any] | None = None) -> MergeRecord:
    """Fold ``other_ids`` into ``survivor_id`` in one transaction and delete them.

    ``chosen`` overrides :func:`merge_defaults` field by field and is validated like any edit
    (ValidationError naming the field; nothing written). Every row that refers to a merged
    contact — activities, deals, lifecycle history, tags — moves to the survivor: the others'
    lifecycle history too, so that past conversions stay counted in the reports. Tags become
    the union.
    """
    references = _references()
    single = [ref for ref in references if not ref.is_link]
    with db.atomic():
        others = _check_ids(survivor_id, other_ids)
        values = {**_defaults(survivor_id, others), **(chosen or {})}
        survivor_before = _rows("SELECT * FROM contact WHERE id = ?", (survivor_id,))[0]
        owned = {ref: _ids_of(ref, (survivor_id,)) for ref in single}
        contacts.update(survivor_id, **values)
        created = [(ref.table, row_id) for ref in single
                   for row_id in sorted(_ids_of(ref, (survivor_id,)) - owned[ref])]
        marks = _marks(len(others))
        moved: list[MovedRow] = []
        for ref in single:
            rows = db.execute_sql(f"SELECT {ref.key_columns[0]}, {ref.column} FROM {ref.table} "
                                  f"WHERE {ref.column} IN ({marks}) ORDER BY 1", others)
            moved += [MovedRow(ref.table, ref.column, row_id, old) for row_id, old in rows]
            db.execute_sql(f"UPDATE {ref.table} SET {ref.column} = ? "
                           f"WHERE {ref.column} IN ({marks})", (survivor_id, *others))
        removed: list[tuple[str, dict[str, Any]]] = []
        added: list[tuple[str, dict[str, Any]]] = []
        for ref in references:
            if ref.is_link:
                gone, gained = _merge_links(ref, survivor_id, others)
                removed += [(ref.table, row) for row in gone]
                added += [(ref.table, row) for row in gained]
        deleted = _rows(f"SELECT * FROM contact WHERE id IN ({marks}) ORDER BY id", others)
        db.execute_sql(f"DELETE FROM contact WHERE id IN ({marks})", others)
    return MergeRecord(survivor_id, others, survivor_before, tuple(deleted), tuple(moved),
                       tuple(removed), tuple(added), tuple(created))


def _ids_of(ref: _Reference, contact_ids: Sequence[int]) -> set[int]:
    return {row[0] for row in db.execute_sql(
        f"SELECT {ref.key_columns[0]} FROM {ref.table} "
        f"WHERE {ref.column} IN ({_marks(len(contact_ids))})", tuple(contact_ids))}


def _merge_links(ref: _Reference, survivor_id: int, others: tuple[int, ...],
                 ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Give the survivor the others' link rows it lacks (a union), then drop theirs."""
    rest = [column for column in ref.key_columns if column != ref.column]

    def rest_of(row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(row[column] for column in rest)

    gone = _rows(f"SELECT * FROM {ref.table} WHERE {ref.column} IN ({_marks(len(others))}) "
                 f"ORDER BY {', '.join(ref.key_columns)}", others)
    have = {rest_of(row) for row in _rows(f"SELECT * FROM {ref.table} WHERE {ref.column} = ?",
                                          (survivor_id,))}
    gained = []
    for row in gone:
        if rest_of(row) not in have:
            have.add(rest_of(row))
            gained.append({**row, ref.column: survivor_id})
    db.execute_sql(f"DELETE FROM {ref.table} WHERE {ref.column} IN ({_marks(len(others))})",
                   others)
    for row in gained:
        _insert(ref.table, row)
    return gone, gained


def _insert(table: str, row: dict[str, Any]) -> None:
    db.execute_sql(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({_marks(len(row))})",
                   tuple(row.values()))


def _delete(table: str, row: dict[str, Any], key_columns: Sequence[str]) -> None:
    db.execute_sql(f"DELETE FROM {table} WHERE "
                   + " AND ".join(f"{column} = ?" for column in key_columns),
                   tuple(row[column] for column in key_columns))


def unmerge(record: MergeRecord) -> None:
    """Undo :func:`merge_contacts`: the same rows with the same ids and values as before it.

    Meant to run right after the merge or its later edits were undone (the undo stack's
    order); refuses if the survivor is gone or a merged contact's id was taken again.
    """
    ids = (record.survivor_id, *record.other_ids)
    present = {row[0] for row in db.execute_sql(
        f"SELECT id FROM contact WHERE id IN ({_marks(len(ids))})", ids)}
    if record.survivor_id not in present:
        raise ValidationError("survivor_id", f"no contact with id {record.survivor_id}")
    taken = sorted(present & set(record.other_ids))
    if taken:
        raise ValidationError("other_ids", f"contact id {taken[0]} is in use again; "
                                           "the merge cannot be undone")
    keys = {ref.table: ref.key_columns for ref in _references()}
    with db.atomic():
        for table, row_id in record.created_rows:
            db.execute_sql(f"DELETE FROM {table} WHERE {keys[table][0]} = ?", (row_id,))
        before = {k: v for k, v in record.survivor_before.items() if k != "id"}
        db.execute_sql(f"UPDATE contact SET {', '.join(f'{k} = ?' for k in before)} "
                       "WHERE id = ?", (*before.values(), record.survivor_id))
        # Contacts first (with their own ids), then the rows that refer to them.
        for row in record.deleted_contacts:
            _insert("contact", row)
        for moved in record.moved_rows:
            db.execute_sql(f"UPDATE {moved.table} SET {moved.column} = ? "
                           f"WHERE {keys[moved.table][0]} = ?",
                           (moved.previous_contact_id, moved.row_id))
        for table, row in record.link_rows_added:
            _delete(table, row, keys[table])
        for table, row in record.link_rows_removed:
            _insert(table, row)


@dataclass(frozen=True, slots=True)
class Merged(Undo):
    """The undo of a merge, in the shape the undo commands use (see core.bulk)."""

    record: MergeRecord

    def reverse(self) -> Changes:
        unmerge(self.record)
        return {"contact": (self.record.survivor_id, *self.record.other_ids)}


def merge(survivor_id: int, other_ids: Sequence[int],
          chosen: dict[str, Any] | None = None) -> BulkResult:
    """:func:`merge_contacts` as an undoable operation: ``bulk.revert(result)`` unmerges."""
    record = merge_contacts(survivor_id, other_ids, chosen)
    return BulkResult((record.survivor_id, *record.other_ids), Merged(record))
