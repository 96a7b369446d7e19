"""The filters a listing offers: each a named SQL condition on the base table (alias ``r``).

Kept apart from the listings' paging and ordering (``listing.py``); the UI builds its filter
widgets from these specs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from smeplanner.core import board as board_marks
from smeplanner.core import validate
from smeplanner.core.errors import ValidationError
from smeplanner.core.models import (
    CHANNEL_LABELS,
    LIFECYCLE_LABELS,
    LIFECYCLE_STAGES,
    SIZE_BANDS,
    SOURCE_CHANNELS,
    db,
)
from smeplanner.core.money import to_minor
from smeplanner.core.timeutil import today, utcnow
from smeplanner.core.vocabulary import CAMPAIGN_STATUS_LABELS, CAMPAIGN_STATUSES, CHANNELS

Condition = tuple[str, list[Any]]


@dataclass(frozen=True)
class FilterSpec:
    """One way a listing can be narrowed, applied in SQL beside the search text.

    ``condition(value)`` checks a value (``ValidationError`` naming ``key`` when it is bad) and
    returns an SQL condition with ``?`` parameters. The SQL names only the base table's columns
    (alias ``r``) or sub-queries, so counting never needs the listing's joins. ``kind`` tells
    the UI which widget fits: ``choice`` (one of ``choices()``, or a tuple of them), ``record``
    (a record id), ``days`` (a whole number of days), ``money`` (an amount, as text or
    Decimal) or ``flag`` (``True``).

    ``indexed`` says whether an index serves ``condition``, so that it can pick the rows by
    itself. ``test``, when given, is the same condition as a per-row check (an ``EXISTS``):
    it is used instead when another condition or the sort column's index picks the rows,
    because building the full ``IN`` list of a common tag costs more than checking each row.
    ``size`` then counts (from an index, cheaply) about how many rows ``condition`` keeps: a
    set under a tenth of the table keeps the ``IN`` form, which picks the rows fastest.
    """

    key: str
    label: str
    condition: Callable[[Any], Condition]
    kind: str = "choice"
    choices: Callable[[], list[tuple[Any, str]]] | None = None
    indexed: bool = True
    test: Callable[[Any], Condition] | None = None
    size: Callable[[Any], Condition] | None = None


def _marks(values: tuple[Any, ...]) -> str:
    return ", ".join("?" * len(values))


def _texts(key: str, value: Any, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """One text or a tuple of them, each checked against ``allowed`` when given."""
    values = value if isinstance(value, tuple) else (value,)
    for item in values:
        if not isinstance(item, str) or not item:
            raise ValidationError(key, f"{item!r} is not a valid value")
        if allowed is not None:
            validate.choice(key, item, allowed)
    return values


def _record_id(key: str, value: Any, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(key, f"must be the id of a {label}")
    return value


def _flag(key: str, value: Any) -> None:
    if value is not True:
        raise ValidationError(key, "can only be switched on (True)")


def _choice_filter(key: str, label: str, column: str, allowed: tuple[str, ...],
                   labels: Mapping[str, str]) -> FilterSpec:
    """A vocabulary column equal to one key, or to any of a tuple of keys (index-friendly)."""

    def condition(value: Any) -> Condition:
        values = _texts(key, value, allowed)
        return f"{column} IN ({_marks(values)})", list(values)

    return FilterSpec(key, label, condition, choices=lambda: [
        (item, labels.get(item, item.capitalize())) for item in allowed])


def _text_filter(key: str, label: str, column: str,
                 choices: Callable[[], list[str]]) -> FilterSpec:
    """A free-text column (values come from the data) equal to one value or any of a tuple."""

    def condition(value: Any) -> Condition:
        values = _texts(key, value)
        return f"{column} IN ({_marks(values)})", list(values)

    return FilterSpec(key, label, condition, indexed=False,
                      choices=lambda: [(name, name) for name in choices()])


def tag_names() -> list[str]:
    """Every tag name, case-insensitively sorted: the choices of the contacts ``tag`` filter."""
    names = [row[0] for row in db.execute_sql("SELECT name FROM tag")]
    return sorted(names, key=str.casefold)


def campaign_choices() -> list[tuple[int, str]]:
    """(id, name) of every campaign, newest start first: the ``source_campaign`` choices."""
    return [(row[0], row[1]) for row in db.execute_sql(
        "SELECT id, name FROM campaign ORDER BY start_date DESC, id DESC")]


def industry_names() -> list[str]:
    """The industries companies are in, sorted: the choices of the companies ``industry``."""
    names = [row[0] for row in db.execute_sql(
        "SELECT DISTINCT industry FROM company WHERE industry != ''")]
    return sorted(names, key=str.casefold)


def _tag_ids_sql(value: Any) -> Condition:
    names = _texts("tag", value)
    # Tag names are one tag whatever their case (ContactService.set_tags); NOCASE folds ASCII.
    return (f"SELECT id FROM tag WHERE name COLLATE NOCASE IN ({_marks(names)})",
            list(names))


def _tag_condition(value: Any) -> Condition:
    tag_ids, params = _tag_ids_sql(value)
    return f"r.id IN (SELECT contact_id FROM contact_tag WHERE tag_id IN ({tag_ids}))", params


def _tag_test(value: Any) -> Condition:
    tag_ids, params = _tag_ids_sql(value)
    return (f"EXISTS (SELECT 1 FROM contact_tag ct WHERE ct.contact_id = r.id "
            f"AND ct.tag_id IN ({tag_ids}))", params)


def _tag_size(value: Any) -> Condition:
    tag_ids, params = _tag_ids_sql(value)
    return f"SELECT count(*) FROM contact_tag WHERE tag_id IN ({tag_ids})", params


def _campaign_condition(value: Any) -> Condition:
    return "r.source_campaign_id = ?", [_record_id("source_campaign", value, "campaign")]


def _company_condition(value: Any) -> Condition:
    if value == "none":
        return "r.company_id IS NULL", []
    return "r.company_id = ?", [_record_id("company", value, "company")]


CONSENT_LABELS = {"opted_in": "Opted in", "not_opted_in": "Not opted in",
                  "do_not_contact": "Do not contact"}
# Three classes that never overlap: do-not-contact overrides any earlier opt-in.
_CONSENT_SQL = {"opted_in": "(r.marketing_opt_in = 1 AND r.do_not_contact = 0)",
                "not_opted_in": "(r.marketing_opt_in = 0 AND r.do_not_contact = 0)",
                "do_not_contact": "r.do_not_contact = 1"}


def _consent_condition(value: Any) -> Condition:
    """One of three classes of consent (a scan: no index serves these flags)."""
    chosen = validate.choice("consent", value, tuple(_CONSENT_SQL))
    return _CONSENT_SQL[chosen], []


def _no_touch_condition(value: Any) -> Condition:
    days = validate.integer("no_touch_days", value, minimum=0, maximum=36_500) or 0
    # last_touch_at is UTC text that sorts as time: compare with a cutoff in the same form.
    # Whole minutes, so the count and the page a moment later share one remembered count.
    cutoff = (utcnow() - timedelta(days=days)).strftime("%Y-%m-%d %H:%M:00")
    return "(r.last_touch_at IS NULL OR r.last_touch_at < ?)", [cutoff]


def _overdue_condition(value: Any) -> Condition:
    _flag("follow_up_overdue", value)
    # next_follow_up is an all-day date: overdue means before the user's (local) today.
    return "r.next_follow_up < ?", [today().isoformat()]


def _open_deals_condition(value: Any) -> Condition:
    _flag("has_open_deals", value)
    return "r.id IN (SELECT company_id FROM deal WHERE status = 'open')", []


def _open_deals_test(value: Any) -> Condition:
    _flag("has_open_deals", value)
    # ``+`` keeps the look-up on deal(company_id): a company has a few deals, a status 1000s.
    return ("EXISTS (SELECT 1 FROM deal od WHERE od.company_id = r.id "
            "AND +od.status = 'open')", [])


def _open_deals_size(value: Any) -> Condition:
    return "SELECT count(*) FROM deal WHERE status = 'open'", []


_SOURCE_LABELS = {**CHANNEL_LABELS, "website": "Website", "direct": "Direct",
                  "import": "Import"}

CONTACT_FILTERS = (
    _choice_filter("stage", "Stage", "r.lifecycle_stage", LIFECYCLE_STAGES, LIFECYCLE_LABELS),
    FilterSpec("tag", "Tag", _tag_condition, test=_tag_test, size=_tag_size,
               choices=lambda: [(name, name) for name in tag_names()]),
    _choice_filter("source_channel", "Source channel", "r.source_channel", SOURCE_CHANNELS,
                   _SOURCE_LABELS),
    FilterSpec("source_campaign", "Source campaign", _campaign_condition, kind="record",
               choices=campaign_choices),
    FilterSpec("company", "Company", _company_condition, kind="record"),
    FilterSpec("consent", "Consent", _consent_condition, indexed=False,
               choices=lambda: list(CONSENT_LABELS.items())),
    FilterSpec("no_touch_days", "Not touched for (days)", _no_touch_condition, kind="days"),
    FilterSpec("follow_up_overdue", "Follow-up overdue", _overdue_condition, kind="flag"),
)

COMPANY_FILTERS = (
    _text_filter("industry", "Industry", "r.industry", industry_names),
    replace(_choice_filter("size_band", "Size", "r.size_band", SIZE_BANDS, {}), indexed=False),
    FilterSpec("has_open_deals", "Has open deals", _open_deals_condition, kind="flag",
               test=_open_deals_test, size=_open_deals_size),
)


def product_choices() -> list[tuple[int, str]]:
    """(id, name) of every product, active ones first: the deals ``product`` choices."""
    return [(row[0], row[1]) for row in db.execute_sql(
        "SELECT id, name FROM product ORDER BY active DESC, name COLLATE NOCASE, id")]


DEAL_STATUS_LABELS = {"open": "Open", "won": "Won", "lost": "Lost"}
CLOSING_LABELS = {"this_month": "Closing this month", "this_quarter": "Closing this quarter",
                  "overdue": "Close date passed"}


def _closing_condition(value: Any) -> Condition:
    """Open deals expected to close in the current month or quarter, or already overdue."""
    chosen = validate.choice("closing", value, tuple(CLOSING_LABELS))
    day = today()
    if chosen == "overdue":
        return board_marks.overdue_condition(day)
    first = day.replace(day=1)
    if chosen == "this_quarter":
        first = first.replace(month=3 * ((day.month - 1) // 3) + 1)
    months = 1 if chosen == "this_month" else 3
    after = first.replace(year=first.year + (first.month + months - 1) // 12,
                          month=(first.month + months - 1) % 12 + 1)
    return ("(r.status = 'open' AND r.expected_close >= ? AND r.expected_close < ?)",
            [first.isoformat(), after.isoformat()])


def _stale_condition(value: Any) -> Condition:
    _flag("stale", value)
    return board_marks.stale_condition()


def _no_next_step_condition(value: Any) -> Condition:
    _flag("no_next_step", value)
    return board_marks.no_next_step_condition()


def _product_condition(value: Any) -> Condition:
    product_id = _record_id("product", value, "product")
    return "r.id IN (SELECT deal_id FROM deal_line WHERE product_id = ?)", [product_id]


def _amount_bound(key: str, operator: str) -> Callable[[Any], Condition]:
    def condition(value: Any) -> Condition:
        amount = validate.money(key, value)
        return f"r.amount {operator} ?", [to_minor(amount)]
    return condition


DEAL_FILTERS = (
    _choice_filter("status", "Status", "r.status", tuple(DEAL_STATUS_LABELS), DEAL_STATUS_LABELS),
    FilterSpec("closing", "Closing", _closing_condition,
               choices=lambda: list(CLOSING_LABELS.items())),
    FilterSpec("stale", "Stale", _stale_condition, kind="flag", indexed=False),
    FilterSpec("no_next_step", "No next step", _no_next_step_condition, kind="flag",
               indexed=False),
    FilterSpec("source_campaign", "Source campaign", _campaign_condition, kind="record",
               choices=campaign_choices),
    FilterSpec("product", "Product", _product_condition, kind="record", choices=product_choices),
    FilterSpec("amount_min", "Amount from", _amount_bound("amount_min", ">="), kind="money",
               indexed=False),
    FilterSpec("amount_max", "Amount up to", _amount_bound("amount_max", "<="), kind="money",
               indexed=False),
)


CAMPAIGN_PERIOD_LABELS = {"this_month": "This month", "this_quarter": "This quarter",
                          "this_year": "This year", "last_12_months": "Last 12 months",
                          "upcoming": "Upcoming"}


def campaign_period_window(period: str, day: date) -> tuple[date, date | None]:
    """The days (inclusive; None: no end) of a campaigns ``period`` choice seen from ``day``.

    The month, quarter and year containing ``day``; the last 12 months from the same date a
    year before (28 February for the 29th) to ``day``; upcoming: every day after ``day``.
    """
    chosen = validate.choice("period", period, tuple(CAMPAIGN_PERIOD_LABELS))
    if chosen == "upcoming":
        return day + timedelta(days=1), None
    if chosen == "last_12_months":
        try:
            return day.replace(year=day.year - 1), day
        except ValueError:  # 29 February: the year before has none
            return day.replace(year=day.year - 1, day=28), day
    if chosen == "this_year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    if chosen == "this_month":
        first, months = day.replace(day=1), 1
    else:
        first, months = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1), 3
    after = first.year * 12 + first.month - 1 + months  # the month after, as a month number
    return first, date(after // 12, after % 12 + 1, 1) - timedelta(days=1)


def _campaign_period_condition(value: Any) -> Condition:
    """Campaigns running on at least one day of the window: an upcoming one starts after
    today (one already running is not upcoming)."""
    first, last = campaign_period_window(value, today())
    if last is None:
        return "r.start_date >= ?", [first.isoformat()]
    # Dates are ISO text, so text order is date order.
    return "(r.start_date <= ? AND r.end_date >= ?)", [last.isoformat(), first.isoformat()]


CAMPAIGN_FILTERS = (
    _choice_filter("status", "Status", "r.status", CAMPAIGN_STATUSES, CAMPAIGN_STATUS_LABELS),
    # No index on the channel: ten channels, each a tenth of the campaigns.
    replace(_choice_filter("channel", "Channel", "r.channel", CHANNELS, CHANNEL_LABELS),
            indexed=False),
    FilterSpec("period", "Period", _campaign_period_condition,
               choices=lambda: list(CAMPAIGN_PERIOD_LABELS.items())),
)


def by_key(*specs: FilterSpec) -> dict[str, FilterSpec]:
    return {spec.key: spec for spec in specs}
