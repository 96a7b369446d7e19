"""Lost reasons: the ordered pick-list, its naming rules, and that deals keep their reason."""

from __future__ import annotations

import pytest

from smeplanner.core import lost_reasons, pipeline
from smeplanner.core.deals import deals
from smeplanner.core.errors import NotFoundError, ValidationError

DEFAULT = ["Price", "Timing", "Competitor", "No budget", "No decision", "Not a fit"]


def reason_rows(workspace):
    return workspace.database.execute_sql("SELECT * FROM lost_reason ORDER BY id").fetchall()


def ids() -> dict[str, int]:
    return {info.name: info.id for info in lost_reasons.list_records()}


def test_the_defaults_come_in_order(workspace):
    assert lost_reasons.list_reasons() == DEFAULT
    assert [info.position for info in lost_reasons.list_records()] == list(range(1, 7))


def test_add_goes_to_the_end_trimmed(workspace):
    new_id = lost_reasons.add_reason("  Went quiet \t")
    assert lost_reasons.list_reasons() == [*DEFAULT, "Went quiet"]
    assert ids()["Went quiet"] == new_id
    assert lost_reasons.list_records()[-1].position == 7


@pytest.mark.parametrize(("name", "message"), [
    ("", "needs a name"),
    ("   ", "needs a name"),
    (None, "needs a name"),
    ("price", "already exists"),
    ("  NO BUDGET ", "already exists"),
    ("x" * 256, "too long"),
    (42, "must be text"),
])
def test_add_refuses_bad_names_and_writes_nothing(workspace, name, message):
    before = reason_rows(workspace)
    with pytest.raises(ValidationError) as caught:
        lost_reasons.add_reason(name)
    assert caught.value.field == "name"
    assert message in caught.value.message
    assert reason_rows(workspace) == before


def test_rename(workspace):
    lost_reasons.rename_reason(ids()["Timing"], "  Bad timing ")
    assert lost_reasons.list_reasons()[1] == "Bad timing"


def test_rename_may_change_only_the_case_of_its_own_name(workspace):
    lost_reasons.rename_reason(ids()["No budget"], "No Budget")
    assert "No Budget" in lost_reasons.list_reasons()


@pytest.mark.parametrize("name", ["", "competitor", "Price "])
def test_rename_refuses_empty_or_taken_names(workspace, name):
    before = reason_rows(workspace)
    with pytest.raises(ValidationError) as caught:
        lost_reasons.rename_reason(ids()["Timing"], name)
    assert caught.value.field == "name"
    assert reason_rows(workspace) == before


def test_unknown_ids_are_not_found(workspace):
    with pytest.raises(NotFoundError):
        lost_reasons.rename_reason(999, "Whatever")
    with pytest.raises(NotFoundError):
        lost_reasons.delete_reason(999)


def test_reorder(workspace):
    by_name = ids()
    order = ["Competitor", "Price", "Timing", "No budget", "No decision", "Not a fit"]
    listed = lost_reasons.reorder_reasons([by_name[name] for name in order])
    assert [info.name for info in listed] == order
    assert lost_reasons.list_reasons() == order
    assert [info.position for info in listed] == list(range(1, 7))


@pytest.mark.parametrize("change", ["missing", "duplicate", "unknown", "text"])
def test_reorder_needs_every_reason_once_and_writes_nothing(workspace, change):
    reason_ids = [info.id for info in lost_reasons.list_records()][::-1]
    if change == "missing":
        reason_ids.pop()
    elif change == "duplicate":
        reason_ids[0] = reason_ids[1]
    elif change == "unknown":
        reason_ids[0] = 999
    else:
        reason_ids[0] = str(reason_ids[0])
    before = reason_rows(workspace)
    with pytest.raises(ValidationError) as caught:
        lost_reasons.reorder_reasons(reason_ids)
    assert caught.value.field == "reasons"
    assert reason_rows(workspace) == before


def test_delete_renumbers_and_leaves_lost_deals_alone(workspace):
    lost = next(s.id for s in pipeline.list_stages() if s.kind == "lost")
    prospect = pipeline.list_stages()[0].id
    deal = deals.create(title="Shelving", stage=prospect, amount="500")
    deals.move_to_stage(deal.id, lost, reason="Price")

    lost_reasons.delete_reason(ids()["Price"])

    assert lost_reasons.list_reasons() == DEFAULT[1:]
    assert [info.position for info in lost_reasons.list_records()] == list(range(1, 6))
    assert deals.get(deal.id).close_reason == "Price"
    # The name is free again.
    lost_reasons.add_reason("Price")
    assert lost_reasons.list_reasons()[-1] == "Price"
