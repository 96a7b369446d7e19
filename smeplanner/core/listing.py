"""Paged, sorted, filtered read queries behind every table in the app.

A table asks for ``count`` once and then ``fetch_page`` as the user scrolls; ordering and
filtering happen in SQL so 100,000 rows never travel to Python at once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from smeplanner.core import attribution, search
from smeplanner.core.errors import ValidationError
from smeplanner.core.listing_filters import (  # noqa: F401 - part of this module's API
    CAMPAIGN_FILTERS,
    CAMPAIGN_PERIOD_LABELS,
    COMPANY_FILTERS,
    CONSENT_LABELS,
    CONTACT_FILTERS,
    DEAL_FILTERS,
    FilterSpec,
    by_key,
    campaign_choices,
    industry_names,
    tag_names,
)
from smeplanner.core.models import (
    ACTIVITY_LABELS,
    CHANNEL_LABELS,
    LIFECYCLE_LABELS,
    db,
)
from smeplanner.core.money import from_minor
from smeplanner.core.timeutil import to_local
from smeplanner.core.vocabulary import CAMPAIGN_STATUS_LABELS


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
    # The SQL gives an integer in units of 10**-scale (ROI in tenths of a percent): exact
    # in SQL for sorting, read back as a Decimal with ``scale`` places.
    scale: int = 0

    @property
    def order_sql(self) -> str:
        return self.sort_sql or self.sql

    def convert(self, value: Any) -> Any:
        if value is None:
            return None
        if self.kind == "money":
            return from_minor(int(value))
        if self.scale:
            return Decimal(int(value)).scaleb(-self.scale)
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
        filters=by_key(*CONTACT_FILTERS),
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
        filters=by_key(*COMPANY_FILTERS),
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
        filters=by_key(*DEAL_FILTERS),
    ),
    "campaigns": Listing(
        kind="campaign",
        source="campaign r",
        columns=(
            Column("name", "Campaign", "r.name", indexed=True),
            Column("channel", "Channel", "r.channel", labels=CHANNEL_LABELS),
            Column("status", "Status", "r.status", labels=CAMPAIGN_STATUS_LABELS, indexed=True),
            Column("start", "Start", "r.start_date", kind="date", indexed=True),
            Column("end", "End", "r.end_date", kind="date", indexed=True),
            Column("budget", "Budget", "r.budget", kind="money"),
            # Closed-loop figures over the campaign's whole life, as core.attribution defines
            # them; each is a correlated sub-query on one indexed table, so sorting all
            # 2,000 campaigns of demo scale 200 by ROI reads them in ~10 ms.
            Column("spend", "Spend", attribution.SPEND_SQL, kind="money"),
            Column("leads", "Leads", attribution.LEADS_SQL, kind="int"),
            Column("won_deals", "Deals won", attribution.WON_DEALS_SQL, kind="int"),
            Column("won_revenue", "Won revenue", attribution.WON_REVENUE_SQL, kind="money"),
            Column("roi", "ROI (%)", attribution.ROI_TENTHS_SQL, kind="percent", scale=1,
                   nullable=True),
            Column("cost_per_lead", "Cost per lead", attribution.COST_PER_LEAD_SQL,
                   kind="money", nullable=True),
        ),
        default_order="start",
        filters=by_key(*CAMPAIGN_FILTERS),
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


def where_clause(query: Query) -> tuple[str, list[Any]]:
    """The query's search text and filters as one SQL condition on its base table (alias
    ``r``) with parameters ("" when there is none): for views that read the rows their own
    way, such as the deal board."""
    where, params = _where(LISTINGS[query.listing], query)
    return where.removeprefix(" WHERE "), params


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
