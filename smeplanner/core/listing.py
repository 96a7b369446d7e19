"""Paged, sorted, filtered read queries behind every table in the app.

A table asks for ``count`` once and then ``fetch_page`` as the user scrolls; ordering and
filtering happen in SQL so 100,000 rows never travel to Python at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from smeplanner.core import search, validate
from smeplanner.core.errors import ValidationError
from smeplanner.core.models import (
    ACTIVITY_LABELS,
    CHANNEL_LABELS,
    LIFECYCLE_LABELS,
    LIFECYCLE_STAGES,
    SIZE_BANDS,
    SOURCE_CHANNELS,
    db,
)
from smeplanner.core.money import from_minor
from smeplanner.core.timeutil import to_local, today, utcnow


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    sql: str
    kind: str = "text"  # text, money, date, utc_date, int, percent, bool
    labels: dict[str, str] | None = None  # stored key → label for vocabulary columns
    sort_sql: str | None = None  # an indexed expression to order by, when it differs
    # Whether the value can be NULL; NULLs always list last, which costs a second query.
    nullable: bool = False
    # Whether an index of the base table serves ``order_sql``: a filtered page may then scan
    # in order and stop early instead of sorting every match (see ``_scan_in_order``).
    indexed: bool = False

    @property
    def order_sql(self) -> str:
        return self.sort_sql or self.sql

    def convert(self, value: Any) -> Any:
        if value is None:
            return None
        if self.kind == "money":
            return from_minor(int(value))
        if self.kind == "date":
            return date.fromisoformat(str(value)[:10])
        if self.kind == "utc_date":
            # An instant stored in UTC, shown as the local calendar day.
            return to_local(datetime.fromisoformat(str(value)).replace(tzinfo=UTC)).date()
        if self.kind == "bool":
            return bool(value)
        if self.labels is not None:
            return self.labels.get(value, value)
        return value


@dataclass(frozen=True)
class Listing:
    """One table: the record kind (for search), its FROM clause, its columns and the
    filters it offers (by key; see :class:`FilterSpec`)."""

    kind: str
    source: str
    columns: tuple[Column, ...]
    default_order: str
    where: tuple[str, ...] = field(default_factory=tuple)
    filters: Mapping[str, FilterSpec] = field(default_factory=dict)

    @property
    def table(self) -> str:
        """The base table (aliased ``r``); joins in ``source`` never change the row count."""
        return self.source.split()[0]

    @property
    def join_aliases(self) -> tuple[str, ...]:
        return tuple(re.findall(r"JOIN \w+ (\w+) ON", self.source))

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)


# --- filters ---------------------------------------------------------------------------------

Condition = tuple[str, list[Any]]


@dataclass(frozen=True)
class FilterSpec:
    """One way a listing can be narrowed, applied in SQL beside the search text.

    ``condition(value)`` checks a value (``ValidationError`` naming ``key`` when it is bad) and
    returns an SQL condition with ``?`` parameters. The SQL names only the base table's columns
    (alias ``r``) or sub-queries, so counting never needs the listing's joins. ``kind`` tells
    the UI which widget fits: ``choice`` (one of ``choices()``, or a tuple of them), ``record``
    (a record id), ``days`` (a whole number of days) or ``flag`` (``True``).

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


def _by_key(*specs: FilterSpec) -> dict[str, FilterSpec]:
    return {spec.key: spec for spec in specs}


# --- the listings ----------------------------------------------------------------------------

_CONTACT_NAME = "trim(r.first_name || ' ' || r.last_name)"

_ACTIVITY_SOURCE = ("activity r LEFT JOIN contact p ON p.id = r.contact_id "
                    "LEFT JOIN deal d ON d.id = r.deal_id "
                    "LEFT JOIN campaign ca ON ca.id = r.campaign_id")
_ACTIVITY_COLUMNS = (
    Column("due", "Due", "r.due_date", kind="date", nullable=True, indexed=True),
    Column("kind", "Kind", "r.kind", labels=ACTIVITY_LABELS, indexed=True),
    Column("subject", "Subject", "r.subject"),
    Column("about", "About",
           "coalesce(nullif(trim(p.first_name || ' ' || p.last_name), ''), d.title, "
           "ca.name)", nullable=True),
    Column("role", "Hat", "r.role", labels={"sales": "Sales", "marketing": "Marketing"}),
    Column("done", "Done", "r.done", kind="bool", indexed=True),
)

