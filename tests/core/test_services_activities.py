"""Activities: local times stored as UTC, done/undone, and the touches they record on contacts."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from smeplanner.core.activities import activities
from smeplanner.core.campaigns import campaigns
from smeplanner.core.companies import companies
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals
from smeplanner.core.errors import NotFoundError, ValidationError


@pytest.fixture
def in_zone(monkeypatch):
    """Call with a zone name to run the rest of the test in that local time zone."""
    with monkeypatch.context() as patch:
        def use(zone):
            patch.setenv("TZ", zone)
            time.tzset()
        yield use
    time.tzset()


@pytest.fixture
def anna(workspace):
    return contacts.create(first_name="Anna", last_name="Schmidt")


def rows(workspace, table):
    return workspace.database.execute_sql(f"SELECT * FROM {table} ORDER BY 1").fetchall()


def raw(workspace, activity_id, column):
    return workspace.database.execute_sql(
        f"SELECT {column} FROM activity WHERE id = ?", (activity_id,)).fetchone()[0]


# --- local time in, UTC stored ----------------------------------------------------------------

@pytest.mark.parametrize(("zone", "local", "utc_text", "local_day"), [
    # Evening in New York is already tomorrow in UTC (EST, UTC-5).
    ("America/New_York", datetime(2024, 1, 15, 20, 0), "2024-01-16 01:00:00", date(2024, 1, 15)),
    # Summer time (EDT, UTC-4), on the night the clocks changed.
    ("America/New_York", datetime(2024, 3, 10, 21, 30), "2024-03-11 01:30:00",
     date(2024, 3, 10)),
    # Morning in Tokyo is still yesterday in UTC (JST, UTC+9).
    ("Asia/Tokyo", datetime(2024, 3, 10, 7, 15), "2024-03-09 22:15:00", date(2024, 3, 10)),
])
@pytest.mark.parametrize("as_text", [False, True], ids=["datetime", "iso-text"])
def test_naive_due_at_is_local_time_stored_as_utc(workspace, in_zone, zone, local, utc_text,
                                                  local_day, as_text):
    in_zone(zone)
    given = local.isoformat() if as_text else local
    activity = activities.create(kind="meeting", subject="Demo", due_at=given)
    assert raw(workspace, activity.id, "due_at") == utc_text
    assert raw(workspace, activity.id, "due_date") == local_day.isoformat()
    assert activity.due_date == local_day
    assert activity.due_at == datetime.fromisoformat(utc_text).replace(tzinfo=UTC)
    assert activity.due_at.tzinfo is not None
    assert activity.due_at.astimezone().replace(tzinfo=None) == local


def test_aware_due_at_keeps_its_instant(workspace, in_zone):
    in_zone("Asia/Tokyo")
    berlin = timezone(timedelta(hours=1))
    activity = activities.create(kind="call", subject="Call", due_at=datetime(
        2024, 1, 15, 23, 30, tzinfo=berlin))
    assert raw(workspace, activity.id, "due_at") == "2024-01-15 22:30:00"
    assert activity.due_date == date(2024, 1, 16)     # 07:30 on the 16th in Tokyo


def test_due_date_follows_due_at_on_update(workspace, in_zone):
    in_zone("America/New_York")
    activity = activities.create(kind="call", subject="Call", due_at=datetime(2024, 1, 15, 9))
    moved = activities.update(activity.id, due_at=datetime(2024, 1, 16, 22, 0))
    assert moved.due_date == date(2024, 1, 16)
    assert raw(workspace, activity.id, "due_at") == "2024-01-17 03:00:00"


def test_all_day_item_has_only_a_date(workspace):
    activity = activities.create(kind="deadline", subject="Print files due",
                                 due_date="2024-05-02")
    assert (activity.due_date, activity.due_at) == (date(2024, 5, 2), None)
    assert raw(workspace, activity.id, "due_at") is None


# --- validation -------------------------------------------------------------------------------

BAD_ACTIVITY = [
    ({"kind": "lunch"}, "kind"),
    ({"subject": ""}, "subject"),
    ({"subject": "s" * 256}, "subject"),
    ({"due_date": "2024-02-30"}, "due_date"),
    ({"due_at": "tomorrow 10am"}, "due_at"),
    ({"due_at": date(2024, 1, 1)}, "due_at"),
    ({"duration_minutes": -5}, "duration_minutes"),
    ({"duration_minutes": 24 * 60 * 14 + 1}, "duration_minutes"),
    ({"duration_minutes": None}, "duration_minutes"),
    ({"done": "yes"}, "done"),
    ({"role": "finance"}, "role"),
    ({"contact": 9999}, "contact"),
    ({"company": 9999}, "company"),
    ({"deal": 9999}, "deal"),
    ({"campaign": 9999}, "campaign"),
    ({"kind": "deadline", "due_date": None}, "due_date"),
    ({"kind": "deliverable", "due_date": None}, "due_date"),
    ({"notes": "n" * 100_001}, "notes"),
    ({"done_at": "2024-01-01T00:00"}, "done_at"),              # set by the service only
]


@pytest.mark.parametrize(("values", "field"), BAD_ACTIVITY)
def test_create_refuses_bad_input_and_writes_nothing(anna, workspace, values, field):
    before = rows(workspace, "contact")
    with pytest.raises(ValidationError) as caught:
        activities.create(**{"kind": "call", "subject": "Call", "contact": anna.id, **values})
    assert caught.value.field == field
    assert rows(workspace, "activity") == []
    assert rows(workspace, "contact") == before


@pytest.mark.parametrize(("values", "field"), BAD_ACTIVITY)
def test_update_refuses_bad_input_and_keeps_the_stored_row(anna, workspace, values, field):
    activity = activities.create(kind="call", subject="Call", contact=anna.id,
                                 due_date="2024-03-01")
    before = rows(workspace, "activity"), rows(workspace, "contact")
    with pytest.raises(ValidationError) as caught:
        activities.update(activity.id, **{"notes": "changed", "done": True, **values})
    assert caught.value.field == field
    assert (rows(workspace, "activity"), rows(workspace, "contact")) == before


def test_defaults_and_links(workspace, anna):
    acme = companies.create(name="Acme GmbH")
    campaign = campaigns.create(name="Fair", start_date="2024-03-01", end_date="2024-03-03")
    activity = activities.create(subject="Prepare booth", company=acme.id,
                                 campaign=campaign.id, role="marketing", duration_minutes=90)
    assert (activity.kind, activity.done, activity.done_at) == ("task", False, None)
    assert (activity.company_id, activity.campaign_id) == (acme.id, campaign.id)
    assert (activity.role, activity.duration_minutes) == ("marketing", 90)


def test_deal_activity_takes_the_deals_contact(anna):
    deal = deals.create(title="Order", contact=anna.id)
    activity = activities.create(kind="call", subject="Follow up", deal=deal.id)
    assert activity.contact_id == anna.id


# --- done -------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["call", "email", "meeting"])
def test_doing_a_touch_records_done_at_and_last_touch(anna, kind):
    due = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    activity = activities.create(kind=kind, subject="Touch", contact=anna.id, due_at=due)
    assert contacts.get(anna.id).last_touch_at is None
    activities.set_done(activity.id)
    stored = activities.get(activity.id)
    assert stored.done is True
    assert stored.done_at is not None
    assert abs((datetime.now(UTC) - stored.done_at).total_seconds()) < 5
    assert contacts.get(anna.id).last_touch_at == due


@pytest.mark.parametrize("kind", ["task", "deliverable", "deadline"])
def test_doing_a_non_touch_leaves_last_touch_alone(anna, kind):
    activity = activities.create(kind=kind, subject="Work", contact=anna.id,
                                 due_date="2024-03-01")
    activities.set_done(activity.id)
    assert activities.get(activity.id).done_at is not None
    assert contacts.get(anna.id).last_touch_at is None


def test_untimed_touch_counts_as_now(anna):
    activity = activities.create(kind="call", subject="Call", contact=anna.id)
    activities.set_done(activity.id)
    touched = contacts.get(anna.id).last_touch_at
    assert touched is not None
    assert abs((datetime.now(UTC) - touched).total_seconds()) < 5


def test_created_done_counts_at_once(anna):
    due = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    activity = activities.create(kind="email", subject="Sent offer", contact=anna.id,
                                 due_at=due, done=True)
    assert activity.done_at is not None
    assert contacts.get(anna.id).last_touch_at == due


def test_last_touch_never_moves_back(anna):
    later = datetime(2024, 3, 10, 9, 0, tzinfo=UTC)
    earlier = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    first = activities.create(kind="call", subject="Recent call", contact=anna.id, due_at=later)
    second = activities.create(kind="call", subject="Old call", contact=anna.id, due_at=earlier)
    activities.set_done(first.id)
    activities.set_done(second.id)
    assert contacts.get(anna.id).last_touch_at == later


def test_undoing_clears_done_at(anna, workspace):
    activity = activities.create(kind="call", subject="Call", contact=anna.id)
    activities.set_done(activity.id)
    activities.set_done(activity.id, False)
    stored = activities.get(activity.id)
    assert (stored.done, stored.done_at) == (False, None)
    assert raw(workspace, activity.id, "done_at") is None


def test_set_done_returns_the_done_time(anna):
    activity = activities.create(kind="call", subject="Call", contact=anna.id)
    assert activities.set_done(activity.id).done_at is not None


def test_doing_a_future_meeting_early_does_not_touch_the_future(anna):
    next_week = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
    activity = activities.create(kind="meeting", subject="Demo", contact=anna.id,
                                 due_at=next_week)
    activities.set_done(activity.id)
    assert contacts.get(anna.id).last_touch_at <= datetime.now(UTC)


def test_set_done_unknown_activity(workspace):
    with pytest.raises(NotFoundError):
        activities.set_done(9999)


def test_deleting_the_contact_deletes_its_activities(anna):
    activities.create(kind="call", subject="Call", contact=anna.id)
    contacts.delete(anna.id)
    assert activities.count() == 0


# --- listing ----------------------------------------------------------------------------------

def test_between_is_inclusive_and_ordered_by_day_then_time(workspace, in_zone):
    in_zone("Asia/Tokyo")
    activities.create(kind="task", subject="Outside", due_date="2024-03-04")
    activities.create(kind="call", subject="Afternoon", due_at=datetime(2024, 3, 2, 15, 0))
    activities.create(kind="call", subject="Morning", due_at=datetime(2024, 3, 2, 7, 0))
    activities.create(kind="deadline", subject="First day", due_date="2024-03-01")
    activities.create(kind="task", subject="Last day", due_date="2024-03-03")
    found = activities.between(date(2024, 3, 1), date(2024, 3, 3))
    assert [a.subject for a in found] == ["First day", "Morning", "Afternoon", "Last day"]


def test_list_open_items(anna):
    done = activities.create(kind="call", subject="Done", contact=anna.id)
    activities.set_done(done.id)
    activities.create(kind="task", subject="Open")
    assert [a.subject for a in activities.list(done=False)] == ["Open"]
    assert activities.count(done_at__isnull=False) == 1
    assert [a.subject for a in activities.list(kind__in=["call", "email"])] == ["Done"]
