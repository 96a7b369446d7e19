"""Goals: a target per month or quarter for won revenue, deals won, new leads, activities done."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from smeplanner.core import validate
from smeplanner.core.errors import ValidationError
from smeplanner.core.models import GOAL_METRICS, GOAL_PERIODS, Goal
from smeplanner.core.money import from_minor, to_minor
from smeplanner.core.records import RecordService

MONEY_METRICS = ("won_revenue",)


def period_start(period: str, day: date) -> date:
    """The first day of the month or quarter that contains ``day``."""
    if period == "month":
        return day.replace(day=1)
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


class GoalService(RecordService[Goal]):
    model = Goal
    label = "goal"
    fields = ("period", "period_start", "metric", "target")

    def clean(self, values: dict[str, Any], existing: Goal | None) -> dict[str, Any]:
        period = validate.choice("period", values["period"], GOAL_PERIODS)
        start = validate.a_date("period_start", values["period_start"], optional=False)
        if start != period_start(period, start):
            raise ValidationError("period_start", f"must be the first day of a {period}")
        metric = validate.choice("metric", values["metric"], GOAL_METRICS)
        if metric in MONEY_METRICS:
            # Stored in minor units; given as a money amount (Decimal, int or text).
            target = to_minor(validate.money("target", values["target"]))
        else:
            target = validate.integer("target", values["target"], minimum=0)
        clash = Goal.select().where((Goal.period == period) & (Goal.period_start == start)
                                    & (Goal.metric == metric))
        if existing is not None:
            clash = clash.where(Goal.id != existing.id)
        if clash.exists():
            raise ValidationError("metric", f"There is already a {metric} goal for that {period}")
        return {"period": period, "period_start": start, "metric": metric, "target": target}

    def _stored(self, record: Goal) -> dict[str, Any]:
        stored = super()._stored(record)
        stored["target"] = target_value(record)
        return stored

    def set_goal(self, period: str, day: date, metric: str, target: Any) -> Goal:
        """Create or replace the goal for the period containing ``day``."""
        day = validate.a_date("period_start", day, optional=False)
        start = period_start(validate.choice("period", period, GOAL_PERIODS), day)
        found = Goal.get_or_none((Goal.period == period) & (Goal.period_start == start)
                                 & (Goal.metric == metric))
        if found is None:
            return self.create(period=period, period_start=start, metric=metric, target=target)
        return self.update(found.id, target=target)


def target_value(goal: Goal) -> Decimal | int:
    """The target as shown: a Decimal amount for money metrics, a count otherwise."""
    return from_minor(goal.target) if goal.metric in MONEY_METRICS else goal.target


goals = GoalService()
