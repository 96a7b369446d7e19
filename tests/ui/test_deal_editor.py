"""The deal editor: pickers that search as the user types, product lines whose total the
amount follows, errors that name the field or row and keep the dialog open."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from smeplanner.core import deal_forms, pipeline
from smeplanner.core.campaigns import campaigns
from smeplanner.core.companies import companies
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals
from smeplanner.core.errors import ValidationError
from smeplanner.core.products import products
from smeplanner.ui.dialogs.deal_editor import DealEditor


@pytest.fixture
def biz(workspace):
    acme = companies.create(name="Acme GmbH")
    spring = campaigns.create(name="Spring mailing", channel="email", start_date="2026-03-01",
                              end_date="2026-03-31")
    anna = contacts.create(first_name="Anna", last_name="Schmidt", company=acme.id,
                           source_campaign=spring.id)
    contacts.create(first_name="Bernd", last_name="Schmitz")
    press = products.create(name="Press", price="1000", unit_cost="600")
    service = products.create(name="Service day", price="800.00", unit_cost="300")
    stages = {stage.name: stage.id for stage in pipeline.list_stages()}
    return {"acme": acme.id, "spring": spring.id, "anna": anna.id, "press": press.id,
            "service": service.id, "stages": stages}


class Recorder:
    """A save callable that remembers its calls (and can refuse, as the core would)."""

    def __init__(self, result: int = 42, error: ValidationError | None = None) -> None:
        self.calls: list[tuple] = []
        self.result = result
        self.error = error

    def __call__(self, deal_id, values, lines):
        self.calls.append((deal_id, values, lines))
        if self.error is not None:
            raise self.error
        return self.result


def open_editor(qtbot, deal_id=None, *, save=deal_forms.save_deal, defaults=None):
    dialog = DealEditor("EUR", deal_id, save=save, defaults=defaults)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


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
    assert not popup.isVisible()


def choose_product(qtbot, dialog, row: int, name: str) -> None:
    combo = dialog.lines_table.cell_widget(row, "product")
    combo.setFocus()
    qtbot.keyClicks(combo, name)
    assert combo.currentText() == name


def save(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)


def test_a_new_deal_with_a_picked_contact_and_two_lines(qtbot, biz):
    recorder = Recorder()
    dialog = open_editor(qtbot, save=recorder)
    type_into(qtbot, dialog.title_edit, "Presses for Acme")
    pick(qtbot, dialog.contact_picker, "Schm", "Anna Schmidt — Acme GmbH")
    # Picking a contact fills the company and the campaign they came from.
    assert dialog.contact_picker.text() == "Anna Schmidt — Acme GmbH"
    assert dialog.company_picker.text() == "Acme GmbH"
    assert dialog.campaign_picker.text() == "Spring mailing"

    type_into(qtbot, dialog.amount_edit, "99")
    qtbot.mouseClick(dialog.lines_table.add_button, Qt.MouseButton.LeftButton)
    choose_product(qtbot, dialog, 0, "Press")
    assert dialog.lines_table.cell_widget(0, "unit_price").text() == "1000.00"
    type_into(qtbot, dialog.lines_table.cell_widget(0, "quantity"), "2")
    assert dialog.lines_table.cell_widget(0, "total").text() == "€2,000.00"
    # With lines, the amount is theirs: shown live, not typed.
    assert dialog.amount_edit.isReadOnly()
    assert dialog.amount_edit.text() == "2000.00"

    qtbot.mouseClick(dialog.lines_table.add_button, Qt.MouseButton.LeftButton)
    choose_product(qtbot, dialog, 1, "Service day")
    type_into(qtbot, dialog.lines_table.cell_widget(1, "description"), "Set-up")
    type_into(qtbot, dialog.lines_table.cell_widget(1, "discount_pct"), "12,5")
    assert dialog.lines_table.cell_widget(1, "total").text() == "€700.00"
    assert dialog.lines_table.total_label.text() == "Total: €2,700.00"
    assert dialog.amount_edit.text() == "2700.00"

    save(qtbot, dialog)
    assert not dialog.isVisible() and dialog.saved_id == 42
    [(deal_id, values, lines)] = recorder.calls
    stages = biz["stages"]
    assert deal_id is None
    assert values == {
        "title": "Presses for Acme", "contact": biz["anna"], "company": biz["acme"],
        "stage": stages["Prospect"], "amount": Decimal("2700.00"),
        "probability_override": None, "expected_close": None, "next_step": "",
        "next_step_date": None, "source_campaign": biz["spring"], "notes": "",
        "closed_on": None, "close_reason": ""}
    assert lines == [
        {"product": biz["press"], "description": "", "quantity": Decimal(2),
         "unit_price": Decimal("1000.00"), "discount_pct": Decimal(0)},
        {"product": biz["service"], "description": "Set-up", "quantity": Decimal(1),
         "unit_price": Decimal("800.00"), "discount_pct": Decimal("12.5")},
    ]


def test_saved_through_the_core_it_loads_back_and_removing_a_line_moves_the_amount(
        qtbot, biz):
    dialog = open_editor(qtbot, defaults={"contact": biz["anna"]})
    type_into(qtbot, dialog.title_edit, "Press")
    qtbot.mouseClick(dialog.lines_table.add_button, Qt.MouseButton.LeftButton)
    choose_product(qtbot, dialog, 0, "Press")
    qtbot.mouseClick(dialog.lines_table.add_button, Qt.MouseButton.LeftButton)
    choose_product(qtbot, dialog, 1, "Service day")
    dialog.next_step_check.setChecked(True)
    type_into(qtbot, dialog.next_step_edit, "Call Anna")
    save(qtbot, dialog)
    deal = deals.get(dialog.saved_id)
    assert (deal.title, deal.amount, deal.company_id, deal.next_step) == (
        "Press", Decimal("1800.00"), biz["acme"], "Call Anna")

    again = open_editor(qtbot, deal.id)
    assert again.amount_edit.isReadOnly() and again.amount_edit.text() == "1800.00"
    # Clicking into line 1 makes it the one Remove line removes.
    qtbot.mouseClick(again.lines_table.cell_widget(0, "quantity"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(again.lines_table.remove_button, Qt.MouseButton.LeftButton)
    assert again.lines_table.total_label.text() == "Total: €800.00"
    assert again.amount_edit.text() == "800.00"
    qtbot.mouseClick(again.lines_table.remove_button, Qt.MouseButton.LeftButton)
    # No lines left: the amount can be typed again and is kept.
    assert not again.amount_edit.isReadOnly()
    type_into(qtbot, again.amount_edit, "1 234,50")
    save(qtbot, again)
    assert (deals.lines(deal.id), deals.get(deal.id).amount) == ([], Decimal("1234.50"))


def test_an_error_from_save_names_the_field_and_keeps_the_dialog_open(qtbot, biz):
    dialog = open_editor(qtbot)
    type_into(qtbot, dialog.amount_edit, "500")
    save(qtbot, dialog)  # no title: the core refuses
    assert dialog.isVisible() and dialog.saved_id is None
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == "Title: must not be empty"
    assert dialog.title_edit.hasFocus()
    assert deals.count() == 0


def test_an_error_in_a_line_focuses_that_cell(qtbot, biz):
    recorder = Recorder(error=ValidationError("line 2.quantity", "must be more than 0"))
    dialog = open_editor(qtbot, save=recorder)
    type_into(qtbot, dialog.title_edit, "Two lines")
    for row, name in ((0, "Press"), (1, "Service day")):
        qtbot.mouseClick(dialog.lines_table.add_button, Qt.MouseButton.LeftButton)
        choose_product(qtbot, dialog, row, name)
    type_into(qtbot, dialog.lines_table.cell_widget(1, "quantity"), "0")
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Line 2, quantity: must be more than 0"
    assert dialog.lines_table.cell_widget(1, "quantity").hasFocus()
    assert recorder.calls[0][2][1]["quantity"] == Decimal(0)


def test_typed_text_that_names_no_record_is_refused_before_saving(qtbot, biz):
    recorder = Recorder()
    dialog = open_editor(qtbot, save=recorder)
    type_into(qtbot, dialog.title_edit, "Mystery")
    type_into(qtbot, dialog.company_picker, "Nowhere Inc")
    save(qtbot, dialog)
    assert recorder.calls == []
    assert dialog.error_label.text().startswith("Company: pick one from the list")
    assert dialog.company_picker.hasFocus()
    # A name typed to the letter counts as picked.
    type_into(qtbot, dialog.company_picker, "acme gmbh")
    save(qtbot, dialog)
    assert recorder.calls[0][1]["company"] == biz["acme"]


def test_a_won_stage_shows_the_closing_fields(qtbot, biz):
    dialog = open_editor(qtbot, defaults={"stage": biz["stages"]["Proposal"]})
    assert dialog.stage_combo.currentText() == "Proposal"
    assert not dialog.closed_on_date.isVisible() and not dialog.reason_combo.isVisible()
    type_into(qtbot, dialog.title_edit, "Closed already")
    dialog.stage_combo.setFocus()
    qtbot.keyClicks(dialog.stage_combo, "Won")
    assert dialog.stage_combo.currentText() == "Won"
    assert dialog.closed_on_date.isVisible() and dialog.reason_combo.isVisible()
    dialog.closed_on_date.setDate(date(2026, 3, 2))
    type_into(qtbot, dialog.reason_combo.lineEdit(), "Best service offer")
    save(qtbot, dialog)
    deal = deals.get(dialog.saved_id)
    assert (deal.status, deal.closed_on, deal.close_reason) == (
        "won", date(2026, 3, 2), "Best service offer")


def test_probability_shows_the_stage_default_until_overridden(qtbot, biz):
    recorder = Recorder()
    dialog = open_editor(qtbot, save=recorder)
    spin = dialog.probability_spin
    prospect = next(s for s in pipeline.list_stages() if s.name == "Prospect")
    assert spin.text() == f"stage default ({prospect.probability} %)"
    type_into(qtbot, dialog.title_edit, "Likely")
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "75")
    save(qtbot, dialog)
    assert recorder.calls[0][1]["probability_override"] == 75


def test_a_price_that_does_not_read_is_named_by_the_core_and_nothing_is_saved(qtbot, biz):
    dialog = open_editor(qtbot)
    type_into(qtbot, dialog.title_edit, "Odd price")
    qtbot.mouseClick(dialog.lines_table.add_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, dialog.lines_table.cell_widget(0, "description"), "Freight")
    price = dialog.lines_table.cell_widget(0, "unit_price")
    type_into(qtbot, price, "12x")
    assert dialog.lines_table.cell_widget(0, "total").text() == "—"
    assert dialog.lines_table.total_label.text() == "Total: —"
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Line 1, unit price: '12x' is not an amount"
    assert price.hasFocus()
    assert deals.count() == 0
    type_into(qtbot, price, "12.50")
    save(qtbot, dialog)
    assert deals.get(dialog.saved_id).amount == Decimal("12.50")


def test_a_final_amount_agreed_at_closing_survives_an_edit_until_the_lines_change(qtbot, biz):
    """Ten presses on the lines, won for a final €9,000: editing the notes keeps €9,000;
    changing a line makes the amount the lines' sum again."""
    deal_id = deal_forms.save_deal(None, {"title": "Presses", "contact": biz["anna"]},
                                   [{"product": biz["press"], "quantity": Decimal(10)}])
    deals.move_to_stage(deal_id, biz["stages"]["Won"], amount=Decimal("9000.00"))
    assert deals.get(deal_id).amount == Decimal("9000.00")

    dialog = open_editor(qtbot, deal_id)
    assert dialog.amount_edit.text() == "9000.00"
    assert "10000.00" in dialog.amount_hint.text()
    dialog.notes_edit.setFocus()
    qtbot.keyClicks(dialog.notes_edit, "Invoice sent")
    save(qtbot, dialog)
    assert deals.get(deal_id).amount == Decimal("9000.00")
    assert [line.quantity for line in deals.lines(deal_id)] == [Decimal(10)]

    again = open_editor(qtbot, deal_id)
    type_into(qtbot, again.lines_table.cell_widget(0, "quantity"), "11")
    assert again.amount_edit.text() == "11000.00"
    assert again.amount_hint.text() == "sum of the lines"
    save(qtbot, again)
    assert deals.get(deal_id).amount == Decimal("11000.00")


def test_a_quantity_reads_like_an_amount(qtbot, biz):
    """"1,000" units are a thousand (as "1,000" euros are), "1,5" one and a half."""
    dialog = open_editor(qtbot)
    qtbot.mouseClick(dialog.lines_table.add_button, Qt.MouseButton.LeftButton)
    choose_product(qtbot, dialog, 0, "Press")
    type_into(qtbot, dialog.lines_table.cell_widget(0, "quantity"), "1,000")
    assert dialog.lines_table.cell_widget(0, "total").text() == "€1,000,000.00"
    type_into(qtbot, dialog.lines_table.cell_widget(0, "quantity"), "1,5")
    assert dialog.lines_table.cell_widget(0, "total").text() == "€1,500.00"
