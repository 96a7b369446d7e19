"""Schema 6: campaign deliverables get a stage, an owner, a kind, and recurring series.

Deliverables stay activities (kind 'deliverable', role marketing) so the week shows them;
four columns are added to ``activity`` (left '' or NULL for other kinds):

- ``stage``: idea, in_progress, scheduled or done; 'done' exactly when ``done`` is set;
- ``owner``: 'me' or 'agency';
- ``deliverable_kind``: post, newsletter, ad, flyer, event, landing_page, video, other;
- ``series_id``: the ``deliverable_series`` row an occurrence was expanded from.

An index on activity(kind, due_date) serves the marketing calendar's deliverables by day.

Existing deliverables become 'done' if done, else 'idea', owned by 'me', of kind 'other'.

The triggers keep ``stage`` in step with ``done`` whoever writes the flag: the week page
ticks deliverables off through the activities service, which knows nothing of stages. The
flag wins: done makes the stage 'done'; un-done moves a 'done' stage back to in_progress.
A new deliverable written without stage, owner or kind gets idea/me/other; an activity that
stops being a deliverable loses those columns.

Frozen: written out as SQL, so later changes to ``models.py`` never change what it does.
"""

from __future__ import annotations

from peewee import SqliteDatabase
from playhouse.migrate import SqliteMigrator

_NEEDS_FIXING = ("new.kind = 'deliverable' AND (new.stage NOT IN ('idea', 'in_progress', "
                 "'scheduled', 'done') OR new.owner = '' OR new.deliverable_kind = '' "
                 "OR (new.done != 0) != (new.stage = 'done'))")
_FIX = ("UPDATE activity SET stage = CASE WHEN new.done THEN 'done' WHEN new.stage IN ('idea', "
        "'in_progress', 'scheduled') THEN new.stage WHEN new.stage = 'done' THEN 'in_progress' "
        "ELSE 'idea' END, owner = CASE WHEN new.owner = '' THEN 'me' ELSE new.owner END, "
        "deliverable_kind = CASE WHEN new.deliverable_kind = '' THEN 'other' "
        "ELSE new.deliverable_kind END WHERE id = new.id;")

STATEMENTS = (
    'CREATE TABLE "deliverable_series" ("id" INTEGER NOT NULL PRIMARY KEY, "campaign_id" INTEGER NOT NULL, "title" VARCHAR(255) NOT NULL, "deliverable_kind" VARCHAR(255) NOT NULL, "owner" VARCHAR(255) NOT NULL, "rrule" TEXT NOT NULL, "dtstart" DATE NOT NULL, "notes" TEXT NOT NULL, "created_at" TEXT NOT NULL, FOREIGN KEY ("campaign_id") REFERENCES "campaign" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "deliverable_series_campaign_id" ON "deliverable_series" ("campaign_id")',
    # Plain ALTER TABLE: playhouse's add_column rebuilds the table for NOT NULL columns,
    # which breaks the search triggers that name it (see 0002).
    """ALTER TABLE activity ADD COLUMN stage VARCHAR(255) NOT NULL DEFAULT ''""",
    """ALTER TABLE activity ADD COLUMN owner VARCHAR(255) NOT NULL DEFAULT ''""",
    """ALTER TABLE activity ADD COLUMN deliverable_kind VARCHAR(255) NOT NULL DEFAULT ''""",
    # SQLite allows a REFERENCES column in ALTER TABLE only with a NULL default: it has one.
    'ALTER TABLE activity ADD COLUMN series_id INTEGER REFERENCES "deliverable_series" ("id") ON DELETE SET NULL',
    'CREATE INDEX "activity_series_id" ON "activity" ("series_id")',
    # The calendar's deliverables of a range, index-only up to the row and already in
    # (day, id) order: 1.4 ms for a busy month at demo scale 200, against 2.9 ms through
    # activity_kind (every deliverable read, then sorted) and more as deliverables pile up.
    'CREATE INDEX "activity_kind_due_date" ON "activity" ("kind", "due_date")',
    "UPDATE activity SET stage = CASE WHEN done THEN 'done' ELSE 'idea' END, owner = 'me', deliverable_kind = 'other' WHERE kind = 'deliverable'",
    f"CREATE TRIGGER deliverable_stage_ai AFTER INSERT ON activity WHEN {_NEEDS_FIXING} BEGIN {_FIX} END",
    f"CREATE TRIGGER deliverable_stage_au AFTER UPDATE OF done, kind ON activity WHEN {_NEEDS_FIXING} BEGIN {_FIX} END",
    "CREATE TRIGGER deliverable_cleared_au AFTER UPDATE OF kind ON activity WHEN old.kind = 'deliverable' AND new.kind != 'deliverable' BEGIN UPDATE activity SET stage = '', owner = '', deliverable_kind = '', series_id = NULL WHERE id = new.id; END",
)


def migrate(database: SqliteDatabase, migrator: SqliteMigrator) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