LISTINGS: dict[str, Listing] = {
    "contacts": Listing(
        kind="contact",
        source="contact r LEFT JOIN company co ON co.id = r.company_id "
               "LEFT JOIN campaign ca ON ca.id = r.source_campaign_id",
        columns=(
            Column("name", "Name", f"coalesce(nullif({_CONTACT_NAME}, ''), r.email)",
                   sort_sql="r.sort_name", indexed=True),
            Column("company", "Company", "co.name", nullable=True),
            Column("email", "Email", "r.email", indexed=True),
            Column("phone", "Phone", "coalesce(nullif(r.phone, ''), r.mobile)"),
            Column("stage", "Stage", "r.lifecycle_stage", labels=LIFECYCLE_LABELS, indexed=True),
            Column("source", "Source", "coalesce(ca.name, r.source_channel)",
                   labels=CHANNEL_LABELS),
            Column("tags", "Tags", "(SELECT group_concat(t.name, ', ') FROM contact_tag ct "
                                   "JOIN tag t ON t.id = ct.tag_id WHERE ct.contact_id = r.id)",
                   nullable=True),
            Column("last_touch", "Last touch", "r.last_touch_at", kind="utc_date", nullable=True,
                   indexed=True),
            Column("follow_up", "Next follow-up", "r.next_follow_up", kind="date",
                   nullable=True, indexed=True),
            # Do-not-contact is flagged wherever a contact is listed.
            Column("consent", "Consent",
                   "CASE WHEN r.do_not_contact THEN 'do_not_contact' "
                   "WHEN r.marketing_opt_in THEN 'opted_in' ELSE '' END",
                   labels={"do_not_contact": "Do not contact", "opted_in": "Opted in"}),
        ),
        default_order="name",
        filters=_by_key(*CONTACT_FILTERS),
    ),
    "companies": Listing(
        kind="company",
        source="company r",
        columns=(
            Column("name", "Name", "r.name", indexed=True),
            Column("industry", "Industry", "r.industry"),
            Column("size", "Size", "r.size_band"),
            Column("city", "City", "r.city"),
            Column("country", "Country", "r.country"),
            Column("contacts", "Contacts",
                   "(SELECT count(*) FROM contact c WHERE c.company_id = r.id)", kind="int"),
            Column("open_deals", "Open deals",
                   "(SELECT count(*) FROM deal od WHERE od.company_id = r.id "
                   "AND od.status = 'open')", kind="int"),
            Column("won_revenue", "Won revenue",
                   "(SELECT coalesce(sum(wd.amount), 0) FROM deal wd WHERE wd.company_id = r.id "
                   "AND wd.status = 'won')", kind="money"),
            Column("website", "Website", "r.website"),
        ),
        default_order="name",
        filters=_by_key(*COMPANY_FILTERS),
    ),
    "deals": Listing(
        kind="deal",
        source="deal r JOIN pipeline_stage s ON s.id = r.stage_id "
               "LEFT JOIN company co ON co.id = r.company_id "
               "LEFT JOIN contact p ON p.id = r.contact_id",
        columns=(
            Column("title", "Deal", "r.title", indexed=True),
            Column("company", "Company", "co.name", nullable=True),
            Column("contact", "Contact", "trim(p.first_name || ' ' || p.last_name)",
                   nullable=True),
            Column("stage", "Stage", "s.name"),
            Column("amount", "Amount", "r.amount", kind="money"),
            Column("probability", "Probability",
                   "coalesce(r.probability_override, s.probability)", kind="percent"),
            Column("expected_close", "Expected close", "r.expected_close", kind="date",
                   nullable=True, indexed=True),
            Column("status", "Status", "r.status",
                   labels={"open": "Open", "won": "Won", "lost": "Lost"}, indexed=True),
        ),
        default_order="expected_close",
    ),
    "campaigns": Listing(
        kind="campaign",
        source="campaign r",
        columns=(
            Column("name", "Campaign", "r.name", indexed=True),
            Column("channel", "Channel", "r.channel", labels=CHANNEL_LABELS),
            Column("status", "Status", "r.status",
                   labels={"planned": "Planned", "active": "Active", "paused": "Paused",
                           "done": "Done", "cancelled": "Cancelled"}, indexed=True),
            Column("start", "Start", "r.start_date", kind="date", indexed=True),
            Column("end", "End", "r.end_date", kind="date", indexed=True),
            Column("budget", "Budget", "r.budget", kind="money"),
            Column("spend", "Spend", "(SELECT coalesce(sum(e.amount), 0) FROM campaign_expense e "
                                     "WHERE e.campaign_id = r.id)", kind="money"),
        ),
        default_order="start",
    ),
    "activities": Listing(
        kind="",
        source=_ACTIVITY_SOURCE,
        columns=_ACTIVITY_COLUMNS,
        default_order="due",
    ),
    "agenda": Listing(
        kind="",
        source=_ACTIVITY_SOURCE,
        columns=_ACTIVITY_COLUMNS,
        default_order="due",
        # What is still to do: open items from the past (overdue) and everything from today.
        where=("(r.due_date >= date('now', 'localtime') OR "
               "(r.done = 0 AND r.due_date IS NOT NULL))",),
    ),
}


