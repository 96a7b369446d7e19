"""Merging contacts: the default values, the merge itself and its exact undo."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from smeplanner.core import merge, search
from smeplanner.core.activities import activities
from smeplanner.core.campaigns import campaigns
from smeplanner.core.companies import companies
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals
from smeplanner.core.errors import ValidationError
from smeplanner.core.merge import merge_contacts, merge_defaults, unmerge
from smeplanner.core.timeutil import today


def dump(database):
    """Every row of every table but the search index (whose own tables are checked apart)."""
    tables = [name for (name,) in database.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_%' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {table: sorted(database.execute_sql(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in tables}


def index_rows(database):
    return [database.execute_sql(f"SELECT rowid, kind, ref_id, title, detail FROM {fts} "
                                 "ORDER BY rowid").fetchall() for fts in search.FTS_TABLES]


@pytest.fixture
def family(workspace):
    """Anna three times over, with everything that can point at a contact."""
    acme = companies.create(name="Acme GmbH").id
    fair = campaigns.create(name="Fair", channel="event", start_date="2024-03-01",
                            end_date="2024-03-03").id
    past = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    survivor = contacts.create(first_name="Anna", last_name="Schmidt",
                               email="anna@acme.example", phone="030 1234567",
                               last_touch_at=past, next_follow_up=today() + timedelta(days=9),
                               notes="Met at the fair.")
    second = contacts.create(first_name="Anna", last_name="Schmitt", company=acme,
                             source_campaign=fair, mobile="0170 1112223", city="Berlin",
                             postcode="10115", country="Germany", do_not_contact=True,
                             last_touch_at=past + timedelta(days=30),
                             next_follow_up=today() + timedelta(days=3), notes="Prefers email.")
    third = contacts.create(first_name="A.", last_name="Schmidt", email="anna@gmail.com",
                            lifecycle_stage="customer",
                            next_follow_up=today() - timedelta(days=1))
    contacts.set_tags(survivor.id, ["VIP", "coffee"])
    contacts.set_tags(second.id, ["coffee", "trade fair"])
    contacts.set_tags(third.id, ["newsletter"])
    deal = deals.create(title="Espresso machine", contact=second.id, amount="1200")
    deals.create(title="Beans subscription", contact=survivor.id, amount="80")
    call = activities.create(kind="call", subject="Intro call", contact=second.id)
    activities.create(kind="task", subject="Send offer", contact=third.id, deal=deal.id)
    activities.create(kind="email", subject="Welcome", contact=survivor.id)
    bystander = contacts.create(first_name="Bob", last_name="Jones", company=acme)
    contacts.set_tags(bystander.id, ["coffee"])
    deals.create(title="Grinder", contact=bystander.id)
    return {"survivor": survivor.id, "second": second.id, "third": third.id, "deal": deal.id,
            "call": call.id, "acme": acme, "fair": fair, "bystander": bystander.id}


def test_merge_moves_everything_to_the_survivor(family, workspace):
    survivor, second, third = family["survivor"], family["second"], family["third"]
    stage = contacts.get(survivor).lifecycle_stage
    history = len(contacts.lifecycle_history(survivor)) + len(
        contacts.lifecycle_history(second)) + len(contacts.lifecycle_history(third))

    record = merge_contacts(survivor, [second, third], {"last_name": "Schmitt"})

    merged = contacts.get(survivor)
    assert (merged.first_name, merged.last_name) == ("Anna", "Schmitt")  # chosen
    assert merged.email == "anna@acme.example"  # the survivor's value wins
    assert merged.mobile == "0170 1112223"  # gaps are filled from the others
    assert merged.company_id == family["acme"]
    assert (merged.city, merged.postcode, merged.country) == ("Berlin", "10115", "Germany")
    assert merged.source_campaign_id == family["fair"]
    assert merged.source_channel == "event"
    assert merged.do_not_contact is True
    assert merged.lifecycle_stage == stage == "opportunity"  # not the third's "customer"
    assert merged.notes == "Met at the fair.\n\nPrefers email."
    assert merged.last_touch_at == datetime(2024, 5, 31, 9, 0, tzinfo=UTC)
    assert merged.next_follow_up == today() + timedelta(days=3)
    assert contacts.tags_of(survivor) == ["coffee", "newsletter", "trade fair", "VIP"]
    assert {d.title for d in deals.list(contact=survivor)} == {"Espresso machine",
                                                               "Beans subscription"}
    assert {a.subject for a in activities.list(contact=survivor)} == {
        "Intro call", "Send offer", "Welcome"}
    assert len(contacts.lifecycle_history(survivor)) == history
    assert contacts.count(id__in=[second, third]) == 0
    assert contacts.tags_of(family["bystander"]) == ["coffee"]
    assert record.other_ids == (second, third)
    assert [row["id"] for row in record.deleted_contacts] == [second, third]
    assert search.index_is_consistent(workspace.database)
    hits = search.search(workspace.database, "Espresso", kinds=("deal",))
    assert "Anna Schmitt" in hits[0].detail  # the deal is indexed under its new contact


def test_merge_defaults_without_choices(family):
    values = merge_defaults(family["survivor"], [family["second"], family["third"]])
    assert values["last_name"] == "Schmidt"
    assert values["company"] == family["acme"]
    assert values["source_campaign"] == family["fair"]


def test_a_future_follow_up_beats_an_overdue_one_and_an_overdue_one_is_kept(workspace):
    a = contacts.create(first_name="A", next_follow_up=today() - timedelta(days=5)).id
    b = contacts.create(first_name="B", next_follow_up=today() - timedelta(days=2)).id
    c = contacts.create(first_name="C").id
    assert merge_defaults(c, [a, b])["next_follow_up"] == today() - timedelta(days=2)
    d = contacts.create(first_name="D", next_follow_up=today() + timedelta(days=20)).id
    assert merge_defaults(c, [a, d])["next_follow_up"] == today() + timedelta(days=20)


@pytest.mark.parametrize(("chosen", "field"), [
    ({"email": "not an email"}, "email"),
    ({"lifecycle_stage": "prospect"}, "lifecycle_stage"),
    ({"company": 9999}, "company"),
    ({"nickname": "Annie"}, "nickname"),
])
def test_a_bad_choice_changes_nothing(family, workspace, chosen, field):
    before = dump(workspace.database)
    with pytest.raises(ValidationError) as caught:
        merge_contacts(family["survivor"], [family["second"], family["third"]], chosen)
    assert caught.value.field == field
    assert dump(workspace.database) == before


def test_a_failure_midway_rolls_everything_back(family, workspace, monkeypatch):
    before = dump(workspace.database)

    def broken(*args, **kwargs):
        raise RuntimeError("disk trouble")

    monkeypatch.setattr(merge, "_merge_links", broken)
    with pytest.raises(RuntimeError):
        merge_contacts(family["survivor"], [family["second"]], {"first_name": "Annabel"})
    assert dump(workspace.database) == before


@pytest.mark.parametrize(("survivor", "others", "field"), [
    ("survivor", ["survivor"], "other_ids"),
    ("survivor", ["second", "survivor"], "other_ids"),
    ("survivor", [], "other_ids"),
    ("survivor", [9999], "other_ids"),
    (9999, ["second"], "survivor_id"),
    ("survivor", ["1"], "other_ids"),
])
def test_merge_refuses_bad_ids(family, workspace, survivor, others, field):
    before = dump(workspace.database)
    with pytest.raises(ValidationError) as caught:
        merge_contacts(family.get(survivor, survivor), [family.get(o, o) for o in others])
    assert caught.value.field == field
    assert dump(workspace.database) == before


def test_unmerge_restores_the_database_exactly(family, workspace):
    database = workspace.database
    before, index_before = dump(database), index_rows(database)
    record = merge_contacts(family["survivor"], [family["second"], family["third"]],
                            {"lifecycle_stage": "customer", "first_name": "Annabel"})
    assert record.created_rows  # the chosen stage was recorded as a move
    assert dump(database) != before

    unmerge(record)

    assert dump(database) == before
    assert index_rows(database) == index_before
    assert search.index_is_consistent(database)


def test_merge_and_unmerge_twice_in_a_row(family, workspace):
    database = workspace.database
    before = dump(database)
    for _ in range(2):
        record = merge_contacts(family["survivor"], [family["second"], family["third"]])
        unmerge(record)
        assert dump(database) == before
    record = merge_contacts(family["third"], [family["survivor"]])
    second_merge = merge_contacts(family["third"], [family["second"]])
    unmerge(second_merge)
    unmerge(record)
    assert dump(database) == before
    assert search.index_is_consistent(database)


def test_unmerge_refuses_when_an_id_is_taken_again(family, workspace):
    record = merge_contacts(family["survivor"], [family["bystander"]])
    # SQLite hands out the highest id again once its row is gone.
    reused = contacts.create(first_name="Newcomer")
    assert reused.id == family["bystander"]
    before = dump(workspace.database)
    with pytest.raises(ValidationError):
        unmerge(record)
    assert dump(workspace.database) == before
