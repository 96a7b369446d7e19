"""Paged, sorted, filtered read queries behind every table in the app.

A table asks for ``count`` once and then ``fetch_page`` as the user scrolls; ordering and
filtering happen in SQL so 100,000 rows never travel to Python at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from smeplanner.core import search
from smeplanner.core.models import ACTIVITY_LABELS, CHANNEL_LABELS, LIFECYCLE_LABELS, db
from smeplanner.core.money import from_minor
from smeplanner.core.timeutil import to_local


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
    """One table: the record kind (for search), its FROM clause and its columns."""

    kind: str
    source: str
    columns: tuple[Column, ...]
    default_order: str
    where: tuple[str, ...] = field(default_factory=tuple)

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


_CONTACT_NAME = "trim(r.first_name || ' ' || r.last_name)"

_ACTIVITY_SOURCE = ("activity r LEFT JOIN contact p ON p.id = r.contact_id "
                    "LEFT JOIN deal d ON d.id = r.deal_id "
                    "LEFT JOIN campaign ca ON ca.id = r.campaign_id")
_ACTIVITY_COLUMNS = (
    Column("due", "Due", "r.due_date", kind="date", nullable=True),
    Column("kind", "Kind", "r.kind", labels=ACTIVITY_LABELS),
    Column("subject", "Subject", "r.subject"),
    Column("about", "About",
           "coalesce(nullif(trim(p.first_name || ' ' || p.last_name), ''), d.title, "
           "ca.name)", nullable=True),
    Column("role", "Hat", "r.role", labels={"sales": "Sales", "marketing": "Marketing"}),
    Column("done", "Done", "r.done", kind="bool"),
)

LISTINGS: dict[str, Listing] = {
    "contacts": Listing(
        kind="contact",
        source="contact r LEFT JOIN company co ON co.id = r.company_id "
               "LEFT JOIN campaign ca ON ca.id = r.source_campaign_id",
        columns=(
            Column("name", "Name", f"coalesce(nullif({_CONTACT_NAME}, ''), r.email)",
                   sort_sql="r.sort_name"),
            Column("company", "Company", "co.name", nullable=True),
            Column("email", "Email", "r.email"),
            Column("phone", "Phone", "coalesce(nullif(r.phone, ''), r.mobile)"),
            Column("stage", "Stage", "r.lifecycle_stage", labels=LIFECYCLE_LABELS),
            Column("source", "Source", "coalesce(ca.name, r.source_channel)",
                   labels=CHANNEL_LABELS),
            Column("tags", "Tags", "(SELECT group_concat(t.name, ', ') FROM contact_tag ct "
                                   "JOIN tag t ON t.id = ct.tag_id WHERE ct.contact_id = r.id)",
                   nullable=True),
            Column("last_touch", "Last touch", "r.last_touch_at", kind="utc_date", nullable=True),
            Column("follow_up", "Next follow-up", "r.next_follow_up", kind="date",
                   nullable=True),
        ),
        default_order="name",
    ),
    "companies": Listing(
        kind="company",
        source="company r",
        columns=(
            Column("name", "Name", "r.name"),
            Column("industry", "Industry", "r.industry"),
            Column("size", "Size", "r.size_band"),
            Column("city", "City", "r.city"),
            Column("country", "Country", "r.country"),
            Column("contacts", "Contacts",
                   "(SELECT count(*) FROM contact c WHERE c.company_id = r.id)", kind="int"),
            Column("website", "Website", "r.website"),
        ),
        default_order="name",
    ),
    "deals": Listing(
        kind="deal",
        source="deal r JOIN pipeline_stage s ON s.id = r.stage_id "
               "LEFT JOIN company co ON co.id = r.company_id "
               "LEFT JOIN contact p ON p.id = r.contact_id",
        columns=(
            Column("title", "Deal", "r.title"),
            Column("company", "Company", "co.name", nullable=True),
            Column("contact", "Contact", "trim(p.first_name || ' ' || p.last_name)",
                   nullable=True),
            Column("stage", "Stage", "s.name"),
            Column("amount", "Amount", "r.amount", kind="money"),
            Column("probability", "Probability",
                   "coalesce(r.probability_override, s.probability)", kind="percent"),
            Column("expected_close", "Expected close", "r.expected_close", kind="date",
                   nullable=True),
            Column("status", "Status", "r.status",
                   labels={"open": "Open", "won": "Won", "lost": "Lost"}),
        ),
        default_order="expected_close",
    ),
    "campaigns": Listing(
        kind="campaign",
        source="campaign r",
        columns=(
            Column("name", "Campaign", "r.name"),
            Column("channel", "Channel", "r.channel", labels=CHANNEL_LABELS),
            Column("status", "Status", "r.status",
                   labels={"planned": "Planned", "active": "Active", "paused": "Paused",
                           "done": "Done", "cancelled": "Cancelled"}),
            Column("start", "Start", "r.start_date", kind="date"),
            Column("end", "End", "r.end_date", kind="date"),
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


@dataclass(frozen=True)
class Query:
    """What a table shows: which listing, the search text, the order."""

    listing: str
    text: str = ""
    order_by: str | None = None
    descending: bool = False


def _where(listing: Listing, text: str) -> tuple[str, list[Any]]:
    clauses = list(listing.where)
    params: list[Any] = []
    built = search.build_query(text) if text and listing.kind else None
    if text and listing.kind and built is None:
        return "", []
    if built is not None:
        table, match = built
        clauses.append(f"r.id IN (SELECT ref_id FROM {table} WHERE {table} MATCH ? "
                       "AND kind = ?)")
        params += [match, listing.kind]
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def count(query: Query) -> int:
    listing = LISTINGS[query.listing]
    where, params = _where(listing, query.text)
    return db.execute_sql(f"SELECT count(*) FROM {listing.table} r{where}",
                          params).fetchone()[0]


def _and(where: str, clause: str) -> str:
    return f"{where} AND {clause}" if where else f" WHERE {clause}"


def fetch_page(query: Query, offset: int, limit: int) -> list[tuple[int, tuple[Any, ...]]]:
    """Rows ``offset`` … ``offset + limit`` as (record id, column values) in ``query``'s order.

    Ties are broken by id so pages never shuffle between fetches. NULLs list last in either
    direction; to keep the ordering on an index, the non-NULL and NULL rows are read as two
    segments rather than through an ``IS NULL`` sort term that no index can serve.
    """
    listing = LISTINGS[query.listing]
    where, params = _where(listing, query.text)
    column = listing.column(query.order_by or listing.default_order)
    direction = "DESC" if query.descending else "ASC"
    select = "SELECT r.id, " + ", ".join(c.sql for c in listing.columns)
    ordered = f" ORDER BY {column.order_sql} {direction}, r.id {direction} LIMIT ? OFFSET ?"
    if not column.nullable:
        rows = db.execute_sql(f"{select} FROM {listing.source}{where}{ordered}",
                              [*params, limit, offset]).fetchall()
    else:
        not_null = _and(where, f"({column.order_sql}) IS NOT NULL")
        rows = db.execute_sql(f"{select} FROM {listing.source}{not_null}{ordered}",
                              [*params, limit, offset]).fetchall()
        if len(rows) < limit:
            # Past the end of the filled rows: how many there are tells where NULLs start.
            filled = offset + len(rows) if rows else _count_source(listing, not_null, params)
            rows += db.execute_sql(
                f"{select} FROM {listing.source}{_and(where, f'({column.order_sql}) IS NULL')}"
                f" ORDER BY r.id {direction} LIMIT ? OFFSET ?",
                [*params, limit - len(rows), max(0, offset - filled)]).fetchall()
    return [(row[0], tuple(c.convert(value) for c, value in zip(listing.columns, row[1:],
                                                                  strict=True)))
            for row in rows]


def _count_source(listing: Listing, where: str, params: list[Any]) -> int:
    # Counting needs the joins only when the condition names a joined table.
    joined = any(re.search(rf"\b{alias}\.", where) for alias in listing.join_aliases)
    source = listing.source if joined else f"{listing.table} r"
    return db.execute_sql(f"SELECT count(*) FROM {source}{where}", params).fetchone()[0]


def position(query: Query, record_id: int) -> int | None:
    """The row number of ``record_id`` in ``query``'s order, or None if the query hides it."""
    listing = LISTINGS[query.listing]
    where, params = _where(listing, query.text)
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
