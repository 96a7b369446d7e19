"""The import wizard driven as a user would: a Google CSV through columns, dry run and
import, then undo and redo; a vCard skips the columns page; an unreadable file is named;
Cancel leaves the workspace as it was."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QWizard

from smeplanner.core.contact_io.importer import ImportCancelled, plan_import
from smeplanner.core.contact_io.record import ImportedContact
from smeplanner.core.models import Company, Contact, Tag
from smeplanner.ui.dialogs.import_run import ImportJob
from smeplanner.ui.dialogs.import_wizard import ImportWizard
from smeplanner.ui.file_actions import FileActions

GOOGLE = ("\ufeffFirst Name,Middle Name,Last Name,Organization Name,Organization Title,Notes,"
          "Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\r\n"
          "Anna,,Schmidt,Acme GmbH,CEO,,* myContacts ::: VIP,* Work,anna@acme.de,Mobile,"
          "+49 171 1234567\r\n"
          "Bob,,Brown,Acme GmbH,,\"Line one\nLine two\",* myContacts,,bob@example.com,,\r\n"
          ",,,,,,,,,,\r\n"
          "Carl,,,,,,,,not-an-email,,\r\n"
          ",,,,,,,,,Mobile,+49 30 999999\r\n"
          "Bobby,,,,,,,,bob@example.com,,\r\n")
VCARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;Jane;;;\r\nFN:Jane Doe\r\n"
         "EMAIL;TYPE=INTERNET:jane@example.com\r\nORG:Doe Ltd\r\nEND:VCARD\r\n")


@pytest.fixture
def wizard(qtbot, workspace) -> ImportWizard:
    wizard = ImportWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def next_page(qtbot, wizard: ImportWizard, expected: int) -> None:
    wizard.button(QWizard.WizardButton.NextButton if expected != wizard.RUN
                  else QWizard.WizardButton.CommitButton).click()
    qtbot.waitUntil(lambda: wizard.currentId() == expected)


def test_a_google_csv_goes_through_columns_check_and_import(qtbot, wizard, tmp_path):
    path = tmp_path / "google.csv"
    path.write_bytes(GOOGLE.encode("utf-8"))
    wizard.file_page.path_edit.setText(str(path))
    next_page(qtbot, wizard, wizard.COLUMNS)
    columns = wizard.columns_page
    assert "Google" in columns.format_label.text()
    assert columns.encoding_combo.currentData() == "utf-8-sig"
    assert columns.delimiter_combo.currentData() == ","
    header = wizard.contact_file.header
    mapped = {header[column]: target for column, target in columns.mapping().items()}
    assert mapped["First Name"] == "first_name" and mapped["E-mail 1 - Value"] == "email"
    assert columns.preview.item(2, header.index("Notes")).text() == "Line one ⏎ Line two"

    next_page(qtbot, wizard, wizard.CHECK)
    check = wizard.check_page
    qtbot.waitUntil(lambda: check.plan is not None)
    assert check.summary_label.text() == ("google.csv: 3 to create, 0 to update, 2 to skip; "
                                          "1 new company.")
    check.skipped_only.setChecked(True)
    assert check.table.rowCount() == 2
    assert Contact.select().count() == 0  # the dry run wrote nothing

    imported = []
    wizard.imported.connect(lambda result, plan: imported.append(result))
    next_page(qtbot, wizard, wizard.RUN)
    qtbot.waitUntil(lambda: bool(imported), timeout=10_000)
    assert wizard.run_page.status_label.text().startswith("Done: 3 created")
    anna = Contact.get(Contact.email == "anna@acme.de")
    assert (anna.first_name, anna.mobile, anna.job_title) == ("Anna", "+49 171 1234567", "CEO")
    assert anna.company_id == Company.get(Company.name == "Acme GmbH").id
    assert Contact.get(Contact.email == "bob@example.com").notes == "Line one\nLine two"
    assert {tag.name for tag in Tag.select()} >= {"VIP"}


def test_a_vcard_skips_the_columns_page(qtbot, wizard, tmp_path):
    path = tmp_path / "jane.vcf"
    path.write_text(VCARD, encoding="utf-8")
    wizard.file_page.path_edit.setText(str(path))
    next_page(qtbot, wizard, wizard.CHECK)
    qtbot.waitUntil(lambda: wizard.check_page.plan is not None)
    assert wizard.check_page.plan.created == 1


def test_an_unreadable_file_is_named_and_the_wizard_stays(qtbot, wizard, tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    wizard.file_page.path_edit.setText(str(path))
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentId() == wizard.FILE
    assert wizard.file_page.error_label.text()
    wizard.file_page.path_edit.setText(str(tmp_path / "missing.csv"))
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert "missing.csv" in wizard.file_page.error_label.text()


def test_a_cancelled_import_writes_nothing(qtbot, workspace):
    plan = plan_import([ImportedContact(n, f"P{n}", emails=[f"p{n}@example.com"],
                                        company=f"Firm {n}") for n in range(1, 50)])
    job = ImportJob(plan, "people.csv")
    failures = []
    job.failed.connect(failures.append)
    job.cancel()
    QThreadPool.globalInstance().start(job)
    qtbot.waitUntil(lambda: bool(failures), timeout=10_000)
    assert isinstance(failures[0], ImportCancelled)
    assert Contact.select().count() == 0 and Company.select().count() == 0


def test_undo_and_redo_of_an_import_from_the_file_menu(qtbot, make_window, workspace, tmp_path):
    window = make_window(workspace)
    actions: FileActions = window.file_actions
    path = tmp_path / "google.csv"
    path.write_bytes(GOOGLE.encode("utf-8"))
    actions.open_import_wizard()
    wizard = actions.wizard
    wizard.file_page.path_edit.setText(str(path))
    next_page(qtbot, wizard, wizard.COLUMNS)
    next_page(qtbot, wizard, wizard.CHECK)
    qtbot.waitUntil(lambda: wizard.check_page.plan is not None)
    next_page(qtbot, wizard, wizard.RUN)
    stack = window.session.undo_stack
    qtbot.waitUntil(lambda: stack.count() == 1, timeout=10_000)
    assert stack.undoText() == "Import 3 contacts from google.csv"
    assert Contact.select().count() == 3
    window.undo_action.trigger()
    assert Contact.select().count() == 0 and Company.select().count() == 0
    window.redo_action.trigger()
    assert Contact.select().count() == 3


def test_text_from_the_file_is_shown_literally(qtbot, wizard, tmp_path):
    path = tmp_path / "html.csv"
    path.write_text("First Name,Last Name,E-mail Address\n<b>Bold</b>,A & B,x@example.com\n",
                    encoding="utf-8")
    wizard.file_page.path_edit.setText(str(path))
    next_page(qtbot, wizard, wizard.COLUMNS)
    assert wizard.columns_page.preview.item(1, 0).text() == "<b>Bold</b>"
    next_page(qtbot, wizard, wizard.CHECK)
    qtbot.waitUntil(lambda: wizard.check_page.plan is not None)
    name = wizard.check_page.table.item(0, 2)
    assert name.text() == "<b>Bold</b> A & B"
    # Escaped for the tooltip's rich text (spaces kept as non-breaking ones).
    assert name.toolTip().replace("\xa0", " ") == "<p>&lt;b&gt;Bold&lt;/b&gt; A &amp; B</p>"


def test_a_mapping_the_user_chose_is_used_for_the_next_file_like_it(qtbot, wizard, tmp_path):
    from smeplanner.core.contact_io.files import read_contact_file

    path = tmp_path / "shop.csv"
    path.write_text("Vorname;Nachname;Mail;Lieblingssorte\nAnna;Schmidt;a@example.com;"
                    "Mag Espresso\n", encoding="utf-8")
    assert 3 not in read_contact_file(path).mapping  # an unknown column: not imported
    wizard.file_page.path_edit.setText(str(path))
    next_page(qtbot, wizard, wizard.COLUMNS)
    combo = wizard.columns_page.mapping_combos[3]
    combo.setCurrentIndex(combo.findData("notes"))
    combo.activated.emit(combo.currentIndex())
    next_page(qtbot, wizard, wizard.CHECK)
    qtbot.waitUntil(lambda: wizard.check_page.plan is not None)
    done = []
    wizard.imported.connect(lambda *args: done.append(args))
    next_page(qtbot, wizard, wizard.RUN)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert Contact.get().notes == "Mag Espresso"
    again = read_contact_file(path)
    assert again.mapping[3] == "notes"


def test_a_dry_run_of_a_mapping_left_behind_is_never_imported(qtbot, wizard, tmp_path):
    path = tmp_path / "shop.csv"
    path.write_text("Vorname;Nachname;Mail;Lieblingssorte\nAnna;Schmidt;a@example.com;"
                    "Mokka\n", encoding="utf-8")
    wizard.file_page.path_edit.setText(str(path))
    next_page(qtbot, wizard, wizard.COLUMNS)
    next_page(qtbot, wizard, wizard.CHECK)
    first = wizard.check_page._generation
    wizard.back()  # before (or after) the first dry run reports
    combo = wizard.columns_page.mapping_combos[3]
    combo.setCurrentIndex(combo.findData("notes"))
    combo.activated.emit(combo.currentIndex())
    next_page(qtbot, wizard, wizard.CHECK)
    assert wizard.check_page._generation > first + 1
    qtbot.waitUntil(lambda: wizard.check_page.plan is not None)
    qtbot.wait(50)  # a late result of the first run must not replace this one
    done = []
    wizard.imported.connect(lambda result, plan: done.append(plan))
    next_page(qtbot, wizard, wizard.RUN)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert Contact.get().notes == "Mokka"
    assert done[0] is wizard.run_page.job.plan
