"""Bulk contact operations: their effects, exact reversal, validation first, speed."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from smeplanner.core import bulk, search
from smeplanner.core.activities import activities
from smeplanner.core.campaigns import campaigns
from smeplanner.core.companies import companies
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals
from smeplanner.core.errors import ValidationError
from smeplanner.core.models import Contact, db
from smeplanner.core.snapshots import capture_contacts, contact_references, restore_contacts
from smeplanner.core.textkeys import contact_sort_key
from smeplanner.core.timeutil import today

TABLES = ("contact", "contact_tag", "tag", "lifecycle_change", "activity", "deal", "company")


def dump(workspace) -> dict[str, list[tuple]]:
    """Every row of the tables a contact operation may touch, and both search indexes."""
    database = workspace.database
    rows = {table: database.execute_sql(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in TABLES}
    for fts in search.FTS_TABLES:
        rows[fts] = database.execute_sql(
            f"SELECT rowid, kind, ref_id, title, detail FROM {fts} ORDER BY rowid").fetchall()
    return rows


@pytest.fixture
def crm(workspace):
    """Five contacts with tags, history, activities and deals; ids by first name."""
    acme = companies.create(name="Acme GmbH", city="Berlin")
    spring = campaigns.create(name="Spring fair", channel="event", start_date="2024-03-01",
                              end_date="2024-03-03")
    people = {}
    for first, last, stage in (("Anna", "Schmidt", "lead"), ("Bernd", "Schmitz", "qualified"),
                               ("Carla", "Jones", "customer"), ("Dora", "Ärmel", "lead"),
                               ("Emil", "Berg", "subscriber")):
        people[first] = contacts.create(first_name=first, last_name=last, lifecycle_stage=stage,
                                        email=f"{first.lower()}@example.com", company=acme.id,
                                        source_campaign=spring.id).id
    contacts.set_tags(people["Anna"], ["VIP", "newsletter"])
    contacts.set_tags(people["Bernd"], ["VIP"])
    contacts.set_tags(people["Emil"], ["Ärger"])
    contacts.update(people["Bernd"], marketing_opt_in=True, opt_in_date="2024-01-15")
    contacts.update(people["Dora"], do_not_contact=True)
    contacts.set_stage(people["Anna"], "qualified")
    activities.create(subject="Call Anna", kind="call", contact=people["Anna"])
    activities.create(subject="Lunch with Anna and Bernd", kind="meeting",
                      contact=people["Anna"], company=acme.id)
    activities.create(subject="Send Carla the offer", contact=people["Carla"])
    activities.create(subject="Book the fair stand", role="marketing")
    people["deal_anna"] = deals.create(title="Espresso machines", contact=people["Anna"]).id
    people["deal_carla"] = deals.create(title="Grinders", contact=people["Carla"],
                                        company=acme.id).id
    people["acme"] = acme.id
    return people


def ids_of(crm, *names):
    return [crm[name] for name in names]


def tags_of(contact_id):
    return contacts.tags_of(contact_id)


# --- each operation, and its exact reversal ------------------------------------------------
OPERATIONS = {
    "add existing tag": lambda ids: bulk.add_tag(ids, "vip"),
    "add new tag": lambda ids: bulk.add_tag(ids, "Wholesale"),
    "remove tag": lambda ids: bulk.remove_tag(ids, "VIP"),
    "set stage": lambda ids: bulk.set_stage(ids, "opportunity"),
    "opt in": lambda ids: bulk.set_consent(ids, marketing_opt_in=True, do_not_contact=False),
    "opt out": lambda ids: bulk.set_consent(ids, marketing_opt_in=False),
    "do not contact": lambda ids: bulk.set_consent(ids, do_not_contact=True),
    "delete": lambda ids: bulk.delete_contacts(ids),
    "edit": lambda ids: bulk.edit_contact(ids[0], first_name="Annie", lifecycle_stage="customer"),
}


@pytest.mark.parametrize("operation", OPERATIONS.values(), ids=OPERATIONS.keys())
def test_operation_changes_rows_and_revert_restores_every_row_exactly(workspace, crm,
                                                                      operation):
    before = dump(workspace)
    result = operation(ids_of(crm, "Anna", "Bernd", "Carla", "Dora", "Emil"))
    assert result.changed_ids
    assert dump(workspace) != before
    bulk.revert(result.undo)
    assert dump(workspace) == before
    assert search.index_is_consistent(workspace.database)


@pytest.fixture
def frozen_clock(monkeypatch):
    """Every "now" the operations stamp is one fixed instant."""
    instant = datetime(2026, 3, 16, 9, 30, tzinfo=UTC)
    for module in ("smeplanner.core.bulk", "smeplanner.core.records",
                   "smeplanner.core.contacts"):
        monkeypatch.setattr(f"{module}.utcnow", lambda: instant)
    return instant


@pytest.mark.parametrize("operation", OPERATIONS.values(), ids=OPERATIONS.keys())
def test_redo_is_running_the_operation_again(workspace, crm, frozen_clock, operation):
    ids = ids_of(crm, "Anna", "Bernd", "Carla", "Dora", "Emil")
    first = operation(ids)
    after_first = dump(workspace)
    bulk.revert(first.undo)
    again = operation(ids)
    assert again == first
    assert dump(workspace) == after_first


def test_add_tag_matches_any_case_and_skips_contacts_that_have_it(workspace, crm):
    result = bulk.add_tag(ids_of(crm, "Anna", "Bernd", "Carla"), "  vip ")
    assert result.changed_ids == (crm["Carla"],)
    assert result.changes == {"contact": (crm["Carla"],)}
    assert tags_of(crm["Carla"]) == ["VIP"]
    assert contacts.tags_of(crm["Anna"]) == ["newsletter", "VIP"]


def test_add_tag_folds_case_beyond_ascii(workspace, crm):
    """SQLite's lower() leaves "Ä" alone; the tag must still be found, not duplicated."""
    result = bulk.add_tag([crm["Anna"]], "ärger")
    assert sorted(tags_of(crm["Anna"])) == ["VIP", "newsletter", "Ärger"]
    assert "tag" not in result.changes


