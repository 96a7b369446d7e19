"""Display text for listing values: the user's locale, and sane output under the C locale."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from PySide6.QtCore import QLocale

from smeplanner.ui.formatting import display_text, format_amount, format_count, format_date


@pytest.fixture
def locale() -> Iterator[Callable[[QLocale.Language, QLocale.Country], None]]:
    previous = QLocale()

    def use(language: QLocale.Language, country: QLocale.Country) -> None:
        QLocale.setDefault(QLocale(language, country))

    yield use
    QLocale.setDefault(previous)


def test_dates_follow_the_locale(locale):
    locale(QLocale.Language.German, QLocale.Country.Germany)
    assert format_date(date(2026, 3, 7)) == "07.03.26"
    locale(QLocale.Language.English, QLocale.Country.UnitedStates)
    assert format_date(date(2026, 3, 7)) == "3/7/26"


def test_the_c_locale_shows_iso_dates_and_grouped_numbers(locale):
    locale(QLocale.Language.C, QLocale.Country.AnyCountry)
    assert format_date(date(2026, 3, 7)) == "2026-03-07"
    assert format_count(12345) == "12,345"


def test_an_aware_datetime_shows_its_local_date(locale):
    locale(QLocale.Language.C, QLocale.Country.AnyCountry)
    instant = datetime(2026, 3, 7, 12, 0, tzinfo=UTC)
    assert format_date(instant) == instant.astimezone().date().isoformat()


@pytest.mark.parametrize(("kind", "value", "text"), [
    ("money", Decimal("1234.5"), "€1,234.50"),
    ("money", Decimal("-3"), "-€3.00"),
    ("money", None, ""),
    ("percent", 35, "35%"),
    ("int", 1000, "1,000"),
    ("text", "<b>not bold</b>", "<b>not bold</b>"),
    ("text", None, ""),
])
def test_display_text(locale, kind, value, text):
    locale(QLocale.Language.English, QLocale.Country.UnitedStates)
    assert display_text(kind, value, "EUR") == text


def test_money_uses_the_workspace_currency():
    assert format_amount(Decimal("10"), "GBP") == "£10.00"
    assert format_amount(Decimal("10"), "JPY") == "¥10"


def test_every_page_icon_ships_with_the_package():
    from smeplanner.ui.icons import ICON_DIR

    for name in ("app", "week", "contacts", "deals", "campaigns", "reports", "settings", "search"):
        assert (ICON_DIR / f"{name}.svg").is_file(), name


def test_a_percentage_keeps_its_decimals():
    from decimal import Decimal

    from smeplanner.ui.formatting import format_percent

    assert format_percent(Decimal("-37.3")) == "-37.3%"
    assert format_percent(Decimal("12.50")) == "12.50%"
    assert format_percent(Decimal("40")) == "40%"
    assert format_percent(25) == "25%"
