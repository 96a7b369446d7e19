"""The common shape of every service: validate everything first, then write in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, TypeVar

from peewee import Field, ForeignKeyField

from smeplanner.core.errors import NotFoundError, ValidationError
from smeplanner.core.models import BaseModel, db
from smeplanner.core.timeutil import utcnow

M = TypeVar("M", bound=BaseModel)
_OPERATORS = ("in", "gte", "lte", "gt", "lt", "contains", "isnull", "ne")


class RecordService(Generic[M]):
    """create / update / delete / get / list for one model.

    Subclasses name the writable ``fields`` and implement ``clean(values, existing)``, which
    receives the full set of values (stored ones merged with the changes) and returns what
    to store, raising :class:`ValidationError` on the first bad field. Nothing is written
    before every field is clean.
    """

    model: type[M]
    label: str = "record"
    fields: tuple[str, ...] = ()

    # --- overridable hooks -------------------------------------------------------------
    def clean(self, values: dict[str, Any], existing: M | None) -> dict[str, Any]:
        return values

    def after_create(self, record: M, values: dict[str, Any]) -> None:
        """Runs inside the creating transaction (history rows, side effects)."""

    def after_update(self, record: M, before: dict[str, Any], values: dict[str, Any]) -> None:
        """Runs inside the updating transaction; ``before`` holds the previous values."""

    # --- the operations ------------------------------------------------------------------
    def get(self, record_id: int) -> M:
        record = self.model.get_or_none(self.model._meta.primary_key == record_id)
        if record is None:
            raise NotFoundError(self.label, record_id)
        return record

    def _check_known(self, values: dict[str, Any]) -> None:
        for key in values:
            if key not in self.fields:
                raise ValidationError(key, f"is not a field of a {self.label}")

    def _stored(self, record: M) -> dict[str, Any]:
        result = {}
        for name in self.fields:
            field = self.model._meta.fields[name]
            is_reference = isinstance(field, ForeignKeyField)
            result[name] = getattr(record, field.name + "_id") if is_reference \
                else getattr(record, name)
        return result

    def create(self, **values: Any) -> M:
        self._check_known(values)
        defaults = {name: self._default(name) for name in self.fields if name not in values}
        cleaned = self.clean({**defaults, **values}, None)
        with db.atomic():
            record = self.model.create(**cleaned)
            self.after_create(record, cleaned)
        return self.get(record.get_id())

    def update(self, record_id: int, **values: Any) -> M:
        self._check_known(values)
        record = self.get(record_id)
        before = self._stored(record)
        cleaned = self.clean({**before, **values}, record)
        # Derived columns (a contact's sort key) are not among ``before``: compare them with
        # the record itself, or every save would count as a change and bump ``updated_at``.
        changed = {key: value for key, value in cleaned.items()
                   if (before[key] if key in before else getattr(record, key)) != value}
        if not changed:
            return record
        if "updated_at" in self.model._meta.fields:
            changed["updated_at"] = utcnow()
        with db.atomic():
            self.model.update(**changed).where(
                self.model._meta.primary_key == record.get_id()).execute()
            self.after_update(self.get(record.get_id()), before, changed)
        return self.get(record.get_id())

    def delete(self, record_id: int) -> None:
        record = self.get(record_id)
        with db.atomic():
            record.delete_instance()

    def list(self, *, order_by: str | Iterable[str] | None = None, limit: int | None = None,
             offset: int = 0, **filters: Any) -> list[M]:
        """Records matching ``filters`` (``field=value``, ``field__in``, ``__gte``, ``__lte``,
        ``__gt``, ``__lt``, ``__ne``, ``__contains``, ``__isnull``); order by field names,
        ``-name`` for descending."""
        query = self._select(filters)
        orders = [order_by] if isinstance(order_by, str) else list(order_by or [])
        query = query.order_by(*[self._order(name) for name in orders],
                               self.model._meta.primary_key)
        if limit is not None:
            query = query.limit(limit).offset(offset)
        return list(query)

    def count(self, **filters: Any) -> int:
        return self._select(filters).count()

    def _select(self, filters: dict[str, Any]) -> Any:
        query = self.model.select()
        conditions = self._conditions(filters)
        return query.where(*conditions) if conditions else query

    # --- helpers -------------------------------------------------------------------------
    def _default(self, name: str) -> Any:
        field = self.model._meta.fields[name]
        default = field.default
        return default() if callable(default) else default

    def _field(self, name: str) -> Field:
        field = self.model._meta.fields.get(name)
        if field is None:
            raise ValidationError(name, f"is not a field of a {self.label}")
        return field

    def _order(self, name: str) -> Any:
        descending = name.startswith("-")
        field = self._field(name.lstrip("-"))
        return field.desc(nulls="LAST") if descending else field.asc(nulls="LAST")

    def _conditions(self, filters: dict[str, Any]) -> list[Any]:
        conditions: list[Any] = []
        for key, value in filters.items():
            name, _, operator = key.partition("__")
            if operator and operator not in _OPERATORS:
                raise ValidationError(key, "is not a known filter")
            field = self._field(name)
            if not operator:
                conditions.append(field.is_null() if value is None else field == value)
            elif operator == "in":
                conditions.append(field.in_(list(value)))
            elif operator == "gte":
                conditions.append(field >= value)
            elif operator == "lte":
                conditions.append(field <= value)
            elif operator == "gt":
                conditions.append(field > value)
            elif operator == "lt":
                conditions.append(field < value)
            elif operator == "ne":
                conditions.append(field != value)
            elif operator == "contains":
                conditions.append(field.contains(value))
            elif operator == "isnull":
                conditions.append(field.is_null(bool(value)))
        return conditions
