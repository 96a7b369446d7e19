"""Paged listings: SQL order with NULLs last, stable pages, search filter, row positions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from smeplanner.core import listing
from smeplanner.core.companies import companies
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals

CLOSES = [date(2026, 12, 1), None, date(2026, 11, 5), None, date(2026, 11, 5), date(2027, 1, 9),
          None]


@pytest.fixture
def deal_rows(workspace):
    acme = companies.create(name="Acme GmbH")
    rows = []
    for index, close in enumerate(CLOSES):
        deal = deals.create(title=f"Deal {index}", expected_close=close,
                            amount=Decimal(100 * (index % 3)),
                            company=acme.id if index % 2 else None)
        rows.append((deal.id, close, deal.amount))
    return rows


def _all_pages(query: listing.Query, page: int) -> list[int]:
    ids, offset = [], 0
    while True:
        batch = listing.fetch_page(query, offset, page)
        ids += [record_id for record_id, _ in batch]
        if len(batch) < page:
            return ids
        offset += page


def _expected(rows, descending: bool) -> list[int]:
    filled = sorted((r for r in rows if r[1] is not None), key=lambda r: (r[1], r[0]),
                    reverse=descending)
    empty = sorted((r for r in rows if r[1] is None), key=lambda r: r[0], reverse=descending)
    return [r[0] for r in filled + empty]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("page", [1, 2, 3, 4, 10])
def test_nullable_order_lists_nulls_last_across_page_boundaries(deal_rows, descending, page):
    query = listing.Query("deals", order_by="expected_close", descending=descending)
    assert _all_pages(query, page) == _expected(deal_rows, descending)
    assert listing.count(query) == len(CLOSES)


def test_money_sorts_by_amount_and_converts_to_decimal(deal_rows):
    query = listing.Query("deals", order_by="amount", descending=True)
    page = listing.fetch_page(query, 0, 100)
    amount_index = [c.key for c in listing.LISTINGS["deals"].columns].index("amount")
    amounts = [values[amount_index] for _, values in page]
    assert amounts == sorted(amounts, reverse=True)
    assert all(isinstance(amount, Decimal) for amount in amounts)


@pytest.mark.parametrize("descending", [False, True])
def test_position_matches_the_order_of_the_pages(deal_rows, descending):
    query = listing.Query("deals", order_by="expected_close", descending=descending)
    order = _all_pages(query, 100)
    assert [listing.position(query, record_id) for record_id in order] == list(range(len(order)))


def test_position_of_a_filtered_out_record_is_none(deal_rows, workspace):
    hidden = deals.create(title="Unrelated thing")
    query = listing.Query("deals", text="deal")
    assert listing.position(query, hidden.id) is None
    assert listing.count(query) == len(CLOSES)


def test_contacts_sort_by_folded_name(workspace):
    for first, last in (("Zoë", "Ärmel"), ("anna", "Zimmer"), ("Émile", "Bernard"),
                        ("Bob", "Meyer")):
        contacts.create(first_name=first, last_name=last)
    contacts.create(email="only@mail.example")
    query = listing.Query("contacts", order_by="name")
    names = [values[0] for _, values in listing.fetch_page(query, 0, 50)]
    assert names == ["anna Zimmer", "Bob Meyer", "Émile Bernard", "only@mail.example",
                     "Zoë Ärmel"]


def test_search_text_filters_in_sql(workspace):
    contacts.create(first_name="Anna", last_name="Schmidt")
    contacts.create(first_name="Bert", last_name="Brecht")
    query = listing.Query("contacts", text="schm")
    assert listing.count(query) == 1
    assert listing.fetch_page(query, 0, 10)[0][1][0] == "Anna Schmidt"
    assert listing.count(listing.Query("contacts", text="zzzzz")) == 0


def test_agenda_lists_overdue_open_items_and_everything_from_today(workspace):
    from datetime import timedelta

    from smeplanner.core.activities import activities
    from smeplanner.core.timeutil import today

    now = today()
    overdue = activities.create(subject="Overdue call", kind="call", due_date=now - timedelta(3))
    activities.create(subject="Done long ago", kind="call", due_date=now - timedelta(3), done=True)
    due_today = activities.create(subject="Today", kind="task", due_date=now, done=True)
    later = activities.create(subject="Next week", kind="meeting", due_date=now + timedelta(7))
    activities.create(subject="Someday", kind="task")  # no date: not on the agenda
    shown = [record_id for record_id, _ in listing.fetch_page(listing.Query("agenda"), 0, 50)]
    assert shown == [overdue.id, due_today.id, later.id]
    assert listing.count(listing.Query("agenda")) == 3


# --- campaigns: closed-loop figures ----------------------------------------------------------

CAMPAIGN_FIGURES = ("spend", "leads", "won_deals", "won_revenue", "roi", "cost_per_lead")


@pytest.fixture
def campaign_rows(workspace) -> dict[str, int]:
    """Five campaigns, created in the order A…E (so their ids rise in that order).

    A: expenses 60.00 + 40.00 = spend 100.00 (counted once over two won deals); leads 3;
       won 500.00 + 250.00 = 750.00 (a lost 1,000.00 deal does not count)
       → ROI (750 − 100) / 100 = 650.0 %, cost per lead 100 / 3 = 33.333… → 33.33
    B: no spend; 1 lead; won 200.00 → ROI None (no spend), cost per lead 0.00
    C: spend 300.00; no leads, no deals → ROI −100.0, cost per lead None
    D: spend 0.03; 2 leads; no deals → ROI −100.0, cost per lead 0.015 → 0.02 (half up)
    E: nothing → spend 0.00, ROI None, cost per lead None
    """
    from smeplanner.core.campaigns import campaigns
    from smeplanner.core.models import PipelineStage

    won = PipelineStage.get(PipelineStage.kind == "won").id
    lost = PipelineStage.get(PipelineStage.kind == "lost").id
    ids = {name: campaigns.create(name=f"Campaign {name}", start_date=date(2026, 1, day),
                                  end_date=date(2026, 1, 20)).id
           for name, day in zip("ABCDE", (5, 1, 3, 2, 4), strict=True)}
    for name, amounts in (("A", ("60.00", "40.00")), ("C", ("300.00",)), ("D", ("0.03",))):
        for amount in amounts:
            campaigns.add_expense(ids[name], spent_on=date(2026, 1, 6), amount=amount)
    for name, leads in (("A", 3), ("B", 1), ("D", 2)):
        for number in range(leads):
            contacts.create(first_name=f"{name}{number}", source_campaign=ids[name])
    for name, amount, stage in (("A", "500.00", won), ("A", "250.00", won),
                                ("A", "1000.00", lost), ("B", "200.00", won)):
        deals.create(title=f"{name} {amount}", amount=Decimal(amount), stage=stage,
                     source_campaign=ids[name])
    return ids


def _campaign_values(query: listing.Query) -> dict[int, dict[str, object]]:
    keys = [column.key for column in listing.LISTINGS["campaigns"].columns]
    return {record_id: {key: values[keys.index(key)] for key in CAMPAIGN_FIGURES}
            for record_id, values in listing.fetch_page(query, 0, 50)}


def test_campaigns_show_spend_leads_deals_won_revenue_roi_and_cost_per_lead(campaign_rows):
    D = Decimal
    shown = _campaign_values(listing.Query("campaigns"))
    assert {name: shown[record_id] for name, record_id in campaign_rows.items()} == {
        "A": {"spend": D("100.00"), "leads": 3, "won_deals": 2, "won_revenue": D("750.00"),
              "roi": D("650.0"), "cost_per_lead": D("33.33")},
        "B": {"spend": D("0.00"), "leads": 1, "won_deals": 1, "won_revenue": D("200.00"),
              "roi": None, "cost_per_lead": D("0.00")},
        "C": {"spend": D("300.00"), "leads": 0, "won_deals": 0, "won_revenue": D("0.00"),
              "roi": D("-100.0"), "cost_per_lead": None},
        "D": {"spend": D("0.03"), "leads": 2, "won_deals": 0, "won_revenue": D("0.00"),
              "roi": D("-100.0"), "cost_per_lead": D("0.02")},
        "E": {"spend": D("0.00"), "leads": 0, "won_deals": 0, "won_revenue": D("0.00"),
              "roi": None, "cost_per_lead": None},
    }


def test_campaign_columns_agree_with_the_attribution_figures(campaign_rows):
    from smeplanner.core import attribution

    shown = _campaign_values(listing.Query("campaigns"))
    figures = {row.campaign_id: {key: getattr(row, key) for key in CAMPAIGN_FIGURES}
               for row in attribution.roi_table()}
    assert shown == figures


@pytest.mark.parametrize(("order_by", "descending", "expected"), [
    # Ties keep id order (reversed when descending); campaigns without a ratio list last.
    ("roi", True, ["A", "D", "C", "E", "B"]),
    ("roi", False, ["C", "D", "A", "B", "E"]),
    ("cost_per_lead", False, ["B", "D", "A", "C", "E"]),
    ("cost_per_lead", True, ["A", "D", "B", "E", "C"]),
    ("leads", True, ["A", "D", "B", "E", "C"]),
    ("won_deals", True, ["A", "B", "E", "D", "C"]),
    ("won_revenue", False, ["C", "D", "E", "B", "A"]),
    ("spend", True, ["C", "A", "D", "E", "B"]),
    ("start", False, ["B", "D", "C", "E", "A"]),
])
@pytest.mark.parametrize("page", [1, 2, 100])
def test_campaigns_sort_by_their_figures_in_sql(campaign_rows, order_by, descending, expected,
                                                page):
    query = listing.Query("campaigns", order_by=order_by, descending=descending)
    by_id = {record_id: name for name, record_id in campaign_rows.items()}
    assert [by_id[record_id] for record_id in _all_pages(query, page)] == expected
    assert [listing.position(query, campaign_rows[name]) for name in expected] == \
        list(range(len(expected)))


def test_a_contacts_source_reads_as_words_for_every_way_in(workspace):
    """Not only campaign channels: a contact from the website, met directly or imported."""
    for channel in ("website", "direct", "import", "referral"):
        contacts.create(first_name=channel, source_channel=channel)
    query = listing.Query("contacts", order_by="name")
    keys = [column.key for column in listing.LISTINGS["contacts"].columns]
    shown = {values[0]: values[keys.index("source")]
             for _id, values in listing.fetch_page(query, 0, 10)}
    assert shown == {"direct": "Direct", "import": "Import", "referral": "Referral",
                     "website": "Website"}