def test_add_tag_creates_a_new_tag_and_its_revert_removes_it(workspace, crm):
    result = bulk.add_tag(ids_of(crm, "Anna", "Carla"), "Wholesale")
    tag_id = result.related["tag"][0]
    assert result.changes == {"contact": (crm["Anna"], crm["Carla"]), "tag": (tag_id,)}
    assert bulk.revert(result.undo) == {"contact": (crm["Anna"], crm["Carla"]),
                                        "tag": (tag_id,)}
    assert "Wholesale" not in [name for (name,) in db.execute_sql("SELECT name FROM tag")]


def test_revert_of_add_tag_keeps_a_new_tag_that_others_use_since(workspace, crm):
    result = bulk.add_tag([crm["Anna"]], "Wholesale")
    contacts.set_tags(crm["Carla"], ["Wholesale"])
    bulk.revert(result.undo)
    assert tags_of(crm["Anna"]) == ["newsletter", "VIP"]
    assert tags_of(crm["Carla"]) == ["Wholesale"]


def test_remove_tag_keeps_the_tag_itself(workspace, crm):
    result = bulk.remove_tag(ids_of(crm, "Anna", "Bernd", "Carla"), "vip")
    assert result.changed_ids == (crm["Anna"], crm["Bernd"])
    assert tags_of(crm["Anna"]) == ["newsletter"]
    assert "VIP" in [name for (name,) in db.execute_sql("SELECT name FROM tag")]


