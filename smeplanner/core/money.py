"""Exact money: amounts are Decimal in code and integer minor units (cents) in the database."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from smeplanner.core.errors import ValidationError

# ISO 4217 currencies whose minor unit is not 1/100.
_MINOR_DIGITS = {"JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "VND": 0, "HUF": 2, "BHD": 3, "KWD": 3,
                 "OMR": 3, "JOD": 3, "TND": 3}
CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CHF": "CHF", "SEK": "kr",
                    "NOK": "kr", "DKK": "kr", "PLN": "zł", "CZK": "Kč", "CAD": "$", "AUD": "$",
                    "INR": "₹"}
COMMON_CURRENCIES = ("EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "CAD", "AUD",
                     "JPY", "INR")
# Store minor units in the database with two digits; every currency is kept at cent precision so
# that changing the workspace currency never rescales stored numbers.
MINOR_PER_UNIT = 100
# Ten trillion: far beyond any small business, and well inside SQLite's 64-bit integers.
MAX_AMOUNT = Decimal(10) ** 13


def to_decimal(value: object, field: str = "amount") -> Decimal:
    """Parse ``value`` (Decimal, int, str like "1 234,50" or "1,234.50") into a Decimal.

    Floats are refused: money never passes through binary floating point.
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool):
        raise ValidationError(field, "is not an amount")
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        result = _parse_amount_text(value, field)
    else:
        raise ValidationError(field, f"must be a decimal amount, not {type(value).__name__}")
    if not result.is_finite():
        raise ValidationError(field, "is not a finite amount")
    return result


def _parse_amount_text(text: str, field: str) -> Decimal:
    cleaned = text.strip()
    for symbol in set(CURRENCY_SYMBOLS.values()) | set(CURRENCY_SYMBOLS):
        cleaned = cleaned.replace(symbol, "")
    if not cleaned.strip():
        raise ValidationError(field, "is empty")
    number = parse_number_text(cleaned)
    if number is None:
        raise ValidationError(field, f"{text!r} is not an amount")
    return number


def parse_number_text(text: str) -> Decimal | None:
    """A number as people type it, with either separator: "1 234,50", "1,234.50" and
    "1.234,50" are 1234.5; "12,5" is 12.5; "1,234" is 1234 (a lone comma before exactly
    three digits groups thousands, unless it follows a lone 0: "0,125" is 0.125). Groups
    must be of three digits ("1,2,3" is not a number). None when the text is not one."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace("'", "")
    sign = ""
    if cleaned[:1] in "+-" and cleaned:
        sign, cleaned = cleaned[0], cleaned[1:]
    if "," in cleaned and "." in cleaned:
        # Whichever separator comes last is the decimal point.
        decimal_point = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
    elif cleaned.count(",") == 1:
        head, _, tail = cleaned.partition(",")
        decimal_point = "" if len(tail) == 3 and head not in ("", "0") else ","
    elif cleaned.count(".") == 1:
        decimal_point = "."
    else:
        decimal_point = ""  # none, or several of one kind: groups only
    whole, _, fraction = cleaned.rpartition(decimal_point) if decimal_point \
        else (cleaned, "", "")
    groups = whole.replace(",", ".").split(".")
    if len(groups) > 1 and not (1 <= len(groups[0]) <= 3
                                and all(len(group) == 3 for group in groups[1:])):
        return None
    digits = "".join(groups) + (f".{fraction}" if decimal_point else "")
    if not all(part.isdigit() for part in digits.split(".", 1) if part) \
            or not digits.strip("."):
        return None
    try:
        return Decimal(sign + digits)
    except InvalidOperation:
        return None


def to_minor(value: object, field: str = "amount") -> int:
    """Decimal amount to integer minor units, rounding half up to the cent."""
    amount = to_decimal(value, field)
    if abs(amount) >= MAX_AMOUNT:
        raise ValidationError(field, "is too large")
    return int((amount * MINOR_PER_UNIT).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_minor(minor: int | None) -> Decimal | None:
    if minor is None:
        return None
    return (Decimal(minor) / MINOR_PER_UNIT).quantize(Decimal("0.01"))


def minor_digits(currency: str) -> int:
    return _MINOR_DIGITS.get(currency.upper(), 2)


def format_money(minor: int | None, currency: str = "EUR", *, compact: bool = False) -> str:
    """Human text for an amount in minor units, e.g. ``€12,345.50`` or ``€12.3k`` when compact."""
    if minor is None:
        return ""
    amount = Decimal(minor) / MINOR_PER_UNIT
    symbol = CURRENCY_SYMBOLS.get(currency.upper(), currency.upper() + " ")
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if compact and amount >= 1000:
        tenth = Decimal("0.1")
        units = ((Decimal(1_000_000_000), "bn"), (Decimal(1_000_000), "m"), (Decimal(1000), "k"))
        for index, (limit, suffix) in enumerate(units):
            if amount >= limit:
                shown = (amount / limit).quantize(tenth, rounding=ROUND_HALF_UP)
                if shown >= 1000 and index > 0:
                    # 999,999.99 rounds to "1000.0k": say "1.0m" instead.
                    bigger, bigger_suffix = units[index - 1]
                    shown = (amount / bigger).quantize(tenth, rounding=ROUND_HALF_UP)
                    suffix = bigger_suffix
                return f"{sign}{symbol}{shown}{suffix}"
    digits = minor_digits(currency)
    quantum = Decimal(1).scaleb(-digits)
    text = f"{amount.quantize(quantum, rounding=ROUND_HALF_UP):,}"
    return f"{sign}{symbol}{text}"
