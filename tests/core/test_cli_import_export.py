"""`smeplanner import` and `smeplanner export`: counts, skipped rows with reasons, dry runs,
unreadable files (exit 1, nothing written), and every export kind."""

from __future__ import annotations

import pytest

from smeplanner.cli import EXIT_OK, EXIT_USAGE, EXIT_WORKSPACE, main
from smeplanner.core.db import open_workspace
from smeplanner.core.models import Campaign, Company, Contact, Tag

GOOGLE = ("\ufeffFirst Name,Last Name,Organization Name,Labels,E-mail 1 - Label,"
          "E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\r\n"
          "Anna,Schmidt,Acme GmbH,* myContacts ::: VIP,* Work,anna@acme.de,Mobile,"
          "+49 171 1234567\r\n"
          "Bob,Brown,,,,bob@example.com,,\r\n"
          ",,,,,,Mobile,+49 30 999999\r\n"
          "Bobby,,,,,bob@example.com,,\r\n")


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_bytes(GOOGLE.encode("utf-8"))
    return path


def counts(path) -> tuple[int, int, int]:
    with open_workspace(path):
        return Contact.select().count(), Company.select().count(), Tag.select().count()


def test_import_prints_counts_and_each_skipped_row(tmp_path, csv_file, capsys):
    db = tmp_path / "w.smeplanner"
    assert main(["import", "--db", str(db), str(csv_file)]) == EXIT_OK
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "contacts.csv (Google Contacts): 4 rows"
    assert out[1] == ("  contacts were created: 2, updated: 0, skipped: 2; "
                      "companies were created: 1")
    assert out[2] == "  row 3: skipped: no name and no valid email address (+49 30 999999)"
    assert out[3] == "  row 4: skipped: same email as row 2 (Bobby)"
    assert counts(db) == (2, 1, 2)  # VIP and the batch tag


def test_a_dry_run_writes_nothing(tmp_path, csv_file, capsys):
    db = tmp_path / "w.smeplanner"
    assert main(["import", "--db", str(db), "--dry-run", str(csv_file)]) == EXIT_OK
    assert "contacts would be created: 2," in capsys.readouterr().out
    assert counts(db) == (0, 0, 0)


def test_importing_again_updates_nothing_and_skips_known_contacts(tmp_path, csv_file, capsys):
    db = tmp_path / "w.smeplanner"
    main(["import", "--db", str(db), str(csv_file)])
    capsys.readouterr()
    assert main(["import", "--db", str(db), str(csv_file)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "contacts were created: 0, updated: 0, skipped: 4" in out
    assert "already in the workspace with nothing new" in out


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02\x03binary\x00", b"\xff\xfe\x00"])
def test_an_unreadable_file_exits_1_with_a_message_and_writes_nothing(tmp_path, capsys,
                                                                     content):
    db = tmp_path / "w.smeplanner"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    assert main(["import", "--db", str(db), str(bad)]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert captured.err.startswith("smeplanner: ") and captured.out == ""
    assert counts(db) == (0, 0, 0)


def test_a_missing_file_exits_1(tmp_path, capsys):
    assert main(["import", "--db", str(tmp_path / "w.smeplanner"),
                 str(tmp_path / "nowhere.vcf")]) == EXIT_USAGE
    assert "nowhere.vcf" in capsys.readouterr().err


def test_a_vcard_is_read_as_vcard_when_asked(tmp_path, capsys):
    card = tmp_path / "card.txt"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nEMAIL:jane@example.com\r\n"
                    "END:VCARD\r\n", encoding="utf-8")
    db = tmp_path / "w.smeplanner"
    assert main(["import", "--db", str(db), "--format", "vcard", str(card)]) == EXIT_OK
    assert "card.txt (vCard): 1 row\n" in capsys.readouterr().out
    with open_workspace(db):
        assert Contact.get().last_name == "Doe"


@pytest.mark.parametrize(("what", "fmt", "suffix", "start"), [
    ("contacts", "csv", "csv", b"\xef\xbb\xbf"),
    ("contacts", "vcard", "vcf", b"BEGIN:VCARD\r\nVERSION:4.0\r\n"),
    ("companies", "csv", "csv", b"\xef\xbb\xbf"),
    ("deals", "csv", "csv", b"\xef\xbb\xbf"),
    ("campaigns", "csv", "csv", b"\xef\xbb\xbf"),
    ("calendar", "ics", "ics", b"BEGIN:VCALENDAR\r\n"),
])
def test_export_writes_every_kind(tmp_path, csv_file, capsys, what, fmt, suffix, start):
    db = tmp_path / "w.smeplanner"
    main(["import", "--db", str(db), str(csv_file)])
    with open_workspace(db):
        Campaign.create(name="Spring", start_date="2026-03-01", end_date="2026-03-31")
    capsys.readouterr()
    out = tmp_path / f"out.{suffix}"
    assert main(["export", "--db", str(db), what, "--format", fmt, "-o", str(out)]) == EXIT_OK
    assert capsys.readouterr().out.startswith("Wrote ")
    assert out.read_bytes().startswith(start)


def _new_workspace(path):
    open_workspace(path).close()
    return path


def test_export_refuses_a_format_the_kind_has_not(tmp_path, capsys):
    _new_workspace(tmp_path / "w.smeplanner")
    out = tmp_path / "deals.vcf"
    assert main(["export", "--db", str(tmp_path / "w.smeplanner"), "deals", "--format",
                 "vcard", "-o", str(out)]) == EXIT_USAGE
    assert "format" in capsys.readouterr().err
    assert not out.exists()


def test_export_to_a_folder_that_does_not_exist_exits_1(tmp_path, capsys):
    _new_workspace(tmp_path / "w.smeplanner")
    out = tmp_path / "missing" / "contacts.csv"
    assert main(["export", "--db", str(tmp_path / "w.smeplanner"), "contacts", "--format",
                 "csv", "-o", str(out)]) == EXIT_USAGE
    assert "cannot be written" in capsys.readouterr().err


def test_export_and_backup_refuse_to_overwrite_the_workspace(tmp_path, capsys):
    db_path = _new_workspace(tmp_path / "w.smeplanner")
    assert main(["backup", "--db", str(db_path), "-o", str(db_path)]) == EXIT_USAGE
    assert "open workspace itself" in capsys.readouterr().err
    assert main(["export", "--db", str(db_path), "contacts", "--format", "csv", "-o",
                 str(db_path)]) == EXIT_USAGE
    assert "open workspace itself" in capsys.readouterr().err
    with open_workspace(db_path):
        assert Contact.select().count() == 0  # still a workspace


@pytest.mark.parametrize("command", [["info"], ["search", "anna"], ["agenda"], ["check"],
                                     ["backup"], ["export", "contacts", "--format", "csv",
                                                  "-o", "out.csv"]])
def test_a_command_that_reads_refuses_a_workspace_that_is_not_there(tmp_path, capsys, command):
    """A mistyped --db must not leave a new, empty workspace behind (and "no problems")."""
    mistyped = tmp_path / "typo" / "shop.smeplaner"
    assert main([*command, "--db", str(mistyped)]) == EXIT_WORKSPACE
    assert "There is no workspace at" in capsys.readouterr().err
    assert not mistyped.parent.exists()
