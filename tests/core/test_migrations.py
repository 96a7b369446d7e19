"""Schema migrations: numbered, backed up first, a v1 workspace upgrades without losing rows."""

from __future__ import annotations

import sqlite3

import pytest
from peewee import SqliteDatabase
from playhouse.migrate import SqliteMigrator

from smeplanner.core import migrations
from smeplanner.core.db import open_workspace
from smeplanner.core.models import ALL_MODELS, Company


def _make_version_1(path) -> None:
    """A workspace exactly as version 1 of the app left it, with a little data."""
    database = SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    database.connect()
    first_number, first = migrations.available()[0]
    assert first_number == 1
    with database.atomic():
        first.migrate(database, SqliteMigrator(database))
        database.execute_sql("PRAGMA user_version = 1")
        database.execute_sql(
            "INSERT INTO company (created_at, updated_at, name, industry, size_band, website, "
            "phone, email, address, city, postcode, region, country, notes) VALUES "
            "('2026-01-01 10:00:00', '2026-01-01 10:00:00', 'Old Firm', '', '', '', '', '', '',"
            " '', '', '', '', '')")
        database.execute_sql(
            "INSERT INTO contact (created_at, updated_at, first_name, last_name, email, phone, "
            "mobile, job_title, company_id, lifecycle_stage, stage_changed_at, source_channel, "
            "marketing_opt_in, do_not_contact, address, city, postcode, region, country, notes) "
            "VALUES ('2026-01-01 10:00:00', '2026-01-01 10:00:00', 'Zoë', 'Ärmel', '', '', '', "
            "'', 1, 'lead', '2026-01-01 10:00:00', '', 0, 0, '', '', '', '', '', '')")
    database.close()


def test_migrations_are_numbered_from_one_without_gaps():
    numbers = [number for number, _ in migrations.available()]
    assert numbers == list(range(1, len(numbers) + 1))
    assert migrations.latest_version() == numbers[-1]


def test_new_workspace_is_at_the_latest_version(workspace):
    assert migrations.current_version(workspace.database) == migrations.latest_version()
    assert workspace.database.execute_sql("PRAGMA application_id").fetchone()[0] == \
        migrations.APPLICATION_ID
    assert workspace.backups == []  # nothing to back up in a brand-new file


def test_migrated_schema_has_every_model_column(workspace):
    for model in ALL_MODELS:
        table = model._meta.table_name
        columns = {row[1] for row in workspace.database.execute_sql(
            f"PRAGMA table_xinfo({table})")}
        expected = {field.column_name for field in model._meta.sorted_fields}
        assert expected <= columns, f"{table} lacks {expected - columns}"


def test_version_1_workspace_upgrades_with_a_backup_and_keeps_rows(tmp_path):
    path = tmp_path / "old.smeplanner"
    _make_version_1(path)

    with open_workspace(path) as workspace:
        assert workspace.migrated_from == 1
        assert migrations.current_version(workspace.database) == migrations.latest_version()
        assert [c.name for c in Company.select()] == ["Old Firm"]
        # The new sort key exists and is computed for old rows.
        assert workspace.database.execute_sql(
            "SELECT sort_name FROM contact").fetchone()[0] == "zoe armel"
        assert len(workspace.backups) == 1
        backup = workspace.backups[0]

    assert backup.exists()
    connection = sqlite3.connect(backup)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
        assert connection.execute("SELECT name FROM company").fetchall() == [("Old Firm",)]
    finally:
        connection.close()


def test_failed_migration_rolls_back_and_keeps_version(tmp_path, monkeypatch):
    path = tmp_path / "old.smeplanner"
    _make_version_1(path)
    real = migrations.available()

    class Broken:
        @staticmethod
        def migrate(database, migrator):
            database.execute_sql("CREATE TABLE half_done (x)")
            raise RuntimeError("disk on fire")

    monkeypatch.setattr(migrations, "available", lambda: [*real[:1], (2, Broken)])
    with pytest.raises(RuntimeError, match="disk on fire"):
        open_workspace(path)
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
        assert connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    finally:
        connection.close()


