"""The search index's triggers: only the columns of its text re-index a record, the frozen
migration matches search.py, and set-based re-indexing (reindex, suspended) equals a rebuild."""

from __future__ import annotations

import re

import pytest
from peewee import SqliteDatabase
from playhouse.migrate import SqliteMigrator

from smeplanner.core import migrations, search
from smeplanner.core.campaigns import campaigns
from smeplanner.core.companies import companies
from smeplanner.core.contacts import contacts
from smeplanner.core.db import open_workspace
from smeplanner.core.deals import deals
from smeplanner.core.models import db
from smeplanner.core.textkeys import contact_sort_key

NOW = "2026-01-01 10:00:00"


def normalised(sql: str) -> str:
    return " ".join(sql.split())


def stored_schema(database) -> dict[str, str]:
    """The search tables' and triggers' definitions as the workspace holds them, by name."""
    return {name: normalised(sql) for name, sql in database.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE name LIKE 'search!_%' ESCAPE '!' "
        "AND (type = 'trigger' OR sql LIKE 'CREATE VIRTUAL TABLE%')")}


def generated_schema() -> dict[str, str]:
    """The same, as core.search generates it."""
    schema = {}
    for sql in search.schema_sql():
        name = re.match(r"CREATE (?:VIRTUAL TABLE|TRIGGER) (\w+)", sql).group(1)
        schema[name] = normalised(sql)
    return schema


def index_rows(database) -> dict[str, list[tuple]]:
    return {fts: database.execute_sql(
        f"SELECT rowid, kind, ref_id, title, detail FROM {fts} ORDER BY rowid").fetchall()
        for fts in search.FTS_TABLES}


def assert_index_as_rebuilt(database) -> None:
    """The index as the triggers and re-indexing left it equals a full rebuild."""
    incremental = index_rows(database)
    search.rebuild(database)
    assert index_rows(database) == incremental


def hit_ids(text: str, kind: str) -> list[int]:
    return [hit.id for hit in search.search(db, text, kinds=(kind,))]


def changes_by(database, sql: str, params: list) -> int:
    """Rows an UPDATE changed, counting what its triggers wrote (FTS shadow tables too)."""
    connection = database.connection()
    before = connection.total_changes
    database.execute_sql(sql, params)
    return connection.total_changes - before


@pytest.fixture
def records(workspace):
    """One record of each searchable kind, linked: ids by kind."""
    company = companies.create(name="Acme GmbH", city="Berlin", industry="Coffee")
    contact = contacts.create(first_name="Anna", last_name="Schmidt", company=company.id,
                              email="anna@example.com")
    deal = deals.create(title="Espresso machines", contact=contact.id, company=company.id)
    campaign = campaigns.create(name="Spring fair", channel="event", start_date="2024-03-01",
                                end_date="2024-03-03")
    return {"company": company.id, "contact": contact.id, "deal": deal.id,
            "campaign": campaign.id}


# --- the schema --------------------------------------------------------------------------------
def test_a_new_workspace_holds_exactly_the_schema_search_py_generates(workspace):
    """Migrations freeze the trigger SQL; this keeps them and search.schema_sql() in step."""
    assert stored_schema(workspace.database) == generated_schema()


def test_update_triggers_name_only_the_indexed_columns(workspace):
    stored = stored_schema(workspace.database)
    for kind in search.KIND_ORDER:
        columns = ", ".join(search.INDEXED_COLUMNS[kind])
        assert f"AFTER UPDATE OF {columns} ON {kind} BEGIN" in stored[f"search_{kind}_au"]


def test_indexed_columns_are_the_columns_the_index_text_is_made_of():
    """Every ``r.<column>`` the index SQL reads is listed, and nothing else: a column added
    to the text but not to INDEXED_COLUMNS would leave the index stale after its updates."""
    for kind in search.KIND_ORDER:
        select = search._select_rows(kind)
        assert set(re.findall(r"\br\.(\w+)", select)) == set(search.INDEXED_COLUMNS[kind])


