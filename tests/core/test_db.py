"""The workspace file: location, pragmas, the single-writer lock, foreign and damaged files."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from smeplanner.core import db as core_db
from smeplanner.core.db import open_workspace, resolve_workspace_path
from smeplanner.core.errors import (
    NotAWorkspaceError,
    WorkspaceLockedError,
    WorkspaceTooNewError,
)
from smeplanner.core.models import Company

ROOT = Path(__file__).resolve().parents[2]


def test_pragmas_are_set(workspace):
    database = workspace.database
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_foreign_keys_are_enforced(workspace):
    with pytest.raises(Exception, match="FOREIGN KEY"):
        workspace.database.execute_sql(
            "INSERT INTO contact_tag (contact_id, tag_id) VALUES (999, 999)")


def test_explicit_path_wins_over_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SMEPLANNER_DB", str(tmp_path / "from-env.smeplanner"))
    assert resolve_workspace_path(tmp_path / "explicit.smeplanner") == \
        (tmp_path / "explicit.smeplanner").resolve()
    assert resolve_workspace_path(None) == (tmp_path / "from-env.smeplanner").resolve()


def test_default_path_is_in_user_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("SMEPLANNER_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = resolve_workspace_path(None)
    if sys.platform.startswith("linux"):
        assert path == tmp_path / "data" / "smeplanner" / core_db.DEFAULT_FILENAME
    assert path.name == core_db.DEFAULT_FILENAME


def test_environment_variable_opens_that_file(tmp_path, monkeypatch):
    target = tmp_path / "env" / "ws.smeplanner"
    monkeypatch.setenv("SMEPLANNER_DB", str(target))
    with open_workspace() as workspace:
        assert workspace.path == target.resolve()
        assert workspace.created
    assert target.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_new_workspace_is_private_to_the_owner(tmp_path):
    with open_workspace(tmp_path / "private" / "ws.smeplanner") as workspace:
        assert stat.S_IMODE(workspace.path.stat().st_mode) == 0o600
        assert stat.S_IMODE(workspace.path.parent.stat().st_mode) == 0o700


def test_reopening_keeps_data(workspace_path):
    with open_workspace(workspace_path):
        Company.create(name="Kept GmbH")
    with open_workspace(workspace_path) as workspace:
        assert not workspace.created
        assert [c.name for c in Company.select()] == ["Kept GmbH"]


def test_same_process_cannot_open_twice(workspace, workspace_path):
    with pytest.raises(WorkspaceLockedError):
        core_db.WorkspaceLock(workspace_path).acquire()


def _run_python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args],
                          capture_output=True, text=True, timeout=60, env=env)


def test_second_process_is_refused_and_writes_nothing(workspace, workspace_path):
    Company.create(name="First process")
    size_before = workspace_path.stat().st_size
    wal = workspace_path.with_name(workspace_path.name + "-wal")
    wal_before = wal.stat().st_size if wal.exists() else 0

    result = subprocess.run(
        [sys.executable, "-m", "smeplanner", "info", "--db", str(workspace_path)],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)})

    assert result.returncode != 0
    assert "already open" in result.stderr
    assert workspace_path.name in result.stderr
    assert workspace_path.stat().st_size == size_before
    assert (wal.stat().st_size if wal.exists() else 0) == wal_before
    # The first process keeps working.
    Company.create(name="Still writing")
    assert Company.select().count() == 2


def test_lock_is_released_when_the_holder_dies(workspace_path):
    holder = _run_python("""
        import sys
        from smeplanner.core.db import open_workspace
        open_workspace(sys.argv[1])
        import os
        os._exit(0)  # dies without closing: the OS must drop the lock
    """, str(workspace_path))
    assert holder.returncode == 0, holder.stderr
    with open_workspace(workspace_path) as workspace:
        assert workspace.path == workspace_path.resolve()


def test_file_that_is_not_sqlite_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.smeplanner"
    path.write_bytes(b"Dear diary, this is not a database.\n" * 10)
    before = path.read_bytes()
    with pytest.raises(NotAWorkspaceError, match="not an SQLite database"):
        open_workspace(path)
    assert path.read_bytes() == before


def test_sqlite_file_of_another_program_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE songs (title TEXT)")
    connection.commit()
    connection.close()
    with pytest.raises(NotAWorkspaceError, match="another program"):
        open_workspace(path)
    connection = sqlite3.connect(path)
    assert [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")] == ["songs"]
    connection.close()


def test_workspace_from_a_newer_version_is_refused(workspace_path):
    with open_workspace(workspace_path) as workspace:
        workspace.database.execute_sql("PRAGMA user_version = 999")
    with pytest.raises(WorkspaceTooNewError, match="newer SME Planner"):
        open_workspace(workspace_path)
    # Nothing was changed by the refusal: the version is still the newer one.
    connection = sqlite3.connect(workspace_path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 999
    connection.close()


def test_refused_open_releases_the_lock(workspace_path):
    with open_workspace(workspace_path) as workspace:
        workspace.database.execute_sql("PRAGMA user_version = 999")
    with pytest.raises(WorkspaceTooNewError):
        open_workspace(workspace_path)
    lock = core_db.WorkspaceLock(workspace_path.resolve())
    lock.acquire()
    lock.release()


def test_open_with_a_lock_taken_beforehand(workspace_path):
    lock = core_db.WorkspaceLock(workspace_path.resolve())
    workspace_path.parent.mkdir(exist_ok=True)
    lock.acquire()
    with open_workspace(workspace_path, lock=lock) as workspace:
        assert workspace.lock is lock
        with pytest.raises(WorkspaceLockedError):
            core_db.WorkspaceLock(workspace_path.resolve()).acquire()
    again = core_db.WorkspaceLock(workspace_path.resolve())
    again.acquire()  # closing the workspace released the lock handed in
    again.release()


def test_a_refused_open_releases_a_lock_handed_in(tmp_path):
    path = tmp_path / "junk.smeplanner"
    path.write_bytes(b"not a database" * 20)
    lock = core_db.WorkspaceLock(path)
    lock.acquire()
    with pytest.raises(NotAWorkspaceError):
        open_workspace(path, lock=lock)
    again = core_db.WorkspaceLock(path)
    again.acquire()
    again.release()


def test_finding_and_locking_a_workspace_needs_no_database_layer():
    code = ("import sys, smeplanner.core.lock, smeplanner.core.paths; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('peewee', 'sqlite3')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"
