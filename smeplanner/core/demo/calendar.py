"""The demo's calendar: days counted from its first day, instants as seconds, month names."""

from __future__ import annotations

import functools
from datetime import date, timedelta

DAY = 86_400
HOUR = 3_600
# Day 0 of the demo calendar; the oldest contact is ~2.5 years old, deal cycles reach further.
_HISTORY_DAYS = 1_100
_FUTURE_DAYS = 400

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
SEASONS = ("Winter", "Winter", "Spring", "Spring", "Spring", "Summer", "Summer", "Summer",
           "Autumn", "Autumn", "Autumn", "Winter")


@functools.cache
def _clock_texts() -> tuple[str, ...]:
    """'HH:MM:SS' for every second of a day, so stamping an instant is two list look-ups."""
    return tuple(f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(DAY))


class Calendar:
    """Days as integers from the demo's first day, instants as seconds from its midnight (UTC)."""

    def __init__(self, today: date) -> None:
        self.first = today - timedelta(days=_HISTORY_DAYS)
        self.today = _HISTORY_DAYS
        # The demo is seen as of 09:00 UTC on ``today``: the morning's items may be done.
        self.now = self.today * DAY + 9 * HOUR
        first_ordinal = self.first.toordinal()
        self.dates = [date.fromordinal(first_ordinal + d)
                      for d in range(_HISTORY_DAYS + _FUTURE_DAYS)]
        self.texts = [d.isoformat() for d in self.dates]
        base = today.year * 12 + today.month - 1
        # Month of each day relative to today's month (0 = this month, -1 = last month...).
        self.month_of = [d.year * 12 + d.month - 1 - base for d in self.dates]
        self._clock = _clock_texts()
        self.week_start = self.today - today.weekday()

    def stamp(self, seconds: int) -> str:
        day, rest = divmod(seconds, DAY)
        return self.texts[day] + " " + self._clock[rest]
