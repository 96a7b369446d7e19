"""The campaign editor: tabs a user fills in, spend against budget, reach figures and the
audience count kept live, errors that name the field or expense row and keep it open."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QStyle, QStyleOptionButton

from smeplanner.core import campaign_forms
from smeplanner.core.campaigns import campaigns
from smeplanner.core.companies import companies
from smeplanner.core.contacts import contacts
from smeplanner.core.errors import ValidationError
from smeplanner.core.products import products
from smeplanner.ui.dialogs.campaign_editor import CampaignEditor

TABS = ("General", "Spend", "Reach", "Audience", "Offer")


@pytest.fixture
def biz(workspace):
    """An agency, two products, and six contacts by stage and tag (two do-not-contact)."""
    agency = companies.create(name="Print and Co")
    press = products.create(name="Press", price="1000", unit_cost="600")
    service = products.create(name="Service day", price="800", unit_cost="300")
    for name, stage, tags, do_not_contact in (
            ("Anna", "lead", ["newsletter", "VIP"], False),
            ("Bernd", "lead", ["newsletter"], True),
            ("Clara", "customer", ["VIP"], False),
            ("Dieter", "customer", [], True),
            ("Eva", "lead", ["newsletter"], False),
            ("Frank", "qualified", [], False)):
        contact = contacts.create(first_name=name, lifecycle_stage=stage,
                                  do_not_contact=do_not_contact)
        contacts.set_tags(contact.id, tags)
    return {"agency": agency.id, "press": press.id, "service": service.id}


class Recorder:
    """A save callable that remembers its calls (and can refuse, as the core would)."""

    def __init__(self, result: int = 42, error: ValidationError | None = None) -> None:
        self.calls: list[tuple] = []
        self.result = result
        self.error = error

    def __call__(self, campaign_id, values, expenses, offer_products):
        self.calls.append((campaign_id, values, expenses, offer_products))
        if self.error is not None:
            raise self.error
        return self.result


def open_editor(qtbot, campaign_id=None, *, save=campaign_forms.save_campaign,
                defaults=None):
    dialog = CampaignEditor("EUR", campaign_id, save=save, defaults=defaults)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def go_to(qtbot, dialog, tab: str) -> None:
    """Click a tab's title."""
    bar = dialog.tabs.tabBar()
    index = TABS.index(tab)
    assert bar.tabText(index) == tab
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert dialog.tabs.currentIndex() == index


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def choose(qtbot, combo, text: str) -> None:
    """Pick a combo box entry by typing its first letters, as keyboard users do."""
    combo.setFocus()
    qtbot.keyClicks(combo, text)
    assert combo.currentText().startswith(text)


def tick(qtbot, checklist, label: str) -> None:
    """Click an entry of a checkable list and toggle it with the space bar."""
    view = checklist.list
    item = next(view.item(row) for row in range(view.count())
                if view.item(row).text() == label)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualItemRect(item).center())
    qtbot.keyClick(view, Qt.Key.Key_Space)


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_check(qtbot, check) -> None:
    """Click a check box on its box (a click right of its text does nothing)."""
    option = QStyleOptionButton()
    check.initStyleOption(option)
    box = check.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, check)
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=box.center())


def save(qtbot, dialog) -> None:
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))


def pick(qtbot, picker, typed: str, label: str) -> None:
    """Type into a picker and choose ``label`` from its list with the keyboard."""
    type_into(qtbot, picker, typed)
    popup = picker.completer_.popup()
    qtbot.waitUntil(popup.isVisible)
    labels = [picker.matches.item(row).text() for row in range(picker.matches.rowCount())]
    assert label in labels, labels
    for _ in range(labels.index(label) + 1):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def add_expense(qtbot, dialog, amount: str, vendor: str) -> int:
    click(qtbot, dialog.expenses_table.add_button)
    row = dialog.expenses_table.table.rowCount() - 1
    # The new line's amount has the cursor, ready to type.
    assert dialog.expenses_table.cell_widget(row, "amount").hasFocus()
    qtbot.keyClicks(dialog.expenses_table.cell_widget(row, "amount"), amount)
    type_into(qtbot, dialog.expenses_table.cell_widget(row, "vendor"), vendor)
    return row


