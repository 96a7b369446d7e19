"""Goals: one target per period and metric; revenue targets exact in minor units."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from smeplanner.core.errors import NotFoundError, ValidationError
from smeplanner.core.goals import goals, period_start, target_value


def goal_rows(workspace):
    return workspace.database.execute_sql("SELECT * FROM goal ORDER BY id").fetchall()


@pytest.mark.parametrize(("period", "day", "expected"), [
    ("month", date(2024, 2, 29), date(2024, 2, 1)),
    ("month", date(2024, 12, 1), date(2024, 12, 1)),
    ("quarter", date(2024, 1, 1), date(2024, 1, 1)),
    ("quarter", date(2024, 3, 31), date(2024, 1, 1)),
    ("quarter", date(2024, 5, 20), date(2024, 4, 1)),
    ("quarter", date(2024, 9, 30), date(2024, 7, 1)),
    ("quarter", date(2024, 12, 31), date(2024, 10, 1)),
])
def test_period_start(period, day, expected):
    assert period_start(period, day) == expected


def test_set_goal_creates_a_revenue_goal_in_minor_units(workspace):
    goal = goals.set_goal("month", date(2024, 3, 15), "won_revenue", "12 345,50")
    assert (goal.period, goal.period_start, goal.metric) == ("month", date(2024, 3, 1),
                                                             "won_revenue")
    assert goal.target == 1234550
    value = target_value(goal)
    assert isinstance(value, Decimal)
    assert value == Decimal("12345.50")
    assert workspace.database.execute_sql("SELECT target, typeof(target) FROM goal").fetchone() \
        == (1234550, "integer")


@pytest.mark.parametrize(("target", "minor"), [
    (Decimal("5000"), 500000), (5000, 500000), ("5,000.00", 500000), ("0,01", 1), ("0", 0),
])
def test_revenue_target_forms(workspace, target, minor):
    goal = goals.set_goal("quarter", date(2024, 5, 1), "won_revenue", target)
    assert goal.target == minor
    assert target_value(goal) == Decimal(minor) / 100


def test_count_goals_are_plain_integers(workspace):
    goal = goals.set_goal("quarter", date(2024, 5, 20), "deals_won", 12)
    assert goal.period_start == date(2024, 4, 1)
    assert target_value(goal) == 12
    assert type(target_value(goal)) is int


def test_set_goal_replaces_the_goal_of_the_same_period_and_metric(workspace):
    first = goals.set_goal("month", date(2024, 3, 1), "won_revenue", "1000")
    second = goals.set_goal("month", date(2024, 3, 31), "won_revenue", "2500.50")
    assert second.id == first.id
    assert goals.count() == 1
    assert target_value(goals.get(first.id)) == Decimal("2500.50")
    assert workspace.database.execute_sql("SELECT target FROM goal").fetchone()[0] == 250050


def test_goals_are_per_period_and_metric(workspace):
    goals.set_goal("month", date(2024, 3, 1), "won_revenue", "1000")
    goals.set_goal("month", date(2024, 4, 1), "won_revenue", "1000")
    goals.set_goal("month", date(2024, 3, 1), "new_leads", 30)
    goals.set_goal("quarter", date(2024, 3, 1), "won_revenue", "3000")
    assert goals.count() == 4
    assert goals.count(metric="won_revenue", period="month") == 2


@pytest.mark.parametrize(("args", "field"), [
    (("year", date(2024, 3, 1), "won_revenue", "1000"), "period"),
    (("month", date(2024, 3, 1), "profit", "1000"), "metric"),
    (("month", date(2024, 3, 1), "won_revenue", "-1"), "target"),
    (("month", date(2024, 3, 1), "won_revenue", 1000.0), "target"),
    (("month", date(2024, 3, 1), "won_revenue", "1.005"), "target"),
    (("month", date(2024, 3, 1), "won_revenue", None), "target"),
    (("month", date(2024, 3, 1), "deals_won", -1), "target"),
    (("month", date(2024, 3, 1), "deals_won", "a few"), "target"),
    (("month", date(2024, 3, 1), "activities_done", 2.5), "target"),
])
def test_set_goal_refuses_bad_input_and_writes_nothing(workspace, args, field):
    with pytest.raises(ValidationError) as caught:
        goals.set_goal(*args)
    assert caught.value.field == field
    assert goal_rows(workspace) == []


def test_set_goal_refusing_a_new_target_keeps_the_old_one(workspace):
    goals.set_goal("month", date(2024, 3, 1), "won_revenue", "1000")
    before = goal_rows(workspace)
    with pytest.raises(ValidationError):
        goals.set_goal("month", date(2024, 3, 1), "won_revenue", "-5")
    assert goal_rows(workspace) == before


@pytest.mark.parametrize(("values", "field"), [
    ({"period": "month", "period_start": "2024-03-15"}, "period_start"),
    ({"period": "quarter", "period_start": "2024-02-01"}, "period_start"),
    ({"period": "quarter", "period_start": "2024-03-01"}, "period_start"),
    ({"period": "month", "period_start": "2024-02-30"}, "period_start"),
    ({"period": "month", "period_start": None}, "period_start"),
    ({"period": "week", "period_start": "2024-03-01"}, "period"),
    ({"period": "month", "period_start": "2024-03-01", "metric": "fun"}, "metric"),
    ({"period": "month", "period_start": "2024-03-01", "owner": "me"}, "owner"),
])
def test_create_refuses_bad_period_or_metric(workspace, values, field):
    with pytest.raises(ValidationError) as caught:
        goals.create(**{"metric": "deals_won", "target": 3, **values})
    assert caught.value.field == field
    assert goal_rows(workspace) == []


def test_duplicate_goal_is_refused(workspace):
    goals.create(period="month", period_start="2024-03-01", metric="deals_won", target=3)
    before = goal_rows(workspace)
    with pytest.raises(ValidationError) as caught:
        goals.create(period="month", period_start="2024-03-01", metric="deals_won", target=5)
    assert caught.value.field == "metric"
    assert goal_rows(workspace) == before


def test_update_into_an_existing_goals_slot_is_refused(workspace):
    goals.create(period="month", period_start="2024-03-01", metric="deals_won", target=3)
    april = goals.create(period="month", period_start="2024-04-01", metric="deals_won", target=4)
    before = goal_rows(workspace)
    with pytest.raises(ValidationError) as caught:
        goals.update(april.id, period_start="2024-03-01")
    assert caught.value.field == "metric"
    assert goal_rows(workspace) == before


def test_update_revenue_target(workspace):
    goal = goals.create(period="quarter", period_start="2024-04-01", metric="won_revenue",
                        target="10000")
    updated = goals.update(goal.id, target=Decimal("12500.25"))
    assert updated.target == 1250025
    assert target_value(updated) == Decimal("12500.25")
    assert goals.update(goal.id, period_start="2024-07-01").target == 1250025  # unchanged


def test_update_unknown_goal(workspace):
    with pytest.raises(NotFoundError):
        goals.update(9999, target=5)


@pytest.mark.parametrize("day", ["2024-03-15", "not a date"])
def test_set_goal_with_a_text_day_parses_or_refuses_it(workspace, day):
    try:
        goal = goals.set_goal("month", day, "deals_won", 3)
    except ValidationError as error:
        assert error.field == "period_start"
        assert goal_rows(workspace) == []
    else:
        assert goal.period_start == date(2024, 3, 1)