def test_set_stage_records_each_move_with_the_time(workspace, crm):
    ids = ids_of(crm, "Anna", "Carla", "Emil")
    before = {row.id: row.stage_changed_at for row in Contact.select()}
    # Anna's deal made her an opportunity (DealService moves its contact along the funnel).
    assert contacts.get(crm["Anna"]).lifecycle_stage == "opportunity"
    result = bulk.set_stage(ids, "customer")
    assert result.changed_ids == (crm["Anna"], crm["Emil"])  # Carla is a customer already
    for contact_id, came_from in ((crm["Anna"], "opportunity"), (crm["Emil"], "subscriber")):
        contact = contacts.get(contact_id)
        assert contact.lifecycle_stage == "customer"
        assert contact.stage_changed_at >= before[contact_id]
        last = contacts.lifecycle_history(contact_id)[-1]
        assert (last.from_stage, last.to_stage) == (came_from, "customer")
        assert last.changed_at == contact.stage_changed_at == contact.updated_at
    assert len(contacts.lifecycle_history(crm["Carla"])) == 1
    assert result.related == {"lifecycle_change": result.undo.change_ids}


def test_set_consent_rules(workspace, crm):
    result = bulk.set_consent(ids_of(crm, "Anna", "Bernd"), marketing_opt_in=True)
    assert result.changed_ids == (crm["Anna"],)  # Bernd opted in already
    anna, bernd = contacts.get(crm["Anna"]), contacts.get(crm["Bernd"])
    assert anna.marketing_opt_in and anna.opt_in_date == today()
    assert bernd.opt_in_date.isoformat() == "2024-01-15"  # the date of his consent stays

    bulk.set_consent(ids_of(crm, "Anna", "Bernd"), do_not_contact=True)
    for contact_id in ids_of(crm, "Anna", "Bernd"):
        contact = contacts.get(contact_id)
        assert contact.do_not_contact and not contact.marketing_opt_in


def test_opting_in_a_do_not_contact_contact_is_refused_unless_the_mark_is_lifted(workspace,
                                                                                 crm):
    before = dump(workspace)
    with pytest.raises(ValidationError) as raised:
        bulk.set_consent(ids_of(crm, "Anna", "Dora"), marketing_opt_in=True)
    assert raised.value.field == "marketing_opt_in"
    assert "1 of the selected" in raised.value.message
    assert dump(workspace) == before
    bulk.set_consent(ids_of(crm, "Anna", "Dora"), marketing_opt_in=True, do_not_contact=False)
    dora = contacts.get(crm["Dora"])
    assert dora.marketing_opt_in and not dora.do_not_contact


def test_delete_and_revert_bring_back_activities_deal_links_tags_and_search(workspace, crm):
    ids = ids_of(crm, "Anna", "Carla")
    result = bulk.delete_contacts(ids)
    assert Contact.select().where(Contact.id.in_(ids)).count() == 0
    assert deals.get(crm["deal_anna"]).contact_id is None
    assert [a.subject for a in activities.list()] == ["Book the fair stand"]
    assert result.related["deal"] == (crm["deal_anna"], crm["deal_carla"])
    assert len(result.related["activity"]) == 3
    assert not search.search(workspace.database, "Schmidt", kinds=("contact",))
    assert search.index_is_consistent(workspace.database)

    changes = bulk.revert(result.undo)
    assert changes["contact"] == tuple(ids)
    assert changes["deal"] == (crm["deal_anna"], crm["deal_carla"])
    assert deals.get(crm["deal_anna"]).contact_id == crm["Anna"]
    assert tags_of(crm["Anna"]) == ["newsletter", "VIP"]
    assert len(activities.list(contact=crm["Anna"])) == 2
    assert [h.id for h in search.search(workspace.database, "Schmidt", kinds=("contact",))] \
        == [crm["Anna"]]
    # The deal's search text names its contact again (the SET NULL had dropped her).
    [deal_hit] = search.search(workspace.database, "Espresso", kinds=("deal",))
    assert "Anna Schmidt" in deal_hit.detail
    assert search.index_is_consistent(workspace.database)