def test_a_new_campaign_filled_in_on_every_tab_is_saved_as_typed(qtbot, biz):
    recorder = Recorder()
    dialog = open_editor(qtbot, save=recorder, defaults={"start_date": date(2026, 3, 2)})
    assert dialog.windowTitle() == "New campaign"
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == list(TABS)
    assert (dialog.start_date.date(), dialog.end_date.date()) == (QDate(2026, 3, 2),
                                                                  QDate(2026, 3, 15))
    assert dialog.duration_label.text() == "14 days"
    assert dialog.name_edit.hasFocus()
    qtbot.keyClicks(dialog.name_edit, "Spring mailing")
    choose(qtbot, dialog.channel_combo, "Social")
    choose(qtbot, dialog.objective_combo, "Sales")
    pick(qtbot, dialog.agency_picker, "print", "Print and Co")
    type_into(qtbot, dialog.budget_edit, "1 500")
    type_into(qtbot, dialog.target_leads_edit, "40")
    type_into(qtbot, dialog.notes_edit, "Second wave in April")

    go_to(qtbot, dialog, "Spend")
    assert dialog.spend_label.text() == "Spent €0.00 of €1,500.00 budget (0 %)"
    add_expense(qtbot, dialog, "400", "Printer")
    assert dialog.spend_label.text() == "Spent €400.00 of €1,500.00 budget (26.7 %)"
    add_expense(qtbot, dialog, "125,50", "Mailer")
    type_into(qtbot, dialog.expenses_table.cell_widget(1, "note"), "Postage")
    assert dialog.spend_label.text() == "Spent €525.50 of €1,500.00 budget (35 %)"
    assert dialog.expenses_table.total_label.text() == "Total: €525.50"

    go_to(qtbot, dialog, "Reach")
    assert (dialog.reach.ctr_label.text(), dialog.reach.cpc_label.text()) == ("—", "—")
    type_into(qtbot, dialog.reach.impressions_edit, "12000")
    type_into(qtbot, dialog.reach.clicks_edit, "300")
    type_into(qtbot, dialog.reach.visits_edit, "250")
    assert (dialog.reach.ctr_label.text(), dialog.reach.cpc_label.text()) == ("2.50 %", "€1.75")

    go_to(qtbot, dialog, "Audience")
    assert dialog.audience.count_label.text() == "4 contacts (2 do-not-contact excluded)"
    tick(qtbot, dialog.audience.tags_list, "newsletter")
    assert dialog.audience.count_label.text() == "2 contacts (1 do-not-contact excluded)"
    click_check(qtbot, dialog.audience.stage_checks["customer"])
    assert dialog.audience.count_label.text() == "0 contacts (0 do-not-contact excluded)"
    tick(qtbot, dialog.audience.tags_list, "VIP")
    assert dialog.audience.count_label.text() == "1 contact (0 do-not-contact excluded)"
    click_check(qtbot, dialog.audience.stage_checks["lead"])
    assert dialog.audience.count_label.text() == "3 contacts (1 do-not-contact excluded)"

    go_to(qtbot, dialog, "Offer")
    type_into(qtbot, dialog.offer.discount_edit, "12,5")
    type_into(qtbot, dialog.offer.code_edit, "SPRING12")
    assert not dialog.offer.start_date.isEnabled()
    click(qtbot, dialog.offer.window_check)
    assert dialog.offer.start_date.isEnabled()
    assert dialog.offer.end_date.date() == QDate(2026, 3, 15)
    tick(qtbot, dialog.offer.products_list, "Press")

    save(qtbot, dialog)
    assert not dialog.isVisible() and dialog.saved_id == 42
    [(campaign_id, values, expenses, offer)] = recorder.calls
    assert campaign_id is None
    assert values == {
        "name": "Spring mailing", "channel": "social", "objective": "sales",
        "status": "planned", "start_date": date(2026, 3, 2), "end_date": date(2026, 3, 15),
        "budget": Decimal("1500"), "target_leads": 40, "target_revenue": None,
        "audience_tags": ["newsletter", "VIP"], "audience_stages": ["lead", "customer"],
        "offer_discount_pct": Decimal("12.5"), "offer_code": "SPRING12",
        "offer_start": date(2026, 3, 2), "offer_end": date(2026, 3, 15),
        "agency": biz["agency"], "impressions": 12000, "clicks": 300, "visits": 250,
        "notes": "Second wave in April"}
    today = date.today()
    expected_day = min(date(2026, 3, 15), max(date(2026, 3, 2), today))
    assert expenses == [
        {"id": None, "spent_on": expected_day, "amount": Decimal("400"), "vendor": "Printer",
         "note": ""},
        {"id": None, "spent_on": expected_day, "amount": Decimal("125.50"),
         "vendor": "Mailer", "note": "Postage"}]
    assert offer == [biz["press"]]


