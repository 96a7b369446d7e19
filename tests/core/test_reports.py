"""Reports figures: periods, marketing, sales and customer charts, and the whole report.

Every expected number below is worked out by hand in the comments next to the fixture. Rows
are written straight to the tables, so each test controls every date and amount.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import count

import pytest

from smeplanner.core import settings
from smeplanner.core.deals import line_total
from smeplanner.core.errors import ValidationError
from smeplanner.core.metrics import average_days_to_close
from smeplanner.core.models import (
    Activity,
    Campaign,
    CampaignExpense,
    Company,
    Contact,
    Deal,
    DealLine,
    DealStageChange,
    LifecycleChange,
    PipelineStage,
    Product,
    db,
)
from smeplanner.core.reports import build_report
from smeplanner.core.reports.customers import (
    activity_mix,
    customer_summary,
    local_date_sql,
    segment_label,
    segments,
)
from smeplanner.core.reports.data import (
    CustomerSummary,
    FunnelStage,
    MonthCloseRate,
    MonthRevenue,
    Segment,
    WeekActivity,
)
from smeplanner.core.reports.drill import drill
from smeplanner.core.reports.marketing import campaign_returns, funnel, lead_sources
from smeplanner.core.reports.period import (
    ReportPeriod,
    add_months,
    custom_period,
    preset_period,
    utc_text,
)
from smeplanner.core.reports.sales import (
    close_rates,
    lost_reasons,
    product_profitability,
    revenue_trend,
)

D = Decimal
_titles = count(1)
NOVEMBER = ReportPeriod(date(2026, 11, 1), date(2026, 11, 30), "month")
Q1 = ReportPeriod(date(2026, 1, 1), date(2026, 3, 31), "quarter")
MARCH = ReportPeriod(date(2026, 3, 1), date(2026, 3, 31), "month")


@pytest.fixture(autouse=True)
def in_zone(monkeypatch):
    """Every test runs in UTC unless it calls ``in_zone("Europe/Berlin")``."""
    with monkeypatch.context() as patch:
        def use(zone):
            patch.setenv("TZ", zone)
            time.tzset()
        use("UTC")
        yield use
    time.tzset()


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def stage_id(name: str) -> int:
    return PipelineStage.get(PipelineStage.name == name).id


def add_deal(amount: str, stage: str = "Prospect", **fields) -> int:
    """A deal written straight to the table, its status matching its stage's kind."""
    kind = PipelineStage.get_by_id(stage_id(stage)).kind
    fields.setdefault("created_at", utc(2026, 1, 1))
    return Deal.create(title=f"Deal {next(_titles)}", amount=D(amount), stage=stage_id(stage),
                       status=kind, **fields).id


def won(amount: str, closed_on: date, **fields) -> int:
    return add_deal(amount, "Won", closed_on=closed_on, **fields)


def lost(amount: str, closed_on: date, **fields) -> int:
    return add_deal(amount, "Lost", closed_on=closed_on, **fields)


def contact(**fields) -> int:
    fields.setdefault("created_at", utc(2026, 1, 1))
    return Contact.create(first_name=f"C{next(_titles)}", **fields).id


def move(contact_id: int, from_stage: str | None, to_stage: str, at: datetime) -> None:
    LifecycleChange.create(contact=contact_id, from_stage=from_stage, to_stage=to_stage,
                           changed_at=at)


def done(at: datetime | None, kind: str = "call", role: str = "sales") -> int:
    return Activity.create(subject=kind, kind=kind, role=role, due_date=date(2026, 1, 1),
                           done=at is not None, done_at=at).id


# --- periods ---------------------------------------------------------------------------------

TODAY = date(2026, 11, 15)


@pytest.mark.parametrize(("preset", "first", "last", "label", "months"), [
    ("month", date(2026, 11, 1), date(2026, 11, 30), "Nov 2026", 1),
    ("quarter", date(2026, 10, 1), date(2026, 12, 31), "Q4 2026", 3),
    ("year", date(2026, 1, 1), date(2026, 12, 31), "2026", 12),
    ("last_12_months", date(2025, 12, 1), date(2026, 11, 30), "Dec 2025 – Nov 2026", 12),
])
def test_preset_periods_around_today(preset, first, last, label, months):
    period = preset_period(preset, TODAY)
    assert period == ReportPeriod(first, last, preset)
    assert period.label == label
    assert period.months == [add_months(first, n) for n in range(months)]


@pytest.mark.parametrize(("preset", "today", "first", "last", "label"), [
    ("month", date(2024, 2, 10), date(2024, 2, 1), date(2024, 2, 29), "Feb 2024"),
    ("quarter", date(2026, 1, 1), date(2026, 1, 1), date(2026, 3, 31), "Q1 2026"),
    ("quarter", date(2026, 4, 1), date(2026, 4, 1), date(2026, 6, 30), "Q2 2026"),
    ("quarter", date(2026, 9, 30), date(2026, 7, 1), date(2026, 9, 30), "Q3 2026"),
    ("last_12_months", date(2026, 1, 31), date(2025, 2, 1), date(2026, 1, 31),
     "Feb 2025 – Jan 2026"),
    ("last_12_months", date(2026, 12, 1), date(2026, 1, 1), date(2026, 12, 31), "2026"),
])
def test_preset_period_edges(preset, today, first, last, label):
    period = preset_period(preset, today)
    assert (period.first, period.last, period.label) == (first, last, label)


