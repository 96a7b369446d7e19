"""Agenda sheets: the week plan with addresses, last notes and deal facts, as text and HTML."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from smeplanner.core import settings
from smeplanner.core.activities import activities
from smeplanner.core.agenda_sheet import (
    NOTE_LIMIT,
    contact_facts,
    render_html,
    render_text,
    sheet_for,
    split_text,
)
from smeplanner.core.companies import companies
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals
from smeplanner.core.errors import ValidationError
from smeplanner.core.week import TimeSplit, load_week

MONDAY = date(2026, 11, 23)  # 2026-W48
TODAY = date(2026, 11, 25)  # Wednesday: Monday's and Tuesday's open items are overdue


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)  # naive: local time


@pytest.fixture
def week(workspace):
    """A small week: Anna (address from her company, notes on done calls), Bob (own address,
    only his contact notes), a deal, an old overdue task, a done marketing task."""
    acme = companies.create(name="Acme GmbH", phone="+49 30 111", address="Hauptstr. 1",
                            postcode="10115", city="Berlin", country="Germany")
    anna = contacts.create(first_name="Anna", last_name="Schmidt", company=acme.id,
                           phone="+49 30 1234", mobile="+49 170 5555", email="anna@acme.de")
    bob = contacts.create(first_name="Bob", last_name="Jones", email="bob@jones.example",
                          address="12 High Street\nFlat 3", postcode="OX1 2AB", city="Oxford",
                          country="United Kingdom", notes="Prefers mornings.")
    deal = deals.create(title="Espresso machines", contact=anna.id, amount="12000")
    # Anna's notes: the newest *done* activity with a non-empty note wins.
    activities.create(kind="call", subject="First call", contact=anna.id, done=True,
                      due_date="2026-10-01", notes="Old news.")
    activities.create(kind="meeting", subject="Visit", contact=anna.id, done=True,
                      due_at=local(date(2026, 10, 20), 14), notes="Wants a quote for 3 machines.")
    activities.create(kind="email", subject="Sent brochure", contact=anna.id, done=True,
                      due_date="2026-11-01", notes="  ")
    activities.create(kind="call", subject="Planned call", contact=anna.id,
                      due_date="2026-12-10", notes="Not done yet: not a last note.")
    ids = {
        "call": activities.create(kind="call", subject="<b>x</b> & co", contact=anna.id,
                                  deal=deal.id, due_at=local(MONDAY, 9), duration_minutes=90).id,
        "meeting": activities.create(kind="meeting", subject="Coffee with Bob", contact=bob.id,
                                     due_at=local(MONDAY + timedelta(days=1), 10, 30),
                                     duration_minutes=60).id,
        "task": activities.create(kind="task", subject="Write newsletter", role="marketing",
                                  done=True, due_date=MONDAY + timedelta(days=2),
                                  duration_minutes=60).id,
        "late": activities.create(kind="task", subject="Chase invoice",
                                  due_date="2026-11-10").id,
    }
    return {"anna": anna, "bob": bob, "deal": deal, "ids": ids,
            "plan": load_week(MONDAY, today=TODAY)}


def test_contacts_get_their_reach_address_and_last_note(week):
    facts = contact_facts([week["anna"].id, week["bob"].id])
    anna, bob = facts[week["anna"].id], facts[week["bob"].id]
    assert (anna.company, anna.phone, anna.mobile, anna.email) == (
        "Acme GmbH", "+49 30 1234", "+49 170 5555", "anna@acme.de")
    assert anna.address == "Hauptstr. 1, 10115 Berlin, Germany"  # the company's
    assert anna.last_note == "Wants a quote for 3 machines."
    assert anna.last_note_on == date(2026, 10, 20)
    assert bob.address == "12 High Street, Flat 3, OX1 2AB Oxford, United Kingdom"
    assert (bob.last_note, bob.last_note_on) == ("Prefers mornings.", None)
    assert bob.phones == []
    assert contact_facts([]) == {}


def test_long_notes_are_clipped(workspace):
    person = contacts.create(first_name="Long", notes="word " * 1000)
    note = contact_facts([person.id])[person.id].last_note
    assert len(note) <= NOTE_LIMIT and note.endswith("…")


def test_week_sheet_lines_carry_contact_and_deal_facts(week):
    sheet = sheet_for(week["plan"], list(week["plan"].days))
    assert list(sheet.days) == [MONDAY + timedelta(days=n) for n in range(7)]
    (call,) = sheet.days[MONDAY]
    assert call.item.record_id == week["ids"]["call"]
    assert call.contact.last_note == "Wants a quote for 3 machines."
    assert (call.deal.amount, call.deal.stage) == ("€12,000.00", "Prospect")
    # Monday's and Tuesday's open items are overdue, but they are on the sheet already.
    assert [line.item.subject for line in sheet.overdue] == ["Chase invoice"]
    assert sheet.overdue_total == 1
    assert sheet.split == week["plan"].split


def test_day_sheet_has_the_day_and_its_own_split(week):
    tuesday = MONDAY + timedelta(days=1)
    sheet = sheet_for(week["plan"], [tuesday])
    assert list(sheet.days) == [tuesday]
    assert sheet.is_day_sheet and sheet.title == "Agenda · Tuesday 24 November 2026"
    # Monday's call is not on this sheet, so it shows among the overdue.
    assert {line.item.subject for line in sheet.overdue} == {"<b>x</b> & co", "Chase invoice"}
    assert (sheet.split.sales_minutes, sheet.split.marketing_minutes) == (60, 0)


def test_a_day_outside_the_week_is_refused(week):
    with pytest.raises(ValidationError, match="day"):
        sheet_for(week["plan"], [MONDAY + timedelta(days=7)])
    with pytest.raises(ValidationError):
        sheet_for(week["plan"], [])


def test_text_has_overdue_first_then_days_then_the_split(week):
    text = render_text(sheet_for(week["plan"], list(week["plan"].days)))
    lines = text.splitlines()
    assert lines[0] == "Agenda 2026-W48 · 23–29 November 2026"
    assert text.index("Overdue (1)") < text.index("Monday 23 November 2026")
    assert "Fri 13 Nov" not in text and "Tue 10 Nov" in text  # overdue lines carry their day
    call = next(line for line in lines if "<b>x</b>" in line)
    assert call.startswith("09:00")
    assert "Call" in call and call.endswith("<b>x</b> & co — Anna Schmidt · Espresso machines")
    assert "Acme GmbH · tel +49 30 1234 · mobile +49 170 5555 · anna@acme.de" in text
    assert "Hauptstr. 1, 10115 Berlin, Germany" in text
    assert "Last note (Tue 20 Oct 2026): Wants a quote for 3 machines." in text
    assert "Deal: €12,000.00 · Prospect" in text
    assert "Last note: Prefers mornings." in text
    done = next(line for line in lines if "Write newsletter" in line)
    assert "✓" in done and "✓" not in call
    assert "Nothing planned." in text  # the weekend
    assert lines[-1] == ("Time planned: Sales 2 h 30 (71 %) · Marketing 1 h 00 (29 %)"
                         " — target 60 %")


def test_text_wraps_to_the_width_and_drops_control_characters(week):
    activities.create(kind="task", subject="Long " * 40 + "\x1b[31mred", due_date=MONDAY)
    plan = load_week(MONDAY, today=TODAY)
    text = render_text(sheet_for(plan, [MONDAY]), width=60)
    assert max(len(line) for line in text.splitlines()) <= 60
    assert "\x1b" not in text and "[31mred" in text


def test_html_escapes_all_user_text(week):
    contacts.update(week["bob"].id, notes="<script>alert(1)</script>\nsecond line")
    plan = load_week(MONDAY, today=TODAY)
    page = render_html(sheet_for(plan, list(plan.days)), "Agenda <week>")
    assert "<b>x</b>" not in page and "<script>" not in page
    assert "&lt;b&gt;x&lt;/b&gt; &amp; co" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>second line" in page
    assert "<title>Agenda &lt;week&gt;</title>" in page
    assert page.index("Overdue (1)") < page.index("Monday 23 November 2026")
    assert "Hauptstr. 1, 10115 Berlin, Germany" in page
    assert "Sales 2 h 30 (71 %)" in page


@pytest.mark.parametrize(("split", "text"), [
    (TimeSplit(750, 460, 60), "Sales 12 h 30 (62 %) · Marketing 7 h 40 (38 %) — target 60 %"),
    (TimeSplit(0, 0, 55), "No time planned — target 55 %"),
])
def test_split_text(split, text):
    assert split_text(split) == text


def test_empty_week_with_another_week_start(workspace):
    settings.set_value("week_start", 6)  # Sunday
    plan = load_week(date(2026, 11, 22), today=TODAY)
    text = render_text(sheet_for(plan, list(plan.days)))
    assert text.startswith("Agenda 2026-W48 · 22–28 November 2026\n")
    assert "Overdue" not in text
    assert text.count("Nothing planned.") == 7


def test_long_days_are_split_into_tables_that_line_up(workspace):
    from smeplanner.core.agenda_sheet import TABLE_ROWS

    for n in range(TABLE_ROWS + 5):
        activities.create(kind="task", subject=f"Task {n}", due_date=MONDAY)
    plan = load_week(MONDAY, today=MONDAY)
    page = render_html(sheet_for(plan, [MONDAY]), "Monday")
    assert page.count("<table") == 2 and page.count("<th>Subject</th>") == 1
    assert page.count('<td width="41%">') == TABLE_ROWS + 5  # every row carries the shares