def test_saved_through_the_core_it_loads_back_and_an_expense_can_go(qtbot, biz):
    dialog = open_editor(qtbot)
    qtbot.keyClicks(dialog.name_edit, "Fair")
    type_into(qtbot, dialog.budget_edit, "1000")
    go_to(qtbot, dialog, "Spend")
    add_expense(qtbot, dialog, "300", "Venue")
    add_expense(qtbot, dialog, "200", "Stand")
    go_to(qtbot, dialog, "Offer")
    tick(qtbot, dialog.offer.products_list, "Service day")
    save(qtbot, dialog)
    saved = campaigns.get(dialog.saved_id)
    assert (saved.name, saved.budget, campaigns.spend(saved.id)) == (
        "Fair", Decimal("1000.00"), Decimal("500.00"))
    assert campaigns.offer_product_ids(saved.id) == [biz["service"]]

    again = open_editor(qtbot, saved.id)
    assert again.windowTitle() == "Edit campaign"
    assert again.name_edit.text() == "Fair"
    assert again.spend_label.text() == "Spent €500.00 of €1,000.00 budget (50 %)"
    assert again.spent_hint.text() == "€500.00 spent (50 %)"  # under the budget
    assert again.offer.products_list.checked() == [biz["service"]]
    go_to(qtbot, again, "Spend")
    # Clicking into the first line makes it the one Remove expense takes.
    click(qtbot, again.expenses_table.cell_widget(0, "vendor"))
    click(qtbot, again.expenses_table.remove_button)
    assert again.spend_label.text() == "Spent €200.00 of €1,000.00 budget (20 %)"
    type_into(qtbot, again.expenses_table.cell_widget(0, "amount"), "1250")
    assert again.spend_label.text() == ("Spent €1,250.00 of €1,000.00 budget (125 %): "
                                        "€250.00 over")
    save(qtbot, again)
    assert [(e.vendor, e.amount) for e in campaigns.expenses(saved.id)] == [
        ("Stand", Decimal("1250.00"))]


def test_an_error_from_save_names_the_field_and_keeps_the_dialog_open(qtbot, biz):
    dialog = open_editor(qtbot)
    type_into(qtbot, dialog.budget_edit, "500")
    go_to(qtbot, dialog, "Reach")
    save(qtbot, dialog)  # no name: the core refuses
    assert dialog.isVisible() and dialog.saved_id is None
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == "Name: must not be empty"
    assert dialog.tabs.currentIndex() == TABS.index("General")
    assert dialog.name_edit.hasFocus()
    assert campaigns.count() == 0
    qtbot.keyClicks(dialog.name_edit, "Now named")
    save(qtbot, dialog)
    assert not dialog.isVisible() and campaigns.get(dialog.saved_id).name == "Now named"


def test_an_error_in_an_expense_brings_its_tab_and_cell_forward(qtbot, biz):
    recorder = Recorder(error=ValidationError("expense 2.amount", "must not be negative"))
    dialog = open_editor(qtbot, save=recorder)
    qtbot.keyClicks(dialog.name_edit, "Two lines")
    go_to(qtbot, dialog, "Spend")
    add_expense(qtbot, dialog, "10", "Stamps")
    add_expense(qtbot, dialog, "-3", "Refund")
    go_to(qtbot, dialog, "General")
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Expense 2, amount: must not be negative"
    assert dialog.tabs.currentIndex() == TABS.index("Spend")
    assert dialog.expenses_table.cell_widget(1, "amount").hasFocus()
    assert recorder.calls[0][2][1]["amount"] == Decimal("-3")


