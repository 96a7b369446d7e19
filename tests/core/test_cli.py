"""The command line: sub-commands run headless and report errors with an exit status."""

from __future__ import annotations

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
