"""The deal editor's core side: load and save with lines in one transaction, the next step
kept as one task in the week, and the pickers' lookups."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

import pytest

from smeplanner.core import deal_forms, pipeline, search
from smeplanner.core.activities import activities
from smeplanner.core.campaigns import campaigns
from smeplanner.core.companies import companies
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals
from smeplanner.core.errors import ValidationError
from smeplanner.core.models import Activity, LostReason, db
from smeplanner.core.products import products


@pytest.fixture
def stages(workspace):
    return {stage.name: stage.id for stage in pipeline.list_stages()}


@pytest.fixture
def biz(workspace):
    """A company, a campaign, a contact of both, two products (one retired)."""
    acme = companies.create(name="Acme GmbH")
    fair = campaigns.create(name="Trade fair", channel="event", start_date="2026-03-01",
                            end_date="2026-03-03")
    anna = contacts.create(first_name="Anna", last_name="Schmidt", company=acme.id,
                           source_campaign=fair.id)
    press = products.create(name="Press", price="1000.00", unit_cost="600")
    service = products.create(name="Service day", price="800", unit_cost="300")
    old = products.create(name="Old model", price="50", active=False)
    return {"acme": acme.id, "fair": fair.id, "anna": anna.id, "press": press.id,
            "service": service.id, "old": old.id}


def everything(workspace) -> dict[str, list[tuple]]:
    """Every row of every table, the search index included."""
    names = [name for (name,) in workspace.database.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
        " ORDER BY name")]
    return {name: workspace.database.execute_sql(f'SELECT * FROM "{name}" ORDER BY 1').fetchall()
            for name in names}


def values(stage: int, **changes) -> dict:
    return {"title": "Press for Acme", "stage": stage, "amount": Decimal("0"), **changes}


def step_tasks(deal_id: int) -> list[tuple]:
    return [(a.subject, a.due_date, a.done, a.kind, a.role, a.contact_id)
            for a in Activity.select().where(Activity.deal == deal_id).order_by(Activity.id)]


# --- load and save -------------------------------------------------------------------------

def test_a_saved_deal_loads_back_with_names_and_lines(workspace, stages, biz):
    deal_id = deal_forms.save_deal(None, values(
        stages["Proposal"], contact=biz["anna"], probability_override=35,
        expected_close=date(2026, 4, 30), notes="Wants delivery in May",
        next_step="Send the quote", next_step_date=date(2026, 3, 20)), [
        {"product": biz["press"], "description": "", "quantity": Decimal("2"),
         "unit_price": Decimal("1000.00"), "discount_pct": Decimal("10")},
        {"product": None, "description": "Freight", "quantity": Decimal("1"),
         "unit_price": Decimal("120.50"), "discount_pct": Decimal("0")},
    ])
    data = deal_forms.load_deal(deal_id)
    assert (data.id, data.title, data.stage_id, data.status) == (
        deal_id, "Press for Acme", stages["Proposal"], "open")
    # A new deal takes its contact's company and campaign.
    assert (data.contact_id, data.contact_name) == (biz["anna"], "Anna Schmidt — Acme GmbH")
    assert (data.company_id, data.company_name) == (biz["acme"], "Acme GmbH")
    assert (data.source_campaign_id, data.source_campaign_name) == (biz["fair"], "Trade fair")
    assert (data.probability_override, data.expected_close, data.notes) == (
        35, date(2026, 4, 30), "Wants delivery in May")
    assert (data.next_step, data.next_step_date) == ("Send the quote", date(2026, 3, 20))
    assert [(line.product_id, line.product_name, line.description, line.quantity,
             line.unit_price, line.discount_pct, line.total) for line in data.lines] == [
        (biz["press"], "Press", "Press", Decimal(2), Decimal("1000.00"), Decimal(10),
         Decimal("1800.00")),
        (None, "", "Freight", Decimal(1), Decimal("120.50"), Decimal(0), Decimal("120.50")),
    ]
    assert data.amount == Decimal("1920.50")
    # What it loads saves back unchanged.
    before = everything(workspace)
    deal_forms.save_deal(deal_id, data.values(), [line.values() for line in data.lines])
    after = everything(workspace)
    assert {k: v for k, v in after.items() if k not in ("deal", "deal_line")} == \
        {k: v for k, v in before.items() if k not in ("deal", "deal_line")}
    assert deal_forms.load_deal(deal_id) == data


def test_lines_make_the_amount_whatever_was_typed(workspace, stages, biz):
    deal_id = deal_forms.save_deal(None, values(stages["Prospect"], amount=Decimal("5")), [
        {"product": biz["service"], "quantity": "3", "unit_price": None, "discount_pct": ""}])
    assert deals.get(deal_id).amount == Decimal("2400.00")  # the product's price, × 3


def test_no_lines_keep_the_typed_amount_and_none_leaves_lines_alone(workspace, stages, biz):
    deal_id = deal_forms.save_deal(None, values(stages["Prospect"]), [
        {"product": biz["press"], "quantity": "1"}])
    assert deals.get(deal_id).amount == Decimal("1000.00")
    deal_forms.save_deal(deal_id, {"title": "Renamed"}, None)
    assert (len(deals.lines(deal_id)), deals.get(deal_id).amount) == (1, Decimal("1000.00"))
    deal_forms.save_deal(deal_id, {"amount": Decimal("750.25")}, [])
    assert (deals.lines(deal_id), deals.get(deal_id).amount) == ([], Decimal("750.25"))


@pytest.mark.parametrize(("line", "field"), [
    ({"product": None, "description": "", "quantity": "1"}, "line 2.product"),
    ({"description": "Freight", "quantity": "0"}, "line 2.quantity"),
    ({"description": "Freight", "quantity": "lots"}, "line 2.quantity"),
    ({"description": "Freight", "unit_price": "-3"}, "line 2.unit_price"),
    ({"description": "Freight", "unit_price": "9", "discount_pct": "101"},
     "line 2.discount_pct"),
])
@pytest.mark.parametrize("existing", [False, True])
def test_a_bad_line_names_its_row_and_writes_nothing(workspace, stages, biz, line, field,
                                                     existing):
    deal_id = None
    if existing:
        deal_id = deal_forms.save_deal(None, values(stages["Prospect"], next_step="Call",
                                                    next_step_date=date(2026, 3, 20)),
                                       [{"product": biz["press"]}])
    before = everything(workspace)
    good = {"product": biz["service"], "quantity": "1"}
    with pytest.raises(ValidationError) as raised:
        deal_forms.save_deal(deal_id, values(stages["Negotiation"], title="Changed",
                                             next_step="Visit", next_step_date=date(2026, 4, 1)),
                             [good, line])
    assert raised.value.field == field
    assert everything(workspace) == before


def test_a_bad_field_names_it_and_writes_nothing(workspace, stages, biz):
    before = everything(workspace)
    with pytest.raises(ValidationError) as raised:
        deal_forms.save_deal(None, values(stages["Prospect"], title=" "),
                             [{"product": biz["press"]}])
    assert raised.value.field == "title"
    with pytest.raises(ValidationError) as raised:
        deal_forms.save_deal(None, values(stages["Prospect"], amount="ten"), None)
    assert raised.value.field == "amount"
    assert everything(workspace) == before


# --- the next step in the week ---------------------------------------------------------------

def test_a_dated_next_step_becomes_one_open_task_kept_in_step(workspace, stages, biz):
    deal_id = deal_forms.save_deal(None, values(stages["Prospect"], contact=biz["anna"],
                                                next_step="Call Anna",
                                                next_step_date=date(2026, 3, 20)), None)
    assert step_tasks(deal_id) == [
        ("Call Anna", date(2026, 3, 20), False, "task", "sales", biz["anna"])]
    first = Activity.get(Activity.deal == deal_id).id

    deal_forms.save_deal(deal_id, {"next_step": "Send the quote",
                                   "next_step_date": date(2026, 3, 24)}, None)
    assert step_tasks(deal_id) == [
        ("Send the quote", date(2026, 3, 24), False, "task", "sales", biz["anna"])]
    assert Activity.get(Activity.deal == deal_id).id == first  # the same task, updated

    deal_forms.save_deal(deal_id, {"notes": "nothing about the step"}, None)
    assert len(step_tasks(deal_id)) == 1

    deal_forms.save_deal(deal_id, {"next_step": ""}, None)
    assert step_tasks(deal_id) == []


def test_a_step_without_a_date_has_no_task_until_it_gets_one(workspace, stages):
    deal_id = deal_forms.save_deal(None, values(stages["Prospect"], next_step="Call"), None)
    assert step_tasks(deal_id) == []
    deal_forms.save_deal(deal_id, {"next_step_date": date(2026, 3, 20)}, None)
    assert [row[:2] for row in step_tasks(deal_id)] == [("Call", date(2026, 3, 20))]
    deal_forms.save_deal(deal_id, {"next_step_date": None}, None)
    assert step_tasks(deal_id) == []


def test_done_tasks_and_other_activities_are_left_alone(workspace, stages):
    deal_id = deal_forms.save_deal(None, values(stages["Prospect"], next_step="Call",
                                                next_step_date=date(2026, 3, 20)), None)
    task = Activity.get(Activity.deal == deal_id)
    activities.set_done(task.id)
    other = activities.create(kind="task", subject="Call", due_date=date(2026, 3, 20),
                              deal=None)
    # Saving the deal again does not re-open the step that was done...
    deal_forms.save_deal(deal_id, {"notes": "Called; waiting"}, None)
    assert [row[:3] for row in step_tasks(deal_id)] == [("Call", date(2026, 3, 20), True)]
    # ...a new step is a new task, and clearing it deletes only that one.
    deal_forms.save_deal(deal_id, {"next_step": "Visit", "next_step_date": date(2026, 4, 2)},
                         None)
    assert [row[:3] for row in step_tasks(deal_id)] == [
        ("Call", date(2026, 3, 20), True), ("Visit", date(2026, 4, 2), False)]
    deal_forms.save_deal(deal_id, {"next_step": ""}, None)
    assert [row[:3] for row in step_tasks(deal_id)] == [("Call", date(2026, 3, 20), True)]
    assert activities.get(other.id).subject == "Call"


def test_a_closed_deal_gets_no_new_next_step_task(workspace, stages):
    deal_id = deal_forms.save_deal(None, values(stages["Won"], next_step="Send invoice",
                                                next_step_date=date(2026, 3, 20)), None)
    assert deals.get(deal_id).status == "won"
    assert step_tasks(deal_id) == []
    lost = deal_forms.save_deal(None, values(stages["Prospect"], next_step="Call",
                                             next_step_date=date(2026, 3, 20)), None)
    deal_forms.save_deal(lost, {"stage": stages["Lost"], "next_step": "Call back in a year",
                                "next_step_date": date(2027, 3, 20)}, None)
    # The open task it had follows the step; none is added.
    assert [row[:2] for row in step_tasks(lost)] == [("Call back in a year", date(2027, 3, 20))]


def test_a_long_or_multi_line_step_gives_a_one_line_subject(workspace, stages):
    step = "Call " + "x" * 300 + "\nthen write"
    deal_id = deal_forms.save_deal(None, values(stages["Prospect"], next_step=step,
                                                next_step_date=date(2026, 3, 20)), None)
    subject = Activity.get(Activity.deal == deal_id).subject
    assert len(subject) == 255 and subject.endswith("…") and "\n" not in subject
    deal_forms.save_deal(deal_id, {"next_step_date": date(2026, 3, 21)}, None)
    assert [row[1] for row in step_tasks(deal_id)] == [date(2026, 3, 21)]


# --- lookups ---------------------------------------------------------------------------------

def test_find_contacts_by_name_prefix_substring_and_company(workspace, biz):
    globex = companies.create(name="Globex Ltd")
    bernd = contacts.create(first_name="Bernd", last_name="Schmitz", company=globex.id)
    solo = contacts.create(first_name="Annette", last_name="Bauer")
    assert sorted(deal_forms.find_contacts("An")) == [
        (biz["anna"], "Anna Schmidt — Acme GmbH"), (solo.id, "Annette Bauer")]
    assert deal_forms.find_contacts("mid") == [(biz["anna"], "Anna Schmidt — Acme GmbH")]
    assert deal_forms.find_contacts("Schm") == [
        (biz["anna"], "Anna Schmidt — Acme GmbH"), (bernd.id, "Bernd Schmitz — Globex Ltd")]
    assert deal_forms.find_contacts("globex") == [(bernd.id, "Bernd Schmitz — Globex Ltd")]
    assert len(deal_forms.find_contacts("Schm", limit=1)) == 1
    assert deal_forms.find_contacts("  ") == []


def test_find_companies_and_campaigns(workspace, biz):
    companies.create(name="Acme Tools")
    older = campaigns.create(name="Fair 2025", channel="event", start_date="2025-03-01",
                             end_date="2025-03-03")
    companies.create(name="Zeta Acme")
    companies.create(name="100% Organic_Foods")
    assert [name for _id, name in deal_forms.find_companies("acm")] == [
        "Acme GmbH", "Acme Tools", "Zeta Acme"]  # names starting with it first
    assert [name for _id, name in deal_forms.find_companies("ACME gm")] == ["Acme GmbH"]
    # What is typed is taken literally, wildcards too.
    assert [name for _id, name in deal_forms.find_companies("0% o")] == ["100% Organic_Foods"]
    assert [name for _id, name in deal_forms.find_companies("%")] == ["100% Organic_Foods"]
    assert deal_forms.find_companies("e_g") == []  # not "Acme GmbH"
    assert deal_forms.find_campaigns("fair") == [(biz["fair"], "Trade fair"),
                                                 (older.id, "Fair 2025")]
    assert deal_forms.find_campaigns("") == [(biz["fair"], "Trade fair"), (older.id, "Fair 2025")]
    assert deal_forms.find_campaigns("nothing like it") == []


def test_product_choices_are_active_ones_plus_those_on_lines(workspace, biz):
    assert [(p.name, p.price, p.active) for p in deal_forms.product_choices()] == [
        ("Press", Decimal("1000.00"), True), ("Service day", Decimal("800.00"), True)]
    assert [p.name for p in deal_forms.product_choices([biz["old"]])] == [
        "Old model", "Press", "Service day"]


def test_stage_choices_reasons_and_contact_defaults(workspace, stages, biz):
    assert [s.name for s in deal_forms.stage_choices()] == list(stages)
    assert [s.position for s in deal_forms.stage_choices()] == sorted(
        s.position for s in deal_forms.stage_choices())
    LostReason.delete().execute()
    LostReason.create(name="Price", position=2)
    LostReason.create(name="Timing", position=1)
    assert deal_forms.lost_reasons() == ["Timing", "Price"]
    assert deal_forms.contact_defaults(biz["anna"]) == ((biz["acme"], "Acme GmbH"),
                                                        (biz["fair"], "Trade fair"))
    nobody = contacts.create(first_name="Nobody")
    assert deal_forms.contact_defaults(nobody.id) == (None, None)


def test_a_new_deal_takes_defaults_from_a_contact_or_a_column(workspace, stages, biz):
    data = deal_forms.new_deal({"contact": biz["anna"]})
    assert (data.id, data.stage_id, data.contact_name, data.company_name,
            data.source_campaign_name) == (None, stages["Prospect"], "Anna Schmidt — Acme GmbH",
                                           "Acme GmbH", "Trade fair")
    assert deal_forms.new_deal({"stage": stages["Negotiation"]}).stage_id == \
        stages["Negotiation"]
    assert deal_forms.new_deal({"stage": 999, "contact": 999}).contact_id is None


@pytest.mark.slow
def test_find_contacts_stays_fast_at_100k(workspace):
    rows = [(f"First{n % 977}", f"Last{n:06d}", f"p{n}@example.com", f"last{n:06d}")
            for n in range(100_000)]
    with db.atomic(), search.deferred_index(db):
        db.execute_sql("SELECT 1")
        db.connection().executemany(
            "INSERT INTO contact (first_name, last_name, email, sort_name, phone, mobile, "
            "job_title, address, city, postcode, region, country, notes, lifecycle_stage, "
            "stage_changed_at, source_channel, marketing_opt_in, opt_in_source, do_not_contact, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, '', '', '', '', '', '', '', '', '', "
            "'lead', '2026-01-01T00:00:00+00:00', '', 0, '', 0, '2026-01-01T00:00:00+00:00', "
            "'2026-01-01T00:00:00+00:00')", rows)
    # Two letters match every contact here: ranking them all (bm25) took 0.3-0.6 s.
    timings = {}
    for text in ("F", "Fi", "Las", "ast0123", "First97 Last0009", "p4711@"):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            found = deal_forms.find_contacts(text)
            best = min(best, time.perf_counter() - start)
        timings[text] = best
        assert found, text
    assert deal_forms.find_contacts("ast000123")[0][1] == "First123 Last000123"
    assert max(timings.values()) < 0.1, timings
