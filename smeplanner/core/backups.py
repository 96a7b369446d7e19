"""Backups of the workspace: taken with SQLite's online backup API (never a file copy of a
live WAL database), kept beside it in ``backups/`` and rotated, listed with their record
counts, compared with the workspace before a restore, and restored in one step.

A backup's name says why and when (UTC, so a trip across time zones does not reorder them)
it was taken: ``<workspace>-<reason>-<YYYYMMDD-HHMMSS>Z.sqlite``. Rotation keeps the
newest routine backup (daily, on close, manual) of each of the last 7 days, 4 weeks and 12
months that have one, and the newest of all; the safety copies taken before an import, a
restore or a schema upgrade are kept for 30 days (and the newest five always). Backups
written elsewhere ("Back up now…" to a USB stick) are never rotated.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from peewee import SqliteDatabase

from smeplanner.core.errors import (
    NotAWorkspaceError,
    ValidationError,
    WorkspaceError,
    WorkspaceTooNewError,
)
from smeplanner.core.timeutil import to_utc

FOLDER_NAME = "backups"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
MAX_AGE = timedelta(days=1)
_STAMP = "%Y%m%d-%H%M%S"
ROUTINE_REASONS = ("daily", "close", "manual")
SAFETY_REASONS = ("before-import", "before-restore")  # and before-schema-N
SAFETY_DAYS, SAFETY_KEEP = 30, 5
# The reasons are a fixed vocabulary: "shop-restored-…" (another workspace) must not read
# as a backup of "shop" with the reason "restored-…".
_NAME_TAIL = (r"-(?P<reason>daily|close|manual|before-import|before-restore|before-schema-\d+)"
              r"-(?P<stamp>\d{8}-\d{6})(?P<utc>Z?)(?:-\d+)?\.sqlite$")
# What a backup's summary counts, in this order.
COUNTED = (("contact", "Contacts"), ("company", "Companies"), ("deal", "Deals"),
           ("campaign", "Campaigns"), ("activity", "Activities"))
# "SMEP": the application id migration 0001 stamps into every workspace.
APPLICATION_ID = 0x534D4550


@dataclass(frozen=True)
class Backup:
    """A backup file in the workspace's backup folder; ``taken_at`` is aware (UTC)."""

    path: Path
    taken_at: datetime
    reason: str

    @property
    def local_time(self) -> datetime:
        return self.taken_at.astimezone()

    @property
    def routine(self) -> bool:
        return self.reason in ROUTINE_REASONS

    @property
    def label(self) -> str:
        return f"{self.local_time:%Y-%m-%d %H:%M} ({self.reason.replace('-', ' ')})"


def _utc(moment: datetime | None) -> datetime:
    """``moment`` (naive = local time) as aware UTC; now when None."""
    return to_utc(moment) if moment is not None else datetime.now(UTC)


def folder_of(workspace_path: Path) -> Path:
    return workspace_path.parent / FOLDER_NAME


def _write_backup(source: sqlite3.Connection, target: Path) -> None:
    """Copy ``source`` into ``target`` with the online backup API: first into a temporary
    file beside it, then renamed, so a failed backup never leaves a half file."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    try:
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination)
            # The copy keeps the workspace's WAL mode, and a WAL file cannot be opened on
            # read-only media (a write-protected stick), and leaves -wal/-shm files beside
            # it when read: a backup is a plain, single file.
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def back_up(database: SqliteDatabase, workspace_path: Path, reason: str = "manual",
            target: Path | None = None, now: datetime | None = None) -> Path:
    """A consistent copy of the open workspace, in its backup folder (named for ``reason``
    and the time) or at ``target``; owner-only. Returns the file written."""
    if target is None:
        folder = folder_of(workspace_path)
        folder.mkdir(mode=0o700, exist_ok=True)
        stamp = _utc(now).strftime(_STAMP) + "Z"
        target = folder / f"{workspace_path.stem}-{reason}-{stamp}.sqlite"
        counter = 1
        while target.exists():
            target = folder / f"{workspace_path.stem}-{reason}-{stamp}-{counter}.sqlite"
            counter += 1
    refuse_workspace_target(Path(target), workspace_path)
    _write_backup(database.connection(), Path(target))
    return Path(target)


def refuse_workspace_target(target: Path, workspace_path: Path) -> None:
    """Raise ValidationError if writing ``target`` would replace the open workspace or one of
    its companion files (WAL, shared memory, lock): the window would go on writing into a
    file that no longer exists."""
    companions = [workspace_path, *(workspace_path.with_name(workspace_path.name + suffix)
                                    for suffix in ("-wal", "-shm", ".lock"))]
    for companion in companions:
        same = target.resolve() == companion.resolve()
        if not same and target.exists() and companion.exists():
            same = os.path.samefile(target, companion)
        if same:
            raise ValidationError("file", f"{target} is the open workspace itself; choose "
                                          f"another file")


def list_backups(workspace_path: Path) -> list[Backup]:
    """The backups in the workspace's folder, newest first."""
    folder = folder_of(workspace_path)
    pattern = re.compile("^" + re.escape(workspace_path.stem) + _NAME_TAIL)
    found = []
    if folder.is_dir():
        for path in folder.iterdir():
            match = pattern.match(path.name)
            if match:
                taken = datetime.strptime(match.group("stamp"), _STAMP)
                # Names without "Z" (before UTC stamps) hold local time.
                taken = taken.replace(tzinfo=UTC) if match.group("utc") else to_utc(taken)
                found.append(Backup(path, taken, match.group("reason")))
    # Two backups of the same second: the one written last is the newer.
    return sorted(found, key=lambda backup: (backup.taken_at, _written_ns(backup.path)),
                  reverse=True)


