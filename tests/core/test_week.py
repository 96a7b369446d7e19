"""The week plan: what lands on which day, overdue items, time split, zones, moves, undo."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from datetime import time as clock

import pytest

from smeplanner.core import activity_changes, bulk, pipeline, quick_add, settings, week
from smeplanner.core.activities import activities
from smeplanner.core.campaigns import campaigns
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals
from smeplanner.core.errors import ValidationError

MONDAY = date(2026, 11, 23)
SUNDAY = MONDAY + timedelta(days=6)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, clock(hour, minute)).astimezone()


@pytest.fixture
def plan_data(workspace, zone):
    zone("Europe/Berlin")
    anna = contacts.create(first_name="Anna", last_name="Schmidt")
    fair = campaigns.create(name="Coffee fair", channel="event", start_date=MONDAY,
                            end_date=MONDAY + timedelta(days=2), offer_start="2026-11-20",
                            offer_end=MONDAY + timedelta(days=4), offer_discount_pct="10")
    campaigns.create(name="Cancelled mailing", channel="email", start_date=MONDAY,
                     end_date=MONDAY, status="cancelled")
    machine = deals.create(title="Espresso machines", contact=anna.id,
                           expected_close=MONDAY + timedelta(days=3))
    won = deals.create(title="Grinders", contact=anna.id, expected_close=MONDAY)
    won_stage = next(stage for stage in pipeline.list_stages() if stage.kind == "won")
    deals.move_to_stage(won.id, won_stage.id, closed_on=MONDAY)
    ids = {
        "call": activities.create(kind="call", subject="Call Anna", contact=anna.id,
                                  due_at=local(MONDAY, 10), duration_minutes=30).id,
        "early": activities.create(kind="meeting", subject="Breakfast", deal=machine.id,
                                   due_at=local(MONDAY, 8), duration_minutes=60).id,
        "task": activities.create(kind="task", subject="Write offer", due_date=MONDAY,
                                  duration_minutes=45).id,
        "flyer": activities.create(kind="deliverable", subject="Flyer", due_date=MONDAY,
                                   campaign=fair.id, duration_minutes=120).id,
        "post": activities.create(kind="task", subject="Post on social", role="marketing",
                                  due_date=SUNDAY, duration_minutes=15).id,
        "late": activities.create(kind="call", subject="Late call", contact=anna.id,
                                  due_date=MONDAY - timedelta(days=3)).id,
        "late_done": activities.create(kind="task", subject="Done late",
                                       due_date=MONDAY - timedelta(days=2), done=True).id,
        "next_week": activities.create(kind="task", subject="Later",
                                       due_date=SUNDAY + timedelta(days=1)).id,
    }
    return {"anna": anna.id, "fair": fair.id, "machine": machine.id, "won": won.id, **ids}


def subjects(items):
    return [item.subject for item in items]


def test_each_day_lists_all_day_items_first_then_by_time(plan_data):
    plan = week.load_week(MONDAY, today=MONDAY)
    assert list(plan.days) == [MONDAY + timedelta(days=n) for n in range(7)]
    monday = plan.days[MONDAY]
    activities_first = [item for item in monday if item.is_activity]
    assert subjects(activities_first) == ["Write offer", "Flyer", "Breakfast", "Call Anna"]
    assert subjects(plan.days[SUNDAY]) == ["Post on social"]
    assert "Later" not in subjects(plan.items())


def test_items_carry_kind_time_links_and_hat(plan_data):
    plan = week.load_week(MONDAY, today=MONDAY)
    by_subject = {item.subject: item for item in plan.items()}
    call = by_subject["Call Anna"]
    assert (call.kind, call.start.hour, call.start.minute, call.contact) == \
        ("call", 10, 0, "Anna Schmidt")
    assert call.hat == "sales" and call.is_activity and not call.done
    breakfast = by_subject["Breakfast"]
    assert breakfast.contact == "Anna Schmidt"  # the deal's contact, filled in
    assert breakfast.linked == "Anna Schmidt · Espresso machines"
    assert by_subject["Flyer"].hat == "marketing"  # deliverables are marketing work
    assert by_subject["Flyer"].campaign == "Coffee fair"
    assert by_subject["Write offer"].start is None


def test_campaign_offer_and_deal_events(plan_data):
    plan = week.load_week(MONDAY, today=MONDAY)
    events = {(item.kind, item.subject, item.day) for item in plan.items()
              if not item.is_activity}
    assert events == {
        ("campaign_start", "Coffee fair", MONDAY),
        ("campaign_end", "Coffee fair", MONDAY + timedelta(days=2)),
        ("offer_end", "Coffee fair", MONDAY + timedelta(days=4)),  # started the week before
        ("deal_close", "Espresso machines", MONDAY + timedelta(days=3)),
    }  # not the cancelled campaign, not the won deal


def test_overdue_is_open_items_before_today_newest_first(plan_data):
    plan = week.load_week(MONDAY, today=MONDAY)
    assert subjects(plan.overdue) == ["Late call"]
    assert plan.overdue_total == 1
    for number in range(5):
        activities.create(kind="task", subject=f"Old {number}",
                          due_date=MONDAY - timedelta(days=10 + number))
    items, total = week.overdue(MONDAY, limit=3)
    assert total == 6
    assert subjects(items) == ["Late call", "Old 0", "Old 1"]
    # Seen from Wednesday, Monday's open items are overdue too.
    _items, total = week.overdue(MONDAY + timedelta(days=2))
    assert total == 6 + 4


def test_overdue_reads_the_open_items_index(plan_data, workspace, monkeypatch):
    plans = []
    execute = workspace.database.execute_sql

    def explained(sql, params=()):
        if "done = 0" in sql:
            plans.append(str(execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()))
        return execute(sql, params)
    monkeypatch.setattr(workspace.database, "execute_sql", explained)
    week.overdue(MONDAY)
    # The items near today whose day depends on the time zone, the count, the rows.
    assert len(plans) == 3
    assert all("activity_done_due_date_kind" in plan for plan in plans)


def test_time_split_sums_durations_by_hat_against_the_target(plan_data):
    settings.set_value("sales_share_target", 70)
    split = week.load_week(MONDAY, today=MONDAY).split
    assert split.sales_minutes == 30 + 60 + 45
    assert split.marketing_minutes == 120 + 15
    assert split.sales_pct == round(100 * 135 / 270)
    assert split.sales_target_pct == 70
    empty = week.time_split([], sales_target_pct=60)
    assert empty.total_minutes == 0 and empty.sales_pct is None


def test_timed_items_follow_the_zone_all_day_items_keep_their_date(workspace, zone):
    zone("Europe/Berlin")
    late = activities.create(kind="call", subject="Late call",
                             due_at=local(MONDAY, 23, 30)).id
    all_day = activities.create(kind="task", subject="All day", due_date=MONDAY).id
    zone("America/New_York")  # the laptop flew west: 23:30 in Berlin is 17:30 there
    plan = week.load_week(MONDAY, today=MONDAY)
    by_id = {item.record_id: item for item in plan.items()}
    assert by_id[late].day == MONDAY and by_id[late].start.hour == 17
    assert by_id[all_day].day == MONDAY
    zone("Asia/Tokyo")  # and east: 07:30 the next morning
    plan = week.load_week(MONDAY, today=MONDAY)
    by_id = {item.record_id: item for item in plan.items()}
    assert by_id[late].day == MONDAY + timedelta(days=1) and by_id[late].start.hour == 7
    assert by_id[all_day].day == MONDAY


def test_overdue_is_decided_by_the_day_here_after_a_trip(workspace, zone):
    """Saved in New York for Monday 22:00, viewed in Berlin on Tuesday: it is Tuesday 04:00
    here, today's, not overdue (it showed twice). Saved in Berlin for Tuesday 01:00, viewed
    in New York on Tuesday: it was Monday 19:00 here, overdue (it was missing)."""
    from smeplanner.core import attention

    tuesday = MONDAY + timedelta(days=1)
    zone("America/New_York")
    evening = activities.create(kind="call", subject="Evening call",
                                due_at=local(MONDAY, 22, 0)).id
    zone("Europe/Berlin")
    night = activities.create(kind="call", subject="Night call",
                              due_at=local(tuesday, 1, 0)).id

    plan = week.load_week(MONDAY, today=tuesday)
    assert [item.record_id for item in plan.overdue] == []
    assert [item.record_id for item in plan.days[tuesday]] == [night, evening]

    zone("America/New_York")  # both were on Monday here: both overdue, latest first
    plan = week.load_week(MONDAY, today=tuesday)
    assert [item.record_id for item in plan.overdue] == [evening, night]
    assert plan.overdue_total == 2
    [group] = [group for group in attention.needs_attention(MONDAY, SUNDAY, today=tuesday)
               if group.reason == "overdue_follow_up"]
    assert group.total == 2
    assert {item.record_id for item in group.items} == {evening, night}


def test_reschedule_keeps_the_time_of_day_or_takes_a_new_one(plan_data):
    thursday = MONDAY + timedelta(days=3)
    moved = week.reschedule(plan_data["call"], thursday)
    assert moved.due_date == thursday
    assert moved.due_at.astimezone().time() == clock(10, 0)
    moved = week.reschedule(plan_data["call"], thursday, clock(15, 30))
    assert moved.due_at.astimezone().time() == clock(15, 30)
    task = week.reschedule(plan_data["task"], thursday)
    assert (task.due_date, task.due_at) == (thursday, None)  # still all day


def test_week_start_iso_weeks_and_labels(workspace):
    assert week.week_start_day(date(2026, 11, 26), 0) == MONDAY
    assert week.week_start_day(date(2026, 11, 26), 6) == date(2026, 11, 22)
    settings.set_value("week_start", 6)
    assert week.week_start_day(date(2026, 11, 22)) == date(2026, 11, 22)
    assert week.parse_iso_week("2026-W48") == MONDAY
    assert week.parse_iso_week("2026w48") == MONDAY
    assert week.iso_week_label(MONDAY) == "2026-W48"
    assert week.iso_week_label(date(2026, 11, 22)) == "2026-W48"  # a Sunday-first week
    for bad in ("2026-48", "W48", "2026-W54", ""):
        with pytest.raises(ValidationError) as raised:
            week.parse_iso_week(bad)
        assert raised.value.field == "week"


@pytest.mark.parametrize(("now", "expected"), [
    (datetime(2026, 11, 23, 9, 20), datetime(2026, 11, 23, 10, 0)),  # Monday morning
    (datetime(2026, 11, 23, 6, 5), datetime(2026, 11, 23, 8, 0)),  # before work
    (datetime(2026, 11, 27, 17, 30), datetime(2026, 11, 30, 8, 0)),  # Friday evening
    (datetime(2026, 11, 28, 11, 0), datetime(2026, 11, 30, 8, 0)),  # Saturday
])
def test_next_working_hour(zone, now, expected):
    zone("Europe/Berlin")
    found = week.next_working_hour(now.astimezone())
    assert found.replace(tzinfo=None) == expected


def test_activity_links_for_opening(plan_data):
    links = week.activity_links(plan_data["early"])
    assert links.records == (("deal", plan_data["machine"]), ("contact", plan_data["anna"]))
    assert (links.day, links.kind) == (MONDAY, "meeting")
    assert week.activity_links(plan_data["task"]).records == ()
    assert week.activity_links(999_999) is None


def test_ticking_off_is_undone_exactly_with_the_contacts_last_touch(plan_data, workspace):
    def row(table, row_id):
        return workspace.database.execute_sql(f"SELECT * FROM {table} WHERE id = ?",
                                              (row_id,)).fetchone()
    before = (row("activity", plan_data["late"]), row("contact", plan_data["anna"]))
    result = activity_changes.change_activities(
        [plan_data["late"]], lambda: activities.set_done(plan_data["late"]) and None)
    assert contacts.get(plan_data["anna"]).last_touch_at is not None
    assert set(result.changes) == {"activity", "contact"}
    after = (row("activity", plan_data["late"]), row("contact", plan_data["anna"]))
    bulk.revert(result)
    assert (row("activity", plan_data["late"]), row("contact", plan_data["anna"])) == before
    activity_changes.replay(result)
    assert (row("activity", plan_data["late"]), row("contact", plan_data["anna"])) == after


def test_an_added_activity_is_removed_by_undo_and_back_with_its_id(plan_data):
    result = activity_changes.change_activities(
        [], lambda: activities.create(kind="call", subject="New call",
                                      contact=plan_data["anna"], due_date=MONDAY).id,
        contact_ids=[plan_data["anna"]])
    (created,) = result.related["activity"]
    bulk.revert(result)
    assert "New call" not in subjects(week.load_week(MONDAY, today=MONDAY).items())
    activity_changes.replay(result)
    assert activities.get(created).subject == "New call"


def test_a_change_that_changes_nothing_has_nothing_to_undo(plan_data):
    result = activity_changes.change_activities([plan_data["task"]], lambda: None)
    assert result.changes == {}


def test_quick_add_pickers_and_defaults(plan_data):
    assert quick_add.find_deals("espresso") == [
        (plan_data["machine"], "Espresso machines — Anna Schmidt")]
    assert quick_add.find_deals("  ") == []
    assert quick_add.find_deals("100%") == []  # LIKE wildcards are taken literally
    labels = quick_add.link_labels(deal_id=plan_data["machine"], campaign_id=plan_data["fair"])
    assert labels == {"deal": (plan_data["machine"], "Espresso machines"),
                      "contact": (plan_data["anna"], "Anna Schmidt"),
                      "campaign": (plan_data["fair"], "Coffee fair")}
    assert quick_add.link_labels(contact_id=999_999) == {}
    assert quick_add.default_hat(deal_id=None, campaign_id=plan_data["fair"]) == "marketing"
    assert quick_add.default_hat(deal_id=plan_data["machine"],
                                 campaign_id=plan_data["fair"]) == "sales"
    assert quick_add.default_start(datetime(2026, 11, 23, 9, 20, tzinfo=UTC)).minute == 0
