"""The marketing calendar widget (it lives in the ``calendar`` package: views, legend, toolbar)."""

from smeplanner.ui.widgets.calendar import MarketingCalendar
from smeplanner.ui.widgets.calendar.month_view import MonthView
from smeplanner.ui.widgets.calendar.quarter_view import QuarterView
from smeplanner.ui.widgets.calendar.week_view import WeekView

__all__ = ["MarketingCalendar", "MonthView", "QuarterView", "WeekView"]