# --- which updates touch the index ------------------------------------------------------------
def table_columns(database, table: str) -> list[str]:
    return [row[1] for row in database.execute_sql(f"PRAGMA table_info({table})")]


@pytest.mark.parametrize("kind", search.KIND_ORDER)
def test_updating_columns_outside_the_index_text_writes_nothing_to_the_index(workspace,
                                                                              records, kind):
    """last_touch_at (each logged activity), stages, consent, timestamps...: one row
    changed, no FTS writes. SET col = col fires an UPDATE OF trigger all the same."""
    database = workspace.database
    outside = [column for column in table_columns(database, kind)
               if column not in search.INDEXED_COLUMNS[kind]]
    assert outside
    for column in outside:
        assert changes_by(database, f"UPDATE {kind} SET {column} = {column} WHERE id = ?",
                          [records[kind]]) == 1, column


@pytest.mark.parametrize("kind", search.KIND_ORDER)
def test_updating_a_column_of_the_index_text_re_indexes(workspace, records, kind):
    database = workspace.database
    for column in search.INDEXED_COLUMNS[kind]:
        if column == "id":
            continue
        assert changes_by(database, f"UPDATE {kind} SET {column} = {column} WHERE id = ?",
                          [records[kind]]) > 1, column


def test_last_touch_at_leaves_the_fts_tables_alone(workspace, records):
    """The case that made bulk changes slow: an activity marking its contact touched."""
    database = workspace.database
    data_rows = database.execute_sql("SELECT count(*) FROM search_trigram_data").fetchone()
    assert changes_by(database, "UPDATE contact SET last_touch_at = ? WHERE id = ?",
                      [NOW, records["contact"]]) == 1
    assert database.execute_sql(
        "SELECT count(*) FROM search_trigram_data").fetchone() == data_rows


def test_a_renamed_contact_is_found_by_the_new_name_not_the_old(workspace, records):
    contacts.update(records["contact"], last_name="Schmitt-Berg")
    assert hit_ids("Schmitt-Berg", "contact") == [records["contact"]]
    assert hit_ids("Schmidt", "contact") == []
    # Her deal's text follows (search_contact_rename).
    [deal] = search.search(db, "Espresso", kinds=("deal",))
    assert "Anna Schmitt-Berg" in deal.detail
    assert_index_as_rebuilt(workspace.database)


@pytest.mark.parametrize(("kind", "column"), [
    (kind, column) for kind in search.KIND_ORDER for column in search.INDEXED_COLUMNS[kind]
    if column not in ("id", "company_id", "contact_id")])
def test_each_text_column_update_reaches_the_index(workspace, records, kind, column):
    workspace.database.execute_sql(f"UPDATE {kind} SET {column} = 'Zyxwvut' WHERE id = ?",
                                   [records[kind]])
    assert hit_ids("Zyxwvut", kind) == [records[kind]]
    assert_index_as_rebuilt(workspace.database)


def test_moving_records_to_another_company_or_contact_re_indexes_them(workspace, records):
    other = companies.create(name="Bäckerei Krume").id
    person = contacts.create(first_name="Bernd", last_name="Brot").id
    workspace.database.execute_sql("UPDATE contact SET company_id = ? WHERE id = ?",
                                   [other, records["contact"]])
    workspace.database.execute_sql("UPDATE deal SET contact_id = ?, company_id = NULL "
                                   "WHERE id = ?", [person, records["deal"]])
    assert hit_ids("Krume", "contact") == [records["contact"]]
    assert hit_ids("Brot", "deal") == [records["deal"]]
    assert hit_ids("Acme", "deal") == []
    assert_index_as_rebuilt(workspace.database)


def test_a_changed_id_moves_the_index_row(workspace, records):
    """The index row's rowid derives from the id, so ``id`` is an indexed column too."""
    workspace.database.execute_sql("UPDATE campaign SET id = 77 WHERE id = ?",
                                   [records["campaign"]])
    assert hit_ids("Spring", "campaign") == [77]
    assert_index_as_rebuilt(workspace.database)