def _is_empty(value: object) -> bool:
    """A value that filters nothing: what a cleared combo box or unticked box gives."""
    return value is None or value is False or value == "" or value == ()


def _frozen(value: object) -> object:
    """Lists and sets become tuples, so a Query stays hashable and comparable."""
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, set | frozenset):
        return tuple(sorted(value, key=repr))
    return value


@dataclass(frozen=True)
class Query:
    """What a table shows: which listing, the search text, the filters, the order.

    ``filters`` holds (key, value) pairs of the listing's :class:`FilterSpec` keys; all of them
    and the search text apply together. They are kept sorted by key with empty values (None,
    False, "", ()) dropped, so equal filters give equal queries. An unknown key or a bad value
    raises ``ValidationError`` naming the key as soon as the Query is made.
    """

    listing: str
    text: str = ""
    order_by: str | None = None
    descending: bool = False
    filters: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self) -> None:
        if not self.filters:
            return
        offered = LISTINGS[self.listing].filters
        values: dict[str, Any] = {}
        for key, value in self.filters:
            if key not in offered:
                raise ValidationError(key, f"is not a filter of the {self.listing} list")
            values[key] = _frozen(value)
        kept = tuple((key, values[key]) for key in sorted(values) if not _is_empty(values[key]))
        for key, value in kept:
            offered[key].condition(value)  # raises on a bad value
        object.__setattr__(self, "filters", kept)

    def with_filter(self, key: str, value: object) -> Query:
        """A copy also filtered by ``key`` (replacing its value); an empty value removes it."""
        kept = tuple(item for item in self.filters if item[0] != key)
        return replace(self, filters=(*kept, (key, value)))

    def without_filter(self, key: str) -> Query:
        """A copy without the ``key`` filter (the same query if it had none)."""
        return replace(self, filters=tuple(item for item in self.filters if item[0] != key))

    def filter_value(self, key: str, default: Any = None) -> Any:
        """The value of the ``key`` filter, or ``default`` when it is not set."""
        return dict(self.filters).get(key, default)


def filter_specs(listing_key: str) -> tuple[FilterSpec, ...]:
    """The filters a listing offers, in the order the UI should show them."""
    return tuple(LISTINGS[listing_key].filters.values())


def filter_choices(listing_key: str, filter_key: str) -> list[tuple[Any, str]]:
    """(value, label) pairs to fill a combo box for one filter; [] for free-valued filters."""
    spec = LISTINGS[listing_key].filters.get(filter_key)
    if spec is None:
        raise ValidationError(filter_key, f"is not a filter of the {listing_key} list")
    return spec.choices() if spec.choices is not None else []