def _make_version(path, version: int) -> SqliteDatabase:
    """A workspace as schema ``version`` left it (migrations 1..version), left open."""
    database = SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    database.connect()
    migrator = SqliteMigrator(database)
    with database.atomic():
        for number, module in migrations.available():
            if number <= version:
                module.migrate(database, migrator)
        database.execute_sql(f"PRAGMA user_version = {version}")
    return database


_V5_CAMPAIGN = (
    "INSERT INTO campaign (id, created_at, updated_at, name, channel, objective, status, "
    "start_date, end_date, budget, audience_tags, audience_stages, offer_code, notes) VALUES "
    "(1, '2026-01-01 10:00:00', '2026-01-01 10:00:00', 'Spring mailing', 'email', 'leads', "
    "'active', '2026-03-01', '2026-03-31', 50000, '', '', '', '')")
_V5_ACTIVITY = (
    "INSERT INTO activity (id, created_at, updated_at, kind, subject, notes, due_date, "
    "duration_minutes, done, done_at, role, campaign_id) VALUES (?, '2026-01-01 10:00:00', "
    "'2026-01-01 10:00:00', ?, ?, '', ?, 30, ?, ?, ?, ?)")


def _activity_columns(database, activity_id):
    return database.execute_sql(
        "SELECT kind, subject, done, stage, owner, deliverable_kind, series_id FROM activity "
        "WHERE id = ?", (activity_id,)).fetchone()


