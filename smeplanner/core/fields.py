"""peewee field types for the data rules: exact money, exact decimals, UTC date-times."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from peewee import Field, IntegerField

from smeplanner.core.money import from_minor, to_minor
from smeplanner.core.timeutil import to_utc

_UTC_FORMAT = "%Y-%m-%d %H:%M:%S"


class MoneyField(IntegerField):
    """A Decimal amount stored as integer minor units (cents); never a float."""

    def db_value(self, value: object) -> int | None:
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            # Plain ints given to the ORM are whole currency units, like Decimal(int).
            return to_minor(Decimal(value))
        return to_minor(value, self.name or "amount")

    def python_value(self, value: object) -> Decimal | None:
        if value is None:
            return None
        return from_minor(int(value))


class DecimalTextField(Field):
    """An exact Decimal kept as its text (quantities, percentages)."""

    field_type = "TEXT"

    def db_value(self, value: object) -> str | None:
        if value is None:
            return None
        return str(Decimal(str(value)) if not isinstance(value, Decimal) else value)

    def python_value(self, value: object) -> Decimal | None:
        if value is None:
            return None
        return Decimal(str(value))


class UTCDateTimeField(Field):
    """An instant stored as UTC text ``YYYY-MM-DD HH:MM:SS`` (sorts as text); read back aware."""

    field_type = "TEXT"

    def db_value(self, value: object) -> str | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if not isinstance(value, datetime):
            raise TypeError(f"{self.name}: expected a datetime, got {type(value).__name__}")
        return to_utc(value).strftime(_UTC_FORMAT)

    def python_value(self, value: object) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=UTC)
        return datetime.strptime(str(value)[:19], _UTC_FORMAT).replace(tzinfo=UTC)
