"""The filter bar: one widget per filter, user choices become filter values, choices reload."""

from __future__ import annotations

from PySide6.QtCore import Qt

from smeplanner.core.contacts import contacts
from smeplanner.ui.widgets.filter_bar import FilterBar


def test_choosing_and_clearing_filters_emits_their_values(qtbot, workspace):
    bar = FilterBar("contacts")
    qtbot.addWidget(bar)
    bar.show()
    qtbot.waitExposed(bar)
    seen: list[tuple[str, object]] = []
    bar.filter_changed.connect(lambda key, value: seen.append((key, value)))
    stage = bar.widgets["stage"]
    assert stage.count() == 1  # only "All" until the list is opened
    stage.showPopup()
    stage.hidePopup()
    stage.setCurrentIndex(stage.findData("customer"))
    stage.activated.emit(stage.currentIndex())
    qtbot.mouseClick(bar.widgets["follow_up_overdue"], Qt.MouseButton.LeftButton)
    bar.set_value("no_touch_days", 90)
    assert seen == [("stage", "customer"), ("follow_up_overdue", True), ("no_touch_days", 90)]
    seen.clear()
    qtbot.mouseClick(bar.clear_button, Qt.MouseButton.LeftButton)
    assert sorted(seen) == [("follow_up_overdue", None), ("no_touch_days", None),
                            ("stage", None)]


def test_new_tags_appear_after_reload_and_the_choice_is_kept(qtbot, workspace):
    person = contacts.create(first_name="Vera")
    contacts.set_tags(person.id, ["VIP"])
    bar = FilterBar("contacts")
    qtbot.addWidget(bar)
    tags = bar.widgets["tag"]
    tags.showPopup()
    tags.hidePopup()
    tags.setCurrentIndex(tags.findData("VIP"))
    contacts.set_tags(person.id, ["VIP", "Wholesale"])
    bar.reload_choices()
    assert tags.findData("Wholesale") >= 0
    assert tags.currentData() == "VIP"


def test_a_chosen_tag_that_disappears_stops_filtering(qtbot, workspace):
    """Undoing the tagging that created a tag takes the tag away: the bar says "All" and
    tells the list to stop filtering by it (it went on showing 0 rows)."""
    person = contacts.create(first_name="Vera")
    contacts.set_tags(person.id, ["Fair 2026"])
    bar = FilterBar("contacts")
    qtbot.addWidget(bar)
    seen: list[tuple[str, object]] = []
    bar.filter_changed.connect(lambda key, value: seen.append((key, value)))
    bar.set_value("tag", "Fair 2026")
    contacts.set_tags(person.id, [])
    workspace.database.execute_sql("DELETE FROM tag WHERE name = 'Fair 2026'")
    bar.reload_choices()
    assert bar.value("tag") is None
    assert seen == [("tag", "Fair 2026"), ("tag", None)]
