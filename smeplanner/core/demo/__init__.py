"""Demo data: a year in the life of a small coffee roastery and espresso-machine supplier.

:func:`build_demo` fills an empty, migrated workspace with companies (cafés, hotels, offices,
bakeries... and the agencies the roastery works with), contacts along the whole funnel with
their lifecycle history, tags and consent, a year of campaigns with expenses, offers and dated
deliverables, deals in every pipeline stage with product lines and stage history, sales
activities around "today", and monthly and quarterly goals.

Everything comes from one ``random.Random(seed)`` and from dates relative to ``today``, so the
same arguments always give the same rows. ``scale`` 1 is about 500 contacts, 100 deals, 1,000
activities and a dozen campaigns; it grows linearly (scale 200 is about 100,000 contacts).

Rows are generated as tuples and written through the DB-API cursor in one transaction, with the
search index rebuilt once at the end (DESIGN.md, "Speed"): the ORM would be 5-20x slower here.

The package, stage by stage: ``vocabulary`` and ``channels`` hold the business's fixed tables,
``calendar`` the demo's days and instants, ``base`` the row records and the state the stages
share; ``companies``, ``campaigns``, ``people``, ``deals``, ``activities`` and ``goals`` each
generate one part, and ``builder`` runs them in order. This module is the public entry point.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date

from peewee import Database

from smeplanner.core import search
from smeplanner.core.demo.base import ProgressCallback
from smeplanner.core.demo.builder import DemoBuilder
from smeplanner.core.demo.calendar import Calendar
from smeplanner.core.demo.vocabulary import (
    ACTIVITIES_PER_SCALE,
    AGENCIES,
    BUSINESS_NAME,
    CAMPAIGNS_PER_SCALE,
    CITIES,
    CONTACTS_PER_SCALE,
    COUNTRIES,
    CURRENCY,
    CUSTOMER_COMPANIES_PER_SCALE,
    DEAL_KINDS,
    DEALS_PER_SCALE,
    FUNNEL_SHARES,
    INDUSTRIES,
    MIN_CAMPAIGNS,
    MIN_CONTACTS,
    MIN_CUSTOMER_COMPANIES,
    MIN_DEALS,
    MIN_SALES_ACTIVITIES,
    PRODUCTS,
)

__all__ = [
    "ACTIVITIES_PER_SCALE",
    "AGENCIES",
    "BUSINESS_NAME",
    "CAMPAIGNS_PER_SCALE",
    "CITIES",
    "CONTACTS_PER_SCALE",
    "COUNTRIES",
    "CURRENCY",
    "CUSTOMER_COMPANIES_PER_SCALE",
    "DEALS_PER_SCALE",
    "DEAL_KINDS",
    "FUNNEL_SHARES",
    "INDUSTRIES",
    "MIN_CAMPAIGNS",
    "MIN_CONTACTS",
    "MIN_CUSTOMER_COMPANIES",
    "MIN_DEALS",
    "MIN_SALES_ACTIVITIES",
    "PRODUCTS",
    "ProgressCallback",
    "build_demo",
    "main_counts_summary",
]

_MUST_BE_EMPTY = ("contact", "deal", "campaign", "company", "activity")
# The tables filled in bulk; their (non-unique) indexes are built once, after the load.
_BULK_TABLES = ("company", "campaign", "campaign_product", "campaign_expense", "contact",
                "lifecycle_change", "contact_tag", "deal", "deal_line", "deal_stage_change",
                "activity")


@contextmanager
def _indexes_built_afterwards(database: Database, tables: Sequence[str]) -> Iterator[None]:
    """Drop the secondary indexes of ``tables``; create them again on leaving.

    One sorted build per index is about twice as fast as updating 7-9 indexes row by row.
    Unique indexes stay, so that constraints hold during the load. Must run inside the
    caller's transaction: if the load fails, the rollback brings the indexes back.
    """
    marks = ", ".join("?" * len(tables))
    definitions = database.execute_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name",
        list(tables)).fetchall()
    for name, _ in definitions:
        database.execute_sql(f'DROP INDEX "{name}"')
    yield
    for _, sql in definitions:
        database.execute_sql(sql)


def build_demo(database: Database, *, scale: float = 1, seed: int = 1,
               today: date | None = None,
               progress: ProgressCallback | None = None) -> dict[str, int]:
    """Fill the opened, migrated, empty workspace ``database`` with a demo business.

    Deterministic for the same ``scale``, ``seed`` and ``today`` (default: the current date).
    Returns the number of rows written per table. Raises ``ValueError`` if the workspace
    already holds contacts, companies, deals, campaigns or activities, or for a scale <= 0.
    One transaction: on any error nothing is written.
    """
    if not scale > 0:
        raise ValueError(f"scale must be positive, not {scale!r}")
    for table in _MUST_BE_EMPTY:
        if database.execute_sql(f'SELECT EXISTS (SELECT 1 FROM "{table}")').fetchone()[0]:
            raise ValueError("Demo data can only be added to an empty workspace; "
                             f"this one already has rows in {table!r}.")
    report = progress or (lambda stage, fraction: None)
    calendar = Calendar(today or date.today())
    # The index must be rebuilt inside the transaction, so that a failure restores it too.
    with database.atomic(), search.deferred_index(database):
        with _indexes_built_afterwards(database, _BULK_TABLES):
            builder = DemoBuilder(database, scale=scale, rng=random.Random(seed),
                                  calendar=calendar, progress=report)
            counts = builder.run()
            report("Building indexes", 0.6)
        report("Building the search index", 0.7)
    report("Done", 1.0)
    return dict(sorted(counts.items()))


def main_counts_summary(counts: dict[str, int]) -> str:
    """One line for the command line, e.g. 'Demo data: 500 contacts, 125 companies, ...'."""
    labels = (("contact", "contacts"), ("company", "companies"), ("deal", "deals"),
              ("activity", "activities"), ("campaign", "campaigns"), ("product", "products"),
              ("goal", "goals"))
    parts = [f"{counts.get(table, 0):,} {label}" for table, label in labels]
    total = sum(counts.values())
    return f"Demo data: {', '.join(parts)} ({total:,} rows in all)."
