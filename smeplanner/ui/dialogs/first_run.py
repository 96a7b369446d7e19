"""The first-run question: start with an empty workspace, or with a demo business."""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from smeplanner import APP_NAME

Choice = Literal["empty", "demo"]


class FirstRunDialog(QDialog):
    """Two choices as command-link buttons; Cancel (or closing) chooses neither."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice: Choice | None = None
        self.setWindowTitle(self.tr("Welcome to {app}").format(app=APP_NAME))
        self.setMinimumWidth(520)

        heading = QLabel(self.tr("Welcome to {app}").format(app=APP_NAME))
        heading.setTextFormat(Qt.TextFormat.PlainText)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        intro = QLabel(self.tr("This workspace is new. How would you like to start?"))
        intro.setWordWrap(True)

        self.empty_button = QCommandLinkButton(
            self.tr("Start with an empty workspace"),
            self.tr("Add your own contacts, deals and campaigns."))
        self.demo_button = QCommandLinkButton(
            self.tr("Explore a demo business"),
            self.tr("A made-up business with contacts, deals and campaigns, to see the app "
                    "at work. Keep your real data in a workspace of its own."))
        self.empty_button.clicked.connect(self._on_empty_clicked)
        self.demo_button.clicked.connect(self._on_demo_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addWidget(self.empty_button)
        layout.addWidget(self.demo_button)
        layout.addSpacing(6)
        layout.addWidget(buttons)
        self.empty_button.setFocus()

    def _on_empty_clicked(self) -> None:
        self.choice = "empty"
        self.accept()

    def _on_demo_clicked(self) -> None:
        self.choice = "demo"
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> Choice | None:
        """Show the dialog; "empty", "demo", or None when the user cancelled."""
        dialog = cls(parent)
        dialog.exec()
        return dialog.choice
