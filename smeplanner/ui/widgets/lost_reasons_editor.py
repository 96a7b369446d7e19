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
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core import lost_reasons
from smeplanner.core.errors import NotFoundError, ValidationError
from smeplanner.core.lost_reasons import LostReasonInfo
from smeplanner.ui.dialogs import messages

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


class LostReasonsEditor(QWidget):
    """The reasons list and its buttons; each change is stored at once.

    Signals:
        reasons_changed(): a reason was added, renamed, moved or deleted.
    """

    reasons_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LostReasonListModel(self)
        self._pending_error = ""
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.setAlternatingRowColors(True)
        self.view.setUniformItemSizes(True)
        self.view.setItemDelegate(_RowDelegate(self.fontMetrics().height() + 14, self.view))

        self.rename_button = QPushButton(self.tr("Rename"))
        self.up_button = QPushButton(self.tr("Move up"))
        self.down_button = QPushButton(self.tr("Move down"))
        self.delete_button = QPushButton(self.tr("Delete…"))
        buttons = QVBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.rename_button, self.up_button, self.down_button,
                       self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("New reason, e.g. “Went with a cheaper "
                                                  "supplier”"))
        self.add_button = QPushButton(self.tr("Add reason"))
        adder = QHBoxLayout()
        adder.setContentsMargins(0, 0, 0, 0)
        adder.addWidget(self.name_edit, 1)
        adder.addWidget(self.add_button)

        list_row = QHBoxLayout()
        list_row.setContentsMargins(0, 0, 0, 0)
        list_row.addWidget(self.view, 1)
        list_row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(list_row, 1)
        layout.addLayout(adder)

        self.rename_button.clicked.connect(self._on_rename_button_clicked)
        self.up_button.clicked.connect(self._on_up_button_clicked)
        self.down_button.clicked.connect(self._on_down_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.name_edit.returnPressed.connect(self._on_add_button_clicked)
        self.name_edit.textChanged.connect(self._update_buttons)
        self.model.error_occurred.connect(self._on_model_error_occurred)
        self.model.reasons_changed.connect(self.reasons_changed)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._fit_height)
        self._update_buttons()
        self._fit_height()

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
        self.rename_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.model.rowCount() - 1)
        self.delete_button.setEnabled(row >= 0)
        self.add_button.setEnabled(bool(self.name_edit.text().strip()))

    def _move(self, delta: int) -> None:
        row = self.current_row()
        if row >= 0:
            self.select_row(self.model.move(row, delta))
            self._update_buttons()

    def _on_rename_button_clicked(self) -> None:
        row = self.current_row()
        if row >= 0:
            self.view.edit(self.model.index(row, 0))

    def _on_up_button_clicked(self) -> None:
        self._move(-1)

    def _on_down_button_clicked(self) -> None:
        self._move(1)

    def _on_delete_button_clicked(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        name = self.model.reason(row).name
        if messages.confirm(self, self.tr("Delete lost reason"),
                            self.tr("Delete the lost reason “{name}”? Deals already lost for "
                                    "this reason keep it.").format(name=name),
                            self.tr("Delete")):
            self.model.delete(row)
            self.select_row(min(row, self.model.rowCount() - 1))

    def _on_add_button_clicked(self) -> None:
        name = self.name_edit.text().strip()
        if not name:
            return
        row = self.model.add(name)
        if row >= 0:
            self.name_edit.clear()
            self.select_row(row)

    def _on_model_error_occurred(self, field: str, message: str) -> None:
        label = QCoreApplication.translate(_CONTEXT, _FIELD_LABELS.get(field, field))
        self._pending_error = f"{label}: {message}"
        # An in-place edit is committed from inside the delegate, which commits again when
        # its editor loses focus: a modal box opened right now would be asked twice.
        QTimer.singleShot(0, self._show_pending_error)

    def _show_pending_error(self) -> None:
        text, self._pending_error = self._pending_error, ""
        if text:
            messages.show_error(self, self.tr("Lost reasons"), text)
