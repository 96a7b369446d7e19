"""Open a workspace file: where it lives, pragmas, the single-writer lock, schema upgrades."""

from __future__ import annotations

import os
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

from peewee import SqliteDatabase

from smeplanner.core import migrations
from smeplanner.core.errors import NotAWorkspaceError, WorkspaceError, WorkspaceLockedError
from smeplanner.core.models import db

ENV_VAR = "SMEPLANNER_DB"
DEFAULT_FILENAME = "workspace.smeplanner"
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


def default_workspace_path() -> Path:
    import platformdirs  # only when no path is given: saves start-up time otherwise

    return Path(platformdirs.user_data_dir("smeplanner", appauthor=False)) / DEFAULT_FILENAME


def resolve_workspace_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--db PATH`` first, then ``$SMEPLANNER_DB``, then the user data dir."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env).expanduser().resolve()
    return default_workspace_path()


class WorkspaceLock:
    """An OS file lock beside the workspace (``<file>.lock``) held while it is open.

    The OS drops the lock when the process dies, so a crash never leaves a stale lock.
    """

    def __init__(self, workspace_path: Path) -> None:
        self.path = workspace_path.with_name(workspace_path.name + ".lock")
        self._handle: object | None = None

    def acquire(self) -> None:
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release()
        try:
            _lock_file(handle)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip()
            handle.close()
            owner = f" by process {holder}" if holder else ""
            raise WorkspaceLockedError(
                self.path.with_name(self.path.name.removesuffix(".lock")),
                f"The workspace {self.path.name.removesuffix('.lock')} is already open{owner}.\n"
                f"File: {self.path.with_suffix('')}\n"
                "Close the other SME Planner window first; only one may write to a workspace.",
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            _unlock_file(self._handle)
            self._handle.close()  # type: ignore[attr-defined]
            self._handle = None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock_file(handle: object) -> None:
        handle.seek(0)  # type: ignore[attr-defined]
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]

    def _unlock_file(handle: object) -> None:
        handle.seek(0)  # type: ignore[attr-defined]
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
else:
    import fcntl

    def _lock_file(handle: object) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # type: ignore[attr-defined]

    def _unlock_file(handle: object) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)  # type: ignore[attr-defined]


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


def open_workspace(path: str | os.PathLike[str] | None = None, *,
                   upgrade: bool = True) -> Workspace:
    """Open (creating if needed) the workspace at ``path``, lock it and bring its schema up to date.

    Raises :class:`WorkspaceLockedError` if another process has it open (nothing is written),
    :class:`WorkspaceTooNewError` for a file from a newer version, :class:`NotAWorkspaceError`
    for a file that is not ours.
    """
    resolved = resolve_workspace_path(path)
    folder = resolved.parent
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        raise WorkspaceError(resolved, f"Cannot create the folder {folder}: {error}") from error
    _check_is_sqlite(resolved)
    lock = WorkspaceLock(resolved)
    lock.acquire()
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
