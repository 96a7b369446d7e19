"""An ordered list of named records edited in place: the pattern of the settings lists
(pipeline stages, lost reasons)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smeplanner.ui.dialogs import messages


class OrderedListEditor(QWidget):
    """A view of the records with Move up, Move down and Delete… beside it and a row to add
    one under it; each change is stored at once by the model.

    A subclass makes its ``model`` and ``view``, then calls :meth:`_build` and
    :meth:`_connect_signals`. The model
    stores every change itself: it has ``move(row, delta)`` (returning the new row),
    ``delete(row)`` and an ``error_occurred(field, message)`` signal for a change the core
    refused, shown here in a message box. The subclass says how a record is added
    (:meth:`_add`), asks before deleting (:meth:`_confirm_delete`), names a field in an error
    (:meth:`_error_label`), titles the error box (:meth:`_error_title`) and sizes the view
    (:meth:`_fit_height`).
    """

    model: Any  # a Qt item model with move(), delete() and error_occurred, as said above
    view: QAbstractItemView

    def _build(self, *, placeholder: str, add_text: str,
               first_buttons: Sequence[QPushButton] = (),
               add_extras: Sequence[QWidget] = ()) -> None:
        """The buttons, the add row and the layout around ``self.view``; ``first_buttons``
        go above Move up, ``add_extras`` between the name and the Add button."""
        self._pending_error = ""
        self.up_button = QPushButton(self.tr("Move up"))
        self.down_button = QPushButton(self.tr("Move down"))
        self.delete_button = QPushButton(self.tr("Delete…"))
        buttons = QVBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (*first_buttons, self.up_button, self.down_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(placeholder)
        self.add_button = QPushButton(add_text)
        adder = QHBoxLayout()
        adder.setContentsMargins(0, 0, 0, 0)
        adder.addWidget(self.name_edit, 1)
        for widget in add_extras:
            adder.addWidget(widget)
        adder.addWidget(self.add_button)

        view_row = QHBoxLayout()
        view_row.setContentsMargins(0, 0, 0, 0)
        view_row.addWidget(self.view, 1)
        view_row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(view_row, 1)
        layout.addLayout(adder)

    def _connect_signals(self) -> None:
        self.up_button.clicked.connect(self._on_up_button_clicked)
        self.down_button.clicked.connect(self._on_down_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.name_edit.returnPressed.connect(self._on_add_button_clicked)
        self.name_edit.textChanged.connect(self._update_buttons)
        self.model.error_occurred.connect(self._on_model_error_occurred)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._fit_height)
        self._update_buttons()
        self._fit_height()

    # --- for the subclass ----------------------------------------------------------------

    def _add(self, name: str) -> int:
        """Add a record named ``name``; its row, or -1 when the model refused it."""
        raise NotImplementedError

    def _confirm_delete(self, row: int) -> bool:
        raise NotImplementedError

    def _error_label(self, field: str) -> str:
        raise NotImplementedError

    def _error_title(self) -> str:
        raise NotImplementedError

    def _fit_height(self) -> None:
        raise NotImplementedError

    # --- rows ----------------------------------------------------------------------------

    def current_row(self) -> int:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row, 0)
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def _update_buttons(self) -> None:
        row = self.current_row()
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.model.rowCount() - 1)
        self.delete_button.setEnabled(row >= 0)
        self.add_button.setEnabled(bool(self.name_edit.text().strip()))

    def _move(self, delta: int) -> None:
        row = self.current_row()
        if row >= 0:
            self.select_row(self.model.move(row, delta))
            self._update_buttons()

    # --- slots ---------------------------------------------------------------------------

    def _on_up_button_clicked(self) -> None:
        self._move(-1)

    def _on_down_button_clicked(self) -> None:
        self._move(1)

    def _on_delete_button_clicked(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        if self._confirm_delete(row):
            self.model.delete(row)
            self.select_row(min(row, self.model.rowCount() - 1))

    def _on_add_button_clicked(self) -> None:
        name = self.name_edit.text().strip()
        if not name:
            return
        row = self._add(name)
        if row >= 0:
            self.name_edit.clear()
            self.select_row(row)

    def _on_model_error_occurred(self, field: str, message: str) -> None:
        self._pending_error = f"{self._error_label(field)}: {message}"
        # An in-place edit is committed from inside the delegate, which commits again when
        # its editor loses focus: a modal box opened right now would be asked twice.
        QTimer.singleShot(0, self._show_pending_error)

    def _show_pending_error(self) -> None:
        text, self._pending_error = self._pending_error, ""
        if text:
            messages.show_error(self, self._error_title(), text)
