"""The contact import wizard: pick a file, check how its columns are read, see what the
import would do row by row, then import it in the background with a progress bar and
Cancel. The import itself is one transaction and one undo step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import Qt as GuiQt  # convertFromPlainText lives in QtGui's Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from smeplanner.core.bulk import BulkResult
from smeplanner.core.contact_io.files import ContactFile, read_contact_file, save_mapping
from smeplanner.core.contact_io.importer import (
    SKIP,
    ImportPlan,
    plan_import,
)
from smeplanner.core.contact_io.record import UnreadableFileError
from smeplanner.ui import state
from smeplanner.ui.dialogs.import_run import RunPage
from smeplanner.ui.worker import run_in_background

FORMAT_CHOICES = (("auto", "Decide from the file"), ("google-csv", "Google Contacts (CSV)"),
                  ("outlook-csv", "Outlook (CSV)"), ("csv", "Other CSV"), ("vcard", "vCard"))
ENCODINGS = (("utf-8-sig", "UTF-8"), ("utf-16", "UTF-16"), ("cp1252", "Windows (Western)"),
             ("latin-1", "ISO 8859-1"))
DELIMITERS = ((",", "Comma"), (";", "Semicolon"), ("\t", "Tab"))
TARGETS = (("", "— not imported —"), ("first_name", "First name"), ("last_name", "Last name"),
           ("full_name", "Full name"), ("prefix", "Name prefix"), ("suffix", "Name suffix"),
           ("email", "Email"), ("phone", "Phone"), ("mobile", "Mobile"),
           ("company", "Company"), ("job_title", "Job title"), ("address", "Street"),
           ("city", "City"), ("postcode", "Postcode"), ("region", "Region"),
           ("country", "Country"), ("notes", "Notes"), ("tags", "Tags"),
           ("lifecycle_stage", "Lifecycle stage"), ("website", "Website"))
PREVIEW_ROWS = 20
ACTION_LABELS = {"create": "Create", "update": "Update", "skip": "Skip"}
_DIR_KEY = "dialogs/import/folder"


def _plain_item(text: str) -> QTableWidgetItem:
    """A read-only cell; its tooltip shows the whole text (cut cells are common), escaped so
    that text from the file is never read as HTML."""
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if text:
        item.setToolTip(GuiQt.convertFromPlainText(text))
    return item


class FilePage(QWizardPage):
    """The file and its format."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Choose a contact file"))
        self.setSubTitle(self.tr("A CSV file from Google Contacts, Outlook, Thunderbird or a "
                                 "spreadsheet, or a vCard file from a phone or Apple Contacts."))
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName(self.tr("File"))
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.clicked.connect(self._browse)
        self.format_combo = QComboBox()
        self.format_combo.setAccessibleName(self.tr("Format"))
        for key, label in FORMAT_CHOICES:
            self.format_combo.addItem(self.tr(label), key)
        self.error_label = QLabel()
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e")
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        form = QFormLayout(self)
        form.addRow(self.tr("File:"), row)
        form.addRow(self.tr("Format:"), self.format_combo)
        form.addRow(self.error_label)
        self.path_edit.textChanged.connect(self.completeChanged)
        self.path_edit.textChanged.connect(lambda: self.error_label.clear())

    def _browse(self) -> None:
        start = state.load_text(_DIR_KEY, str(Path.home()))
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import contacts"), start,
            self.tr("Contact files (*.csv *.vcf *.vcard *.txt);;All files (*)"))
        if chosen:
            self.path_edit.setText(chosen)
            state.save_value(_DIR_KEY, str(Path(chosen).parent))

    def isComplete(self) -> bool:
        return bool(self.path_edit.text().strip())

    def validatePage(self) -> bool:
        wizard: ImportWizard = self.wizard()  # type: ignore[assignment]
        try:
            wizard.read(self.path_edit.text().strip(), self.format_combo.currentData())
        except UnreadableFileError as error:
            self.error_label.setText(str(error))
            return False
        return True


