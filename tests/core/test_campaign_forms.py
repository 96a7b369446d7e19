"""The campaign editor's core side: load and save with expenses and offer products in one
transaction, the audience count without do-not-contact people, the reach figures."""

from __future__ import annotations

import time
from datetime import date, timedelta
from decimal import Decimal

import pytest

from smeplanner.core import campaign_forms, search
from smeplanner.core.campaigns import campaigns
from smeplanner.core.companies import companies
from smeplanner.core.contacts import contacts
from smeplanner.core.errors import NotFoundError, ValidationError
from smeplanner.core.models import db
from smeplanner.core.products import products
from smeplanner.core.timeutil import today


@pytest.fixture
def biz(workspace):
    """An agency, two products (and a retired one)."""
    agency = companies.create(name="Print & Co")
    press = products.create(name="Press", price="1000", unit_cost="600")
    service = products.create(name="Service day", price="800", unit_cost="300")
    old = products.create(name="Old model", price="50", active=False)
    return {"agency": agency.id, "press": press.id, "service": service.id, "old": old.id}


def everything(workspace) -> dict[str, list[tuple]]:
    """Every row of every table, the search index included."""
    names = [name for (name,) in workspace.database.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
        " ORDER BY name")]
    return {name: workspace.database.execute_sql(f'SELECT * FROM "{name}" ORDER BY 1').fetchall()
            for name in names}


def values(**changes) -> dict:
    return {"name": "Spring mailing", "channel": "email", "objective": "leads",
            "status": "planned", "start_date": date(2026, 3, 2), "end_date": date(2026, 3, 15),
            "budget": Decimal("1500.00"), **changes}


def expense(spent_on: date, amount: str, vendor: str = "", note: str = "",
            expense_id: int | None = None) -> dict:
    return {"id": expense_id, "spent_on": spent_on, "amount": Decimal(amount),
            "vendor": vendor, "note": note}


def stored_expenses(campaign_id: int) -> list[tuple]:
    return [(e.spent_on, e.amount, e.vendor, e.note) for e in campaigns.expenses(campaign_id)]


# --- load and save -------------------------------------------------------------------------

def test_a_saved_campaign_loads_back_with_everything(workspace, biz):
    campaign_id = campaign_forms.save_campaign(None, values(
        objective="sales", status="active", target_leads=40,
        target_revenue=Decimal("25000.00"), audience_tags=["newsletter", "VIP"],
        audience_stages=["lead", "qualified"], offer_discount_pct=Decimal("12.5"),
        offer_code="SPRING12", offer_start=date(2026, 3, 5), offer_end=date(2026, 3, 12),
        agency=biz["agency"], impressions=12000, clicks=300, visits=250,
        notes="Second wave in April"), [
        expense(date(2026, 3, 1), "400.00", "Print & Co", "Flyers"),
        expense(date(2026, 3, 9), "125.50", "Mailer", ""),
    ], [biz["service"], biz["press"]])
    data = campaign_forms.load_campaign(campaign_id)
    assert data.id == campaign_id
    assert data.values() == {
        "name": "Spring mailing", "channel": "email", "objective": "sales",
        "status": "active", "start_date": date(2026, 3, 2), "end_date": date(2026, 3, 15),
        "budget": Decimal("1500.00"), "target_leads": 40,
        "target_revenue": Decimal("25000.00"), "audience_tags": ["newsletter", "VIP"],
        "audience_stages": ["lead", "qualified"], "offer_discount_pct": Decimal("12.5"),
        "offer_code": "SPRING12", "offer_start": date(2026, 3, 5),
        "offer_end": date(2026, 3, 12), "agency": biz["agency"], "impressions": 12000,
        "clicks": 300, "visits": 250, "notes": "Second wave in April"}
    assert data.agency_name == "Print & Co"
    assert data.offer_product_ids == sorted([biz["press"], biz["service"]])
    assert [(e.spent_on, e.amount, e.vendor, e.note) for e in data.expenses] == [
        (date(2026, 3, 1), Decimal("400.00"), "Print & Co", "Flyers"),
        (date(2026, 3, 9), Decimal("125.50"), "Mailer", "")]
    assert all(e.id is not None for e in data.expenses)
    # The stored audience is the comma-separated text the rest of the app reads.
    stored = campaigns.get(campaign_id)
    assert (stored.audience_tags, stored.audience_stages) == ("newsletter,VIP",
                                                              "lead,qualified")
    # What was loaded saves back unchanged.
    before = everything(workspace)
    campaign_forms.save_campaign(campaign_id, data.values(), data.expense_values(),
                                 data.offer_product_ids)
    assert everything(workspace) == before


