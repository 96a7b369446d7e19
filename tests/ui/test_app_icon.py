"""One icon everywhere: the application's (window, taskbar), the desktop entry's id, and the
About box all come from smeplanner/resources/icons/app.svg."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from smeplanner import APP_ID
from smeplanner.ui.app import create_application
from smeplanner.ui.dialogs.about import AboutDialog
from smeplanner.ui.icons import ICON_DIR


@pytest.fixture
def app_identity(qapp):
    """create_application renames the test's QApplication: put the names back after."""
    saved = (QCoreApplication.organizationName(), QCoreApplication.applicationName(),
             QCoreApplication.applicationVersion(), QGuiApplication.desktopFileName(),
             QGuiApplication.windowIcon())
    yield create_application(["smeplanner"])
    QCoreApplication.setOrganizationName(saved[0])
    QCoreApplication.setApplicationName(saved[1])
    QCoreApplication.setApplicationVersion(saved[2])
    QGuiApplication.setDesktopFileName(saved[3])
    QGuiApplication.setWindowIcon(saved[4])


def _same_picture(first, second) -> bool:
    size = 48
    return first.pixmap(size, size).toImage() == second.pixmap(size, size).toImage()


def test_application_icon_and_desktop_id(app_identity):
    assert QGuiApplication.desktopFileName() == APP_ID  # Wayland app id = the .desktop file
    app_svg = QIcon(str(ICON_DIR / "app.svg"))
    assert not app_svg.isNull()
    assert _same_picture(app_identity.windowIcon(), app_svg)
    window = QMainWindow()
    assert _same_picture(window.windowIcon(), app_svg)  # what the taskbar shows


def test_about_box_shows_the_app_icon(app_identity, qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    seen = {}

    def inspect() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, inspect)
            return
        seen["pixmap"] = box.iconPixmap()
        box.accept()

    QTimer.singleShot(0, inspect)
    AboutDialog.ask(window)
    pixmap = seen["pixmap"]
    expected = QIcon(str(ICON_DIR / "app.svg")).pixmap(pixmap.size())
    assert not pixmap.isNull()
    assert pixmap.toImage() == expected.toImage()
