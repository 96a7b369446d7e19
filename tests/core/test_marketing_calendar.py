"""The marketing calendar's items: campaign bars, offer conflicts, deliverable chips."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from playhouse.test_utils import count_queries

from smeplanner.core import deliverables
from smeplanner.core.activities import activities
from smeplanner.core.campaigns import campaigns
from smeplanner.core.marketing_calendar import (
    CampaignBar,
    DeliverableChip,
    items_between,
    offer_conflicts,
)
from smeplanner.core.products import products

MAR_1, MAR_31 = date(2026, 3, 1), date(2026, 3, 31)


@pytest.fixture
def plan(workspace) -> dict[str, int]:
    """Campaigns around March 2026 (offer window, products):

    A  email      1-31 Mar   offer 5-15 Mar  on P1        clashes with B on P1 (14-15 Mar)
    B  social     10 Mar-10 Apr  offer 14-20 Mar on P1, P2
    C  print      1-28 Feb   offer 1-10 Feb  on P2        K overlaps it on P2, but K is
    K  event      5 Feb-1 Mar offer 5-8 Feb  on P2        cancelled: no clash
    E  other      1-30 Apr   offer 1-5 Apr   on P3        clashes with F on P3 (5 Apr)
    F  paid_ads   3-10 Apr   offer 5-8 Apr   on P3
    G  content    31 Mar-2 Apr, no offer
    L  pr         1 Jan-28 Feb, no offer
    """
    p1, p2, p3 = (products.create(name=name, price="10").id for name in ("P1", "P2", "P3"))

    def campaign(name, channel, status, start, end, offer=None, pct=None, on=()):
        offer_start, offer_end = offer or (None, None)
        made = campaigns.create(name=name, channel=channel, status=status, start_date=start,
                                end_date=end, offer_start=offer_start, offer_end=offer_end,
                                offer_discount_pct=pct)
        campaigns.set_offer_products(made.id, on)
        return made.id

    return {
        "L": campaign("L", "pr", "done", "2026-01-01", "2026-02-28"),
        "C": campaign("C", "print", "done", "2026-02-01", "2026-02-28",
                      ("2026-02-01", "2026-02-10"), "5", [p2]),
        "K": campaign("K", "event", "cancelled", "2026-02-05", "2026-03-01",
                      ("2026-02-05", "2026-02-08"), "20", [p2]),
        "A": campaign("A", "email", "planned", "2026-03-01", "2026-03-31",
                      ("2026-03-05", "2026-03-15"), "10", [p1]),
        "B": campaign("B", "social", "active", "2026-03-10", "2026-04-10",
                      ("2026-03-14", "2026-03-20"), "15", [p1, p2]),
        "G": campaign("G", "content", "planned", "2026-03-31", "2026-04-02"),
        "E": campaign("E", "other", "planned", "2026-04-01", "2026-04-30",
                      ("2026-04-01", "2026-04-05"), "10", [p3]),
        "F": campaign("F", "paid_ads", "planned", "2026-04-03", "2026-04-10",
                      ("2026-04-05", "2026-04-08"), "12.5", [p3]),
    }


@pytest.mark.parametrize(("first", "last", "clashing"), [
    (MAR_1, MAR_31, {"A", "B"}),
    # B's offer is shown; A's (ended 15 Mar) is not, but it still clashes with B's.
    (date(2026, 3, 16), MAR_31, {"B"}),
    # C and K share P2 on 5-8 Feb, but K was cancelled.
    (date(2026, 2, 1), date(2026, 2, 28), set()),
    # Only F's offer meets 6 April; the day they share (5 April) is outside the range.
    (date(2026, 4, 6), date(2026, 4, 6), {"F"}),
    (date(2026, 4, 1), date(2026, 4, 30), {"E", "F"}),
    (date(2026, 5, 1), date(2026, 5, 31), set()),
])
def test_offer_conflicts(plan, first, last, clashing):
    assert offer_conflicts(first, last) == {plan[name] for name in clashing}


def test_campaign_bars_of_march(plan):
    items = items_between(MAR_1, MAR_31)
    assert (items.first, items.last) == (MAR_1, MAR_31)
    assert items.campaigns == [
        CampaignBar(plan["K"], "K", "event", "cancelled", date(2026, 2, 5), MAR_1,
                    date(2026, 2, 5), date(2026, 2, 8), Decimal("20"), False),
        CampaignBar(plan["A"], "A", "email", "planned", MAR_1, MAR_31, date(2026, 3, 5),
                    date(2026, 3, 15), Decimal("10"), True),
        CampaignBar(plan["B"], "B", "social", "active", date(2026, 3, 10), date(2026, 4, 10),
                    date(2026, 3, 14), date(2026, 3, 20), Decimal("15"), True),
        CampaignBar(plan["G"], "G", "content", "planned", MAR_31, date(2026, 4, 2), None, None,
                    None, False),
    ]


def test_bars_are_ordered_by_start_then_id(plan):
    same_start = campaigns.create(name="Z", start_date="2026-03-01", end_date="2026-03-02").id
    assert [bar.name for bar in items_between(MAR_1, MAR_1).campaigns] == ["K", "A", "Z"]
    assert same_start > plan["A"]


def test_deliverable_chips_of_march(plan):
    a, b = plan["A"], plan["B"]
    draft = deliverables.add_deliverable(a, title="Newsletter draft", kind="newsletter",
                                         day="2026-03-02", stage="done")
    post = deliverables.add_deliverable(b, title="Reel", kind="video", day="2026-03-31",
                                        stage="scheduled", owner="agency")
    deliverables.add_deliverable(plan["K"], title="Booth", kind="event", day="2026-02-20")
    deliverables.add_deliverable(a, title="Next month", kind="post", day="2026-04-01")
    ad = deliverables.add_deliverable(b, title="Ad set", kind="ad", day="2026-03-02")
    loose = activities.create(kind="deliverable", subject="Shop window", role="marketing",
                              due_date="2026-03-15").id
    activities.create(kind="task", subject="Pay the printer", due_date="2026-03-10", campaign=a)
    activities.create(kind="meeting", subject="Agency briefing", due_date="2026-03-11",
                      role="marketing", campaign=b)

    assert items_between(MAR_1, MAR_31).deliverables == [
        DeliverableChip(draft, a, "Newsletter draft", "newsletter", date(2026, 3, 2), "done",
                        True, "me", "email"),
        DeliverableChip(ad, b, "Ad set", "ad", date(2026, 3, 2), "idea", False, "me", "social"),
        DeliverableChip(loose, None, "Shop window", "other", date(2026, 3, 15), "idea", False,
                        "me", ""),
        DeliverableChip(post, b, "Reel", "video", MAR_31, "scheduled", False, "agency",
                        "social"),
    ]


def test_a_range_is_read_in_three_queries(plan):
    deliverables.add_series(plan["A"], title="Post", kind="post", rrule="FREQ=DAILY;COUNT=20",
                            start=MAR_1)
    with count_queries() as counter:
        items = items_between(MAR_1, date(2026, 4, 5))
    assert counter.count == 3
    assert len(items.deliverables) == 20
    assert [bar.name for bar in items.campaigns] == ["K", "A", "B", "G", "E", "F"]


def test_an_empty_workspace_and_a_reversed_range(workspace):
    items = items_between(MAR_1, MAR_31)
    assert (items.campaigns, items.deliverables) == ([], [])
    assert offer_conflicts(MAR_1, MAR_31) == set()
    with pytest.raises(ValueError, match="before it starts"):
        items_between(MAR_31, MAR_1)


def test_offer_conflicts_match_a_brute_force_check(workspace):
    """Random offers, compared with the definition checked pair by pair in Python."""
    import random

    rng = random.Random(7)
    product_ids = [products.create(name=f"P{n}", price="1").id for n in range(4)]
    offers: dict[int, tuple[date, date, set[int], bool]] = {}
    for number in range(60):
        start = date(2026, 1, 1).toordinal() + rng.randrange(120)
        offer_start = date.fromordinal(start + rng.randrange(10))
        offer_end = date.fromordinal(offer_start.toordinal() + rng.randrange(15))
        on = set(rng.sample(product_ids, rng.randrange(0, 3)))
        status = "cancelled" if rng.random() < 0.15 else "planned"
        made = campaigns.create(name=f"C{number}", status=status,
                                start_date=date.fromordinal(start),
                                end_date=date.fromordinal(start + 30),
                                offer_start=offer_start, offer_end=offer_end,
                                offer_discount_pct="10")
        campaigns.set_offer_products(made.id, on)
        offers[made.id] = (offer_start, offer_end, on, status == "cancelled")

    def expected(first: date, last: date) -> set[int]:
        return {cid for cid, (start, end, on, cancelled) in offers.items()
                if not cancelled and start <= last and end >= first and any(
                    other != cid and not o_cancelled and on & o_on
                    and start <= o_end and o_start <= end
                    for other, (o_start, o_end, o_on, o_cancelled) in offers.items())}

    checked = 0
    for _ in range(25):
        first = date.fromordinal(date(2026, 1, 1).toordinal() + rng.randrange(150))
        last = date.fromordinal(first.toordinal() + rng.randrange(40))
        want = expected(first, last)
        assert offer_conflicts(first, last) == want, (first, last)
        checked += len(want)
    assert checked > 25  # the layouts did clash, so the comparison meant something
