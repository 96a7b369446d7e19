"""Edit the pipeline stages: add, rename and set probabilities in place, reorder, delete."""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from smeplanner.ui.dialogs import messages
from smeplanner.ui.models.stage_table_model import StageTableModel
from smeplanner.ui.widgets.ordered_list_editor import OrderedListEditor

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


class PipelineStageEditor(OrderedListEditor):
    """The stages table and its buttons; each change is stored at once.

    Signals:
        stages_changed(): a stage was added, renamed, re-weighted, moved or deleted.
    """

    stages_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = StageTableModel(self)
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

        self.probability_spin = QSpinBox()
        self.probability_spin.setRange(0, 100)
        self.probability_spin.setSuffix(" %")
        self.probability_spin.setValue(50)
        self.probability_spin.setToolTip(self.tr("Probability of winning a deal in this stage"))
        self._build(placeholder=self.tr("New stage name"), add_text=self.tr("Add stage"),
                    add_extras=(self.probability_spin,))
        self.model.stages_changed.connect(self.stages_changed)
        self._connect_signals()

    def _fit_height(self) -> None:
        """Tall enough for every stage plus one spare row: no scrolling, no empty acre."""
        rows = max(self.model.rowCount(), 4) + 1
        self.view.setFixedHeight(self.view.horizontalHeader().sizeHint().height()
                                 + rows * self.view.verticalHeader().defaultSectionSize()
                                 + 2 * self.view.frameWidth())

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    def _add(self, name: str) -> int:
        return self.model.add_stage(name, self.probability_spin.value())

    def _confirm_delete(self, row: int) -> bool:
        return messages.confirm(
            self, self.tr("Delete stage"),
            self.tr("Delete the stage “{name}”?").format(name=self.model.stage(row).name),
            self.tr("Delete"))

    def _error_label(self, field: str) -> str:
        return QCoreApplication.translate("PipelineStageEditor",
                                          _FIELD_LABELS.get(field, field))

    def _error_title(self) -> str:
        return self.tr("Pipeline stages")