def test_an_empty_version_5_workspace_gets_the_deliverable_schema(tmp_path):
    path = tmp_path / "v5.smeplanner"
    database = _make_version(path, 5)
    triggers_before = {name for (name,) in database.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    database.close()
    with open_workspace(path) as workspace:
        database = workspace.database
        assert workspace.migrated_from == 5
        assert migrations.current_version(database) >= 6
        columns = {row[1]: (row[2], row[3], row[4]) for row in database.execute_sql(
            "PRAGMA table_info(activity)")}
        assert columns["stage"] == ("VARCHAR(255)", 1, "''")
        assert columns["owner"] == ("VARCHAR(255)", 1, "''")
        assert columns["deliverable_kind"] == ("VARCHAR(255)", 1, "''")
        assert columns["series_id"] == ("INTEGER", 0, None)
        references = {(row[2], row[3], row[6]) for row in database.execute_sql(
            "PRAGMA foreign_key_list(activity)")}
        assert ("deliverable_series", "series_id", "SET NULL") in references
        assert {(row[2], row[3], row[6]) for row in database.execute_sql(
            "PRAGMA foreign_key_list(deliverable_series)")} == {
            ("campaign", "campaign_id", "CASCADE")}
        indexes = {row[1] for row in database.execute_sql("PRAGMA index_list(activity)")}
        assert "activity_series_id" in indexes
        assert database.execute_sql("SELECT count(*) FROM deliverable_series").fetchone() == (0,)
        # The search triggers survive (no table was rebuilt); three more keep stages in step.
        triggers = {name for (name,) in database.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert triggers - triggers_before == {
            "deliverable_stage_ai", "deliverable_stage_au", "deliverable_cleared_au"}
        assert triggers_before <= triggers and "search_contact_au" in triggers_before


def test_version_5_deliverables_get_a_stage_and_an_owner(tmp_path):
    path = tmp_path / "v5.smeplanner"
    database = _make_version(path, 5)
    with database.atomic():
        database.execute_sql(_V5_CAMPAIGN)
        for row in ((1, "deliverable", "Newsletter draft", "2026-03-02", 1,
                     "2026-03-02 09:00:00", "marketing", 1),
                    (2, "deliverable", "Newsletter send", "2026-03-20", 0, None, "marketing", 1),
                    (3, "task", "Call the printer", "2026-03-03", 1, "2026-03-03 11:00:00",
                     "sales", None)):
            database.execute_sql(_V5_ACTIVITY, row)
    database.close()

    with open_workspace(path) as workspace:
        database = workspace.database
        assert workspace.migrated_from == 5
        assert len(workspace.backups) == 1
        assert _activity_columns(database, 1) == (
            "deliverable", "Newsletter draft", 1, "done", "me", "other", None)
        assert _activity_columns(database, 2) == (
            "deliverable", "Newsletter send", 0, "idea", "me", "other", None)
        assert _activity_columns(database, 3) == ("task", "Call the printer", 1, "", "", "", None)
        assert database.execute_sql("PRAGMA foreign_key_check").fetchall() == []


def test_the_done_flag_and_the_stage_stay_in_step_whoever_writes_it(workspace):
    database = workspace.database
    database.execute_sql(_V5_CAMPAIGN)
    # Written without a stage (as the week page's activities service would): idea/me/other.
    database.execute_sql(_V5_ACTIVITY, (1, "deliverable", "Post", "2026-03-02", 0, None,
                                        "marketing", 1))
    assert _activity_columns(database, 1)[2:6] == (0, "idea", "me", "other")
    database.execute_sql("UPDATE activity SET stage = 'scheduled', owner = 'agency' WHERE id = 1")
    database.execute_sql("UPDATE activity SET done = 1 WHERE id = 1")
    assert _activity_columns(database, 1)[2:5] == (1, "done", "agency")
    database.execute_sql("UPDATE activity SET done = 0 WHERE id = 1")
    assert _activity_columns(database, 1)[2:5] == (0, "in_progress", "agency")
    # Born done: the flag wins over a stage that says otherwise.
    database.execute_sql(_V5_ACTIVITY, (2, "deliverable", "Ad", "2026-03-02", 1,
                                        "2026-03-02 12:00:00", "marketing", 1))
    assert _activity_columns(database, 2)[2:4] == (1, "done")
    # An activity that stops being a deliverable loses the deliverable columns.
    database.execute_sql("UPDATE activity SET kind = 'task' WHERE id = 1")
    assert _activity_columns(database, 1)[3:] == ("", "", "", None)
    # Other kinds are left alone.
    database.execute_sql(_V5_ACTIVITY, (3, "call", "Call", "2026-03-02", 1,
                                        "2026-03-02 12:00:00", "sales", None))
    assert _activity_columns(database, 3)[3:] == ("", "", "", None)


def test_version_6_activities_get_reminder_columns_and_keep_their_rows(tmp_path):
    path = tmp_path / "v6.smeplanner"
    database = _make_version(path, 6)
    with database.atomic():
        database.execute_sql(_V5_CAMPAIGN)
        database.execute_sql(_V5_ACTIVITY, (1, "task", "Call the printer", "2026-03-03", 0,
                                            None, "sales", None))
    triggers_before = {name for (name,) in database.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    database.close()

    with open_workspace(path) as workspace:
        database = workspace.database
        assert workspace.migrated_from == 6
        assert len(workspace.backups) == 1
        assert migrations.current_version(database) >= 7
        columns = {row[1]: (row[2], row[3], row[4]) for row in database.execute_sql(
            "PRAGMA table_info(activity)")}
        assert columns["reminder_minutes"] == ("INTEGER", 0, None)
        assert columns["remind_at"] == ("TEXT", 0, None)
        assert database.execute_sql(
            "SELECT subject, reminder_minutes, remind_at FROM activity WHERE id = 1"
        ).fetchone() == ("Call the printer", None, None)
        index = database.execute_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'activity_done_remind_at'").fetchone()
        assert index is not None and "WHERE remind_at IS NOT NULL" in index[0]
        # No table was rebuilt: the search and deliverable triggers are all still there.
        assert triggers_before <= {name for (name,) in database.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
