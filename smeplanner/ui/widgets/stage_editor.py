"""Edit the pipeline stages: add, rename and set probabilities in place, reorder, delete."""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smeplanner.ui.dialogs import messages
from smeplanner.ui.models.stage_table_model import StageTableModel

_FIELD_LABELS = {"name": "Stage name", "probability": "Probability",
                 "rotting_days": "Rotting after (days)", "stage": "Stage", "stages": "Stages",
                 "kind": "Kind"}


class SpinBoxDelegate(QStyledItemDelegate):
    """Edits a whole number in a range; ``special`` is shown for the minimum (e.g. "never")."""

    def __init__(self, minimum: int, maximum: int, *, suffix: str = "", special: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._range = (minimum, maximum)
        self._suffix = suffix
        self._special = special

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = QSpinBox(parent)
        editor.setRange(*self._range)
        editor.setSuffix(self._suffix)
        editor.setSpecialValueText(self._special)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        return editor


class PipelineStageEditor(QWidget):
    """The stages table and its buttons; each change is stored at once.

    Signals:
        stages_changed(): a stage was added, renamed, re-weighted, moved or deleted.
    """

    stages_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = StageTableModel(self)
        self._pending_error = ""
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.setShowGrid(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(StageTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        for column in (StageTableModel.PROBABILITY, StageTableModel.KIND,
                       StageTableModel.ROTTING):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            header.resizeSection(column, max(metrics.horizontalAdvance(title) + 28, 96))
        self.view.setItemDelegateForColumn(
            StageTableModel.PROBABILITY, SpinBoxDelegate(0, 100, suffix=" %", parent=self.view))
        self.view.setItemDelegateForColumn(
            StageTableModel.ROTTING,
            SpinBoxDelegate(0, 3650, special=self.tr("never"), parent=self.view))

        self.up_button = QPushButton(self.tr("Move up"))
        self.down_button = QPushButton(self.tr("Move down"))
        self.delete_button = QPushButton(self.tr("Delete…"))
        buttons = QVBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.up_button, self.down_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("New stage name"))
        self.probability_spin = QSpinBox()
        self.probability_spin.setRange(0, 100)
        self.probability_spin.setSuffix(" %")
        self.probability_spin.setValue(50)
        self.probability_spin.setToolTip(self.tr("Probability of winning a deal in this stage"))
        self.add_button = QPushButton(self.tr("Add stage"))
        adder = QHBoxLayout()
        adder.setContentsMargins(0, 0, 0, 0)
        adder.addWidget(self.name_edit, 1)
        adder.addWidget(self.probability_spin)
        adder.addWidget(self.add_button)

        table_row = QHBoxLayout()
        table_row.setContentsMargins(0, 0, 0, 0)
        table_row.addWidget(self.view, 1)
        table_row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(table_row, 1)
        layout.addLayout(adder)

        self.up_button.clicked.connect(self._on_up_button_clicked)
        self.down_button.clicked.connect(self._on_down_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.name_edit.returnPressed.connect(self._on_add_button_clicked)
        self.name_edit.textChanged.connect(self._update_buttons)
        self.model.error_occurred.connect(self._on_model_error_occurred)
        self.model.stages_changed.connect(self.stages_changed)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._fit_height)
        self._update_buttons()
        self._fit_height()

    def _fit_height(self) -> None:
        """Tall enough for every stage plus one spare row: no scrolling, no empty acre."""
        rows = max(self.model.rowCount(), 4) + 1
        self.view.setFixedHeight(self.view.horizontalHeader().sizeHint().height()
                                 + rows * self.view.verticalHeader().defaultSectionSize()
                                 + 2 * self.view.frameWidth())

    def current_row(self) -> int:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

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

    def _on_up_button_clicked(self) -> None:
        self._move(-1)

    def _on_down_button_clicked(self) -> None:
        self._move(1)

    def _on_delete_button_clicked(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        name = self.model.stage(row).name
        if messages.confirm(self, self.tr("Delete stage"),
                            self.tr("Delete the stage “{name}”?").format(name=name),
                            self.tr("Delete")):
            self.model.delete(row)
            self.select_row(min(row, self.model.rowCount() - 1))

    def _on_add_button_clicked(self) -> None:
        name = self.name_edit.text().strip()
        if not name:
            return
        row = self.model.add_stage(name, self.probability_spin.value())
        if row >= 0:
            self.name_edit.clear()
            self.select_row(row)

    def _on_model_error_occurred(self, field: str, message: str) -> None:
        label = QCoreApplication.translate("PipelineStageEditor",
                                           _FIELD_LABELS.get(field, field))
        self._pending_error = f"{label}: {message}"
        # An in-place edit is committed from inside the delegate, which commits again when
        # its editor loses focus: a modal box opened right now would be asked twice.
        QTimer.singleShot(0, self._show_pending_error)

    def _show_pending_error(self) -> None:
        text, self._pending_error = self._pending_error, ""
        if text:
            messages.show_error(self, self.tr("Pipeline stages"), text)
