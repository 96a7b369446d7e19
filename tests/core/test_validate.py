"""Field cleaners: good input comes back cleaned, bad input raises ValidationError naming it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smeplanner.core import validate
from smeplanner.core.companies import companies
from smeplanner.core.errors import ValidationError
from smeplanner.core.models import Company
from smeplanner.core.money import to_decimal


def raises_on(field, call, *args, **kwargs):
    with pytest.raises(ValidationError) as caught:
        call(field, *args, **kwargs)
    assert caught.value.field == field
    return caught.value


# --- text ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("  Anna  ", "Anna"),
    (None, ""),
    ("", ""),
    ("x" * validate.MAX_TEXT, "x" * validate.MAX_TEXT),
    ("  " + "x" * validate.MAX_TEXT + "  ", "x" * validate.MAX_TEXT),  # length after strip
])
def test_text_strips_and_accepts(value, expected):
    assert validate.text("name", value) == expected


def test_control_characters_are_removed_not_refused():
    """Pasted or imported by accident (NUL, escape, vertical tab): they are invisible, so
    a message about them would puzzle; they go, tab and line breaks stay."""
    assert validate.text("name", "a\x00b\x1b") == "ab"
    assert validate.long_text("notes", "one\x0b\ntwo\tthree\r\n") == "one\ntwo\tthree"


@pytest.mark.parametrize(("value", "kwargs", "message"), [
    ("", {"required": True}, "must not be empty"),
    ("   ", {"required": True}, "must not be empty"),
    (None, {"required": True}, "must not be empty"),
    ("x" * (validate.MAX_TEXT + 1), {}, "too long"),
    ("123456", {"max_length": 5}, "too long"),
    ("\x00\x1b", {"required": True}, "must not be empty"),  # controls are no text
    (42, {}, "must be text"),
    (b"bytes", {}, "must be text"),
])
def test_text_refuses(value, kwargs, message):
    error = raises_on("name", validate.text, value, **kwargs)
    assert message in error.message


def test_long_text_keeps_long_values_and_refuses_huge_ones():
    assert validate.long_text("notes", " a\nb ") == "a\nb"
    assert validate.long_text("notes", None) == ""
    assert len(validate.long_text("notes", "x" * validate.MAX_LONG_TEXT)) == validate.MAX_LONG_TEXT
    raises_on("notes", validate.long_text, "x" * (validate.MAX_LONG_TEXT + 1))
    raises_on("notes", validate.long_text, 3)


# --- email and phone --------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("anna@acme.de", "anna@acme.de"),
    ("  Anna.Schmidt@Example.COM ", "anna.schmidt@example.com"),
    ("a+tag@sub.example.co.uk", "a+tag@sub.example.co.uk"),
    ("", ""),
    (None, ""),
])
def test_email_accepts_and_lowercases(value, expected):
    assert validate.email("email", value) == expected


@pytest.mark.parametrize("value", [
    "anna@acme", "anna", "@acme.de", "anna@", "anna@@acme.de", "anna@ac@me.de",
    "anna schmidt@acme.de", "anna@acme.d", "anna@acme.", "anna@.de.", "x" * 251 + "@a.de", 5,
])
def test_email_refuses_bad_syntax(value):
    raises_on("email", validate.email, value)


@pytest.mark.parametrize("value", ["+49 30 1234567", "(030) 123-456", "030/123.456",
                                   "+1 555 0100 ext. 12", "555 0100 x12", ""])
def test_phone_accepts(value):
    assert validate.phone("phone", value) == value.strip()


@pytest.mark.parametrize("value", ["call me", "---", "+()", "12345 ask for Bob", "1" * 41, 12345])
def test_phone_refuses(value):
    raises_on("phone", validate.phone, value)


# --- choices and numbers ----------------------------------------------------------------------

def test_choice():
    assert validate.choice("kind", "call", ("call", "task")) == "call"
    assert validate.choice("kind", None, ("call",), blank=True) == ""
    assert validate.choice("kind", "", ("call",), blank=True) == ""
    raises_on("kind", validate.choice, "Call", ("call", "task"))
    raises_on("kind", validate.choice, "", ("call", "task"))
    raises_on("kind", validate.choice, None, ("call", "task"))


@pytest.mark.parametrize(("value", "expected"), [(5, 5), (" 7 ", 7), ("0", 0), (-3, -3)])
def test_integer_accepts(value, expected):
    assert validate.integer("n", value) == expected


@pytest.mark.parametrize(("value", "kwargs"), [
    (None, {}), ("", {}), ("abc", {}), ("1.5", {}), (1.0, {}), (True, {}), (Decimal(2), {}),
    (-1, {"minimum": 0}), (101, {"maximum": 100}),
])
def test_integer_refuses(value, kwargs):
    raises_on("n", validate.integer, value, **kwargs)


def test_integer_optional_empty_is_none():
    assert validate.integer("n", None, optional=True) is None
    assert validate.integer("n", "", optional=True) is None


@pytest.mark.parametrize(("value", "expected"), [
    ("1 234,50", Decimal("1234.50")), (Decimal("0.10"), Decimal("0.10")), (12, Decimal(12)),
    ("0", Decimal(0)), ("9999999999999.99", Decimal("9999999999999.99")),
])
def test_money_accepts(value, expected):
    assert validate.money("price", value) == expected


@pytest.mark.parametrize(("value", "kwargs", "message"), [
    (1.5, {}, "float"),
    (0.0, {}, "float"),
    ("-1", {}, "negative"),
    (Decimal("-0.01"), {}, "negative"),
    ("1.005", {}, "two decimal places"),
    (Decimal("10000000000000"), {}, "too large"),
    ("-10000000000000", {"allow_negative": True}, "too large"),
    (None, {}, "required"),
    ("", {}, "required"),
    ("ten", {}, "not an amount"),
    (True, {}, "not an amount"),
])
def test_money_refuses(value, kwargs, message):
    error = raises_on("price", validate.money, value, **kwargs)
    assert message in error.message


def test_money_optional_and_negative_allowed():
    assert validate.money("price", None, optional=True) is None
    assert validate.money("price", "-5,25", allow_negative=True) == Decimal("-5.25")


@pytest.mark.parametrize(("value", "expected"), [
    ("12,5", Decimal("12.5")), ("0.25", Decimal("0.25")), (3, Decimal(3)), (0.5, Decimal("0.5")),
    (Decimal("100"), Decimal(100)),
])
def test_decimal_accepts(value, expected):
    assert validate.decimal("pct", value, minimum=Decimal(0), maximum=Decimal(100)) == expected


@pytest.mark.parametrize(("value", "kwargs"), [
    ("abc", {}), ("1.2.3", {}), ("1,2,3", {}), ("NaN", {}), ("Infinity", {}), (None, {}),
    ("", {}),
    ("-1", {"minimum": Decimal(0)}), ("100.01", {"maximum": Decimal(100)}),
    ("0", {"minimum": Decimal(0), "exclusive_minimum": True}), ([], {}),
])
def test_decimal_refuses(value, kwargs):
    raises_on("pct", validate.decimal, value, **kwargs)


@pytest.mark.parametrize(("text", "expected"), [
    ("1,000", Decimal(1000)), ("1,5", Decimal("1.5")), ("0,125", Decimal("0.125")),
    ("1.234,5", Decimal("1234.5")), ("1,234.5", Decimal("1234.5")), ("2 500", Decimal(2500)),
    ("-1,000", Decimal(-1000)),
])
def test_typed_numbers_read_with_either_separator_as_amounts_do(text, expected):
    """A quantity of "1,000" is a thousand, as the amount "1,000" is; "1,5" is one and a
    half. The same rule as money (core.money.parse_number_text)."""
    assert validate.decimal("quantity", text) == expected
    assert to_decimal(text) == expected


# --- dates, booleans --------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("2024-02-29", date(2024, 2, 29)),
    (" 2024-03-01 ", date(2024, 3, 1)),
    (date(2024, 1, 2), date(2024, 1, 2)),
    (datetime(2024, 1, 2, 23, 59), date(2024, 1, 2)),
    (None, None),
    ("", None),
])
def test_a_date_accepts(value, expected):
    assert validate.a_date("day", value) == expected


@pytest.mark.parametrize("value", ["2023-02-29", "2024-13-01", "tomorrow", "01.02.2024", 20240101])
def test_a_date_refuses(value):
    raises_on("day", validate.a_date, value)


def test_a_date_required():
    raises_on("day", validate.a_date, None, optional=False)


def test_a_datetime():
    assert validate.a_datetime("at", "2024-03-10T09:30") == datetime(2024, 3, 10, 9, 30)
    assert validate.a_datetime("at", None) is None
    raises_on("at", validate.a_datetime, "2024-03-10 25:00")
    raises_on("at", validate.a_datetime, date(2024, 3, 10))
    raises_on("at", validate.a_datetime, "", optional=False)


@pytest.mark.parametrize(("value", "expected"),
                         [(True, True), (False, False), (1, True), (0, False)])
def test_boolean_accepts(value, expected):
    assert validate.boolean("flag", value) is expected


@pytest.mark.parametrize("value", ["yes", "true", None, 2, "1"])
def test_boolean_refuses(value):
    raises_on("flag", validate.boolean, value)


# --- references -------------------------------------------------------------------------------

def test_reference_accepts_existing_ids_and_instances(workspace):
    company = companies.create(name="Acme GmbH")
    assert validate.reference("company", company.id, Company, label="company") == company.id
    assert validate.reference("company", company, Company, label="company") == company.id
    assert validate.reference("company", None, Company, label="company") is None
    assert validate.reference("company", "", Company, label="company") is None


@pytest.mark.parametrize("value", [9999, "1", True, 1.0])
def test_reference_refuses_unknown_or_non_ids(workspace, value):
    companies.create(name="Acme GmbH")  # id 1 exists, so "1"/True/1.0 fail on their type
    raises_on("company", validate.reference, value, Company, label="company")


# --- properties -------------------------------------------------------------------------------

@given(st.one_of(st.text(), st.text(alphabet="@. abcAB\t\n\x00-_+éİ"), st.integers(), st.none()))
def test_email_on_anything_is_clean_or_validation_error(value):
    try:
        result = validate.email("email", value)
    except ValidationError as error:
        assert error.field == "email"
    else:
        assert result == result.lower()
        assert result == result.strip()
        assert result == "" or validate._EMAIL.match(result)


@given(st.emails())
def test_email_accepts_ordinary_addresses_idempotently(address):
    cleaned = validate.email("email", address)
    assert cleaned == address.lower()
    assert validate.email("email", cleaned) == cleaned


@given(st.text())
def test_money_on_any_text_is_storable_or_validation_error(value):
    try:
        amount = validate.money("price", value)
    except ValidationError as error:
        assert error.field == "price"
    else:
        assert Decimal(0) <= amount < Decimal(10) ** 13
        assert amount.as_tuple().exponent >= -2


def test_email_result_never_exceeds_max_text():
    value = "İ" * 200 + "@example.com"
    try:
        result = validate.email("email", value)
    except ValidationError:
        return
    assert len(result) <= validate.MAX_TEXT
