"""The command line: sub-commands run headless and report errors with an exit status."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from smeplanner import __version__
from smeplanner.cli import EXIT_OK, EXIT_USAGE, EXIT_WORKSPACE, main
from smeplanner.core.db import open_workspace
from smeplanner.core.models import Contact, Deal


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_demo_fills_the_workspace_and_search_finds_it(tmp_path, capsys):
    path = tmp_path / "demo.smeplanner"
    assert main(["demo", "--db", str(path), "--scale", "0.2", "--seed", "3"]) == EXIT_OK
    out = capsys.readouterr().out
    assert str(path) in out
    with open_workspace(path):
        contact = Contact.select().order_by(Contact.id).first()
        assert Deal.select().count() > 0
        needle = contact.last_name[:4]
    assert main(["search", needle, "--db", str(path)]) == EXIT_OK
    assert contact.last_name in capsys.readouterr().out


def test_demo_refuses_a_workspace_that_has_data(tmp_path, capsys):
    path = tmp_path / "demo.smeplanner"
    assert main(["demo", "--db", str(path), "--scale", "0.1"]) == EXIT_OK
    capsys.readouterr()
    assert main(["demo", "--db", str(path), "--scale", "0.1"]) == EXIT_USAGE
    assert "smeplanner:" in capsys.readouterr().err


def test_demo_rejects_a_bad_scale(tmp_path, capsys):
    assert main(["demo", "--db", str(tmp_path / "x.smeplanner"), "--scale", "0"]) == EXIT_USAGE
    assert "scale" in capsys.readouterr().err


def test_info_reports_counts(tmp_path, capsys):
    path = tmp_path / "info.smeplanner"
    with open_workspace(path):
        Contact.create(first_name="Ida", last_name="Info")
    assert main(["info", "--db", str(path)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Contacts:   1" in out
    assert str(path) in out


def test_locked_workspace_exits_with_workspace_status(workspace, workspace_path, capsys):
    assert main(["info", "--db", str(workspace_path)]) == EXIT_WORKSPACE
    err = capsys.readouterr().err
    assert "already open" in err
    assert workspace_path.name in err


def test_not_a_workspace_exits_with_workspace_status(tmp_path, capsys):
    path = tmp_path / "text.smeplanner"
    path.write_text("hello, this is a text file and not a database at all", encoding="utf-8")
    assert main(["info", "--db", str(path)]) == EXIT_WORKSPACE
    assert "not an SQLite database" in capsys.readouterr().err


# --- agenda -----------------------------------------------------------------------------------

@pytest.fixture
def agenda_db(tmp_path):
    """A closed workspace with a call on Monday and a meeting on Tuesday of 2026-W48."""
    from smeplanner.core.activities import activities
    from smeplanner.core.contacts import contacts

    path = tmp_path / "agenda.smeplanner"
    with open_workspace(path):
        anna = contacts.create(first_name="Anna", last_name="Schmidt", phone="+49 30 1234",
                               address="Hauptstr. 1", postcode="10115", city="Berlin")
        activities.create(kind="call", subject="Quote follow-up", contact=anna.id,
                          due_at=datetime(2026, 11, 23, 9, 0), duration_minutes=30)
        activities.create(kind="meeting", subject="Trade fair stand", due_date="2026-11-24",
                          role="marketing", duration_minutes=90)
    return path


def test_agenda_prints_the_week(agenda_db, capsys):
    assert main(["agenda", "--db", str(agenda_db), "--week", "2026-W48"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("Agenda 2026-W48 · 23–29 November 2026\n")
    assert "09:00" in out and "Quote follow-up — Anna Schmidt" in out
    assert "tel +49 30 1234" in out and "Hauptstr. 1, 10115 Berlin" in out
    assert "Tuesday 24 November 2026" in out and "Trade fair stand" in out
    assert "Sales 0 h 30 (25 %) · Marketing 1 h 30 (75 %) — target 60 %" in out


def test_agenda_prints_one_day(agenda_db, capsys):
    assert main(["agenda", "--db", str(agenda_db), "--day", "2026-11-24"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("Agenda · Tuesday 24 November 2026\n")
    assert "Trade fair stand" in out
    assert "Monday 23 November" not in out


def test_agenda_defaults_to_this_week(tmp_path, capsys):
    from smeplanner.core.activities import activities

    path = tmp_path / "today.smeplanner"
    with open_workspace(path):
        activities.create(kind="task", subject="Something today", due_date=date.today())
    assert main(["agenda", "--db", str(path)]) == EXIT_OK
    assert "Something today" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "message"), [
    (["--week", "2026-W99"], "no such week number"),
    (["--week", "next week"], "is not a week like 2026-W48"),
    (["--day", "2026-13-01"], "is not a date like 2026-11-23"),
    (["--week", "2026-W48", "--day", "2026-11-24"], "not allowed with argument"),
])
def test_agenda_rejects_bad_arguments_with_usage_status(tmp_path, capsys, args, message):
    path = tmp_path / "never.smeplanner"
    with pytest.raises(SystemExit) as exit_info:
        main(["agenda", "--db", str(path), *args])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
    assert not path.exists()  # refused before the workspace was opened


def test_output_into_a_closed_pipe_ends_quietly(tmp_path):
    """`smeplanner search x | head -1`: the reader leaves early; no traceback."""
    import subprocess
    import sys

    path = tmp_path / "demo.smeplanner"
    assert main(["demo", "--db", str(path), "--scale", "0.2", "--seed", "3"]) == EXIT_OK
    child = subprocess.Popen(
        [sys.executable, "-m", "smeplanner.cli", "search", "a", "--limit", "200",
         "--db", str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdout.close()  # before the child writes anything
    stderr = child.stderr.read().decode()
    child.wait(timeout=60)
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr
    assert child.returncode == EXIT_USAGE


def test_a_console_that_cannot_show_a_name_gets_a_question_mark_not_an_error(tmp_path):
    """Windows output redirected to a file is cp1252: "Małgorzata" cannot be written there.
    The import is done by then; it must not end with exit 1 ("nothing was written")."""
    import os
    import subprocess
    import sys

    path = tmp_path / "w.smeplanner"
    source = tmp_path / "people.csv"
    source.write_text("First Name,Last Name,E-mail Address\nMałgorzata,Wójcik,m@w.pl\n",
                      encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    done = subprocess.run([sys.executable, "-m", "smeplanner.cli", "import", "--db", str(path),
                           str(source)], capture_output=True, env=env, timeout=60)
    assert done.returncode == EXIT_OK, done.stderr
    found = subprocess.run([sys.executable, "-m", "smeplanner.cli", "search", "Wójcik",
                            "--db", str(path)], capture_output=True, env=env, timeout=60)
    assert found.returncode == EXIT_OK, found.stderr
    assert b"Ma?gorzata" in found.stdout


def test_a_folder_as_the_workspace_and_a_full_disk_get_messages_not_tracebacks(
        tmp_path, capsys, monkeypatch):
    folder = tmp_path / "a folder"
    folder.mkdir()
    assert main(["info", "--db", str(folder)]) == EXIT_WORKSPACE
    assert "Traceback" not in capsys.readouterr().err

    import sqlite3

    from smeplanner.core import backups

    path = tmp_path / "w.smeplanner"
    open_workspace(path).close()

    def disk_full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backups, "_write_backup", disk_full)
    assert main(["backup", "--db", str(path), "-o", str(tmp_path / "copy.sqlite")]) \
        == EXIT_WORKSPACE
    assert "database or disk is full" in capsys.readouterr().err