def test_revert_of_delete_refuses_to_overwrite_a_record_that_took_a_deleted_id(workspace, crm):
    result = bulk.delete_contacts([crm["Emil"]])  # the newest contact: SQLite reuses its id
    newcomer = contacts.create(first_name="Fritz", email="fritz@example.com")
    assert newcomer.id == crm["Emil"]
    with pytest.raises(ValidationError) as raised:
        bulk.revert(result.undo)
    assert raised.value.field == "contacts"
    assert contacts.get(newcomer.id).first_name == "Fritz"


def test_revert_of_delete_lets_go_of_references_deleted_since(workspace, crm):
    """Had Anna been there when her company and her deal were deleted, SET NULL would have
    emptied her references: the undo does the same instead of failing."""
    result = bulk.delete_contacts([crm["Anna"]])
    deals.delete(crm["deal_anna"])
    companies.delete(crm["acme"])
    bulk.revert(result.undo)
    anna = contacts.get(crm["Anna"])
    assert anna.company_id is None
    lunch = activities.list(contact=crm["Anna"], kind="meeting")[0]
    assert lunch.company_id is None
    assert search.index_is_consistent(workspace.database)


def test_revert_of_delete_leaves_a_deal_linked_to_someone_else_since(workspace, crm):
    result = bulk.delete_contacts([crm["Anna"]])
    deals.update(crm["deal_anna"], contact=crm["Bernd"])
    bulk.revert(result.undo)
    assert deals.get(crm["deal_anna"]).contact_id == crm["Bernd"]


def test_edit_contact_reverts_the_row_and_the_funnel_move(workspace, crm):
    result = bulk.edit_contact(crm["Emil"], lifecycle_stage="lead", city="Hamburg")
    assert result.changed_ids == (crm["Emil"],)
    assert len(result.undo.change_ids) == 1
    bulk.revert(result.undo)
    assert [(c.from_stage, c.to_stage) for c in contacts.lifecycle_history(crm["Emil"])] \
        == [(None, "subscriber")]
    assert bulk.edit_contact(crm["Emil"], city="").changed_ids == ()  # no change, no id


# --- validation first, nothing written ------------------------------------------------------
BAD_CALLS = [
    (lambda c: bulk.add_tag([c["Anna"], 9999], "VIP"), "contacts"),
    (lambda c: bulk.add_tag([c["Anna"], "2"], "VIP"), "contacts"),
    (lambda c: bulk.add_tag([True], "VIP"), "contacts"),
    (lambda c: bulk.add_tag([], "VIP"), "contacts"),
    (lambda c: bulk.add_tag([c["Anna"]], "  "), "tag"),
    (lambda c: bulk.add_tag([c["Anna"]], "x" * 61), "tag"),
    (lambda c: bulk.add_tag([c["Anna"]], None), "tag"),
    (lambda c: bulk.remove_tag([c["Anna"]], "Nonexistent"), "tag"),
    (lambda c: bulk.remove_tag([9999], "VIP"), "contacts"),
    (lambda c: bulk.set_stage([c["Anna"]], "prospect"), "lifecycle_stage"),
    (lambda c: bulk.set_stage([c["Anna"], 0], "customer"), "contacts"),
    (lambda c: bulk.set_consent([c["Anna"]]), "consent"),
    (lambda c: bulk.set_consent([c["Anna"]], marketing_opt_in="yes"), "marketing_opt_in"),
    (lambda c: bulk.set_consent([c["Anna"]], do_not_contact=None, marketing_opt_in=2),
     "marketing_opt_in"),
    (lambda c: bulk.set_consent([c["Anna"]], marketing_opt_in=True, do_not_contact=True),
     "marketing_opt_in"),
    (lambda c: bulk.delete_contacts([c["Anna"], 9999, 9998]), "contacts"),
    (lambda c: bulk.edit_contact(9999, city="Bonn"), "contacts"),
    (lambda c: bulk.edit_contact(c["Anna"], email="anna@acme"), "email"),
    (lambda c: bulk.edit_contact(c["Anna"], lifecycle_stage="customer", nickname="A"),
     "nickname"),
]


