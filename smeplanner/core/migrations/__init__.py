"""Numbered schema migrations (``NNNN_name.py``), each ``migrate(database, migrator)``.

The schema version is SQLite's ``user_version``; it changes in the same transaction as the
migration, after a backup copy of the file is written.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path
from types import ModuleType

from peewee import SqliteDatabase
from playhouse.migrate import SqliteMigrator

from smeplanner.core.errors import NotAWorkspaceError, WorkspaceTooNewError

# "SMEP" as a 32-bit integer, stamped in the file header by migration 0001.
APPLICATION_ID = 0x534D4550
_NAME = re.compile(r"^(\d{4})_\w+$")


def available() -> list[tuple[int, ModuleType]]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        match = _NAME.match(info.name)
        if match:
            found.append((int(match.group(1)), importlib.import_module(f"{__name__}.{info.name}")))
    return sorted(found, key=lambda pair: pair[0])


def latest_version() -> int:
    return available()[-1][0]


def current_version(database: SqliteDatabase) -> int:
    return database.execute_sql("PRAGMA user_version").fetchone()[0]


def check_application(database: SqliteDatabase, path: Path) -> None:
    """Refuse an SQLite file that belongs to another program, or a newer SME Planner."""
    app_id = database.execute_sql("PRAGMA application_id").fetchone()[0]
    version = current_version(database)
    has_tables = database.execute_sql(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    if app_id != APPLICATION_ID and (has_tables or version):
        raise NotAWorkspaceError(path, f"{path} is an SQLite database of another program, "
                                       "not an SME Planner workspace.")
    if version > latest_version():
        raise WorkspaceTooNewError(
            path, f"{path} was saved by a newer SME Planner (schema {version}; this version "
                  f"knows up to {latest_version()}). Update SME Planner to open it.")


def backup_copy(database: SqliteDatabase, path: Path, reason: str) -> Path:
    """A consistent copy of the live database (SQLite online backup), beside it in backups/."""
    from smeplanner.core.backups import back_up

    return back_up(database, path, reason)


def upgrade(database: SqliteDatabase, path: Path) -> tuple[int | None, list[Path]]:
    """Run every pending migration in order; returns (version before, backups written)."""
    start = current_version(database)
    pending = [(number, module) for number, module in available() if number > start]
    if not pending:
        return None, []
    backups = []
    if start > 0:
        backups.append(backup_copy(database, path, f"before-schema-{pending[-1][0]}"))
    migrator = SqliteMigrator(database)
    for number, module in pending:
        with database.atomic():
            module.migrate(database, migrator)
            database.execute_sql(f"PRAGMA user_version = {int(number)}")
    return start, backups
