"""The demo generator: deterministic, complete, consistent, and stored by the data rules."""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from peewee import Database

from smeplanner.core import models, search
from smeplanner.core.db import Workspace, open_workspace
from smeplanner.core.demo import BUSINESS_NAME, build_demo, main_counts_summary

# A Wednesday, so the current week has days both before and after "today".
TODAY = date(2026, 3, 11)
WEEK_START = TODAY - timedelta(days=TODAY.weekday())
SMALL = 0.2

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")


def rows(database: Database, sql: str, params: tuple[object, ...] = ()) -> list[tuple]:
    return database.execute_sql(sql, params).fetchall()


def scalar(database: Database, sql: str, params: tuple[object, ...] = ()) -> object:
    return database.execute_sql(sql, params).fetchone()[0]


@pytest.fixture
def demo(workspace: Workspace) -> Database:
    build_demo(workspace.database, scale=SMALL, seed=3, today=TODAY)
    return workspace.database


def dump(database: Database) -> dict[str, list[tuple]]:
    return {table: rows(database, f"SELECT * FROM {table} ORDER BY 1, 2")
            for table in ("contact", "deal", "deal_line", "activity", "campaign",
                          "lifecycle_change")}


def build_and_dump(path: Path, seed: int) -> dict[str, list[tuple]]:
    # Only one workspace can be open at a time: the models' database is global.
    workspace = open_workspace(path)
    try:
        build_demo(workspace.database, scale=SMALL, seed=seed, today=TODAY)
        return dump(workspace.database)
    finally:
        workspace.close()


def test_same_seed_gives_identical_rows_and_another_seed_does_not(tmp_path: Path) -> None:
    first = build_and_dump(tmp_path / "a" / "demo.smeplanner", seed=5)
    second = build_and_dump(tmp_path / "b" / "demo.smeplanner", seed=5)
    other = build_and_dump(tmp_path / "c" / "demo.smeplanner", seed=6)
    assert first == second
    assert first["contact"] != other["contact"]
    assert first["deal"] != other["deal"]


def test_counts_match_the_tables_and_summary_is_one_line(workspace: Workspace) -> None:
    database = workspace.database
    counts = build_demo(database, scale=SMALL, seed=1, today=TODAY)
    for table, count in counts.items():
        if table not in ("tag", "setting", "goal", "product"):
            assert scalar(database, f'SELECT count(*) FROM "{table}"') == count, table
    summary = main_counts_summary(counts)
    assert "\n" not in summary
    assert f"{counts['contact']:,} contacts" in summary
    assert f"{counts['deal']:,} deals" in summary


def test_every_vocabulary_value_appears(demo: Database) -> None:
    assert {s for (s,) in rows(demo, "SELECT DISTINCT lifecycle_stage FROM contact")} == set(
        models.LIFECYCLE_STAGES)
    assert {s for (s,) in rows(demo, "SELECT DISTINCT channel FROM campaign")} == set(
        models.CHANNELS)
    assert {s for (s,) in rows(demo, "SELECT DISTINCT kind FROM activity")} == set(
        models.ACTIVITY_KINDS)
    assert {s for (s,) in rows(demo, "SELECT DISTINCT status FROM campaign")} == set(
        models.CAMPAIGN_STATUSES)
    assert {s for (s,) in rows(demo, "SELECT DISTINCT status FROM deal")} == set(
        models.DEAL_STATUSES)
    assert {s for (s,) in rows(demo, "SELECT DISTINCT size_band FROM company")} <= set(
        models.SIZE_BANDS)
    assert {s for (s,) in rows(demo, "SELECT DISTINCT source_channel FROM contact")} <= set(
        models.SOURCE_CHANNELS)
    stages_without_deals = rows(demo, "SELECT name FROM pipeline_stage WHERE id NOT IN "
                                      "(SELECT stage_id FROM deal)")
    assert stages_without_deals == []


