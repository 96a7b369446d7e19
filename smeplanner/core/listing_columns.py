"""What each table lists: its base table and joins, and its columns as SQL expressions.

One :class:`Listing` per table of the app (contacts, companies, deals, campaigns,
activities, the agenda); ``listing.py`` pages, orders and filters them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from smeplanner.core import attribution
from smeplanner.core.listing_filters import (
    CAMPAIGN_FILTERS,
    COMPANY_FILTERS,
    CONTACT_FILTERS,
    DEAL_FILTERS,
    FilterSpec,
    by_key,
)
from smeplanner.core.models import ACTIVITY_LABELS, CHANNEL_LABELS, LIFECYCLE_LABELS
from smeplanner.core.money import from_minor
from smeplanner.core.timeutil import to_local
from smeplanner.core.vocabulary import CAMPAIGN_STATUS_LABELS, SOURCE_LABELS


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
                   labels=SOURCE_LABELS),
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
