"""Open a workspace file: pragmas, the single-writer lock, schema upgrades."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from peewee import SqliteDatabase

from smeplanner.core import migrations
from smeplanner.core.errors import NotAWorkspaceError
from smeplanner.core.lock import WorkspaceLock
from smeplanner.core.models import db
from smeplanner.core.paths import (  # noqa: F401 - re-exported: callers know them from here
    DEFAULT_FILENAME,
    ENV_VAR,
    default_workspace_path,
    prepare_folder,
    resolve_workspace_path,
)

T = TypeVar("T")

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    # WAL + NORMAL is durable across application crashes; only an OS crash may lose the
    # last transactions, never corrupt the file.
    "synchronous": "normal",
    "cache_size": -32000,
    "temp_store": "memory",
}


@dataclass
class Workspace:
    """An open workspace: its file, the bound database and the lock that keeps it ours."""

    path: Path
    database: SqliteDatabase
    lock: WorkspaceLock
    created: bool = False
    migrated_from: int | None = None
    backups: list[Path] = field(default_factory=list)

    def close(self) -> None:
        if not self.database.is_closed():
            # Fold the WAL back so the file on disk is complete on its own.
            self.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            self.database.close()
        self.lock.release()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _check_is_sqlite(path: Path) -> None:
    """Refuse a file that is not an SQLite database before peewee touches it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb") as handle:
        header = handle.read(16)
    if header != b"SQLite format 3\x00":
        raise NotAWorkspaceError(path, f"{path} is not an SME Planner workspace "
                                       "(it is not an SQLite database).")


def open_workspace(path: str | os.PathLike[str] | None = None, *, upgrade: bool = True,
                   lock: WorkspaceLock | None = None) -> Workspace:
    """Open (creating if needed) the workspace at ``path``, lock it and bring its schema up to date.

    ``lock``: one already acquired for this file (the window takes it before it shows);
    on failure it is released like one taken here.

    Raises :class:`WorkspaceLockedError` if another process has it open (nothing is written),
    :class:`WorkspaceTooNewError` for a file from a newer version, :class:`NotAWorkspaceError`
    for a file that is not ours.
    """
    resolved = resolve_workspace_path(path)
    try:
        prepare_folder(resolved)
        _check_is_sqlite(resolved)
        if lock is None:
            lock = WorkspaceLock(resolved)
            lock.acquire()
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    try:
        created = not resolved.exists() or resolved.stat().st_size == 0
        if created:
            # Owner-only from the first byte: the workspace holds personal data.
            resolved.touch(mode=0o600)
        if not db.is_closed():
            db.close()
        db.init(str(resolved), pragmas=PRAGMAS, check_same_thread=False)
        try:
            db.connect()
            migrations.check_application(db, resolved)
            workspace = Workspace(resolved, db, lock, created=created)
            if upgrade:
                workspace.migrated_from, workspace.backups = migrations.upgrade(db, resolved)
        except sqlite3.DatabaseError as error:
            db.close()
            raise NotAWorkspaceError(resolved, f"{resolved} cannot be read as a workspace: "
                                               f"{error}") from error
    except BaseException:
        if not db.is_closed():
            db.close()
        lock.release()
        raise
    return workspace


def in_own_connection(work: Callable[[], T]) -> T:
    """Run ``work`` on this thread's own connection to the open workspace, closed after.

    For worker threads: peewee keeps one connection per thread, and SQLite in WAL mode lets
    a reader in one thread work while the window's thread writes.
    """
    with db.connection_context():
        return work()
