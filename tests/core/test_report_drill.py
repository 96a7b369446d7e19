"""Report drill-downs: the records behind a bar are exactly those its figure counted.

One small workspace for March 2026 (UTC); the comments by the fixture say which records each
bar holds. Each test compares the drill list's ids with that and its ``total`` with the figure.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import count
from types import SimpleNamespace

import pytest

from smeplanner.core import metrics
from smeplanner.core.errors import ValidationError
from smeplanner.core.models import (
    Activity,
    Campaign,
    CampaignExpense,
    Company,
    Contact,
    Deal,
    DealLine,
    LifecycleChange,
    PipelineStage,
    Product,
)
from smeplanner.core.reports.customers import activity_mix, customer_summary, segments
from smeplanner.core.reports.drill import DrillRow, drill
from smeplanner.core.reports.marketing import campaign_returns, funnel, lead_sources
from smeplanner.core.reports.period import ReportPeriod
from smeplanner.core.reports.sales import close_rates, lost_reasons, revenue_trend

D = Decimal
_names = count(1)
MARCH = ReportPeriod(date(2026, 3, 1), date(2026, 3, 31), "month")
TODAY = date(2026, 3, 16)


@pytest.fixture(autouse=True)
def _utc(monkeypatch):
    with monkeypatch.context() as patch:
        patch.setenv("TZ", "UTC")
        time.tzset()
        yield
    time.tzset()


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def stage_id(name: str) -> int:
    return PipelineStage.get(PipelineStage.name == name).id


def deal(amount: str, stage: str, **fields) -> int:
    kind = PipelineStage.get_by_id(stage_id(stage)).kind
    return Deal.create(title=f"Deal {next(_names)}", amount=D(amount), stage=stage_id(stage),
                       status=kind, created_at=utc(2026, 1, 1), **fields).id


def person(first_name: str, created: datetime, **fields) -> int:
    return Contact.create(first_name=first_name, created_at=created, **fields).id


def activity(at: datetime | None, kind: str = "call", role: str = "sales") -> int:
    return Activity.create(subject=kind, kind=kind, role=role, due_date=date(2026, 3, 1),
                           done=at is not None, done_at=at).id


@pytest.fixture
def world(workspace, monkeypatch):
    # The drill's "today" (forecast's current month, untouched customers) is 16 March 2026.
    monkeypatch.setattr("smeplanner.core.reports.drill.local_today", lambda: TODAY)
    acme = Company.create(name="Acme", industry="Retail", size_band="10-49", region="",
                          country="DE").id
    beta = Company.create(name="Beta", industry="", size_band="1", region="Bavaria",
                          country="DE").id
    spring = Campaign.create(name="Spring mail", start_date=date(2026, 3, 1),
                             end_date=date(2026, 3, 31)).id
    old = Campaign.create(name="Old", start_date=date(2026, 1, 1), end_date=date(2026, 1, 31)).id
    CampaignExpense.create(campaign=spring, spent_on=date(2026, 3, 3), amount=D("200"))
    CampaignExpense.create(campaign=old, spent_on=date(2026, 1, 3), amount=D("900"))
    # Contacts created in March: ann, bob, cid (+ eve on the 31st); dan in February.
    ann = person("Ann", utc(2026, 3, 2), company=acme, source_channel="email",
                 source_campaign=spring, lifecycle_stage="customer")          # untouched
    bob = person("Bob", utc(2026, 3, 5), source_channel="")
    cid = person("Cid", utc(2026, 3, 10), source_channel="email", source_campaign=spring)
    dan = person("Dan", utc(2026, 2, 20), source_channel="email", lifecycle_stage="advocate",
                 last_touch_at=utc(2026, 3, 1))                              # touched
    eve = person("Eve", utc(2026, 3, 31, 12), source_channel="website",
                 lifecycle_stage="customer", last_touch_at=utc(2025, 12, 1))  # untouched
    # Funnel moves in March: ann lead → customer, bob lead, cid opportunity (dan: February).
    # subscriber 3, lead 3, qualified 2 (ann, cid), opportunity 2, customer 1, advocate 0.
    for who, before, after, day in ((ann, None, "lead", 2), (ann, "lead", "customer", 20),
                                    (bob, None, "lead", 5), (cid, "lead", "opportunity", 12)):
        LifecycleChange.create(contact=who, from_stage=before, to_stage=after,
                               changed_at=utc(2026, 3, day))
    LifecycleChange.create(contact=dan, from_stage="customer", to_stage="advocate",
                           changed_at=utc(2026, 2, 25))
    widget = Product.create(name="Widget", price=D("500"), unit_cost=D("100")).id
    d1 = deal("1000", "Won", closed_on=date(2026, 3, 10), company=acme, contact=ann,
              source_campaign=spring)
    d2 = deal("400", "Won", closed_on=date(2026, 3, 20), contact=bob)
    d3 = deal("300", "Lost", closed_on=date(2026, 3, 15), company=beta, close_reason="Price")
    d4 = deal("50", "Lost", closed_on=date(2026, 3, 25), company=acme, close_reason="  ")
    d5 = deal("700", "Won", closed_on=date(2026, 2, 10), company=acme, source_campaign=spring)
    d6 = deal("600", "Proposal", expected_close=date(2026, 4, 5), company=beta)
    d7 = deal("100", "Prospect")                                          # undated
    d8 = deal("80", "Prospect", expected_close=date(2026, 2, 1))          # overdue
    d9 = deal("5000", "Won", closed_on=date(2026, 4, 2), contact=cid, source_campaign=spring)
    DealLine.create(deal=d1, product=widget, quantity=D("2"), unit_price=D("500"))
    DealLine.create(deal=d2, description="Setup", unit_price=D("400"))
    DealLine.create(deal=d5, product=widget, quantity=D("1"), unit_price=D("700"))  # February
    DealLine.create(deal=d6, product=widget, quantity=D("1"), unit_price=D("600"))  # open
    # Activities: Monday weeks 23 Feb (cut to 1 March), 2 Mar, …; calls a1 and a3.
    a1 = activity(utc(2026, 3, 1, 10))                                    # Sun → week 23 Feb
    a2 = activity(utc(2026, 3, 3, 9), "email", "marketing")               # week 2 Mar
    a3 = activity(utc(2026, 3, 4, 9))                                     # week 2 Mar
    activity(utc(2026, 2, 28, 9))                                         # February
    activity(None)                                                        # not done
    return SimpleNamespace(**{name: value for name, value in locals().items()
                              if name not in ("workspace", "monkeypatch")})


def ids(found) -> set[int]:
    return {row.record_id for row in found.rows}


def test_funnel_stage_lists_the_contacts_it_counted(world):
    stages = {stage.stage: stage.contacts for stage in funnel(MARCH)}
    for stage, expected in (("subscriber", {world.ann, world.bob, world.cid}),
                            ("qualified", {world.ann, world.cid}),
                            ("customer", {world.ann}), ("advocate", set())):
        found = drill("funnel", stage, MARCH)
        assert ids(found) == expected
        assert found.total == stages[stage] == len(expected)
        assert {row.kind for row in found.rows} <= {"contact"}


def test_pipeline_stage_lists_its_open_deals(world):
    counts = {row.stage_id: row.count for row in metrics.pipeline_by_stage()}
    for stage, expected in (("Prospect", {world.d7, world.d8}), ("Proposal", {world.d6})):
        found = drill("pipeline", str(stage_id(stage)), MARCH)
        assert ids(found) == expected
        assert found.total == counts[stage_id(stage)] == len(expected)


def test_forecast_month_lists_won_and_expected_deals(world):
    # March (the current month) takes the undated and overdue open deals; April its own.
    march, april = metrics.forecast(date(2026, 3, 1), 2, today=TODAY)
    for month, gid, expected in ((march, "2026-03", {world.d1, world.d2, world.d7, world.d8}),
                                 (april, "2026-04", {world.d9, world.d6})):
        found = drill("forecast", gid, MARCH)
        assert ids(found) == expected
        assert sum(Deal.get_by_id(i).amount for i in ids(found)) == month.best_case
    assert ids(drill("forecast", "2026-02", MARCH)) == {world.d5}  # past: won only


def test_revenue_month_lists_its_won_deals(world):
    deals = {m.month: m.deals for m in revenue_trend(MARCH)}
    found = drill("revenue", "2026-03", MARCH)
    assert ids(found) == {world.d1, world.d2}
    assert found.total == deals[date(2026, 3, 1)] == 2


def test_lead_source_lists_the_new_contacts_of_a_channel_or_campaign(world):
    sources = lead_sources(MARCH)
    channels = {row.key: row.leads for row in sources.by_channel}
    campaigns = {row.key: row.leads for row in sources.by_campaign}
    for gid, leads, expected in (
            ("channel:email", channels["email"], {world.ann, world.cid}),
            ("channel:", channels[""], {world.bob}),
            ("channel:website", channels["website"], {world.eve}),
            (f"campaign:{world.spring}", campaigns[str(world.spring)], {world.ann, world.cid})):
        found = drill("lead_sources", gid, MARCH)
        assert ids(found) == expected
        assert found.total == leads == len(expected)


def test_campaign_lists_itself_then_its_won_deals(world):
    (row,) = campaign_returns(MARCH)  # Old spent only in January
    found = drill("campaigns", str(world.spring), MARCH)
    assert found.rows[0] == DrillRow("campaign", world.spring, "Spring mail", "Campaign · other")
    assert [(r.kind, r.record_id) for r in found.rows[1:]] == [("deal", world.d1)]
    assert found.total == row.won_deals + 1 == 2


def test_a_campaign_that_is_gone_lists_nothing(world):
    found = drill("campaigns", "9999", MARCH)
    assert (found.rows, found.total) == ([], 0)


def test_close_rate_month_lists_its_won_and_lost_deals(world):
    (march,) = close_rates(MARCH)
    found = drill("close_rates", "month:2026-03", MARCH)
    assert ids(found) == {world.d1, world.d2, world.d3, world.d4}
    assert found.total == march.won + march.lost == 4


def test_a_months_close_rate_lists_only_the_days_of_a_custom_period(world):
    """15–25 March: the March bar counts the deals closed from the 15th, so does its list."""
    period = ReportPeriod(date(2026, 3, 15), date(2026, 3, 25), "custom")
    [march] = close_rates(period)
    found = drill("close_rates", "month:2026-03", period)
    assert found.total == march.won + march.lost
    assert ids(found) == {world.d2, world.d3, world.d4}  # not d1, closed on the 10th


def test_lost_reason_lists_its_lost_deals(world):
    reasons = {row.reason: row.deals for row in lost_reasons(MARCH)}
    for reason, expected in (("Price", {world.d3}), ("No reason given", {world.d4})):
        found = drill("close_rates", f"reason:{reason}", MARCH)
        assert ids(found) == expected
        assert found.total == reasons[reason] == 1


def test_a_reasons_bar_lists_its_deals_whatever_their_detail_or_case(world):
    more = {deal("70", "Lost", closed_on=date(2026, 3, 20),
                 close_reason="price — went with Müller"),
            deal("80", "Lost", closed_on=date(2026, 3, 21), close_reason="PRICE")}
    [price] = [row for row in lost_reasons(MARCH) if row.reason == "Price"]
    found = drill("close_rates", "reason:Price", MARCH)
    assert ids(found) == {world.d3, *more}
    assert found.total == price.deals == 3


def test_product_lists_the_won_deals_with_its_lines(world):
    assert ids(drill("products", f"product:{world.widget}", MARCH)) == {world.d1}
    assert ids(drill("products", "product:none", MARCH)) == {world.d2}


@pytest.mark.parametrize(("dimension", "key", "expected"), [
    ("industry", "Retail", {"d1", "d4"}),
    ("industry", "Not set", {"d3"}),
    ("industry", "No company", {"d2"}),
    ("size_band", "10-49", {"d1", "d4"}),
    ("size_band", "1", {"d3"}),
    ("region", "DE", {"d1", "d4"}),        # Acme: no region, so its country
    ("region", "Bavaria", {"d3"}),
    ("region", "No company", {"d2"}),
])
def test_segment_lists_its_closed_deals(world, dimension, key, expected):
    figure = {s.key: s for s in getattr(segments(MARCH), dimension)}[key]
    found = drill("segments", f"{dimension}:{key}", MARCH)
    assert ids(found) == {getattr(world, name) for name in expected}
    assert found.total == figure.won + figure.lost == len(expected)


def test_purchase_bucket_lists_the_won_deals_of_its_buyers(world):
    # Up to 31 March: Acme bought twice (d1, d5), Bob once (d2); d9 is April's.
    summary = customer_summary(MARCH, TODAY)
    assert dict(summary.purchases) == {"1": 1, "2": 1, "3": 0, "4": 0, "5+": 0}
    assert ids(drill("customers", "purchases:1", MARCH)) == {world.d2}
    assert ids(drill("customers", "purchases:2", MARCH)) == {world.d1, world.d5}
    assert drill("customers", "purchases:5+", MARCH).total == 0


def test_untouched_lists_the_customers_counted(world):
    found = drill("customers", "untouched", MARCH)
    assert ids(found) == {world.ann, world.eve}
    assert found.total == customer_summary(MARCH, TODAY).untouched == 2


def test_activity_week_and_kind_list_the_activities_counted(world):
    mix = activity_mix(MARCH)
    weeks = {w.week_start.isoformat(): w.sales + w.marketing for w in mix.weeks}
    for gid, expected in (("week:2026-02-23", {world.a1}),   # cut to the period
                          ("week:2026-03-02", {world.a2, world.a3})):
        found = drill("activity_mix", gid, MARCH)
        assert ids(found) == expected
        assert found.total == weeks[gid[5:]] == len(expected)
    found = drill("activity_mix", "kind:call", MARCH)
    assert ids(found) == {world.a1, world.a3}
    assert found.total == sum(mix.by_kind["call"]) == 2


def test_an_activitys_done_day_is_the_local_day(world, monkeypatch):
    """Done at 23:30 UTC on 3 March is 00:30 on 4 March in Berlin: the list says the 4th."""
    from smeplanner.core.models import Activity

    Activity.update(done_at=utc(2026, 3, 3, 23, 30)).where(Activity.id == world.a2).execute()
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    [row] = [row for row in drill("activity_mix", "week:2026-03-02", MARCH).rows
             if row.record_id == world.a2]
    assert row.detail.endswith("done 2026-03-04")


# --- limits and errors -----------------------------------------------------------------------

@pytest.mark.parametrize(("chart", "gid", "first", "total"), [
    ("revenue", "2026-03", "d1", 2),             # deals: largest amount first
    ("funnel", "subscriber", "ann", 3),          # contacts: by name
    ("activity_mix", "kind:call", "a3", 2),      # activities: latest first
    ("campaigns", "spring", "spring", 2),        # the campaign's own row first
])
def test_limit_caps_the_rows_not_the_total(world, chart, gid, first, total):
    gid = str(world.spring) if gid == "spring" else gid
    found = drill(chart, gid, MARCH, limit=1)
    assert [row.record_id for row in found.rows] == [getattr(world, first)]
    assert found.total == total


def test_unknown_chart_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        drill("weather", "x", MARCH)
    assert caught.value.field == "chart"


@pytest.mark.parametrize(("chart", "gid"), [
    ("funnel", "disqualified"),
    ("funnel", "nobody"),
    ("pipeline", "abc"),
    ("forecast", "2026-13"),
    ("revenue", "March"),
    ("lead_sources", "campaign:abc"),
    ("campaigns", "spring"),
    ("close_rates", "month:soon"),
    ("close_rates", "bogus"),
    ("products", "product:abc"),
    ("segments", "planet:Mars"),
    ("customers", "purchases:9"),
    ("customers", "purchases"),
    ("activity_mix", "week:someday"),
])
def test_malformed_gid_is_a_validation_error(world, chart, gid):
    with pytest.raises(ValidationError):
        drill(chart, gid, MARCH)


def test_segment_names_with_tabs_and_line_breaks_drill_like_the_chart(world):
    gamma = Company.create(name="Gamma", industry="Retail\t", size_band="10-49",
                           region="Bavaria\n", country="DE").id
    extra = deal("70", "Won", closed_on=date(2026, 3, 11), company=gamma)
    assert "Retail" in {s.key for s in segments(MARCH).industry}
    assert extra in ids(drill("segments", "industry:Retail", MARCH))
    assert extra in ids(drill("segments", "region:Bavaria", MARCH))