# --- reindex and suspended --------------------------------------------------------------------
def insert_contacts_raw(count: int, company_id: int | None = None) -> list[int]:
    db.cursor().executemany(
        "INSERT INTO contact (created_at, updated_at, first_name, last_name, email, phone, "
        "mobile, job_title, company_id, lifecycle_stage, stage_changed_at, source_channel, "
        "marketing_opt_in, do_not_contact, address, city, postcode, region, country, notes, "
        "sort_name) VALUES (?, ?, 'Person', ?, ?, '', '', 'Buyer', ?, 'lead', ?, '', 0, 0, "
        "'', 'Köln', '', '', '', '', ?)",
        [(NOW, NOW, f"Nr{n:05d}", f"p{n}@example.com", company_id, NOW,
          contact_sort_key("Person", f"Nr{n:05d}", "")) for n in range(count)])
    return [row_id for (row_id,) in db.execute_sql(
        "SELECT id FROM contact WHERE last_name LIKE 'Nr%' ORDER BY id")]


def test_reindex_makes_the_index_consistent_after_raw_inserts_without_triggers(workspace,
                                                                                records):
    count = search._CHUNK * 2 + 7  # several slices of ids
    with db.atomic():
        with search.suspended(db, "contact"):  # nothing named: nothing re-indexed
            ids = insert_contacts_raw(count, records["company"])
        assert not search.index_is_consistent(db)
        search.reindex(db, "contact", reversed(ids))  # any order, any iterable
    assert search.index_is_consistent(db)
    assert hit_ids(f"Nr{count - 1:05d}", "contact") == [ids[-1]]
    assert_index_as_rebuilt(workspace.database)


def test_reindex_drops_the_rows_of_records_that_are_gone_and_ignores_empty_input(workspace,
                                                                                   records):
    with db.atomic(), search.suspended(db, "deal"):
        db.execute_sql("DELETE FROM deal WHERE id = ?", [records["deal"]])
    assert hit_ids("Espresso", "deal") == [records["deal"]]  # stale
    search.reindex(db, "deal", [records["deal"], 9999])
    search.reindex(db, "deal", [])
    assert hit_ids("Espresso", "deal") == []
    assert_index_as_rebuilt(workspace.database)
    with pytest.raises(ValueError, match="activity"):
        search.reindex(db, "activity", [1])


def test_suspended_re_indexes_what_was_named_and_who_shows_its_text(workspace, records):
    """A company renamed with its triggers suspended: its contacts and deals (and the deals
    of those contacts) are re-indexed too, as search_company_rename would have done."""
    triggers = stored_schema(workspace.database)
    with db.atomic(), search.suspended(db, "company", "contact") as pending:
        db.execute_sql("UPDATE company SET name = 'Kaffeerösterei' WHERE id = ?",
                       [records["company"]])
        ids = insert_contacts_raw(3, records["company"])
        assert hit_ids("Kaffeerösterei", "company") == []  # nothing yet
        pending.add("company", [records["company"]])
        pending.add("contact", ids)
    assert stored_schema(workspace.database) == triggers
    assert hit_ids("Kaffeerösterei", "company") == [records["company"]]
    assert sorted(hit_ids("Kaffeerösterei", "contact")) == sorted([records["contact"], *ids])
    assert hit_ids("Kaffeerösterei", "deal") == [records["deal"]]
    assert_index_as_rebuilt(workspace.database)


def test_suspended_puts_the_triggers_back_and_writes_nothing_on_failure(workspace, records):
    before, triggers = index_rows(workspace.database), stored_schema(workspace.database)
    with pytest.raises(RuntimeError, match="disk on fire"), db.atomic(), \
            search.suspended(db, "contact") as pending:
        pending.add("contact", insert_contacts_raw(3))
        raise RuntimeError("disk on fire")
    assert stored_schema(workspace.database) == triggers
    assert index_rows(workspace.database) == before
    assert db.execute_sql("SELECT count(*) FROM contact").fetchone() == (1,)
    # The triggers work again.
    contacts.update(records["contact"], first_name="Annette")
    assert hit_ids("Annette", "contact") == [records["contact"]]