def test_expense_lines_are_replaced_keeping_the_ids_of_those_kept(workspace, biz):
    campaign_id = campaign_forms.save_campaign(None, values(), [
        expense(date(2026, 3, 1), "400", "Print & Co"),
        expense(date(2026, 3, 9), "125.50", "Mailer")], None)
    first, _second = campaign_forms.load_campaign(campaign_id).expenses
    campaign_forms.save_campaign(campaign_id, {}, [
        expense(date(2026, 3, 2), "450", "Print & Co", "Reprint", expense_id=first.id),
        expense(date(2026, 3, 10), "80", "Stamps")], None)
    after = campaign_forms.load_campaign(campaign_id).expenses
    assert [(e.spent_on, e.amount, e.vendor, e.note) for e in after] == [
        (date(2026, 3, 2), Decimal("450.00"), "Print & Co", "Reprint"),
        (date(2026, 3, 10), Decimal("80.00"), "Stamps", "")]
    assert after[0].id == first.id  # updated in place
    assert campaigns.spend(campaign_id) == Decimal("530.00")
    # None leaves lines and offer alone; an empty list clears them.
    campaign_forms.save_campaign(campaign_id, {"notes": "kept"}, None, None)
    assert len(stored_expenses(campaign_id)) == 2
    campaign_forms.save_campaign(campaign_id, {}, [], [])
    assert stored_expenses(campaign_id) == []


def test_a_line_given_twice_with_one_id_is_kept_twice(workspace, biz):
    campaign_id = campaign_forms.save_campaign(None, values(), [
        expense(date(2026, 3, 1), "400", "Print & Co")], None)
    [first] = campaign_forms.load_campaign(campaign_id).expenses
    campaign_forms.save_campaign(campaign_id, {}, [
        expense(date(2026, 3, 1), "400", "Print & Co", expense_id=first.id),
        expense(date(2026, 3, 2), "50", "Print & Co", expense_id=first.id)], None)
    assert stored_expenses(campaign_id) == [
        (date(2026, 3, 1), Decimal("400.00"), "Print & Co", ""),
        (date(2026, 3, 2), Decimal("50.00"), "Print & Co", "")]


def test_an_expense_id_of_another_campaign_is_added_not_stolen(workspace, biz):
    other = campaign_forms.save_campaign(None, values(name="Other"), [
        expense(date(2026, 3, 1), "99", "Them")], None)
    theirs = campaign_forms.load_campaign(other).expenses[0].id
    mine = campaign_forms.save_campaign(None, values(), [
        expense(date(2026, 3, 1), "10", "Me", expense_id=theirs)], None)
    assert stored_expenses(other) == [(date(2026, 3, 1), Decimal("99.00"), "Them", "")]
    assert stored_expenses(mine) == [(date(2026, 3, 1), Decimal("10.00"), "Me", "")]


def test_offer_products_are_set_and_the_retired_still_offered(workspace, biz):
    campaign_id = campaign_forms.save_campaign(None, values(), None,
                                               [biz["press"], biz["old"]])
    assert campaign_forms.load_campaign(campaign_id).offer_product_ids == sorted(
        [biz["press"], biz["old"]])
    assert [p.name for p in campaign_forms.product_choices()] == ["Press", "Service day"]
    assert [p.name for p in campaign_forms.product_choices([biz["old"]])] == [
        "Old model", "Press", "Service day"]


@pytest.mark.parametrize(("line", "field"), [
    ({"amount": "-5"}, "expense 2.amount"),
    ({"amount": "a lot"}, "expense 2.amount"),
    ({"amount": ""}, "expense 2.amount"),
    ({"amount": "1.005"}, "expense 2.amount"),
    ({"spent_on": None}, "expense 2.spent_on"),
    ({"spent_on": "31.02.2026"}, "expense 2.spent_on"),
    ({"vendor": "x" * 300}, "expense 2.vendor"),
])
@pytest.mark.parametrize("existing", [False, True])
def test_a_bad_expense_names_its_row_and_writes_nothing(workspace, biz, line, field,
                                                        existing):
    campaign_id = None
    if existing:
        campaign_id = campaign_forms.save_campaign(
            None, values(), [expense(date(2026, 3, 1), "400", "Print & Co")], [biz["press"]])
    before = everything(workspace)
    good = expense(date(2026, 3, 3), "20", "Stamps")
    bad = {**expense(date(2026, 3, 4), "30", "Mailer"), **line}
    with pytest.raises(ValidationError) as raised:
        campaign_forms.save_campaign(campaign_id, values(name="Changed", budget="2000"),
                                     [good, bad], [biz["service"]])
    assert raised.value.field == field
    assert everything(workspace) == before


