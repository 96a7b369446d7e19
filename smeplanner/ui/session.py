"""The open workspace as the widgets see it: its preferences, search, and change notices."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from smeplanner.core import search, settings
from smeplanner.core.db import Workspace
from smeplanner.core.search import SearchHit

# Every kind of record a page may show, for telling them all that everything changed.
RECORD_KINDS = ("contact", "company", "deal", "campaign", "activity", "product", "tag",
                "pipeline_stage", "lost_reason", "goal", "lifecycle_change")


class Session(QObject):
    """One open workspace, handed by the composition root to the window and its pages.

    Signals:
        preferences_changed(): preferences were saved (currency, business name...).
        records_changed(str): records of that kind changed ("pipeline_stage", "deal"...).
    """

    preferences_changed = Signal()
    records_changed = Signal(str)

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._preferences: dict[str, Any] = settings.get_all()
        # One history for the whole window, so Ctrl+Z undoes the last edit wherever it was.
        self.undo_stack = QUndoStack(self)

    @property
    def path(self) -> Path:
        return self.workspace.path

    def preference(self, key: str) -> Any:
        return self._preferences[key]

    @property
    def currency(self) -> str:
        return str(self._preferences["currency"])

    @property
    def business_name(self) -> str:
        return str(self._preferences["business_name"])

    def save_preferences(self, values: dict[str, Any]) -> None:
        """Validate and store ``values`` all at once; raises ValidationError, storing nothing."""
        settings.update(values)
        self._preferences = settings.get_all()
        self.preferences_changed.emit()

    def search(self, text: str, limit: int = 40) -> dict[str, list[SearchHit]]:
        """Records matching ``text``, grouped by kind in display order."""
        return search.grouped(search.search(self.workspace.database, text, limit=limit))

    def workspace_replaced(self) -> None:
        """The whole workspace changed under the window (a restore): the undo history no
        longer applies, preferences are read again, and every page reloads."""
        self.undo_stack.clear()
        self._preferences = settings.get_all()
        self.preferences_changed.emit()
        for kind in RECORD_KINDS:
            self.records_changed.emit(kind)

    def notify_records_changed(self, kind: str) -> None:
        self.records_changed.emit(kind)

    def on_command_changed(self, kind: str, ids: list[int]) -> None:
        """The ``on_changed`` of undo commands: tell every page what changed."""
        self.records_changed.emit(kind)
