"""Closed-loop campaign figures: leads, qualified leads, deals, won revenue, spend and ratios.

Every expected number is worked out by hand in the comments next to the fixture.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import count
from typing import Any

import pytest

from smeplanner.core import attribution
from smeplanner.core.attribution import CampaignROI
from smeplanner.core.campaigns import campaigns
from smeplanner.core.errors import NotFoundError, ValidationError
from smeplanner.core.models import Contact, Deal, PipelineStage, db

D = Decimal
_numbers = count(1)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def add_lead(campaign: int | None, stage: str, created: datetime) -> int:
    number = next(_numbers)
    return Contact.create(first_name=f"Lead{number}", email=f"lead{number}@example.com",
                          lifecycle_stage=stage, source_campaign=campaign,
                          created_at=created).id


def add_deal(campaign: int | None, amount: str, status: str, created: datetime,
             closed: date | None = None) -> int:
    """A deal written straight to the table, in the first stage of its status's kind."""
    stage = (PipelineStage.select().where(PipelineStage.kind == status)
             .order_by(PipelineStage.position).first())
    return Deal.create(title=f"Deal {next(_numbers)}", amount=D(amount), stage=stage.id,
                       status=status, source_campaign=campaign, closed_on=closed,
                       created_at=created).id


@pytest.fixture
def fair(workspace) -> dict[str, int]:
    """Five campaigns, created in an order unlike their start order.

    fair (event, budget 5,000.00, start 2026-03-01):
      expenses 1,200.00 (03-02) + 800.00 (03-20) + 500.50 (04-10) = spend 2,500.50
      leads (created, stage): 03-05 lead, 03-10 qualified, 03-15 customer, 04-02 advocate,
        04-05 disqualified, 04-20 opportunity, 05-03 subscriber → 7 leads; qualified:
        qualified, customer, advocate, opportunity = 4 (not lead, disqualified, subscriber)
      deals (created → closed): won 3,000.00 (03-06 → 03-31), won 4,500.25 (03-16 → 04-15),
        won 1,000.00 (04-03 → 05-10), lost 9,999.00 (03-11 → 04-20), open 7,777.00 (04-21)
        → 5 deals, 3 won, won revenue 8,500.25 (lost and open bring none)
      cost per lead 2,500.50 / 7 = 357.2142… → 357.21
      cost per acquisition 2,500.50 / 3 = 833.50
      ROI (8,500.25 − 2,500.50) / 2,500.50 = 5,999.75 / 2,500.50 = 2.399420… → 239.9 %
      revenue per spend 8,500.25 / 2,500.50 = 3.399420… → 3.40
      reach: 20,000 impressions, 640 clicks, 410 visits → CTR 640 / 20,000 = 3.20 %,
        cost per click 2,500.50 / 640 = 3.9070… → 3.91
      A join of expenses and deals would say spend 2,500.50 × 5 = 12,502.50, or won
      revenue 8,500.25 × 3 = 25,500.75: the spend must be counted once.
    blog (content, no budget, no expenses, start 2026-01-15):
      leads: lead, qualified → 2, 1 qualified; one won deal 1,200.00
      spend 0.00 → ROI None, revenue per spend None; cost per lead 0.00 / 2 = 0.00,
      cost per acquisition 0.00 / 1 = 0.00; no reach → CTR and cost per click None
    mailing (email, start 2026-06-01): expense 300.00; no leads, no deals; reach 0 / 0
      → cost per lead and per acquisition None (no divisor), ROI (0 − 300) / 300 = −100.0,
      revenue per spend 0.00, CTR None (0 impressions), cost per click None (0 clicks)
    halves (print, start 2026-02-01): expenses 400.00 + 0.01 = 400.01; two won deals of
      400.01 = 800.02 → ROI (800.02 − 400.01) / 400.01 = 100.0; revenue per spend 2.00;
      cost per acquisition 400.01 / 2 = 200.005 → 200.01 (half up, not to even)
    minus (pr, start 2026-02-01, created after halves): expense 400.00; won 251.00 → ROI
      (251 − 400) / 400 = −37.25 → −37.3 (half away from zero, not −37.2); revenue per
      spend 0.6275 → 0.63; cost per acquisition 400.00
    Not counted anywhere: a contact and a deal with no source campaign.
    """
    ids = {
        "mailing": campaigns.create(name="Summer mailing", channel="email",
                                    start_date=date(2026, 6, 1), end_date=date(2026, 6, 30),
                                    impressions=0, clicks=0).id,
        "fair": campaigns.create(name="Spring fair", channel="event", status="done",
                                 start_date=date(2026, 3, 1), end_date=date(2026, 3, 3),
                                 budget=D("5000.00"), impressions=20_000, clicks=640,
                                 visits=410).id,
        "blog": campaigns.create(name="Blog series", channel="content", status="active",
                                 start_date=date(2026, 1, 15), end_date=date(2026, 12, 31)).id,
        "halves": campaigns.create(name="Flyers", channel="print", start_date=date(2026, 2, 1),
                                   end_date=date(2026, 2, 28)).id,
        "minus": campaigns.create(name="Press day", channel="pr", start_date=date(2026, 2, 1),
                                  end_date=date(2026, 2, 1)).id,
    }
    fair_id = ids["fair"]
    for spent_on, amount in ((date(2026, 3, 2), "1200.00"), (date(2026, 3, 20), "800.00"),
                             (date(2026, 4, 10), "500.50")):
        campaigns.add_expense(fair_id, spent_on=spent_on, amount=amount, vendor="Hall")
    for stage, created in (("lead", utc(2026, 3, 5, 10)), ("qualified", utc(2026, 3, 10, 10)),
                           ("customer", utc(2026, 3, 15, 10)),
                           ("advocate", utc(2026, 4, 2, 10)),
                           ("disqualified", utc(2026, 4, 5, 10)),
                           ("opportunity", utc(2026, 4, 20, 10)),
                           ("subscriber", utc(2026, 5, 3, 10))):
        add_lead(fair_id, stage, created)
    add_deal(fair_id, "3000.00", "won", utc(2026, 3, 6, 10), date(2026, 3, 31))
    add_deal(fair_id, "4500.25", "won", utc(2026, 3, 16, 10), date(2026, 4, 15))
    add_deal(fair_id, "1000.00", "won", utc(2026, 4, 3, 10), date(2026, 5, 10))
    add_deal(fair_id, "9999.00", "lost", utc(2026, 3, 11, 10), date(2026, 4, 20))
    add_deal(fair_id, "7777.00", "open", utc(2026, 4, 21, 10))

    add_lead(ids["blog"], "lead", utc(2026, 2, 1, 10))
    add_lead(ids["blog"], "qualified", utc(2026, 2, 2, 10))
    add_deal(ids["blog"], "1200.00", "won", utc(2026, 2, 3, 10), date(2026, 2, 20))

    campaigns.add_expense(ids["mailing"], spent_on=date(2026, 6, 1), amount="300.00")

    campaigns.add_expense(ids["halves"], spent_on=date(2026, 2, 1), amount="400.00")
    campaigns.add_expense(ids["halves"], spent_on=date(2026, 2, 2), amount="0.01")
    for _ in range(2):
        add_deal(ids["halves"], "400.01", "won", utc(2026, 2, 3, 10), date(2026, 2, 10))

    campaigns.add_expense(ids["minus"], spent_on=date(2026, 2, 1), amount="400.00")
    add_deal(ids["minus"], "251.00", "won", utc(2026, 2, 2, 10), date(2026, 2, 5))

    add_lead(None, "customer", utc(2026, 3, 5, 10))
    add_deal(None, "50000.00", "won", utc(2026, 3, 5, 10), date(2026, 3, 20))
    return ids