def test_funnel_is_wider_at_the_top(demo: Database) -> None:
    per_stage = dict(rows(demo, "SELECT lifecycle_stage, count(*) FROM contact GROUP BY 1"))
    assert per_stage["subscriber"] + per_stage["lead"] > 2 * (
        per_stage["customer"] + per_stage["advocate"])
    assert per_stage["advocate"] < per_stage["customer"]


def test_deal_amount_is_the_sum_of_its_lines(demo: Database) -> None:
    totals: dict[int, int] = defaultdict(int)
    for deal_id, quantity, unit_price, discount in rows(
            demo, "SELECT deal_id, quantity, unit_price, discount_pct FROM deal_line"):
        assert isinstance(unit_price, int)
        line = Decimal(quantity) * unit_price * (100 - Decimal(discount)) / 100
        totals[deal_id] += int(line.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    amounts = dict(rows(demo, "SELECT id, amount FROM deal"))
    assert amounts and all(amount > 0 for amount in amounts.values())
    assert amounts == dict(totals)
    discounted = scalar(demo, "SELECT count(*) FROM deal_line WHERE discount_pct != '0'")
    assert discounted > 0


def test_closed_deals_are_consistent(demo: Database) -> None:
    reasons = {name for (name,) in rows(demo, "SELECT name FROM lost_reason")}
    deals = rows(demo, "SELECT d.status, s.kind, d.closed_on, d.close_reason, d.next_step "
                       "FROM deal d JOIN pipeline_stage s ON s.id = d.stage_id")
    for status, kind, closed_on, reason, next_step in deals:
        assert status == kind
        if status == "open":
            assert closed_on is None
        else:
            assert closed_on is not None and closed_on <= TODAY.isoformat()
            assert reason and next_step == ""
        if status == "lost":
            assert reason in reasons
    open_without_step = scalar(demo, "SELECT count(*) FROM deal WHERE status = 'open' "
                                     "AND next_step = ''")
    open_with_step = scalar(demo, "SELECT count(*) FROM deal WHERE status = 'open' "
                                  "AND next_step != '' AND next_step_date IS NOT NULL")
    assert open_with_step > open_without_step > 0
    overdue = scalar(demo, "SELECT count(*) FROM deal WHERE status = 'open' "
                           "AND expected_close < ?", (TODAY.isoformat(),))
    assert overdue > 0
    assert scalar(demo, "SELECT count(*) FROM deal WHERE probability_override IS NOT NULL") > 0


def test_stage_history_walks_to_the_current_stage(demo: Database) -> None:
    history: dict[int, list[tuple]] = defaultdict(list)
    for deal_id, from_stage, to_stage, changed_at in rows(
            demo, "SELECT deal_id, from_stage_id, to_stage_id, changed_at "
                  "FROM deal_stage_change ORDER BY deal_id, changed_at, id"):
        history[deal_id].append((from_stage, to_stage, changed_at))
    for deal_id, stage_id, entered, created in rows(
            demo, "SELECT id, stage_id, stage_entered_at, created_at FROM deal"):
        steps = history[deal_id]
        assert steps[0][0] is None
        assert steps[-1][1] == stage_id
        assert steps[-1][2] == entered
        assert steps[0][2] == created
        for earlier, later in itertools.pairwise(steps):
            assert later[0] == earlier[1]


def test_lifecycle_history_walks_to_the_current_stage(demo: Database) -> None:
    history: dict[int, list[tuple]] = defaultdict(list)
    for contact_id, from_stage, to_stage, changed_at in rows(
            demo, "SELECT contact_id, from_stage, to_stage, changed_at FROM lifecycle_change "
                  "ORDER BY contact_id, changed_at, id"):
        history[contact_id].append((from_stage, to_stage, changed_at))
    for contact_id, stage, changed_at, created_at in rows(
            demo, "SELECT id, lifecycle_stage, stage_changed_at, created_at FROM contact"):
        steps = history[contact_id]
        assert steps[0][0] is None and steps[0][2] == created_at
        assert steps[-1][1] == stage and steps[-1][2] == changed_at
        for earlier, later in itertools.pairwise(steps):
            assert later[0] == earlier[1]


def test_campaign_dates_statuses_expenses_and_offers(demo: Database) -> None:
    today = TODAY.isoformat()
    spent = dict(rows(demo, "SELECT campaign_id, sum(amount) FROM campaign_expense GROUP BY 1"))
    assert scalar(demo, "SELECT count(*) FROM campaign_expense WHERE spent_on >= ?",
                  (today,)) == 0
    campaigns = rows(demo, "SELECT id, status, start_date, end_date, budget, offer_start, "
                           "offer_end, offer_discount_pct FROM campaign")
    for cid, status, start, end, budget, offer_start, offer_end, offer_pct in campaigns:
        assert start <= end and budget > 0
        if status == "done":
            assert end < today
            assert 0.85 * budget <= spent[cid] <= 1.1 * budget
        elif status == "planned":
            assert start > today and spent.get(cid, 0) <= 0.3 * budget
        elif status in ("active", "paused"):
            assert start <= today <= end and spent.get(cid, 0) <= budget
        if offer_pct is not None:
            assert start <= offer_start <= offer_end <= end
            assert Decimal(offer_pct) > 0
            assert scalar(demo, "SELECT count(*) FROM campaign_product WHERE campaign_id = ?",
                          (cid,)) > 0
    with_offer = scalar(demo, "SELECT count(*) FROM campaign WHERE offer_code != ''")
    with_agency = scalar(demo, "SELECT count(*) FROM campaign WHERE agency_id IS NOT NULL")
    assert with_offer > 0 and with_agency > 0
    past_deliverables_open = scalar(
        demo, "SELECT count(*) FROM activity a JOIN campaign c ON c.id = a.campaign_id "
              "WHERE a.kind = 'deliverable' AND c.status = 'done' AND a.done = 0")
    assert past_deliverables_open == 0
    without_deliverables = scalar(
        demo, "SELECT count(*) FROM campaign c WHERE status != 'cancelled' AND NOT EXISTS "
              "(SELECT 1 FROM activity a WHERE a.campaign_id = c.id AND a.kind = 'deliverable' "
              "AND a.role = 'marketing')")
    assert without_deliverables == 0


def test_contacts_have_sources_consent_tags_and_follow_ups(demo: Database) -> None:
    total = scalar(demo, "SELECT count(*) FROM contact")
    from_campaigns = scalar(demo, "SELECT count(*) FROM contact c JOIN campaign k "
                                  "ON k.id = c.source_campaign_id AND k.channel = c.source_channel")
    assert from_campaigns > total * 0.2
    opted_in = scalar(demo, "SELECT count(*) FROM contact WHERE marketing_opt_in = 1 "
                            "AND opt_in_date IS NOT NULL")
    assert opted_in > total / 2
    assert scalar(demo, "SELECT count(*) FROM contact WHERE marketing_opt_in = 1 "
                        "AND do_not_contact = 1") == 0
    assert scalar(demo, "SELECT count(DISTINCT contact_id) FROM contact_tag") > total / 2
    assert scalar(demo, "SELECT count(*) FROM contact WHERE next_follow_up < ?",
                  (TODAY.isoformat(),)) > 0
    assert scalar(demo, "SELECT count(*) FROM contact WHERE last_touch_at IS NOT NULL") > 0
    accented = scalar(demo, "SELECT count(*) FROM contact WHERE "
                            "first_name || last_name GLOB '*[^ -~]*'")
    assert accented > 0
    emails = [email for (email,) in rows(demo, "SELECT email FROM contact")]
    assert all(re.fullmatch(r"[a-z0-9.]+@[a-z0-9.-]+\.[a-z]+", email) for email in emails)


def test_the_current_week_has_work_in_it(demo: Database) -> None:
    week = (WEEK_START.isoformat(), (WEEK_START + timedelta(days=6)).isoformat())
    in_week = scalar(demo, "SELECT count(*) FROM activity WHERE due_date BETWEEN ? AND ?", week)
    assert in_week >= 5
    assert scalar(demo, "SELECT count(*) FROM activity WHERE done = 0 AND due_date < ?",
                  (TODAY.isoformat(),)) > 0
    assert scalar(demo, "SELECT count(*) FROM activity WHERE done = 1 AND due_date > ?",
                  (TODAY.isoformat(),)) == 0


def test_activities_are_dated_and_linked(demo: Database) -> None:
    assert scalar(demo, "SELECT count(*) FROM activity WHERE due_date IS NULL") == 0
    for kind, due_date, due_at, done, done_at in rows(
            demo, "SELECT kind, due_date, due_at, done, done_at FROM activity"):
        if kind in ("call", "meeting"):
            assert due_at is not None and due_at[:10] == due_date
        else:
            assert due_at is None
        assert (done_at is not None) == bool(done)
    linked = scalar(demo, "SELECT count(*) FROM activity WHERE deal_id IS NOT NULL")
    assert linked > 0
    sales = scalar(demo, "SELECT count(*) FROM activity WHERE role = 'sales'")
    assert sales > scalar(demo, "SELECT count(*) FROM activity WHERE role = 'marketing'")


def test_storage_follows_the_data_rules(demo: Database) -> None:
    for table, column in (("deal", "amount"), ("deal_line", "unit_price"), ("campaign", "budget"),
                          ("campaign_expense", "amount"), ("product", "price"),
                          ("product", "unit_cost"), ("goal", "target")):
        kinds = {k for (k,) in rows(demo, f"SELECT DISTINCT typeof({column}) FROM {table}")}
        assert kinds == {"integer"}, (table, column)
    for table, column in (("deal_line", "quantity"), ("deal_line", "discount_pct"),
                          ("campaign", "offer_discount_pct")):
        for (value,) in rows(demo, f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL"):
            assert isinstance(value, str)
            Decimal(value)
    checks = {DATE: (("deal", "expected_close"), ("deal", "closed_on"), ("activity", "due_date"),
                     ("campaign", "start_date"), ("contact", "next_follow_up"),
                     ("goal", "period_start"), ("campaign_expense", "spent_on")),
              INSTANT: (("contact", "created_at"), ("contact", "stage_changed_at"),
                        ("contact", "last_touch_at"), ("deal", "stage_entered_at"),
                        ("activity", "due_at"), ("activity", "done_at"),
                        ("lifecycle_change", "changed_at"), ("deal_stage_change", "changed_at"),
                        ("company", "updated_at"))}
    for pattern, columns in checks.items():
        for table, column in columns:
            for (value,) in rows(demo, f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL"):
                assert pattern.match(value), (table, column, value)
    now = f"{TODAY.isoformat()} 23:59:59"
    for table, column in (("contact", "created_at"), ("activity", "done_at"),
                          ("lifecycle_change", "changed_at"), ("deal", "stage_entered_at")):
        assert scalar(demo, f"SELECT count(*) FROM {table} WHERE {column} > ?", (now,)) == 0


def test_database_integrity_and_search(demo: Database) -> None:
    assert rows(demo, "PRAGMA foreign_key_check") == []
    assert rows(demo, "PRAGMA integrity_check") == [("ok",)]
    assert search.index_is_consistent(demo)
    # The bulk load rebuilt the ordinary indexes it set aside.
    assert scalar(demo, "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                        "AND name = 'activity_due_date'") == 1
    contact_id, last_name = rows(demo, "SELECT id, last_name FROM contact "
                                       "WHERE length(last_name) >= 6 ORDER BY id LIMIT 1")[0]
    hits = search.search(demo, last_name[1:5], kinds=("contact",), limit=10_000)
    assert contact_id in {hit.id for hit in hits}


def test_settings_and_goals(demo: Database) -> None:
    settings = {key: json.loads(value) for key, value in rows(demo, "SELECT * FROM setting")}
    assert settings["business_name"] == BUSINESS_NAME
    assert settings["currency"] == "EUR"
    per_kind = rows(demo, "SELECT period, metric, count(*), min(target) FROM goal GROUP BY 1, 2")
    assert {(period, metric) for period, metric, _, _ in per_kind} == {
        (period, metric) for period in models.GOAL_PERIODS for metric in models.GOAL_METRICS}
    for period, _, count, least in per_kind:
        assert count >= (16 if period == "month" else 5)
        assert least > 0
    first_month = date(TODAY.year - 1, TODAY.month, 1).isoformat()
    assert scalar(demo, "SELECT min(period_start) FROM goal WHERE period = 'month'") == first_month


def test_refuses_a_workspace_that_is_not_empty(demo: Database) -> None:
    before = scalar(demo, "SELECT count(*) FROM contact")
    with pytest.raises(ValueError, match="empty workspace"):
        build_demo(demo, scale=SMALL, today=TODAY)
    assert scalar(demo, "SELECT count(*) FROM contact") == before


def test_refuses_a_scale_that_is_not_positive(workspace: Workspace) -> None:
    with pytest.raises(ValueError, match="scale"):
        build_demo(workspace.database, scale=0, today=TODAY)


def test_reports_progress_up_to_done(workspace: Workspace) -> None:
    reports: list[tuple[str, float]] = []
    build_demo(workspace.database, scale=SMALL, today=TODAY,
               progress=lambda stage, fraction: reports.append((stage, fraction)))
    fractions = [fraction for _, fraction in reports]
    assert len(reports) >= 5
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_scale_is_proportional(tmp_path: Path) -> None:
    def counts_at(scale: float, name: str) -> dict[str, int]:
        workspace = open_workspace(tmp_path / name / "demo.smeplanner")
        try:
            return build_demo(workspace.database, scale=scale, today=TODAY)
        finally:
            workspace.close()

    half, whole = counts_at(0.5, "half"), counts_at(1, "whole")
    assert whole["contact"] == 500
    assert 90 <= whole["deal"] <= 110 and 10 <= whole["campaign"] <= 14
    assert 900 <= whole["activity"] <= 1100
    for table in ("contact", "company", "deal", "activity"):
        assert 0.4 <= half[table] / whole[table] <= 0.6, table


def test_contacts_have_their_sort_key(workspace):
    from smeplanner.core.textkeys import contact_sort_key

    build_demo(workspace.database, scale=0.1, seed=5, today=date(2026, 11, 23))
    rows = workspace.database.execute_sql(
        "SELECT first_name, last_name, email, sort_name FROM contact").fetchall()
    assert rows
    assert all(sort_name == contact_sort_key(first, last, email)
               for first, last, email, sort_name in rows)


def test_deliberate_duplicates_are_found_and_colleagues_are_not(workspace: Workspace) -> None:
    from smeplanner.core.duplicates import find_duplicate_groups

    database = workspace.database
    build_demo(database, scale=0.5, seed=2, today=TODAY)
    total = scalar(database, "SELECT count(*) FROM contact")
    imported = {contact_id for (contact_id,) in rows(
        database, "SELECT id FROM contact WHERE source_channel = 'import'")}
    groups = find_duplicate_groups()
    assert 3 <= len(groups) < 0.05 * total
    assert all(group.reasons for group in groups)
    # Each second entry is a later import of someone already there, found as such.
    deliberate = [group for group in groups if max(group.contact_ids) in imported]
    assert len(deliberate) >= 3
    found_by = {reason for group in deliberate for reason in group.reasons}
    assert found_by == {"same email", "same phone", "similar name at the same company"}
    # Colleagues' direct lines differ: no two contacts at one company share a phone number.
    assert rows(database, "SELECT company_id, phone FROM contact WHERE company_id IS NOT NULL "
                          "AND phone != '' GROUP BY 1, 2 HAVING count(*) > 1") == []