def test_an_amount_that_does_not_read_is_named_by_the_core_and_nothing_is_saved(qtbot, biz):
    dialog = open_editor(qtbot)
    qtbot.keyClicks(dialog.name_edit, "Odd amount")
    go_to(qtbot, dialog, "Spend")
    add_expense(qtbot, dialog, "12x", "Printer")
    assert dialog.expenses_table.total_label.text() == "Total: —"
    assert dialog.spend_label.text() == "Spent: — (an amount in the lines does not read)"
    save(qtbot, dialog)
    assert dialog.error_label.text() == "Expense 1, amount: '12x' is not an amount"
    assert dialog.expenses_table.cell_widget(0, "amount").hasFocus()
    assert campaigns.count() == 0


def test_an_end_before_the_start_is_refused(qtbot, biz):
    dialog = open_editor(qtbot, defaults={"start_date": date(2026, 3, 2)})
    qtbot.keyClicks(dialog.name_edit, "Backwards")
    dialog.end_date.setFocus()
    # Type the day section of the end date down to the 1st, before the 2nd it starts.
    qtbot.keyClick(dialog.end_date, Qt.Key.Key_End)
    for _ in range(2):
        qtbot.keyClick(dialog.end_date, Qt.Key.Key_Backspace)
    qtbot.keyClicks(dialog.end_date, "01")
    assert dialog.end_date.date() == QDate(2026, 3, 1)
    assert dialog.duration_label.text() == "ends before it starts"
    go_to(qtbot, dialog, "Offer")
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "End: The campaign ends before it starts"
    assert dialog.tabs.currentIndex() == TABS.index("General")
    assert dialog.end_date.hasFocus()
    assert campaigns.count() == 0


def test_moving_the_start_keeps_the_length(qtbot, biz):
    dialog = open_editor(qtbot, defaults={"start_date": date(2026, 3, 2)})
    dialog.start_date.setFocus()
    qtbot.keyClick(dialog.start_date, Qt.Key.Key_End)
    for _ in range(2):
        qtbot.keyClick(dialog.start_date, Qt.Key.Key_Backspace)
    qtbot.keyClicks(dialog.start_date, "09")
    assert (dialog.start_date.date(), dialog.end_date.date()) == (QDate(2026, 3, 9),
                                                                  QDate(2026, 3, 22))
    assert dialog.duration_label.text() == "14 days"


def test_an_agency_typed_but_not_picked_is_refused_before_saving(qtbot, biz):
    recorder = Recorder()
    dialog = open_editor(qtbot, save=recorder)
    qtbot.keyClicks(dialog.name_edit, "Mystery")
    type_into(qtbot, dialog.agency_picker, "Nowhere Inc")
    save(qtbot, dialog)
    assert recorder.calls == []
    assert dialog.error_label.text().startswith("Agency: pick one from the list")
    assert dialog.agency_picker.hasFocus()


def test_a_stored_audience_and_offer_show_ticked_and_a_gone_tag_is_kept(qtbot, biz):
    campaign_id = campaign_forms.save_campaign(None, {
        "name": "Loyalty", "channel": "email", "objective": "retention", "status": "active",
        "start_date": date(2026, 3, 2), "end_date": date(2026, 3, 30),
        "budget": Decimal("0"), "audience_tags": ["vip", "Old list"],
        "audience_stages": ["customer"], "offer_discount_pct": Decimal("10"),
        "offer_start": date(2026, 3, 5), "offer_end": date(2026, 3, 9)},
        None, [biz["press"]])
    dialog = open_editor(qtbot, campaign_id)
    # Stored ignoring case: ticked under the tag's own spelling.
    assert dialog.audience.tags_list.checked() == ["VIP", "Old list"]
    assert dialog.audience.tags_list.item("Old list").toolTip() == "No longer in the workspace"
    assert [s for s, check in dialog.audience.stage_checks.items() if check.isChecked()] == [
        "customer"]
    assert dialog.audience.count_label.text() == "1 contact (0 do-not-contact excluded)"
    assert dialog.spend_label.text() == "Spent €0.00 (no budget set)"
    assert dialog.offer.discount_edit.text() == "10"
    assert dialog.offer.window_check.isChecked()
    assert dialog.offer.start_date.date() == QDate(2026, 3, 5)
    go_to(qtbot, dialog, "Audience")
    tick(qtbot, dialog.audience.tags_list, "Old list")
    save(qtbot, dialog)
    stored = campaigns.get(campaign_id)
    assert (stored.audience_tags, stored.audience_stages, stored.offer_end) == (
        "VIP", "customer", date(2026, 3, 9))
