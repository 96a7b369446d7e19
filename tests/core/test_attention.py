"""Needs attention (the Monday review): each reason takes what it should and leaves its near
misses, groups come in a fixed order with a full total and the most urgent few items."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from smeplanner.core import attention, board, deliverables, pipeline, settings
from smeplanner.core.activities import activities
from smeplanner.core.campaigns import campaigns
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals
from smeplanner.core.demo import build_demo
from smeplanner.core.models import Activity, Deal

# A Wednesday: the week runs Monday 9 to Sunday 15 March.
TODAY = date(2026, 3, 11)
NOW = datetime(2026, 3, 11, 12, 0, tzinfo=UTC)
MONDAY, SUNDAY = date(2026, 3, 9), date(2026, 3, 15)


def review(**options):
    options.setdefault("today", TODAY)
    options.setdefault("now", NOW)
    return {group.reason: group for group in attention.needs_attention(MONDAY, SUNDAY, **options)}


def ids(group):
    return [item.record_id for item in group.items]


def days_ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


def entered(deal_id: int, days: int) -> None:
    Deal.update(stage_entered_at=days_ago(days)).where(Deal.id == deal_id).execute()


@pytest.fixture
def stages(workspace):
    return {stage.name: stage.id for stage in pipeline.list_stages()}


def campaign(name: str, start: date, *, status: str = "planned", **values):
    return campaigns.create(name=name, status=status, start_date=start,
                            end_date=start + timedelta(days=20), **values)


# --- no next step ------------------------------------------------------------------------

def test_no_next_step_takes_bare_open_deals_most_valuable_first(workspace, stages):
    anna = contacts.create(first_name="Anna", last_name="Berg", lifecycle_stage="customer")
    small = deals.create(title="Small", amount="100")
    big = deals.create(title="Big", amount="5000", contact=anna.id)
    only_done = deals.create(title="Only a done call", amount="300")
    call = activities.create(subject="Call", kind="call", deal=only_done.id, due_date=TODAY)
    activities.set_done(call.id)
    # Near misses: a next step written, an activity planned, a deal already closed.
    deals.create(title="Written", amount="9000", next_step="Send the quote")
    planned = deals.create(title="Planned", amount="9000")
    activities.create(subject="Demo", kind="meeting", deal=planned.id,
                      due_date=TODAY + timedelta(days=3))
    deals.create(title="Won", amount="9000", stage=stages["Won"], closed_on=TODAY)
    entered(big.id, 23)

    group = review()["no_next_step"]
    assert (group.total, ids(group)) == (3, [big.id, only_done.id, small.id])
    first = group.items[0]
    assert (first.record, first.title, first.hat, first.action) == ("deal", "Big", "sales",
                                                                     "plan")
    assert first.detail == "Prospect · €5.0k · 23 days in stage"
    assert (first.deal_id, first.contact_id, first.campaign_id) == (big.id, anna.id, None)
    assert group.items[2].detail.startswith("Prospect · €100.00 · ")


def test_no_next_step_is_the_boards_mark(workspace, stages):
    for index in range(4):
        deal = deals.create(title=f"Deal {index}", next_step="x" if index % 2 else "")
        if index == 2:
            activities.create(subject="Call", kind="call", deal=deal.id, due_date=TODAY)
    marked = {card.id for card in board.load_cards(now=NOW) if card.no_next_step}
    assert set(ids(review(limit=10)["no_next_step"])) == marked and len(marked) == 1


# --- stale deals -------------------------------------------------------------------------

def test_stale_deals_are_untouched_past_their_stage_rotting_days_oldest_first(workspace,
                                                                               stages):
    # Prospect rots after 21 days, Negotiation after 10.
    older = deals.create(title="Older", next_step="x")
    old = deals.create(title="Old", next_step="x", stage=stages["Negotiation"])
    fresh = deals.create(title="Fresh", next_step="x")
    revived = deals.create(title="Revived", next_step="x")
    lost = deals.create(title="Lost", next_step="x", stage=stages["Lost"], closed_on=TODAY)
    entered(older.id, 40)
    entered(old.id, 11)
    entered(fresh.id, 20)
    entered(revived.id, 40)
    entered(lost.id, 90)
    call = activities.create(subject="Call", kind="call", deal=revived.id, due_date=TODAY)
    activities.set_done(call.id)
    Activity.update(done_at=days_ago(2)).where(Activity.id == call.id).execute()

    group = review()["stale_deal"]
    assert (group.total, ids(group)) == (2, [older.id, old.id])
    assert [item.detail for item in group.items] == [
        "Prospect · last touched 40 days ago", "Negotiation · last touched 11 days ago"]
    assert all((i.record, i.action, i.hat) == ("deal", "plan", "sales") for i in group.items)
    assert {card.id for card in board.load_cards(now=NOW) if card.stale} == {older.id, old.id}


# --- overdue follow-ups ------------------------------------------------------------------

def test_overdue_follow_ups_are_open_activities_due_before_today_and_lapsed_contacts(
        workspace, stages):
    anna = contacts.create(first_name="Anna", last_name="Berg", lifecycle_stage="customer")
    deal = deals.create(title="Grinder", contact=anna.id, next_step="x")
    call = activities.create(subject="Call Anna", kind="call", deal=deal.id,
                             due_date=TODAY - timedelta(days=1))
    post = activities.create(subject="Write the post", kind="task", role="marketing",
                             due_date=TODAY - timedelta(days=5))
    lapsed = contacts.create(first_name="Ben", last_name="Kühn",
                             next_follow_up=TODAY - timedelta(days=3))
    # Near misses: done, due today, a deliverable, a contact with something planned,
    # a contact whose follow-up is today.
    done = activities.create(subject="Done call", kind="call", due_date=TODAY - timedelta(days=2))
    activities.set_done(done.id)
    activities.create(subject="Today", kind="call", due_date=TODAY)
    spring = campaign("Spring", TODAY + timedelta(days=30))
    deliverables.add_deliverable(spring.id, title="Flyer", kind="flyer",
                                 day=TODAY - timedelta(days=1))
    planned = contacts.create(first_name="Cleo", next_follow_up=TODAY - timedelta(days=3))
    activities.create(subject="Visit", kind="meeting", contact=planned.id,
                      due_date=TODAY + timedelta(days=7))
    contacts.create(first_name="Dora", next_follow_up=TODAY)

    group = review()["overdue_follow_up"]
    assert group.total == 3
    assert [(i.record, i.record_id) for i in group.items] == [
        ("activity", post.id), ("contact", lapsed.id), ("activity", call.id)]
    post_item, lapsed_item, call_item = group.items
    assert (post_item.title, post_item.detail, post_item.hat, post_item.action) == (
        "Write the post", "due 6 Mar · Task", "marketing", "open")
    assert (lapsed_item.title, lapsed_item.detail, lapsed_item.hat, lapsed_item.action) == (
        "Ben Kühn", "follow-up due 8 Mar", "sales", "plan")
    assert lapsed_item.contact_id == lapsed.id
    assert call_item.detail == "due 10 Mar · Call · Anna Berg"
    assert (call_item.contact_id, call_item.deal_id) == (anna.id, deal.id)
    assert [i.sort_key for i in group.items] == sorted(i.sort_key for i in group.items)


def test_today_decides_what_is_overdue_not_the_clock(workspace):
    early = activities.create(subject="Early", kind="task", due_date=date(2026, 3, 1))
    late = activities.create(subject="Late", kind="task", due_date=date(2026, 3, 11))
    assert ids(review()["overdue_follow_up"]) == [early.id]
    assert ids(review(today=date(2026, 3, 12))["overdue_follow_up"]) == [early.id, late.id]
    assert "overdue_follow_up" not in review(today=date(2026, 3, 1))
    # Without ``today`` it is the local date of ``now`` (a naive ``now`` is local time).
    local_noon = datetime(2026, 3, 11, 12)
    assert ids(attention.needs_attention(MONDAY, SUNDAY, now=local_noon)[0]) == [early.id]
    shown = review(today=date(2027, 1, 5))["overdue_follow_up"].items[0]
    assert shown.detail == "due 1 Mar 2026 · Task"  # another year: say which


# --- untouched leads ---------------------------------------------------------------------

def test_untouched_leads_never_touched_first_then_the_longest_untouched(workspace):
    settings.set_value("stale_lead_days", 30)
    long_ago = contacts.create(first_name="Long", last_name="Ago", last_touch_at=days_ago(45))
    never = contacts.create(first_name="Never", email="never@example.com")
    longer_ago = contacts.create(email="longer@example.com", last_touch_at=days_ago(60))
    # Near misses: touched recently, do not contact, not a lead.
    recent = contacts.create(first_name="Recent", last_touch_at=days_ago(10))
    contacts.create(first_name="Private", do_not_contact=True)
    contacts.create(first_name="Qualified", lifecycle_stage="qualified")

    group = review()["untouched_lead"]
    assert (group.total, ids(group)) == (3, [never.id, longer_ago.id, long_ago.id])
    assert group.label == "Leads not touched in 30 days"
    assert [(i.title, i.detail) for i in group.items] == [
        ("Never", "never touched"), ("longer@example.com", "last touched 60 days ago"),
        ("Long Ago", "last touched 45 days ago")]
    assert all((i.record, i.action, i.hat) == ("contact", "plan", "sales")
               for i in group.items)
    assert [i.contact_id for i in group.items] == ids(group)

    assert recent.id in ids(review(stale_lead_days=5)["untouched_lead"])
    settings.set_value("stale_lead_days", 50)
    group = review()["untouched_lead"]
    assert (ids(group), group.label) == ([never.id, longer_ago.id],
                                         "Leads not touched in 50 days")


# --- campaigns: launches and offers ------------------------------------------------------

def test_launches_this_week_with_deliverables_open(workspace):
    wednesday = campaign("Wednesday launch", date(2026, 3, 11))
    monday = campaign("Monday launch", MONDAY, status="active")
    for title, stage in (("Post", "idea"), ("Ad", "scheduled"), ("Mail", "done")):
        deliverables.add_deliverable(wednesday.id, title=title, kind="post", day=TODAY,
                                     stage=stage)
    deliverables.add_deliverable(monday.id, title="Flyer", kind="flyer", day=MONDAY)
    # Near misses: all done, cancelled, finished, starting next week, nothing to deliver.
    ready = campaign("Ready", date(2026, 3, 12))
    deliverables.add_deliverable(ready.id, title="Post", kind="post", day=TODAY, stage="done")
    for name, start, status in (("Called off", TODAY, "cancelled"), ("Over", TODAY, "done"),
                                ("Next week", date(2026, 3, 16), "planned"),
                                ("Last week", date(2026, 3, 8), "planned")):
        other = campaign(name, start, status=status)
        deliverables.add_deliverable(other.id, title="Post", kind="post", day=start)
    campaign("Nothing to make", TODAY)

    group = review()["launch_unready"]
    assert (group.total, ids(group), group.hat) == (2, [monday.id, wednesday.id], "marketing")
    assert [i.detail for i in group.items] == [
        "1 of 1 deliverable open, started Mon 9 Mar",
        "2 of 3 deliverables open, starts Wed 11 Mar"]
    assert all((i.record, i.action, i.hat) == ("campaign", "open", "marketing")
               for i in group.items)
    assert [i.campaign_id for i in group.items] == ids(group)


def test_offers_ending_this_week(workspace):
    def offer(name, end, status="active"):
        return campaign(name, date(2026, 2, 1), status=status, offer_start=date(2026, 2, 1),
                        offer_end=end)

    friday = offer("Friday offer", date(2026, 3, 13))
    monday = offer("Monday offer", MONDAY)
    finished = offer("Finished campaign", SUNDAY, status="done")
    # Near misses: cancelled, ending next week, ended last week, no offer at all.
    offer("Cancelled", date(2026, 3, 12), status="cancelled")
    offer("Next week", date(2026, 3, 16))
    offer("Last week", date(2026, 3, 8))
    campaign("No offer", MONDAY)

    group = review()["offer_ending"]
    assert (group.total, ids(group)) == (3, [monday.id, friday.id, finished.id])
    assert [i.detail for i in group.items] == [
        "offer ended Mon 9 Mar", "offer ends Fri 13 Mar", "offer ends Sun 15 Mar"]
    assert all((i.record, i.action, i.hat, i.campaign_id) == ("campaign", "open", "marketing",
                                                              i.record_id)
               for i in group.items)


# --- groups --------------------------------------------------------------------------------

def test_limit_keeps_the_most_urgent_and_total_counts_all(workspace):
    leads = [contacts.create(first_name=f"Lead {n}", last_touch_at=days_ago(40 + n))
             for n in range(7)]
    group = review(limit=3)["untouched_lead"]
    assert (group.total, ids(group)) == (7, [leads[6].id, leads[5].id, leads[4].id])
    group = review(limit=0)["untouched_lead"]
    assert (group.total, group.items) == (7, ())
    for index in range(4):
        deals.create(title=f"Deal {index}", amount=str(100 * (index + 1)))
    group = review(limit=2)["no_next_step"]
    assert (group.total, len(group.items)) == (4, 2)
    assert (review(limit=0)["no_next_step"].total, review(limit=0)["no_next_step"].items) \
        == (4, ())


def test_groups_come_sales_first_in_a_fixed_order_and_empty_ones_are_left_out(workspace,
                                                                            stages):
    assert attention.needs_attention(MONDAY, SUNDAY, today=TODAY, now=NOW) == []
    spring = campaign("Spring", TODAY, offer_start=MONDAY, offer_end=SUNDAY)
    deliverables.add_deliverable(spring.id, title="Post", kind="post", day=TODAY)
    contacts.create(first_name="Lead")
    stale = deals.create(title="Stale", next_step="x")
    entered(stale.id, 30)
    activities.create(subject="Late", kind="email", due_date=TODAY - timedelta(days=1))
    deals.create(title="Bare")

    groups = attention.needs_attention(MONDAY, SUNDAY, today=TODAY, now=NOW)
    assert [g.reason for g in groups] == list(attention.REASONS)
    assert [g.hat for g in groups] == ["sales"] * 4 + ["marketing"] * 2
    assert [g.label for g in groups] == [
        "Deals with no next step", "Stale deals", "Overdue follow-ups",
        "Leads not touched in 30 days", "Launching this week, deliverables open",
        "Offers ending this week"]
    assert all(item.reason == group.reason for group in groups for item in group.items)


def test_on_the_demo_business_every_group_is_consistent(workspace):
    build_demo(workspace.database, scale=0.2, seed=3, today=TODAY)
    groups = attention.needs_attention(MONDAY, SUNDAY, today=TODAY, now=NOW, limit=4)
    assert {"overdue_follow_up", "untouched_lead"} <= {g.reason for g in groups}
    for group in groups:
        assert 0 < len(group.items) <= 4 and group.total >= len(group.items)
        assert [i.sort_key for i in group.items] == sorted(i.sort_key for i in group.items)
        assert all(item.title and item.detail for item in group.items)
        assert all(item.action in ("plan", "open") for item in group.items)
