"""The merge dialog: only differing fields are offered, filled values win by default, and
the choice names the survivor, the others and the chosen values."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from smeplanner.core.contacts import contacts
from smeplanner.ui.dialogs.merge_contacts import MergeContactsDialog


def _click(qtbot, radio) -> None:
    # A radio button reacts on its indicator and label, not on the empty rest of its cell.
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(6, radio.height() // 2))


def test_the_choice_reflects_the_clicks(qtbot, workspace):
    first = contacts.create(first_name="Anna", last_name="Schmidt", email="anna@acme.de",
                            phone="")
    second = contacts.create(first_name="Anna", last_name="Schmitt", email="anna@acme.de",
                             phone="+49 30 1234567", city="Berlin")
    dialog = MergeContactsDialog([first.id, second.id])
    qtbot.addWidget(dialog)
    dialog.resize(800, 500)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert set(dialog.field_groups) == {"last_name", "phone", "address"}
    # Filled values are picked by default, so nothing is lost by accident.
    assert dialog.field_groups["phone"].checkedId() == second.id
    assert dialog.field_groups["last_name"].checkedId() == first.id
    _click(qtbot, dialog.survivor_group.button(second.id))
    _click(qtbot, dialog.field_groups["last_name"].button(second.id))
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    choice = dialog.result_value
    assert choice.survivor_id == second.id
    assert choice.other_ids == (first.id,)
    # The address is chosen whole: every part of it from the one contact.
    assert choice.chosen == {"last_name": "Schmitt", "phone": "+49 30 1234567",
                             "address": "", "city": "Berlin", "postcode": "", "region": "",
                             "country": ""}


def test_addresses_are_chosen_whole_and_notes_joined_by_default(qtbot, workspace):
    from smeplanner.core.merge import merge_contacts

    first = contacts.create(first_name="Bea", email="bea@cafe.de", address="Hauptstr. 1",
                            notes="Met at the fair.")
    second = contacts.create(first_name="Bea", email="bea@cafe.de", address="Ring 5",
                             city="Köln", postcode="50667", notes="Prefers calls after 3 pm.")
    dialog = MergeContactsDialog([first.id, second.id])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    address = dialog.field_groups["address"]
    assert [address.button(cid).text() for cid in (first.id, second.id)] == [
        "Hauptstr. 1", "Ring 5, 50667 Köln"]
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    choice = dialog.result_value
    assert "notes" not in choice.chosen  # "Both, joined": the merge joins them
    merge_contacts(choice.survivor_id, list(choice.other_ids), choice.chosen)
    kept = contacts.get(first.id)
    # Never street from one and city from the other.
    assert (kept.address, kept.city, kept.postcode) == ("Hauptstr. 1", "", "")
    assert kept.notes == "Met at the fair.\n\nPrefers calls after 3 pm."


def test_names_with_markup_are_shown_as_text(qtbot, workspace):
    first = contacts.create(first_name="<b>Bold</b>", email="a@b.de")
    second = contacts.create(first_name="Plain", email="a@b.de")
    dialog = MergeContactsDialog([first.id, second.id])
    qtbot.addWidget(dialog)
    # QRadioButton never interprets rich text: the brackets stay visible.
    assert dialog.survivor_group.button(first.id).text() == "<b>Bold</b>"
