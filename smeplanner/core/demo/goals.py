"""Demo goals: monthly and quarterly targets near what the demo business achieved."""

from __future__ import annotations

from datetime import date

from smeplanner.core import models
from smeplanner.core.demo.base import BuilderBase


class GoalsMixin(BuilderBase):
    """Sets the goals from the results the earlier stages counted per month."""

    def make_goals(self) -> None:
        """Monthly and quarterly targets near what the business actually achieved."""
        cal, rnd = self.cal, self.rnd
        today = cal.dates[cal.today]
        actual = {
            "won_revenue": {m: sum(v) for m, v in self.won_by_month.items()},
            "deals_won": {m: len(v) for m, v in self.won_by_month.items()},
            "new_leads": self.new_leads_by_month,
            "activities_done": self.done_by_month,
        }
        this_month = today.year * 12 + today.month - 1
        first_quarter = (this_month - 12) - (this_month - 12) % 3
        last_quarter = (this_month + 3) - (this_month + 3) % 3
        months = range(first_quarter - this_month, last_quarter + 3 - this_month)
        targets: dict[str, dict[int, int]] = {}
        for metric in models.GOAL_METRICS:
            past = [actual[metric].get(m, 0) for m in range(-12, 0)]
            base = max(1.0, sum(past) / len(past))
            per_month = {}
            for month in months:
                ambition = (0.95 + 0.2 * rnd()) if month < 0 else (1.05 + 0.15 * rnd())
                value = base * ambition
                if metric == "won_revenue":
                    per_month[month] = max(10_000, round(value / 10_000) * 10_000)
                else:
                    per_month[month] = max(1, round(value))
            targets[metric] = per_month

        def first_day(month: int) -> str:
            year, index = divmod(this_month + month, 12)
            return date(year, index + 1, 1).isoformat()

        rows = []
        goal_id = self.next_id("goal")
        for metric in models.GOAL_METRICS:
            for month in range(-12, 4):
                rows.append((goal_id, "month", first_day(month), metric, targets[metric][month]))
                goal_id += 1
            for quarter in range(first_quarter - this_month, last_quarter - this_month + 1, 3):
                total = sum(targets[metric][quarter + i] for i in range(3))
                if metric == "won_revenue":
                    total = round(total / 50_000) * 50_000
                rows.append((goal_id, "quarter", first_day(quarter), metric, total))
                goal_id += 1
        self.write("goal", "id, period, period_start, metric, target", rows,
                   verb="INSERT OR IGNORE")
