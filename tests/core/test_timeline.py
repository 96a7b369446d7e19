"""A contact's timeline: every kind of entry, newest first, nothing from other contacts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from smeplanner.core import pipeline, timeline
from smeplanner.core.activities import activities
from smeplanner.core.campaigns import campaigns
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals


def test_timeline_holds_activities_deals_moves_stages_and_the_source_campaign(workspace):
    spring = campaigns.create(name="Spring tasting", channel="event", start_date="2026-03-01",
                              end_date="2026-03-31")
    anna = contacts.create(first_name="Anna", last_name="Schmidt", source_campaign=spring.id)
    other = contacts.create(first_name="Otto", last_name="Other")
    call = activities.create(kind="call", subject="Intro call", contact=anna.id,
                             due_at=datetime(2026, 3, 5, 10, 0), done=True)
    activities.create(kind="call", subject="Not Anna's", contact=other.id,
                      due_date=date(2026, 3, 6))
    deal = deals.create(title="Espresso machine", contact=anna.id, amount="1200")
    proposal = next(s for s in pipeline.list_stages() if s.name == "Proposal")
    deals.move_to_stage(deal.id, proposal.id)

    entries = timeline.for_contact(anna.id)
    kinds = {entry.kind for entry in entries}
    assert {"call", "deal", "stage", "lifecycle", "campaign"} <= kinds
    assert all("Not Anna" not in entry.title for entry in entries)
    assert any(entry.ref_kind == "activity" and entry.ref_id == call.id for entry in entries)
    assert any(entry.kind == "stage" and "Proposal" in entry.title for entry in entries)
    assert any(entry.title == "Became Opportunity" for entry in entries)
    assert [entry.when for entry in entries] == sorted((e.when for e in entries), reverse=True)


def test_planned_items_come_before_the_past_and_all_day_items_are_marked(workspace):
    anna = contacts.create(first_name="Anna")
    today = date.today()
    activities.create(kind="task", subject="Send samples", contact=anna.id,
                      due_date=today + timedelta(days=3))
    activities.create(kind="email", subject="Thanks", contact=anna.id,
                      due_date=today - timedelta(days=3), done=True)
    entries = [e for e in timeline.for_contact(anna.id) if e.ref_kind == "activity"]
    assert [e.title for e in entries] == ["Task: Send samples", "Email: Thanks"]
    assert entries[0].all_day and not entries[0].done
    assert entries[1].done
