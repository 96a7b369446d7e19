"""The question asked when a deal is dropped on Won or Lost."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from smeplanner.ui.dialogs.close_deal import CloseDealDialog

REASONS = ["Price", "Timing", "Went with a competitor"]


def open_dialog(qtbot, kind: str, amount: str = "4500.00") -> CloseDealDialog:
    dialog = CloseDealDialog(kind, "Press for <b>Acme</b>", Decimal(amount), "EUR", REASONS)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def ok_button(dialog: CloseDealDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_lost_needs_a_reason_and_appends_the_detail(qtbot):
    dialog = open_dialog(qtbot, "lost")
    assert not ok_button(dialog).isEnabled()
    assert dialog.reason_combo.currentText() == ""
    assert [dialog.reason_combo.itemText(i) for i in range(dialog.reason_combo.count())] == \
        REASONS
    qtbot.keyClick(dialog.reason_combo, Qt.Key.Key_Return)  # OK is off: nothing happens
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.reason_combo.lineEdit(), "   ")
    assert not ok_button(dialog).isEnabled()
    dialog.reason_combo.lineEdit().clear()
    qtbot.keyClicks(dialog.reason_combo.lineEdit(), "Budget frozen")  # not on the list
    assert ok_button(dialog).isEnabled()
    qtbot.keyClicks(dialog.detail_edit, "Kraus Maschinen, 8% cheaper")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == CloseDealDialog.DialogCode.Accepted
    assert dialog.values() == {
        "closed_on": QDate.currentDate().toPython(),
        "reason": "Budget frozen — Kraus Maschinen, 8% cheaper", "amount": None}


def test_a_reason_from_the_list_without_detail(qtbot):
    dialog = open_dialog(qtbot, "lost")
    qtbot.keyClicks(dialog.reason_combo.lineEdit(), "Went")
    assert dialog.reason_combo.currentText() == "Went with a competitor"  # completed
    dialog.reason_combo.lineEdit().clear()
    dialog.reason_combo.setFocus()
    qtbot.keyClick(dialog.reason_combo, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.reason_combo, Qt.Key.Key_Down)
    assert dialog.reason_combo.currentText() == "Timing"
    assert ok_button(dialog).isEnabled()
    assert dialog.values()["reason"] == "Timing"


def test_won_takes_the_final_amount_and_an_optional_note(qtbot):
    dialog = open_dialog(qtbot, "won")
    assert not dialog.reason_combo.isVisible()
    assert dialog.amount_edit.text() == "4500.00"
    assert ok_button(dialog).isEnabled()  # nothing is required beyond what it has
    dialog.amount_edit.selectAll()
    qtbot.keyClicks(dialog.amount_edit, "lots")
    assert not ok_button(dialog).isEnabled()
    dialog.amount_edit.selectAll()
    qtbot.keyClicks(dialog.amount_edit, "4 250,50")
    assert ok_button(dialog).isEnabled()
    dialog.closed_on_edit.setDate(QDate(2026, 3, 2))
    qtbot.keyClicks(dialog.detail_edit, "Service contract tipped it")
    qtbot.keyClick(dialog.detail_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert dialog.values() == {"closed_on": QDate(2026, 3, 2).toPython(),
                               "reason": "Service contract tipped it",
                               "amount": Decimal("4250.50")}


def test_escape_cancels(qtbot):
    dialog = open_dialog(qtbot, "won")
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.result() == CloseDealDialog.DialogCode.Rejected


def test_ask_returns_none_when_cancelled(qtbot, monkeypatch):
    monkeypatch.setattr(CloseDealDialog, "exec",
                        lambda self: CloseDealDialog.DialogCode.Rejected)
    assert CloseDealDialog.ask("lost", "Deal", Decimal(1), "EUR", REASONS) is None


def test_the_kind_must_be_won_or_lost(qtbot):
    with pytest.raises(ValueError, match="won"):
        CloseDealDialog("open", "Deal", Decimal(1), "EUR", [])
