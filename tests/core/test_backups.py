"""Backups: online copies with rotation, the restore round trip with its preview, and the
checks that refuse damaged, foreign, newer and read-only files without touching them."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from smeplanner.cli import EXIT_OK, EXIT_USAGE, EXIT_WORKSPACE, main
from smeplanner.core import backups, consistency, migrations
from smeplanner.core import db as db_module
from smeplanner.core.contacts import contacts
from smeplanner.core.db import open_workspace
from smeplanner.core.errors import (
    DamagedWorkspaceError,
    NotAWorkspaceError,
    ReadOnlyWorkspaceError,
    ValidationError,
    WorkspaceError,
    WorkspaceTooNewError,
)
from smeplanner.core.models import Company, Contact, db


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table of a workspace file, read-only."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_%' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {table: sorted(connection.execute(f"SELECT * FROM {table}").fetchall(),
                              key=repr) for table in tables}
    finally:
        connection.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_backup_is_a_consistent_private_copy(workspace):
    contacts.create(first_name="Anna", email="anna@example.com")
    written = backups.back_up(workspace.database, workspace.path, "manual")
    assert written.parent == workspace.path.parent / "backups"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert stat.S_IMODE(written.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(workspace.path.stat().st_mode) == 0o600
    assert backups.record_counts(written)["contact"] == 1
    backups.check_file(written, migrations.latest_version())
    assert [backup.reason for backup in backups.list_backups(workspace.path)] == ["manual"]
    # One plain file (no WAL mode): readable from write-protected media, and reading it
    # leaves no -wal or -shm beside it.
    assert written.read_bytes()[18:20] == b"\x01\x01"
    assert sorted(p.name for p in written.parent.iterdir()) == [written.name]


def test_backups_are_listed_newest_first_and_others_ignored(workspace):
    for day, reason in ((1, "daily"), (3, "before-import"), (2, "before-schema-7")):
        backups.back_up(workspace.database, workspace.path, reason,
                        now=datetime(2026, 11, day, 9, 0))
    folder = workspace.path.parent / "backups"
    (folder / "notes.txt").write_text("not a backup")
    (folder / "other-daily-20261104-090000.sqlite").write_bytes(b"")
    assert [(b.reason, b.taken_at.day) for b in backups.list_backups(workspace.path)] == [
        ("before-import", 3), ("before-schema-7", 2), ("daily", 1)]


def _fake_backups(folder: Path, stem: str, times: list[datetime]) -> None:
    folder.mkdir(exist_ok=True)
    for when in times:
        (folder / f"{stem}-daily-{when:%Y%m%d-%H%M%S}.sqlite").write_bytes(b"x")


def test_rotation_keeps_7_daily_4_weekly_and_12_monthly(workspace):
    now = datetime(2026, 11, 23, 18, 0)
    # Two backups a day for 500 days.
    times = [now - timedelta(hours=12 * n) for n in range(1000)]
    _fake_backups(workspace.path.parent / "backups", workspace.path.stem, times)
    backups.rotate(workspace.path)
    kept = [b.local_time.replace(tzinfo=None) for b in backups.list_backups(workspace.path)]
    assert kept[0] == now  # the newest of all
    assert len({t.date() for t in kept}) == len(kept)  # one per day at most
    days = [t for t in kept if now - t < timedelta(days=7)]
    assert len(days) == 7
    weeks = {t.isocalendar()[:2] for t in kept}
    months = {(t.year, t.month) for t in kept}
    assert len(months) == 12 and months == {(t.year, t.month) for t in kept[-12:]} | months
    assert len(weeks) >= 4
    assert len(kept) <= 7 + 4 + 12
    assert min(kept) > now - timedelta(days=366)


def test_a_daily_backup_is_taken_only_when_the_last_is_a_day_old(workspace):
    now = datetime(2026, 11, 23, 9, 0)
    assert backups.back_up_if_due(workspace.database, workspace.path, now=now) is not None
    assert backups.back_up_if_due(workspace.database, workspace.path,
                                  now=now + timedelta(hours=23)) is None
    assert backups.back_up_if_due(workspace.database, workspace.path,
                                  now=now + timedelta(hours=25)) is not None


def test_restore_brings_back_every_row_and_keeps_the_present_as_a_backup(workspace):
    anna = contacts.create(first_name="Anna", email="anna@example.com").id
    acme = Company.create(name="Acme").id
    saved = backups.back_up(workspace.database, workspace.path, "manual")
    workspace.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    at_backup = dump(saved)
    contacts.update(anna, first_name="Annie")
    contacts.create(first_name="Bob", email="bob@example.com")
    Company.delete_by_id(acme)
    preview = backups.preview_restore(workspace.database, saved)
    assert preview.current["contact"] == 2 and preview.backup["contact"] == 1
    assert preview.current["company"] == 0 and preview.backup["company"] == 1
    assert preview.disappearing[0][:1] == ("contact",)
    assert preview.disappearing[0][2].startswith("Bob")

    safety = backups.restore(workspace.database, workspace.path, saved,
                             migrations.latest_version())
    workspace.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    assert dump(workspace.path) == at_backup
    assert Contact.get_by_id(anna).first_name == "Anna"
    assert backups.record_counts(safety)["contact"] == 2
    assert consistency.check_workspace(workspace.database) == []


@pytest.mark.parametrize("content", [b"not a database at all",
                                     b"SQLite format 3\x00" + b"\x01" * 50])
def test_restore_refuses_a_file_that_is_not_a_good_workspace(workspace, tmp_path, content):
    contacts.create(first_name="Anna", email="anna@example.com")
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(content)
    with pytest.raises(WorkspaceError):
        backups.restore(workspace.database, workspace.path, bad, migrations.latest_version())
    assert Contact.select().count() == 1
    assert backups.list_backups(workspace.path) == []  # refused before the safety copy


# --- files that cannot be opened ------------------------------------------------------------

@pytest.fixture
def saved_workspace(tmp_path) -> Path:
    path = tmp_path / "shop.smeplanner"
    with open_workspace(path) as workspace:
        for n in range(300):
            contacts.create(first_name=f"Person {n}", email=f"p{n}@example.com",
                            notes="x" * 500)
        backups.back_up(workspace.database, path, "daily")
    return path


def test_a_truncated_file_is_refused_untouched_and_the_newest_backup_offered(saved_workspace):
    data = saved_workspace.read_bytes()
    saved_workspace.write_bytes(data[: len(data) // 2])
    before = digest(saved_workspace)
    with pytest.raises(DamagedWorkspaceError) as caught:
        open_workspace(saved_workspace)
    assert "damaged" in str(caught.value)
    assert caught.value.backup == backups.list_backups(saved_workspace)[0].path
    assert digest(saved_workspace) == before
    assert not Path(str(saved_workspace) + "-wal").exists()


def test_a_file_with_damaged_pages_is_refused_untouched(saved_workspace):
    data = bytearray(saved_workspace.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for page in range(2, len(data) // page_size - 1, 3):  # scribble over every third page
        data[page * page_size + 10: page * page_size + 200] = os.urandom(190)
    saved_workspace.write_bytes(bytes(data))
    before = digest(saved_workspace)
    with pytest.raises(DamagedWorkspaceError):
        open_workspace(saved_workspace)
    assert digest(saved_workspace) == before


@pytest.mark.parametrize(("content", "error"), [
    (os.urandom(4096), NotAWorkspaceError),
    (b"Name,Email\nAnna,anna@example.com\n", NotAWorkspaceError),
])
def test_random_bytes_and_text_files_are_refused_untouched(tmp_path, content, error):
    path = tmp_path / "file.smeplanner"
    path.write_bytes(content)
    with pytest.raises(error) as caught:
        open_workspace(path)
    assert "not an SME Planner workspace" in str(caught.value)
    assert path.read_bytes() == content


def test_a_workspace_in_a_read_only_folder_is_not_called_damaged(saved_workspace,
                                                                 monkeypatch):
    """SQLite cannot even read a WAL workspace there (it needs a -shm file beside it): the
    folder is the problem, and the message says so, before SQLite is asked."""
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if mode == os.W_OK
                        and Path(path) == saved_workspace.parent else real_access(path, mode))
    real_connect = sqlite3.connect

    def connect(target, *args, **kwargs):
        if "mode=ro" in str(target):  # as SQLite answers when it cannot make the -shm
            raise sqlite3.OperationalError("unable to open database file")
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    with pytest.raises(ReadOnlyWorkspaceError) as caught:
        open_workspace(saved_workspace)
    assert "folder it is in is read-only" in str(caught.value)


def test_a_lock_that_cannot_be_written_is_a_read_only_workspace(tmp_path, monkeypatch):
    from smeplanner.core import lock

    def refused(*_args, **_kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(lock, "open", refused, raising=False)
    with pytest.raises(ReadOnlyWorkspaceError) as caught:
        lock.WorkspaceLock(tmp_path / "w.smeplanner").acquire()
    assert "Read-only file system" in str(caught.value)


def test_a_newer_workspace_is_refused_untouched(tmp_path):
    path = tmp_path / "new.smeplanner"
    with open_workspace(path):
        db.execute_sql(f"PRAGMA user_version = {migrations.latest_version() + 1}")
    before = digest(path)
    with pytest.raises(WorkspaceTooNewError) as caught:
        open_workspace(path)
    assert "newer SME Planner" in str(caught.value)
    assert digest(path) == before


def test_a_read_only_file_is_refused_with_its_own_message(saved_workspace, monkeypatch):
    before = digest(saved_workspace)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if mode == os.W_OK
                        and Path(path) == saved_workspace else real_access(path, mode))
    with pytest.raises(ReadOnlyWorkspaceError) as caught:
        open_workspace(saved_workspace)
    assert "read-only" in str(caught.value)
    assert digest(saved_workspace) == before


# --- the command line ---------------------------------------------------------------------

def test_backup_restore_and_check_from_the_command_line(tmp_path, capsys):
    path = tmp_path / "w.smeplanner"
    with open_workspace(path):
        contacts.create(first_name="Anna", email="anna@example.com")
    copy = tmp_path / "usb" / "copy.sqlite"
    copy.parent.mkdir()
    assert main(["backup", "--db", str(path), "-o", str(copy)]) == EXIT_OK
    assert capsys.readouterr().out == f"Backed up to {copy}\n"
    with open_workspace(path):
        contacts.create(first_name="Bob", email="bob@example.com")
    assert main(["restore", "--db", str(path), str(copy)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Contacts:           2 → 1" in out
    assert main(["check", "--db", str(path)]) == EXIT_OK
    assert "no problems found" in capsys.readouterr().out
    with open_workspace(path):
        assert [c.first_name for c in Contact.select()] == ["Anna"]


def test_check_reports_orphans_and_an_index_out_of_step(tmp_path, capsys):
    path = tmp_path / "w.smeplanner"
    with open_workspace(path):
        contacts.create(first_name="Anna", email="anna@example.com")
        db.execute_sql("DELETE FROM search_words")
        db.execute_sql("PRAGMA foreign_keys = OFF")
        db.execute_sql("INSERT INTO contact_tag (contact_id, tag_id) VALUES (1, 99)")
        db.execute_sql("PRAGMA foreign_keys = ON")
    assert main(["check", "--db", str(path)]) == EXIT_USAGE
    out = capsys.readouterr().out
    assert "link: contact_tag row" in out and "missing tag" in out
    assert "search index search_words: 0 contact entries for 1 contact rows" in out


def test_a_file_whose_checkpoint_was_cut_short_opens(tmp_path):
    """Killed while checkpointing: page 1 (saying the file is longer) is written, the pages
    that grow the file are not. The WAL beside it completes the file: not damage."""
    path = tmp_path / "w.smeplanner"
    copy = tmp_path / "copy" / "w.smeplanner"
    copy.parent.mkdir()
    workspace = open_workspace(path)
    db.execute_sql("PRAGMA wal_autocheckpoint = 0")
    for n in range(400):
        contacts.create(first_name=f"Person {n}", email=f"p{n}@example.com", notes="x" * 400)
    copy.write_bytes(path.read_bytes())
    wal = Path(str(path) + "-wal").read_bytes()
    workspace.close()
    Path(str(copy) + "-wal").write_bytes(wal)
    page_size = int.from_bytes(wal[8:12], "big")
    frames = [(int.from_bytes(wal[offset:offset + 4], "big"), offset + 24)
              for offset in range(32, len(wal) - page_size, 24 + page_size)]
    first_page = max(offset for page, offset in frames if page == 1)
    data = bytearray(copy.read_bytes())
    data[:page_size] = wal[first_page:first_page + page_size]
    copy.write_bytes(bytes(data))
    assert copy.stat().st_size < int.from_bytes(data[28:32], "big") * page_size
    with open_workspace(copy):
        assert Contact.select().count() == 400
        assert consistency.check_workspace(db) == []


def test_safety_copies_survive_rotation_and_other_workspaces_backups_are_left_alone(workspace):
    now = datetime(2026, 11, 23, 18, 0)
    for hour, reason in ((9, "before-restore"), (10, "before-import"), (11, "close"),
                         (12, "close"), (13, "manual")):
        backups.back_up(workspace.database, workspace.path, reason,
                        now=now.replace(hour=hour))
    folder = workspace.path.parent / "backups"
    stranger = folder / (f"{workspace.path.stem}-restored-20261101-100000"
                         f"-close-20261120-100000Z.sqlite")
    stranger.write_bytes(b"x")
    backups.rotate(workspace.path)
    assert [b.reason for b in backups.list_backups(workspace.path)] == [
        "manual", "before-import", "before-restore"]
    assert stranger.exists()


def test_backups_are_named_in_utc_so_a_trip_does_not_reorder_them(workspace, monkeypatch):
    written = backups.back_up(workspace.database, workspace.path, "close",
                              now=datetime(2026, 11, 23, 21, 0, tzinfo=UTC))
    assert written.name.endswith("-close-20261123-210000Z.sqlite")
    (listed,) = backups.list_backups(workspace.path)
    assert listed.taken_at == datetime(2026, 11, 23, 21, 0, tzinfo=UTC)
    # Two hours "later" in a zone six hours behind: still newer, so it is the daily one.
    assert backups.back_up_if_due(workspace.database, workspace.path,
                                  now=datetime(2026, 11, 23, 23, 0, tzinfo=UTC)) is None
    assert backups.back_up_if_due(workspace.database, workspace.path,
                                  now=datetime(2026, 11, 24, 22, 0, tzinfo=UTC)) is not None


def test_a_backup_never_replaces_the_open_workspace(workspace):
    for target in (workspace.path, Path(str(workspace.path) + "-wal")):
        with pytest.raises(ValidationError) as caught:
            backups.back_up(workspace.database, workspace.path, "manual", target)
        assert caught.value.field == "file"
    contacts.create(first_name="Anna", email="anna@example.com")
    assert Contact.select().count() == 1


def test_restore_from_the_command_line_names_a_file_that_is_no_backup(tmp_path, capsys):
    path = tmp_path / "w.smeplanner"
    with open_workspace(path):
        contacts.create(first_name="Anna", email="anna@example.com")
    csv_file = tmp_path / "contacts.csv"
    csv_file.write_text("Name,Email\nBob,bob@example.com\n", encoding="utf-8")
    assert main(["restore", "--db", str(path), str(csv_file)]) == EXIT_USAGE  # bad input
    assert "cannot be read as a workspace" in capsys.readouterr().err
    with open_workspace(path):
        assert Contact.select().count() == 1


def _damaged_workspace_with_backup(tmp_path: Path) -> tuple[Path, Path, str]:
    path = tmp_path / "w.smeplanner"
    with open_workspace(path) as workspace:
        for n in range(200):
            contacts.create(first_name=f"P{n}", email=f"p{n}@example.com", notes="x" * 400)
        backup = backups.back_up(workspace.database, path, "daily")
    path.write_bytes(path.read_bytes()[:20_000])  # cut short: damaged
    return path, backup, hashlib.sha256(path.read_bytes()).hexdigest()


def test_restore_from_the_command_line_replaces_a_damaged_workspace(tmp_path, capsys):
    path, backup, damaged = _damaged_workspace_with_backup(tmp_path)
    assert main(["check", "--db", str(path)]) == EXIT_WORKSPACE

    assert main(["restore", "--db", str(path), str(backup)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Contacts:         200" in out and "was damaged" in out
    (kept,) = tmp_path.glob("w.smeplanner.damaged-*")
    assert hashlib.sha256(kept.read_bytes()).hexdigest() == damaged  # untouched
    with open_workspace(path):
        assert Contact.select().count() == 200
        assert consistency.check_workspace(db) == []


def test_a_damaged_workspace_stays_as_it_was_when_the_backup_cannot_be_copied(
        tmp_path, monkeypatch):
    path, backup, damaged = _damaged_workspace_with_backup(tmp_path)

    real_write = backups._write_backup

    def disk_full(source, target):
        real_write(source, target)  # written, then the disk is full: nothing may change
        target.unlink()
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backups, "_write_backup", disk_full)
    with pytest.raises(sqlite3.OperationalError):
        backups.replace_damaged(path, backup)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == damaged
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".lock") == [
        "backups", "w.smeplanner"]


def test_a_damaged_large_workspace_is_not_backed_up_from_the_command_line(
        tmp_path, capsys, monkeypatch):
    """Too large to be checked when opened: `backup` checks it first, and a damaged file's
    copy never pushes the good backups out."""
    path = tmp_path / "w.smeplanner"
    with open_workspace(path) as workspace:
        contacts.create(first_name="Anna", email="anna@example.com")
        good = backups.back_up(workspace.database, path, "daily")
    monkeypatch.setattr(db_module, "QUICK_CHECK_MAX_BYTES", 0)
    monkeypatch.setattr(db_module, "quick_check",
                        lambda database: "*** in database main *** Page 3: btreeInitPage()")
    assert main(["backup", "--db", str(path)]) == EXIT_WORKSPACE
    assert "is damaged" in capsys.readouterr().err
    assert [b.path for b in backups.list_backups(path)] == [good]


def test_restoring_over_a_damaged_workspace_keeps_what_the_chosen_files_wal_holds(
        tmp_path, capsys):
    """A workspace copied while open (its -wal beside it, not yet checkpointed) chosen as
    the file to restore: every committed row comes back, not only the main file's."""
    path, _backup, _damaged = _damaged_workspace_with_backup(tmp_path)
    chosen = tmp_path / "copy" / "shop.sqlite"
    chosen.parent.mkdir()
    with open_workspace(chosen):
        db.execute_sql("PRAGMA wal_autocheckpoint = 0")
        for n in range(300):
            contacts.create(first_name=f"Q{n}", email=f"q{n}@example.com")
        # Left with its WAL, as a copy taken while the app ran would be.
        snapshot = {suffix: Path(str(chosen) + suffix).read_bytes() for suffix in ("", "-wal")}
    for suffix, data in snapshot.items():
        Path(str(chosen) + suffix).write_bytes(data)
    assert main(["restore", "--db", str(path), str(chosen)]) == EXIT_OK
    with open_workspace(path):
        assert Contact.select().count() == 300


