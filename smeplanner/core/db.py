"""Open a workspace file: pragmas, the single-writer lock, schema upgrades."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from peewee import SqliteDatabase

from smeplanner.core import backups, migrations
from smeplanner.core.errors import (
    DamagedWorkspaceError,
    NotAWorkspaceError,
    ReadOnlyWorkspaceError,
    WorkspaceError,
    WorkspaceTooNewError,
)
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
# Files up to this size are fully quick-checked before they open (~0.1 s); SQLite reads the
# whole file to check it (4.4 s for a 330 MB workspace), so larger ones are checked on a
# worker once the window shows.
QUICK_CHECK_MAX_BYTES = 32 * 1024 * 1024

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
        header = handle.read(100)
    if header[:16] != b"SQLite format 3\x00":
        raise NotAWorkspaceError(path, f"{path} is not an SME Planner workspace "
                                       "(it is not an SQLite database).")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The header's page count is valid when its "version valid for" equals the change
    # counter. A checkpoint cut short writes page 1 (with the new count) before the pages
    # that grow the file; SQLite completes it from the WAL, so with a WAL beside the file a
    # short file is not damage.
    wal = path.with_name(path.name + "-wal")
    wal_pending = wal.exists() and wal.stat().st_size > 0
    if len(header) == 100 and header[92:96] == header[24:28] and pages and not wal_pending \
            and path.stat().st_size < pages * page_size:
        raise _damaged(path, f"{path} is damaged: the file is shorter than its header says "
                             f"(cut off while copying or saving?).")


def _damaged(path: Path, message: str) -> DamagedWorkspaceError:
    return DamagedWorkspaceError(path, message, newest_good_backup(path))


def newest_good_backup(path: Path) -> Path | None:
    """The newest backup of ``path`` that is an undamaged workspace this version opens."""
    for backup in backups.list_backups(path):
        try:
            backups.check_file(backup.path, migrations.latest_version())
        except WorkspaceError:
            continue
        return backup.path
    return None


def check_before_opening(path: Path, *, full_check_below: int = QUICK_CHECK_MAX_BYTES) -> None:
    """Read-only checks of an existing workspace file, before anything writes to it:
    another program's file, a newer version's, a damaged one (SQLite's quick_check on files
    up to ``full_check_below`` bytes; larger ones are checked in the background once open),
    a file or folder that cannot be written. Each raises its own WorkspaceError."""
    if not path.exists() or path.stat().st_size == 0:
        return
    _check_is_sqlite(path)
    # Before SQLite reads it: a WAL workspace in a read-only folder cannot even be opened
    # for reading (no -shm can be made), which must not read as damage.
    _check_writable(path)
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            app_id = connection.execute("PRAGMA application_id").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = connection.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
            result = "ok"
            if path.stat().st_size <= full_check_below:
                result = connection.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise _damaged(path, f"{path} is damaged and cannot be read: {error}.") from error
    if app_id != migrations.APPLICATION_ID and (tables or version):
        raise NotAWorkspaceError(path, f"{path} is an SQLite database of another program, "
                                       "not an SME Planner workspace.")
    if version > migrations.latest_version():
        raise WorkspaceTooNewError(
            path, f"{path} was saved by a newer SME Planner (schema {version}; this version "
                  f"knows up to {migrations.latest_version()}). Update SME Planner to open it.")
    if result != "ok":
        raise _damaged(path, f"{path} is damaged: {result}.")


def _check_writable(path: Path) -> None:
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        where = "file" if not os.access(path, os.W_OK) else "folder it is in"
        raise ReadOnlyWorkspaceError(
            path, f"{path} cannot be changed: the {where} is read-only. Copy it to a folder "
                  f"of yours, or allow writing to it, then open it again.")


def quick_check(database: SqliteDatabase) -> str:
    """SQLite's quick_check of the open workspace: "ok", or what is wrong."""
    rows = database.execute_sql("PRAGMA quick_check").fetchall()
    return "ok" if rows == [("ok",)] else "; ".join(str(row[0]) for row in rows[:5])


def open_workspace(path: str | os.PathLike[str] | None = None, *, upgrade: bool = True,
                   lock: WorkspaceLock | None = None, create: bool = True) -> Workspace:
    """Open (creating if needed) the workspace at ``path``, lock it and bring its schema up to date.

    ``lock``: one already acquired for this file (the window takes it before it shows);
    on failure it is released like one taken here. ``create=False``: a missing file is
    refused (WorkspaceError) instead of made.

    Raises :class:`WorkspaceLockedError` if another process has it open (nothing is written),
    :class:`WorkspaceTooNewError` for a file from a newer version, :class:`NotAWorkspaceError`
    for a file that is not ours.
    """
    resolved = resolve_workspace_path(path)
    if not create and not resolved.is_file():
        # A command that only reads (info, search, check…) at a mistyped path must not
        # leave a new, empty workspace there.
        if lock is not None:
            lock.release()
        raise WorkspaceError(resolved, f"There is no workspace at {resolved}.")
    try:
        prepare_folder(resolved)
        check_before_opening(resolved)
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
            raise _damaged(resolved, f"{resolved} cannot be read as a workspace: "
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
