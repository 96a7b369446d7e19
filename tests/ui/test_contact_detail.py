"""The contact detail panel, driven as a user would: log a call, add a follow-up, open a
deal, edit and save, revert; bad input names the field and saves nothing."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from PySide6.QtCore import QDate, Qt

from smeplanner.core.activities import activities
from smeplanner.core.companies import companies
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals
from smeplanner.ui.widgets.contact_detail import ContactDetail


@pytest.fixture
def anna(workspace):
    acme = companies.create(name="Acme <b>GmbH</b>")
    return contacts.create(first_name="Anna", last_name="Schmidt", email="anna@acme.de",
                           company=acme.id, job_title="Owner")


@pytest.fixture
def panel(qtbot, anna):
    widget = ContactDetail()
    qtbot.addWidget(widget)
    widget.resize(460, 720)
    widget.show()
    widget.show_contact(anna.id)
    return widget


def _timeline_texts(panel: ContactDetail) -> list[str]:
    return [panel.timeline_list.item(row).text() for row in range(panel.timeline_list.count())]


def test_header_shows_user_text_as_plain_text(panel):
    assert panel.name_label.text() == "Anna Schmidt"
    assert "Acme <b>GmbH</b>" in panel.role_label.text()
    assert panel.role_label.textFormat() == Qt.TextFormat.PlainText
    assert not panel.flag_label.isVisible()


def test_empty_state_without_a_contact(qtbot, workspace):
    widget = ContactDetail()
    qtbot.addWidget(widget)
    widget.show()
    assert widget.empty_label.isVisible()
    assert not widget.body.isVisible()


def test_ctrl_l_then_text_and_enter_logs_a_call_on_the_timeline(qtbot, panel, anna):
    changed = []
    panel.contact_changed.connect(changed.append)
    qtbot.keyClick(panel, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert panel.log_edit.hasFocus()
    qtbot.keyClicks(panel.log_edit, "Talked about the grinder")
    qtbot.keyClick(panel.log_edit, Qt.Key.Key_Return)
    logged = activities.list(contact=anna.id)
    assert [(a.kind, a.subject, a.done) for a in logged] == [
        ("call", "Talked about the grinder", True)]
    assert contacts.get(anna.id).last_touch_at is not None
    assert any("Call: Talked about the grinder" in text for text in _timeline_texts(panel))
    assert panel.log_edit.text() == ""
    assert changed == [anna.id]


def test_choosing_email_logs_an_email(qtbot, panel, anna):
    panel.log_kind.setCurrentIndex(panel.log_kind.findData("email"))
    qtbot.keyClicks(panel.log_edit, "Sent the price list")
    qtbot.mouseClick(panel.log_button, Qt.MouseButton.LeftButton)
    assert [a.kind for a in activities.list(contact=anna.id)] == ["email"]


def test_follow_up_task_sets_the_next_follow_up(qtbot, panel, anna):
    due = date.today() + timedelta(days=5)
    panel.follow_up_date.setDate(QDate(due))
    qtbot.keyClicks(panel.follow_up_edit, "Send samples")
    qtbot.mouseClick(panel.follow_up_button, Qt.MouseButton.LeftButton)
    task = activities.list(contact=anna.id)[0]
    assert (task.kind, task.subject, task.due_date, task.done) == ("task", "Send samples",
                                                                   due, False)
    assert contacts.get(anna.id).next_follow_up == due
    assert any("Task: Send samples" in text for text in _timeline_texts(panel))


def test_new_deal_is_prefilled_and_opened(qtbot, panel, anna):
    opened = []
    panel.open_record.connect(lambda kind, record_id: opened.append((kind, record_id)))
    deal_id = panel.create_deal("Acme – espresso machine")
    deal = deals.get(deal_id)
    assert (deal.contact_id, deal.company_id) == (anna.id, anna.company_id)
    assert opened == [("deal", deal_id)]
    assert contacts.get(anna.id).lifecycle_stage == "opportunity"
    assert any("Deal opened: Acme – espresso machine" in t for t in _timeline_texts(panel))


def test_edit_in_the_details_tab_and_save(qtbot, panel, anna):
    panel.tabs.setCurrentIndex(1)
    assert not panel.save_button.isEnabled()
    job = panel.form.edits["job_title"]
    job.setFocus()
    job.selectAll()
    qtbot.keyClicks(job, "Head barista")
    assert panel.save_button.isEnabled()
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert contacts.get(anna.id).job_title == "Head barista"
    assert not panel.save_button.isEnabled()


def test_bad_email_names_the_field_and_saves_nothing(qtbot, panel, anna):
    panel.tabs.setCurrentIndex(1)
    email = panel.form.edits["email"]
    email.setFocus()
    email.selectAll()
    qtbot.keyClicks(email, "anna@acme")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert panel.form.error_label.isVisible()
    assert panel.form.error_label.text().startswith("Email:")
    assert email.hasFocus()
    assert contacts.get(anna.id).email == "anna@acme.de"


def test_revert_throws_away_the_edits(qtbot, panel, anna):
    panel.tabs.setCurrentIndex(1)
    qtbot.keyClicks(panel.form.edits["city"], "Berlin")
    qtbot.mouseClick(panel.revert_button, Qt.MouseButton.LeftButton)
    assert panel.form.edits["city"].text() == ""
    assert contacts.get(anna.id).city == ""


def test_do_not_contact_is_flagged(qtbot, workspace):
    person = contacts.create(first_name="Nora", do_not_contact=True)
    widget = ContactDetail()
    qtbot.addWidget(widget)
    widget.show()
    widget.show_contact(person.id)
    assert widget.flag_label.isVisible()


def test_timeline_entries_are_laid_out_whole_and_apart(qtbot, panel, anna):
    """Each entry shows its date, time, title and wrapped notes inside its own row: rows
    are as tall as their text needs and do not overlap, also after the panel narrows."""
    today = date.today()
    activities.create(kind="call", subject="Talked about the new grinder and the service plan "
                      "for next year", contact=anna.id, due_date=today - timedelta(days=2),
                      done=True, notes="She wants a quote by Friday. " * 6)
    activities.create(kind="task", subject="Send samples", contact=anna.id,
                      due_date=today + timedelta(days=3))
    activities.create(kind="email", subject="Hello", contact=anna.id,
                      due_date=today - timedelta(days=9), done=True)
    panel.show_contact(anna.id)
    view = panel.timeline_list
    delegate = view.itemDelegate()

    def check_layout() -> None:
        rects = [view.visualItemRect(view.item(row)) for row in range(view.count())]
        for upper, lower in pairwise(rects):
            assert upper.bottom() < lower.top()
        for row, rect in enumerate(rects):
            needed = delegate.sizeHint(_option_for(view), view.indexFromItem(view.item(row)))
            assert rect.height() == needed.height()
        # The long notes wrap onto several lines: their row is the tallest.
        assert max(rects, key=lambda r: r.height()) == rects[_row_with(view, "grinder")]

    check_layout()
    planned = view.item(_row_with(view, "Send samples"))
    assert planned.toolTip() == "Planned"
    long_row = view.item(_row_with(view, "grinder"))
    before = view.visualItemRect(long_row).height()
    panel.resize(360, 720)  # narrower: the notes wrap onto more lines
    qtbot.waitUntil(lambda: view.visualItemRect(long_row).height() > before, timeout=2000)
    check_layout()


def _row_with(view, text: str) -> int:
    return next(row for row in range(view.count()) if text in view.item(row).text())


def _option_for(view):
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.widget = view
    return option
