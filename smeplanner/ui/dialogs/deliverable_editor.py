"""Add or edit a campaign's deliverables: one at a time, or a recurring series by its rule;
and asking before one (or its whole series) is deleted.

``save`` callables store, or raise a ValidationError, which the dialog shows beside the
field it names while it stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core import deliverables
from smeplanner.core.deliverables import DeliverableInfo
from smeplanner.core.errors import ValidationError
from smeplanner.core.vocabulary import (
    DELIVERABLE_KIND_LABELS,
    DELIVERABLE_KINDS,
    DELIVERABLE_OWNER_LABELS,
    DELIVERABLE_OWNERS,
    DELIVERABLE_STAGE_LABELS,
    DELIVERABLE_STAGES,
)
from smeplanner.ui.dialogs import messages
from smeplanner.ui.forms.editor_parts import ErrorBanner

# The translation context of the words the deliverables panel and its dialogs share.
CONTEXT = "DeliverablesPanel"
translate = QCoreApplication.translate
_FIELD_LABELS = {"title": QT_TRANSLATE_NOOP(CONTEXT, "Title"),
                 "kind": QT_TRANSLATE_NOOP(CONTEXT, "Kind"),
                 "day": QT_TRANSLATE_NOOP(CONTEXT, "Date"),
                 "start": QT_TRANSLATE_NOOP(CONTEXT, "Start"),
                 "stage": QT_TRANSLATE_NOOP(CONTEXT, "Stage"),
                 "owner": QT_TRANSLATE_NOOP(CONTEXT, "Owner"),
                 "notes": QT_TRANSLATE_NOOP(CONTEXT, "Notes"),
                 "rrule": QT_TRANSLATE_NOOP(CONTEXT, "Repeat"),
                 "until": QT_TRANSLATE_NOOP(CONTEXT, "Until"),
                 "count": QT_TRANSLATE_NOOP(CONTEXT, "Times"),
                 "campaign": QT_TRANSLATE_NOOP(CONTEXT, "Campaign")}
_WEEKDAYS = (QT_TRANSLATE_NOOP(CONTEXT, "Mo"), QT_TRANSLATE_NOOP(CONTEXT, "Tu"),
             QT_TRANSLATE_NOOP(CONTEXT, "We"), QT_TRANSLATE_NOOP(CONTEXT, "Th"),
             QT_TRANSLATE_NOOP(CONTEXT, "Fr"), QT_TRANSLATE_NOOP(CONTEXT, "Sa"),
             QT_TRANSLATE_NOOP(CONTEXT, "Su"))


def field_label(field: str) -> str:
    """How an error names a deliverable's field, for the user."""
    return translate(CONTEXT, _FIELD_LABELS.get(field, field))


def choice_combo(keys: tuple[str, ...], labels: dict[str, str]) -> QComboBox:
    """A combo box of vocabulary ``keys`` (its item data), shown by their labels."""
    combo = QComboBox()
    for key in keys:
        combo.addItem(translate(CONTEXT, labels[key]), key)
    return combo


def _date_edit(value: date) -> QDateEdit:
    edit = QDateEdit(QDate(value))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class _FormDialog(QDialog):
    """Title, kind, owner and notes with an error banner; ``save`` stores, or raises
    ValidationError, which is shown beside its field while the dialog stays open."""

    def __init__(self, save: Callable[[dict[str, Any]], None], parent: QWidget | None) -> None:
        super().__init__(parent)
        self._save = save
        self.saved = False
        self.setMinimumWidth(440)
        self.title_edit = QLineEdit()
        self.kind_combo = choice_combo(DELIVERABLE_KINDS, DELIVERABLE_KIND_LABELS)
        self.owner_combo = choice_combo(DELIVERABLE_OWNERS, DELIVERABLE_OWNER_LABELS)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.fontMetrics().height() * 4)
        self.error_label = ErrorBanner()
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
            self.error_label.show_message(f"{field_label(error.field)}: {error.message}")
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
        self.stage_combo = choice_combo(DELIVERABLE_STAGES, DELIVERABLE_STAGE_LABELS)
        self.title_edit.setPlaceholderText(self.tr("e.g. Newsletter: spring roasts"))
        for label, widget in ((field_label("title"), self.title_edit),
                              (field_label("kind"), self.kind_combo),
                              (field_label("day"), self.day_edit),
                              (field_label("owner"), self.owner_combo),
                              (field_label("stage"), self.stage_combo),
                              (field_label("notes"), self.notes_edit)):
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
        self.weekday_checks = [QCheckBox(translate(CONTEXT, name)) for name in _WEEKDAYS]
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
        self.form.addRow(field_label("title") + ":", self.title_edit)
        self.form.addRow(field_label("kind") + ":", self.kind_combo)
        self.form.addRow(field_label("owner") + ":", self.owner_combo)
        self.form.addRow(field_label("start") + ":", self.start_edit)
        self.form.addRow(self.tr("Every:"), every)
        self.form.addRow(self.tr("On:"), weekdays)
        self.form.addRow(self.tr("Ends:"), ends)
        self.form.addRow("", self.preview_label)
        self.form.addRow(field_label("notes") + ":", self.notes_edit)
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
            self.preview_label.setText(f"{field_label(error.field)}: {error.message}")
            self.save_button.setEnabled(False)
            return
        self.preview_label.setText(
            (self.tr("Repeats {rule}: 1 deliverable") if count == 1
             else self.tr("Repeats {rule}: %n deliverables", "", count)).format(rule=text))
        self.save_button.setEnabled(True)


def ask_delete(parent: QWidget | None, title: str, in_series: bool) -> str | None:
    """Ask before deleting ``title``: 'one', 'series' (it and the open rest of its series,
    offered for an occurrence of one) or None to keep it."""
    if not in_series:
        return "one" if messages.confirm(
            parent, translate(CONTEXT, "Delete deliverable"),
            translate(CONTEXT, "Delete the deliverable “{title}”?").format(title=title),
            translate(CONTEXT, "Delete")) else None
    box = QMessageBox(QMessageBox.Icon.Question, translate(CONTEXT, "Delete deliverable"),
                      translate(CONTEXT, "“{title}” is one of a recurring series. Delete just "
                                          "this one, or every one of the series not done yet?"
                                ).format(title=title),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    one = box.addButton(translate(CONTEXT, "Just this one"),
                        QMessageBox.ButtonRole.DestructiveRole)
    series = box.addButton(translate(CONTEXT, "The whole series"),
                           QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return {id(one): "one", id(series): "series"}.get(id(box.clickedButton()))
