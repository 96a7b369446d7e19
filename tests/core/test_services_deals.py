"""Deals: validation, stage moves and their history, funnel moves of the contact, product lines."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from smeplanner.core import pipeline, settings
from smeplanner.core.campaigns import campaigns
from smeplanner.core.companies import companies
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals, line_total, probability, weighted_amount
from smeplanner.core.errors import NotFoundError, ValidationError
from smeplanner.core.products import products
from smeplanner.core.timeutil import today


@pytest.fixture
def stages(workspace):
    return {stage.name: stage.id for stage in pipeline.list_stages()}


@pytest.fixture
def anna(workspace):
    acme = companies.create(name="Acme GmbH")
    fair = campaigns.create(name="Fair", channel="event", start_date="2024-03-01",
                            end_date="2024-03-03")
    return contacts.create(first_name="Anna", last_name="Schmidt", company=acme.id,
                           source_campaign=fair.id)


def rows(workspace, table):
    return workspace.database.execute_sql(f"SELECT * FROM {table} ORDER BY 1").fetchall()


def moves(deal_id):
    return [(c.from_stage_id, c.to_stage_id) for c in deals.stage_history(deal_id)]


def stage_of(contact_id):
    return contacts.get(contact_id).lifecycle_stage


# --- validation -------------------------------------------------------------------------------

BAD_DEAL = [
    ({"title": ""}, "title"),
    ({"title": "  "}, "title"),
    ({"title": "t" * 256}, "title"),
    ({"amount": "-1"}, "amount"),
    ({"amount": 1500.0}, "amount"),
    ({"amount": "lots"}, "amount"),
    ({"amount": "10.005"}, "amount"),
    ({"amount": None}, "amount"),
    ({"probability_override": 101}, "probability_override"),
    ({"probability_override": -1}, "probability_override"),
    ({"probability_override": "half"}, "probability_override"),
    ({"probability_override": 50.0}, "probability_override"),
    ({"stage": 9999}, "stage"),
    ({"stage": None}, "stage"),
    ({"contact": 9999}, "contact"),
    ({"company": 9999}, "company"),
    ({"source_campaign": 9999}, "source_campaign"),
    ({"expected_close": "2024-02-30"}, "expected_close"),
    ({"next_step_date": "next week"}, "next_step_date"),
    ({"closed_on": "yesterday"}, "closed_on"),
    ({"notes": "n" * 100_001}, "notes"),
    ({"status": "won"}, "status"),                    # derived from the stage, not writable
]


@pytest.mark.parametrize(("values", "field"), BAD_DEAL)
def test_create_refuses_bad_input_and_writes_nothing(anna, values, field, workspace):
    before = rows(workspace, "contact"), rows(workspace, "lifecycle_change")
    with pytest.raises(ValidationError) as caught:
        deals.create(**{"title": "Big order", "contact": anna.id, **values})
    assert caught.value.field == field
    assert rows(workspace, "deal") == []
    assert rows(workspace, "deal_stage_change") == []
    assert (rows(workspace, "contact"), rows(workspace, "lifecycle_change")) == before


@pytest.mark.parametrize(("values", "field"), BAD_DEAL)
def test_update_refuses_bad_input_and_keeps_the_stored_row(anna, values, field, workspace):
    deal = deals.create(title="Big order", contact=anna.id, amount="1000")
    before = [rows(workspace, t) for t in ("deal", "deal_stage_change", "contact")]
    with pytest.raises(ValidationError) as caught:
        deals.update(deal.id, **{"notes": "changed", **values})
    assert caught.value.field == field
    assert [rows(workspace, t) for t in ("deal", "deal_stage_change", "contact")] == before


# --- creation ---------------------------------------------------------------------------------

def test_new_deal_starts_in_the_first_open_stage(workspace, stages):
    deal = deals.create(title="Big order")
    assert deal.stage_id == stages["Prospect"]
    assert deal.status == "open"
    assert deal.amount == Decimal("0.00")
    assert deal.closed_on is None
    assert moves(deal.id) == [(None, stages["Prospect"])]


def test_deal_takes_company_and_source_campaign_from_its_contact(anna):
    deal = deals.create(title="Big order", contact=anna.id)
    assert deal.company_id == anna.company_id
    assert deal.source_campaign_id == anna.source_campaign_id


def test_explicit_company_and_campaign_win_over_the_contacts(anna):
    other = companies.create(name="Other Ltd")
    deal = deals.create(title="Big order", contact=anna.id, company=other.id)
    assert deal.company_id == other.id
    assert deal.source_campaign_id == anna.source_campaign_id


def test_amount_is_exact_and_stored_in_cents(workspace):
    deal = deals.create(title="Big order", amount="12 345,67")
    assert deal.amount == Decimal("12345.67")
    assert workspace.database.execute_sql("SELECT amount, typeof(amount) FROM deal").fetchone() \
        == (1234567, "integer")


@pytest.mark.parametrize("start", ["subscriber", "lead", "qualified"])
def test_opening_a_deal_makes_the_contact_an_opportunity(workspace, start):
    contact = contacts.create(first_name="Anna", lifecycle_stage=start)
    deals.create(title="Big order", contact=contact.id)
    assert stage_of(contact.id) == "opportunity"
    assert [c.to_stage for c in contacts.lifecycle_history(contact.id)] == [start, "opportunity"]


@pytest.mark.parametrize("start", ["opportunity", "customer", "advocate", "disqualified"])
def test_opening_a_deal_leaves_other_stages_alone(workspace, start):
    contact = contacts.create(first_name="Anna", lifecycle_stage=start)
    deals.create(title="Big order", contact=contact.id)
    assert stage_of(contact.id) == start
    assert len(contacts.lifecycle_history(contact.id)) == 1


def test_without_auto_lifecycle_deals_do_not_move_contacts(workspace, stages):
    settings.set_value("auto_lifecycle", False)
    contact = contacts.create(first_name="Anna", lifecycle_stage="lead")
    deal = deals.create(title="Big order", contact=contact.id)
    assert stage_of(contact.id) == "lead"
    deals.move_to_stage(deal.id, stages["Won"])
    assert stage_of(contact.id) == "lead"
    assert len(contacts.lifecycle_history(contact.id)) == 1


def test_deal_created_as_won_is_closed_today_and_makes_a_customer(anna, stages):
    deal = deals.create(title="Repeat order", contact=anna.id, stage=stages["Won"])
    assert deal.status == "won"
    assert deal.closed_on == today()
    assert stage_of(anna.id) == "customer"


# --- stage moves ------------------------------------------------------------------------------

def test_move_to_stage_records_history(anna, stages):
    deal = deals.create(title="Big order", contact=anna.id)
    deals.move_to_stage(deal.id, stages["Qualified"])
    deals.move_to_stage(deal.id, stages["Proposal"])
    assert moves(deal.id) == [(None, stages["Prospect"]),
                              (stages["Prospect"], stages["Qualified"]),
                              (stages["Qualified"], stages["Proposal"])]
    for change in deals.stage_history(deal.id):
        assert change.changed_at.tzinfo is not None
    stored = deals.get(deal.id)
    assert (stored.stage_id, stored.status, stored.closed_on) == (stages["Proposal"], "open",
                                                                  None)


def test_moving_to_the_same_stage_records_nothing(anna, stages):
    deal = deals.create(title="Big order", contact=anna.id)
    deals.move_to_stage(deal.id, stages["Prospect"])
    assert len(moves(deal.id)) == 1


def test_winning_sets_status_closed_on_amount_and_makes_a_customer(anna, stages):
    deal = deals.create(title="Big order", contact=anna.id, amount="1000")
    assert stage_of(anna.id) == "opportunity"
    won = deals.move_to_stage(deal.id, stages["Won"], closed_on=date(2024, 4, 2),
                              reason="Best offer", amount="950,00")
    assert (won.status, won.closed_on, won.close_reason) == ("won", date(2024, 4, 2),
                                                             "Best offer")
    assert won.amount == Decimal("950.00")
    assert stage_of(anna.id) == "customer"
    assert [c.to_stage for c in contacts.lifecycle_history(anna.id)] == [
        "lead", "opportunity", "customer"]


def test_winning_without_a_date_closes_today(anna, stages):
    deal = deals.create(title="Big order", contact=anna.id)
    assert deals.move_to_stage(deal.id, stages["Won"]).closed_on == today()


def test_losing_keeps_the_contact_stage(anna, stages):
    deal = deals.create(title="Big order", contact=anna.id)
    lost = deals.move_to_stage(deal.id, stages["Lost"], reason="Price")
    assert (lost.status, lost.close_reason, lost.closed_on) == ("lost", "Price", today())
    assert stage_of(anna.id) == "opportunity"


def test_moving_back_to_open_clears_status_date_and_reason(anna, stages):
    deal = deals.create(title="Big order", contact=anna.id)
    deals.move_to_stage(deal.id, stages["Lost"], closed_on=date(2024, 4, 2), reason="Price")
    reopened = deals.move_to_stage(deal.id, stages["Negotiation"])
    assert (reopened.status, reopened.closed_on, reopened.close_reason) == ("open", None, "")
    assert moves(deal.id)[-1] == (stages["Lost"], stages["Negotiation"])


def test_move_to_unknown_stage_is_refused(anna, stages, workspace):
    deal = deals.create(title="Big order", contact=anna.id)
    before = rows(workspace, "deal"), rows(workspace, "deal_stage_change")
    with pytest.raises(ValidationError) as caught:
        deals.move_to_stage(deal.id, 9999)
    assert caught.value.field == "stage"
    assert (rows(workspace, "deal"), rows(workspace, "deal_stage_change")) == before


def test_move_unknown_deal(workspace, stages):
    with pytest.raises(NotFoundError):
        deals.move_to_stage(9999, stages["Won"])


def test_move_to_stage_sets_stage_entered_at(anna, stages, workspace):
    deal = deals.create(title="Big order", contact=anna.id)
    workspace.database.execute_sql("UPDATE deal SET stage_entered_at = '2000-01-01 00:00:00'")
    deals.move_to_stage(deal.id, stages["Qualified"])
    assert deals.get(deal.id).stage_entered_at.year > 2000


def test_move_to_stage_returns_the_new_stage_entered_at(anna, stages, workspace):
    deal = deals.create(title="Big order", contact=anna.id)
    workspace.database.execute_sql("UPDATE deal SET stage_entered_at = '2000-01-01 00:00:00'")
    moved = deals.move_to_stage(deal.id, stages["Qualified"])
    assert moved.stage_entered_at == deals.get(deal.id).stage_entered_at


# --- probability ------------------------------------------------------------------------------

@pytest.mark.parametrize(("stage", "override", "amount", "expected_pct", "expected_weighted"), [
    ("Prospect", None, "1000.00", 10, Decimal("100.00")),
    ("Proposal", None, "100.05", 50, Decimal("50.03")),       # 50.025 rounds half up
    ("Qualified", None, "0.10", 25, Decimal("0.03")),         # 0.025 rounds half up
    ("Negotiation", 0, "5000.00", 0, Decimal("0.00")),        # an override of 0 counts
    ("Prospect", 90, "333.33", 90, Decimal("300.00")),
    ("Won", None, "250.00", 100, Decimal("250.00")),
    ("Lost", None, "250.00", 0, Decimal("0.00")),
])
def test_probability_and_weighted_amount(workspace, stages, stage, override, amount,
                                         expected_pct, expected_weighted):
    deal = deals.create(title="Deal", stage=stages[stage], probability_override=override,
                        amount=amount)
    assert probability(deal) == expected_pct
    assert weighted_amount(deal) == expected_weighted


def test_probability_follows_the_stage_default(workspace, stages):
    deal = deals.create(title="Deal", amount="100")
    pipeline.update_stage(stages["Prospect"], probability=40)
    assert probability(deals.get(deal.id)) == 40


# --- product lines ----------------------------------------------------------------------------

@pytest.mark.parametrize(("quantity", "price", "discount", "expected"), [
    ("1", "10.00", "0", Decimal("10.00")),
    ("3", "19.99", "0", Decimal("59.97")),
    ("0.5", "0.05", "0", Decimal("0.03")),            # 0.025 → half up
    ("1", "0.25", "10", Decimal("0.23")),             # 0.225 → half up
    ("2.5", "10.00", "12.5", Decimal("21.88")),       # 21.875 → half up
    ("1", "99.99", "100", Decimal("0.00")),
])
def test_line_total(quantity, price, discount, expected):
    assert line_total(Decimal(quantity), Decimal(price), Decimal(discount)) == expected


def test_set_lines_replaces_lines_and_amount_is_their_sum(workspace):
    widget = products.create(name="Widget", price="19.99")
    deal = deals.create(title="Order", amount="1")
    lines = deals.set_lines(deal.id, [
        {"product": widget.id, "quantity": "3"},
        {"description": "Installation", "quantity": 2, "unit_price": "150,00",
         "discount_pct": "10"},
        {"product": widget.id, "quantity": "0.5", "unit_price": "0.05"},
    ])
    assert [line.description for line in lines] == ["Widget", "Installation", "Widget"]
    assert lines[0].unit_price == Decimal("19.99")          # defaulted from the product
    assert lines[1].discount_pct == Decimal("10")
    assert lines[2].quantity == Decimal("0.5")
    assert deals.get(deal.id).amount == Decimal("59.97") + Decimal("270.00") + Decimal("0.03")
    assert workspace.database.execute_sql("SELECT amount FROM deal").fetchone()[0] == 33000
    assert [row[0] for row in workspace.database.execute_sql(
        "SELECT unit_price FROM deal_line ORDER BY id")] == [1999, 15000, 5]

    replaced = deals.set_lines(deal.id, [{"description": "Support", "unit_price": "99"}])
    assert [(line.description, line.quantity) for line in replaced] == [("Support", 1)]
    assert deals.get(deal.id).amount == Decimal("99.00")
    assert len(rows(workspace, "deal_line")) == 1


def test_explicit_unit_price_wins_over_the_products(workspace):
    widget = products.create(name="Widget", price="19.99")
    deal = deals.create(title="Order")
    [line] = deals.set_lines(deal.id, [{"product": widget.id, "unit_price": "15.00",
                                        "description": "Widget (trade price)"}])
    assert (line.unit_price, line.description) == (Decimal("15.00"), "Widget (trade price)")


def test_set_lines_empty_clears_lines_and_keeps_the_amount(workspace):
    deal = deals.create(title="Order")
    deals.set_lines(deal.id, [{"description": "Support", "unit_price": "99"}])
    assert deals.set_lines(deal.id, []) == []
    assert deals.get(deal.id).amount == Decimal("99.00")


BAD_LINE = [
    ({"quantity": "0"}, "line 2.quantity"),
    ({"quantity": "-1"}, "line 2.quantity"),
    ({"quantity": "many"}, "line 2.quantity"),
    ({"discount_pct": "101"}, "line 2.discount_pct"),
    ({"discount_pct": "-5"}, "line 2.discount_pct"),
    ({"unit_price": 9.99}, "line 2.unit_price"),
    ({"unit_price": "-1"}, "line 2.unit_price"),
    ({"unit_price": "1.001"}, "line 2.unit_price"),
    ({"product": 9999}, "line 2.product"),
    ({"description": "", "unit_price": "5"}, "line 2.product"),   # neither product nor text
    ({"description": "d" * 256}, "line 2.description"),
    ({"colour": "red"}, "line 2.colour"),
]


@pytest.mark.parametrize(("bad", "field"), BAD_LINE)
def test_line_errors_name_the_row(workspace, bad, field):
    deal = deals.create(title="Order")
    good = {"description": "Support", "unit_price": "10"}
    with pytest.raises(ValidationError) as caught:
        deals.set_lines(deal.id, [good, {**good, **bad}])
    assert caught.value.field == field


def test_line_without_price_or_product_needs_a_unit_price(workspace):
    deal = deals.create(title="Order")
    with pytest.raises(ValidationError) as caught:
        deals.set_lines(deal.id, [{"description": "Support"}])
    assert caught.value.field == "line 1.unit_price"


def test_bad_third_line_leaves_the_old_lines_and_amount(workspace):
    widget = products.create(name="Widget", price="19.99")
    deal = deals.create(title="Order")
    deals.set_lines(deal.id, [{"product": widget.id, "quantity": 2}])
    before = rows(workspace, "deal_line"), rows(workspace, "deal")
    with pytest.raises(ValidationError) as caught:
        deals.set_lines(deal.id, [
            {"product": widget.id, "quantity": 5},
            {"description": "Setup", "unit_price": "100"},
            {"description": "Broken", "unit_price": "10", "quantity": "0"},
        ])
    assert caught.value.field == "line 3.quantity"
    assert (rows(workspace, "deal_line"), rows(workspace, "deal")) == before
    assert deals.get(deal.id).amount == Decimal("39.98")


def test_set_lines_unknown_deal(workspace):
    with pytest.raises(NotFoundError):
        deals.set_lines(9999, [{"description": "x", "unit_price": "1"}])


def test_line_keeps_its_price_when_the_product_changes_or_goes(workspace):
    widget = products.create(name="Widget", price="19.99")
    deal = deals.create(title="Order")
    deals.set_lines(deal.id, [{"product": widget.id}])
    products.update(widget.id, price="25.00", active=False)
    with pytest.raises(ValidationError, match="deal line"):
        products.delete(widget.id)  # in use: retired (inactive), never deleted
    [line] = deals.lines(deal.id)
    assert (line.product_id, line.unit_price, line.description) == (widget.id, Decimal("19.99"),
                                                                    "Widget")


# --- deletion and listing ---------------------------------------------------------------------

def test_delete_deal_removes_lines_and_history(anna, workspace, stages):
    deal = deals.create(title="Order", contact=anna.id)
    deals.set_lines(deal.id, [{"description": "x", "unit_price": "1"}])
    deals.move_to_stage(deal.id, stages["Won"])
    deals.delete(deal.id)
    assert rows(workspace, "deal_line") == []
    assert rows(workspace, "deal_stage_change") == []
    assert contacts.get(anna.id).lifecycle_stage == "customer"


def test_deleting_the_contact_keeps_the_deal(anna):
    deal = deals.create(title="Order", contact=anna.id)
    contacts.delete(anna.id)
    assert deals.get(deal.id).contact_id is None


def test_list_filters(workspace, stages):
    deals.create(title="Small", amount="10")
    deals.create(title="Large", amount="10000")
    deals.create(title="Won one", amount="500", stage=stages["Won"])
    assert [d.title for d in deals.list(status="open", order_by="-amount")] == ["Large", "Small"]
    assert [d.title for d in deals.list(amount__gte=Decimal("500"), order_by="amount")] == [
        "Won one", "Large"]
    assert deals.count(stage__in=[stages["Won"], stages["Lost"]]) == 1
    assert deals.count(closed_on__isnull=True) == 2


def test_stage_history_times_are_utc_text(anna, workspace):
    deal = deals.create(title="Order", contact=anna.id)
    raw = workspace.database.execute_sql(
        "SELECT changed_at FROM deal_stage_change WHERE deal_id = ?", (deal.id,)).fetchone()[0]
    parsed = datetime.strptime(raw, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    assert abs((datetime.now(UTC) - parsed).total_seconds()) < 5
