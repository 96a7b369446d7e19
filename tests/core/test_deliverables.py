"""Campaign deliverables: stages, owners, recurring series, and moving a campaign with them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from smeplanner.core import deliverables
from smeplanner.core.activities import activities
from smeplanner.core.campaigns import campaigns
from smeplanner.core.deliverables import DeliverableInfo
from smeplanner.core.errors import NotFoundError, ValidationError
from smeplanner.core.models import Activity, DeliverableSeries


@pytest.fixture
def campaign_id(workspace) -> int:
    return campaigns.create(name="Spring mailing", channel="email", start_date="2026-03-01",
                            end_date="2026-03-31", offer_discount_pct="10",
                            offer_start="2026-03-05", offer_end="2026-03-15").id


def stored(workspace, activity_id: int) -> tuple:
    return workspace.database.execute_sql(
        "SELECT kind, role, subject, due_date, stage, owner, deliverable_kind, done, "
        "done_at IS NOT NULL, campaign_id, contact_id, series_id, notes FROM activity "
        "WHERE id = ?", (activity_id,)).fetchone()


def count(workspace, table: str) -> int:
    return workspace.database.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0]


# --- one deliverable ------------------------------------------------------------------------

def test_add_deliverable_is_a_marketing_activity_of_the_campaign(workspace, campaign_id):
    first = deliverables.add_deliverable(campaign_id, title=" Newsletter draft ", kind="newsletter",
                                         day=date(2026, 3, 4), notes="Use the new photos")
    second = deliverables.add_deliverable(campaign_id, title="Flyer", kind="flyer",
                                          day="2026-02-20", stage="done", owner="agency")
    assert stored(workspace, first) == (
        "deliverable", "marketing", "Newsletter draft", "2026-03-04", "idea", "me",
        "newsletter", 0, 0, campaign_id, None, None, "Use the new photos")
    # Born done: the done flag and done_at come with the stage.
    assert stored(workspace, second) == (
        "deliverable", "marketing", "Flyer", "2026-02-20", "done", "agency", "flyer", 1, 1,
        campaign_id, None, None, "")
    assert deliverables.get(first) == DeliverableInfo(
        first, "Newsletter draft", "newsletter", date(2026, 3, 4), "idea", "me", False, None,
        "Use the new photos")


BAD_DELIVERABLE = [
    ({"title": ""}, "title"),
    ({"title": "t" * 256}, "title"),
    ({"kind": "billboard"}, "kind"),
    ({"kind": ""}, "kind"),
    ({"day": None}, "day"),
    ({"day": "2026-02-30"}, "day"),
    ({"stage": "later"}, "stage"),
    ({"owner": "printer"}, "owner"),
    ({"notes": "n" * 100_001}, "notes"),
]


@pytest.mark.parametrize(("values", "field"), BAD_DELIVERABLE)
def test_add_refuses_bad_input_naming_the_field(workspace, campaign_id, values, field):
    good = {"title": "Post", "kind": "post", "day": "2026-03-10"}
    with pytest.raises(ValidationError) as caught:
        deliverables.add_deliverable(campaign_id, **{**good, **values})
    assert caught.value.field == field
    assert count(workspace, "activity") == 0


@pytest.mark.parametrize("campaign", [None, 9999, "1"])
def test_add_needs_an_existing_campaign(workspace, campaign_id, campaign):
    with pytest.raises(ValidationError) as caught:
        deliverables.add_deliverable(campaign, title="Post", kind="post", day="2026-03-10")
    assert caught.value.field == "campaign"
    assert count(workspace, "activity") == 0


@pytest.mark.parametrize(("values", "field"), [*BAD_DELIVERABLE, ({"colour": "red"}, "colour")])
def test_update_refuses_bad_input_and_keeps_the_row(workspace, campaign_id, values, field):
    activity_id = deliverables.add_deliverable(campaign_id, title="Post", kind="post",
                                               day="2026-03-10")
    before = stored(workspace, activity_id)
    with pytest.raises(ValidationError) as caught:
        deliverables.update_deliverable(activity_id, **{"notes": "changed", **values})
    assert caught.value.field == field
    assert stored(workspace, activity_id) == before


def test_update_changes_what_it_is_given(workspace, campaign_id):
    activity_id = deliverables.add_deliverable(campaign_id, title="Post", kind="post",
                                               day="2026-03-10")
    info = deliverables.update_deliverable(activity_id, title="Reel", kind="video",
                                           day=date(2026, 3, 12), owner="agency",
                                           notes="15 s", stage="scheduled")
    assert info == DeliverableInfo(activity_id, "Reel", "video", date(2026, 3, 12),
                                   "scheduled", "agency", False, None, "15 s")
    assert stored(workspace, activity_id)[:9] == (
        "deliverable", "marketing", "Reel", "2026-03-12", "scheduled", "agency", "video", 0, 0)
    assert deliverables.update_deliverable(activity_id, stage="done").done is True
    assert stored(workspace, activity_id)[4:9] == ("done", "agency", "video", 1, 1)


def test_moving_a_timed_deliverable_keeps_its_time(workspace, campaign_id):
    activity = activities.create(kind="deliverable", subject="Live stream", role="marketing",
                                 campaign=campaign_id,
                                 due_at=datetime(2026, 3, 10, 17, 0, tzinfo=UTC))
    deliverables.update_deliverable(activity.id, day=date(2026, 3, 13))
    moved = activities.get(activity.id)
    assert moved.due_at == datetime(2026, 3, 13, 17, 0, tzinfo=UTC)
    assert moved.due_date == date(2026, 3, 13)


def test_set_stage_keeps_done_and_done_at_in_step(workspace, campaign_id):
    activity_id = deliverables.add_deliverable(campaign_id, title="Post", kind="post",
                                               day="2026-03-10")
    deliverables.set_stage(activity_id, "in_progress")
    assert stored(workspace, activity_id)[4:9] == ("in_progress", "me", "post", 0, 0)
    deliverables.set_stage(activity_id, "done")
    assert stored(workspace, activity_id)[4:9] == ("done", "me", "post", 1, 1)
    deliverables.set_stage(activity_id, "scheduled")
    assert stored(workspace, activity_id)[4:9] == ("scheduled", "me", "post", 0, 0)
    with pytest.raises(ValidationError) as caught:
        deliverables.set_stage(activity_id, "published")
    assert caught.value.field == "stage"


def test_ticking_a_deliverable_off_in_the_week_moves_its_stage(workspace, campaign_id):
    activity_id = deliverables.add_deliverable(campaign_id, title="Post", kind="post",
                                               day="2026-03-10", stage="scheduled")
    activities.set_done(activity_id, True)
    assert deliverables.get(activity_id).stage == "done"
    activities.set_done(activity_id, False)
    assert deliverables.get(activity_id).stage == "in_progress"


def test_other_activities_are_not_deliverables(workspace, campaign_id):
    task = activities.create(kind="task", subject="Call the printer", due_date="2026-03-02",
                             campaign=campaign_id)
    for call in (lambda: deliverables.get(task.id), lambda: deliverables.delete_deliverable(
            task.id), lambda: deliverables.set_stage(task.id, "done"),
            lambda: deliverables.update_deliverable(task.id, title="x")):
        with pytest.raises(NotFoundError):
            call()
    assert activities.get(task.id).done is False


def test_delete_deliverable(workspace, campaign_id):
    keep = deliverables.add_deliverable(campaign_id, title="A", kind="ad", day="2026-03-10")
    gone = deliverables.add_deliverable(campaign_id, title="B", kind="ad", day="2026-03-11")
    deliverables.delete_deliverable(gone)
    assert [info.id for info in deliverables.for_campaign(campaign_id)] == [keep]
    with pytest.raises(NotFoundError):
        deliverables.delete_deliverable(gone)


def test_for_campaign_lists_its_deliverables_by_day(workspace, campaign_id):
    other = campaigns.create(name="Other", start_date="2026-03-01", end_date="2026-03-31").id
    late = deliverables.add_deliverable(campaign_id, title="Late", kind="ad", day="2026-03-20")
    early = deliverables.add_deliverable(campaign_id, title="Early", kind="post",
                                         day="2026-03-02")
    same_day = deliverables.add_deliverable(campaign_id, title="Also early", kind="video",
                                            day="2026-03-02")
    deliverables.add_deliverable(other, title="Not mine", kind="ad", day="2026-03-01")
    activities.create(kind="task", subject="A task", due_date="2026-03-01", campaign=campaign_id)
    assert [(i.id, i.title) for i in deliverables.for_campaign(campaign_id)] == [
        (early, "Early"), (same_day, "Also early"), (late, "Late")]


# --- recurrence -----------------------------------------------------------------------------

@pytest.mark.parametrize(("arguments", "rule"), [
    (("weekly", 2, [1], date(2027, 6, 30), None), "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270630"),
    (("weekly", 1, [0], None, 10), "FREQ=WEEKLY;BYDAY=MO;COUNT=10"),
    (("weekly", 1, [4, 0, 0], None, 3), "FREQ=WEEKLY;BYDAY=MO,FR;COUNT=3"),
    (("monthly", 1, [1], None, 6), "FREQ=MONTHLY;BYDAY=1TU;COUNT=6"),
    (("monthly", 3, [], date(2026, 12, 31), None), "FREQ=MONTHLY;INTERVAL=3;UNTIL=20261231"),
    (("daily", 3, [], None, 5), "FREQ=DAILY;INTERVAL=3;COUNT=5"),
])
def test_rule_for_builds_the_rrule(arguments, rule):
    assert deliverables.rule_for(*arguments) == rule


@pytest.mark.parametrize(("arguments", "field"), [
    (("yearly", 1, [], None, 3), "frequency"),
    (("weekly", 0, [], None, 3), "interval"),
    (("weekly", 1, [7], None, 3), "weekdays"),
    (("weekly", 1, [True], None, 3), "weekdays"),
    (("weekly", 1, [], None, None), "until"),
    (("weekly", 1, [], date(2026, 6, 1), 3), "count"),
    (("weekly", 1, [], None, 0), "count"),
    (("weekly", 1, [], None, 367), "count"),
])
def test_rule_for_refuses_what_cannot_be_a_rule(arguments, field):
    with pytest.raises(ValidationError) as caught:
        deliverables.rule_for(*arguments)
    assert caught.value.field == field


@pytest.mark.parametrize(("rule", "start", "text"), [
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270630", date(2026, 3, 3),
     "every other Tuesday until 30 Jun 2027"),
    ("FREQ=WEEKLY;BYDAY=MO;COUNT=10", date(2026, 3, 3), "every week on Monday, 10 times"),
    ("RRULE:freq=weekly;count=1", date(2026, 3, 5), "every week on Thursday, once"),
    ("FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,WE,FR;COUNT=4", date(2026, 3, 3),
     "every 3 weeks on Monday, Wednesday and Friday, 4 times"),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=4", date(2026, 3, 3),
     "every other week on Monday and Thursday, 4 times"),
    ("FREQ=MONTHLY;BYDAY=1TU;COUNT=6", date(2026, 3, 3), "every month on the first Tuesday, "
                                                         "6 times"),
    ("FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR;COUNT=2", date(2026, 3, 3),
     "every other month on the last Friday, 2 times"),
    ("FREQ=MONTHLY;COUNT=3", date(2026, 1, 15), "every month on day 15, 3 times"),
    ("FREQ=MONTHLY;COUNT=3", date(2026, 1, 31),
     "every month on day 31 (skipped in months without one), 3 times"),
    ("FREQ=DAILY;UNTIL=20260310T000000Z", date(2026, 3, 3), "every day until 10 Mar 2026"),
    ("FREQ=DAILY;INTERVAL=2;COUNT=5", date(2026, 3, 3), "every other day, 5 times"),
    ("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=20", date(2026, 3, 3),
     "every weekday (Monday to Friday), 20 times"),
    ("FREQ=YEARLY;COUNT=2", date(2026, 9, 1), "every year on 1 Sep, 2 times"),
    ("FREQ=WEEKLY;BYMONTH=3;COUNT=2", date(2026, 3, 3),
     "repeats by the rule FREQ=WEEKLY;BYMONTH=3;COUNT=2, 2 times"),
])
def test_describe_rule_in_plain_english(rule, start, text):
    assert deliverables.describe_rule(rule, start) == text


# 1 March 2026 is a Sunday. Weeks start on Monday (RFC 5545's default WKST), so the week of
# the start is 23 Feb - 1 Mar, whose Tuesday is before the start; every other week from
# there gives 10 and 24 March, 7 and 21 April (5 May is after UNTIL).
FORTNIGHTLY = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20260430"
FORTNIGHTLY_DAYS = [date(2026, 3, 10), date(2026, 3, 24), date(2026, 4, 7), date(2026, 4, 21)]


def test_occurrences_follow_the_rule_from_the_start():
    assert deliverables.occurrences(FORTNIGHTLY, date(2026, 3, 1)) == FORTNIGHTLY_DAYS
    assert deliverables.occurrences("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3",
                                    date(2026, 1, 1)) == [date(2026, 1, 31), date(2026, 3, 31),
                                                          date(2026, 5, 31)]
    # 2028 is a leap year: a daily rule over it gives exactly 366 dates, the most allowed.
    assert len(deliverables.occurrences("FREQ=DAILY;UNTIL=20281231", date(2028, 1, 1))) == 366


@pytest.mark.parametrize("rule", [
    "FREQ=WEEKLY",                                   # never ends
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",               # never ends
    "FREQ=DAILY;COUNT=367",                          # too many
    "FREQ=DAILY;UNTIL=20290101",                     # 367 days from 1 Jan 2028
    "FREQ=HOURLY;COUNT=3",                           # not a day-based rule
    "FREQ=WEEKLY;BYDAY=XX;COUNT=3",                  # not a weekday
    "FREQ=WEEKLY;INTERVAL=two;COUNT=3",
    "FREQ=WEEKLY;UNTIL=2027",
    "FREQ=WEEKLY;UNTIL=20281231;COUNT=3",            # both ends: RFC 5545 forbids it
    "FREQ=WEEKLY;COUNT",
    "DTSTART:20260301\nRRULE:FREQ=WEEKLY;COUNT=3",   # two lines
    "DTSTART=20260301;FREQ=WEEKLY;COUNT=3",
    "FREQ=WEEKLY;COUNT=0",
    "FREQ=WEEKLY;UNTIL=20271231",                    # ends before the start: no dates
    "",
    None,
])
def test_rules_that_do_not_end_or_give_too_much_are_refused(workspace, campaign_id, rule):
    with pytest.raises(ValidationError) as caught:
        deliverables.add_series(campaign_id, title="Newsletter", kind="newsletter", rrule=rule,
                                start=date(2028, 1, 1))
    assert caught.value.field == "rrule"
    assert count(workspace, "deliverable_series") == 0
    assert count(workspace, "activity") == 0


def test_add_series_makes_one_deliverable_per_occurrence(workspace, campaign_id):
    ids = deliverables.add_series(campaign_id, title="Newsletter", kind="newsletter",
                                  rrule="rrule:" + FORTNIGHTLY.lower(), start="2026-03-01",
                                  owner="agency", notes="Two stories and the offer")
    assert len(ids) == 4
    listed = deliverables.for_campaign(campaign_id)
    assert [info.id for info in listed] == ids
    assert [info.day for info in listed] == FORTNIGHTLY_DAYS
    series_id = listed[0].series_id
    assert series_id is not None
    assert {(i.title, i.kind, i.stage, i.owner, i.done, i.series_id, i.notes) for i in listed} == {
        ("Newsletter", "newsletter", "idea", "agency", False, series_id,
         "Two stories and the offer")}
    assert deliverables.get_series(series_id) == deliverables.SeriesInfo(
        series_id, campaign_id, "Newsletter", "newsletter", "agency", FORTNIGHTLY,
        date(2026, 3, 1), "Two stories and the offer")
    for activity_id in ids:
        assert stored(workspace, activity_id)[:2] == ("deliverable", "marketing")
    # Each occurrence is done on its own.
    deliverables.set_stage(ids[1], "done")
    assert [info.done for info in deliverables.for_campaign(campaign_id)] == [
        False, True, False, False]


@pytest.mark.parametrize(("values", "field"), [
    ({"title": " "}, "title"), ({"kind": "poster"}, "kind"), ({"owner": "you"}, "owner"),
    ({"start": "soon"}, "start"), ({"start": None}, "start"), ({"notes": 5}, "notes")])
def test_add_series_refuses_bad_fields(workspace, campaign_id, values, field):
    good = {"title": "Post", "kind": "post", "rrule": "FREQ=WEEKLY;COUNT=3",
            "start": "2026-03-01"}
    with pytest.raises(ValidationError) as caught:
        deliverables.add_series(campaign_id, **{**good, **values})
    assert caught.value.field == field
    assert count(workspace, "deliverable_series") == 0


def test_delete_series_keeps_what_was_done(workspace, campaign_id):
    ids = deliverables.add_series(campaign_id, title="Post", kind="post",
                                  rrule="FREQ=WEEKLY;COUNT=5", start="2026-03-02")
    series_id = deliverables.get(ids[0]).series_id
    deliverables.set_stage(ids[0], "done")
    deliverables.set_stage(ids[1], "done")
    assert deliverables.delete_series(series_id) == 3
    kept = deliverables.for_campaign(campaign_id)
    assert [(i.id, i.done, i.series_id) for i in kept] == [(ids[0], True, None),
                                                          (ids[1], True, None)]
    assert count(workspace, "deliverable_series") == 0
    with pytest.raises(NotFoundError):
        deliverables.delete_series(series_id)


def test_delete_series_with_everything(workspace, campaign_id):
    ids = deliverables.add_series(campaign_id, title="Post", kind="post",
                                  rrule="FREQ=WEEKLY;COUNT=3", start="2026-03-02")
    deliverables.set_stage(ids[0], "done")
    assert deliverables.delete_series(deliverables.get(ids[0]).series_id, only_open=False) == 3
    assert deliverables.for_campaign(campaign_id) == []


def test_deleting_the_campaign_takes_its_series(workspace, campaign_id):
    ids = deliverables.add_series(campaign_id, title="Post", kind="post",
                                  rrule="FREQ=WEEKLY;COUNT=3", start="2026-03-02")
    call = activities.create(kind="call", subject="Agency briefing", campaign=campaign_id,
                             due_date="2026-03-01").id
    campaigns.delete(campaign_id)
    assert DeliverableSeries.select().count() == 0
    # Its deliverables go with it (as the app's confirmation says); another activity about
    # the campaign stays, unlinked.
    assert Activity.select().where(Activity.id.in_(ids)).count() == 0
    assert Activity.get_by_id(call).campaign_id is None


# --- moving a campaign ----------------------------------------------------------------------

@pytest.fixture
def planned(workspace, campaign_id) -> dict[str, int]:
    """The campaign (1-31 March, offer 5-15 March) with a done, an open and a timed
    deliverable, a task of the campaign, and another campaign's deliverable."""
    other = campaigns.create(name="Other", start_date="2026-03-01", end_date="2026-03-31").id
    timed = activities.create(kind="deliverable", subject="Live stream", role="marketing",
                              campaign=campaign_id,
                              due_at=datetime(2026, 3, 20, 17, 0, tzinfo=UTC)).id
    return {
        "done": deliverables.add_deliverable(campaign_id, title="Draft", kind="newsletter",
                                             day="2026-03-02", stage="done"),
        "open": deliverables.add_deliverable(campaign_id, title="Send", kind="newsletter",
                                             day="2026-03-10", stage="scheduled"),
        "timed": timed,
        "task": activities.create(kind="task", subject="Pay the printer", campaign=campaign_id,
                                  due_date="2026-03-12").id,
        "other": deliverables.add_deliverable(other, title="Elsewhere", kind="ad",
                                              day="2026-03-10"),
    }


