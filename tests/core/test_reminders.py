"""Reminders: remind_at derived from the due time, due/missed look-ups, snooze and dismiss."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest
from playhouse.test_utils import count_queries

from smeplanner.core import reminders
from smeplanner.core.activities import activities
from smeplanner.core.campaigns import campaigns
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals
from smeplanner.core.errors import ValidationError


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def in_zone(monkeypatch):
    """Call with a zone name to run the rest of the test in that local time zone."""
    with monkeypatch.context() as patch:
        def use(zone):
            patch.setenv("TZ", zone)
            time.tzset()
        yield use
    time.tzset()


def raw_remind_at(workspace, activity_id):
    return workspace.database.execute_sql(
        "SELECT remind_at FROM activity WHERE id = ?", (activity_id,)).fetchone()[0]


def due_ids(now):
    return [reminder.activity_id for reminder in reminders.due_reminders(now)]


# --- remind_at follows the due time -----------------------------------------------------------

def test_a_timed_item_is_reminded_its_minutes_before_the_start(workspace):
    call = activities.create(kind="call", subject="Call Anna", due_at=utc(2026, 3, 2, 10, 0),
                             reminder_minutes=15)
    assert call.remind_at == utc(2026, 3, 2, 9, 45)
    assert raw_remind_at(workspace, call.id) == "2026-03-02 09:45:00"
    assert due_ids(utc(2026, 3, 2, 9, 44, 59)) == []
    assert due_ids(utc(2026, 3, 2, 9, 45)) == [call.id]


@pytest.mark.parametrize(("zone", "day", "nine_local_in_utc"), [
    ("Europe/Berlin", date(2026, 3, 2), utc(2026, 3, 2, 8, 0)),        # CET, UTC+1
    ("Europe/Berlin", date(2026, 6, 1), utc(2026, 6, 1, 7, 0)),        # CEST, UTC+2
    ("America/New_York", date(2026, 3, 2), utc(2026, 3, 2, 14, 0)),    # EST, UTC-5
    ("Asia/Tokyo", date(2026, 3, 2), utc(2026, 3, 2, 0, 0)),           # JST, UTC+9
])
def test_an_all_day_item_is_reminded_at_nine_local_time(workspace, in_zone, zone, day,
                                                        nine_local_in_utc):
    in_zone(zone)
    task = activities.create(kind="task", subject="Send quote", due_date=day,
                             reminder_minutes=0)
    assert task.remind_at == nine_local_in_utc
    assert task.remind_at.astimezone().replace(tzinfo=None) == datetime.combine(
        day, reminders.MORNING)
    assert due_ids(nine_local_in_utc - timedelta(seconds=1)) == []
    assert due_ids(nine_local_in_utc) == [task.id]
    # An hour's lead time is 08:00 local.
    early = activities.update(task.id, reminder_minutes=60)
    assert early.remind_at == nine_local_in_utc - timedelta(hours=1)


@pytest.mark.parametrize("values", [
    {"due_date": "2026-03-02", "reminder_minutes": None},
    {"due_at": None, "due_date": None, "reminder_minutes": 30},
    {"due_date": "2026-03-02"},
])
def test_no_reminder_without_minutes_or_a_date(workspace, values):
    task = activities.create(kind="task", subject="Someday", **values)
    assert task.remind_at is None
    assert raw_remind_at(workspace, task.id) is None


@pytest.mark.parametrize(("given", "stored"), [
    (None, None), ("", None), (0, 0), ("30", 30), (40320, 40320)])
def test_reminder_minutes_accepted(workspace, given, stored):
    task = activities.create(kind="task", subject="T", due_date="2026-03-02",
                             reminder_minutes=given)
    assert task.reminder_minutes == stored


@pytest.mark.parametrize("bad", [-1, 40321, "soon", 1.5, True])
def test_reminder_minutes_refused_naming_the_field(workspace, bad):
    with pytest.raises(ValidationError) as caught:
        activities.create(kind="task", subject="T", due_date="2026-03-02",
                          reminder_minutes=bad)
    assert caught.value.field == "reminder_minutes"
    assert activities.count() == 0
    task = activities.create(kind="task", subject="T", due_date="2026-03-02")
    with pytest.raises(ValidationError) as caught:
        activities.update(task.id, reminder_minutes=bad)
    assert caught.value.field == "reminder_minutes"
    assert activities.get(task.id).reminder_minutes is None


def test_rescheduling_or_a_new_lead_time_recomputes_remind_at(workspace):
    meeting = activities.create(kind="meeting", subject="Demo", due_at=utc(2026, 3, 2, 10),
                                reminder_minutes=30)
    moved = activities.update(meeting.id, due_at=utc(2026, 3, 3, 14))
    assert moved.remind_at == utc(2026, 3, 3, 13, 30)
    longer = activities.update(meeting.id, reminder_minutes=120)
    assert longer.remind_at == utc(2026, 3, 3, 12, 0)
    all_day = activities.update(meeting.id, due_at=None, due_date=date(2026, 3, 4),
                                reminder_minutes=0)
    assert all_day.remind_at.astimezone().replace(tzinfo=None) == datetime(2026, 3, 4, 9)
    off = activities.update(meeting.id, reminder_minutes=None)
    assert off.remind_at is None


def test_other_edits_keep_a_snoozed_or_dismissed_reminder(workspace):
    call = activities.create(kind="call", subject="Call", due_at=utc(2026, 3, 2, 10),
                             reminder_minutes=10)
    reminders.snooze(call.id, utc(2026, 3, 2, 11), now=utc(2026, 3, 2, 9, 55))
    assert activities.update(call.id, subject="Call back").remind_at == utc(2026, 3, 2, 11)
    reminders.dismiss([call.id])
    assert activities.update(call.id, notes="left a message").remind_at is None
    # A new date is a new reminder.
    assert activities.update(call.id, due_at=utc(2026, 3, 5, 10)).remind_at == \
        utc(2026, 3, 5, 9, 50)


def test_a_save_that_changes_nothing_is_no_change(workspace):
    task = activities.create(kind="task", subject="T", due_date="2026-03-02",
                             reminder_minutes=15)
    again = activities.update(task.id, subject="T", reminder_minutes=15)
    assert again.updated_at == task.updated_at
    assert again.remind_at == task.remind_at


def test_a_done_item_keeps_remind_at_but_is_never_due(workspace):
    task = activities.create(kind="task", subject="T", due_at=utc(2026, 3, 2, 10),
                             reminder_minutes=0)
    activities.set_done(task.id)
    assert activities.get(task.id).remind_at == utc(2026, 3, 2, 10)
    assert due_ids(utc(2026, 3, 3)) == []
    activities.set_done(task.id, False)
    assert due_ids(utc(2026, 3, 3)) == [task.id]


# --- what is due ------------------------------------------------------------------------------

def test_due_reminders_oldest_first_with_linked_records_in_one_query(workspace):
    anna = contacts.create(first_name="Anna", last_name="Schmidt")
    deal = deals.create(title="Order 42", contact=anna.id)
    fair = campaigns.create(name="Fair", start_date="2026-03-01", end_date="2026-03-03")
    later = activities.create(kind="call", subject="Call", due_at=utc(2026, 3, 2, 11),
                              reminder_minutes=0, deal=deal.id)
    sooner = activities.create(kind="deliverable", subject="Post", due_at=utc(2026, 3, 2, 10),
                               reminder_minutes=0, campaign=fair.id)
    activities.create(kind="task", subject="Not yet", due_at=utc(2026, 3, 2, 13),
                      reminder_minutes=0)
    activities.create(kind="task", subject="No reminder", due_at=utc(2026, 3, 2, 9))
    with count_queries() as counter:
        due = reminders.due_reminders(utc(2026, 3, 2, 12))
    assert counter.count == 1
    assert [r.activity_id for r in due] == [sooner.id, later.id]
    post, call = due
    assert (call.subject, call.kind, call.contact_name, call.deal_title, call.campaign_name) \
        == ("Call", "call", "Anna Schmidt", "Order 42", "")
    assert call.linked_record == "Order 42"
    assert (post.campaign_name, post.linked_record, post.due_date) == \
        ("Fair", "Fair", date(2026, 3, 2))
    assert post.due_at == utc(2026, 3, 2, 10) and post.remind_at == utc(2026, 3, 2, 10)


def test_the_due_query_reads_the_partial_index(workspace):
    sql, params = reminders._due_query(utc(2026, 3, 2)).sql()
    plan = " ".join(row[3] for row in workspace.database.execute_sql(
        f"EXPLAIN QUERY PLAN {sql}", params).fetchall())
    assert "USING INDEX activity_done_remind_at" in plan
    assert "TEMP B-TREE" not in plan  # already in remind_at order


def test_missed_are_the_reminders_that_came_due_before_the_start(workspace):
    old = activities.create(kind="task", subject="Old", due_at=utc(2026, 3, 1, 10),
                            reminder_minutes=0)
    activities.create(kind="task", subject="Now", due_at=utc(2026, 3, 2, 10, 0),
                      reminder_minutes=0)
    assert [r.activity_id for r in reminders.missed(utc(2026, 3, 2, 10, 5),
                                                    since=utc(2026, 3, 2, 9))] == [old.id]


# --- snooze and dismiss -----------------------------------------------------------------------

def test_snooze_choices(in_zone):
    in_zone("America/New_York")
    now = utc(2026, 3, 2, 3, 30)  # 22:30 on March 1st in New York
    choices = reminders.snooze_choices(now)
    assert list(choices) == list(reminders.SNOOZE_CHOICES)
    assert choices["10 min"] == utc(2026, 3, 2, 3, 40)
    assert choices["1 hour"] == utc(2026, 3, 2, 4, 30)
    assert choices["tomorrow"] == utc(2026, 3, 2, 14, 0)  # 09:00 EST on March 2nd


def test_snooze_moves_the_reminder_until_it_comes_due_again(workspace):
    task = activities.create(kind="task", subject="T", due_at=utc(2026, 3, 2, 10),
                             reminder_minutes=0)
    now = utc(2026, 3, 2, 10, 1)
    assert reminders.snooze(task.id, now + timedelta(minutes=10), now=now) == \
        utc(2026, 3, 2, 10, 11)
    assert due_ids(utc(2026, 3, 2, 10, 10)) == []
    assert due_ids(utc(2026, 3, 2, 10, 11)) == [task.id]


@pytest.mark.parametrize(("target", "until"), [
    ("past", utc(2026, 3, 2, 9)), ("now", utc(2026, 3, 2, 10)), ("unknown", None),
    ("not a time", "tomorrow")])
def test_snooze_refusals_name_remind_at(workspace, target, until):
    task = activities.create(kind="task", subject="T", due_at=utc(2026, 3, 2, 10),
                             reminder_minutes=0)
    activity_id = task.id + 1 if target == "unknown" else task.id
    with pytest.raises(ValidationError) as caught:
        reminders.snooze(activity_id, until or utc(2026, 3, 2, 11), now=utc(2026, 3, 2, 10))
    assert caught.value.field == "remind_at"
    assert activities.get(task.id).remind_at == utc(2026, 3, 2, 10)


def test_dismiss_clears_several_at_once(workspace):
    ids = [activities.create(kind="task", subject=f"T{n}", due_at=utc(2026, 3, 2, 10),
                             reminder_minutes=n).id for n in range(3)]
    with count_queries() as counter:
        assert reminders.dismiss([*ids[:2], 999]) == 2
    assert counter.count <= 3  # one UPDATE inside one transaction
    assert due_ids(utc(2026, 3, 3)) == [ids[2]]
    assert activities.get(ids[0]).remind_at is None
    assert reminders.dismiss([]) == 0
