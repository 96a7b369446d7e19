"""A campaign's deliverables: the list, one-off and recurring additions, stages, deletes.

Every change goes through ``run(description, work)`` so that the page can make it undoable
(the default just calls ``work()``); ``run`` must let a ValidationError raised by ``work``
through, which the dialogs then show beside the field it names.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
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
    DELIVERABLE_KINDS,
    DELIVERABLE_OWNER_LABELS,
    DELIVERABLE_OWNERS,
    DELIVERABLE_STAGE_LABELS,
    DELIVERABLE_STAGES,
)
from smeplanner.ui.dialogs import messages
from smeplanner.ui.formatting import format_date

Index = QModelIndex | QPersistentModelIndex
Run = Callable[[str, Callable[[], object]], None]

_CONTEXT = "DeliverablesPanel"
translate = QCoreApplication.translate
_FIELD_LABELS = {"title": QT_TRANSLATE_NOOP(_CONTEXT, "Title"),
                 "kind": QT_TRANSLATE_NOOP(_CONTEXT, "Kind"),
                 "day": QT_TRANSLATE_NOOP(_CONTEXT, "Date"),
                 "start": QT_TRANSLATE_NOOP(_CONTEXT, "Start"),
                 "stage": QT_TRANSLATE_NOOP(_CONTEXT, "Stage"),
                 "owner": QT_TRANSLATE_NOOP(_CONTEXT, "Owner"),
                 "notes": QT_TRANSLATE_NOOP(_CONTEXT, "Notes"),
                 "rrule": QT_TRANSLATE_NOOP(_CONTEXT, "Repeat"),
                 "until": QT_TRANSLATE_NOOP(_CONTEXT, "Until"),
                 "count": QT_TRANSLATE_NOOP(_CONTEXT, "Times"),
                 "campaign": QT_TRANSLATE_NOOP(_CONTEXT, "Campaign")}
_WEEKDAYS = (QT_TRANSLATE_NOOP(_CONTEXT, "Mo"), QT_TRANSLATE_NOOP(_CONTEXT, "Tu"),
             QT_TRANSLATE_NOOP(_CONTEXT, "We"), QT_TRANSLATE_NOOP(_CONTEXT, "Th"),
             QT_TRANSLATE_NOOP(_CONTEXT, "Fr"), QT_TRANSLATE_NOOP(_CONTEXT, "Sa"),
             QT_TRANSLATE_NOOP(_CONTEXT, "Su"))
ERROR_STYLE = ("color: palette(bright-text); background: #c0392b; padding: 6px;"
               " border-radius: 4px;")


def _label(field: str) -> str:
    return translate(_CONTEXT, _FIELD_LABELS.get(field, field))


def _combo(keys: tuple[str, ...], labels: dict[str, str]) -> QComboBox:
    combo = QComboBox()
    for key in keys:
        combo.addItem(translate(_CONTEXT, labels[key]), key)
    return combo


def _date_edit(value: date) -> QDateEdit:
    edit = QDateEdit(QDate(value))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class DeliverableTableModel(QAbstractTableModel):
    """A campaign's deliverables by day: date, title, kind, stage, owner; done ones greyed."""

    DATE, TITLE, KIND, STAGE, OWNER = range(5)
    HEADERS = (QT_TRANSLATE_NOOP(_CONTEXT, "Date"), QT_TRANSLATE_NOOP(_CONTEXT, "Title"),
               QT_TRANSLATE_NOOP(_CONTEXT, "Kind"), QT_TRANSLATE_NOOP(_CONTEXT, "Stage"),
               QT_TRANSLATE_NOOP(_CONTEXT, "Owner"))
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
            return translate(_CONTEXT, self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._items):
            return None
        item, column = self._items[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (format_date(item.day), item.title,
                    translate(_CONTEXT, DELIVERABLE_KIND_LABELS.get(item.kind, item.kind)),
                    translate(_CONTEXT, DELIVERABLE_STAGE_LABELS.get(item.stage, item.stage)),
                    translate(_CONTEXT, DELIVERABLE_OWNER_LABELS.get(item.owner, item.owner))
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
            lines = [item.notes] if item.notes else []
            if item.series_id is not None:
                lines.append(translate(_CONTEXT, "Part of a recurring series"))
            return "\n".join(lines) or None
        return None


class _FormDialog(QDialog):
    """Title, kind, owner and notes with an error banner; ``save`` stores, or raises
    ValidationError, which is shown beside its field while the dialog stays open."""

    def __init__(self, save: Callable[[dict[str, Any]], None], parent: QWidget | None) -> None:
        super().__init__(parent)
        self._save = save
        self.saved = False
        self.setMinimumWidth(440)
        self.title_edit = QLineEdit()
        self.kind_combo = _combo(DELIVERABLE_KINDS, DELIVERABLE_KIND_LABELS)
        self.owner_combo = _combo(DELIVERABLE_OWNERS, DELIVERABLE_OWNER_LABELS)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.fontMetrics().height() * 4)
        self.error_label = QLabel()
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    @property
    def save_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def field_widget(self, field: str) -> QWidget | None:
        return {"title": self.title_edit, "kind": self.kind_combo, "owner": self.owner_combo,
                "notes": self.notes_edit}.get(field)

    def _on_buttons_accepted(self) -> None:
        try:
            self._save(self.values())
        except ValidationError as error:
            self.error_label.setText(f"{_label(error.field)}: {error.message}")
            self.error_label.show()
            widget = self.field_widget(error.field)
            if widget is not None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.saved = True
        self.accept()


class DeliverableDialog(_FormDialog):
    """Add or edit one deliverable: title, kind, date, owner, stage, notes."""

    def __init__(self, *, save: Callable[[dict[str, Any]], None], day: date,
                 initial: DeliverableInfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__(save, parent)
        self.setWindowTitle(self.tr("New deliverable") if initial is None
                            else self.tr("Edit deliverable"))
        self.day_edit = _date_edit(initial.day if initial else day)
        self.stage_combo = _combo(DELIVERABLE_STAGES, DELIVERABLE_STAGE_LABELS)
        self.title_edit.setPlaceholderText(self.tr("e.g. Newsletter: spring roasts"))
        for label, widget in ((_label("title"), self.title_edit),
                              (_label("kind"), self.kind_combo), (_label("day"), self.day_edit),
                              (_label("owner"), self.owner_combo),
                              (_label("stage"), self.stage_combo),
                              (_label("notes"), self.notes_edit)):
            self.form.addRow(label + ":", widget)
        if initial is not None:
            self.title_edit.setText(initial.title)
            self.notes_edit.setPlainText(initial.notes)
            for combo, key in ((self.kind_combo, initial.kind), (self.owner_combo, initial.owner),
                               (self.stage_combo, initial.stage)):
                combo.setCurrentIndex(max(0, combo.findData(key)))
        self.title_edit.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, *, save: Callable[[dict[str, Any]], None], day: date,
            initial: DeliverableInfo | None = None) -> bool:
        """Show the dialog; True once ``save`` succeeded, False if cancelled."""
        dialog = cls(save=save, day=day, initial=initial, parent=parent)
        dialog.exec()
        return dialog.saved

    def values(self) -> dict[str, Any]:
        return {"title": self.title_edit.text(), "kind": self.kind_combo.currentData(),
                "day": self.day_edit.date().toPython(), "owner": self.owner_combo.currentData(),
                "stage": self.stage_combo.currentData(), "notes": self.notes_edit.toPlainText()}

    def field_widget(self, field: str) -> QWidget | None:
        return {"day": self.day_edit, "stage": self.stage_combo}.get(field) \
            or super().field_widget(field)


class RecurringDialog(_FormDialog):
    """A recurring deliverable: every N weeks or months on some weekdays, from a start date
    until a date or N times, with the rule in words and its number of dates as you go."""

    def __init__(self, *, save: Callable[[dict[str, Any]], None], start: date, until: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(save, parent)
        self.setWindowTitle(self.tr("New recurring deliverable"))
        self.title_edit.setPlaceholderText(self.tr("e.g. Newsletter"))
        self.start_edit = _date_edit(start)
        self.every_spin = QSpinBox()
        self.every_spin.setRange(1, 52)
        self.unit_combo = QComboBox()
        self.unit_combo.addItem(self.tr("week(s)"), "weekly")
        self.unit_combo.addItem(self.tr("month(s)"), "monthly")
        every = QHBoxLayout()
        every.addWidget(self.every_spin)
        every.addWidget(self.unit_combo, 1)
        self.weekday_checks = [QCheckBox(translate(_CONTEXT, name)) for name in _WEEKDAYS]
        self.weekday_checks[start.weekday()].setChecked(True)
        weekdays = QHBoxLayout()
        for check in self.weekday_checks:
            weekdays.addWidget(check)
        self.until_radio = QRadioButton(self.tr("Until"))
        self.until_edit = _date_edit(until)
        self.count_radio = QRadioButton(self.tr("Times"))
        self.count_spin = QSpinBox()
        self.count_spin.setRange(1, deliverables.MAX_OCCURRENCES)
        self.count_spin.setValue(6)
        self.until_radio.setChecked(True)
        self._end_group = QButtonGroup(self)
        self._end_group.addButton(self.until_radio)
        self._end_group.addButton(self.count_radio)
        ends = QHBoxLayout()
        for widget in (self.until_radio, self.until_edit, self.count_radio, self.count_spin):
            ends.addWidget(widget)
        self.preview_label = QLabel()
        self.preview_label.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_label.setWordWrap(True)
        self.form.addRow(_label("title") + ":", self.title_edit)
        self.form.addRow(_label("kind") + ":", self.kind_combo)
        self.form.addRow(_label("owner") + ":", self.owner_combo)
        self.form.addRow(_label("start") + ":", self.start_edit)
        self.form.addRow(self.tr("Every:"), every)
        self.form.addRow(self.tr("On:"), weekdays)
        self.form.addRow(self.tr("Ends:"), ends)
        self.form.addRow("", self.preview_label)
        self.form.addRow(_label("notes") + ":", self.notes_edit)
        for signal in (self.start_edit.dateChanged, self.every_spin.valueChanged,
                       self.unit_combo.currentIndexChanged, self.until_edit.dateChanged,
                       self.count_spin.valueChanged, self.until_radio.toggled,
                       *(check.toggled for check in self.weekday_checks)):
            signal.connect(self._update_preview)
        self._update_preview()
        self.title_edit.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, *, save: Callable[[dict[str, Any]], None],
            start: date, until: date) -> bool:
        dialog = cls(save=save, start=start, until=until, parent=parent)
        dialog.exec()
        return dialog.saved

    def rule(self) -> str:
        """The RRULE of what is set; ValidationError if it cannot be one."""
        by_date = self.until_radio.isChecked()
        return deliverables.rule_for(
            self.unit_combo.currentData(), self.every_spin.value(),
            [day for day, check in enumerate(self.weekday_checks) if check.isChecked()],
            self.until_edit.date().toPython() if by_date else None,
            None if by_date else self.count_spin.value())

    def values(self) -> dict[str, Any]:
        return {"title": self.title_edit.text(), "kind": self.kind_combo.currentData(),
                "owner": self.owner_combo.currentData(), "rrule": self.rule(),
                "start": self.start_edit.date().toPython(),
                "notes": self.notes_edit.toPlainText()}

    def field_widget(self, field: str) -> QWidget | None:
        return {"start": self.start_edit, "rrule": self.every_spin, "until": self.until_edit,
                "count": self.count_spin}.get(field) or super().field_widget(field)

    def _update_preview(self) -> None:
        self.until_edit.setEnabled(self.until_radio.isChecked())
        self.count_spin.setEnabled(self.count_radio.isChecked())
        start = self.start_edit.date().toPython()
        try:
            rule = self.rule()
            text = deliverables.describe_rule(rule, start)
            count = len(deliverables.occurrences(rule, start))
        except ValidationError as error:
            self.preview_label.setText(f"{_label(error.field)}: {error.message}")
            self.save_button.setEnabled(False)
            return
        self.preview_label.setText(
            (self.tr("Repeats {rule}: 1 deliverable") if count == 1
             else self.tr("Repeats {rule}: %n deliverables", "", count)).format(rule=text))
        self.save_button.setEnabled(True)


def _run_now(description: str, work: Callable[[], object]) -> None:
    """The default ``run``: no undo stack, just do it."""
    work()


def ask_delete(parent: QWidget | None, title: str, in_series: bool) -> str | None:
    """Ask before deleting ``title``: 'one', 'series' (it and the open rest of its series,
    offered for an occurrence of one) or None to keep it."""
    if not in_series:
        return "one" if messages.confirm(
            parent, translate(_CONTEXT, "Delete deliverable"),
            translate(_CONTEXT, "Delete the deliverable “{title}”?").format(title=title),
            translate(_CONTEXT, "Delete")) else None
    box = QMessageBox(QMessageBox.Icon.Question, translate(_CONTEXT, "Delete deliverable"),
                      translate(_CONTEXT, "“{title}” is one of a recurring series. Delete just "
                                          "this one, or every one of the series not done yet?"
                                ).format(title=title),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    one = box.addButton(translate(_CONTEXT, "Just this one"),
                        QMessageBox.ButtonRole.DestructiveRole)
    series = box.addButton(translate(_CONTEXT, "The whole series"),
                           QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return {id(one): "one", id(series): "series"}.get(id(box.clickedButton()))


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
        self.view.horizontalHeader().setSectionResizeMode(
            DeliverableTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(self.tr("Add deliverable…"))
        self.recurring_button = QPushButton(self.tr("Add recurring…"))
        self.stage_combo = _combo(DELIVERABLE_STAGES, DELIVERABLE_STAGE_LABELS)
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
                title=item.title, stage=translate(_CONTEXT, DELIVERABLE_STAGE_LABELS[stage])),
                lambda: deliverables.set_stage(item.id, stage), item.id)
        except ValidationError as error:
            messages.show_error(self, self.tr("Deliverables"),
                                f"{_label(error.field)}: {error.message}")

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