def figures(row: CampaignROI) -> dict[str, Any]:
    keys = ("spend", "leads", "qualified_leads", "deals", "won_deals", "won_revenue",
            "cost_per_lead", "cost_per_acquisition", "roi", "revenue_per_spend",
            "click_through_rate", "cost_per_click")
    return {key: getattr(row, key) for key in keys}


def test_several_won_deals_and_expenses_count_the_spend_once(fair):
    row = attribution.campaign_roi(fair["fair"])
    assert (row.campaign_id, row.name, row.channel, row.status) == (
        fair["fair"], "Spring fair", "event", "done")
    assert (row.start, row.end, row.budget) == (date(2026, 3, 1), date(2026, 3, 3),
                                                D("5000.00"))
    assert (row.impressions, row.clicks, row.visits) == (20_000, 640, 410)
    assert figures(row) == {
        "spend": D("2500.50"), "leads": 7, "qualified_leads": 4, "deals": 5, "won_deals": 3,
        "won_revenue": D("8500.25"), "cost_per_lead": D("357.21"),
        "cost_per_acquisition": D("833.50"), "roi": D("239.9"),
        "revenue_per_spend": D("3.40"), "click_through_rate": D("3.20"),
        "cost_per_click": D("3.91")}


@pytest.mark.parametrize(("name", "expected"), [
    ("blog", {"spend": D("0.00"), "leads": 2, "qualified_leads": 1, "deals": 1,
              "won_deals": 1, "won_revenue": D("1200.00"), "cost_per_lead": D("0.00"),
              "cost_per_acquisition": D("0.00"), "roi": None, "revenue_per_spend": None,
              "click_through_rate": None, "cost_per_click": None}),
    ("mailing", {"spend": D("300.00"), "leads": 0, "qualified_leads": 0, "deals": 0,
                 "won_deals": 0, "won_revenue": D("0.00"), "cost_per_lead": None,
                 "cost_per_acquisition": None, "roi": D("-100.0"),
                 "revenue_per_spend": D("0.00"), "click_through_rate": None,
                 "cost_per_click": None}),
    ("halves", {"spend": D("400.01"), "leads": 0, "qualified_leads": 0, "deals": 2,
                "won_deals": 2, "won_revenue": D("800.02"), "cost_per_lead": None,
                "cost_per_acquisition": D("200.01"), "roi": D("100.0"),
                "revenue_per_spend": D("2.00"), "click_through_rate": None,
                "cost_per_click": None}),
    ("minus", {"spend": D("400.00"), "leads": 0, "qualified_leads": 0, "deals": 1,
               "won_deals": 1, "won_revenue": D("251.00"), "cost_per_lead": None,
               "cost_per_acquisition": D("400.00"), "roi": D("-37.3"),
               "revenue_per_spend": D("0.63"), "click_through_rate": None,
               "cost_per_click": None}),
])
def test_zero_divisors_give_none_and_ratios_round_half_away_from_zero(fair, name, expected):
    assert figures(attribution.campaign_roi(fair[name])) == expected


