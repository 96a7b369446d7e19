"""Schema 4: where a contact's marketing consent came from (web form, trade fair, import…).

Consent without its source cannot be shown to a regulator; the date alone was kept before.
"""

from __future__ import annotations

from peewee import SqliteDatabase
from playhouse.migrate import SqliteMigrator


def migrate(database: SqliteDatabase, migrator: SqliteMigrator) -> None:
    # Plain ALTER TABLE: playhouse's add_column rebuilds the table for NOT NULL columns,
    # which breaks the search triggers that name it.
    database.execute_sql(
        "ALTER TABLE contact ADD COLUMN opt_in_source VARCHAR(255) NOT NULL DEFAULT ''")
