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
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace("'", "")
    for symbol in set(CURRENCY_SYMBOLS.values()) | set(CURRENCY_SYMBOLS):
        cleaned = cleaned.replace(symbol, "")
    if not cleaned:
        raise ValidationError(field, "is empty")
    if "," in cleaned and "." in cleaned:
        # Whichever separator comes last is the decimal point.
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        head, _, tail = cleaned.rpartition(",")
        # "1,234" is a thousands separator, "12,5" a decimal comma.
        if len(tail) == 3 and head:
            cleaned = cleaned.replace(",", "")
        else:
            cleaned = head.replace(",", "") + "." + tail
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(field, f"{text!r} is not an amount") from None


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
