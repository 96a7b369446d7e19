"""Schema 7: activity reminders, and the week's overdue items.

Two nullable columns on ``activity`` (existing rows get NULL: no reminder):

- ``reminder_minutes``: how long before the start to remind (NULL = no reminder);
- ``remind_at``: the UTC instant the next reminder is due (NULL = nothing pending). The
  activities service derives it from the due time; snoozing moves it, dismissing clears it.

A partial index on (done, remind_at) of the rows with a pending reminder serves "open
activities whose remind_at <= now" (polled every half minute while the app runs): an
equality and a range on one index, already in remind_at order. ``done`` leads rather than
sitting in the index's WHERE because, without ANALYZE statistics, SQLite then preferred the
plain activity_done index and sorted; done items keep ``remind_at`` but sit apart under
done = 1, so years of them are never read.

A partial index on due_date of the open activities serves the week's "Overdue" column
(open items due before today): at 200,000 activities the plain done index read every open
one and counted 40 ms; this reads only the overdue ones.

Frozen: written out as SQL, so later changes to ``models.py`` never change what it does.
"""

from __future__ import annotations

from peewee import SqliteDatabase
from playhouse.migrate import SqliteMigrator

STATEMENTS = (
    # Plain ALTER TABLE: nullable columns need no table rebuild (which would drop the
    # search and deliverable triggers that name the table, see 0002 and 0006).
    "ALTER TABLE activity ADD COLUMN reminder_minutes INTEGER",
    "ALTER TABLE activity ADD COLUMN remind_at TEXT",
    'CREATE INDEX "activity_done_remind_at" ON "activity" ("done", "remind_at") '
    "WHERE remind_at IS NOT NULL",
    'CREATE INDEX "activity_open_due_date" ON "activity" ("due_date") WHERE done = 0',
)


def migrate(database: SqliteDatabase, migrator: SqliteMigrator) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
