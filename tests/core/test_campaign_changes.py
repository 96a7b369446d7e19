"""Undo for campaigns: a move with its deliverables, a delete with its links, a creation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from smeplanner.core import bulk, campaign_changes, search
from smeplanner.core.activities import activities
from smeplanner.core.campaigns import campaigns
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals
from smeplanner.core.products import products

TABLES = ("campaign", "campaign_product", "campaign_expense", "activity", "contact", "deal")


def dump(workspace):
    return {table: workspace.database.execute_sql(f"SELECT * FROM {table} ORDER BY 1, 2")
            .fetchall() for table in TABLES}


@pytest.fixture
def fair(workspace):
    campaign = campaigns.create(name="Coffee fair", channel="event", start_date="2026-03-02",
                                end_date="2026-03-06", budget="900")
    campaigns.add_expense(campaign.id, spent_on="2026-03-01", amount="400", vendor="Messe")
    beans = products.create(name="Beans", price="12")
    campaigns.set_offer_products(campaign.id, [beans.id])
    anna = contacts.create(first_name="Anna", last_name="Schmidt", source_campaign=campaign.id)
    deals.create(title="Fair order", contact=anna.id, source_campaign=campaign.id)
    activities.create(subject="Booth flyer", kind="deliverable", role="marketing",
                      campaign=campaign.id, due_date=date(2026, 2, 20))
    return campaign


def test_undo_of_a_delete_brings_back_expenses_offer_deliverables_and_links(workspace, fair):
    briefing = activities.create(subject="Call the stand builder", kind="call",
                                 campaign=fair.id, due_date=date(2026, 2, 10)).id
    before = dump(workspace)
    result = campaign_changes.change_campaigns([fair.id], lambda: campaigns.delete(fair.id))
    assert workspace.database.execute_sql(
        "SELECT count(*) FROM contact WHERE source_campaign_id IS NOT NULL").fetchone()[0] == 0
    # Its deliverable went with it; the call about it stays, unlinked.
    assert [(a.subject, a.campaign_id) for a in activities.list()] == [
        ("Call the stand builder", None)]
    assert result.changes["campaign"] == (fair.id,)
    after = dump(workspace)
    bulk.revert(result)
    assert dump(workspace) == before
    assert [hit.title for hit in search.search(workspace.database, "coffee fair")] \
        == ["Coffee fair"]
    campaign_changes.replay(result)
    assert dump(workspace) == after
    assert activities.get(briefing).campaign_id is None


def test_undo_and_redo_of_a_move(workspace, fair):
    before = dump(workspace)

    def move() -> None:
        campaigns.update(fair.id, start_date="2026-03-09", end_date="2026-03-13")
        for activity in activities.list(campaign=fair.id):
            activities.update(activity.id, due_date=activity.due_date + timedelta(days=7))

    result = campaign_changes.change_campaigns([fair.id], move)
    after = dump(workspace)
    assert result.changes["activity"]
    bulk.revert(result)
    assert dump(workspace) == before
    campaign_changes.replay(result)
    assert dump(workspace) == after


def test_undo_of_a_new_campaign_removes_it_and_what_came_with_it(workspace):
    before = dump(workspace)

    def create() -> int:
        campaign = campaigns.create(name="Newsletter", channel="email",
                                    start_date="2026-04-01", end_date="2026-04-30")
        campaigns.add_expense(campaign.id, spent_on="2026-04-01", amount="50")
        activities.create(subject="Issue 1", kind="deliverable", role="marketing",
                          campaign=campaign.id, due_date=date(2026, 4, 7))
        return campaign.id

    result = campaign_changes.change_campaigns([], create)
    [new_id] = result.changes["campaign"]
    bulk.revert(result)
    assert dump(workspace) == before
    campaign_changes.replay(result)
    assert campaigns.get(new_id).name == "Newsletter"
    assert len(activities.list(campaign=new_id)) == 1


def test_a_change_that_changes_nothing_is_not_kept(workspace, fair):
    result = campaign_changes.change_campaigns([fair.id], lambda: None)
    assert result.changes == {}