def test_ratios_have_their_stated_places(fair):
    row = attribution.campaign_roi(fair["halves"])
    # 100.0 and 2.00, not 100 and 2: the places tell the UI how to show them.
    assert row.roi.as_tuple().exponent == -1
    assert row.revenue_per_spend.as_tuple().exponent == -2
    assert row.cost_per_acquisition.as_tuple().exponent == -2


def test_roi_table_lists_every_campaign_in_start_order_with_the_same_figures(fair):
    table = attribution.roi_table()
    # Start dates: blog 01-15, halves 02-01, minus 02-01 (created later: higher id),
    # fair 03-01, mailing 06-01.
    assert [row.campaign_id for row in table] == [
        fair[name] for name in ("blog", "halves", "minus", "fair", "mailing")]
    assert table == [attribution.campaign_roi(row.campaign_id) for row in table]


def test_roi_table_reads_all_campaigns_in_four_queries(fair, monkeypatch):
    seen: list[str] = []
    real = db.execute_sql

    def spy(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        seen.append(sql)
        return real(sql, params, *args, **kwargs)

    monkeypatch.setattr(db, "execute_sql", spy)
    assert len(attribution.roi_table()) == 5
    assert len(seen) == 4  # contacts, deals, expenses, campaigns: never one per campaign


def test_a_campaign_with_nothing_yet_has_zeros_and_no_ratios(workspace):
    empty = campaigns.create(name="Idea", start_date=date(2026, 9, 1),
                             end_date=date(2026, 9, 2), impressions=1000)
    row = attribution.campaign_roi(empty.id)
    assert figures(row) == {
        "spend": D("0.00"), "leads": 0, "qualified_leads": 0, "deals": 0, "won_deals": 0,
        "won_revenue": D("0.00"), "cost_per_lead": None, "cost_per_acquisition": None,
        "roi": None, "revenue_per_spend": None, "click_through_rate": None,
        "cost_per_click": None}  # impressions without clicks: no rate
    assert attribution.roi_table() == [row]


# --- periods ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("first", "last", "expected"), [
    # April: leads 04-02 advocate, 04-05 disqualified, 04-20 opportunity → 3, 2 qualified;
    # deals created 04-03 (won) and 04-21 (open) → 2; won and closed in April: 4,500.25
    # (04-15; the lost one closed 04-20 brings nothing); spend 500.50 (04-10).
    # 500.50 / 3 = 166.833… → 166.83; ROI (4,500.25 − 500.50) / 500.50 = 7.99150… → 799.2;
    # revenue per spend 4,500.25 / 500.50 = 8.99150… → 8.99. No cost per click in a period.
    (date(2026, 4, 1), date(2026, 4, 30),
     {"spend": D("500.50"), "leads": 3, "qualified_leads": 2, "deals": 2, "won_deals": 1,
      "won_revenue": D("4500.25"), "cost_per_lead": D("166.83"),
      "cost_per_acquisition": D("500.50"), "roi": D("799.2"),
      "revenue_per_spend": D("8.99"), "click_through_rate": D("3.20"),
      "cost_per_click": None}),
    # From May on: lead 05-03 subscriber → 1, 0 qualified; no deal created; won 1,000.00
    # (closed 05-10); no spend → ROI None, cost per lead and per acquisition 0.00.
    ("2026-05-01", None,
     {"spend": D("0.00"), "leads": 1, "qualified_leads": 0, "deals": 0, "won_deals": 1,
      "won_revenue": D("1000.00"), "cost_per_lead": D("0.00"),
      "cost_per_acquisition": D("0.00"), "roi": None, "revenue_per_spend": None,
      "click_through_rate": D("3.20"), "cost_per_click": None}),
    # Up to March: leads 03-05, 03-10, 03-15 → 3, 2 qualified; deals created 03-06, 03-11,
    # 03-16 → 3; won by 03-31: 3,000.00; spend 1,200.00 + 800.00 = 2,000.00 →
    # 2,000 / 3 = 666.67, ROI (3,000 − 2,000) / 2,000 = 50.0, revenue per spend 1.50.
    (None, date(2026, 3, 31),
     {"spend": D("2000.00"), "leads": 3, "qualified_leads": 2, "deals": 3, "won_deals": 1,
      "won_revenue": D("3000.00"), "cost_per_lead": D("666.67"),
      "cost_per_acquisition": D("2000.00"), "roi": D("50.0"),
      "revenue_per_spend": D("1.50"), "click_through_rate": D("3.20"),
      "cost_per_click": None}),
    # A day with nothing on it.
    (date(2026, 3, 1), date(2026, 3, 1),
     {"spend": D("0.00"), "leads": 0, "qualified_leads": 0, "deals": 0, "won_deals": 0,
      "won_revenue": D("0.00"), "cost_per_lead": None, "cost_per_acquisition": None,
      "roi": None, "revenue_per_spend": None, "click_through_rate": D("3.20"),
      "cost_per_click": None}),
])
def test_a_period_counts_only_what_happened_in_it(fair, first, last, expected):
    assert figures(attribution.campaign_roi(fair["fair"], first, last)) == expected
    by_id = {row.campaign_id: row for row in attribution.roi_table(first, last)}
    assert figures(by_id[fair["fair"]]) == expected