@pytest.mark.parametrize(("call", "field"), BAD_CALLS)
def test_bad_input_names_the_field_and_writes_nothing(workspace, crm, call, field):
    before = dump(workspace)
    with pytest.raises(ValidationError) as raised:
        call(crm)
    assert raised.value.field == field
    assert dump(workspace) == before


def test_unknown_ids_are_named(workspace, crm):
    with pytest.raises(ValidationError, match=r"no contact with id 9999 \(and 1 more\)"):
        bulk.delete_contacts([crm["Anna"], 9999, 9998])


def test_changed_ids_follow_the_order_given(workspace, crm):
    assert bulk.set_stage(ids_of(crm, "Emil", "Anna"), "advocate").changed_ids \
        == (crm["Emil"], crm["Anna"])
    assert bulk.set_consent(ids_of(crm, "Emil", "Anna"), do_not_contact=True).changed_ids \
        == (crm["Emil"], crm["Anna"])


def test_repeated_ids_count_once(workspace, crm):
    result = bulk.set_stage([crm["Emil"], crm["Emil"]], "lead")
    assert result.changed_ids == (crm["Emil"],)
    assert len(contacts.lifecycle_history(crm["Emil"])) == 2


# --- the search index ------------------------------------------------------------------------
def index_rows(workspace):
    return {fts: workspace.database.execute_sql(
        f"SELECT rowid, kind, ref_id, title, detail FROM {fts} ORDER BY rowid").fetchall()
        for fts in search.FTS_TABLES}


def assert_index_as_rebuilt(workspace) -> None:
    incremental = index_rows(workspace)
    search.rebuild(workspace.database)
    assert index_rows(workspace) == incremental


@pytest.mark.parametrize("operation", OPERATIONS.values(), ids=OPERATIONS.keys())
def test_each_operation_and_its_revert_leave_the_index_as_a_rebuild_would(workspace, crm,
                                                                          operation):
    """Stage and consent changes leave the FTS tables alone (the update triggers fire only
    for the columns of the index text); delete and its undo re-index set-based with the
    triggers suspended. Either way the index must end as a full rebuild makes it."""
    result = operation(ids_of(crm, "Anna", "Bernd", "Carla"))
    assert_index_as_rebuilt(workspace)
    bulk.revert(result.undo)
    assert_index_as_rebuilt(workspace)
    # The triggers are all there: a rename still reaches the index.
    contacts.update(crm["Anna"], last_name="Schmitt-Berg")
    assert search.search(workspace.database, "Schmitt-Berg", kinds=("contact",))
    assert_index_as_rebuilt(workspace)


def test_stage_and_consent_changes_write_nothing_to_the_index(workspace, crm):
    connection = workspace.database.connection()
    ids = ids_of(crm, "Anna", "Bernd", "Carla")
    before = connection.total_changes
    stage = bulk.set_stage(ids, "advocate")
    consent = bulk.set_consent(ids, do_not_contact=True)
    bulk.revert(consent)
    bulk.revert(stage)
    # 3 contacts x 4 writes + 3 lifecycle rows written and removed: no FTS rows at all.
    assert connection.total_changes - before == 3 * 4 + 3 * 2


def test_deleting_and_restoring_many_contacts_with_deals_keeps_the_index_exact(workspace,
                                                                                crm):
    """More ids than one statement's slice, deals that lose and regain their contact."""
    acme = crm["acme"]
    with db.atomic():
        db.cursor().executemany(
            "INSERT INTO contact (created_at, updated_at, first_name, last_name, email, phone,"
            " mobile, job_title, company_id, lifecycle_stage, stage_changed_at, "
            "source_channel, marketing_opt_in, do_not_contact, address, city, postcode, "
            "region, country, notes, sort_name) VALUES ('2026-01-01 10:00:00', "
            "'2026-01-01 10:00:00', 'Person', ?, '', '', '', '', ?, 'lead', "
            "'2026-01-01 10:00:00', '', 0, 0, '', '', '', '', '', '', '')",
            [(f"Nr{n:05d}", acme) for n in range(1200)])
    ids = [row_id for (row_id,) in db.execute_sql("SELECT id FROM contact ORDER BY id")]
    for contact_id in ids[::100]:
        deals.create(title=f"Deal of {contact_id}", contact=contact_id)
    before = dump(workspace)
    result = bulk.delete_contacts(ids)
    assert db.execute_sql("SELECT count(*) FROM search_words WHERE kind = 'contact'"
                          ).fetchone() == (0,)
    assert_index_as_rebuilt(workspace)
    bulk.revert(result)
    assert dump(workspace) == before
    assert_index_as_rebuilt(workspace)