def _where(listing: Listing, query: Query, *, scan: bool = False) -> tuple[str, list[Any]]:
    """The WHERE clause (with its leading space) and parameters: the listing's own rule,
    every filter and the search text, all ANDed.

    With ``scan``, the filter and search conditions are wrapped in a unary ``+``, which keeps
    SQLite from serving them with an index: the index of the sort column then drives the scan
    and a page stops after ``limit`` matches instead of sorting every match first.
    """
    clauses = list(listing.where)
    params: list[Any] = []
    narrowing: list[str] = []
    built = search.build_query(query.text) if query.text and listing.kind else None
    specs = [(listing.filters[key], value) for key, value in query.filters]
    # How many conditions could pick the rows through an index (the search text always can).
    drivers = sum(spec.indexed for spec, _value in specs) + (built is not None)
    for spec, value in specs:
        build = spec.condition
        if spec.test is not None and (scan or (drivers - spec.indexed > 0
                                               and not _is_small(listing, spec, value))):
            build = spec.test
        sql, values = build(value)
        narrowing.append(sql)
        params += values
    if built is not None:
        table, match = built
        # The index rowid is ``id * 8 + kind code`` (search._select_rows): reading the id and
        # kind from it spares FTS5 a read of each hit's stored columns (5-10x faster).
        narrowing.append(f"r.id IN (SELECT rowid >> 3 FROM {table} WHERE {table} MATCH ? "
                         "AND (rowid & 7) = ?)")
        params += [match, search.KIND_CODES[listing.kind]]
    clauses += [f"+({sql})" for sql in narrowing] if scan else narrowing
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _is_small(listing: Listing, spec: FilterSpec, value: Any) -> bool:
    """Whether ``spec`` keeps under a tenth of the table (as last counted; see _remembered)."""
    if spec.size is None:
        return False
    sql, params = spec.size(value)
    return _remembered(sql, params) * 10 < _remembered(_count_sql(listing, ""), [])


def count(query: Query) -> int:
    """How many records ``query`` matches (one query, on the base table when it can be)."""
    listing = LISTINGS[query.listing]
    where, params = _where(listing, query)
    sql = _count_sql(listing, where)
    total = db.execute_sql(sql, params).fetchone()[0]
    _keep(sql, params, total)
    return total


def _and(where: str, clause: str) -> str:
    return f"{where} AND {clause}" if where else f" WHERE {clause}"


def fetch_page(query: Query, offset: int, limit: int) -> list[tuple[int, tuple[Any, ...]]]:
    """Rows ``offset`` … ``offset + limit`` as (record id, column values) in ``query``'s order.

    Ties are broken by id so pages never shuffle between fetches. NULLs list last in either
    direction; to keep the ordering on an index, the non-NULL and NULL rows are read as two
    segments rather than through an ``IS NULL`` sort term that no index can serve. Each
    segment orders ids alone and computes the columns for the page's rows only.
    """
    listing = LISTINGS[query.listing]
    where, params = _where(listing, query)
    column = listing.column(query.order_by or listing.default_order)
    # The page's own WHERE: the same conditions, in the form that suits the plan.
    page_where, page_params = where, params
    if _scan_in_order(listing, query, column, where, params, offset + limit):
        page_where, page_params = _where(listing, query, scan=True)
    direction = "DESC" if query.descending else "ASC"
    key = column.order_sql
    if not column.nullable:
        rows = _page(listing, page_where, page_params, key, direction, limit, offset)
    else:
        not_null = f"({key}) IS NOT NULL"
        rows = _page(listing, _and(page_where, not_null), page_params, key, direction, limit,
                     offset)
        if len(rows) < limit:
            # Past the end of the filled rows: how many there are tells where NULLs start.
            filled = (offset + len(rows) if rows
                      else _count_source(listing, _and(where, not_null), params))
            rows += _page(listing, _and(page_where, f"({key}) IS NULL"), page_params, None,
                          direction, limit - len(rows), max(0, offset - filled))
    return [(row[0], tuple(c.convert(value) for c, value in zip(listing.columns, row[1:],
                                                                  strict=True)))
            for row in rows]