def test_a_period_in_the_table_applies_to_every_campaign(fair):
    # February: blog's leads (02-01, 02-02) and won deal (02-20); halves' and minus's
    # expenses and won deals; nothing of fair or mailing.
    by_id = {row.campaign_id: row for row in attribution.roi_table(date(2026, 2, 1),
                                                                   date(2026, 2, 28))}
    assert len(by_id) == 5  # every campaign is listed, with or without figures
    assert [(by_id[fair[name]].leads, by_id[fair[name]].won_revenue, by_id[fair[name]].spend)
            for name in ("blog", "halves", "minus", "fair", "mailing")] == [
        (2, D("1200.00"), D("0.00")), (0, D("800.02"), D("400.01")),
        (0, D("251.00"), D("400.00")), (0, D("0.00"), D("0.00")),
        (0, D("0.00"), D("0.00"))]


@pytest.fixture
def in_zone(monkeypatch):
    """Call with a zone name to run the rest of the test in that local time zone."""
    with monkeypatch.context() as patch:
        def use(zone: str) -> None:
            patch.setenv("TZ", zone)
            time.tzset()
        yield use
    time.tzset()


def test_a_period_is_made_of_local_days(workspace, in_zone):
    in_zone("Europe/Berlin")  # UTC+2 in April and May (summer time)
    campaign = campaigns.create(name="Night owls", start_date=date(2026, 4, 1),
                                end_date=date(2026, 4, 30)).id
    add_lead(campaign, "lead", utc(2026, 3, 31, 22, 30))  # 1 April, 00:30 in Berlin: in
    add_lead(campaign, "lead", utc(2026, 3, 31, 21, 59))  # 31 March, 23:59: out
    add_lead(campaign, "lead", utc(2026, 4, 30, 21, 59))  # 30 April, 23:59: in
    add_lead(campaign, "lead", utc(2026, 4, 30, 22, 0))   # 1 May, 00:00: out
    assert attribution.campaign_roi(campaign, date(2026, 4, 1), date(2026, 4, 30)).leads == 2
    assert attribution.campaign_roi(campaign).leads == 4


def test_a_reversed_period_or_a_bad_date_names_the_field(fair):
    with pytest.raises(ValidationError) as raised:
        attribution.campaign_roi(fair["fair"], date(2026, 4, 2), date(2026, 4, 1))
    assert raised.value.field == "last"
    with pytest.raises(ValidationError) as raised:
        attribution.roi_table("April")
    assert raised.value.field == "first"


def test_an_unknown_campaign_is_not_found(workspace):
    with pytest.raises(NotFoundError):
        attribution.campaign_roi(9999)


def test_qualified_means_qualified_or_further_along_the_funnel():
    assert attribution.QUALIFIED_STAGES == ("qualified", "opportunity", "customer", "advocate")
