"""Paged, sorted, filtered read queries behind every table in the app.

A table asks for ``count`` once and then ``fetch_page`` as the user scrolls; ordering and
filtering happen in SQL so 100,000 rows never travel to Python at once. What each table
lists is declared in ``listing_columns``, the filters it offers in ``listing_filters``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from smeplanner.core import search
from smeplanner.core.errors import ValidationError
from smeplanner.core.listing_columns import LISTINGS, Column, Listing
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
from smeplanner.core.models import db


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
