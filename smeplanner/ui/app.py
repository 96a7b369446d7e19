"""The composition root: the QApplication, the workspace, the first-run choice, the window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from smeplanner import APP_ID, APP_NAME, ORG_NAME, __version__
from smeplanner.core.db import Workspace, open_workspace
from smeplanner.core.errors import SMEPlannerError, WorkspaceError
from smeplanner.ui.dialogs import messages
from smeplanner.ui.dialogs.first_run import FirstRunDialog
from smeplanner.ui.icons import icon
from smeplanner.ui.main_window import MainWindow
from smeplanner.ui.pages import PAGES
from smeplanner.ui.session import Session

EXIT_WORKSPACE = 2
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
    """The window over an open workspace, not yet shown (for the app, tests and benchmarks)."""
    session = Session(workspace)
    window = MainWindow(session, PAGES)
    session.setParent(window)
    return window


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
    choice = FirstRunDialog.ask(parent)
    if choice == "demo":
        try:
            load_demo(workspace, parent)
        except (SMEPlannerError, ValueError) as error:
            messages.show_error(parent, APP_NAME, _tr("The demo business could not be built."),
                                str(error))
    return choice


def show_workspace_error(error: WorkspaceError, parent: QWidget | None = None) -> None:
    details = str(error)
    if str(error.path) not in details:
        details += "\n" + _tr("File: {path}").format(path=error.path)
    messages.show_critical(parent, APP_NAME, _tr("The workspace cannot be opened."), details)


def run_gui(db_path: str | None, argv: list[str]) -> int:
    """Open the workspace at ``db_path`` (or the default) in the main window until it closes."""
    app = create_application(argv)
    try:
        workspace = open_workspace(db_path)
    except WorkspaceError as error:
        show_workspace_error(error)
        return EXIT_WORKSPACE
    try:
        if workspace.created:
            first_run(workspace)
        window = build_main_window(workspace)
        window.show()
        return app.exec()
    finally:
        workspace.close()
