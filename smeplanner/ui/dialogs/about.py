"""Help › About: the app's name, version and what it runs on."""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import QCoreApplication, qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from smeplanner import APP_NAME, __version__


def _tr(text: str) -> str:
    return QCoreApplication.translate("AboutDialog", text)


def about_text() -> str:
    """The dialog's text (rich text of our own; no user data in it)."""
    description = _tr("Campaign calendar, contact list and deal tracker in one offline "
                      "workspace, for the owner-manager who sells and markets alone.")
    runs_on = _tr("Python {python} · PySide6 {pyside} · Qt {qt}").format(
        python=platform.python_version(), pyside=PySide6.__version__, qt=qVersion())
    return (f"<h3>{APP_NAME} {__version__}</h3>"
            f"<p>{description}</p>"
            f"<p><small>{runs_on}</small></p>")


class AboutDialog:
    """The About box (Qt's standard one, which also shows the window icon)."""

    @classmethod
    def ask(cls, parent: QWidget | None) -> None:
        QMessageBox.about(parent, _tr("About {app}").format(app=APP_NAME), about_text())
