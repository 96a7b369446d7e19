"""Paged, sorted, filtered read queries behind every table in the app.

A table asks for ``count`` once and then ``fetch_page`` as the user scrolls; ordering and
filtering happen in SQL so 100,000 rows never travel to Python at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from smeplanner.core import search
from smeplanner.core.models import ACTIVITY_LABELS, CHANNEL_LABELS, LIFECYCLE_LABELS, db
from smeplanner.core.money import from_minor


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    sql: str
    kind: str = "text"  # text, money, date, datetime, int, percent, bool
    labels: dict[str, str] | None = None  # stored key → label for vocabulary columns
    sort_sql: str | None = None  # an indexed expression to order by, when it differs

    def convert(self, value: Any) -> Any:
        if value is None:
            return None
        if self.kind == "money":
            return from_minor(int(value))
        if self.kind == "date":
            return date.fromisoformat(str(value)[:10])
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

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)


_CONTACT_NAME = "trim(r.first_name || ' ' || r.last_name)"

LISTINGS: dict[str, Listing] = {
    "contacts": Listing(
        kind="contact",
        source="contact r LEFT JOIN company co ON co.id = r.company_id "
               "LEFT JOIN campaign ca ON ca.id = r.source_campaign_id",
        columns=(
            Column("name", "Name", f"coalesce(nullif({_CONTACT_NAME}, ''), r.email)",
                   sort_sql="r.sort_name"),
            Column("company", "Company", "co.name"),
            Column("email", "Email", "r.email"),
            Column("phone", "Phone", "coalesce(nullif(r.phone, ''), r.mobile)"),
            Column("stage", "Stage", "r.lifecycle_stage", labels=LIFECYCLE_LABELS),
            Column("source", "Source", "coalesce(ca.name, r.source_channel)",
                   labels=CHANNEL_LABELS),
            Column("tags", "Tags", "(SELECT group_concat(t.name, ', ') FROM contact_tag ct "
                                   "JOIN tag t ON t.id = ct.tag_id WHERE ct.contact_id = r.id)"),
            Column("last_touch", "Last touch", "r.last_touch_at", kind="date"),
            Column("follow_up", "Next follow-up", "r.next_follow_up", kind="date"),
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
            Column("company", "Company", "co.name"),
            Column("contact", "Contact", "trim(p.first_name || ' ' || p.last_name)"),
            Column("stage", "Stage", "s.name"),
            Column("amount", "Amount", "r.amount", kind="money"),
            Column("probability", "Probability",
                   "coalesce(r.probability_override, s.probability)", kind="percent"),
            Column("expected_close", "Expected close", "r.expected_close", kind="date"),
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
        source="activity r LEFT JOIN contact p ON p.id = r.contact_id "
               "LEFT JOIN deal d ON d.id = r.deal_id "
               "LEFT JOIN campaign ca ON ca.id = r.campaign_id",
        columns=(
            Column("due", "Due", "r.due_date", kind="date"),
            Column("kind", "Kind", "r.kind", labels=ACTIVITY_LABELS),
            Column("subject", "Subject", "r.subject"),
            Column("about", "About",
                   "coalesce(nullif(trim(p.first_name || ' ' || p.last_name), ''), d.title, "
                   "ca.name)"),
            Column("role", "Hat", "r.role", labels={"sales": "Sales", "marketing": "Marketing"}),
            Column("done", "Done", "r.done", kind="bool"),
        ),
        default_order="due",
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
    return db.execute_sql(f"SELECT count(*) FROM {listing.source}{where}", params).fetchone()[0]


def fetch_page(query: Query, offset: int, limit: int) -> list[tuple[int, tuple[Any, ...]]]:
    """Rows ``offset`` … ``offset + limit`` as (record id, column values) in ``query``'s order."""
    listing = LISTINGS[query.listing]
    where, params = _where(listing, query.text)
    order_column = listing.column(query.order_by or listing.default_order)
    direction = "DESC" if query.descending else "ASC"
    # NULLs last whichever the direction, then id so pages never shuffle between fetches.
    sort_sql = order_column.sort_sql or order_column.sql
    order = f"({sort_sql}) IS NULL, {sort_sql} {direction}, r.id {direction}"
    select = ", ".join(column.sql for column in listing.columns)
    sql = (f"SELECT r.id, {select} FROM {listing.source}{where} ORDER BY {order} "
           f"LIMIT ? OFFSET ?")
    rows = db.execute_sql(sql, [*params, limit, offset]).fetchall()
    return [(row[0], tuple(column.convert(value) for column, value in zip(listing.columns, row[1:],
                                                                            strict=True)))
            for row in rows]