def test_suspended_refuses_an_unknown_kind(workspace):
    with pytest.raises(ValueError, match="activity"), search.suspended(db, "activity"):
        pass
    with pytest.raises(ValueError, match="tag"), db.atomic(), \
            search.suspended(db, "contact") as pending:
        pending.add("tag", [1])


# --- migration 0003 ----------------------------------------------------------------------------
def make_version_2(path) -> None:
    """A workspace as version 2 left it (every update re-indexed), one record per kind."""
    database = SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    database.connect()
    migrator = SqliteMigrator(database)
    for number, module in migrations.available()[:2]:
        with database.atomic():
            module.migrate(database, migrator)
            database.execute_sql(f"PRAGMA user_version = {number}")
    assert migrations.current_version(database) == 2
    with database.atomic():
        database.execute_sql(
            "INSERT INTO company (created_at, updated_at, name, industry, size_band, website, "
            "phone, email, address, city, postcode, region, country, notes) VALUES "
            "(?, ?, 'Old Firm', 'Coffee', '', '', '', '', '', 'Bonn', '', '', '', '')",
            [NOW, NOW])
        database.execute_sql(
            "INSERT INTO contact (created_at, updated_at, first_name, last_name, email, phone, "
            "mobile, job_title, company_id, lifecycle_stage, stage_changed_at, source_channel, "
            "marketing_opt_in, do_not_contact, address, city, postcode, region, country, "
            "notes, sort_name) VALUES (?, ?, 'Zoë', 'Ärmel', '', '', '', '', 1, 'lead', ?, '',"
            " 0, 0, '', '', '', '', '', '', 'zoe armel')", [NOW, NOW, NOW])
        database.execute_sql(
            "INSERT INTO deal (created_at, updated_at, title, contact_id, company_id, stage_id,"
            " amount, status, close_reason, next_step, notes, stage_entered_at) VALUES "
            "(?, ?, 'Roaster', 1, 1, 1, 5000, 'open', '', '', '', ?)", [NOW, NOW, NOW])
        database.execute_sql(
            "INSERT INTO campaign (created_at, updated_at, name, channel, objective, status, "
            "start_date, end_date, budget, audience_tags, audience_stages, offer_code, notes) "
            "VALUES (?, ?, 'Autumn mailing', 'email', '', 'planned', '2025-09-01', "
            "'2025-09-30', 0, '', '', 'AUTUMN10', '')", [NOW, NOW])
        # Under version 2's triggers this re-indexed the contact; afterwards it will not.
        database.execute_sql("UPDATE contact SET last_touch_at = ? WHERE id = 1", [NOW])
    database.close()


def test_version_2_workspace_upgrades_keeping_rows_and_a_consistent_index(tmp_path):
    path = tmp_path / "v2.smeplanner"
    make_version_2(path)
    with open_workspace(path) as workspace:
        database = workspace.database
        assert workspace.migrated_from == 2
        assert migrations.current_version(database) == migrations.latest_version()
        assert len(workspace.backups) == 1
        assert [database.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in search.KIND_ORDER] == [1, 1, 1, 1]
        assert stored_schema(database) == generated_schema()
        assert search.index_is_consistent(database)
        assert hit_ids("Ärmel", "contact") == [1]
        assert hit_ids("AUTUMN10", "campaign") == [1]
        # The new triggers are live: a touch writes nothing to the index, a rename does.
        assert changes_by(database, "UPDATE contact SET last_touch_at = ? WHERE id = 1",
                          [NOW]) == 1
        companies.update(1, name="New Firm")
        assert hit_ids("New Firm", "deal") == [1]
        assert hit_ids("Old Firm", "contact") == []
        assert_index_as_rebuilt(database)