# --- snapshots -------------------------------------------------------------------------------
def test_snapshot_covers_every_foreign_key_to_contact_in_the_live_schema(workspace):
    """A new table that refers to contacts must be in the snapshot, or undoing a delete
    would lose its rows; and nothing may hang off the rows a delete cascades to."""
    database = workspace.database
    tables = [name for (name,) in database.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_%' "
        "AND name NOT LIKE 'sqlite_%'")]
    references = {}
    for table in tables:
        for row in database.execute_sql(f"PRAGMA foreign_key_list({table})"):
            references.setdefault(row[2], set()).add((table, row[3], row[6]))
    cascade, set_null = contact_references()
    assert references["contact"] == (
        {(f.model._meta.table_name, f.column_name, "CASCADE") for f in cascade}
        | {(f.model._meta.table_name, f.column_name, "SET NULL") for f in set_null})
    assert {f.model._meta.table_name for f in cascade} == {"activity", "contact_tag",
                                                           "lifecycle_change"}
    assert {f.model._meta.table_name for f in set_null} == {"deal"}
    for field in cascade:
        assert field.model._meta.table_name not in references


def test_restore_overwrites_rows_that_still_exist(workspace, crm):
    before = dump(workspace)
    snapshot = capture_contacts(ids_of(crm, "Anna", "Bernd"))
    contacts.update(crm["Anna"], first_name="Annie", city="Köln")
    restore_contacts(snapshot)
    assert dump(workspace) == before


def test_snapshots_hold_rows_in_key_order_whatever_the_order_of_ids(workspace, crm):
    ids = ids_of(crm, "Anna", "Carla")
    forward, backward = capture_contacts(ids), capture_contacts(list(reversed(ids)))
    assert (forward.contacts, forward.dependents, forward.links) \
        == (backward.contacts, backward.dependents, backward.links)


# --- speed -----------------------------------------------------------------------------------
def test_two_thousand_contacts_take_well_under_a_second_each(workspace):
    """Sanity only (generous bound for slow CI machines); benchmarks measure the real speed."""
    count = 2000
    with db.atomic():
        Contact.insert_many([
            {"first_name": "Person", "last_name": f"{n:05d}", "email": f"p{n}@example.com",
             "sort_name": contact_sort_key("Person", f"{n:05d}", "")} for n in range(count)
        ]).execute()
    ids = [row_id for (row_id,) in db.execute_sql("SELECT id FROM contact")]
    activities.create(subject="First call", contact=ids[0])
    bulk.add_tag(ids[:1], "VIP")
    steps = [
        lambda: bulk.add_tag(ids, "VIP"),
        lambda: bulk.add_tag(ids, "New tag"),
        lambda: bulk.set_stage(ids, "customer"),
        lambda: bulk.set_consent(ids, marketing_opt_in=True),
        lambda: bulk.set_consent(ids, do_not_contact=True),
        lambda: bulk.delete_contacts(ids),
    ]
    bulk.add_tag(ids, "Everyone")
    steps.append(lambda: bulk.remove_tag(ids, "Everyone"))
    slowest = timedelta()
    for step in steps:
        started = time.perf_counter()
        result = step()
        bulk.revert(result.undo)
        slowest = max(slowest, timedelta(seconds=time.perf_counter() - started))
        assert len(result.changed_ids) >= count - 1
    assert slowest < timedelta(seconds=5)
    assert Contact.select().count() == count
    assert search.index_is_consistent(workspace.database)