def test_the_restore_preview_names_a_new_record_that_took_a_deleted_ones_id(workspace):
    anna = contacts.create(first_name="Anna", email="anna@example.com")
    bob = contacts.create(first_name="Bob", email="bob@example.com")
    saved = backups.back_up(workspace.database, workspace.path, "manual")
    contacts.delete(bob.id)
    carol = contacts.create(first_name="Carol", email="carol@example.com")
    # SQLite gives Bob's id to Carol; created a moment later, she is not in the backup.
    workspace.database.execute_sql("UPDATE contact SET created_at = datetime(created_at, "
                                   "'+1 second') WHERE id = ?", (carol.id,))
    assert carol.id == bob.id
    preview = backups.preview_restore(workspace.database, saved)
    assert preview.current["contact"] == preview.backup["contact"] == 2
    assert [(kind, name.split()[0]) for kind, _id, name in preview.disappearing] == [
        ("contact", "Carol")]
    assert anna.id not in [record_id for _kind, record_id, _name in preview.disappearing]


def test_a_backup_with_another_page_size_is_restored(workspace, tmp_path):
    """A file made by another tool with 8 KB pages: SQLite's backup cannot change the page
    size of the workspace (in WAL mode), so it is converted first."""
    contacts.create(first_name="Anna", email="anna@example.com")
    saved = backups.back_up(workspace.database, workspace.path, "manual")
    other = tmp_path / "other-tool.sqlite"
    connection = sqlite3.connect(saved)
    connection.execute("PRAGMA page_size = 8192")
    connection.execute("VACUUM INTO ?", (str(other),))
    connection.close()
    assert sqlite3.connect(other).execute("PRAGMA page_size").fetchone()[0] == 8192
    contacts.create(first_name="Bob", email="bob@example.com")
    backups.restore(workspace.database, workspace.path, other, migrations.latest_version())
    assert [c.first_name for c in Contact.select()] == ["Anna"]
    assert not (workspace.path.parent / (workspace.path.name + ".restoring")).exists()
