"""Field cleaners: turn user input into stored values or raise ValidationError naming the field."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from peewee import Model

from smeplanner.core.errors import ValidationError
from smeplanner.core.money import MAX_AMOUNT, parse_number_text, to_decimal

# Pragmatic address syntax: something@domain.tld, no spaces, one @. (RFC 5322 allows more,
# but nobody types those into a CRM, and a typo like "anna@acme" should be caught.)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_PHONE = re.compile(r"^[+()0-9 ./\-]*(?:(?:ext|x)\.? ?\d+)?$", re.IGNORECASE)
MAX_TEXT = 255
MAX_POSTCODE = 20  # the longest in use are 10; a PO box is an address line
MAX_LONG_TEXT = 100_000


# Control characters other than tab and line breaks (NUL, vertical tab, escape…): pasted
# or imported by accident, invisible, and refused by the calendar and vCard formats.
_CONTROLS = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def without_controls(value: str) -> str:
    """``value`` without control characters other than tab, CR and LF."""
    return value.translate(_CONTROLS)


def text(field: str, value: Any, *, required: bool = False, max_length: int = MAX_TEXT) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(field, "must be text")
    value = without_controls(value).strip()
    if required and not value:
        raise ValidationError(field, "must not be empty")
    if len(value) > max_length:
        raise ValidationError(field, f"is too long ({len(value)} characters; at most {max_length})")
    return value


def long_text(field: str, value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(field, "must be text")
    if len(value) > MAX_LONG_TEXT:
        raise ValidationError(field, f"is too long (at most {MAX_LONG_TEXT} characters)")
    return without_controls(value).strip()


def email(field: str, value: Any) -> str:
    value = text(field, value.lower() if isinstance(value, str) else value)
    if value and not _EMAIL.match(value):
        raise ValidationError(field, f"{value!r} is not a valid email address")
    return value


def phone(field: str, value: Any) -> str:
    value = text(field, value, max_length=40)
    if value and (not _PHONE.match(value) or not any(ch.isdigit() for ch in value)):
        raise ValidationError(field, f"{value!r} is not a phone number")
    return value


def choice(field: str, value: Any, allowed: tuple[str, ...], *, blank: bool = False) -> str:
    if blank and value in (None, ""):
        return ""
    if value not in allowed:
        raise ValidationError(field, f"{value!r} is not one of {', '.join(allowed)}")
    return value


def integer(field: str, value: Any, *, minimum: int | None = None, maximum: int | None = None,
            optional: bool = False) -> int | None:
    if value is None or value == "":
        if optional:
            return None
        raise ValidationError(field, "is required")
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            raise ValidationError(field, f"{value!r} is not a whole number") from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field, "must be a whole number")
    if minimum is not None and value < minimum:
        raise ValidationError(field, f"must be at least {minimum}")
    if maximum is not None and value > maximum:
        raise ValidationError(field, f"must be at most {maximum}")
    return value


def money(field: str, value: Any, *, optional: bool = False, allow_negative: bool = False,
          ) -> Decimal | None:
    if value is None or value == "":
        if optional:
            return None
        raise ValidationError(field, "is required")
    if isinstance(value, float):
        raise ValidationError(field, "must be given exactly (Decimal or text), not as a float")
    amount = to_decimal(value, field)
    if amount < 0 and not allow_negative:
        raise ValidationError(field, "must not be negative")
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValidationError(field, "has more than two decimal places")
    if abs(amount) >= MAX_AMOUNT:
        raise ValidationError(field, "is too large")
    return amount


def decimal(field: str, value: Any, *, minimum: Decimal | None = None,
            maximum: Decimal | None = None, optional: bool = False,
            exclusive_minimum: bool = False) -> Decimal | None:
    if value is None or value == "":
        if optional:
            return None
        raise ValidationError(field, "is required")
    if isinstance(value, float):
        value = str(value)
    try:
        # Typed text reads as money does: "1,5" is 1.5 and "1,000" is 1000.
        number = parse_number_text(value) if isinstance(value, str) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        number = None
    if number is None:
        raise ValidationError(field, f"{value!r} is not a number")
    if not number.is_finite():
        raise ValidationError(field, "is not a finite number")
    if minimum is not None and (number <= minimum if exclusive_minimum else number < minimum):
        raise ValidationError(field, f"must be {'more than' if exclusive_minimum else 'at least'}"
                                     f" {minimum}")
    if maximum is not None and number > maximum:
        raise ValidationError(field, f"must be at most {maximum}")
    return number


def a_date(field: str, value: Any, *, optional: bool = True) -> date | None:
    if value is None or value == "":
        if optional:
            return None
        raise ValidationError(field, "is required")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError(field, f"{value!r} is not a date (YYYY-MM-DD)") from None
    raise ValidationError(field, "must be a date")


def a_datetime(field: str, value: Any, *, optional: bool = True) -> datetime | None:
    if value is None or value == "":
        if optional:
            return None
        raise ValidationError(field, "is required")
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError(field, f"{value!r} is not a date and time") from None
    raise ValidationError(field, "must be a date and time")


def boolean(field: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    raise ValidationError(field, "must be yes or no")


def reference(field: str, value: Any, model: type[Model], *, label: str) -> int | None:
    """An id (or model instance) of an existing ``model`` row, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, Model):
        value = value.get_id()
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field, f"must be the id of a {label}")
    if not model.select().where(model._meta.primary_key == value).exists():
        raise ValidationError(field, f"no {label} with id {value}")
    return value


def address(values: dict[str, Any]) -> dict[str, Any]:
    """The postal address and notes of a company or contact, cleaned."""
    return {
        "address": long_text("address", values["address"]),
        "city": text("city", values["city"]),
        "postcode": text("postcode", values["postcode"], max_length=MAX_POSTCODE),
        "region": text("region", values["region"]),
        "country": text("country", values["country"]),
        "notes": long_text("notes", values["notes"]),
    }
