"""The composition root: the QApplication, the workspace, the first-run choice, the window.

Start-up order: find and lock the workspace file (standard library only), show the window,
and only then import the database layer, open the workspace and fill the window — so the
window appears at once even when opening the file takes a while. The modules the first
paint needs leave out what it does not show: the ``Qt`` namespace (about a hundred enums,
~10 ms to load) is imported where it is used after that.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThreadPool, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from smeplanner import APP_ID, APP_NAME, ORG_NAME, __version__
from smeplanner.core.errors import SMEPlannerError, WorkspaceError
from smeplanner.core.lock import WorkspaceLock
from smeplanner.core.paths import prepare_folder, resolve_workspace_path
from smeplanner.ui.dialogs import messages
from smeplanner.ui.icons import icon
from smeplanner.ui.main_window import MainWindow
from smeplanner.ui.pages import PAGES

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog

    from smeplanner.core.db import Workspace

EXIT_WORKSPACE = 2
EXIT_UNEXPECTED = 3
REMINDERS_DELAY_MS = 1500
# The daily backup and the check of a large file wait until the window has settled.
MAINTENANCE_DELAY_MS = 3000
DEMO_SCALE = 1.0  # about 500 contacts: a believable small business, built in about a second


def _tr(text: str) -> str:
    return QCoreApplication.translate("App", text)


def create_application(argv: list[str]) -> QApplication:
    """The QApplication with the names QSettings and the desktop need (reused if it exists)."""
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv)
    QGuiApplication.setDesktopFileName(APP_ID)
    QGuiApplication.setWindowIcon(icon("app"))
    return app  # type: ignore[return-value]


def build_main_window(workspace: Workspace) -> MainWindow:
    """The window over an open workspace, not yet shown (for tests and scripts)."""
    window = MainWindow(PAGES)
    attach_workspace(window, workspace)
    return window


def attach_workspace(window: MainWindow, workspace: Workspace) -> None:
    from smeplanner.ui.session import Session  # the database layer comes with it

    session = Session(workspace)
    session.setParent(window)
    window.attach(session)


def _progress_callback(dialog: QProgressDialog) -> Callable[[str, float], None]:
    """Show the loader's ``(stage, fraction done)`` reports and keep the window painting."""

    def report(stage: str, fraction: float) -> None:
        dialog.setLabelText(QCoreApplication.translate("demo", stage))
        dialog.setValue(max(0, min(100, round(100 * fraction))))
        QCoreApplication.processEvents()

    return report


def load_demo(workspace: Workspace, parent: QWidget | None = None, *,
              scale: float | None = None, seed: int = 1) -> dict[str, int]:
    """Fill ``workspace`` with the demo business, showing progress (about a second at scale 1)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QProgressDialog

    from smeplanner.core import demo  # only needed on a first run

    dialog = QProgressDialog(_tr("Building the demo business…"), "", 0, 100, parent)
    dialog.setWindowTitle(APP_NAME)
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setValue(0)
    try:
        return demo.build_demo(workspace.database, scale=scale or DEMO_SCALE, seed=seed,
                               progress=_progress_callback(dialog))
    finally:
        dialog.setValue(100)
        dialog.close()
        dialog.deleteLater()


def first_run(workspace: Workspace, parent: QWidget | None = None) -> str | None:
    """Ask a new workspace's owner how to start, and build the demo if asked."""
    from smeplanner.ui.dialogs.first_run import FirstRunDialog

    choice = FirstRunDialog.ask(parent)
    if choice == "demo":
        try:
            load_demo(workspace, parent)
        except (SMEPlannerError, ValueError) as error:
            messages.show_error(parent, APP_NAME, _tr("The demo business could not be built."),
                                str(error))
    return choice