def _page(listing: Listing, where: str, params: list[Any], key: str | None, direction: str,
          limit: int, offset: int) -> list[tuple[Any, ...]]:
    """One segment of a page: ids ordered by ``key`` (then id), then their columns.

    Choosing the ids first keeps the sort narrow: a sort over 20,000 matches then carries
    the order key alone, not every column with its correlated sub-queries (3x faster).
    """
    order = f"{key} {direction}, r.id {direction}" if key else f"r.id {direction}"
    source = listing.source if _names_join(listing, where + order) else f"{listing.table} r"
    select = ", ".join(c.sql for c in listing.columns)
    return db.execute_sql(
        f"SELECT r.id, {select} FROM {listing.source} WHERE r.id IN "
        f"(SELECT r.id FROM {source}{where} ORDER BY {order} LIMIT ? OFFSET ?) ORDER BY {order}",
        [*params, limit, offset]).fetchall()


# Counts by (workspace file, SQL, parameters): how selective a query is, to choose a plan.
_COUNTS: dict[tuple[Any, str, tuple[Any, ...]], int] = {}
_COUNTS_KEPT = 256


def _keep(sql: str, params: list[Any], total: int) -> None:
    if len(_COUNTS) >= _COUNTS_KEPT:
        _COUNTS.clear()
    _COUNTS[(db.database, sql, tuple(params))] = total


def _remembered(sql: str, params: list[Any]) -> int:
    """The result of a ``count(*)`` query as last run (``count`` just ran, in a refresh).

    Only query plans depend on it, never the rows: a stale figure costs time, not truth.
    """
    known = _COUNTS.get((db.database, sql, tuple(params)))
    if known is None:
        known = db.execute_sql(sql, params).fetchone()[0]
        _keep(sql, params, known)
    return known


def _scan_in_order(listing: Listing, query: Query, column: Column, where: str,
                   params: list[Any], needed: int) -> bool:
    """Whether reading the sort column's index and testing each row beats sorting all matches.

    The scan reads about ``needed × rows / matches`` rows, the sort ``matches`` rows (each step
    about half as costly): the scan wins once matches² > 2 × needed × rows. At 100,000
    contacts and a first page of 200 that is above ~6,300 matches.
    """
    if not column.indexed or not (query.filters or (query.text and listing.kind)):
        return False
    matches = _remembered(_count_sql(listing, where), params)
    rows = _remembered(_count_sql(listing, ""), [])
    return matches * matches > 2 * needed * rows


def _names_join(listing: Listing, sql: str) -> bool:
    """Whether ``sql`` refers to a table the listing joins (else the base table alone will do)."""
    return any(re.search(rf"\b{alias}\.", sql) for alias in listing.join_aliases)


def _count_sql(listing: Listing, where: str) -> str:
    # Counting needs the joins only when the condition names a joined table.
    source = listing.source if _names_join(listing, where) else f"{listing.table} r"
    return f"SELECT count(*) FROM {source}{where}"


def _count_source(listing: Listing, where: str, params: list[Any]) -> int:
    return db.execute_sql(_count_sql(listing, where), params).fetchone()[0]


def position(query: Query, record_id: int) -> int | None:
    """The row number of ``record_id`` in ``query``'s order, or None if the query hides it."""
    listing = LISTINGS[query.listing]
    where, params = _where(listing, query)
    column = listing.column(query.order_by or listing.default_order)
    found = db.execute_sql(f"SELECT {column.order_sql} FROM {listing.source}"
                           f"{_and(where, 'r.id = ?')}", [*params, record_id]).fetchone()
    if found is None:
        return None
    value = found[0]
    before = "<" if not query.descending else ">"
    key = column.order_sql
    if value is None:
        ahead = _count_source(listing, _and(where, f"({key}) IS NOT NULL"), params)
        return ahead + _count_source(
            listing, _and(where, f"({key}) IS NULL AND r.id {before} ?"), [*params, record_id])
    return _count_source(
        listing, _and(where, f"({key}) IS NOT NULL AND (({key}) {before} ? OR "
                             f"(({key}) = ? AND r.id {before} ?))"),
        [*params, value, value, record_id])
