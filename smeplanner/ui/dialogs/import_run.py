"""The import wizard's last step: the import itself on a worker thread, with progress and
Cancel (honoured between batches; nothing is written then), reporting back to the wizard."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget, QWizard, QWizardPage

from smeplanner.core import backups
from smeplanner.core.bulk import BulkResult
from smeplanner.core.contact_io.importer import ImportCancelled, ImportPlan, run_import
from smeplanner.core.db import in_own_connection

if TYPE_CHECKING:
    from smeplanner.ui.dialogs.import_wizard import ImportWizard


class ImportJob(QObject, QRunnable):
    """Runs the import on a pool thread with its own connection; progress and the end come
    back to the GUI thread as queued signals. ``cancel()`` is honoured between batches."""

    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, plan: ImportPlan, label: str) -> None:
        QObject.__init__(self)
        QRunnable.__init__(self)
        self.setAutoDelete(False)
        self.plan = plan
        self._label = label
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self._cancel.is_set()

    def _back_up_and_import(self) -> BulkResult:
        # A backup first, so even an import the user regrets after closing can be undone.
        backups.back_up_open_workspace("before-import")
        return run_import(self.plan, batch_label=self._label, progress=self._progress)

    def run(self) -> None:
        try:
            result = in_own_connection(self._back_up_and_import)
        except Exception as error:
            self.failed.emit(error)
        else:
            self.finished.emit(result)


class RunPage(QWizardPage):
    """The import itself, in the background: a progress bar; Cancel leaves the workspace
    exactly as it was."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Importing"))
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        self.progress = QProgressBar()
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        self.job: ImportJob | None = None
        self.result: BulkResult | None = None
        self.error: Exception | None = None

    def initializePage(self) -> None:
        wizard: ImportWizard = self.wizard()  # type: ignore[assignment]
        assert wizard.plan is not None
        self.result, self.error = None, None
        self.status_label.setText(self.tr("Importing {count} contacts…").format(
            count=f"{wizard.plan.created + wizard.plan.updated:,}"))
        self.progress.setRange(0, 0)
        self.job = ImportJob(wizard.plan, wizard.contact_file.path.name)
        self.job.progressed.connect(self._progressed)
        self.job.finished.connect(self._finished)
        self.job.failed.connect(self._failed)
        QThreadPool.globalInstance().start(self.job)
        wizard.button(QWizard.WizardButton.BackButton).setEnabled(False)

    @property
    def running(self) -> bool:
        return self.job is not None and self.result is None and self.error is None

    def cancel(self) -> None:
        if self.job is not None:
            self.status_label.setText(self.tr("Cancelling…"))
            self.job.cancel()

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _finished(self, result: BulkResult) -> None:
        self.result = result
        wizard: ImportWizard = self.wizard()  # type: ignore[assignment]
        self.status_label.setText(self.tr("Done: {summary}.").format(
            summary=wizard.plan.summary().replace("to create", "created")
            .replace("to update", "updated").replace("to skip", "skipped")))
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.completeChanged.emit()
        wizard.import_finished(result, self.job.plan)

    def _failed(self, error: Exception) -> None:
        self.error = error
        if isinstance(error, ImportCancelled):
            self.status_label.setText(self.tr("Cancelled: nothing was imported."))
        else:
            self.status_label.setText(self.tr("The import failed and nothing was imported: "
                                              "{error}").format(error=error))
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.completeChanged.emit()
        wizard: ImportWizard = self.wizard()  # type: ignore[assignment]
        wizard.import_failed(error)

    def isComplete(self) -> bool:
        return self.result is not None
