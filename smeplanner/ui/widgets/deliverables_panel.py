"""A campaign's deliverables: the list, one-off and recurring additions, stages, deletes.

Every change goes through ``run(description, work)`` so that the page can make it undoable
(the default just calls ``work()``); ``run`` must let a ValidationError raised by ``work``
through, which the dialogs (:mod:`smeplanner.ui.dialogs.deliverable_editor`) then show
beside the field it names.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
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
from PySide6.QtGui import QPalette
from PySide6.QtGui import Qt as GuiQt  # convertFromPlainText lives in QtGui's Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core import deliverables
from smeplanner.core.campaigns import campaigns
from smeplanner.core.deliverables import DeliverableInfo
from smeplanner.core.errors import NotFoundError, ValidationError
from smeplanner.core.vocabulary import (
    DELIVERABLE_KIND_LABELS,
    DELIVERABLE_OWNER_LABELS,
    DELIVERABLE_STAGE_LABELS,
    DELIVERABLE_STAGES,
)
from smeplanner.ui.dialogs import messages
from smeplanner.ui.dialogs.deliverable_editor import (
    CONTEXT,
    DeliverableDialog,
    RecurringDialog,
    ask_delete,
    choice_combo,
    field_label,
)
from smeplanner.ui.formatting import format_date

Index = QModelIndex | QPersistentModelIndex
Run = Callable[[str, Callable[[], object]], None]

translate = QCoreApplication.translate


class DeliverableTableModel(QAbstractTableModel):
    """A campaign's deliverables by day: date, title, kind, stage, owner; done ones greyed."""

    DATE, TITLE, KIND, STAGE, OWNER = range(5)
    HEADERS = (QT_TRANSLATE_NOOP(CONTEXT, "Date"), QT_TRANSLATE_NOOP(CONTEXT, "Title"),
               QT_TRANSLATE_NOOP(CONTEXT, "Kind"), QT_TRANSLATE_NOOP(CONTEXT, "Stage"),
               QT_TRANSLATE_NOOP(CONTEXT, "Owner"))
    SortRole = Qt.ItemDataRole.UserRole + 1
    ObjectRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[DeliverableInfo] = []

    def set_items(self, items: list[DeliverableInfo]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> DeliverableInfo:
        return self._items[row]

    def row_of(self, activity_id: int) -> int:
        return next((row for row, item in enumerate(self._items) if item.id == activity_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.HEADERS)):
            return translate(CONTEXT, self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._items):
            return None
        item, column = self._items[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (format_date(item.day), item.title,
                    translate(CONTEXT, DELIVERABLE_KIND_LABELS.get(item.kind, item.kind)),
                    translate(CONTEXT, DELIVERABLE_STAGE_LABELS.get(item.stage, item.stage)),
                    translate(CONTEXT, DELIVERABLE_OWNER_LABELS.get(item.owner, item.owner))
                    )[column]
        if role == self.SortRole:
            stage = DELIVERABLE_STAGES.index(item.stage) if item.stage in DELIVERABLE_STAGES \
                else -1
            return (item.day, item.title.casefold(), item.kind, stage, item.owner)[column]
        if role == self.ObjectRole:
            return item
        if role == Qt.ItemDataRole.ForegroundRole and item.done:
            return QPalette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [item.title, *([item.notes] if item.notes else [])]
            if item.series_id is not None:
                lines.append(translate(CONTEXT, "Part of a recurring series"))
            # Escaped: notes like "<b>x</b>" would otherwise be shown as HTML.
            return GuiQt.convertFromPlainText("\n".join(lines))
        return None


def _run_now(description: str, work: Callable[[], object]) -> None:
    """The default ``run``: no undo stack, just do it."""
    work()


class DeliverablesPanel(QWidget):
    """One campaign's deliverables, with buttons to add one (or a recurring series), move
    the selected one along its stages, mark it done, edit it (double-click) or delete it.

    Signals:
        changed(): a deliverable was added, changed or deleted through the panel.
    """

    changed = Signal()

    def __init__(self, run: Run | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._run: Run = run or _run_now
        self._campaign_id: int | None = None
        self.model = DeliverableTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        # The panel is a narrow column: short columns as wide as their text, the title takes
        # the rest on one line (cut with "…"; the tooltip has it whole).
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(DeliverableTableModel.DATE, DeliverableTableModel.OWNER + 1):
            header.setSectionResizeMode(
                column, QHeaderView.ResizeMode.Stretch if column == DeliverableTableModel.TITLE
                else QHeaderView.ResizeMode.ResizeToContents)
        self.add_button = QPushButton(self.tr("Add deliverable…"))
        self.recurring_button = QPushButton(self.tr("Add recurring…"))
        self.stage_combo = choice_combo(DELIVERABLE_STAGES, DELIVERABLE_STAGE_LABELS)
        self.stage_combo.setToolTip(self.tr("Stage of the selected deliverable"))
        self.done_button = QPushButton(self.tr("Mark done"))
        self.delete_button = QPushButton(self.tr("Delete…"))
        # Two rows: the panel sits in a narrow column beside the calendar.
        adding = QHBoxLayout()
        adding.setContentsMargins(0, 0, 0, 0)
        for widget in (self.add_button, self.recurring_button):
            adding.addWidget(widget)
        adding.addStretch(1)
        acting = QHBoxLayout()
        acting.setContentsMargins(0, 0, 0, 0)
        for widget in (self.stage_combo, self.done_button, self.delete_button):
            acting.addWidget(widget)
        acting.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(adding)
        layout.addLayout(acting)
        self._connect_signals()
        self._update_buttons()

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.recurring_button.clicked.connect(self._on_recurring_button_clicked)
        self.stage_combo.activated.connect(self._on_stage_combo_activated)
        self.done_button.clicked.connect(self._on_done_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)

    # --- state -------------------------------------------------------------------------------

    @property
    def campaign_id(self) -> int | None:
        return self._campaign_id

    def set_campaign(self, campaign_id: int | None) -> None:
        self._campaign_id = campaign_id
        self.reload()

    def reload(self) -> None:
        """Read the campaign's deliverables again, keeping the selected one selected."""
        selected = self.selected()
        self.model.set_items(deliverables.for_campaign(self._campaign_id)
                             if self._campaign_id is not None else [])
        if selected is not None:
            self.select(selected.id)

    def selected(self) -> DeliverableInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def select(self, activity_id: int) -> None:
        row = self.model.row_of(activity_id)
        if row >= 0:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    def _update_buttons(self) -> None:
        has_campaign = self._campaign_id is not None
        item = self.selected()
        self.add_button.setEnabled(has_campaign)
        self.recurring_button.setEnabled(has_campaign)
        self.stage_combo.setEnabled(item is not None)
        self.done_button.setEnabled(item is not None and not item.done)
        self.delete_button.setEnabled(item is not None)
        if item is not None:
            self.stage_combo.setCurrentIndex(max(0, self.stage_combo.findData(item.stage)))

    # --- changes -----------------------------------------------------------------------------

    def _change(self, description: str, work: Callable[[], object],
                select: int | None = None) -> None:
        """Run ``work`` through ``run``, then show the result. A ValidationError propagates
        (the dialogs show it); a deliverable deleted meanwhile just reloads the list."""
        try:
            self._run(description, work)
        except NotFoundError:
            pass
        finally:
            self.reload()
        if select is not None:
            self.select(select)
        self.changed.emit()

    def _default_days(self) -> tuple[date, date]:
        """Where a new deliverable starts: today inside the campaign, else its first day;
        and the campaign's last day (where a recurring one ends by default)."""
        assert self._campaign_id is not None
        campaign = campaigns.get(self._campaign_id)
        today = date.today()
        start = today if campaign.start_date <= today <= campaign.end_date \
            else campaign.start_date
        return start, max(start, campaign.end_date)

    def _on_add_button_clicked(self) -> None:
        if self._campaign_id is None:
            return
        campaign_id = self._campaign_id
        made: list[int] = []

        def save(values: dict[str, Any]) -> None:
            self._change(self.tr("Add deliverable “{title}”").format(
                title=values["title"].strip()),
                lambda: made.append(deliverables.add_deliverable(campaign_id, **values)))
            if made:
                self.select(made[-1])

        DeliverableDialog.ask(self, save=save, day=self._default_days()[0])

    def _on_recurring_button_clicked(self) -> None:
        if self._campaign_id is None:
            return
        campaign_id = self._campaign_id
        start, until = self._default_days()

        def save(values: dict[str, Any]) -> None:
            self._change(self.tr("Add recurring “{title}”").format(
                title=values["title"].strip()),
                lambda: deliverables.add_series(campaign_id, **values))

        RecurringDialog.ask(self, save=save, start=start, until=until)

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        item = self.model.item(index.row())

        def save(values: dict[str, Any]) -> None:
            self._change(self.tr("Edit deliverable “{title}”").format(title=item.title),
                         lambda: deliverables.update_deliverable(item.id, **values), item.id)

        DeliverableDialog.ask(self, save=save, day=item.day, initial=item)

    def _set_stage(self, item: DeliverableInfo, stage: str) -> None:
        try:
            self._change(self.tr("Move “{title}” to {stage}").format(
                title=item.title, stage=translate(CONTEXT, DELIVERABLE_STAGE_LABELS[stage])),
                lambda: deliverables.set_stage(item.id, stage), item.id)
        except ValidationError as error:
            messages.show_error(self, self.tr("Deliverables"),
                                f"{field_label(error.field)}: {error.message}")

    def _on_stage_combo_activated(self, index: int) -> None:
        item = self.selected()
        stage = self.stage_combo.itemData(index)
        if item is not None and stage != item.stage:
            self._set_stage(item, stage)

    def _on_done_button_clicked(self) -> None:
        item = self.selected()
        if item is not None and not item.done:
            self._set_stage(item, "done")

    def _on_delete_button_clicked(self) -> None:
        item = self.selected()
        if item is None:
            return
        answer = ask_delete(self, item.title, item.series_id is not None)
        if answer == "one":
            self._change(self.tr("Delete deliverable “{title}”").format(title=item.title),
                         lambda: deliverables.delete_deliverable(item.id))
        elif answer == "series" and item.series_id is not None:
            series_id = item.series_id
            self._change(self.tr("Delete series “{title}”").format(title=item.title),
                         lambda: deliverables.delete_series(series_id))
