"""The Week page, the home screen: one plan across both hats, and what needs attention.

Left: the week as day columns (or, in agenda mode, as a list grouped by day), with the
overdue items first. Right: how the week's planned time splits between selling and
marketing, the month's and quarter's goals, and the Monday review ("Needs attention").
Ticking off, moving and quick-adding are each one undoable step.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core import attention, metrics, week
from smeplanner.core.errors import SMEPlannerError
from smeplanner.core.timeutil import today
from smeplanner.core.week import WeekItem, WeekPlan
from smeplanner.ui import state
from smeplanner.ui.activity_commands import (
    ActivityChangeCommand,
    RescheduleCommand,
    SetDoneCommand,
)
from smeplanner.ui.commands import push_command
from smeplanner.ui.day_watcher import DayWatcher
from smeplanner.ui.dialogs import messages
from smeplanner.ui.session import Session
from smeplanner.ui.widgets.elided_label import ElidedLabel
from smeplanner.ui.widgets.page_header import PageHeader
from smeplanner.ui.widgets.table_page import PAGE_MARGINS
from smeplanner.ui.widgets.week.agenda_view import AgendaView
from smeplanner.ui.widgets.week.attention_panel import AttentionPanel
from smeplanner.ui.widgets.week.goals_panel import GoalsPanel
from smeplanner.ui.widgets.week.time_split_bar import TimeSplitBar
from smeplanner.ui.widgets.week.week_grid import WeekGrid

_VIEW_KEY = "pages/week/view"
_REVIEW_KEY = "pages/week/review"
GRID, AGENDA = 0, 1
_WATCHED = {"activity", "deal", "campaign", "contact", "goal", "pipeline_stage"}


class WeekPage(QWidget):
    """The week plan.

    Signals:
        open_record_requested(str, int): open a record on another page.
    """

    open_record_requested = Signal(str, int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.today = today()
        self.first = week.week_start_day(self.today, int(session.preference("week_start")))
        self.plan: WeekPlan | None = None
        self._stale = True
        self._select_after_reload: tuple[str, int, str] | None = None
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.timeout.connect(self.reload)
        self._side_timer = QTimer(self)
        self._side_timer.setSingleShot(True)
        self._side_timer.timeout.connect(self._reload_side)
        # Past midnight the week reads again (today's column, what is overdue).
        self.day_watcher = DayWatcher(self)
        self.day_watcher.check_requested.connect(self.check_day)

        self.header = PageHeader(QCoreApplication.translate("WeekPage", "Week"))
        self.quick_add_button = QPushButton(self.tr("Quick add…"))
        self.quick_add_button.setToolTip(self.tr("Add a call, meeting or task (Ctrl+N)"))
        # A push button with a menu leaves room for its arrow (a tool button drew it over
        # the text) and looks like "Quick add…" beside it.
        self.print_button = QPushButton(self.tr("Print"))
        print_menu = QMenu(self.print_button)
        self.print_day_action = print_menu.addAction(self.tr("Day sheet (PDF)…"))
        self.print_week_action = print_menu.addAction(self.tr("Week sheet (PDF)…"))
        self.print_button.setMenu(print_menu)
        self.header.add_widget(self.print_button)
        self.header.add_widget(self.quick_add_button)

        self.previous_button = QToolButton()
        self.previous_button.setText("◀")
        self.previous_button.setToolTip(self.tr("Previous week (Alt+←)"))
        self.previous_button.setShortcut("Alt+Left")
        self.next_button = QToolButton()
        self.next_button.setText("▶")
        self.next_button.setToolTip(self.tr("Next week (Alt+→)"))
        self.next_button.setShortcut("Alt+Right")
        self.today_button = QToolButton()
        self.today_button.setText(self.tr("Today"))
        self.today_button.setToolTip(self.tr("Back to this week (Alt+Home)"))
        self.today_button.setShortcut("Alt+Home")
        self.week_label = ElidedLabel()
        self.week_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        font = self.week_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.week_label.setFont(font)
        self.grid_button = self._view_button(self.tr("Week"))
        self.agenda_button = self._view_button(self.tr("Agenda"))
        views = QButtonGroup(self)
        views.addButton(self.grid_button, GRID)
        views.addButton(self.agenda_button, AGENDA)

        self.grid = WeekGrid()
        self.agenda = AgendaView()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.grid)
        self.stack.addWidget(self.agenda)

        self.time_split = TimeSplitBar()
        self.goals = GoalsPanel()
        self.attention = AttentionPanel()
        self.attention_area = QScrollArea()
        self.attention_area.setWidget(self.attention)
        self.attention_area.setWidgetResizable(True)
        self.attention_area.setFrameShape(QFrame.Shape.NoFrame)
        self.attention_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The review sits under the week, so the seven days get the window's whole width.
        figures = QVBoxLayout()
        figures.setSpacing(12)
        figures.addWidget(self.time_split)
        figures.addWidget(self.goals)
        figures.addStretch(1)
        figures_box = QWidget()
        figures_box.setLayout(figures)
        figures_box.setMinimumWidth(250)
        figures_box.setMaximumWidth(400)
        self.review = QFrame()
        self.review.setObjectName("weekReview")
        self.review.setFrameShape(QFrame.Shape.StyledPanel)
        review_layout = QHBoxLayout(self.review)
        review_layout.setContentsMargins(12, 8, 8, 8)
        review_layout.setSpacing(16)
        review_layout.addWidget(figures_box)
        review_layout.addWidget(_line(vertical=True))
        review_layout.addWidget(self.attention_area, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.review)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([420, 250])
        self.review_button = QToolButton()
        self.review_button.setText(self.tr("Review"))
        self.review_button.setCheckable(True)
        self.review_button.setToolTip(self.tr("Show or hide the time split, goals and what "
                                              "needs attention"))

        top = QHBoxLayout()
        top.setSpacing(6)
        for widget in (self.previous_button, self.today_button, self.next_button):
            top.addWidget(widget)
        top.addSpacing(10)
        top.addWidget(self.week_label, 1)
        top.addWidget(self.grid_button)
        top.addWidget(self.agenda_button)
        top.addSpacing(10)
        top.addWidget(self.review_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.setSpacing(8)
        layout.addWidget(self.header)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.today_button.clicked.connect(self.go_to_today)
        views.idClicked.connect(self.show_view)
        self.review_button.toggled.connect(self._on_review_button_toggled)
        self.quick_add_button.clicked.connect(lambda: self.quick_add())
        self.print_day_action.triggered.connect(lambda: self.print_sheet(whole_week=False))
        self.print_week_action.triggered.connect(lambda: self.print_sheet(whole_week=True))
        for view in (self.grid, self.agenda):
            view.done_toggled.connect(self.toggle_done)
            view.reschedule_requested.connect(self.reschedule)
            view.open_requested.connect(self.open_item)
            view.edit_requested.connect(self.edit_item)
            view.delete_requested.connect(self.delete_item)
        self.grid.new_requested.connect(lambda day: self.quick_add(day=day))
        self.goals.edit_goals_requested.connect(self._on_edit_goals_requested)
        self.attention.plan_requested.connect(self._on_attention_plan_requested)
        self.attention.open_requested.connect(self.open_record_requested)
        session.records_changed.connect(self._on_records_changed)
        session.preferences_changed.connect(self._on_preferences_changed)

        self.review_button.setChecked(state.load_int(_REVIEW_KEY, 1) == 1)
        self.review.setVisible(self.review_button.isChecked())
        view = state.load_int(_VIEW_KEY, GRID)
        self.show_view(view if view in (GRID, AGENDA) else GRID)
        self._update_week_label()

    def _view_button(self, text: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setCheckable(True)
        return button

    # --- what the main window asks of a page ------------------------------------------------
    def current_record(self) -> tuple[str, int] | None:
        """The record a quick add made here starts linked to: the selected item's."""
        item = self.selected_item()
        if item is None:
            return None
        for kind, record_id in (("deal", item.deal_id), ("contact", item.contact_id),
                                ("campaign", item.campaign_id)):
            if record_id is not None:
                return kind, record_id
        return None

    def save_state(self) -> None:
        state.save_value(_VIEW_KEY, self.stack.currentIndex())

    # --- showing ------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            # After the first paint: the window shows at once, the week a moment later.
            self._reload_timer.start(0)

    def check_day(self) -> None:
        """A new day since the week was read: read it again; if it showed the old day's
        week, show the new day's (Monday morning brings the new week)."""
        new_day = today()
        if new_day == self.today:
            return
        was_current = self.first <= self.today <= self.first + timedelta(days=6)
        self.today = new_day
        if was_current:
            self.show_week(new_day)
        elif self.isVisible():
            self.reload()
        else:
            self._stale = True

    def reload(self) -> None:
        """Read the shown week again (and today: the app may have run past midnight)."""
        self._stale = False
        self.today = today()
        self.plan = week.load_week(self.first, today=self.today)
        self.grid.set_plan(self.plan, self.today)
        if self.stack.currentIndex() == AGENDA:
            self.agenda.set_plan(self.plan, self.today)
        self.time_split.set_split(self.plan.split)
        self._update_week_label()
        if self._select_after_reload is not None:
            (self.grid if self.stack.currentIndex() == GRID else self.agenda).select(
                self._select_after_reload)
            self._select_after_reload = None
        # The side panel follows a turn later: the week itself is what the user waits for.
        self._side_timer.start(0)

    def _reload_side(self) -> None:
        self.goals.set_progress(metrics.goal_progress("month", self.today),
                                metrics.goal_progress("quarter", self.today),
                                self._session.currency)
        last = self.first + timedelta(days=6)
        self.attention.set_groups(attention.needs_attention(
            self.first, last, today=self.today, limit=3,
            stale_lead_days=int(self._session.preference("stale_lead_days"))))

    def show_week(self, day: date) -> None:
        """Show the week holding ``day``."""
        self.first = week.week_start_day(day, int(self._session.preference("week_start")))
        self._update_week_label()
        self.reload()

    def step(self, weeks: int) -> None:
        self.show_week(self.first + timedelta(days=7 * weeks))

    def go_to_today(self) -> None:
        self.show_week(today())

    def show_view(self, view: int) -> None:
        self.stack.setCurrentIndex(view)
        (self.agenda_button if view == AGENDA else self.grid_button).setChecked(True)
        if view == AGENDA and self.plan is not None:
            self.agenda.set_plan(self.plan, self.today)
            self.agenda.setFocus()
        state.save_value(_VIEW_KEY, view)

    def select(self, key: tuple[str, int, str]) -> bool:
        """Select the item ``key`` in the view shown (grid or agenda)."""
        view = self.agenda if self.stack.currentIndex() == AGENDA else self.grid
        return view.select(key)

    def selected_item(self) -> WeekItem | None:
        if self.stack.currentIndex() == AGENDA:
            return self.agenda.current_item()
        return self.grid.selected_item()

    def _update_week_label(self) -> None:
        last = self.first + timedelta(days=6)
        self.week_label.setText(self.tr("Week {week} · {first} – {last}").format(
            week=week.iso_week_label(self.first).split("-W")[1].lstrip("0"),
            first=_day_text(self.first), last=_day_text(last)))

    def _on_records_changed(self, kind: str) -> None:
        if kind not in _WATCHED:
            return
        if self.isVisible():
            self._reload_timer.start(0)  # several notices of one change: one reload
        else:
            self._stale = True

    def _on_preferences_changed(self) -> None:
        # A new first weekday: the week around the day shown (today, if the shown week held
        # it), not the one before (from Sunday the 22nd, Monday weeks begin on the 16th).
        last = self.first + timedelta(days=6)
        anchor = self.today if self.first <= self.today <= last else self.first + \
            timedelta(days=3)
        self.first = week.week_start_day(anchor, int(self._session.preference("week_start")))
        self._on_records_changed("activity")

    # --- changing -----------------------------------------------------------------------
    def _options(self) -> dict[str, Any]:
        return {"on_changed": self._session.on_command_changed,
                "on_error": self._on_command_error}

    def _push(self, command: ActivityChangeCommand) -> bool:
        try:
            push_command(self._session.undo_stack, command)
        except SMEPlannerError as error:
            messages.show_error(self, self.tr("Not changed"), str(error))
            return False
        return True

    def _on_command_error(self, error: Exception) -> None:
        messages.show_error(self, self.tr("Could not undo"), str(error))
        self._session.notify_records_changed("activity")

    def toggle_done(self, item: WeekItem) -> bool:
        if not item.is_activity:
            return False
        return self._push(SetDoneCommand(item.record_id, not item.done, subject=item.subject,
                                         **self._options()))

    def reschedule(self, item: WeekItem, day: date) -> bool:
        if not item.is_activity:
            return False
        moved = self._push(RescheduleCommand(item.record_id, day, subject=item.subject,
                                             **self._options()))
        if moved:
            # The command's change notice reloads the week (once); the moved item stays
            # selected in its new place.
            self._select_after_reload = item.key
        return moved

    def quick_add(self, *, day: date | None = None, contact_id: int | None = None,
                  deal_id: int | None = None, campaign_id: int | None = None) -> int | None:
        """Open the quick-add form; returns the new activity's id once added."""
        from smeplanner.ui.dialogs.quick_add import quick_add

        return quick_add(self.window(), self._session, day=day, contact_id=contact_id,
                         deal_id=deal_id, campaign_id=campaign_id)

    def edit_item(self, item: WeekItem) -> bool:
        """Edit an activity in the quick-add form (a deliverable: open its campaign)."""
        if not item.is_activity:
            return False
        if item.kind == "deliverable" and item.campaign_id is not None:
            self.open_record_requested.emit("campaign", item.campaign_id)
            return False
        from smeplanner.ui.dialogs.quick_add import edit_activity

        return edit_activity(self.window(), self._session, item.record_id)

    def delete_item(self, item: WeekItem) -> bool:
        if not item.is_activity:
            return False
        from smeplanner.core.activities import activities

        def delete() -> None:
            activities.delete(item.record_id)

        return self._push(ActivityChangeCommand(
            self.tr("Delete “{subject}”").format(subject=item.subject), (item.record_id,),
            delete, **self._options()))

    def open_item(self, item: WeekItem) -> None:
        """Open what the item belongs to: its deal, else its contact, else its campaign."""
        for kind, record_id in (("deal", item.deal_id), ("contact", item.contact_id),
                                ("campaign", item.campaign_id)):
            if record_id is not None:
                self.open_record_requested.emit(kind, record_id)
                return
        self.edit_item(item)  # a task of its own: nothing else to open

    def print_sheet(self, *, whole_week: bool) -> str | None:
        from smeplanner.ui import print_agenda

        if self.plan is None:
            self.reload()
        assert self.plan is not None
        selected = self.selected_item()
        shown_day = max(self.first, min(self.today, self.plan.last))
        if selected is not None and self.first <= selected.day <= self.plan.last:
            shown_day = selected.day  # (an overdue one may be from an earlier week)
        day = None if whole_week else shown_day
        try:
            path = print_agenda.print_agenda(self, self.plan, day,
                                             choose_path=print_agenda.ask_pdf_path)
        except (SMEPlannerError, OSError) as error:
            messages.show_error(self, self.tr("Not printed"), str(error))
            return None
        return None if path is None else str(path)

    def _on_review_button_toggled(self, shown: bool) -> None:
        self.review.setVisible(shown)
        state.save_value(_REVIEW_KEY, int(shown))

    def _on_edit_goals_requested(self) -> None:
        from smeplanner.ui.dialogs.goals_dialog import GoalsDialog

        if GoalsDialog.ask("month", self.today, self._session.currency, self):
            self._session.notify_records_changed("goal")

    def _on_attention_plan_requested(self, item: attention.AttentionItem) -> None:
        self.quick_add(contact_id=item.contact_id, deal_id=item.deal_id,
                       campaign_id=item.campaign_id)


def _line(*, vertical: bool = False) -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.VLine if vertical else QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


def _day_text(day: date) -> str:
    from smeplanner.ui.widgets.week.painting import day_title

    return day_title(day)
