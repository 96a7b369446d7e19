"""What the user is told when a save fails for a reason no form can name: a full disk, an
I/O error — and an import on a full disk, which leaves the workspace as it was."""

from __future__ import annotations

import errno
import sqlite3

import peewee
from PySide6.QtWidgets import QWizard

from smeplanner.core import backups
from smeplanner.core.contacts import contacts
from smeplanner.core.models import Contact, db
from smeplanner.ui import app
from smeplanner.ui.dialogs import messages
from smeplanner.ui.dialogs.import_wizard import ImportWizard


def test_a_full_disk_and_an_io_error_are_explained():
    assert app.explain_failure(sqlite3.OperationalError("database or disk is full")) \
        .startswith("The disk is full: the change was not saved")
    assert app.explain_failure(peewee.OperationalError("database or disk is full")) \
        .startswith("The disk is full")
    assert app.explain_failure(OSError(errno.ENOSPC, "No space left on device")) \
        .startswith("The disk is full")
    assert app.explain_failure(sqlite3.OperationalError("disk I/O error")) \
        .startswith("The disk reported an error")
    assert app.explain_failure(RuntimeError("boom")).startswith("Something went wrong")


def test_an_error_nothing_caught_is_shown_to_the_user(monkeypatch, capsys):
    shown = []
    monkeypatch.setattr(messages, "show_critical", lambda *args: shown.append(args))
    error = sqlite3.OperationalError("database or disk is full")
    app.report_unexpected(type(error), error, None)
    (_parent, _title, text, details), = shown
    assert text.startswith("The disk is full")
    assert details == "OperationalError: database or disk is full"
    assert "database or disk is full" in capsys.readouterr().err  # still printed


def test_an_import_on_a_full_disk_says_so_and_imports_nothing(qtbot, workspace, tmp_path,
                                                               monkeypatch):
    contacts.create(first_name="Anna", email="anna@example.com")
    path = tmp_path / "many.csv"
    rows = "".join(f"P{n},Person,p{n}@example.com,{'x' * 3000}\n" for n in range(2000))
    path.write_text("First Name,Last Name,E-mail Address,Notes\n" + rows, encoding="utf-8")
    wizard = ImportWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path_edit.setText(str(path))
    wizard.button(QWizard.WizardButton.NextButton).click()
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: wizard.check_page.plan is not None, timeout=10_000)
    (pages,) = db.execute_sql("PRAGMA page_count").fetchone()

    def fill_the_disk(reason: str) -> None:
        # Runs on the import's worker connection just before the import: the file may
        # hardly grow from now on.
        db.execute_sql(f"PRAGMA max_page_count = {pages + 2}")

    monkeypatch.setattr(backups, "back_up_open_workspace", fill_the_disk)
    wizard.button(QWizard.WizardButton.CommitButton).click()
    qtbot.waitUntil(lambda: wizard.run_page.error is not None, timeout=20_000)
    assert "nothing was imported" in wizard.run_page.status_label.text()
    assert "full" in wizard.run_page.status_label.text()
    assert [c.first_name for c in Contact.select()] == ["Anna"]