def due_dates(planned: dict[str, int]) -> dict[str, str]:
    return {name: activities.get(activity_id).due_date.isoformat()
            for name, activity_id in planned.items()}


UNMOVED = {"done": "2026-03-02", "open": "2026-03-10", "timed": "2026-03-20",
           "task": "2026-03-12", "other": "2026-03-10"}


def test_shift_campaign_moves_dates_offer_and_open_deliverables(campaign_id, planned):
    deliverables.shift_campaign(campaign_id, 7)
    campaign = campaigns.get(campaign_id)
    assert (campaign.start_date, campaign.end_date) == (date(2026, 3, 8), date(2026, 4, 7))
    assert (campaign.offer_start, campaign.offer_end) == (date(2026, 3, 12), date(2026, 3, 22))
    assert campaign.offer_discount_pct == Decimal("10")
    assert due_dates(planned) == {**UNMOVED, "open": "2026-03-17", "timed": "2026-03-27"}
    assert activities.get(planned["timed"]).due_at == datetime(2026, 3, 27, 17, 0, tzinfo=UTC)
    deliverables.shift_campaign(campaign_id, -14)
    campaign = campaigns.get(campaign_id)
    assert (campaign.start_date, campaign.end_date) == (date(2026, 2, 22), date(2026, 3, 24))
    assert due_dates(planned) == {**UNMOVED, "open": "2026-03-03", "timed": "2026-03-13"}


