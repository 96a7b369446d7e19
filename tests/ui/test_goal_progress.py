"""The goal strip and the goals dialog, driven as a user would: typing, clicking, toggling."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QSpinBox

from smeplanner.core import metrics
from smeplanner.core.goals import goals
from smeplanner.ui.dialogs.goals_dialog import GoalsDialog
from smeplanner.ui.widgets.goal_progress import GoalProgressStrip
from tests.ui import factories

NOVEMBER = date(2026, 11, 15)


@pytest.fixture
def strip(qtbot):
    strip = GoalProgressStrip()
    qtbot.addWidget(strip)
    strip.show()
    qtbot.waitExposed(strip)
    return strip


@pytest.fixture
def open_dialog(qtbot, workspace):
    def make(period: str = "month", day: date = NOVEMBER) -> GoalsDialog:
        dialog = GoalsDialog(period, day, "EUR")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog
    return make


def stored_goals(workspace):
    return workspace.database.execute_sql(
        "SELECT period, period_start, metric, target FROM goal ORDER BY period, metric"
    ).fetchall()


def replace_text(qtbot, widget: QLineEdit | QSpinBox, text: str) -> None:
    """Select all, delete, type: what a user does to change a field."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    if text:
        qtbot.keyClicks(widget, text)


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def progress(metric: str, target, actual, fraction=None, period="month"):
    first, last = metrics.period_bounds(period, NOVEMBER)
    return metrics.GoalProgress(metric, metrics.GOAL_LABELS[metric], first, last, target,
                                actual, fraction)


# --- the strip -------------------------------------------------------------------------------

def test_strip_shows_each_goal_with_a_target(strip):
    strip.set_progress([
        progress("won_revenue", Decimal("2469.12"), Decimal("1234.56"), 0.5),
        progress("deals_won", None, 3),
        progress("new_leads", 25, 28, 1.12),
        progress("activities_done", 40, 9, 0.225),
    ], "EUR")
    assert list(strip.items) == ["won_revenue", "new_leads", "activities_done"]
    revenue, leads, done = strip.items.values()
    assert revenue.name_label.text() == "Won revenue"
    # Short in the row (1,234.56 → 1.2k, 2,469.12 → 2.5k), exact in the tooltip.
    assert revenue.value_label.text() == "€1.2k / €2.5k"
    assert "€1,234.56 of €2,469.12" in revenue.toolTip()
    assert (revenue.bar.value(), revenue.percent_label.text()) == (50, "50%")
    assert not revenue.bar.isTextVisible()
    # 28 of 25 = 112 %: the bar is full, the text says how far past the goal.
    assert leads.value_label.text() == "28 / 25"
    assert "28 of 25" in leads.toolTip()
    assert (leads.bar.value(), leads.percent_label.text()) == (100, "112%")
    # 9 of 40 = 22.5 % → 23 % (half up)
    assert (done.bar.value(), done.percent_label.text()) == (23, "23%")
    assert all(item.isVisible() for item in strip.items.values())
    assert strip.set_goals_button.isHidden()
    assert strip.goals_button.isVisible()


def test_strip_without_goals_offers_to_set_them(qtbot, strip):
    strip.set_progress([progress("won_revenue", Decimal("100.00"), Decimal("0.00"), 0.0)],
                       "EUR")
    strip.set_progress([progress(metric, None, 0) for metric in metrics.GOAL_METRICS], "EUR")
    assert strip.items == {}
    assert strip.set_goals_button.isVisible()
    assert strip.set_goals_button.text() == "Set goals…"
    with qtbot.waitSignal(strip.edit_goals_requested):
        click(qtbot, strip.set_goals_button)
    with qtbot.waitSignal(strip.edit_goals_requested):
        click(qtbot, strip.goals_button)


def test_period_toggle_emits_the_period_chosen(qtbot, strip):
    assert strip.period == "month"
    assert strip.month_button.isChecked()
    with qtbot.waitSignal(strip.period_changed) as signal:
        click(qtbot, strip.quarter_button)
    assert signal.args == ["quarter"]
    assert strip.period == "quarter"
    assert not strip.month_button.isChecked()
    with qtbot.assertNotEmitted(strip.period_changed):
        click(qtbot, strip.quarter_button)  # already chosen: stays, says nothing
    assert strip.period == "quarter"
    with qtbot.waitSignal(strip.period_changed) as signal:
        click(qtbot, strip.month_button)
    assert signal.args == ["month"]
    assert strip.period == "month"


# --- the dialog ------------------------------------------------------------------------------

