"""The deliverables panel of a campaign, driven as a user would: click, type, answer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from smeplanner.core import deliverables
from smeplanner.core.campaigns import campaigns
from smeplanner.ui.dialogs import messages
from smeplanner.ui.dialogs.deliverable_editor import DeliverableDialog, RecurringDialog
from smeplanner.ui.formatting import format_date
from smeplanner.ui.widgets import deliverables_panel
from smeplanner.ui.widgets.deliverables_panel import DeliverablesPanel, DeliverableTableModel


@pytest.fixture
def campaign_id(workspace) -> int:
    return campaigns.create(name="Spring", channel="social", start_date="2026-03-01",
                            end_date="2026-04-30").id


@pytest.fixture
def items(campaign_id) -> dict[str, int]:
    return {
        "reel": deliverables.add_deliverable(campaign_id, title="Reel", kind="video",
                                             day="2026-03-20", owner="agency"),
        "draft": deliverables.add_deliverable(campaign_id, title="Draft", kind="newsletter",
                                              day="2026-03-02", stage="done"),
        "flyer": deliverables.add_deliverable(campaign_id, title="Flyer", kind="flyer",
                                              day="2026-03-10", stage="in_progress"),
    }


@pytest.fixture
def make_panel(qtbot) -> Callable[..., DeliverablesPanel]:
    def make(campaign: int | None, **kwargs) -> DeliverablesPanel:
        panel = DeliverablesPanel(**kwargs)
        qtbot.addWidget(panel)
        panel.resize(700, 400)
        panel.set_campaign(campaign)
        panel.show()
        qtbot.waitExposed(panel)
        return panel

    return make


def shown(panel: DeliverablesPanel) -> list[tuple[str, ...]]:
    model = panel.model
    return [tuple(model.index(row, column).data() for column in range(model.columnCount()))
            for row in range(model.rowCount())]


def click_row(qtbot, panel: DeliverablesPanel, row: int) -> None:
    rect = panel.view.visualRect(panel.model.index(row, DeliverableTableModel.TITLE))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def answer_dialog(kind: type[QDialog], act: Callable[[QDialog], None]) -> QTimer:
    """Run ``act`` on the modal dialog of ``kind`` once it is open; close it if ``act``
    fails, so a failing test cannot hang on the dialog."""
    timer = QTimer()
    timer.setInterval(10)

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            timer.stop()
            try:
                act(dialog)
            finally:
                if dialog.isVisible():
                    dialog.reject()

    timer.timeout.connect(check)
    timer.start()
    return timer


def click(qtbot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(combo, key: str) -> None:
    combo.setCurrentIndex(combo.findData(key))


def test_the_model_passes_the_model_tester(qtmodeltester, campaign_id, items):
    model = DeliverableTableModel()
    model.set_items(deliverables.for_campaign(campaign_id))
    qtmodeltester.check(model)


def test_the_list_shows_the_deliverables_by_day_with_done_ones_greyed(make_panel, campaign_id,
                                                                      items):
    panel = make_panel(campaign_id)
    assert shown(panel) == [
        (format_date(date(2026, 3, 2)), "Draft", "Newsletter", "Done", "Me"),
        (format_date(date(2026, 3, 10)), "Flyer", "Flyer", "In progress", "Me"),
        (format_date(date(2026, 3, 20)), "Reel", "Video", "Idea", "Agency")]
    model = panel.model
    grey = model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole)
    assert grey is not None
    assert model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(2, 0).data(DeliverableTableModel.SortRole) == date(2026, 3, 20)
    assert model.index(2, 0).data(DeliverableTableModel.ObjectRole).id == items["reel"]
    # Nothing selected yet: only adding is possible.
    assert panel.add_button.isEnabled() and panel.recurring_button.isEnabled()
    assert not panel.done_button.isEnabled() and not panel.delete_button.isEnabled()
    assert not panel.stage_combo.isEnabled()


def test_without_a_campaign_the_panel_is_empty_and_off(make_panel, campaign_id, items):
    panel = make_panel(campaign_id)
    panel.set_campaign(None)
    assert shown(panel) == []
    assert not panel.add_button.isEnabled() and not panel.recurring_button.isEnabled()


def test_add_a_deliverable_by_typing_it_in(qtbot, make_panel, campaign_id, items):
    panel = make_panel(campaign_id)

    def fill(dialog: DeliverableDialog) -> None:
        qtbot.keyClicks(dialog.title_edit, "Spring newsletter")
        choose(dialog.kind_combo, "newsletter")
        dialog.day_edit.setDate(QDate(2026, 3, 12))
        choose(dialog.owner_combo, "agency")
        choose(dialog.stage_combo, "scheduled")
        qtbot.keyClicks(dialog.notes_edit, "Offer code inside")
        click(qtbot, dialog.save_button)

    timer = answer_dialog(DeliverableDialog, fill)
    with qtbot.waitSignal(panel.changed):
        click(qtbot, panel.add_button)
    timer.stop()
    added = [i for i in deliverables.for_campaign(campaign_id) if i.title == "Spring newsletter"]
    assert [(i.kind, i.day, i.owner, i.stage, i.done, i.notes) for i in added] == [
        ("newsletter", date(2026, 3, 12), "agency", "scheduled", False, "Offer code inside")]
    assert panel.selected() == added[0]
    assert shown(panel)[2][1:] == ("Spring newsletter", "Newsletter", "Scheduled", "Agency")


def test_a_refused_deliverable_names_the_field_and_keeps_the_dialog_open(qtbot, make_panel,
                                                                         campaign_id):
    panel = make_panel(campaign_id)
    seen: list[str] = []

    def fill(dialog: DeliverableDialog) -> None:
        click(qtbot, dialog.save_button)  # no title yet
        seen.append(dialog.error_label.text())
        assert dialog.isVisible() and dialog.title_edit.hasFocus()
        qtbot.keyClicks(dialog.title_edit, "Poster")
        dialog.day_edit.setDate(QDate(2026, 3, 5))
        click(qtbot, dialog.save_button)

    timer = answer_dialog(DeliverableDialog, fill)
    click(qtbot, panel.add_button)
    timer.stop()
    assert seen == ["Title: must not be empty"]
    assert [(i.title, i.kind, i.day) for i in deliverables.for_campaign(campaign_id)] == [
        ("Poster", "post", date(2026, 3, 5))]


def test_cancelling_the_dialog_adds_nothing(qtbot, make_panel, campaign_id):
    panel = make_panel(campaign_id)
    timer = answer_dialog(DeliverableDialog, lambda dialog: dialog.reject())
    with qtbot.assertNotEmitted(panel.changed):
        click(qtbot, panel.add_button)
    timer.stop()
    assert deliverables.for_campaign(campaign_id) == []


def test_add_a_fortnightly_deliverable_with_its_preview(qtbot, make_panel, campaign_id):
    panel = make_panel(campaign_id)
    previews: list[str] = []

    def fill(dialog: RecurringDialog) -> None:
        qtbot.keyClicks(dialog.title_edit, "Newsletter")
        choose(dialog.kind_combo, "newsletter")
        dialog.start_edit.setDate(QDate(2026, 3, 1))  # a Sunday
        dialog.every_spin.setValue(2)
        click(qtbot, dialog.weekday_checks[6])  # untick Sunday, the start's weekday
        click(qtbot, dialog.weekday_checks[1])  # tick Tuesday
        dialog.until_edit.setDate(QDate(2026, 4, 30))
        previews.append(dialog.preview_label.text())
        click(qtbot, dialog.save_button)

    timer = answer_dialog(RecurringDialog, fill)
    with qtbot.waitSignal(panel.changed):
        click(qtbot, panel.recurring_button)
    timer.stop()
    # Weeks start on Monday: the start's week has no Tuesday left, so it begins on 10 March.
    assert previews == ["Repeats every other Tuesday until 30 Apr 2026: 4 deliverables"]
    made = deliverables.for_campaign(campaign_id)
    assert [i.day for i in made] == [date(2026, 3, 10), date(2026, 3, 24), date(2026, 4, 7),
                                     date(2026, 4, 21)]
    assert {(i.title, i.kind, i.stage) for i in made} == {("Newsletter", "newsletter", "idea")}
    assert len({i.series_id for i in made}) == 1 and made[0].series_id is not None
    assert len(shown(panel)) == 4


def test_the_recurrence_preview_says_what_is_wrong(qtbot, campaign_id):
    dialog = RecurringDialog(save=lambda values: None, start=date(2026, 3, 2),
                             until=date(2026, 3, 31))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.preview_label.text() == "Repeats every week on Monday until 31 Mar 2026: " \
                                          "5 deliverables"
    dialog.until_edit.setDate(QDate(2026, 2, 1))
    assert dialog.preview_label.text() == "Repeat: gives no dates from the start date on"
    assert not dialog.save_button.isEnabled()
    click(qtbot, dialog.count_radio)
    dialog.count_spin.setValue(1)
    choose(dialog.unit_combo, "monthly")
    assert dialog.preview_label.text() == "Repeats every month on the first Monday, once: " \
                                          "1 deliverable"
    assert dialog.save_button.isEnabled()
    assert not dialog.until_edit.isEnabled()


def test_move_along_the_stages_and_mark_done(qtbot, make_panel, campaign_id, items):
    panel = make_panel(campaign_id)
    click_row(qtbot, panel, 2)  # Reel, an idea
    assert panel.stage_combo.currentData() == "idea"
    assert panel.done_button.isEnabled()
    panel.stage_combo.setFocus()
    with qtbot.waitSignal(panel.changed):
        qtbot.keyClick(panel.stage_combo, Qt.Key.Key_Down)
    assert deliverables.get(items["reel"]).stage == "in_progress"
    with qtbot.waitSignal(panel.changed):
        qtbot.keyClick(panel.stage_combo, Qt.Key.Key_Down)
    assert deliverables.get(items["reel"]).stage == "scheduled"
    assert panel.selected().id == items["reel"]
    with qtbot.waitSignal(panel.changed):
        click(qtbot, panel.done_button)
    reel = deliverables.get(items["reel"])
    assert (reel.stage, reel.done) == ("done", True)
    assert panel.stage_combo.currentData() == "done"
    assert not panel.done_button.isEnabled()
    assert panel.model.index(2, 1).data(Qt.ItemDataRole.ForegroundRole) is not None


def test_delete_asks_first(qtbot, make_panel, campaign_id, items, monkeypatch):
    panel = make_panel(campaign_id)
    answers = [False, True]
    asked: list[str] = []

    def confirm(parent, title, text, action):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(messages, "confirm", confirm)
    click_row(qtbot, panel, 1)  # Flyer
    with qtbot.assertNotEmitted(panel.changed):
        click(qtbot, panel.delete_button)
    assert len(deliverables.for_campaign(campaign_id)) == 3
    with qtbot.waitSignal(panel.changed):
        click(qtbot, panel.delete_button)
    assert asked == ["Delete the deliverable “Flyer”?"] * 2
    assert [i.title for i in deliverables.for_campaign(campaign_id)] == ["Draft", "Reel"]
    assert [row[1] for row in shown(panel)] == ["Draft", "Reel"]


def test_delete_an_occurrence_or_its_whole_series(qtbot, make_panel, campaign_id, items,
                                                  monkeypatch):
    ids = deliverables.add_series(campaign_id, title="Post", kind="post",
                                  rrule="FREQ=WEEKLY;BYDAY=WE;COUNT=3", start="2026-03-01")
    deliverables.set_stage(ids[0], "done")  # 4 March, stays when the series goes
    panel = make_panel(campaign_id)
    answers = ["one", "series"]
    monkeypatch.setattr(deliverables_panel, "ask_delete",
                        lambda parent, title, in_series: answers.pop(0) if in_series else None)
    panel.select(ids[1])
    with qtbot.waitSignal(panel.changed):
        click(qtbot, panel.delete_button)
    assert [i.id for i in deliverables.for_campaign(campaign_id) if i.title == "Post"] == [
        ids[0], ids[2]]
    panel.select(ids[2])
    with qtbot.waitSignal(panel.changed):
        click(qtbot, panel.delete_button)
    posts = [i for i in deliverables.for_campaign(campaign_id) if i.title == "Post"]
    assert [(i.id, i.done, i.series_id) for i in posts] == [(ids[0], True, None)]


def test_double_click_edits_a_deliverable(qtbot, make_panel, campaign_id, items):
    panel = make_panel(campaign_id)
    seen: list[str] = []

    def edit(dialog: DeliverableDialog) -> None:
        seen.append(dialog.title_edit.text())
        seen.append(dialog.kind_combo.currentData())
        dialog.title_edit.selectAll()
        qtbot.keyClicks(dialog.title_edit, "Flyer A6")
        dialog.day_edit.setDate(QDate(2026, 3, 25))
        click(qtbot, dialog.save_button)

    timer = answer_dialog(DeliverableDialog, edit)
    rect = panel.view.visualRect(panel.model.index(1, DeliverableTableModel.TITLE))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    timer.stop()
    assert seen == ["Flyer", "flyer"]
    flyer = deliverables.get(items["flyer"])
    assert (flyer.title, flyer.day, flyer.stage) == ("Flyer A6", date(2026, 3, 25),
                                                     "in_progress")
    assert panel.selected().id == items["flyer"]
    assert [row[1] for row in shown(panel)] == ["Draft", "Reel", "Flyer A6"]


def test_every_change_goes_through_run(qtbot, make_panel, campaign_id, items, monkeypatch):
    described: list[str] = []
    refuse = [True]

    def run(description: str, work: Callable[[], object]) -> None:
        described.append(description)
        if not refuse[0]:
            work()

    panel = make_panel(campaign_id, run=run)
    monkeypatch.setattr(messages, "confirm", lambda *args: True)
    click_row(qtbot, panel, 2)  # Reel
    click(qtbot, panel.done_button)
    click(qtbot, panel.delete_button)
    # A run that does not do the work (say, a read-only session): nothing changed.
    assert [(i.title, i.stage) for i in deliverables.for_campaign(campaign_id)] == [
        ("Draft", "done"), ("Flyer", "in_progress"), ("Reel", "idea")]
    refuse[0] = False
    click_row(qtbot, panel, 2)
    click(qtbot, panel.done_button)
    assert deliverables.get(items["reel"]).done is True
    assert described == ["Move “Reel” to Done", "Delete deliverable “Reel”",
                         "Move “Reel” to Done"]
