"""What the demo generator's stages share: row records, weighted picks, text helpers, state."""

from __future__ import annotations

import bisect
import functools
import random
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from peewee import Database

from smeplanner.core.demo.calendar import DAY, HOUR, Calendar
from smeplanner.core.demo.vocabulary import POSTCODE_LETTERS, Country, Industry

ProgressCallback = Callable[[str, float], None]


class Weighted:
    """Pick from fixed options by weight with one random() call."""

    __slots__ = ("cumulative", "options", "total")

    def __init__(self, pairs: Sequence[tuple[Any, float]]) -> None:
        self.options = [option for option, _ in pairs]
        self.cumulative: list[float] = []
        total = 0.0
        for _, weight in pairs:
            total += weight
            self.cumulative.append(total)
        self.total = total

    def pick(self, rnd: Callable[[], float]) -> Any:
        return self.options[bisect.bisect_right(self.cumulative, rnd() * self.total)]


_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe",
                       "Ü": "Ue", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ı": "i", "æ": "ae",
                       "&": "und"})


@functools.cache
def to_ascii(text: str) -> str:
    """Lower-case ASCII for addresses: 'Müller' → 'mueller', 'Ștefan' → 'stefan'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "", plain)


def slugify(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def split_quotas(total: int, shares: dict[str, float], filler: str) -> dict[str, int]:
    """Counts per key in proportion to ``shares``, at least one each, summing to ``total``."""
    weight_sum = sum(shares.values())
    counts = {key: max(1, round(total * share / weight_sum)) for key, share in shares.items()}
    counts[filler] += total - sum(counts.values())
    if counts[filler] < 1:
        raise ValueError("scale too small for the demo")
    return counts


def percent_text(tenths: int) -> str:
    whole, rest = divmod(tenths, 10)
    return str(whole) if rest == 0 else f"{whole}.{rest}"


@dataclass(slots=True)
class Company:
    id: int
    name: str
    industry: Industry | None  # None for agencies
    country: Country
    domain: str
    phone: str
    row: list[Any]
    first_seen: int = -1  # creation instant of its first contact


@dataclass(slots=True)
class Campaign:
    id: int
    name: str
    channel: str
    objective: str
    status: str
    start: int
    end: int
    created: int
    offer_tenths: int = 0
    offer_start: int = -1
    offer_end: int = -1
    offer_product_ids: list[int] = field(default_factory=list)
    agency: Company | None = None


@dataclass(slots=True)
class Person:
    id: int
    created: int
    first_name: str
    last_name: str
    company: Company | None
    stage: str
    stage_time: int
    customer_time: int
    source_channel: str
    campaign: Campaign | None
    row: list[Any]
    tags: list[int]
    last_touch: int = -1
    touch_written: int = -1


@dataclass(slots=True)
class Deal:
    id: int
    title: str
    person: Person
    created: int
    closed: int  # instant of closing, -1 while open


class BuilderBase:
    """The state the generator's stages hand on to each other, and the helpers they all use.

    Each stage is a mixin over this class, combined in :class:`~.builder.DemoBuilder`. The
    attributes below are set by the stage named above them and read by the later ones.
    """

    # make_products_and_tags
    product_ids: dict[str, int]
    product_price: dict[str, int]
    product_name: dict[str, str]
    tag_ids: dict[str, int]
    # make_companies
    city_picker: Weighted
    customer_companies: list[Company]
    agencies: list[Company]
    # make_campaigns
    campaigns: list[Campaign]
    # make_people
    people: list[Person]
    new_leads_by_month: dict[int, int]
    # make_deals
    deals: list[Deal]
    won_by_month: dict[int, list[int]]
    # make_activities
    done_by_month: dict[int, int]

    def __init__(self, database: Database, *, scale: float, rng: random.Random,
                 calendar: Calendar, progress: ProgressCallback) -> None:
        self.database = database
        self.scale = scale
        self.rng = rng
        self.rnd = rng.random
        self.cal = calendar
        self.progress = progress
        self.counts: dict[str, int] = {}
        self.cursor = database.cursor()

    # --- small random helpers ----------------------------------------------------------------

    def pick(self, options: Sequence[Any]) -> Any:
        return options[int(self.rnd() * len(options))]

    def between(self, low: int, high: int) -> int:
        """An integer in [low, high]."""
        return low + int(self.rnd() * (high - low + 1))

    def digits(self, count: int) -> str:
        return str(10 ** (count - 1) + int(self.rnd() * 9 * 10 ** (count - 1)))

    def office_time(self, day: int) -> int:
        """An instant on ``day`` between 07:00 and 17:00 UTC (working hours in Europe)."""
        return day * DAY + 7 * HOUR + int(self.rnd() * 10 * HOUR)

    def working_hours(self, moment: int) -> int:
        """``moment`` moved into its day's working hours; the order of instants is kept."""
        day, second = divmod(moment, DAY)
        return min(self.cal.now - 60, day * DAY + 7 * HOUR + second * 10 // 24)

    # --- writing -----------------------------------------------------------------------------

    def next_id(self, table: str) -> int:
        return (self.database.execute_sql(f'SELECT max(id) FROM "{table}"').fetchone()[0] or 0) + 1

    def write(self, table: str, columns: str, rows: Any, verb: str = "INSERT") -> None:
        placeholders = ", ".join("?" * len(columns.split(",")))
        self.cursor.executemany(
            f'{verb} INTO "{table}" ({columns}) VALUES ({placeholders})', rows)
        # executemany sums the rows changed; rows skipped by OR IGNORE are not counted.
        self.counts[table] = self.counts.get(table, 0) + max(0, self.cursor.rowcount)

    # --- addresses (companies and consumers) -------------------------------------------------

    def street(self, country: Country) -> str:
        number = self.between(1, 140)
        street = self.pick(country.streets)
        return f"{number} {street}" if country.street_number_first else f"{street} {number}"

    def postcode(self, city: tuple[str, str, str, str, str, int]) -> str:
        code, start = city[2], city[3]
        rnd = self.rnd
        if code == "DE":
            return start + self.digits(3)
        if code == "AT" and start == "1":  # Vienna: 1 + district + 0
            return f"1{self.between(1, 23):02d}0"
        if code in ("AT", "CH"):
            return start + self.digits(2)
        if code == "NL":
            letters = POSTCODE_LETTERS
            return (f"{start}{self.digits(2)} {letters[int(rnd() * 20)]}"
                    f"{letters[int(rnd() * 20)]}")
        letters = POSTCODE_LETTERS
        return (f"{self.pick(start.split())} {self.between(1, 9)}{letters[int(rnd() * 20)]}"
                f"{letters[int(rnd() * 20)]}")
