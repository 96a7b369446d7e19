"""Quick add (Ctrl+N anywhere): a call, email, meeting, task or deadline in a few keys.

It starts at the next working hour, linked to the record open when it was called (the
contact, deal or campaign selected on the current page), with the duration usual for the
kind and the hat that the links suggest until the user picks one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core import deal_forms
from smeplanner.core import quick_add as quick_add_rules
from smeplanner.core.errors import ValidationError
from smeplanner.core.vocabulary import ACTIVITY_LABELS
from smeplanner.ui.forms.deal_form import RecordPicker

if TYPE_CHECKING:
    from smeplanner.core.quick_add import StoredActivity
    from smeplanner.ui.session import Session

# Minutes before the start; None: no reminder.
REMINDER_CHOICES: tuple[tuple[int | None, str], ...] = (
    (None, "No reminder"), (0, "At the start"), (5, "5 minutes before"),
    (15, "15 minutes before"), (30, "30 minutes before"), (60, "1 hour before"),
    (24 * 60, "1 day before"))


class QuickAddDialog(QDialog):
    """Collects a new activity; ``values()`` is what ``activities.create`` takes."""

    def __init__(self, parent: QWidget | None = None, *, start: datetime | None = None,
                 day: date | None = None, contact_id: int | None = None,
                 deal_id: int | None = None, campaign_id: int | None = None,
                 submit: Callable[[dict[str, Any]], object] | None = None) -> None:
        super().__init__(parent)
        self._submit = submit
        self.setWindowTitle(self.tr("Quick add"))
        self._hat_chosen = False
        start = start or quick_add_rules.default_start()
        if day is not None and day != start.date():
            start = datetime.combine(day, start.time().replace(tzinfo=None)).astimezone()

        self.kind_combo = QComboBox()
        for kind in quick_add_rules.QUICK_KINDS:
            self.kind_combo.addItem(self.tr(ACTIVITY_LABELS[kind]), kind)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_changed)
        self.subject_edit = QLineEdit()
        self.subject_edit.setPlaceholderText(self.tr("What is to be done"))
        self.date_edit = QDateEdit(QDate(start.year, start.month, start.day))
        self.date_edit.setCalendarPopup(True)
        self.time_edit = QTimeEdit(QTime(start.hour, start.minute))
        self.all_day_check = QCheckBox(self.tr("All day"))
        self.all_day_check.toggled.connect(self.time_edit.setDisabled)
        self.duration_spin = QSpinBox()
        self.duration_spin.setRange(0, 24 * 60)
        self.duration_spin.setSingleStep(15)
        self.duration_spin.setSuffix(self.tr(" min"))
        self.contact_picker = RecordPicker(deal_forms.find_contacts,
                                           self.tr("Type a name, email or company"))
        self.deal_picker = RecordPicker(quick_add_rules.find_deals, self.tr("Type a deal's title"))
        self.campaign_picker = RecordPicker(deal_forms.find_campaigns,
                                            self.tr("Type a campaign's name"))
        for picker in (self.deal_picker, self.campaign_picker):
            picker.picked.connect(self._suggest_hat)
            picker.textEdited.connect(self._suggest_hat)
        self.hat_combo = QComboBox()
        self.hat_combo.addItem(self.tr("Sales"), "sales")
        self.hat_combo.addItem(self.tr("Marketing"), "marketing")
        self.hat_combo.activated.connect(self._on_hat_combo_activated)
        self.reminder_combo = QComboBox()
        for minutes, text in REMINDER_CHOICES:
            self.reminder_combo.addItem(self.tr(text), minutes)
        self.error_label = QLabel()
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c0392b;")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Add"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        when = QHBoxLayout()
        when.addWidget(self.date_edit)
        when.addWidget(self.time_edit)
        when.addWidget(self.all_day_check)
        when.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("&Kind"), self.kind_combo)
        form.addRow(self.tr("&Subject"), self.subject_edit)
        form.addRow(self.tr("&When"), when)
        form.addRow(self.tr("&Duration"), self.duration_spin)
        form.addRow(self.tr("C&ontact"), self.contact_picker)
        form.addRow(self.tr("D&eal"), self.deal_picker)
        form.addRow(self.tr("Ca&mpaign"), self.campaign_picker)
        form.addRow(self.tr("&Hat"), self.hat_combo)
        form.addRow(self.tr("&Reminder"), self.reminder_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(460, self.sizeHint().height())

        labels = quick_add_rules.link_labels(contact_id, deal_id, campaign_id)
        for name, picker in (("contact", self.contact_picker), ("deal", self.deal_picker),
                             ("campaign", self.campaign_picker)):
            if name in labels:
                picker.set_record(*labels[name])
        self._on_kind_combo_changed()
        self._suggest_hat()
        self.subject_edit.setFocus()

    def load(self, activity: StoredActivity) -> None:
        """Show a stored activity to edit: its values, its links, its own hat."""
        self.setWindowTitle(self.tr("Edit activity"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(activity.kind))
        self.subject_edit.setText(activity.subject)
        if activity.due_at is not None:
            start = activity.due_at.astimezone()
            self.date_edit.setDate(QDate(start.year, start.month, start.day))
            self.time_edit.setTime(QTime(start.hour, start.minute))
            self.all_day_check.setChecked(False)
        else:
            if activity.due_date is not None:
                self.date_edit.setDate(activity.due_date)
            self.all_day_check.setChecked(True)
        self.duration_spin.setValue(activity.duration_minutes)
        labels = quick_add_rules.link_labels(activity.contact_id, activity.deal_id,
                                             activity.campaign_id)
        for name, picker in (("contact", self.contact_picker), ("deal", self.deal_picker),
                             ("campaign", self.campaign_picker)):
            picker.set_record(*labels.get(name, (None, "")))
        self.hat_combo.setCurrentIndex(self.hat_combo.findData(activity.role))
        self._hat_chosen = True
        self.reminder_combo.setCurrentIndex(max(0, self.reminder_combo.findData(
            activity.reminder_minutes)))

    # --- values -------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        kind = self.kind_combo.currentData()
        day = self.date_edit.date().toPython()
        values: dict[str, Any] = {
            "kind": kind, "subject": self.subject_edit.text(),
            "duration_minutes": self.duration_spin.value(),
            "role": self.hat_combo.currentData(),
            "contact": self.contact_picker.record_id(), "deal": self.deal_picker.record_id(),
            "campaign": self.campaign_picker.record_id(),
            "reminder_minutes": self.reminder_combo.currentData(),
        }
        if self.all_day_check.isChecked():
            values.update(due_date=day, due_at=None)
        else:
            start: time = self.time_edit.time().toPython()
            values.update(due_at=datetime.combine(day, start).astimezone())
        return values

    def unresolved_field(self) -> str | None:
        """The first picker holding typed text that names no single record."""
        for name, picker in (("contact", self.contact_picker), ("deal", self.deal_picker),
                             ("campaign", self.campaign_picker)):
            if not picker.resolve():
                return name
        return None

    def show_error(self, field: str, message: str) -> None:
        """Say what is wrong (the field named) and put the cursor there."""
        self.error_label.setText(message)
        self.error_label.show()
        widget = {"subject": self.subject_edit, "kind": self.kind_combo,
                  "due_date": self.date_edit, "due_at": self.time_edit,
                  "duration_minutes": self.duration_spin, "contact": self.contact_picker,
                  "deal": self.deal_picker, "campaign": self.campaign_picker,
                  "role": self.hat_combo, "reminder_minutes": self.reminder_combo}.get(field)
        if widget is not None:
            widget.setFocus()

    def accept(self) -> None:
        """Add the item through ``submit``; on bad input say why and stay open."""
        unresolved = self.unresolved_field()
        if unresolved is not None:
            self.show_error(unresolved, self.tr("Pick the {field} from the list, or clear "
                                                "the field.").format(field=self.tr(unresolved)))
            return
        if self._submit is not None:
            try:
                self._submit(self.values())
            except ValidationError as error:
                self.show_error(error.field, str(error))
                return
        super().accept()

    # --- reactions ----------------------------------------------------------------------
    def _on_kind_combo_changed(self, _index: int = 0) -> None:
        kind = self.kind_combo.currentData()
        self.duration_spin.setValue(quick_add_rules.DEFAULT_MINUTES.get(kind, 30))
        # A deadline is a day, not a slot in it.
        self.all_day_check.setChecked(kind == "deadline")

    def _on_hat_combo_activated(self, _index: int) -> None:
        self._hat_chosen = True

    def _suggest_hat(self, *_args: object) -> None:
        if self._hat_chosen:
            return
        hat = quick_add_rules.default_hat(deal_id=self.deal_picker.record_id(),
                                    campaign_id=self.campaign_picker.record_id())
        self.hat_combo.setCurrentIndex(self.hat_combo.findData(hat))


def quick_add(parent: QWidget, session: Session, *, day: date | None = None,
              contact_id: int | None = None, deal_id: int | None = None,
              campaign_id: int | None = None) -> int | None:
    """Ask for a new activity and add it as one undoable step; returns its id, or None
    when the user cancelled."""
    from smeplanner.ui.activity_commands import CreateActivityCommand
    from smeplanner.ui.commands import push_command

    created: list[int] = []

    def submit(values: dict[str, Any]) -> None:
        command = CreateActivityCommand(values, on_changed=session.on_command_changed)
        push_command(session.undo_stack, command)
        if command.created_id is not None:
            created.append(command.created_id)

    dialog = QuickAddDialog(parent, day=day, contact_id=contact_id, deal_id=deal_id,
                            campaign_id=campaign_id, submit=submit)
    dialog.exec()
    return created[0] if created else None


def edit_activity(parent: QWidget, session: Session, activity_id: int) -> bool:
    """Edit a call, email, meeting, task or deadline as one undoable step; True once saved."""
    from smeplanner.ui.activity_commands import ActivityChangeCommand
    from smeplanner.ui.commands import push_command

    activity = quick_add_rules.stored(activity_id)
    saved: list[bool] = []

    def submit(values: dict[str, Any]) -> None:
        command = ActivityChangeCommand(
            QCoreApplication.translate("ActivityCommands", "Edit “{subject}”").format(
                subject=values["subject"]), (activity_id,),
            lambda: _update(activity_id, values), on_changed=session.on_command_changed)
        push_command(session.undo_stack, command)
        saved.append(True)

    dialog = QuickAddDialog(parent, submit=submit)
    dialog.load(activity)
    dialog.exec()
    return bool(saved)


def _update(activity_id: int, values: dict[str, Any]) -> None:
    from smeplanner.core.activities import activities

    activities.update(activity_id, **values)