def test_shift_campaign_without_its_deliverables(campaign_id, planned):
    deliverables.shift_campaign(campaign_id, 3, deliverables=False)
    campaign = campaigns.get(campaign_id)
    assert (campaign.start_date, campaign.end_date) == (date(2026, 3, 4), date(2026, 4, 3))
    assert due_dates(planned) == UNMOVED


def test_shift_campaign_refuses_a_bad_offset(campaign_id, planned):
    for days in ("a week", 1.5, None, 10**6):
        with pytest.raises(ValidationError) as caught:
            deliverables.shift_campaign(campaign_id, days)
        assert caught.value.field == "days"
    with pytest.raises(NotFoundError):
        deliverables.shift_campaign(9999, 1)
    assert campaigns.get(campaign_id).start_date == date(2026, 3, 1)
    assert due_dates(planned) == UNMOVED


def test_set_campaign_dates_leaves_deliverables_and_validates(campaign_id, planned):
    deliverables.set_campaign_dates(campaign_id, date(2026, 3, 1), date(2026, 4, 15))
    campaign = campaigns.get(campaign_id)
    assert (campaign.start_date, campaign.end_date) == (date(2026, 3, 1), date(2026, 4, 15))
    assert (campaign.offer_start, campaign.offer_end) == (date(2026, 3, 5), date(2026, 3, 15))
    assert due_dates(planned) == UNMOVED
    with pytest.raises(ValidationError) as caught:
        deliverables.set_campaign_dates(campaign_id, "2026-04-20", "2026-04-15")
    assert caught.value.field == "end_date"
    assert campaigns.get(campaign_id).start_date == date(2026, 3, 1)


