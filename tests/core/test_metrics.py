"""Sales figures: pipeline by stage, forecast, win rate, cycle time, goal progress.

Every expected number below is worked out by hand in the comments next to the fixture.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import count

import pytest

from smeplanner.core import metrics, pipeline
from smeplanner.core.deals import deals
from smeplanner.core.errors import ValidationError
from smeplanner.core.goals import goals
from smeplanner.core.metrics import GoalProgress, MonthForecast, StageTotals
from smeplanner.core.models import (
    Activity,
    Contact,
    Deal,
    DealStageChange,
    LifecycleChange,
    PipelineStage,
)

D = Decimal
_titles = count(1)


@pytest.fixture
def in_zone(monkeypatch):
    """Call with a zone name to run the rest of the test in that local time zone."""
    with monkeypatch.context() as patch:
        def use(zone):
            patch.setenv("TZ", zone)
            time.tzset()
        yield use
    time.tzset()


def stage_id(name: str) -> int:
    return PipelineStage.get(PipelineStage.name == name).id


def add_deal(amount: str, stage: str = "Prospect", **fields) -> int:
    """A deal written straight to the table (no history), its status matching its stage."""
    kind = PipelineStage.get_by_id(stage_id(stage)).kind
    return Deal.create(title=f"Deal {next(_titles)}", amount=D(amount), stage=stage_id(stage),
                       status=kind, **fields).id


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def change(deal: int, from_stage: str | None, to_stage: str, at: datetime) -> None:
    DealStageChange.create(deal=deal, from_stage=stage_id(from_stage) if from_stage else None,
                           to_stage=stage_id(to_stage), changed_at=at)


# --- periods ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("period", "day", "expected"), [
    ("month", date(2024, 2, 10), (date(2024, 2, 1), date(2024, 2, 29))),  # leap year
    ("month", date(2026, 2, 28), (date(2026, 2, 1), date(2026, 2, 28))),
    ("month", date(2026, 12, 31), (date(2026, 12, 1), date(2026, 12, 31))),
    ("month", date(2026, 4, 1), (date(2026, 4, 1), date(2026, 4, 30))),
    ("quarter", date(2026, 1, 1), (date(2026, 1, 1), date(2026, 3, 31))),
    ("quarter", date(2026, 5, 31), (date(2026, 4, 1), date(2026, 6, 30))),
    ("quarter", date(2026, 9, 30), (date(2026, 7, 1), date(2026, 9, 30))),
    ("quarter", date(2026, 11, 15), (date(2026, 10, 1), date(2026, 12, 31))),
])
def test_period_bounds(period, day, expected):
    assert metrics.period_bounds(period, day) == expected


def test_period_bounds_refuses_an_unknown_period():
    with pytest.raises(ValidationError) as caught:
        metrics.period_bounds("year", date(2026, 1, 1))
    assert caught.value.field == "period"


@pytest.mark.parametrize(("period", "day", "steps", "expected"), [
    ("month", date(2026, 1, 20), -1, date(2025, 12, 1)),
    ("month", date(2026, 1, 20), 0, date(2026, 1, 1)),
    ("month", date(2026, 11, 30), 14, date(2028, 1, 1)),
    ("quarter", date(2026, 11, 15), 1, date(2027, 1, 1)),
    ("quarter", date(2026, 11, 15), -4, date(2025, 10, 1)),
])
def test_shift_period(period, day, steps, expected):
    assert metrics.shift_period(period, day, steps) == expected


# --- pipeline by stage -----------------------------------------------------------------------

def test_pipeline_by_stage_weighs_each_deal_by_its_override_or_stage_probability(workspace):
    pipeline.add_stage("Demo", 60)  # an open stage with no deals is listed too
    pipeline.reorder_stages([stage_id(name) for name in (
        "Prospect", "Qualified", "Negotiation", "Proposal", "Demo", "Won", "Lost")])
    # Prospect (10 %): 1000.00 × 10 % = 100.00; 2000.00 with override 50 % = 1000.00.
    add_deal("1000.00", "Prospect")
    add_deal("2000.00", "Prospect", probability_override=50)
    # Qualified (25 %): 333.33 × 25 % = 83.3325; 0.02 × 25 % = 0.005 twice.
    # Exact total 83.3425 → 83.34 (rounding each deal first would give 83.33+0.01+0.01=83.35).
    add_deal("333.33", "Qualified")
    add_deal("0.02", "Qualified")
    add_deal("0.02", "Qualified")
    # Negotiation (75 %) overridden to 0 %: weighted 0.
    add_deal("4000.00", "Negotiation", probability_override=0)
    # Closed deals are not pipeline.
    add_deal("9999.00", "Won", closed_on=date(2026, 3, 1))
    add_deal("500.00", "Lost", closed_on=date(2026, 3, 1))

    result = metrics.pipeline_by_stage()

    assert all(isinstance(row, StageTotals) for row in result)
    assert [(row.name, row.kind, row.probability, row.count, row.amount, row.weighted)
            for row in result] == [
        ("Prospect", "open", 10, 2, D("3000.00"), D("1100.00")),
        ("Qualified", "open", 25, 3, D("333.37"), D("83.34")),
        ("Negotiation", "open", 75, 1, D("4000.00"), D("0.00")),
        ("Proposal", "open", 50, 0, D("0.00"), D("0.00")),
        ("Demo", "open", 60, 0, D("0.00"), D("0.00")),
    ]
    assert [row.stage_id for row in result] == [stage_id(row.name) for row in result]


def test_pipeline_of_an_empty_workspace_lists_the_default_open_stages(workspace):
    assert [(row.name, row.probability, row.count, row.amount, row.weighted)
            for row in metrics.pipeline_by_stage()] == [
        ("Prospect", 10, 0, D("0.00"), D("0.00")),
        ("Qualified", 25, 0, D("0.00"), D("0.00")),
        ("Proposal", 50, 0, D("0.00"), D("0.00")),
        ("Negotiation", 75, 0, D("0.00"), D("0.00")),
    ]


# --- forecast --------------------------------------------------------------------------------

TODAY = date(2026, 3, 16)  # the current month is March 2026


@pytest.fixture
def forecast_deals(workspace):
    # Won deals by closed_on: January 1000.00 + 500.50 = 1500.50; March 2000.00.
    add_deal("1000.00", "Won", closed_on=date(2026, 1, 10))
    add_deal("500.50", "Won", closed_on=date(2026, 1, 31))
    add_deal("2000.00", "Won", closed_on=date(2026, 3, 2))
    add_deal("700.00", "Won", closed_on=date(2025, 12, 31))   # before the range
    add_deal("9000.00", "Won", closed_on=date(2026, 6, 1))    # after the range
    add_deal("800.00", "Lost", closed_on=date(2026, 3, 5))    # lost: never counted
    # April: 1000.00 × 50 % = 500.00; 2000.00 × override 40 % = 800.00 → weighted 1300.00,
    # best case 1000.00 + 2000.00 = 3000.00.
    add_deal("1000.00", "Proposal", expected_close=date(2026, 4, 15))
    add_deal("2000.00", "Prospect", expected_close=date(2026, 4, 30), probability_override=40)
    # March (current month) gathers the overdue and undated open deals:
    #   400.00 Qualified 25 %, expected in February (overdue)   → 100.00
    #   100.10 Negotiation 75 %, no expected close              →  75.075
    #   300.00 Prospect 10 %, expected 20 March                 →  30.00
    #    10.00 Prospect 10 %, expected 1 March (before today)   →   1.00
    # weighted 206.075 → 206.08; best case 2000.00 won + 810.10 open = 2810.10.
    add_deal("400.00", "Qualified", expected_close=date(2026, 2, 10))
    add_deal("100.10", "Negotiation", expected_close=None)
    add_deal("300.00", "Prospect", expected_close=date(2026, 3, 20))
    add_deal("10.00", "Prospect", expected_close=date(2026, 3, 1))
    # July: 5000.00 × 10 % = 500.00 (outside the main range).
    add_deal("5000.00", "Prospect", expected_close=date(2026, 7, 1))
    # Goals: January has its own month goal (1200.00); February and March take a third of
    # the Q1 goal 10000.00 = 3333.333… → 3333.33; April a third of Q2's 200.00 = 66.666… →
    # 66.67; May its month goal 250.50. A deals_won goal is not a revenue goal.
    goals.set_goal("month", date(2026, 1, 1), "won_revenue", "1200")
    goals.set_goal("quarter", date(2026, 1, 1), "won_revenue", "10000")
    goals.set_goal("quarter", date(2026, 4, 1), "won_revenue", "200")
    goals.set_goal("month", date(2026, 5, 1), "won_revenue", "250.50")
    goals.set_goal("month", date(2026, 4, 1), "deals_won", 7)
    goals.set_goal("month", date(2025, 12, 1), "won_revenue", "99")  # outside the range


def test_forecast_by_month(forecast_deals):
    result = metrics.forecast(date(2026, 1, 20), 5, today=TODAY)
    assert all(isinstance(month, MonthForecast) for month in result)
    assert [(m.month, m.won, m.weighted_open, m.best_case, m.goal) for m in result] == [
        (date(2026, 1, 1), D("1500.50"), D("0.00"), D("1500.50"), D("1200.00")),
        # Open deals expected in February count in March (overdue), not here.
        (date(2026, 2, 1), D("0.00"), D("0.00"), D("0.00"), D("3333.33")),
        (date(2026, 3, 1), D("2000.00"), D("206.08"), D("2810.10"), D("3333.33")),
        (date(2026, 4, 1), D("0.00"), D("1300.00"), D("3000.00"), D("66.67")),
        (date(2026, 5, 1), D("0.00"), D("0.00"), D("0.00"), D("250.50")),
    ]


def test_forecast_later_months(forecast_deals):
    # June is in Q2 (a third of 200.00 = 66.67); July's Q3 has no goal at all.
    result = metrics.forecast(date(2026, 6, 1), 2, today=TODAY)
    assert [(m.month, m.won, m.weighted_open, m.best_case, m.goal) for m in result] == [
        (date(2026, 6, 1), D("9000.00"), D("0.00"), D("9000.00"), D("66.67")),
        (date(2026, 7, 1), D("0.00"), D("500.00"), D("5000.00"), None),
    ]


def test_overdue_deals_follow_the_current_month(forecast_deals):
    # Seen from 5 April, the February, March and undated open deals all fall due in April:
    # 100.00 + 75.075 + 30.00 + 1.00 + April's own 1300.00 = 1506.075 → 1506.08;
    # best case 400.00 + 100.10 + 300.00 + 10.00 + 3000.00 = 3810.10.
    march, april = metrics.forecast(date(2026, 3, 1), 2, today=date(2026, 4, 5))
    assert (march.weighted_open, march.best_case) == (D("0.00"), D("2000.00"))
    assert (april.weighted_open, april.best_case) == (D("1506.08"), D("3810.10"))


def test_forecast_of_an_empty_workspace(workspace):
    assert metrics.forecast(date(2026, 11, 1), 2, today=date(2026, 11, 3)) == [
        MonthForecast(date(2026, 11, 1), D("0.00"), D("0.00"), D("0.00"), None),
        MonthForecast(date(2026, 12, 1), D("0.00"), D("0.00"), D("0.00"), None),
    ]
    assert metrics.forecast(date(2026, 11, 1), 0, today=date(2026, 11, 3)) == []


# --- win rate --------------------------------------------------------------------------------

@pytest.mark.parametrize(("won", "lost", "expected"), [
    (3, 4, D("42.9")),    # 300 / 7 = 42.857…
    (1, 15, D("6.3")),    # 100 / 16 = 6.25, half up (not to even)
    (2, 1, D("66.7")),    # 66.666…
    (2, 0, D("100.0")),
    (0, 3, D("0.0")),
    (0, 0, None),         # nothing closed: no rate
])
def test_win_rate_of_deals_closed_in_the_period(workspace, won, lost, expected):
    # Inside March, the first won deal closes on the 1st and the first lost one on the 31st:
    # both ends are inclusive.
    for index in range(won):
        add_deal("100", "Won", closed_on=date(2026, 3, 1 + index % 31))
    for index in range(lost):
        add_deal("100", "Lost", closed_on=date(2026, 3, 31 - index % 31))
    # Outside the period or still open: never counted.
    add_deal("100", "Won", closed_on=date(2026, 2, 28))
    add_deal("100", "Lost", closed_on=date(2026, 4, 1))
    add_deal("100", "Proposal", expected_close=date(2026, 3, 10))
    assert metrics.win_rate(date(2026, 3, 1), date(2026, 3, 31)) == expected


# --- average days to close -------------------------------------------------------------------

def test_average_days_to_close_from_the_stage_history(workspace, in_zone):
    in_zone("Pacific/Auckland")  # UTC+13 in March (daylight saving time)
    # 1: entered 1 March 08:00 UTC, won 11 March 20:00 UTC → 10.5 days.
    first = add_deal("100", "Won", closed_on=date(2026, 3, 11))
    change(first, None, "Prospect", utc(2026, 3, 1, 8))
    change(first, "Prospect", "Qualified", utc(2026, 3, 3, 9))
    change(first, "Qualified", "Won", utc(2026, 3, 11, 20))
    # 2: no creation record; its earliest change (20 Feb 12:00) is its entry. Won, reopened,
    # won again: the last won change (2 March 00:00) counts → 9.5 days.
    second = add_deal("100", "Won", closed_on=date(2026, 3, 2))
    change(second, "Prospect", "Qualified", utc(2026, 2, 20, 12))
    change(second, "Qualified", "Won", utc(2026, 2, 25, 12))
    change(second, "Won", "Proposal", utc(2026, 2, 26, 12))
    change(second, "Proposal", "Won", utc(2026, 3, 2, 0))
    # 3: no won change recorded: whole days from the local date of entry to closed_on. Entry
    # 5 March 14:00 UTC is 6 March 03:00 in Auckland → 9 − 6 = 3 days (4 if read in UTC).
    third = add_deal("100", "Won", closed_on=date(2026, 3, 9))
    change(third, None, "Proposal", utc(2026, 3, 5, 14))
    # 4: the creation record (10 March 00:00) is the entry even though an odd earlier change
    # exists (8 March); won 12 March 12:00 → 2.5 days (4.5 from the earliest change).
    fourth = add_deal("100", "Won", closed_on=date(2026, 3, 12))
    change(fourth, "Prospect", "Qualified", utc(2026, 3, 8, 0))
    change(fourth, None, "Qualified", utc(2026, 3, 10, 0))
    change(fourth, "Qualified", "Won", utc(2026, 3, 12, 12))
    # Not counted: won in April (100 days), lost in March, open.
    april = add_deal("100", "Won", closed_on=date(2026, 4, 2))
    change(april, None, "Prospect", utc(2025, 12, 23, 0))
    change(april, "Prospect", "Won", utc(2026, 4, 2, 0))
    lost = add_deal("100", "Lost", closed_on=date(2026, 3, 20))
    change(lost, None, "Prospect", utc(2026, 1, 1, 0))
    change(lost, "Prospect", "Lost", utc(2026, 3, 20, 0))
    # (10.5 + 9.5 + 3 + 2.5) / 4 = 6.375 → 6.4
    assert metrics.average_days_to_close(date(2026, 3, 1), date(2026, 3, 31)) == D("6.4")
    # February alone: nothing was won then (deal 2's first win was undone).
    assert metrics.average_days_to_close(date(2026, 2, 1), date(2026, 2, 28)) is None


def test_a_deal_without_history_counts_from_its_creation(workspace, in_zone):
    in_zone("UTC")
    # Created 1 March 12:00 UTC, closed 8 March, no history at all → 7 whole days.
    add_deal("100", "Won", closed_on=date(2026, 3, 8), created_at=utc(2026, 3, 1, 12))
    assert metrics.average_days_to_close(date(2026, 3, 1), date(2026, 3, 31)) == D("7.0")


def test_a_deal_won_through_the_service_the_same_second_took_no_days(workspace):
    deal = deals.create(title="Quick one", amount="50")
    deals.move_to_stage(deal.id, stage_id("Won"), closed_on=date(2026, 3, 4))
    # Created and won within the test: under a second apart, so 0.0 days.
    assert metrics.average_days_to_close(date(2026, 3, 1), date(2026, 3, 31)) == D("0.0")


def test_win_rate_and_cycle_time_of_an_empty_workspace(workspace):
    assert metrics.win_rate(date(2026, 1, 1), date(2026, 12, 31)) is None
    assert metrics.average_days_to_close(date(2026, 1, 1), date(2026, 12, 31)) is None


# --- goal progress ---------------------------------------------------------------------------

def lead_change(contact: int, from_stage: str | None, to_stage: str, at: datetime) -> None:
    LifecycleChange.create(contact=contact, from_stage=from_stage, to_stage=to_stage,
                           changed_at=at)


def done_activity(at: datetime | None) -> None:
    Activity.create(subject="Call", kind="call", due_date=date(2026, 3, 10), done=at is not None,
                    done_at=at)


@pytest.fixture
def goal_data(workspace, in_zone):
    """March 2026 in Berlin: local month = [28 Feb 23:00 UTC, 31 Mar 22:00 UTC) — UTC+1 at
    the start, UTC+2 (summer time from 29 March) at the end."""
    in_zone("Europe/Berlin")
    # Won deals in March: 1000.00 + 234.56 = 1234.56, 2 deals. February's 765.44 belongs to
    # the quarter only; April's, the lost and the open deal to neither.
    add_deal("1000.00", "Won", closed_on=date(2026, 3, 1))
    add_deal("234.56", "Won", closed_on=date(2026, 3, 31))
    add_deal("765.44", "Won", closed_on=date(2026, 2, 28))
    add_deal("5000.00", "Won", closed_on=date(2026, 4, 1))
    add_deal("300.00", "Lost", closed_on=date(2026, 3, 15))
    add_deal("300.00", "Proposal", expected_close=date(2026, 3, 15))
    # Contacts entering "lead" (UTC instant → Berlin local time):
    c = [Contact.create(first_name=f"C{n}").id for n in range(8)]
    lead_change(c[1], None, "lead", utc(2026, 2, 28, 23, 30))          # 1 Mar 00:30 → March
    lead_change(c[2], "subscriber", "lead", utc(2026, 2, 28, 22, 59, 59))  # 28 Feb → Q1 only
    lead_change(c[3], "subscriber", "lead", utc(2026, 3, 31, 21, 59, 59))  # 31 Mar 23:59:59
    lead_change(c[4], None, "lead", utc(2026, 3, 31, 22))              # 1 Apr 00:00 → no
    lead_change(c[5], None, "lead", utc(2026, 3, 2, 9))                # twice in March:
    lead_change(c[5], "lead", "qualified", utc(2026, 3, 3, 9))         #   counted once
    lead_change(c[5], "qualified", "lead", utc(2026, 3, 4, 9))
    lead_change(c[6], "lead", "qualified", utc(2026, 3, 10, 9))        # not into lead
    lead_change(c[7], None, "lead", utc(2026, 3, 31, 23, 30))          # 1 Apr 01:30 → no
    # → March: c1, c3, c5 = 3 (UTC days would give c3, c4, c5, c7 = 4); Q1: + c2 = 4.
    done_activity(utc(2026, 2, 28, 23))          # 1 Mar 00:00 → March
    done_activity(utc(2026, 2, 28, 22, 59, 59))  # 28 Feb 23:59:59 → Q1 only
    done_activity(utc(2026, 3, 15, 10))          # March
    done_activity(utc(2026, 3, 31, 21, 30))      # 31 Mar 23:30 → March
    done_activity(utc(2026, 3, 31, 22))          # 1 Apr 00:00 → no
    done_activity(utc(2026, 3, 31, 23, 30))      # 1 Apr 01:30 → no
    done_activity(None)                          # not done
    # → March: 3 (UTC days would give 4); Q1: 4.


def test_goal_progress_for_a_month(goal_data):
    # Targets: revenue 2469.12 (→ 1234.56 is half), deals 0 (no fraction), leads none,
    # activities 2 (→ 3 done is 150 %). Quarter goals do not apply to a month.
    goals.set_goal("month", date(2026, 3, 1), "won_revenue", "2469.12")
    goals.set_goal("month", date(2026, 3, 1), "deals_won", 0)
    goals.set_goal("month", date(2026, 3, 1), "activities_done", 2)
    goals.set_goal("quarter", date(2026, 1, 1), "new_leads", 40)
    goals.set_goal("month", date(2026, 4, 1), "new_leads", 40)

    result = metrics.goal_progress("month", date(2026, 3, 16))

    march = (date(2026, 3, 1), date(2026, 3, 31))
    assert result == [
        GoalProgress("won_revenue", "Won revenue", *march, D("2469.12"), D("1234.56"), 0.5),
        GoalProgress("deals_won", "Deals won", *march, 0, 2, None),
        GoalProgress("new_leads", "New leads", *march, None, 3, None),
        GoalProgress("activities_done", "Activities done", *march, 2, 3, 1.5),
    ]
    assert isinstance(result[0].target, Decimal)
    assert isinstance(result[0].actual, Decimal)


def test_goal_progress_for_a_quarter(goal_data):
    # Q1 2026: revenue 1234.56 + 765.44 = 2000.00 of 8000.00 = 0.25; 3 deals of 4 = 0.75;
    # leads 4 of 40 = 0.1; activities 4 of 5 = 0.8. Month goals do not apply to a quarter.
    goals.set_goal("quarter", date(2026, 2, 1), "won_revenue", "8000")
    goals.set_goal("quarter", date(2026, 2, 1), "deals_won", 4)
    goals.set_goal("quarter", date(2026, 2, 1), "new_leads", 40)
    goals.set_goal("quarter", date(2026, 2, 1), "activities_done", 5)
    goals.set_goal("month", date(2026, 3, 1), "deals_won", 99)

    result = metrics.goal_progress("quarter", date(2026, 2, 10))

    assert [(g.metric, g.period_start, g.period_end, g.target, g.actual, g.fraction)
            for g in result] == [
        ("won_revenue", date(2026, 1, 1), date(2026, 3, 31), D("8000.00"), D("2000.00"), 0.25),
        ("deals_won", date(2026, 1, 1), date(2026, 3, 31), 4, 3, 0.75),
        ("new_leads", date(2026, 1, 1), date(2026, 3, 31), 40, 4, 0.1),
        ("activities_done", date(2026, 1, 1), date(2026, 3, 31), 5, 4, 0.8),
    ]


def test_goal_progress_of_an_empty_workspace(workspace):
    november = (date(2026, 11, 1), date(2026, 11, 30))
    assert metrics.goal_progress("month", date(2026, 11, 3)) == [
        GoalProgress("won_revenue", "Won revenue", *november, None, D("0.00"), None),
        GoalProgress("deals_won", "Deals won", *november, None, 0, None),
        GoalProgress("new_leads", "New leads", *november, None, 0, None),
        GoalProgress("activities_done", "Activities done", *november, None, 0, None),
    ]


def test_new_leads_count_contacts_created_as_leads_through_the_service(workspace):
    from smeplanner.core.contacts import contacts
    from smeplanner.core.timeutil import today

    contacts.create(first_name="Anna")                               # a lead by default
    contacts.create(first_name="Bernd", lifecycle_stage="customer")  # never a lead
    carla = contacts.create(first_name="Carla", lifecycle_stage="subscriber")
    contacts.set_stage(carla.id, "lead")
    progress = {g.metric: g.actual for g in metrics.goal_progress("month", today())}
    assert progress["new_leads"] == 2


# --- saving goals ----------------------------------------------------------------------------

def stored_goals(workspace):
    return workspace.database.execute_sql(
        "SELECT period, period_start, metric, target FROM goal ORDER BY metric").fetchall()


def test_save_goals_sets_all_four_in_the_period(workspace):
    stored = metrics.save_goals("quarter", date(2026, 11, 15), {
        "won_revenue": "12.500,50", "deals_won": 12, "new_leads": 30, "activities_done": 0})
    assert stored == {"won_revenue": D("12500.50"), "deals_won": 12, "new_leads": 30,
                      "activities_done": 0}
    assert stored_goals(workspace) == [
        ("quarter", "2026-10-01", "activities_done", 0),
        ("quarter", "2026-10-01", "deals_won", 12),
        ("quarter", "2026-10-01", "new_leads", 30),
        ("quarter", "2026-10-01", "won_revenue", 1250050),
    ]
    assert metrics.goal_targets("quarter", date(2026, 12, 31)) == stored
    assert metrics.goal_targets("month", date(2026, 11, 15)) == dict.fromkeys(stored)


def test_save_goals_replaces_and_removes_only_what_it_names(workspace):
    metrics.save_goals("month", date(2026, 11, 1), {
        "won_revenue": "1000", "deals_won": 5, "new_leads": 30, "activities_done": 80})
    metrics.save_goals("month", date(2026, 11, 1), {"won_revenue": "", "deals_won": None,
                                                    "new_leads": 31})
    assert stored_goals(workspace) == [("month", "2026-11-01", "activities_done", 80),
                                       ("month", "2026-11-01", "new_leads", 31)]


@pytest.mark.parametrize(("targets", "field"), [
    ({"won_revenue": "lots", "deals_won": 3}, "won_revenue"),
    ({"won_revenue": "100", "deals_won": -1}, "deals_won"),
    ({"won_revenue": "100", "activities_done": "a few"}, "activities_done"),
    ({"won_revenue": "100", "profit": 5}, "profit"),
])
def test_save_goals_names_the_bad_field_and_stores_nothing(workspace, targets, field):
    metrics.save_goals("month", date(2026, 11, 1), {"won_revenue": "50", "new_leads": 9})
    before = stored_goals(workspace)
    with pytest.raises(ValidationError) as caught:
        metrics.save_goals("month", date(2026, 11, 1), {**targets, "new_leads": None})
    assert caught.value.field == field
    assert stored_goals(workspace) == before


def test_save_goals_refuses_an_unknown_period(workspace):
    with pytest.raises(ValidationError) as caught:
        metrics.save_goals("week", date(2026, 11, 1), {"deals_won": 3})
    assert caught.value.field == "period"
    assert stored_goals(workspace) == []
