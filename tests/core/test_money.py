"""Exact money: parsing amount text, minor units, display formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smeplanner.core.errors import ValidationError
from smeplanner.core.money import format_money, from_minor, minor_digits, to_decimal, to_minor

NBSP = "\u00a0"
# Minor units in the range a small business will ever see (and then some).
# Up to the largest amount the app accepts (money.MAX_AMOUNT, exclusive).
MINOR = st.integers(min_value=-(10**15) + 1, max_value=10**15 - 1)


@pytest.mark.parametrize(("given_value", "expected"), [
    ("1 234,50", Decimal("1234.50")),
    (f"1{NBSP}234,50", Decimal("1234.50")),
    ("1,234.50", Decimal("1234.50")),
    ("1.234,50", Decimal("1234.50")),
    ("1'234.50", Decimal("1234.50")),
    ("1,234,567.89", Decimal("1234567.89")),
    ("12,5", Decimal("12.5")),
    ("1,234", Decimal("1234")),
    ("  42  ", Decimal("42")),
    ("-3.25", Decimal("-3.25")),
    ("€1,234.50", Decimal("1234.50")),
    ("1 234,50 €", Decimal("1234.50")),
    ("$99.99", Decimal("99.99")),
    ("CHF 10.00", Decimal("10.00")),
    ("250 EUR", Decimal("250")),
    (Decimal("7.10"), Decimal("7.10")),
    (5, Decimal(5)),
    (-12, Decimal(-12)),
])
def test_to_decimal_parses_amounts_exactly(given_value, expected):
    result = to_decimal(given_value)
    assert isinstance(result, Decimal)
    assert result == expected


@pytest.mark.parametrize("bad", ["", "   ", "€", "abc", "1,2,3x", "12.3.4", "NaN", "Infinity",
                                 "-inf", 1.5, 0.1, True, False, None, [], Decimal("NaN"),
                                 Decimal("Infinity")])
def test_to_decimal_refuses_non_amounts_naming_the_field(bad):
    with pytest.raises(ValidationError) as caught:
        to_decimal(bad, "price")
    assert caught.value.field == "price"


def test_to_decimal_refuses_floats_even_when_exact():
    with pytest.raises(ValidationError, match="float"):
        to_decimal(2.0)


@pytest.mark.parametrize(("given_value", "expected"), [
    ("1 234,50", 123450),
    ("1,234.50", 123450),
    (Decimal("1234.5"), 123450),
    (10, 1000),
    (0, 0),
    (Decimal("0.005"), 1),       # half up...
    (Decimal("0.004"), 0),
    (Decimal("2.675"), 268),     # ...where binary floats would give 2.67
    (Decimal("-0.005"), -1),     # half away from zero for refunds too
    (Decimal("1.015"), 102),
    (Decimal("9999999999999.99"), 999999999999999),
])
def test_to_minor_rounds_half_up_to_the_cent(given_value, expected):
    result = to_minor(given_value)
    assert type(result) is int
    assert result == expected


def test_to_minor_refuses_floats():
    with pytest.raises(ValidationError):
        to_minor(12.5, "amount")


@pytest.mark.parametrize(("minor", "expected"), [
    (123450, Decimal("1234.50")),
    (0, Decimal("0.00")),
    (-5, Decimal("-0.05")),
    (1, Decimal("0.01")),
    (999999999999999, Decimal("9999999999999.99")),
])
def test_from_minor_gives_two_place_decimals(minor, expected):
    result = from_minor(minor)
    assert result == expected
    assert result.as_tuple().exponent == -2


def test_from_minor_none_is_none():
    assert from_minor(None) is None


@pytest.mark.parametrize(("currency", "digits"), [
    ("EUR", 2), ("usd", 2), ("JPY", 0), ("KWD", 3), ("XYZ", 2),
])
def test_minor_digits(currency, digits):
    assert minor_digits(currency) == digits


@pytest.mark.parametrize(("minor", "currency", "expected"), [
    (123450, "EUR", "€1,234.50"),
    (1234567, "usd", "$12,345.67"),
    (-5, "EUR", "-€0.05"),
    (0, "GBP", "£0.00"),
    (100, "XYZ", "XYZ 1.00"),
    (123456, "JPY", "¥1,235"),         # no minor unit shown, rounded half up
    (123450, "JPY", "¥1,235"),
    (123456, "KWD", "KWD 1,234.560"),
    (100000000, "CHF", "CHF1,000,000.00"),
])
def test_format_money(minor, currency, expected):
    assert format_money(minor, currency) == expected


def test_format_money_none_is_empty():
    assert format_money(None) == ""


@pytest.mark.parametrize(("minor", "expected"), [
    (99_900, "€999.00"),               # below a thousand: the full amount
    (1_234_567, "€12.3k"),
    (250_000_000, "€2.5m"),
    (-150_000_000_000, "-€1.5bn"),
    (100_000, "€1.0k"),
])
def test_format_money_compact(minor, expected):
    assert format_money(minor, "EUR", compact=True) == expected


def test_format_money_compact_rounding_never_shows_a_thousand_of_a_unit():
    assert format_money(99_999_999, "EUR", compact=True) == "€1.0m"


def test_format_money_compact_rounds_half_up():
    assert format_money(1_225_000, "EUR", compact=True) == "€12.3k"


@pytest.mark.parametrize("huge", [Decimal("1e30"), "1e30"])
def test_to_minor_refuses_unrepresentable_amounts_with_validation_error(huge):
    with pytest.raises(ValidationError):
        to_minor(huge)


# --- properties ------------------------------------------------------------------------------

@given(MINOR)
def test_minor_units_round_trip_through_decimal(minor):
    assert to_minor(from_minor(minor)) == minor


@given(MINOR)
def test_minor_units_round_trip_through_decimal_text(minor):
    assert to_minor(str(from_minor(minor))) == minor


@given(MINOR, st.sampled_from(["EUR", "USD", "GBP", "CHF", "SEK", "PLN"]))
def test_formatted_money_parses_back_to_the_same_minor_units(minor, currency):
    assert to_minor(format_money(minor, currency)) == minor


@given(MINOR, st.sampled_from([" ", NBSP, ".", "'"]))
def test_european_amount_text_parses_exactly(minor, separator):
    units, cents = divmod(abs(minor), 100)
    grouped = f"{units:,}".replace(",", separator)
    text = f"{'-' if minor < 0 else ''}{grouped},{cents:02d}"
    assert to_minor(text) == minor
    assert to_decimal(text) == from_minor(minor)


@given(st.text(max_size=40))
def test_to_decimal_on_any_text_gives_a_finite_decimal_or_validation_error(text):
    try:
        result = to_decimal(text)
    except ValidationError as error:
        assert error.field == "amount"
    else:
        assert isinstance(result, Decimal)
        assert result.is_finite()


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2,
                   min_value=Decimal("-1e12"), max_value=Decimal("1e12")))
def test_decimal_cents_round_trip(amount):
    assert from_minor(to_minor(amount)) == amount
