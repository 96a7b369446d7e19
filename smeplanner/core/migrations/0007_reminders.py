"""Schema 7: activity reminders, and indexes for the week page.

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

Two indexes serve the week page. activity(done, due_date, kind): the "Overdue" column and
the overdue follow-ups of "Needs attention" (open items due before today) — at 200,000
activities the plain done index read every open one (40 ms to count them); this counts
them from the index alone (1 ms). contact(lifecycle_stage, do_not_contact, last_touch_at):
the leads not touched for N days, counted and listed oldest first from the index.

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
    'CREATE INDEX "activity_done_due_date_kind" ON "activity" ("done", "due_date", "kind")',
    'CREATE INDEX "contact_lifecycle_stage_do_not_contact_last_touch_at" ON "contact" '
    '("lifecycle_stage", "do_not_contact", "last_touch_at")',
)


def migrate(database: SqliteDatabase, migrator: SqliteMigrator) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
