"""Message boxes that always show their text as plain text (user data may contain '<')."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
         details: str = "") -> QMessageBox:
    # Imported here: the window shell imports this module, and Qt's namespace (~10 ms of
    # enums) need not load before the window's first paint.
    from PySide6.QtCore import Qt

    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setInformativeText(details)
    return box


def show_error(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """A refused action or a problem the user can fix: a warning with one OK button."""
    box = _box(parent, QMessageBox.Icon.Warning, title, text, details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def show_critical(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """Trouble that stops the app from going on (the workspace cannot be opened)."""
    box = _box(parent, QMessageBox.Icon.Critical, title, text, details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """Ask before a destructive action; ``action`` labels the button that goes ahead."""
    box = _box(parent, QMessageBox.Icon.Question, title, text)
    go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is go


def ask_save(parent: QWidget | None, title: str, text: str) -> str:
    """Unsaved changes: "save", "discard" or "cancel" (Escape, or closing the box)."""
    box = _box(parent, QMessageBox.Icon.Question, title, text)
    box.setStandardButtons(QMessageBox.StandardButton.Save
                           | QMessageBox.StandardButton.Discard
                           | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    answer = box.exec()
    return {QMessageBox.StandardButton.Save: "save",
            QMessageBox.StandardButton.Discard: "discard"}.get(
        QMessageBox.StandardButton(answer), "cancel")
