"""Undo for deals: a move, an edit, a creation and a delete come back exactly."""

from __future__ import annotations

import pytest

from smeplanner.core import bulk, deal_changes, pipeline, search, settings
from smeplanner.core.activities import activities
from smeplanner.core.companies import companies
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals
from smeplanner.core.errors import ValidationError

TABLES = ("deal", "deal_line", "deal_stage_change", "activity", "contact", "lifecycle_change")


@pytest.fixture
def stages(workspace):
    return {stage.name: stage.id for stage in pipeline.list_stages()}


@pytest.fixture
def anna(workspace):
    acme = companies.create(name="Acme GmbH")
    return contacts.create(first_name="Anna", last_name="Schmidt", company=acme.id,
                           lifecycle_stage="lead")


def dump(workspace):
    return {table: workspace.database.execute_sql(f"SELECT * FROM {table} ORDER BY id")
            .fetchall() for table in TABLES}


def test_undo_of_a_move_to_won_puts_the_deal_and_the_contact_back(workspace, anna, stages):
    settings.update({"auto_lifecycle": True})
    deal = deals.create(title="Espresso bar", contact=anna.id, amount="1200")
    deals.set_lines(deal.id, [{"description": "Machine", "unit_price": "1200"}])
    before = dump(workspace)
    result = deal_changes.change_deals(
        [deal.id], lambda: deals.move_to_stage(deal.id, stages["Won"], reason="Price") and None)
    assert deals.get(deal.id).status == "won"
    assert contacts.get(anna.id).lifecycle_stage == "customer"
    after = dump(workspace)
    assert result.changes["deal"] == (deal.id,)
    assert result.changes["contact"] == (anna.id,)

    bulk.revert(result)
    assert dump(workspace) == before
    deal_changes.replay(result)
    assert dump(workspace) == after


def test_undo_of_a_new_deal_removes_it_with_its_history_and_from_search(workspace, anna):
    before = dump(workspace)
    result = deal_changes.change_deals(
        [], lambda: deals.create(title="Grinder upgrade", contact=anna.id).id,
        contact_ids=[anna.id])
    [new_id] = result.changes["deal"]
    assert [hit.title for hit in search.search(workspace.database, "grinder")] \
        == ["Grinder upgrade"]
    after = dump(workspace)

    bulk.revert(result)
    assert dump(workspace) == before
    assert search.search(workspace.database, "grinder") == []
    deal_changes.replay(result)
    assert dump(workspace) == after
    assert deals.get(new_id).title == "Grinder upgrade"
    assert [hit.title for hit in search.search(workspace.database, "grinder")] \
        == ["Grinder upgrade"]


def test_undo_of_a_delete_brings_back_lines_history_and_activity_links(workspace, anna, stages):
    deal = deals.create(title="Café fit-out", contact=anna.id, amount="900")
    deals.set_lines(deal.id, [{"description": "Bar", "unit_price": "900"}])
    deals.move_to_stage(deal.id, stages["Proposal"])
    call = activities.create(subject="Call Anna", kind="call", contact=anna.id, deal=deal.id)
    before = dump(workspace)
    result = deal_changes.change_deals([deal.id], lambda: deals.delete(deal.id))
    assert activities.get(call.id).deal_id is None
    after = dump(workspace)

    bulk.revert(result)
    assert dump(workspace) == before
    assert activities.get(call.id).deal_id == deal.id
    assert [hit.title for hit in search.search(workspace.database, "fit-out")] == ["Café fit-out"]
    # Redo deletes the deal again and keeps the call, unlinked, as the delete did.
    deal_changes.replay(result)
    assert dump(workspace) == after
    assert activities.get(call.id).deal_id is None


def test_an_edit_that_changes_nothing_has_nothing_to_undo(workspace, anna):
    deal = deals.create(title="Same", contact=anna.id)
    result = deal_changes.change_deals([deal.id], lambda: deals.update(deal.id, title="Same")
                                       and None)
    assert result.changes == {}


def test_a_failed_change_writes_nothing(workspace, anna):
    deal = deals.create(title="Keep", contact=anna.id, amount="10")
    before = dump(workspace)

    def half_done() -> None:
        deals.update(deal.id, amount="20")
        deals.update(deal.id, amount="-1")  # refused: the first update must roll back too

    with pytest.raises(ValidationError) as caught:
        deal_changes.change_deals([deal.id], half_done)
    assert caught.value.field == "amount"
    assert dump(workspace) == before


def test_relinking_a_deal_to_another_contact_undoes_both_contacts(workspace, anna, stages):
    settings.update({"auto_lifecycle": True})
    ben = contacts.create(first_name="Ben", last_name="Kurz", lifecycle_stage="lead")
    deal = deals.create(title="Beans", contact=anna.id)
    before = dump(workspace)
    result = deal_changes.change_deals(
        [deal.id], lambda: deals.update(deal.id, contact=ben.id, stage=stages["Won"]) and None,
        contact_ids=[ben.id])
    assert contacts.get(ben.id).lifecycle_stage == "customer"
    bulk.revert(result)
    assert dump(workspace) == before
