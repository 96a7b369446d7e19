"""Schema 2: an indexed sort key for contact names, and indexes for the week and pipeline lists.

The contacts table sorts by display name (full name, else email). An expression cannot use
an index, so at 100,000 contacts every page fetch sorted the whole table; SQLite's lower()
also folds ASCII only. The key is computed in Python (casefold, accents stripped).
"""

from __future__ import annotations

from peewee import SqliteDatabase
from playhouse.migrate import SqliteMigrator
from playhouse.migrate import migrate as run_operations

from smeplanner.core.textkeys import contact_sort_key


def migrate(database: SqliteDatabase, migrator: SqliteMigrator) -> None:
    # Plain ALTER TABLE: playhouse's add_column rebuilds the table for NOT NULL columns,
    # which breaks the search triggers that name it.
    database.execute_sql(
        "ALTER TABLE contact ADD COLUMN sort_name VARCHAR(255) NOT NULL DEFAULT ''")
    rows = database.execute_sql("SELECT id, first_name, last_name, email FROM contact").fetchall()
    database.cursor().executemany(
        "UPDATE contact SET sort_name = ? WHERE id = ?",
        [(contact_sort_key(first, last, email), row_id) for row_id, first, last, email in rows])
    run_operations(
        migrator.add_index("contact", ("sort_name",), False),
        migrator.add_index("activity", ("due_date", "due_at"), False),
        migrator.add_index("deal", ("status", "expected_close"), False),
    )
