"""The marketing calendar: a toolbar (Month / Week / Quarter, back, today, forward, the
period's title), the key to its colours, and the three views in a stack."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core import timeutil
from smeplanner.ui.widgets.calendar.common import (
    MODES,
    period_range,
    period_title,
    shift_period,
    tr,
)
from smeplanner.ui.widgets.calendar.interaction import CalendarView
from smeplanner.ui.widgets.calendar.legend import ChannelLegend
from smeplanner.ui.widgets.calendar.month_view import MonthView
from smeplanner.ui.widgets.calendar.quarter_view import QuarterView
from smeplanner.ui.widgets.calendar.week_view import WeekView

if TYPE_CHECKING:
    from smeplanner.core.marketing_calendar import CalendarItems

Loader = Callable[[date, date], "CalendarItems"]

_STEP_TIPS = {"month": (tr("Previous month (PageUp)"), tr("Next month (PageDown)")),
              "week": (tr("Previous week (PageUp)"), tr("Next week (PageDown)")),
              "quarter": (tr("Previous quarter (PageUp)"), tr("Next quarter (PageDown)"))}


class MarketingCalendar(QWidget):
    """Campaigns and deliverables on a month, week or quarter calendar.

    It reads nothing itself: ``set_loader`` gives it a function from a day range to
    ``CalendarItems``, which it calls for the range it shows whenever it needs to (a new
    period or mode, ``reload()``). It writes nothing either: a drag or a double-click is a
    signal, which the page turns into an (undoable) change before calling ``reload()``.

    Signals:
        day_double_clicked(object): a date; create a campaign or deliverable there.
        campaign_moved(int, int): campaign id, days to move it by (its body dragged).
        campaign_resized(int, object, object): campaign id, new start, new end (an edge).
        deliverable_moved(int, object): activity id, its new day (a chip dragged).
        campaign_activated(int) / deliverable_activated(int): double-click or Enter.
        selection_changed(str, int): "campaign" or "deliverable" and its id; ("", 0) when
            the selection is cleared.
        range_changed(object, object): the first and last day now shown.
    """

    day_double_clicked = Signal(object)
    campaign_moved = Signal(int, int)
    campaign_resized = Signal(int, object, object)
    deliverable_moved = Signal(int, object)
    campaign_activated = Signal(int)
    deliverable_activated = Signal(int)
    selection_changed = Signal(str, int)
    range_changed = Signal(object, object)

    def __init__(self, parent: QWidget | None = None, *,
                 today: Callable[[], date] = timeutil.today) -> None:
        super().__init__(parent)
        self._today = today
        self._mode = "month"
        self._week_start = 0
        self._anchor = today()
        self._loader: Loader | None = None
        self.items: CalendarItems | None = None

        self.mode_buttons: dict[str, QToolButton] = {}
        self._mode_group = QButtonGroup(self)
        self._mode_group.setExclusive(True)
        for mode, label, key in (("month", tr("Month"), "M"), ("week", tr("Week"), "W"),
                                 ("quarter", tr("Quarter"), "Q")):
            button = QToolButton()
            button.setText(label)
            button.setCheckable(True)
            button.setToolTip(tr("Show a {period} ({key})").format(period=label.lower(), key=key))
            button.setObjectName(f"calendar-{mode}")
            button.clicked.connect(lambda _=False, m=mode: self.set_mode(m))
            self._mode_group.addButton(button)
            self.mode_buttons[mode] = button
        self.prev_button = QToolButton()
        self.prev_button.setText("◀")
        self.prev_button.setAccessibleName(tr("Previous"))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.today_button = QToolButton()
        self.today_button.setText(tr("Today"))
        self.today_button.setToolTip(tr("Go to today (T)"))
        self.today_button.clicked.connect(self.go_to_today)
        self.next_button = QToolButton()
        self.next_button.setText("▶")
        self.next_button.setAccessibleName(tr("Next"))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.title_label = QLabel()
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        title_font = QFont(self.title_label.font())
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        self.title_label.setFont(title_font)
        self.legend = ChannelLegend()

        self.month_view = MonthView()
        self.week_view = WeekView()
        self.quarter_view = QuarterView()
        self.views: dict[str, CalendarView] = {"month": self.month_view,
                                               "week": self.week_view,
                                               "quarter": self.quarter_view}
        self.month_view.setAccessibleName(tr("Month calendar"))
        self.week_view.setAccessibleName(tr("Week calendar"))
        self.quarter_view.setAccessibleName(tr("Quarter timeline"))
        self.stack = QStackedWidget()
        for view in self.views.values():
            self.stack.addWidget(view)
            self._connect_view(view)

        toolbar = QHBoxLayout()
        toolbar.setSpacing(4)
        for button in self.mode_buttons.values():
            toolbar.addWidget(button)
        toolbar.addSpacing(16)
        toolbar.addWidget(self.prev_button)
        toolbar.addWidget(self.today_button)
        toolbar.addWidget(self.next_button)
        toolbar.addSpacing(12)
        toolbar.addWidget(self.title_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(toolbar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.legend)
        self.setFocusProxy(self.month_view)
        self._show()

    def _connect_view(self, view: CalendarView) -> None:
        view.day_double_clicked.connect(self.day_double_clicked)
        view.campaign_moved.connect(self.campaign_moved)
        view.campaign_resized.connect(self.campaign_resized)
        view.deliverable_moved.connect(self.deliverable_moved)
        view.campaign_activated.connect(self.campaign_activated)
        view.deliverable_activated.connect(self.deliverable_activated)
        view.selection_changed.connect(self.selection_changed)
        view.step_requested.connect(self.step)
        view.day_requested.connect(self.show_date)
        view.mode_requested.connect(self.set_mode)

    # --- public API ----------------------------------------------------------------------
    def set_loader(self, load: Loader) -> None:
        """``load(first, last)`` returns the items for those days; called now and on need."""
        self._loader = load
        self.reload()

    def reload(self) -> None:
        """Ask the loader again for the range shown (after a change the page made)."""
        if self._loader is None:
            return
        first, last = self.visible_range
        self.items = self._loader(first, last)
        self.current_view.set_items(self.items)

    def show_date(self, day: date) -> None:
        """Show the period holding ``day`` and make it the selected day."""
        self._anchor = day
        self._show()

    def set_mode(self, mode: str) -> None:
        """"month", "week" or "quarter"; the selected day stays."""
        if mode not in MODES:
            raise ValueError(f"unknown calendar mode {mode!r}")
        had_focus = self.current_view.hasFocus()
        self._anchor = self.selected_day
        self._mode = mode
        self._show()
        if had_focus:
            self.current_view.setFocus()

    def set_week_start(self, weekday: int) -> None:
        """The first day of a week: 0 Monday (the default) … 6 Sunday."""
        if not 0 <= weekday <= 6:
            raise ValueError(f"week start must be 0..6, not {weekday!r}")
        self._week_start = weekday
        self.quarter_view.week_start = weekday
        self._show()

    def step(self, steps: int) -> None:
        """Go ``steps`` periods forward (or back, if negative)."""
        day = self.selected_day
        if self._mode == "month" and (day.year, day.month) != (self._anchor.year,
                                                               self._anchor.month):
            day = self._anchor  # a dimmed day of the next or previous month is not "this month"
        self._anchor = shift_period(self._mode, day, steps)
        self._show()

    def select(self, kind: str, item_id: int) -> bool:
        """Select a "campaign" or "deliverable" shown now (after creating it, say)."""
        return self.current_view.select(kind, item_id)

    def go_to_today(self) -> None:
        self.show_date(self._today())

    @property
    def mode(self) -> str:
        return self._mode

    @property
    def week_start(self) -> int:
        return self._week_start

    @property
    def visible_range(self) -> tuple[date, date]:
        return period_range(self._mode, self._anchor, self._week_start)

    @property
    def selected_day(self) -> date:
        """The day the keyboard is on (and where Enter with no item selected creates)."""
        return self.current_view.selected_day

    @property
    def current_view(self) -> CalendarView:
        return self.views[self._mode]

    @property
    def title(self) -> str:
        return self.title_label.text()

    # --- showing a period ----------------------------------------------------------------
    def _show(self) -> None:
        view = self.current_view
        self.stack.setCurrentWidget(view)
        self.setFocusProxy(view)
        self.mode_buttons[self._mode].setChecked(True)
        back, forward = _STEP_TIPS[self._mode]
        self.prev_button.setToolTip(back)
        self.next_button.setToolTip(forward)
        first, last = self.visible_range
        self.title_label.setText(period_title(self._mode, self._anchor, self._week_start))
        view.set_today(self._today())
        view.set_selected_day(self._anchor)
        # With a loader, the items for the new days lay the view out: no layout of stale ones.
        view.set_period(first, last, self._anchor, relayout=self._loader is None)
        self.reload()
        self.range_changed.emit(first, last)