@pytest.mark.parametrize("preset", ["custom", "week", ""])
def test_preset_period_refuses_other_names(preset):
    with pytest.raises(ValidationError) as caught:
        preset_period(preset, TODAY)
    assert caught.value.field == "period"


@pytest.mark.parametrize(("first", "last", "label", "months"), [
    # Not whole months: day-exact label.
    (date(2026, 3, 15), date(2026, 4, 20), "15 Mar 2026 – 20 Apr 2026",
     [date(2026, 3, 1), date(2026, 4, 1)]),
    (date(2026, 3, 5), date(2026, 3, 5), "5 Mar 2026 – 5 Mar 2026", [date(2026, 3, 1)]),
    # Whole months that are not a month, quarter or calendar year.
    (date(2026, 1, 1), date(2026, 2, 28), "Jan 2026 – Feb 2026",
     [date(2026, 1, 1), date(2026, 2, 1)]),
    (date(2026, 2, 1), date(2026, 4, 30), "Feb 2026 – Apr 2026",
     [date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)]),
    (date(2025, 11, 20), date(2026, 2, 3), "20 Nov 2025 – 3 Feb 2026",
     [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]),
    # Whole months shaped like presets are named like them.
    (date(2026, 7, 1), date(2026, 9, 30), "Q3 2026",
     [date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1)]),
])
def test_custom_period_bounds_label_and_months(first, last, label, months):
    period = custom_period(first, last)
    assert (period.first, period.last, period.preset) == (first, last, "custom")
    assert period.label == label
    assert period.months == months


def test_two_whole_calendar_years_are_not_named_as_one():
    period = custom_period(date(2025, 1, 1), date(2026, 12, 31))
    assert period.label == "Jan 2025 – Dec 2026"
    assert len(period.months) == 24


@pytest.mark.parametrize(("first", "last", "field"), [
    (None, date(2026, 3, 1), "from"),
    (date(2026, 3, 1), None, "to"),
    (None, None, "from"),
    (date(2026, 3, 2), date(2026, 3, 1), "to"),
    (date(2026, 1, 1), date(2029, 1, 4), "to"),  # 1099 days apart: over 3 × 366
])
def test_custom_period_names_the_bad_end(first, last, field):
    with pytest.raises(ValidationError) as caught:
        custom_period(first, last)
    assert caught.value.field == field


def test_custom_period_may_span_exactly_the_maximum():
    # 3 × 366 = 1098 days between the ends (2028 is a leap year: 1096 to 1 Jan 2029).
    assert custom_period(date(2026, 1, 1), date(2029, 1, 3)).last == date(2029, 1, 3)


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 11, 15), 2, date(2027, 1, 1)),
    (date(2026, 1, 31), -1, date(2025, 12, 1)),
    (date(2026, 3, 1), 0, date(2026, 3, 1)),
    (date(2026, 12, 1), -12, date(2025, 12, 1)),
    (date(2026, 1, 1), -13, date(2024, 12, 1)),
])
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_utc_range_runs_from_local_midnight_to_local_midnight(in_zone):
    in_zone("Europe/Berlin")
    # 1 October is summer time (UTC+2), 1 November winter time (UTC+1).
    october = ReportPeriod(date(2026, 10, 1), date(2026, 10, 31))
    assert october.utc_range() == ("2026-09-30 22:00:00", "2026-10-31 23:00:00")
    assert utc_text(date(2026, 1, 1)) == "2025-12-31 23:00:00"
    in_zone("UTC")
    assert october.utc_range() == ("2026-10-01 00:00:00", "2026-11-01 00:00:00")


# --- funnel ----------------------------------------------------------------------------------

FUNNEL_ORDER = ("subscriber", "lead", "qualified", "opportunity", "customer", "advocate")


@pytest.fixture
def funnel_data(workspace):
    """Moves in November 2026 and the furthest stage each reaches (depth in FUNNEL_ORDER)."""
    c = [contact() for _ in range(9)]
    move(c[1], None, "subscriber", utc(2026, 11, 2))                   # 0 subscriber
    move(c[2], None, "lead", utc(2026, 11, 3))                         # 2 qualified
    move(c[2], "lead", "qualified", utc(2026, 11, 5))
    move(c[3], "lead", "opportunity", utc(2026, 11, 10))               # 3 (skips qualified)
    move(c[4], "opportunity", "customer", utc(2026, 11, 11))           # 5 advocate
    move(c[4], "customer", "advocate", utc(2026, 11, 12))
    move(c[5], "lead", "disqualified", utc(2026, 11, 13))              # none: a way out
    move(c[6], "subscriber", "lead", utc(2026, 10, 31, 23, 59, 59))    # none: October
    move(c[6], "lead", "qualified", utc(2026, 12, 1))                  #   and December
    move(c[7], "qualified", "lead", utc(2026, 11, 14))                 # 1 lead (moved back)
    move(c[8], "lead", "customer", utc(2026, 11, 15))                  # 4 customer, though
    move(c[8], "customer", "lead", utc(2026, 11, 16))                  #   back to lead now
    # ≥0: c1 c2 c3 c4 c7 c8 = 6; ≥1: c2 c3 c4 c7 c8 = 5 (5/6 = 83.3 %); ≥2: c2 c3 c4 c8 = 4
    # (80.0); ≥3: c3 c4 c8 = 3 (75.0); ≥4: c4 c8 = 2 (66.7); ≥5: c4 = 1 (50.0).
    return c