def test_dialog_is_prefilled_from_the_stored_goals(open_dialog):
    goals.set_goal("month", NOVEMBER, "won_revenue", "12500.50")
    goals.set_goal("month", NOVEMBER, "deals_won", 5)
    goals.set_goal("quarter", NOVEMBER, "new_leads", 90)
    dialog = open_dialog()
    assert dialog.period_label.text() == "November 2026"
    assert dialog.revenue_edit.text() == "12,500.50"
    assert dialog.count_boxes["deals_won"].value() == 5
    assert dialog.count_boxes["new_leads"].text() == "No goal"  # the quarter's is not shown
    assert dialog.count_boxes["activities_done"].text() == "No goal"


def test_saving_stores_the_goals_and_the_strip_shows_them(qtbot, workspace, open_dialog,
                                                          strip):
    goals.set_goal("month", NOVEMBER, "deals_won", 5)
    factories.add_deal("Big one", "1000", stage="Won", status="won",
                       closed_on=date(2026, 11, 3))
    dialog = open_dialog()
    replace_text(qtbot, dialog.revenue_edit, "12 500,50")
    replace_text(qtbot, dialog.count_boxes["deals_won"], "")  # cleared: goal removed
    replace_text(qtbot, dialog.count_boxes["new_leads"], "30")
    click(qtbot, dialog.save_button)

    assert dialog.result() == GoalsDialog.DialogCode.Accepted
    assert dialog.result_value == ("month", date(2026, 11, 1))
    assert stored_goals(workspace) == [("month", "2026-11-01", "new_leads", 30),
                                       ("month", "2026-11-01", "won_revenue", 1250050)]
    strip.set_progress(metrics.goal_progress("month", NOVEMBER), "EUR")
    assert list(strip.items) == ["won_revenue", "new_leads"]
    # 1000.00 won of 12,500.50 = 7.9996 % → 8 %
    assert strip.items["won_revenue"].value_label.text() == "€1.0k / €12.5k"
    assert strip.items["won_revenue"].percent_label.text() == "8%"
    assert strip.items["new_leads"].value_label.text() == "0 / 30"


def test_a_bad_value_names_the_field_and_stores_nothing(qtbot, workspace, open_dialog):
    goals.set_goal("month", NOVEMBER, "won_revenue", "900")
    before = stored_goals(workspace)
    dialog = open_dialog()
    replace_text(qtbot, dialog.revenue_edit, "12x")
    replace_text(qtbot, dialog.count_boxes["activities_done"], "40")
    click(qtbot, dialog.save_button)

    assert dialog.isVisible()
    assert dialog.result_value is None
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text().startswith("Won revenue:")
    assert "12x" in dialog.error_label.text()
    assert dialog.focusWidget() is dialog.revenue_edit
    assert stored_goals(workspace) == before  # not even the good activities target

    replace_text(qtbot, dialog.revenue_edit, "1200")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert stored_goals(workspace) == [("month", "2026-11-01", "activities_done", 40),
                                       ("month", "2026-11-01", "won_revenue", 120000)]


def test_moving_between_periods_shows_and_saves_that_periods_goals(qtbot, workspace,
                                                                   open_dialog):
    goals.set_goal("month", date(2026, 12, 1), "deals_won", 8)
    goals.set_goal("quarter", date(2026, 10, 1), "won_revenue", "30000")
    dialog = open_dialog()
    click(qtbot, dialog.next_button)
    assert dialog.period_label.text() == "December 2026"
    assert dialog.count_boxes["deals_won"].value() == 8
    dialog.period_combo.setFocus()
    qtbot.keyClick(dialog.period_combo, Qt.Key.Key_Down)  # Month → Quarter
    assert dialog.period == "quarter"
    assert dialog.period_label.text() == "Q4 2026"
    assert dialog.revenue_edit.text() == "30,000.00"
    assert dialog.count_boxes["deals_won"].text() == "No goal"
    click(qtbot, dialog.next_button)
    assert dialog.period_label.text() == "Q1 2027"
    assert dialog.revenue_edit.text() == ""
    click(qtbot, dialog.previous_button)
    click(qtbot, dialog.previous_button)
    assert dialog.period_label.text() == "Q3 2026"
    replace_text(qtbot, dialog.count_boxes["activities_done"], "120")
    click(qtbot, dialog.save_button)
    assert dialog.result_value == ("quarter", date(2026, 7, 1))
    assert ("quarter", "2026-07-01", "activities_done", 120) in stored_goals(workspace)


def test_ask_returns_none_when_cancelled(qtbot, workspace, monkeypatch):
    monkeypatch.setattr(GoalsDialog, "exec", lambda self: self.reject())
    assert GoalsDialog.ask("month", NOVEMBER, "EUR") is None
    assert stored_goals(workspace) == []
