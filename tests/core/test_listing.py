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