def test_funnel_counts_skipped_stages_as_passed_through(funnel_data):
    assert funnel(NOVEMBER) == [
        FunnelStage("subscriber", "Subscriber", 6, None),
        FunnelStage("lead", "Lead", 5, D("83.3")),
        FunnelStage("qualified", "Qualified", 4, D("80.0")),
        FunnelStage("opportunity", "Opportunity", 3, D("75.0")),
        FunnelStage("customer", "Customer", 2, D("66.7")),
        FunnelStage("advocate", "Advocate", 1, D("50.0")),
    ]


def test_funnel_counts_never_grow_down_the_funnel(funnel_data):
    counts = [stage.contacts for stage in funnel(NOVEMBER)]
    assert counts == sorted(counts, reverse=True)


def test_funnel_ignores_moves_outside_the_period(funnel_data):
    # October holds only c6's move into lead (23:59:59 UTC on the 31st).
    assert [s.contacts for s in funnel(ReportPeriod(date(2026, 10, 1), date(2026, 10, 31)))] \
        == [1, 1, 0, 0, 0, 0]


def test_funnel_counts_a_stage_only_for_contacts_who_reach_it_in_the_period(workspace):
    """A lead since September who becomes qualified in November reached Qualified in
    November, not Subscriber or Lead again (which inflated the top of the funnel and its
    rates, and disagreed with the new-leads goal)."""
    old_lead, new_lead = contact(), contact()
    move(old_lead, None, "subscriber", utc(2026, 8, 20))
    move(old_lead, "subscriber", "lead", utc(2026, 9, 10))
    move(old_lead, "lead", "qualified", utc(2026, 11, 4))
    move(new_lead, None, "lead", utc(2026, 11, 6))
    assert [s.contacts for s in funnel(NOVEMBER)] == [1, 1, 1, 0, 0, 0]
    # new_lead passed Subscriber and Lead; old_lead only reached Qualified.
    assert {row.record_id for row in drill("funnel", "lead", NOVEMBER).rows} == {new_lead}
    assert {row.record_id for row in drill("funnel", "qualified", NOVEMBER).rows} == {
        old_lead}


def test_funnel_conversion_after_an_empty_stage_is_none(workspace):
    move(contact(), None, "subscriber", utc(2026, 11, 2))
    assert [(s.contacts, s.conversion) for s in funnel(NOVEMBER)] == [
        (1, None), (0, D("0.0")), (0, None), (0, None), (0, None), (0, None)]


def test_funnel_uses_local_days(workspace, in_zone):
    in_zone("Europe/Berlin")
    # 31 October 23:30 UTC is 1 November 00:30 in Berlin (UTC+1): a November move.
    move(contact(), None, "lead", utc(2026, 10, 31, 23, 30))
    october = ReportPeriod(date(2026, 10, 1), date(2026, 10, 31))
    assert [s.contacts for s in funnel(NOVEMBER)][:2] == [1, 1]
    assert [s.contacts for s in funnel(october)][:2] == [0, 0]


# --- lead sources ----------------------------------------------------------------------------

@pytest.fixture
def lead_data(workspace):
    mail = Campaign.create(name="Autumn mailing", start_date=date(2026, 10, 1),
                           end_date=date(2026, 11, 30)).id
    fair = Campaign.create(name="Fair", start_date=date(2026, 10, 1),
                           end_date=date(2026, 11, 30)).id
    ads = Campaign.create(name="Ads", start_date=date(2026, 10, 1),
                          end_date=date(2026, 11, 30)).id
    nov = utc(2026, 11, 10)
    contact(source_channel="email", source_campaign=mail, lifecycle_stage="customer",
            created_at=nov)
    contact(source_channel="email", source_campaign=mail, created_at=utc(2026, 11, 1))
    contact(source_channel="email", lifecycle_stage="advocate", created_at=nov)
    contact(source_channel="", lifecycle_stage="customer", created_at=nov)
    contact(source_channel="", created_at=utc(2026, 11, 30, 23, 59, 59))
    contact(source_channel="referral", source_campaign=fair, created_at=nov)
    contact(source_channel="website", source_campaign=ads, lifecycle_stage="customer",
            created_at=nov)
    contact(source_channel="website", source_campaign=ads, lifecycle_stage="qualified",
            created_at=nov)
    contact(source_channel="email", source_campaign=mail, lifecycle_stage="customer",
            created_at=utc(2026, 10, 31, 23, 59, 59))                    # October
    contact(source_channel="email", created_at=utc(2026, 12, 1))          # December
    # Channels: email 3 leads / 2 customers (66.7 %); blank 2 / 1 (50.0); website 2 / 1
    # (50.0); referral 1 / 0 (0.0). Ties on leads go by key: "" before "website".
    # Campaigns: Ads 2 / 1, Autumn mailing 2 / 1, Fair 1 / 0 (ties by name).
    return mail, fair, ads


def test_lead_sources_by_channel_with_blank_as_not_recorded(lead_data):
    assert [(s.key, s.label, s.leads, s.customers, s.share)
            for s in lead_sources(NOVEMBER).by_channel] == [
        ("email", "Email", 3, 2, D("66.7")),
        ("", "Not recorded", 2, 1, D("50.0")),
        ("website", "Website", 2, 1, D("50.0")),
        ("referral", "Referral", 1, 0, D("0.0")),
    ]