class ColumnsPage(QWizardPage):
    """How a CSV file is read: encoding, delimiter, and which column goes where, with the
    first rows as they would be read."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Check the columns"))
        self.setSubTitle(self.tr("Each column of the file goes into the field chosen above it. "
                                 "Your choices are remembered for files like this one."))
        self.format_label = QLabel()
        self.format_label.setTextFormat(Qt.TextFormat.PlainText)
        self.encoding_combo = QComboBox()
        self.encoding_combo.setAccessibleName(self.tr("Encoding"))
        for key, label in ENCODINGS:
            self.encoding_combo.addItem(self.tr(label), key)
        self.delimiter_combo = QComboBox()
        self.delimiter_combo.setAccessibleName(self.tr("Delimiter"))
        for key, label in DELIMITERS:
            self.delimiter_combo.addItem(self.tr(label), key)
        self.preview = QTableWidget()
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.mapping_combos: list[QComboBox] = []
        options = QHBoxLayout()
        options.addWidget(QLabel(self.tr("Encoding:")))
        options.addWidget(self.encoding_combo)
        options.addWidget(QLabel(self.tr("Delimiter:")))
        options.addWidget(self.delimiter_combo)
        options.addStretch(1)
        options.addWidget(self.format_label)
        layout = QVBoxLayout(self)
        layout.addLayout(options)
        layout.addWidget(self.preview, 1)
        self.encoding_combo.activated.connect(self._reread)
        self.delimiter_combo.activated.connect(self._reread)
        self._changed_by_user = False

    def initializePage(self) -> None:
        found = self._file()
        self._select(self.encoding_combo, found.sniff.encoding if found.sniff else "")
        self._select(self.delimiter_combo, found.sniff.delimiter if found.sniff else ",")
        self._show(found)

    def _file(self) -> ContactFile:
        wizard: ImportWizard = self.wizard()  # type: ignore[assignment]
        assert wizard.contact_file is not None
        return wizard.contact_file

    @staticmethod
    def _select(combo: QComboBox, key: str) -> None:
        index = combo.findData(key)
        if index < 0 and key == "utf-8":
            index = combo.findData("utf-8-sig")
        if index >= 0:
            combo.setCurrentIndex(index)

    def _reread(self) -> None:
        wizard: ImportWizard = self.wizard()  # type: ignore[assignment]
        found = self._file()
        try:
            wizard.read(str(found.path), "csv", encoding=self.encoding_combo.currentData(),
                        delimiter=self.delimiter_combo.currentData(), mapping=None)
        except UnreadableFileError as error:
            self.format_label.setText(str(error))
            return
        self._show(self._file())

    def _show(self, found: ContactFile) -> None:
        self.format_label.setText(self.tr("Read as: {format}").format(
            format=found.format_label))
        header = found.header
        self.preview.clear()
        self.preview.setColumnCount(len(header))
        self.preview.setRowCount(min(PREVIEW_ROWS, len(found.rows)) + 1)
        self.preview.setHorizontalHeaderLabels(header)
        self.mapping_combos = []
        for column in range(len(header)):
            combo = QComboBox()
            combo.setAccessibleName(self.tr("Field for column {name}").format(
                name=header[column]))
            for key, label in TARGETS:
                combo.addItem(self.tr(label), key)
            self._select(combo, found.mapping.get(column, ""))
            combo.activated.connect(self._mapping_changed)
            self.preview.setCellWidget(0, column, combo)
            self.mapping_combos.append(combo)
        self.preview.setVerticalHeaderLabels(
            [self.tr("Field"), *(str(n) for n in range(1, self.preview.rowCount()))])
        for row, values in enumerate(found.rows[:PREVIEW_ROWS], start=1):
            for column, value in enumerate(values[:len(header)]):
                self.preview.setItem(row, column, _plain_item(value.replace("\n", " ⏎ ")))
        self.preview.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)

    def mapping(self) -> dict[int, str]:
        return {column: combo.currentData() for column, combo in enumerate(self.mapping_combos)
                if combo.currentData()}

    def _mapping_changed(self) -> None:
        self._changed_by_user = True

    def validatePage(self) -> bool:
        wizard: ImportWizard = self.wizard()  # type: ignore[assignment]
        found = self._file()
        mapping = self.mapping()
        if mapping != found.mapping:
            try:
                wizard.read(str(found.path), "csv", encoding=self.encoding_combo.currentData(),
                            delimiter=self.delimiter_combo.currentData(), mapping=mapping)
            except UnreadableFileError as error:
                self.format_label.setText(str(error))
                return False
            wizard.save_mapping_on_import = self._changed_by_user
        return True


class CheckPage(QWizardPage):
    """The dry run: what would be created, updated and skipped, and why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Check what the import will do"))
        self.setSubTitle(self.tr("Nothing has been changed yet. Contacts are matched by email, "
                                 "then by phone; existing contacts only gain what they lack."))
        self.summary_label = QLabel(self.tr("Checking…"))
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label.setWordWrap(True)
        self.skipped_only = QCheckBox(self.tr("Show skipped rows only"))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Action"),
                                              self.tr("Name"), self.tr("Why")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.skipped_only)
        layout.addWidget(self.table, 1)
        self.skipped_only.toggled.connect(self._fill)
        self.plan: ImportPlan | None = None
        self._generation = 0

    def initializePage(self) -> None:
        wizard: ImportWizard = self.wizard()  # type: ignore[assignment]
        self.plan = None
        self.summary_label.setText(self.tr("Checking {count} rows…").format(
            count=f"{len(wizard.contact_file.contacts):,}"))
        self.table.setRowCount(0)
        self.completeChanged.emit()
        records = list(wizard.contact_file.contacts)
        self._generation += 1
        generation = self._generation
        run_in_background(lambda: plan_import(records),
                          lambda plan: self._planned(generation, plan),
                          lambda error: self._failed(generation, error), self)

    def cleanupPage(self) -> None:
        # Back to the columns: a dry run still running was for the old mapping.
        self._generation += 1
        self.plan = None
        super().cleanupPage()

    def _planned(self, generation: int, plan: ImportPlan) -> None:
        if generation != self._generation:
            return
        self.plan = plan
        wizard: ImportWizard = self.wizard()  # type: ignore[assignment]
        wizard.plan = plan
        self.summary_label.setText(self.tr("{file}: {summary}.").format(
            file=wizard.contact_file.path.name, summary=plan.summary()))
        self._fill()
        self.completeChanged.emit()

    def _failed(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        self.summary_label.setText(self.tr("The file could not be checked: {error}").format(
            error=error))

    def _fill(self) -> None:
        if self.plan is None:
            return
        rows = [row for row in self.plan.rows
                if not self.skipped_only.isChecked() or row.action == SKIP]
        self.table.setRowCount(len(rows))
        for n, row in enumerate(rows):
            why = "; ".join(part for part in (row.reason, *row.warnings) if part)
            for column, text in enumerate((str(row.source_row),
                                           self.tr(ACTION_LABELS[row.action]), row.name, why)):
                self.table.setItem(n, column, _plain_item(text))
        self.table.resizeColumnsToContents()

    def isComplete(self) -> bool:
        return self.plan is not None and (self.plan.created + self.plan.updated) > 0


class ImportWizard(QWizard):
    """Import contacts from a file.

    Signals:
        imported(object, object): the BulkResult and the plan, once the import is written.
    """

    imported = Signal(object, object)
    FILE, COLUMNS, CHECK, RUN = range(4)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import contacts"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.contact_file: ContactFile | None = None
        self.plan: ImportPlan | None = None
        self.save_mapping_on_import = False
        self.file_page = FilePage()
        self.columns_page = ColumnsPage()
        self.check_page = CheckPage()
        self.run_page = RunPage()
        for page_id, page in ((self.FILE, self.file_page), (self.COLUMNS, self.columns_page),
                              (self.CHECK, self.check_page), (self.RUN, self.run_page)):
            self.setPage(page_id, page)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Import"))
        self.check_page.setCommitPage(True)
        self.resize(820, 560)

    def read(self, path: str, format_key: str, **options: Any) -> ContactFile:
        self.contact_file = read_contact_file(path, format_key, **options)
        return self.contact_file

    def nextId(self) -> int:
        current = self.currentId()
        if current == self.FILE:
            is_csv = self.contact_file is not None and self.contact_file.format_key != "vcard"
            return self.COLUMNS if is_csv else self.CHECK
        return super().nextId()

    def import_finished(self, result: BulkResult, plan: ImportPlan) -> None:
        """The plan the job ran (not whatever the wizard holds by now) goes with its result,
        so that redo after undo imports exactly that again."""
        found = self.contact_file
        if self.save_mapping_on_import and found is not None and found.header:
            save_mapping(found.header, found.mapping)
        self.imported.emit(result, plan)

    def import_failed(self, error: Exception) -> None:
        self.button(QWizard.WizardButton.CancelButton).setText(self.tr("Close"))

    def reject(self) -> None:
        if self.currentId() == self.RUN and self.run_page.running:
            self.run_page.cancel()  # the job reports back; then the wizard can close
            return
        super().reject()