def _written_ns(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def to_keep(backups: Iterable[Backup], now: datetime | None = None) -> set[Path]:
    """Which backups the rotation keeps: of the routine ones, the newest of each of the last
    7 days, 4 ISO weeks and 12 months (local calendar) that have one, and the newest of all;
    every safety copy younger than 30 days, and the newest five."""
    ordered = sorted(backups, key=lambda backup: (backup.taken_at, _written_ns(backup.path)),
                     reverse=True)
    keep: set[Path] = {ordered[0].path} if ordered else set()
    safety = [backup for backup in ordered if not backup.routine]
    cutoff = _utc(now) - timedelta(days=SAFETY_DAYS)
    keep.update(backup.path for n, backup in enumerate(safety)
                if n < SAFETY_KEEP or backup.taken_at >= cutoff)
    routine = [backup for backup in ordered if backup.routine]
    for period, count in ((lambda d: d.date(), KEEP_DAILY),
                          (lambda d: d.isocalendar()[:2], KEEP_WEEKLY),
                          (lambda d: (d.year, d.month), KEEP_MONTHLY)):
        seen: list[object] = []
        for backup in routine:
            key = period(backup.local_time)
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.append(key)
            keep.add(backup.path)
    return keep


def rotate(workspace_path: Path) -> list[Path]:
    """Delete the backups the rotation does not keep; returns those deleted."""
    backups = list_backups(workspace_path)
    keep = to_keep(backups)
    removed = []
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def back_up_if_due(database: SqliteDatabase, workspace_path: Path, reason: str = "daily",
                   now: datetime | None = None) -> Path | None:
    """A backup when the newest is older than a day (or there is none), then rotation."""
    moment = _utc(now)
    newest = next(iter(list_backups(workspace_path)), None)
    if newest is not None and timedelta(0) <= moment - newest.taken_at < MAX_AGE:
        return None
    written = back_up(database, workspace_path, reason, now=now)
    rotate(workspace_path)
    return written


# --- reading a backup ------------------------------------------------------------------------

def _open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def check_file(path: Path, latest_version: int) -> None:
    """Raise WorkspaceError unless ``path`` is an undamaged SME Planner workspace this version
    can open (the file is only read)."""
    try:
        connection = _open_read_only(path)
        try:
            app_id = connection.execute("PRAGMA application_id").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            result = connection.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise NotAWorkspaceError(path, f"{path} cannot be read as a workspace: {error}") \
            from error
    if app_id != APPLICATION_ID:
        raise NotAWorkspaceError(path, f"{path} is not an SME Planner workspace.")
    if version > latest_version:
        raise WorkspaceTooNewError(path, f"{path} was saved by a newer SME Planner.")
    if result != "ok":
        raise WorkspaceError(path, f"{path} is damaged: {result}")


def record_counts(path: Path) -> dict[str, int]:
    """How many contacts, companies, deals, campaigns and activities a workspace file holds."""
    connection = _open_read_only(path)
    try:
        return {table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table, _label in COUNTED}
    finally:
        connection.close()


@dataclass(frozen=True)
class RestorePreview:
    """What restoring a backup would change: counts now and in the backup, per kind, and the
    newest records of the workspace that the backup does not have (they would disappear)."""

    current: dict[str, int]
    backup: dict[str, int]
    disappearing: list[tuple[str, int, str]]  # (kind, id, name), newest first


_NAMES = {"contact": "TRIM(first_name || ' ' || last_name || ' ' || email)",
          "company": "name", "deal": "title", "campaign": "name", "activity": "subject"}


def preview_restore(database: SqliteDatabase, backup_path: Path, limit: int = 10,
                    ) -> RestorePreview:
    current = {table: database.execute_sql(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
               for table, _label in COUNTED}
    connection = _open_read_only(backup_path)
    try:
        # By id and creation time: SQLite gives a deleted record's id to the next one, and
        # that new record is not in the backup even though its id is.
        in_backup = {table: set(connection.execute(f"SELECT id, created_at FROM {table}"))
                     for table, _label in COUNTED}
    finally:
        connection.close()
    disappearing: list[tuple[str, str, int, str]] = []
    for table, _label in COUNTED:
        for record_id, name, created in database.execute_sql(
                f"SELECT id, {_NAMES[table]}, created_at FROM {table} "
                f"ORDER BY created_at DESC, id DESC"):
            if (record_id, created) not in in_backup[table]:
                disappearing.append((created or "", table, record_id, name or ""))
                if sum(1 for entry in disappearing if entry[1] == table) >= limit:
                    break
    disappearing.sort(reverse=True)
    return RestorePreview(current, {table: len(ids) for table, ids in in_backup.items()},
                          [(kind, record_id, name)
                           for _created, kind, record_id, name in disappearing[:limit]])


def restore(database: SqliteDatabase, workspace_path: Path, backup_path: Path,
            latest_version: int) -> Path:
    """Replace the open workspace's contents with ``backup_path``'s.

    The backup is checked first (ours, undamaged, not newer); the current workspace is then
    backed up ("before-restore", returned), and the backup's pages are copied into the live
    database with the online backup API in one step, so any reader sees either the old or
    the new workspace. The caller upgrades the schema if the backup is older.
    """
    check_file(backup_path, latest_version)
    safety = back_up(database, workspace_path, "before-restore")
    source = _open_read_only(backup_path)
    converted: Path | None = None
    try:
        page_size = database.execute_sql("PRAGMA page_size").fetchone()[0]
        if source.execute("PRAGMA page_size").fetchone()[0] != page_size:
            # The backup API cannot change a WAL database's page size (a file made by
            # another tool): a copy of the backup with the workspace's page size first.
            converted = workspace_path.with_name(workspace_path.name + ".restoring")
            converted.unlink(missing_ok=True)
            source.execute(f"PRAGMA page_size = {int(page_size)}")
            source.execute("VACUUM INTO ?", (str(converted),))
            source.close()
            source = _open_read_only(converted)
        source.backup(database.connection())
    finally:
        source.close()
        if converted is not None:
            converted.unlink(missing_ok=True)
    return safety


def replace_damaged(workspace_path: Path, backup_path: Path,
                    now: datetime | None = None) -> Path:
    """Put a copy of ``backup_path`` where the damaged workspace was, keeping the damaged
    file (and its WAL) beside it, renamed ``<name>.damaged-<stamp>`` and never written to.
    The caller holds the workspace's lock and has checked the backup. Returns the damaged
    file's new path; the next open upgrades an older backup's schema."""
    stamp = (now or datetime.now()).strftime(_STAMP)
    kept = workspace_path.with_name(f"{workspace_path.name}.damaged-{stamp}")
    copy = workspace_path.with_name(workspace_path.name + ".restoring")
    # Through SQLite, not a file copy: a chosen file in WAL mode may hold committed
    # changes in its -wal beside it. A failure (a full disk) leaves everything as it was.
    source = _open_read_only(backup_path)
    try:
        _write_backup(source, copy)
    finally:
        source.close()
    for suffix in ("", "-wal", "-shm"):
        part = workspace_path.with_name(workspace_path.name + suffix)
        if part.exists():
            part.rename(kept.with_name(kept.name + suffix))
    os.replace(copy, workspace_path)
    return kept


# --- the open workspace ----------------------------------------------------------------------

def _open_workspace() -> tuple[SqliteDatabase, Path]:
    from smeplanner.core.models import db

    return db, Path(db.database)


def back_up_open_workspace(reason: str = "manual", target: Path | None = None) -> Path:
    """:func:`back_up` of the workspace open now (on this thread's connection)."""
    database, path = _open_workspace()
    written = back_up(database, path, reason, target)
    if target is None:
        rotate(path)
    return written


def preview_open_workspace(backup_path: Path) -> RestorePreview:
    database, _path = _open_workspace()
    return preview_restore(database, backup_path)


def restore_open_workspace(backup_path: Path) -> Path:
    """:func:`restore` into the workspace open now, then bring an older backup's schema up
    to date. Returns the safety backup of the workspace as it was."""
    from smeplanner.core import migrations

    database, path = _open_workspace()
    safety = restore(database, path, backup_path, migrations.latest_version())
    migrations.upgrade(database, path)
    return safety
