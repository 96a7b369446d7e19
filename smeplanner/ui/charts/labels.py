"""The words and numbers on the report charts: shortened names, month and week labels,
counts, percents, compact money, and how wide a text is drawn (for fitting labels)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache

from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from smeplanner.core.money import format_money, to_minor

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short(text: str, limit: int = 22) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def month_label(d: date, first: bool = False) -> str:
    """"Nov" for a month's bar; "Jan 26" in January and on the first bar."""
    name = _MONTHS[d.month - 1]
    return f"{name} {d:%y}" if first or d.month == 1 else name


def month_ticks(months: Sequence[date]) -> list[str]:
    """Tick labels for a run of months: :func:`month_label` with the year on a second line, so
    that twelve months fit side by side on a small chart."""
    return [month_label(d, index == 0).replace(" ", "\n") for index, d in enumerate(months)]


def week_label(d: date) -> str:
    """"16 Nov" for the week starting on 16 November."""
    return f"{d.day} {_MONTHS[d.month - 1]}"


def month_key(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def count_text(n: int) -> str:
    return f"{n:,}"


def percent_text(value: Decimal | float | None) -> str:
    return "–" if value is None else f"{value:.1f} %"


def money_text(value: Decimal | float, currency: str) -> str:
    """Compact money text, e.g. "€12.3k", for a Decimal amount or a float axis value."""
    minor = to_minor(value) if isinstance(value, Decimal) else round(float(value) * 100)
    return format_money(minor, currency, compact=True)


def number(value: Decimal | float | int | None) -> float:
    """A figure as a float for matplotlib; None (no figure) becomes NaN."""
    return math.nan if value is None else float(value)


@lru_cache(maxsize=1024)
def text_extent(text: str, size: float) -> tuple[float, float]:
    """Width and height in points of ``text`` drawn in the default font at ``size``."""
    measure = TextToPath()
    prop = FontProperties(size=size)
    lines = text.split("\n") or [""]
    width = max(measure.get_text_width_height_descent(line, prop, ismath=False)[0]
                for line in lines)
    return width, len(lines) * size * 1.2


def escape_math(text: str) -> str:
    """Tick labels go through mathtext when they hold two "$": user data stays plain text."""
    return text.replace("$", r"\$")
