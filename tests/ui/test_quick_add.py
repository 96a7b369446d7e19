"""The quick-add form: defaults, links, hat suggestion, bad input kept in the form."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest

from smeplanner.core import quick_add
from smeplanner.core.activities import activities
from smeplanner.core.campaigns import campaigns
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals
from smeplanner.core.errors import ValidationError
from smeplanner.ui.activity_commands import CreateActivityCommand
from smeplanner.ui.commands import push_command
from smeplanner.ui.dialogs.quick_add import QuickAddDialog


@pytest.fixture
def records(workspace):
    anna = contacts.create(first_name="Anna", last_name="Schmidt")
    deal = deals.create(title="Espresso machines", contact=anna.id)
    fair = campaigns.create(name="Coffee fair", channel="event", start_date="2026-11-23",
                            end_date="2026-11-25")
    return {"anna": anna.id, "deal": deal.id, "fair": fair.id}


def make(qtbot, **options):
    added = []

    def submit(values):
        stack = QUndoStack()
        command = CreateActivityCommand(values)
        push_command(stack, command)
        added.append(command.created_id)

    start = datetime(2026, 11, 24, 14, 0).astimezone()
    dialog = QuickAddDialog(start=start, submit=submit, **options)
    qtbot.addWidget(dialog)
    return dialog, added


def test_defaults_follow_the_kind_and_the_start(qtbot, records):
    dialog, _added = make(qtbot)
    assert dialog.kind_combo.currentData() == "call"
    assert dialog.duration_spin.value() == 15
    assert dialog.date_edit.date() == QDate(2026, 11, 24)
    assert dialog.time_edit.time() == QTime(14, 0)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("meeting"))
    assert dialog.duration_spin.value() == 60
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("deadline"))
    assert dialog.all_day_check.isChecked() and not dialog.time_edit.isEnabled()


def test_adds_a_call_linked_to_the_open_deal_and_its_contact(qtbot, records):
    dialog, added = make(qtbot, deal_id=records["deal"])
    assert dialog.contact_picker.record_id() == records["anna"]
    assert dialog.contact_picker.text() == "Anna Schmidt"
    QTest.keyClicks(dialog.subject_edit, "Call about the offer")
    dialog.reminder_combo.setCurrentIndex(dialog.reminder_combo.findData(15))
    QTest.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert dialog.result() == QuickAddDialog.DialogCode.Accepted
    call = activities.get(added[0])
    assert (call.kind, call.subject, call.deal_id, call.contact_id, call.role) == \
        ("call", "Call about the offer", records["deal"], records["anna"], "sales")
    assert call.due_at.astimezone().replace(tzinfo=None) == datetime(2026, 11, 24, 14, 0)
    assert call.duration_minutes == 15 and call.reminder_minutes == 15


def test_a_campaign_suggests_the_marketing_hat_until_one_is_chosen(qtbot, records):
    dialog, _added = make(qtbot, campaign_id=records["fair"])
    assert dialog.hat_combo.currentData() == "marketing"
    dialog.deal_picker.set_record(records["deal"], "Espresso machines")
    dialog.deal_picker.picked.emit(records["deal"])
    assert dialog.hat_combo.currentData() == "sales"
    dialog.hat_combo.setCurrentIndex(dialog.hat_combo.findData("marketing"))
    dialog.hat_combo.activated.emit(1)
    dialog.deal_picker.picked.emit(records["deal"])
    assert dialog.hat_combo.currentData() == "marketing"  # the user's choice stays


def test_an_all_day_task_has_a_date_and_no_time(qtbot, records):
    dialog, added = make(qtbot, day=date(2026, 11, 27))
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("task"))
    dialog.all_day_check.setChecked(True)
    dialog.subject_edit.setText("Order coffee")
    dialog.accept()
    task = activities.get(added[0])
    assert (task.due_date, task.due_at) == (date(2026, 11, 27), None)


def test_an_empty_subject_is_named_and_nothing_is_written(qtbot, records):
    dialog, added = make(qtbot)
    dialog.show()
    dialog.accept()
    assert added == [] and activities.list() == []
    assert dialog.error_label.isVisible()
    assert "subject" in dialog.error_label.text()
    assert dialog.result() != QuickAddDialog.DialogCode.Accepted


def test_a_typed_contact_that_names_no_one_is_refused(qtbot, records):
    dialog, added = make(qtbot)
    dialog.show()
    dialog.subject_edit.setText("Call")
    QTest.keyClicks(dialog.contact_picker, "Nobody Known")
    dialog.accept()
    assert added == []
    assert "contact" in dialog.error_label.text()
    dialog.contact_picker.clear()
    dialog.accept()
    assert len(added) == 1


def test_submit_errors_keep_the_form_open(qtbot, records):
    def refuse(values):
        raise ValidationError("duration_minutes", "is too long")

    dialog = QuickAddDialog(submit=refuse)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.subject_edit.setText("Call")
    dialog.accept()
    assert "duration_minutes" in dialog.error_label.text()
    assert dialog.isVisible()


def test_an_activity_is_loaded_to_edit_and_saved_over(qtbot, records):
    start = datetime(2026, 11, 25, 9, 30).astimezone()
    call = activities.create(kind="meeting", subject="Tasting", contact=records["anna"],
                             deal=records["deal"], due_at=start, duration_minutes=90,
                             role="marketing", reminder_minutes=60)
    saved = []
    dialog = QuickAddDialog(submit=lambda values: saved.append(
        activities.update(call.id, **values)))
    qtbot.addWidget(dialog)
    dialog.load(quick_add.stored(call.id))
    assert dialog.windowTitle() == "Edit activity"
    assert (dialog.kind_combo.currentData(), dialog.subject_edit.text()) == ("meeting", "Tasting")
    assert (dialog.date_edit.date(), dialog.time_edit.time()) == (QDate(2026, 11, 25),
                                                                 QTime(9, 30))
    assert dialog.duration_spin.value() == 90  # not the kind's default
    assert dialog.deal_picker.record_id() == records["deal"]
    assert dialog.hat_combo.currentData() == "marketing"
    assert dialog.reminder_combo.currentData() == 60
    dialog.time_edit.setTime(QTime(16, 0))
    dialog.accept()
    moved = activities.get(call.id)
    assert moved.due_at.astimezone().replace(tzinfo=None) == datetime(2026, 11, 25, 16, 0)
    assert (moved.duration_minutes, moved.role) == (90, "marketing")
