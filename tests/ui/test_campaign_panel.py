"""The panel beside the campaign calendar: a campaign's figures, as the user selects one."""

from __future__ import annotations

from datetime import date

from smeplanner.core.campaigns import campaigns
from smeplanner.ui.widgets.campaign_panel import CampaignPanel


def _campaign(name: str, budget: str, spent: str) -> int:
    campaign = campaigns.create(name=name, start_date=date(2026, 3, 2),
                                end_date=date(2026, 3, 20), budget=budget).id
    campaigns.add_expense(campaign, spent_on=date(2026, 3, 3), amount=spent)
    return campaign


def test_the_spend_says_its_share_of_the_budget_only_for_a_campaign_with_one(qtbot, workspace):
    panel = CampaignPanel("EUR")
    qtbot.addWidget(panel)
    with_budget = _campaign("Fair", "1000", "500")
    without = _campaign("Word of mouth", "0", "80")

    panel.show_campaign(with_budget)
    assert panel.values["spend"].text() == "€500.00"
    assert panel.values["spend"].toolTip() == "50% of the budget"
    panel.show_campaign(without)
    assert panel.values["spend"].text() == "€80.00"
    assert panel.values["spend"].toolTip() == ""