def explain_failure(error: BaseException) -> str:
    """What to tell the user about an error nothing else caught. Every save is one
    transaction, so a failed one changed nothing."""
    text = str(error).lower()
    if "disk is full" in text or getattr(error, "errno", None) == 28:
        return _tr("The disk is full: the change was not saved and the workspace is as it "
                   "was. Free some space, then try again.")
    if "disk i/o error" in text or isinstance(error, OSError):
        return _tr("The disk reported an error: the change was not saved and the workspace is "
                   "as it was. Check the disk (or USB stick), then try again.")
    if "readonly" in text or "read-only" in text:
        return _tr("The workspace file cannot be written: the change was not saved.")
    return _tr("Something went wrong: the change was not saved and the workspace is as it "
               "was.")


def report_unexpected(kind: type[BaseException], error: BaseException, trace: object,
                      parent: QWidget | None = None) -> None:
    """sys.excepthook while the window runs: an error no code caught (a full disk during a
    save, a bug) is shown to the user instead of only printed."""
    sys.__excepthook__(kind, error, trace)  # type: ignore[arg-type]
    if issubclass(kind, KeyboardInterrupt):
        return
    messages.show_critical(parent, APP_NAME, explain_failure(error),
                           f"{kind.__name__}: {error}")


def offer_backup(error: WorkspaceError, parent: QWidget | None = None) -> bool:
    """For a damaged workspace with a good backup: ask whether to open a copy of the backup
    (the damaged file is kept as it is)."""
    backup = getattr(error, "backup", None)
    return messages.confirm(
        parent, APP_NAME,
        _tr("{problem}\n\nThe newest good backup is {backup}. Open a copy of it? The damaged "
            "file is kept as it is.").format(problem=error, backup=backup),
        _tr("Open the backup"))


def show_workspace_error(error: WorkspaceError, parent: QWidget | None = None) -> None:
    details = str(error)
    if str(error.path) not in details:
        details += "\n" + _tr("File: {path}").format(path=error.path)
    messages.show_critical(parent, APP_NAME, _tr("The workspace cannot be opened."), details)


