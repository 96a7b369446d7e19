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
