"""The pipeline board: columns, totals, the marks on cards, and the deal list's filters that
share those marks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from smeplanner.core import board, listing, pipeline
from smeplanner.core.activities import activities
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals
from smeplanner.core.errors import ValidationError
from smeplanner.core.models import Deal
from smeplanner.core.products import products
from smeplanner.core.timeutil import today, utcnow


@pytest.fixture
def stages(workspace):
    return {stage.name: stage.id for stage in pipeline.list_stages()}


def entered(deal_id: int, days_ago: int) -> None:
    Deal.update(stage_entered_at=utcnow() - timedelta(days=days_ago)).where(
        Deal.id == deal_id).execute()


def column(columns, name):
    return next(c for c in columns if c.stage.name == name)


def test_columns_follow_the_stages_with_count_amount_and_weighted_totals(workspace, stages):
    deals.create(title="A", stage=stages["Prospect"], amount="1000", next_step="Call")
    deals.create(title="B", stage=stages["Prospect"], amount="250.50",
                 probability_override=40, next_step="Visit")
    deals.create(title="C", stage=stages["Negotiation"], amount="99.99", next_step="Sign")
    columns = board.load_board()
    assert [c.stage.name for c in columns] == [s.name for s in pipeline.list_stages()]
    prospect = column(columns, "Prospect")
    # Prospect is 10 %: 1000 × 10 % = 100.00; B overrides with 40 %: 250.50 × 40 % = 100.20.
    assert (prospect.count, prospect.amount, prospect.weighted) \
        == (2, Decimal("1250.50"), Decimal("200.20"))
    # Negotiation is 75 %: 99.99 × 0.75 = 74.9925 → 74.99.
    assert column(columns, "Negotiation").weighted == Decimal("74.99")
    assert column(columns, "Qualified").count == 0


def test_won_and_lost_columns_hold_this_months_closed_deals_only(workspace, stages):
    recent = deals.create(title="Recent", stage=stages["Won"], closed_on=today())
    deals.create(title="Old", stage=stages["Won"], closed_on=today() - timedelta(days=70))
    lost = deals.create(title="Gone", stage=stages["Lost"], closed_on=today(),
                        close_reason="Price")
    columns = board.load_board()
    assert [card.id for card in column(columns, "Won").cards] == [recent.id]
    assert [card.id for card in column(columns, "Lost").cards] == [lost.id]


def test_cards_are_ordered_by_expected_close_with_undated_last(workspace, stages):
    late = deals.create(title="Late", expected_close=date(2031, 5, 1))
    undated = deals.create(title="Undated")
    soon = deals.create(title="Soon", expected_close=date(2031, 1, 1))
    assert [c.id for c in column(board.load_board(), "Prospect").cards] \
        == [soon.id, late.id, undated.id]


def test_overdue_and_no_next_step_marks(workspace, stages):
    overdue = deals.create(title="Overdue", expected_close=today() - timedelta(days=1),
                           next_step="Call")
    bare = deals.create(title="Bare", expected_close=today())
    planned = deals.create(title="Planned")
    activities.create(subject="Demo", kind="meeting", deal=planned.id, due_date=today())
    cards = {c.id: c for c in column(board.load_board(), "Prospect").cards}
    assert (cards[overdue.id].overdue, cards[overdue.id].no_next_step) == (True, False)
    assert (cards[bare.id].overdue, cards[bare.id].no_next_step) == (False, True)
    assert cards[planned.id].no_next_step is False  # an open activity is a next step


def test_stale_when_untouched_longer_than_the_stage_rotting_days(workspace, stages):
    pipeline.update_stage(stages["Prospect"], rotting_days=10)
    fresh = deals.create(title="Fresh", next_step="x")
    old = deals.create(title="Old", next_step="x")
    revived = deals.create(title="Revived", next_step="x")
    for deal_id in (old.id, revived.id):
        entered(deal_id, 30)
    entered(fresh.id, 9)
    call = activities.create(subject="Call", kind="call", deal=revived.id, due_date=today())
    activities.set_done(call.id)
    cards = {c.id: c for c in column(board.load_board(), "Prospect").cards}
    assert (cards[fresh.id].stale, cards[old.id].stale, cards[revived.id].stale) \
        == (False, True, False)
    assert cards[old.id].days_in_stage == 30
    pipeline.update_stage(stages["Prospect"], rotting_days=None)
    assert not any(c.stale for c in column(board.load_board(), "Prospect").cards)


def test_the_lists_filters_find_the_same_deals_the_board_marks(workspace, stages):
    pipeline.update_stage(stages["Qualified"], rotting_days=5)
    grinder = products.create(name="Grinder", price="300")
    stale = deals.create(title="Stale", stage=stages["Qualified"], amount="500",
                         next_step="x", expected_close=today() - timedelta(days=3))
    entered(stale.id, 6)
    small = deals.create(title="Small", amount="50", expected_close=today())
    big = deals.create(title="Big", next_step="x")
    deals.set_lines(big.id, [{"product": grinder.id, "quantity": 10}])
    deals.create(title="Lost one", stage=stages["Lost"], amount="800")

    def ids(**filters):
        query = listing.Query("deals", filters=tuple(filters.items()))
        return sorted(row_id for row_id, _ in listing.fetch_page(query, 0, 100))

    assert ids(stale=True) == [stale.id]
    assert ids(no_next_step=True) == [small.id]
    assert ids(closing="overdue") == [stale.id]
    assert small.id in ids(closing="this_month") and big.id not in ids(closing="this_month")
    assert ids(product=grinder.id) == [big.id]
    assert ids(amount_min="100", amount_max="600") == [stale.id]
    assert ids(amount_min="3000") == [big.id]  # 10 × 300 from its line
    assert len(ids(status="lost")) == 1


def test_a_bad_amount_filter_names_the_field(workspace):
    with pytest.raises(ValidationError) as caught:
        listing.Query("deals", filters=(("amount_min", "lots"),))
    assert caught.value.field == "amount_min"


def test_the_board_takes_the_lists_search_and_filters(workspace, stages):
    anna = contacts.create(first_name="Anna", last_name="Schmidt")
    mine = deals.create(title="Roaster for Anna", contact=anna.id, amount="5000")
    deals.create(title="Other", amount="10")
    where, params = listing.where_clause(listing.Query("deals", text="roaster"))
    assert [c.id for c in column(board.load_board(where, params), "Prospect").cards] == [mine.id]
    where, params = listing.where_clause(listing.Query("deals",
                                                       filters=(("amount_min", "100"),)))
    cards = column(board.load_board(where, params), "Prospect").cards
    assert [(c.title, c.contact) for c in cards] == [("Roaster for Anna", "Anna Schmidt")]


def test_days_in_stage_counts_from_entering_it(workspace):
    deal = deals.create(title="X")
    now = datetime(2030, 3, 10, 12, tzinfo=UTC)
    Deal.update(stage_entered_at=datetime(2030, 3, 1, 13, tzinfo=UTC)).where(
        Deal.id == deal.id).execute()
    [card] = [c for col in board.load_board(now=now) for c in col.cards]
    assert card.days_in_stage == 8  # 8 days 23 hours