class Startup(QObject):
    """Opens the workspace into the window once the window has painted itself, so the user
    sees it at once; ``workspace`` is set once that succeeded, ``exit_code`` if it failed."""

    # If no paint arrives (a minimised start), open the workspace anyway after this long.
    FALLBACK_MS = 500

    def __init__(self, path: Path, lock: WorkspaceLock, window: MainWindow) -> None:
        super().__init__(window)
        self.path = path
        self.lock = lock
        self.window = window
        self.workspace: Workspace | None = None
        self.exit_code: int | None = None
        self.damaged = False  # set when the background check finds damage
        # Known sound: checked before opening (small files) or by the background check
        # (large ones). Only a sound workspace is backed up on close: a damaged copy would
        # push good backups out of the rotation.
        self.sound = False
        self._scheduled = False
        window.installEventFilter(self)
        QTimer.singleShot(self.FALLBACK_MS, self._schedule_open)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._schedule_open()
        return False

    def _schedule_open(self) -> None:
        if not self._scheduled:
            self._scheduled = True
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self.open_workspace)

    def open_workspace(self) -> None:
        from smeplanner.core.db import QUICK_CHECK_MAX_BYTES, open_workspace

        try:
            self.workspace = open_workspace(self.path, lock=self.lock)
            self.sound = self.workspace.path.stat().st_size <= QUICK_CHECK_MAX_BYTES
            if self.workspace.created:
                first_run(self.workspace, self.window)
            attach_workspace(self.window, self.workspace)
            # Missed reminders are listed once the first page has painted.
            QTimer.singleShot(REMINDERS_DELAY_MS, self.window.start_reminders)
            QTimer.singleShot(MAINTENANCE_DELAY_MS, self.start_maintenance)
        except WorkspaceError as error:
            self._fail(error)
        except Exception as error:
            # An I/O error or a bug: without this the window would wait forever, empty.
            self.exit_code = EXIT_UNEXPECTED
            messages.show_critical(self.window, APP_NAME,
                                   _tr("The workspace could not be opened."),
                                   f"{self.path}\n{type(error).__name__}: {error}")
            self.window.close()

    def _fail(self, error: WorkspaceError) -> None:
        from smeplanner.core.errors import DamagedWorkspaceError

        if isinstance(error, DamagedWorkspaceError) and error.backup is not None \
                and offer_backup(error, self.window):
            self._open_copy_of(error.backup)
            return
        self.exit_code = EXIT_WORKSPACE
        show_workspace_error(error, self.window)
        # Closing the only window ends the event loop; run_gui then returns exit_code.
        self.window.close()

    def _open_copy_of(self, backup: Path) -> None:
        """Put a copy of ``backup`` where the damaged file was and open it; the damaged file
        (and its WAL) is kept beside it, renamed, never written to. The next start opens
        the recovered workspace from the usual place."""
        from smeplanner.core.backups import replace_damaged

        replace_damaged(self.path, backup)
        self.open_workspace()

    def start_maintenance(self) -> None:
        """In the background: for a file too large to check before opening, SQLite's
        quick_check; then, if the file is sound, the daily backup (when the last is a day
        old). A damaged file is never backed up: its copies would push good ones out."""
        from smeplanner.core import backups, db
        from smeplanner.ui.worker import run_in_background

        workspace = self.workspace
        if workspace is None:
            return
        large = workspace.path.stat().st_size > db.QUICK_CHECK_MAX_BYTES

        def work() -> str:
            check = db.quick_check(db.db) if large else "ok"
            if check == "ok":
                backups.back_up_if_due(db.db, workspace.path)
            return check

        run_in_background(work, self._maintained, self._maintenance_failed, self.window)

    def _maintained(self, check: str) -> None:
        self.sound = check == "ok"
        if check != "ok":
            self.damaged = True
            messages.show_critical(
                self.window, APP_NAME, _tr("The workspace is damaged."),
                _tr("SQLite reports: {problem}\nSave nothing more in it: restore the newest "
                    "backup with File ▸ Restore from a backup….").format(problem=check))

    def _maintenance_failed(self, error: Exception) -> None:
        self.window.statusBar().showMessage(
            _tr("The daily backup could not be written: {error}").format(error=error), 15000)

    def close(self) -> None:
        if self.workspace is not None:
            self._back_up_on_close()
            self.workspace.close()
        else:
            self.lock.release()

    def _back_up_on_close(self) -> None:
        from smeplanner.core import backups

        if self.damaged or not self.sound:
            return  # (a large file closed before its check ended: the earlier backups stay)
        try:
            backups.back_up(self.workspace.database, self.workspace.path, "close")
            backups.rotate(self.workspace.path)
        except Exception as error:  # a full disk must not stop the window from closing
            print(f"smeplanner: no backup on close: {error}", file=sys.stderr)


def start(db_path: str | None) -> Startup | int:
    """Lock the workspace, show the window and schedule the opening (``run_gui`` without
    the event loop, for the benchmark). Returns the exit code if the file is locked."""
    path = resolve_workspace_path(db_path)
    lock = WorkspaceLock(path)
    try:
        prepare_folder(path)
        lock.acquire()
    except WorkspaceError as error:
        # Refused before any window shows, and nothing in the file is touched.
        show_workspace_error(error)
        return EXIT_WORKSPACE
    startup = Startup(path, lock, MainWindow(PAGES))
    startup.window.show()
    return startup


def run_gui(db_path: str | None, argv: list[str]) -> int:
    """Open the workspace at ``db_path`` (or the default) in the main window until it closes."""
    app = create_application(argv)
    startup = start(db_path)
    if isinstance(startup, int):
        return startup
    sys.excepthook = lambda kind, error, trace: report_unexpected(kind, error, trace,
                                                                  startup.window)
    try:
        code = app.exec()
        return startup.exit_code if startup.exit_code is not None else code
    finally:
        # Backups and exports still being written finish before the workspace closes.
        QThreadPool.globalInstance().waitForDone()
        startup.close()