def test_lead_sources_by_campaign_most_leads_first(lead_data):
    mail, fair, ads = lead_data
    assert [(s.key, s.label, s.leads, s.customers, s.share)
            for s in lead_sources(NOVEMBER).by_campaign] == [
        (str(ads), "Ads", 2, 1, D("50.0")),
        (str(mail), "Autumn mailing", 2, 1, D("50.0")),
        (str(fair), "Fair", 1, 0, D("0.0")),
    ]


def test_lead_sources_keeps_the_top_campaigns(lead_data):
    mail, _fair, ads = lead_data
    assert [s.key for s in lead_sources(NOVEMBER, top=2).by_campaign] == [str(ads), str(mail)]
    assert len(lead_sources(NOVEMBER, top=2).by_channel) == 4  # channels are never cut


# --- campaign returns ------------------------------------------------------------------------

def campaign(name: str, *spends: tuple[date, str]) -> int:
    record = Campaign.create(name=name, start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
    for day, amount in spends:
        CampaignExpense.create(campaign=record, spent_on=day, amount=D(amount))
    return record.id


def test_campaign_returns_keep_spenders_and_earners_by_spend(workspace):
    # In November: Big spends 500; Alpha 300 and wins 1000; Zed 300, wins nothing; Earner
    # spends nothing but wins 200. Old only spent in October; Quiet has leads only.
    big = campaign("Big", (date(2026, 11, 3), "200"), (date(2026, 11, 30), "300"))
    alpha = campaign("Alpha", (date(2026, 11, 1), "300"))
    zed = campaign("Zed", (date(2026, 11, 5), "300"))
    earner = campaign("Earner")
    old = campaign("Old", (date(2026, 10, 31), "900"))
    quiet = campaign("Quiet")
    contact(source_campaign=quiet, created_at=utc(2026, 11, 2))
    won("1000", date(2026, 11, 20), source_campaign=alpha)
    won("200", date(2026, 11, 21), source_campaign=earner)
    won("5000", date(2026, 12, 1), source_campaign=old)       # December
    lost("700", date(2026, 11, 21), source_campaign=zed)      # lost: no revenue
    # Spend desc, then won revenue desc: Big 500, Alpha 300/1000, Zed 300/0, Earner 0/200.
    assert [(r.campaign_id, r.spend, r.won_revenue, r.roi)
            for r in campaign_returns(NOVEMBER)] == [
        (big, D("500.00"), D("0.00"), D("-100.0")),
        (alpha, D("300.00"), D("1000.00"), D("233.3")),
        (zed, D("300.00"), D("0.00"), D("-100.0")),
        (earner, D("0.00"), D("200.00"), None),
    ]
    assert [r.campaign_id for r in campaign_returns(NOVEMBER, top=2)] == [big, alpha]


# --- revenue trend ---------------------------------------------------------------------------

def test_revenue_trend_twelve_months_with_the_year_before(workspace):
    # The first deal (created March 2025) starts the data: earlier months have no figure.
    won("500.00", date(2025, 3, 10), created_at=utc(2025, 3, 1))
    won("300.00", date(2025, 11, 20))
    won("100.00", date(2026, 3, 5))
    won("250.50", date(2026, 3, 31))                           # March 2026: 350.50, 2 deals
    won("1000.00", date(2026, 11, 1))
    won("9.00", date(2026, 12, 1))                             # after the period
    lost("999.00", date(2026, 6, 10))                          # lost: no revenue
    add_deal("50.00", "Proposal", expected_close=date(2026, 5, 1))
    months = [add_months(date(2025, 12, 1), n) for n in range(12)]
    expected_won = {date(2026, 3, 1): (D("350.50"), 2), date(2026, 11, 1): (D("1000.00"), 1)}
    expected_before = {date(2026, 3, 1): D("500.00"), date(2026, 11, 1): D("300.00")}
    assert revenue_trend(NOVEMBER) == [
        MonthRevenue(month, *expected_won.get(month, (D("0.00"), 0)),
                     # Dec 2024 – Feb 2025 are before March 2025: None; later ones 0 or won.
                     None if month < date(2026, 3, 1) else expected_before.get(month, D("0.00")))
        for month in months]


def test_revenue_trend_ends_with_the_periods_last_month(workspace):
    won("10.00", date(2026, 3, 31))
    trend = revenue_trend(Q1, months=3)
    assert [(m.month, m.won) for m in trend] == [
        (date(2026, 1, 1), D("0.00")), (date(2026, 2, 1), D("0.00")),
        (date(2026, 3, 1), D("10.00"))]


def test_revenue_trend_data_starts_with_the_first_deal_created(workspace):
    # Nothing was ever won before, but a deal created in January 2025 means data exists.
    add_deal("50.00", "Prospect", created_at=utc(2025, 1, 15))
    assert [m.year_before for m in revenue_trend(NOVEMBER)] == [None] + [D("0.00")] * 11


def test_revenue_trend_without_deals_has_no_year_before(workspace):
    assert {(m.won, m.deals, m.year_before) for m in revenue_trend(NOVEMBER)} == {
        (D("0.00"), 0, None)}


# --- close rates -----------------------------------------------------------------------------

def stage_change(deal: int, from_stage: str | None, to_stage: str, at: datetime) -> None:
    DealStageChange.create(deal=deal, from_stage=stage_id(from_stage) if from_stage else None,
                           to_stage=stage_id(to_stage), changed_at=at)


@pytest.fixture
def closing_data(workspace):
    # January: won 1 (entered 1 Jan 00:00, won 11 Jan 12:00 → 10.5 days), lost 2 → 33.3 %.
    january = won("100", date(2026, 1, 11))
    stage_change(january, None, "Prospect", utc(2026, 1, 1))
    stage_change(january, "Prospect", "Won", utc(2026, 1, 11, 12))
    lost("100", date(2026, 1, 5))
    lost("100", date(2026, 1, 31))
    # February: two won without a won change → whole local days to closed_on:
    # entered 1 Feb 10:00 → closed 4 Feb = 3 days; no history, created 10 Feb → 12 Feb = 2.
    # Mean 2.5 days; no lost deal → 100.0 %.
    february = won("100", date(2026, 2, 4))
    stage_change(february, None, "Proposal", utc(2026, 2, 1, 10))
    won("100", date(2026, 2, 12), created_at=utc(2026, 2, 10, 12))
    # March: nothing closed. Not counted: April, open.
    won("100", date(2026, 4, 1))
    add_deal("100", "Proposal", expected_close=date(2026, 3, 3))


def test_close_rates_by_month(closing_data):
    assert close_rates(Q1) == [
        MonthCloseRate(date(2026, 1, 1), 1, 2, D("33.3"), D("10.5")),
        MonthCloseRate(date(2026, 2, 1), 2, 0, D("100.0"), D("2.5")),
        MonthCloseRate(date(2026, 3, 1), 0, 0, None, None),
    ]


def test_close_rates_days_agree_with_the_metric(closing_data):
    for row in close_rates(Q1):
        last = add_months(row.month, 1) - timedelta(days=1)
        assert row.average_days_to_close == average_days_to_close(row.month, last)


# --- lost reasons ----------------------------------------------------------------------------

def test_lost_reasons_merge_blanks_order_and_cumulate(workspace):
    lost("100", date(2026, 1, 5), close_reason="Price")
    lost("100", date(2026, 2, 5), close_reason="Price")
    lost("50", date(2026, 3, 5), close_reason=" Price ")         # trimmed: Price
    lost("300", date(2026, 1, 6), close_reason="Timing")
    lost("200", date(2026, 1, 7), close_reason="Timing")
    lost("10", date(2026, 1, 8), close_reason="")
    lost("20", date(2026, 1, 9), close_reason="   ")             # blank: no reason
    lost("30", date(2026, 1, 10), close_reason="Competitor")
    lost("30", date(2026, 1, 11), close_reason="Budget")
    lost("999", date(2026, 4, 1), close_reason="Price")          # April
    won("999", date(2026, 1, 12), close_reason="Price")          # won
    # 9 lost: Price 3 (250.00) → 3/9 = 33.3 %; Timing 2 (500.00) → 5/9 = 55.6; No reason 2
    # (30.00, fewer money than Timing) → 7/9 = 77.8; Budget, Competitor 1 each (30.00, by
    # name) → 8/9 = 88.9, 100.0.
    assert [(r.reason, r.deals, r.amount, r.cumulative_share) for r in lost_reasons(Q1)] == [
        ("Price", 3, D("250.00"), D("33.3")),
        ("Timing", 2, D("500.00"), D("55.6")),
        ("No reason given", 2, D("30.00"), D("77.8")),
        ("Budget", 1, D("30.00"), D("88.9")),
        ("Competitor", 1, D("30.00"), D("100.0")),
    ]


def test_a_reason_of_tabs_and_line_breaks_is_no_reason(workspace):
    lost("100", date(2026, 1, 5), close_reason="\t\n")
    lost("100", date(2026, 1, 6), close_reason="")
    lost("100", date(2026, 1, 7), close_reason="Price\n")
    assert [(row.reason, row.deals) for row in lost_reasons(Q1)] == [
        ("No reason given", 2), ("Price", 1)]


def test_a_reason_with_its_detail_or_in_another_case_is_the_same_reason(workspace):
    """The close dialog stores "Reason — detail"; the chart counts the reason itself, in
    any case, shown as most deals spell it."""
    lost("100", date(2026, 1, 5), close_reason="Price")
    lost("100", date(2026, 1, 6), close_reason="Price — went with Müller Kaffee")
    lost("100", date(2026, 1, 7), close_reason="price — 20 % cheaper elsewhere")
    lost("100", date(2026, 1, 8), close_reason="Timing — next year")
    assert [(row.reason, row.deals) for row in lost_reasons(Q1)] == [
        ("Price", 3), ("Timing", 1)]


def test_lost_reasons_of_a_period_without_losses(workspace):
    won("10", date(2026, 1, 5))
    assert lost_reasons(Q1) == []


# --- product profitability -------------------------------------------------------------------

def line(deal: int, product: int | None, quantity: str, price: str, discount: str = "0") -> None:
    DealLine.create(deal=deal, product=product, description="Setup" if product is None else "",
                    quantity=D(quantity), unit_price=D(price), discount_pct=D(discount))


@pytest.fixture
def product_data(workspace):
    widget = Product.create(name="Widget", price=D("10.00"), unit_cost=D("4.00")).id
    hours = Product.create(name="Service hour", price=D("80.00"), unit_cost=D("30.33")).id
    sticker = Product.create(name="Sticker", price=D("0.05"), unit_cost=D("0.01")).id
    first = won("0", date(2026, 3, 2))
    second = won("0", date(2026, 3, 31))
    line(first, widget, "3", "10.00", "10")      # 30.00 less 10 % = 27.00
    line(second, widget, "2", "10.00")           # 20.00
    line(first, hours, "1.5", "80.00")           # 120.00, cost 1.5 × 30.33 = 45.495
    line(second, hours, "0.25", "80.00")         # 20.00, cost 0.25 × 30.33 = 7.5825
    line(first, sticker, "1", "0.05", "50")      # 0.025 → 0.03 per line (not 0.05 for both)
    line(second, sticker, "1", "0.05", "50")     # 0.03
    line(first, None, "1", "50.00")              # no product: 50.00, no cost
    # Not counted: lost, open, won in April.
    for other in (lost("0", date(2026, 3, 5)), add_deal("0", "Proposal"),
                  won("0", date(2026, 4, 1))):
        line(other, widget, "100", "10.00")
    # Service hour: 1.75 h, revenue 140.00, list 140.00 → discount 0.00, cost 53.0775 →
    #   53.08, margin 86.92 = 62.09 % → 62.1.
    # Widget: 5, revenue 47.00, list 50.00 → discount 3.00, cost 20.00, margin 27.00 = 57.4 %.
    # Sticker: 2, revenue 0.06, list 0.10 → discount 0.04, cost 0.02, margin 0.04 = 66.7 %.
    # Lines without a product last: 1, 50.00, discount 0.00, cost and margin unknown.
    return widget, hours, sticker


def test_product_profitability(product_data):
    widget, hours, sticker = product_data
    assert [(p.product_id, p.name, p.quantity, p.revenue, p.discount, p.cost, p.margin,
             p.margin_pct) for p in product_profitability(MARCH)] == [
        (hours, "Service hour", D("1.75"), D("140.00"), D("0.00"), D("53.08"), D("86.92"),
         D("62.1")),
        (widget, "Widget", D("5"), D("47.00"), D("3.00"), D("20.00"), D("27.00"), D("57.4")),
        (sticker, "Sticker", D("2"), D("0.06"), D("0.04"), D("0.02"), D("0.04"), D("66.7")),
        (None, "Lines without a product", D("1"), D("50.00"), D("0.00"), None, None, None),
    ]


def test_product_revenue_rounds_each_line_as_the_deal_does(product_data):
    sticker = product_data[2]
    row = next(p for p in product_profitability(MARCH) if p.product_id == sticker)
    assert row.revenue == 2 * line_total(D("1"), D("0.05"), D("50")) == D("0.06")


def test_no_discount_given_means_a_zero_discount(workspace):
    hours = Product.create(name="Hour", price=D("10.99"), unit_cost=D("0")).id
    for day in (2, 3):
        line(won("0", date(2026, 3, day)), hours, "2.5", "10.99")
    # Each line: 2.5 × 10.99 = 27.475 → 27.48, revenue 54.96; list total per line is the
    # same 54.96, so the discount given is 0.00 (rounding 54.95 once gives −0.01).
    (row,) = product_profitability(MARCH)
    assert (row.revenue, row.discount) == (D("54.96"), D("0.00"))


# --- segments --------------------------------------------------------------------------------

@pytest.fixture
def segment_data(workspace):
    one = Company.create(name="One", industry="Retail", size_band="10-49", region="Bavaria",
                         country="DE").id
    two = Company.create(name="Two", industry=" Retail ", size_band="", region="",
                         country="AT").id
    three = Company.create(name="Three", industry="", size_band="1", region=" ", country="").id
    p1, p2, p3 = contact(), contact(), contact()
    won("1000", date(2026, 1, 10), company=one)
    won("500", date(2026, 2, 10), company=one, contact=p1)
    lost("300", date(2026, 3, 10), company=one)
    won("200", date(2026, 1, 15), company=two)
    lost("100", date(2026, 1, 16), company=two)
    lost("50", date(2026, 2, 1), company=three)
    won("400", date(2026, 1, 20), contact=p1)                   # no company: 2 contacts won,
    won("100", date(2026, 2, 20), contact=p1)                   #   3 won, 1 lost, 550.00
    won("50", date(2026, 3, 20), contact=p2)
    lost("10", date(2026, 3, 21), contact=p3)
    won("9999", date(2026, 4, 1), company=three)                # April
    add_deal("9999", "Proposal", company=three)                 # open


NO_COMPANY = ("No company", 2, 3, 1, D("75.0"), D("550.00"))


def test_segments_by_industry(segment_data):
    # Retail = One + Two (" Retail " trimmed): 2 buyers, 3 won, 2 lost, 1700.00.
    assert [(s.label, s.customers, s.won, s.lost, s.win_rate, s.won_revenue)
            for s in segments(Q1).industry] == [
        ("Retail", 2, 3, 2, D("60.0"), D("1700.00")),
        NO_COMPANY,
        ("Not set", 0, 0, 1, D("0.0"), D("0.00")),
    ]


def test_segments_by_size_band(segment_data):
    assert [(s.key, s.customers, s.won, s.lost, s.win_rate, s.won_revenue)
            for s in segments(Q1).size_band] == [
        ("10-49", 1, 2, 1, D("66.7"), D("1500.00")),
        NO_COMPANY,
        ("Not set", 1, 1, 1, D("50.0"), D("200.00")),
        ("1", 0, 0, 1, D("0.0"), D("0.00")),
    ]


def test_segments_by_region_fall_back_to_the_country(segment_data):
    assert [(s.key, s.customers, s.won, s.lost, s.win_rate, s.won_revenue)
            for s in segments(Q1).region] == [
        ("Bavaria", 1, 2, 1, D("66.7"), D("1500.00")),
        NO_COMPANY,
        ("AT", 1, 1, 1, D("50.0"), D("200.00")),
        ("Not set", 0, 0, 1, D("0.0"), D("0.00")),
    ]


def test_segment_key_is_its_label(segment_data):
    assert all(isinstance(s, Segment) and s.key == s.label for s in segments(Q1).region)


def test_no_company_customers_are_only_contacts(workspace):
    won("100", date(2026, 1, 10))                               # nobody
    won("100", date(2026, 1, 11), contact=contact())
    (row,) = segments(Q1).industry
    assert (row.label, row.customers, row.won) == ("No company", 1, 2)


# --- customer summary ------------------------------------------------------------------------

def test_customer_summary_counts_buyers(workspace):
    one = Company.create(name="One").id
    two = Company.create(name="Two").id
    p1, p2, p3, p4 = (contact() for _ in range(4))
    # One: 3 won (the contacts do not make them other buyers); Two: 6 won → "5+".
    won("100", date(2026, 1, 1), company=one, contact=p1)
    won("200", date(2026, 5, 1), company=one, contact=p2)
    won("300", date(2026, 11, 30), company=one)
    for day in range(1, 7):
        won("10", date(2026, 6, day), company=two)
    won("50", date(2026, 2, 1), contact=p3)                     # p3: 2
    won("50", date(2026, 3, 1), contact=p3)
    won("400.02", date(2025, 7, 1), contact=p4)                 # p4: 1 (any time before)
    won("1000", date(2026, 1, 5))                               # nobody: not a buyer
    won("1000", date(2026, 12, 1), contact=p4)                  # after the period
    lost("1000", date(2026, 1, 5), contact=p1)                  # lost
    # 4 buyers, 3 repeat → 75.0 %; (600 + 60 + 100 + 400.02) / 4 = 290.005 → 290.01.
    assert customer_summary(NOVEMBER, today=TODAY) == CustomerSummary(
        4, 3, D("75.0"), D("290.01"), 0, [("1", 1), ("2", 1), ("3", 1), ("4", 0), ("5+", 1)])


@pytest.fixture
def touch_data(workspace):
    contact(lifecycle_stage="customer")                                        # never
    contact(lifecycle_stage="customer", last_touch_at=utc(2026, 8, 12, 23, 59, 59))
    contact(lifecycle_stage="advocate", last_touch_at=utc(2026, 8, 13))
    contact(lifecycle_stage="customer", last_touch_at=utc(2026, 9, 2))
    contact(lifecycle_stage="customer", last_touch_at=utc(2026, 11, 5))
    contact(lifecycle_stage="lead")                                            # not a customer


def test_untouched_customers_as_of_today_within_the_period(touch_data):
    # 90 days up to 10 November start on 13 August (10 Nov − 89 days): the first two are out.
    assert customer_summary(NOVEMBER, today=date(2026, 11, 10)).untouched == 2


def test_untouched_customers_as_of_the_period_end(touch_data):
    # Today is after the period: 90 days up to 30 November start on 2 September.
    assert customer_summary(NOVEMBER, today=date(2027, 1, 15)).untouched == 3


# --- activity mix ----------------------------------------------------------------------------

@pytest.fixture
def activity_data(workspace):
    done(utc(2026, 11, 1, 10), "call")                          # Sunday 1 Nov
    done(utc(2026, 11, 2, 9), "email", "marketing")             # Monday 2 Nov
    done(utc(2026, 11, 3, 9), "meeting")
    done(utc(2026, 11, 4, 9), "meeting")
    done(utc(2026, 11, 30, 12), "deliverable", "marketing")     # Monday 30 Nov
    done(utc(2026, 10, 31, 23, 59, 59), "call")                 # October
    done(utc(2026, 12, 1), "call")                              # December
    done(None, "task")                                          # not done


def test_activity_mix_by_week_from_monday(activity_data):
    mix = activity_mix(NOVEMBER)
    # Weeks from Monday 26 Oct (cut by the period) to Monday 30 Nov.
    assert mix.weeks == [
        WeekActivity(date(2026, 10, 26), 1, 0), WeekActivity(date(2026, 11, 2), 2, 1),
        WeekActivity(date(2026, 11, 9), 0, 0), WeekActivity(date(2026, 11, 16), 0, 0),
        WeekActivity(date(2026, 11, 23), 0, 0), WeekActivity(date(2026, 11, 30), 0, 1)]


def test_activity_mix_by_kind_in_kind_order(activity_data):
    assert list(activity_mix(NOVEMBER).by_kind.items()) == [
        ("call", (1, 0)), ("email", (0, 1)), ("meeting", (2, 0)), ("deliverable", (0, 1))]


def test_activity_mix_weeks_follow_the_week_start_setting(activity_data):
    settings.set_value("week_start", 6)  # Sunday
    assert [(w.week_start, w.sales, w.marketing) for w in activity_mix(NOVEMBER).weeks] == [
        (date(2026, 11, 1), 3, 1), (date(2026, 11, 8), 0, 0), (date(2026, 11, 15), 0, 0),
        (date(2026, 11, 22), 0, 0), (date(2026, 11, 29), 0, 1)]


def test_activity_mix_uses_local_days_across_the_end_of_summer_time(workspace, in_zone):
    in_zone("Europe/Berlin")
    settings.set_value("week_start", 6)  # Sunday: 25 October 2026 starts a week
    # Summer time ends on Sunday 25 October 2026 at 01:00 UTC (03:00 CEST → 02:00 CET).
    done(utc(2026, 10, 24, 21, 30))   # Sat 23:30 CEST → week of 18 Oct
    done(utc(2026, 10, 24, 22, 30))   # Sun 00:30 CEST → week of 25 Oct (UTC or CET: Sat)
    done(utc(2026, 10, 31, 22, 30))   # Sat 31 Oct 23:30 CET → week of 25 Oct
    done(utc(2026, 10, 31, 23, 30))   # Sun 1 Nov 00:30 CET → after the period
    october = ReportPeriod(date(2026, 10, 1), date(2026, 10, 31))
    assert [(w.week_start, w.sales) for w in activity_mix(october).weeks] == [
        (date(2026, 9, 27), 0), (date(2026, 10, 4), 0), (date(2026, 10, 11), 0),
        (date(2026, 10, 18), 1), (date(2026, 10, 25), 2)]


def local_date(stored: str, period: ReportPeriod) -> str:
    expression, params = local_date_sql("t", period)
    (day,) = db.execute_sql(f"SELECT {expression} FROM (SELECT ? AS t)",
                            (*params, stored)).fetchone()
    return day


@pytest.mark.parametrize(("stored", "expected"), [
    ("2026-03-28 22:59:59", "2026-03-28"),  # 23:59:59 CET
    ("2026-03-28 23:30:00", "2026-03-29"),  # 00:30 CET on the day summer time starts
    ("2026-03-29 00:59:59", "2026-03-29"),  # 01:59:59 CET, just before the change
    ("2026-03-29 22:30:00", "2026-03-30"),  # 00:30 CEST
    ("2026-03-31 21:59:59", "2026-03-31"),  # 23:59:59 CEST
    ("2026-03-01 00:00:00", "2026-03-01"),  # 01:00 CET
])
def test_local_date_sql_cuts_the_period_at_the_offset_change(workspace, in_zone, stored,
                                                              expected):
    in_zone("Europe/Berlin")
    assert local_date(stored, MARCH) == expected


def test_local_date_sql_without_an_offset_change_is_one_modifier(workspace):
    assert local_date_sql("done_at", MARCH) == ("date(done_at, ?)", ["+0 minutes"])
    assert local_date("2026-03-31 23:59:59", MARCH) == "2026-03-31"


# --- the whole report ------------------------------------------------------------------------

def test_build_report_of_an_empty_workspace(workspace):
    report = build_report(NOVEMBER, today=TODAY)
    assert (report.period_first, report.period_last, report.period_label) == (
        date(2026, 11, 1), date(2026, 11, 30), "Nov 2026")
    assert (report.business_name, report.currency) == ("My Business", "EUR")
    assert [(s.stage, s.contacts, s.conversion) for s in report.funnel] == [
        (stage, 0, None) for stage in FUNNEL_ORDER]
    assert [row.count for row in report.pipeline] == [0, 0, 0, 0]
    assert [(f.month, f.won, f.best_case, f.goal) for f in report.forecast] == [
        (date(2026, 11, 1), D("0.00"), D("0.00"), None)]
    assert len(report.revenue) == 12
    assert {(m.won, m.deals, m.year_before) for m in report.revenue} == {(D("0.00"), 0, None)}
    assert (report.lead_sources.by_channel, report.lead_sources.by_campaign) == ([], [])
    assert report.campaigns == []
    assert report.close_rates == [MonthCloseRate(date(2026, 11, 1), 0, 0, None, None)]
    assert report.lost_reasons == []
    assert report.products == []
    assert (report.segments.industry, report.segments.size_band,
            report.segments.region) == ([], [], [])
    assert report.customers == CustomerSummary(
        0, 0, None, None, 0, [("1", 0), ("2", 0), ("3", 0), ("4", 0), ("5+", 0)])
    assert report.activity_mix.by_kind == {}
    assert {(w.sales, w.marketing) for w in report.activity_mix.weeks} == {(0, 0)}


def test_build_report_gathers_each_chart(funnel_data):
    report = build_report(NOVEMBER, today=TODAY)
    assert report.funnel == funnel(NOVEMBER)
    assert report.customers == customer_summary(NOVEMBER, TODAY)
    assert len(report.forecast) == len(NOVEMBER.months)


def test_size_bands_are_named_by_head_count():
    assert segment_label("size_band", "1") == "1 person"
    assert segment_label("size_band", "10-49") == "10-49 people"
    assert segment_label("size_band", "Not set") == "Not set"
    assert segment_label("industry", "Café") == "Café"
