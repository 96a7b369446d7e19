"""The File menu's import and export: the import wizard (one undo step per import) and every
export, written in the background and reported on the status bar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu

from smeplanner.ui import state
from smeplanner.ui.dialogs import messages

if TYPE_CHECKING:  # the database layer loads after the window's first paint
    from smeplanner.core.bulk import BulkResult
    from smeplanner.core.contact_io.importer import ImportPlan
    from smeplanner.ui.session import Session

_DIR_KEY = "dialogs/export/folder"


# (menu text, kind, format, interchange, file suffix, file filter); the format
# "vcard-folder" writes a vCard per contact into a chosen folder.
_EXPORTS = (
    ("Contacts (CSV for spreadsheets)…", "contacts", "csv", False, "csv", "CSV file (*.csv)"),
    ("Contacts (CSV for re-import)…", "contacts", "csv", True, "csv", "CSV file (*.csv)"),
    ("Contacts (vCard, one file)…", "contacts", "vcard", False, "vcf", "vCard file (*.vcf)"),
    ("Contacts (vCard, a file per contact)…", "contacts", "vcard-folder", False, "", ""),
    ("Companies (CSV)…", "companies", "csv", False, "csv", "CSV file (*.csv)"),
    ("Deals (CSV)…", "deals", "csv", False, "csv", "CSV file (*.csv)"),
    ("Campaigns (CSV)…", "campaigns", "csv", False, "csv", "CSV file (*.csv)"),
    ("Calendar (iCalendar)…", "calendar", "ics", False, "ics", "iCalendar file (*.ics)"),
)


class FileActions(QObject):
    """Adds "Import contacts…", the Export menu and the backup actions to ``menu`` of
    ``window``, above ``before`` (else at the end)."""

    def __init__(self, window: QMainWindow, menu: QMenu,
                 session: Callable[[], Session | None],
                 campaign: Callable[[], int | None],
                 before: QAction | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._session = session
        self._campaign = campaign
        self.wizard = None
        self.import_action = QAction(self.tr("&Import contacts…"), window)
        self.import_action.setToolTip(self.tr("Contacts from Google, Outlook, a phone or a "
                                              "spreadsheet (CSV or vCard)"))
        self.import_action.triggered.connect(self.open_import_wizard)
        menu.insertSeparator(before)
        menu.insertAction(before, self.import_action)
        self.export_menu = QMenu(self.tr("&Export"), menu)
        menu.insertMenu(before, self.export_menu)
        self.export_actions: dict[tuple[str, str, bool], QAction] = {}
        for text, kind, fmt, interchange, suffix, filters in _EXPORTS:
            action = self.export_menu.addAction(self.tr(text))
            action.triggered.connect(
                lambda _=False, k=kind, f=fmt, i=interchange, s=suffix, flt=filters:
                self._ask_export(k, f, i, s, flt))
            self.export_actions[(kind, fmt, interchange)] = action
        self.export_menu.addSeparator()
        self.audience_action = self.export_menu.addAction(
            self.tr("Campaign audience (CSV for a mailing tool)…"))
        self.audience_action.setToolTip(self.tr("The selected campaign's consenting contacts"))
        self.audience_action.triggered.connect(self._ask_audience)
        self.export_menu.aboutToShow.connect(
            lambda: self.audience_action.setEnabled(self._campaign() is not None))
        menu.insertSeparator(before)
        self.backup_action = QAction(self.tr("&Back up now…"), window)
        self.backup_action.setToolTip(self.tr("A copy of the whole workspace, to any folder "
                                              "(a USB stick)"))
        self.backup_action.triggered.connect(self._ask_backup)
        menu.insertAction(before, self.backup_action)
        self.restore_action = QAction(self.tr("&Restore from a backup…"), window)
        self.restore_action.triggered.connect(self.open_restore_dialog)
        menu.insertAction(before, self.restore_action)
        self.restore_dialog = None
        self._progress = None

    # --- import -------------------------------------------------------------------------------

    def open_import_wizard(self) -> None:
        from smeplanner.ui.dialogs.import_wizard import ImportWizard

        if self._session() is None:
            return
        self.wizard = ImportWizard(self._window)
        self.wizard.imported.connect(self._imported)
        self.wizard.finished.connect(self.wizard.deleteLater)
        self.wizard.open()

    def _imported(self, result: BulkResult, plan: ImportPlan) -> None:
        from smeplanner.ui.import_commands import ImportContactsCommand

        session = self._session()
        if session is None:
            return
        label = self.wizard.contact_file.path.name if self.wizard is not None else "a file"
        command = ImportContactsCommand(plan, result, label,
                                        on_changed=session.on_command_changed,
                                        on_error=self._undo_failed)
        session.undo_stack.push(command)
        for kind in ("contact", "company", "tag"):
            session.notify_records_changed(kind)
        self._window.statusBar().showMessage(
            self.tr("Imported {count} contacts from {file}").format(
                count=f"{plan.created + plan.updated:,}", file=label), 8000)

    def _undo_failed(self, error: Exception) -> None:
        messages.show_error(self._window, self.tr("Import"),
                            self.tr("The import could not be undone."), str(error))

    # --- backup and restore -------------------------------------------------------------------

    def _ask_backup(self) -> None:
        session = self._session()
        if session is None:
            return
        start = Path(state.load_text(_DIR_KEY, str(Path.home())))
        name = f"{session.path.stem}-{datetime.now():%Y-%m-%d}.sqlite"
        chosen, _filter = QFileDialog.getSaveFileName(
            self._window, self.tr("Back up now"), str(start / name),
            self.tr("Workspace backup (*.sqlite)"))
        if chosen:
            path = Path(chosen)
            state.save_value(_DIR_KEY, str(path.parent))
            self.back_up(path)

    def back_up(self, path: Path | None = None) -> None:
        """Back the workspace up to ``path`` (or its backup folder) in the background."""
        from smeplanner.core import backups
        from smeplanner.ui.worker import run_in_background

        bar = self._window.statusBar()
        bar.showMessage(self.tr("Backing up…"))
        run_in_background(
            lambda: backups.back_up_open_workspace("manual", path),
            lambda written: bar.showMessage(self.tr("Backed up to {file}").format(
                file=written), 10000),
            lambda error: self._export_failed(path or Path("backups"), error), self)

    def open_restore_dialog(self) -> None:
        from smeplanner.ui.dialogs.restore_dialog import RestoreDialog

        session = self._session()
        if session is None:
            return
        self.restore_dialog = RestoreDialog(session.path, self._window)
        self.restore_dialog.accepted.connect(
            lambda: self.restore(self.restore_dialog.chosen))
        self.restore_dialog.open()

    def restore(self, backup: Path | None) -> None:
        """Restore ``backup`` in the background behind a busy dialog; every page reloads."""
        from PySide6.QtWidgets import QLabel, QProgressDialog

        from smeplanner.core import backups
        from smeplanner.ui.worker import run_in_background

        session = self._session()
        if backup is None or session is None:
            return
        self._progress = QProgressDialog(self._window)
        label = QLabel(self.tr("Restoring {file}…").format(file=backup.name))
        label.setTextFormat(Qt.TextFormat.PlainText)  # a file name is not markup
        self._progress.setLabel(label)
        self._progress.setRange(0, 0)
        self._progress.setCancelButton(None)
        self._progress.setWindowModality(Qt.WindowModality.WindowModal)
        self._progress.setMinimumDuration(0)
        self._progress.show()
        run_in_background(lambda: backups.restore_open_workspace(backup),
                          lambda safety: self._restored(backup, safety),
                          self._restore_failed, self)

    def _restored(self, backup: Path, safety: Path) -> None:
        self._progress.close()
        session = self._session()
        if session is not None:
            session.workspace_replaced()
        self._window.statusBar().showMessage(
            self.tr("Restored {file}; the workspace as it was is saved as {safety}").format(
                file=backup.name, safety=safety.name), 15000)

    def _restore_failed(self, error: Exception) -> None:
        self._progress.close()
        messages.show_error(self._window, self.tr("Restore"),
                            self.tr("The backup was not restored; the workspace is unchanged."),
                            str(error))

    # --- export -------------------------------------------------------------------------------

    def _ask_export(self, kind: str, fmt: str, interchange: bool, suffix: str,
                    filters: str) -> None:
        start = Path(state.load_text(_DIR_KEY, str(Path.home())))
        if fmt == "vcard-folder":
            folder = QFileDialog.getExistingDirectory(self._window, self.tr("Export to folder"),
                                                      str(start))
            if folder:
                state.save_value(_DIR_KEY, folder)
                self.export(kind, fmt, Path(folder), interchange)
            return
        chosen, _filter = QFileDialog.getSaveFileName(
            self._window, self.tr("Export"), str(start / f"{kind}.{suffix}"), self.tr(filters))
        if chosen:
            path = Path(chosen)
            if path.suffix.lower() != f".{suffix}":
                path = path.with_name(f"{path.name}.{suffix}")
            state.save_value(_DIR_KEY, str(path.parent))
            self.export(kind, fmt, path, interchange)

    def export(self, kind: str, fmt: str, path: Path, interchange: bool = False) -> None:
        """Write the export in the background; the status bar says when it is saved."""
        from smeplanner.core.contact_io import exports

        if fmt == "vcard-folder":
            def work() -> int:
                return exports.export_contacts_vcard(path, one_file_per_contact=True)
        else:
            def work() -> int:
                return exports.write_export(kind, fmt, path, interchange=interchange)
        self._run(work, path)

    def _ask_audience(self) -> None:
        campaign_id = self._campaign()
        if campaign_id is None:
            return
        start = Path(state.load_text(_DIR_KEY, str(Path.home())))
        chosen, _filter = QFileDialog.getSaveFileName(
            self._window, self.tr("Export audience"), str(start / "audience.csv"),
            self.tr("CSV file (*.csv)"))
        if chosen:
            path = Path(chosen)
            state.save_value(_DIR_KEY, str(path.parent))
            self.export_audience(campaign_id, path)

    def export_audience(self, campaign_id: int, path: Path) -> None:
        from smeplanner.core.contact_io import exports

        self._run(lambda: exports.export_audience_csv(campaign_id, path), path)

    def _run(self, work: Callable[[], int], path: Path) -> None:
        from smeplanner.ui.worker import run_in_background

        bar = self._window.statusBar()
        bar.showMessage(self.tr("Writing {file}…").format(file=path.name))
        run_in_background(
            work,
            lambda count: bar.showMessage(self.tr("Saved {count} records to {file}").format(
                count=f"{count:,}", file=path.name), 8000),
            lambda error: self._export_failed(path, error), self)

    def _export_failed(self, path: Path, error: Exception) -> None:
        self._window.statusBar().clearMessage()
        messages.show_error(self._window, self.tr("Export"),
                            self.tr("{file} could not be written.").format(file=path.name),
                            str(error))
