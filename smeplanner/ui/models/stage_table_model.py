"""The pipeline stages as an editable table; every edit goes straight to ``core.pipeline``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from smeplanner.core import pipeline
from smeplanner.core.errors import NotFoundError, ValidationError
from smeplanner.core.pipeline import StageInfo
from smeplanner.ui.formatting import format_percent

Index = QModelIndex | QPersistentModelIndex

_CONTEXT = "StageTableModel"
_KIND_LABELS = {"open": QT_TRANSLATE_NOOP(_CONTEXT, "Open"),
                "won": QT_TRANSLATE_NOOP(_CONTEXT, "Won"),
                "lost": QT_TRANSLATE_NOOP(_CONTEXT, "Lost")}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class StageTableModel(QAbstractTableModel):
    """Stages in board order: name, probability, kind, rotting days.

    Name, probability and rotting days are edited in place; adding, moving and deleting are
    methods the editor calls. A refused change never raises out of the model.

    Signals:
        error_occurred(str, str): the core refused a change (field, message).
        stages_changed(): a change was stored.
    """

    NAME, PROBABILITY, KIND, ROTTING = range(4)
    HEADERS = (QT_TRANSLATE_NOOP(_CONTEXT, "Stage"),
               QT_TRANSLATE_NOOP(_CONTEXT, "Probability"),
               QT_TRANSLATE_NOOP(_CONTEXT, "Kind"),
               QT_TRANSLATE_NOOP(_CONTEXT, "Rotting after (days)"))
    SortRole = Qt.ItemDataRole.UserRole + 1
    ObjectRole = Qt.ItemDataRole.UserRole + 2  # the StageInfo of the row

    error_occurred = Signal(str, str)
    stages_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._stages: list[StageInfo] = pipeline.list_stages()

    def reload(self) -> None:
        self.beginResetModel()
        self._stages = pipeline.list_stages()
        self.endResetModel()

    def stage(self, row: int) -> StageInfo:
        return self._stages[row]

    def row_of_id(self, stage_id: int) -> int:
        return next((row for row, s in enumerate(self._stages) if s.id == stage_id), -1)

    # --- operations -----------------------------------------------------------------------

    def add_stage(self, name: str, probability: int) -> int:
        """Add an open stage; returns its row, or -1 (and ``error_occurred``) if refused."""
        try:
            info = pipeline.add_stage(name, probability)
        except ValidationError as error:
            self.error_occurred.emit(error.field, error.message)
            return -1
        self.reload()
        self.stages_changed.emit()
        return self.row_of_id(info.id)

    def move(self, row: int, delta: int) -> int:
        """Move the stage at ``row`` by ``delta`` places; returns its new row."""
        target = row + delta
        if not (0 <= row < len(self._stages) and 0 <= target < len(self._stages)) or not delta:
            return row
        ids = [s.id for s in self._stages]
        ids.insert(target, ids.pop(row))
        try:
            pipeline.reorder_stages(ids)
        except ValidationError as error:
            self.error_occurred.emit(error.field, error.message)
            return row
        low, high = min(row, target), max(row, target)
        destination = high + 1 if delta > 0 else low
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._stages = pipeline.list_stages()
        self.endMoveRows()
        self.stages_changed.emit()
        return target

    def delete(self, row: int) -> bool:
        try:
            pipeline.delete_stage(self._stages[row].id)
        except ValidationError as error:
            self.error_occurred.emit(error.field, error.message)
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        self._stages = pipeline.list_stages()
        self.endRemoveRows()
        self.stages_changed.emit()
        return True

    # --- Qt overrides -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._stages)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return _tr(self.HEADERS[section])
            if role == Qt.ItemDataRole.TextAlignmentRole:
                numeric = section in (self.PROBABILITY, self.ROTTING)
                return ((Qt.AlignmentFlag.AlignRight if numeric else Qt.AlignmentFlag.AlignLeft)
                        | Qt.AlignmentFlag.AlignVCenter)
            return None
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._stages):
            return None
        stage = self._stages[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (stage.name, format_percent(stage.probability), _tr(_KIND_LABELS[stage.kind]),
                    "" if stage.rotting_days is None else str(stage.rotting_days))[column]
        if role == Qt.ItemDataRole.EditRole:
            return (stage.name, stage.probability, stage.kind, stage.rotting_days or 0)[column]
        if role == self.SortRole:
            return (stage.name, stage.probability, stage.kind, stage.rotting_days)[column]
        if role == self.ObjectRole:
            return stage
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.PROBABILITY,
                                                                      self.ROTTING):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                 | Qt.ItemFlag.ItemNeverHasChildren)
        if index.column() != self.KIND:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() == self.KIND:
            return False
        stage = self._stages[index.row()]
        try:
            if index.column() == self.NAME:
                if str(value).strip() == stage.name:
                    return False
                info = pipeline.update_stage(stage.id, name=str(value))
            elif index.column() == self.PROBABILITY:
                info = pipeline.update_stage(stage.id, probability=int(value))
            else:
                days = int(value) if value not in (None, "") else 0
                info = pipeline.update_stage(stage.id, rotting_days=days or None)
        except (TypeError, ValueError) as error:
            field = ("name", "probability", "kind", "rotting_days")[index.column()]
            message = error.message if isinstance(error, ValidationError) else str(error)
            self.error_occurred.emit(getattr(error, "field", field), message)
            return False
        except NotFoundError:  # gone under the editor (a restore): show what there is
            self.reload()
            self.error_occurred.emit("name", "That stage is no longer there.")
            return False
        self._stages[index.row()] = info
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole,
                                             Qt.ItemDataRole.EditRole])
        self.stages_changed.emit()
        return True