@pytest.mark.parametrize(("changes", "offer", "field"), [
    ({"name": "  "}, None, "name"),
    ({"end_date": date(2026, 3, 1)}, None, "end_date"),
    ({"budget": "ten"}, None, "budget"),
    ({"offer_start": date(2026, 3, 5)}, None, "offer_end"),
    ({"audience_stages": ["lead", "friend"]}, None, "audience_stages"),
    ({"audience_tags": ["a,b"]}, None, "audience_tags"),
    ({"clicks": -1}, None, "clicks"),
    ({}, [999], "offer_products"),  # checked after the campaign is written: rolled back
])
def test_a_bad_field_names_it_and_writes_nothing(workspace, biz, changes, offer, field):
    campaign_id = campaign_forms.save_campaign(None, values(), None, [biz["press"]])
    before = everything(workspace)
    for target in (None, campaign_id):
        with pytest.raises(ValidationError) as raised:
            campaign_forms.save_campaign(target, values(notes="changed", **changes), [
                expense(date(2026, 3, 3), "20", "Stamps")], offer)
        assert raised.value.field == field
        assert everything(workspace) == before


def test_saving_a_campaign_that_is_gone_says_so(workspace):
    with pytest.raises(NotFoundError):
        campaign_forms.save_campaign(404, {}, [], None)


def test_a_new_campaign_is_planned_for_leads_by_email_for_two_weeks(workspace, biz):
    data = campaign_forms.new_campaign(None)
    assert (data.id, data.name, data.status, data.objective, data.channel) == (
        None, "", "planned", "leads", "email")
    assert (data.start_date, data.end_date) == (today(), today() + timedelta(days=13))
    assert (data.budget, data.expenses, data.offer_product_ids) == (Decimal("0.00"), [], [])
    day = campaign_forms.new_campaign({"start_date": date(2026, 5, 4), "channel": "event",
                                       "agency": biz["agency"], "name": "Fair"})
    assert (day.start_date, day.end_date, day.channel, day.name, day.agency_name) == (
        date(2026, 5, 4), date(2026, 5, 17), "event", "Fair", "Print & Co")
    odd = campaign_forms.new_campaign({"channel": "carrier pigeon", "agency": 999,
                                       "start_date": date(2026, 5, 4),
                                       "end_date": date(2026, 5, 1)})
    assert (odd.channel, odd.agency_id, odd.end_date) == ("email", None, date(2026, 5, 17))


# --- the audience ---------------------------------------------------------------------------

@pytest.fixture
def people(workspace):
    """Six contacts by stage and tags; Bernd and Dieter do not want to be contacted."""
    rows = {
        "anna": ("lead", ["newsletter", "VIP"], False),
        "bernd": ("lead", ["newsletter"], True),
        "clara": ("customer", ["VIP"], False),
        "dieter": ("customer", [], True),
        "eva": ("subscriber", ["wholesale"], False),
        "frank": ("qualified", [], False),
    }
    for name, (stage, tags, do_not_contact) in rows.items():
        contact = contacts.create(first_name=name.capitalize(), lifecycle_stage=stage,
                                  do_not_contact=do_not_contact)
        contacts.set_tags(contact.id, tags)


@pytest.mark.parametrize(("tags", "stages", "expected"), [
    ([], [], (4, 2)),  # anna, clara, eva, frank; without bernd and dieter
    (["newsletter"], [], (1, 1)),
    (["newsletter", "VIP"], [], (2, 1)),  # anna has both and counts once
    ([], ["customer"], (1, 1)),
    ([], ["lead", "customer", "qualified"], (3, 2)),
    (["VIP"], ["lead", "customer"], (2, 0)),
    (["vip"], ["lead"], (1, 0)),  # tags match ignoring case, as on contacts
    (["newsletter"], ["customer"], (0, 0)),
    (["wholesale", "no such tag"], [], (1, 0)),
    (["no such tag"], [], (0, 0)),
    ([], ["advocate"], (0, 0)),
])
def test_the_audience_leaves_out_do_not_contact_people(people, tags, stages, expected):
    assert campaign_forms.audience_count(tags, stages) == expected


def test_tag_names_are_alphabetical_ignoring_case(people):
    assert campaign_forms.tag_names() == ["newsletter", "VIP", "wholesale"]


