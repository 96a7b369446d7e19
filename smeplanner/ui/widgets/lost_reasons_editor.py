"""Edit the list of reasons a deal is lost: add, rename in place, reorder, delete."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from smeplanner.core import lost_reasons
from smeplanner.core.errors import NotFoundError, ValidationError
from smeplanner.core.lost_reasons import LostReasonInfo
from smeplanner.ui.dialogs import messages
from smeplanner.ui.widgets.ordered_list_editor import OrderedListEditor

Index = QModelIndex | QPersistentModelIndex

_CONTEXT = "LostReasonsEditor"
_FIELD_LABELS = {"name": QT_TRANSLATE_NOOP(_CONTEXT, "Lost reason"),
                 "reasons": QT_TRANSLATE_NOOP(_CONTEXT, "Lost reasons")}


class _RowDelegate(QStyledItemDelegate):
    """Rows as tall as the pipeline stages table's, so the two lists on the tab match."""

    def __init__(self, height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._height = height

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), self._height))


class LostReasonListModel(QAbstractListModel):
    """The reasons in the user's order; names are edited in place, every change goes straight
    to ``core.lost_reasons``. A refused change never raises out of the model.

    Signals:
        error_occurred(str, str): the core refused a change (field, message).
        reasons_changed(): a change was stored.
    """

    ObjectRole = Qt.ItemDataRole.UserRole + 2  # the LostReasonInfo of the row

    error_occurred = Signal(str, str)
    reasons_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._reasons: list[LostReasonInfo] = lost_reasons.list_records()

    def reload(self) -> None:
        self.beginResetModel()
        self._reasons = lost_reasons.list_records()
        self.endResetModel()

    def reason(self, row: int) -> LostReasonInfo:
        return self._reasons[row]

    def row_of_id(self, reason_id: int) -> int:
        return next((row for row, r in enumerate(self._reasons) if r.id == reason_id), -1)

    # --- operations -----------------------------------------------------------------------

    def add(self, name: str) -> int:
        """Add a reason at the end; its row, or -1 (and ``error_occurred``) if refused."""
        try:
            reason_id = lost_reasons.add_reason(name)
        except ValidationError as error:
            self.error_occurred.emit(error.field, error.message)
            return -1
        row = len(self._reasons)
        self.beginInsertRows(QModelIndex(), row, row)
        self._reasons = lost_reasons.list_records()
        self.endInsertRows()
        self.reasons_changed.emit()
        return self.row_of_id(reason_id)

    def move(self, row: int, delta: int) -> int:
        """Move the reason at ``row`` by ``delta`` places; returns its new row."""
        target = row + delta
        if not (0 <= row < len(self._reasons) and 0 <= target < len(self._reasons)) or not delta:
            return row
        ids = [r.id for r in self._reasons]
        ids.insert(target, ids.pop(row))
        try:
            listed = lost_reasons.reorder_reasons(ids)
        except ValidationError as error:
            self.error_occurred.emit(error.field, error.message)
            return row
        destination = target + 1 if delta > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._reasons = listed
        self.endMoveRows()
        self.reasons_changed.emit()
        return target

    def delete(self, row: int) -> None:
        try:
            lost_reasons.delete_reason(self._reasons[row].id)
        except NotFoundError:  # deleted elsewhere meanwhile
            self.reload()
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        self._reasons = lost_reasons.list_records()
        self.endRemoveRows()
        self.reasons_changed.emit()

    # --- Qt overrides -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._reasons)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._reasons):
            return None
        reason = self._reasons[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return reason.name
        if role == self.ObjectRole:
            return reason
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemNeverHasChildren)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        reason = self._reasons[index.row()]
        if str(value).strip() == reason.name:
            return False
        try:
            lost_reasons.rename_reason(reason.id, str(value))
        except (ValidationError, NotFoundError) as error:
            self.error_occurred.emit(getattr(error, "field", "name"),
                                     getattr(error, "message", str(error)))
            return False
        self._reasons = lost_reasons.list_records()
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole,
                                             Qt.ItemDataRole.EditRole])
        self.reasons_changed.emit()
        return True


class LostReasonsEditor(OrderedListEditor):
    """The reasons list and its buttons; each change is stored at once.

    Signals:
        reasons_changed(): a reason was added, renamed, moved or deleted.
    """

    reasons_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LostReasonListModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.setAlternatingRowColors(True)
        self.view.setUniformItemSizes(True)
        self.view.setItemDelegate(_RowDelegate(self.fontMetrics().height() + 14, self.view))
        self.rename_button = QPushButton(self.tr("Rename"))
        self._build(placeholder=self.tr("New reason, e.g. “Went with a cheaper supplier”"),
                    add_text=self.tr("Add reason"), first_buttons=(self.rename_button,))
        self.rename_button.clicked.connect(self._on_rename_button_clicked)
        self.model.reasons_changed.connect(self.reasons_changed)
        self._connect_signals()

    def reload(self) -> None:
        """Re-read the reasons, keeping the selected one selected."""
        row = self.current_row()
        selected = self.model.reason(row).id if row >= 0 else None
        self.model.reload()
        if selected is not None:
            self.select_row(self.model.row_of_id(selected))

    def row_height(self) -> int:
        return self.fontMetrics().height() + 14

    def _fit_height(self) -> None:
        """Tall enough for every reason plus one spare row, like the stages table."""
        rows = max(self.model.rowCount(), 4) + 1
        self.view.setFixedHeight(rows * self.row_height() + 2 * self.view.frameWidth())

    def _update_buttons(self) -> None:
        super()._update_buttons()
        self.rename_button.setEnabled(self.current_row() >= 0)

    def _add(self, name: str) -> int:
        return self.model.add(name)

    def _confirm_delete(self, row: int) -> bool:
        return messages.confirm(
            self, self.tr("Delete lost reason"),
            self.tr("Delete the lost reason “{name}”? Deals already lost for this reason "
                    "keep it.").format(name=self.model.reason(row).name),
            self.tr("Delete"))

    def _error_label(self, field: str) -> str:
        return QCoreApplication.translate(_CONTEXT, _FIELD_LABELS.get(field, field))

    def _error_title(self) -> str:
        return self.tr("Lost reasons")

    def _on_rename_button_clicked(self) -> None:
        row = self.current_row()
        if row >= 0:
            self.view.edit(self.model.index(row, 0))
