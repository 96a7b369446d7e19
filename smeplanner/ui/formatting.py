"""Display text for values from core listings: dates, money, percentages, counts."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, QLocale, QTime

from smeplanner.core.money import format_money, to_minor

NUMERIC_KINDS = frozenset({"money", "int", "percent"})


def display_locale() -> QLocale:
    """The user's locale; for the bare "C" locale (no locale set up), English number rules,
    since C's short date ("19 11 2025") and ungrouped numbers read badly."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return locale


def format_amount(amount: Decimal | None, currency: str) -> str:
    """A Decimal amount with the workspace currency, as the rest of the app writes money."""
    if amount is None:
        return ""
    return format_money(to_minor(amount), currency)


def format_date(value: date | None) -> str:
    """A calendar date in the user's locale, short form."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone().date() if value.tzinfo else value.date()
    if QLocale().language() == QLocale.Language.C:
        return value.isoformat()
    return QLocale().toString(QDate(value.year, value.month, value.day),
                              QLocale.FormatType.ShortFormat)


def format_time(hour: int, minute: int) -> str:
    """A time of day in the user's locale, short form ("14:30", "2:30 PM")."""
    return display_locale().toString(QTime(hour, minute), QLocale.FormatType.ShortFormat)


def format_count(value: int | None) -> str:
    return "" if value is None else display_locale().toString(int(value))


def format_percent(value: int | Decimal | None) -> str:
    """A percentage with the decimals it carries (ROI -37.3 %), in the user's locale."""
    if value is None:
        return ""
    locale = display_locale()
    if isinstance(value, Decimal) and value != value.to_integral_value():
        places = max(0, -int(value.as_tuple().exponent))  # type: ignore[arg-type]
        return f"{locale.toString(float(value), 'f', places)}{locale.percent()}"
    return f"{locale.toString(int(value))}{locale.percent()}"


def display_text(kind: str, value: Any, currency: str) -> str:
    """The text a table cell shows for ``value`` of a listing column of ``kind``."""
    if value is None:
        return ""
    if kind == "money":
        return format_amount(value, currency)
    if kind in ("date", "datetime"):
        return format_date(value)
    if kind == "int":
        return format_count(value)
    if kind == "percent":
        return format_percent(value)
    return str(value)