@pytest.mark.slow
def test_the_audience_count_stays_fast_at_100k(workspace):
    tag_names = [f"tag{n:02d}" for n in range(15)]
    stages = ("subscriber", "lead", "qualified", "opportunity", "customer", "advocate")
    contact_rows = [(f"First{n}", f"Last{n:06d}", f"last{n:06d}", stages[n % 6],
                     int(n % 37 == 0)) for n in range(1, 100_001)]
    with db.atomic(), search.deferred_index(db):
        db.execute_sql("SELECT 1")
        connection = db.connection()
        connection.executemany("INSERT INTO tag (id, name) VALUES (?, ?)",
                               list(enumerate(tag_names, start=1)))
        connection.executemany(
            "INSERT INTO contact (first_name, last_name, email, sort_name, phone, mobile, "
            "job_title, address, city, postcode, region, country, notes, lifecycle_stage, "
            "stage_changed_at, source_channel, marketing_opt_in, opt_in_source, do_not_contact, "
            "created_at, updated_at) VALUES (?, ?, '', ?, '', '', '', '', '', '', '', '', '', "
            "?, '2026-01-01T00:00:00+00:00', '', 0, '', ?, '2026-01-01T00:00:00+00:00', "
            "'2026-01-01T00:00:00+00:00')", contact_rows)
        # Most contacts have one or two tags, a tenth none.
        connection.executemany(
            "INSERT INTO contact_tag (contact_id, tag_id) VALUES (?, ?)",
            [(n, tag) for n in range(1, 100_001) if n % 10
             for tag in {n % 15 + 1, n % 7 + 1}])
    cases = [([], []), ([], ["lead"]), ([], list(stages)), (tag_names[:1], []),
             (tag_names[:3], ["lead", "customer"]), (tag_names, []),
             (tag_names, list(stages))]
    timings = {}
    for tags, wanted in cases:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            reached, excluded = campaign_forms.audience_count(tags, wanted)
            best = min(best, time.perf_counter() - start)
        timings[(len(tags), len(wanted))] = best
        # The same figure the straightforward query gives, however slowly.
        where = ["1"]
        if wanted:
            where.append(f"lifecycle_stage IN ({', '.join(repr(s) for s in wanted)})")
        if tags:
            ids = ", ".join(str(tag_names.index(t) + 1) for t in tags)
            where.append(f"id IN (SELECT contact_id FROM contact_tag WHERE tag_id IN ({ids}))")
        expected = db.execute_sql("SELECT sum(NOT do_not_contact), sum(do_not_contact) "
                                  f"FROM contact WHERE {' AND '.join(where)}").fetchone()
        assert (reached, excluded) == tuple(expected), (tags, wanted)
    assert max(timings.values()) < 0.1, timings


# --- reach and spend ----------------------------------------------------------------------

@pytest.mark.parametrize(("figures", "expected"), [
    ({"impressions": 10000, "clicks": 250, "spend": Decimal("500")},
     (Decimal("2.50"), Decimal("2.00"))),
    ({"impressions": 3, "clicks": 1, "spend": Decimal("1")},
     (Decimal("33.33"), Decimal("1.00"))),
    ({"impressions": "12,000", "clicks": "300", "spend": Decimal("45.50")},
     (Decimal("2.50"), Decimal("0.15"))),
    ({"impressions": 800, "clicks": 0, "spend": Decimal("90")}, (Decimal("0.00"), None)),
    ({"impressions": 0, "clicks": 0, "spend": Decimal("90")}, (None, None)),
    ({"impressions": None, "clicks": 40, "spend": Decimal("90")}, (None, Decimal("2.25"))),
    ({"impressions": 100, "clicks": 400, "spend": None}, (None, None)),  # clicks > shown
    ({"impressions": "lots", "clicks": "", "spend": Decimal("90")}, (None, None)),
    ({}, (None, None)),
])
def test_reach_figures(figures, expected):
    assert campaign_forms.reach_figures(figures) == expected


@pytest.mark.parametrize(("spent", "budget", "expected"), [
    (Decimal("525.50"), Decimal("1500"), Decimal("35.0")),
    (Decimal("1"), Decimal("3"), Decimal("33.3")),
    (Decimal("1800"), Decimal("1500"), Decimal("120.0")),
    (Decimal("10"), Decimal("0"), None),
    (Decimal("10"), None, None),
])
def test_spent_share(spent, budget, expected):
    assert campaign_forms.spent_share(spent, budget) == expected


def test_find_companies_is_the_pickers_lookup(workspace, biz):
    assert campaign_forms.find_companies("print") == [(biz["agency"], "Print & Co")]