def test_moving_across_a_daylight_saving_change_keeps_the_local_time(workspace, zone):
    """Berlin moves its clocks on 29 March 2026: a 09:00 webinar on 20 March, moved two
    weeks with its campaign, is at 09:00 on 3 April; a 23:30 one keeps its day too."""
    zone("Europe/Berlin")
    campaign = campaigns.create(name="Spring", start_date="2026-03-16",
                                end_date="2026-03-27").id
    webinar = deliverables.add_deliverable(campaign, title="Webinar", kind="post",
                                           day=date(2026, 3, 20))
    late = deliverables.add_deliverable(campaign, title="Late post", kind="post",
                                        day=date(2026, 3, 20))
    activities.update(webinar, due_at=datetime(2026, 3, 20, 9, 0).astimezone())
    activities.update(late, due_at=datetime(2026, 3, 20, 23, 30).astimezone())

    def local(activity_id: int) -> tuple[date, datetime]:
        record = Activity.get_by_id(activity_id)
        return record.due_date, record.due_at.astimezone().replace(tzinfo=None)

    deliverables.shift_campaign(campaign, 14)
    assert local(webinar) == (date(2026, 4, 3), datetime(2026, 4, 3, 9, 0))
    assert local(late) == (date(2026, 4, 3), datetime(2026, 4, 3, 23, 30))
    deliverables.update_deliverable(webinar, day=date(2026, 3, 20))  # its chip dragged back
    assert local(webinar) == (date(2026, 3, 20), datetime(2026, 3, 20, 9, 0))
