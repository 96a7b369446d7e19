"""The marketing calendar: month, week and quarter views of campaigns and deliverables."""

from smeplanner.ui.widgets.calendar.calendar_widget import MarketingCalendar

__all__ = ["MarketingCalendar"]
