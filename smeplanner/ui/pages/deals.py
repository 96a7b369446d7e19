"""The Deals page: the pipeline board and the deal list, one search and one set of filters
for both, the period's goal progress in the header, and every change undoable."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core import board, listing, lost_reasons, metrics, pipeline
from smeplanner.core.errors import SMEPlannerError
from smeplanner.core.timeutil import today
from smeplanner.ui import state
from smeplanner.ui.commands import push_command
from smeplanner.ui.deal_commands import (
    DealChangeCommand,
    DeleteDealCommand,
    MoveDealCommand,
    SaveDealCommand,
)
from smeplanner.ui.dialogs import messages
from smeplanner.ui.formatting import format_amount, format_count
from smeplanner.ui.session import Session
from smeplanner.ui.widgets.deal_board import DealBoard, compact_amount
from smeplanner.ui.widgets.elided_label import ElidedLabel
from smeplanner.ui.widgets.filter_bar import FilterBar
from smeplanner.ui.widgets.goal_progress import GoalProgressStrip
from smeplanner.ui.widgets.page_header import PageHeader
from smeplanner.ui.widgets.table_page import PAGE_MARGINS, TablePage

_VIEW_KEY = "pages/deals/view"
_PERIOD_KEY = "pages/deals/goal_period"
BOARD, TABLE = 0, 1
# Records whose change can alter what the page shows.
_WATCHED = {"deal", "pipeline_stage", "activity", "contact", "company", "campaign", "product",
            "goal", "lost_reason"}


class DealsPage(QWidget):
    """Board and list of deals with shared search and filters.

    Signals:
        open_record_requested(str, int): open a record on another page.
    """

    open_record_requested = Signal(str, int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._query = listing.Query("deals")
        self._stale = False
        self._built = False
        # While the page's own move runs: the deal it moves, the one card to read again.
        self._moving: int | None = None
        # Goal figures follow a change a moment later: the board's own repaint comes first.
        self._goals_timer = QTimer(self)
        self._goals_timer.setSingleShot(True)
        self._goals_timer.setInterval(40)
        self._goals_timer.timeout.connect(self._reload_goals)

        self.header = PageHeader(QCoreApplication.translate("DealsPage", "Deals"))
        self.goals = GoalProgressStrip()
        period = state.load_text(_PERIOD_KEY, "month")
        self.goals.set_period(period if period in ("month", "quarter") else "month")
        self.new_button = QPushButton(self.tr("New deal…"))
        self.new_button.setToolTip(self.tr("Add a deal (Ctrl+Shift+D)"))
        self.header.add_widget(self.new_button)

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search deals…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(220)
        self.board_button = self._view_button(self.tr("Board"))
        self.table_button = self._view_button(self.tr("List"))
        views = QButtonGroup(self)
        views.addButton(self.board_button, BOARD)
        views.addButton(self.table_button, TABLE)
        self.filters = FilterBar("deals", per_row=5)
        self.summary_label = QLabel()
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.forecast_label = ElidedLabel()
        self.forecast_label.setObjectName("dealForecast")

        self.board = DealBoard(session.currency)
        self.table = TablePage(session, "deals", state_key="deals/deals")
        self.table.filter_edit.hide()  # the page's search field drives both views
        self.table.count_label.hide()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.board)
        self.stack.addWidget(self.table)

        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.search_edit)
        top.addWidget(self.board_button)
        top.addWidget(self.table_button)
        top.addStretch(1)
        top.addWidget(self.forecast_label, 100)
        top.addWidget(self.summary_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.setSpacing(8)
        layout.addWidget(self.header)
        self.goals_area = self._scrolling(self.goals)
        layout.addWidget(self.goals_area)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(self.stack, 1)

        self.search_edit.textChanged.connect(self._on_search_text_changed)
        self.filters.filter_changed.connect(self._on_filter_changed)
        views.idClicked.connect(self._show_view)
        self.new_button.clicked.connect(lambda: self.open_editor(None))
        QShortcut(QKeySequence("Ctrl+Shift+D"), self, lambda: self.open_editor(None),
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.board.move_requested.connect(self.move_deal)
        self.board.open_requested.connect(self.open_editor)
        self.board.delete_requested.connect(self.delete_deal)
        self.board.new_deal_requested.connect(lambda stage: self.open_editor(
            None, defaults={"stage": stage}))
        self.table.view.doubleClicked.connect(self._on_table_double_clicked)
        self.table.model.total_changed.connect(self._update_summary)
        self.goals.period_changed.connect(self._on_goal_period_changed)
        self.goals.edit_goals_requested.connect(self._edit_goals)
        session.records_changed.connect(self._on_records_changed)
        session.preferences_changed.connect(self._on_preferences_changed)

        view = state.load_int(_VIEW_KEY, BOARD)
        self._show_view(view if view in (BOARD, TABLE) else BOARD)
        self.reload()
        self._built = True

    @staticmethod
    def _scrolling(strip: QWidget) -> QScrollArea:
        """The goal strip in a narrow window: it scrolls sideways instead of widening it."""
        area = QScrollArea()
        area.setWidget(strip)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return area

    def _fit_goals_area(self) -> None:
        """As tall as the strip, plus a scroll bar only when the strip is wider than the page."""
        area = self.goals_area
        height = self.goals.sizeHint().height()
        if self.goals.minimumSizeHint().width() > area.width():
            height += area.horizontalScrollBar().sizeHint().height()
        area.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_goals_area()

    def _view_button(self, text: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setCheckable(True)
        button.setAutoRaise(False)
        return button

    # --- what the main window asks of a page ------------------------------------------------
    def show_record(self, record_id: int, kind: str | None = None) -> bool:
        """Select the deal on the board (or in the list when the board does not show it)."""
        if self.stack.currentIndex() == BOARD and self.board.select_deal(record_id):
            self.board.focus_deal(record_id)
            return True
        if not self.table.show_record(record_id):
            # Hidden by the search or the filters: clear them and look again.
            self.search_edit.clear()
            self.filters.clear()
        if self.stack.currentIndex() == BOARD and self.board.select_deal(record_id):
            self.board.focus_deal(record_id)
            return True
        self._show_view(TABLE)
        return self.table.show_record(record_id)

    def current_record(self) -> tuple[str, int] | None:
        """The deal a quick add made here starts linked to."""
        selected = self.selected_id()
        return None if selected is None else ("deal", selected)

    def selected_id(self) -> int | None:
        """The deal selected in the view on show (board card or list row)."""
        if self.stack.currentIndex() == BOARD:
            return self.board.selected_deal_id()
        return self.table.selected_id()

    def show_list(self) -> None:
        self._show_view(TABLE)

    def show_board(self) -> None:
        self._show_view(BOARD)

    def save_state(self) -> None:
        state.save_value(_VIEW_KEY, self.stack.currentIndex())
        state.save_value(_PERIOD_KEY, self.goals.period)
        self.table.save_state()

    # --- reading ----------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the visible view and the goal progress again."""
        self._stale = False
        if self.stack.currentIndex() == BOARD:
            where, params = listing.where_clause(self._query)
            self.board.set_columns(board.load_board(where, params), self._session.currency)
        else:
            self.table.refresh()
        self._update_summary()
        self._reload_goals()

    def _reload_goals(self) -> None:
        day = today()
        self.goals.set_progress(metrics.goal_progress(self.goals.period, day),
                                self._session.currency)
        self._fit_goals_area()
        self._show_forecast(day)

    def _show_forecast(self, day: date) -> None:
        """What this month is likely to bring, and how selling went over the goal period."""
        [month] = metrics.forecast(day.replace(day=1), 1, today=day)
        money = self._session.currency
        self.forecast_label.setText(self.tr(
            "This month: {won} won · {weighted} likely · {best} best case").format(
                won=compact_amount(month.won, money),
                weighted=compact_amount(month.won + month.weighted_open, money),
                best=compact_amount(month.best_case, money)))
        first, last = metrics.period_bounds(self.goals.period, day)
        rate = metrics.win_rate(first, last)
        cycle = metrics.average_days_to_close(first, last)
        period = self.tr("this month") if self.goals.period == "month" else self.tr("this quarter")
        details = [self.tr("Won so far this month: {won}").format(won=format_amount(month.won,
                                                                                    money)),
                   self.tr("Likely: won plus open deals expected to close this month (overdue "
                           "ones too), each weighted by its probability: {amount}").format(
                       amount=format_amount(month.won + month.weighted_open, money)),
                   self.tr("Best case: won plus every open deal expected this month: "
                           "{amount}").format(amount=format_amount(month.best_case, money))]
        if month.goal is not None:
            details.append(self.tr("Revenue goal: {goal}").format(
                goal=format_amount(month.goal, money)))
        details.append(self.tr("Win rate {period}: {rate}").format(
            period=period, rate=f"{rate} %" if rate is not None else "–"))
        details.append(self.tr("Average days to close {period}: {days}").format(
            period=period, days=cycle if cycle is not None else "–"))
        self.forecast_label.setToolTip("\n".join(details))

    def _update_summary(self, *_args: Any) -> None:
        if self.stack.currentIndex() == BOARD:
            count = sum(view.model.rowCount() for view in self.board.columns
                        if view.stage.kind == "open")
            self.summary_label.setText(self.tr("1 open deal") if count == 1 else self.tr(
                "{count} open deals").format(count=format_count(count)))
        else:
            total = self.table.model.total_count()
            self.summary_label.setText(self.tr("{count} deals").format(
                count=format_count(total)) if total != 1 else self.tr("1 deal"))

    def _show_view(self, view: int) -> None:
        (self.board_button if view == BOARD else self.table_button).setChecked(True)
        if self.stack.currentIndex() != view:
            self.stack.setCurrentIndex(view)
            if self._built:
                self.reload()  # the view now on show reads the data afresh
        self._update_summary()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _on_records_changed(self, kind: str) -> None:
        if kind not in _WATCHED:
            return
        if self._moving is not None and kind in ("deal", "contact") and self.isVisible() \
                and self.stack.currentIndex() == BOARD:
            self._refresh_card(self._moving)
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True
        if kind == "pipeline_stage":
            self.filters.reload_choices()

    def _refresh_card(self, deal_id: int) -> None:
        """After a move made here: that card alone, read again under the same filters."""
        where, params = listing.where_clause(self._query)
        self.board.update_cards([deal_id], board.load_cards(where, params, deal_ids=[deal_id]))
        self._update_summary()
        self._goals_timer.start()

    def _on_preferences_changed(self) -> None:
        self.reload()

    def _on_search_text_changed(self, text: str) -> None:
        self._query = listing.Query("deals", text=text, filters=self._query.filters)
        self.table.model.set_search_text(text)
        if self.stack.currentIndex() == BOARD:
            self.reload()

    def _on_filter_changed(self, key: str, value: object) -> None:
        try:
            query = self._query.with_filter(key, value)
        except SMEPlannerError as error:
            messages.show_error(self, self.tr("Filter"), str(error))
            return
        self._query = query
        self.table.model.set_filter(key, value)
        if self.stack.currentIndex() == BOARD:
            self.reload()

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        self.open_editor(self.table.model.record_id(index.row()))

    def _on_goal_period_changed(self, period: str) -> None:
        state.save_value(_PERIOD_KEY, period)
        self._reload_goals()

    def _edit_goals(self) -> None:
        from smeplanner.ui.dialogs.goals_dialog import GoalsDialog

        if GoalsDialog.ask(self.goals.period, today(), self._session.currency, self):
            self._session.notify_records_changed("goal")

    # --- changing ---------------------------------------------------------------------------
    def _options(self) -> dict[str, Any]:
        return {"on_changed": self._session.on_command_changed,
                "on_error": self._on_command_error}

    def _push(self, command: DealChangeCommand) -> bool:
        try:
            push_command(self._session.undo_stack, command)
        except SMEPlannerError as error:
            messages.show_error(self, self.tr("Deal not changed"), str(error))
            return False
        return True

    def _on_command_error(self, error: Exception) -> None:
        messages.show_error(self, self.tr("Could not undo"), str(error))
        self._session.notify_records_changed("deal")

    def move_deal(self, deal_id: int, stage_id: int) -> bool:
        """Move a deal (asking for date, reason and amount when it is won or lost)."""
        view = self.board.column_for_stage(stage_id) if self.board.columns else None
        stage = view.stage if view is not None else next(
            s for s in pipeline.list_stages() if s.id == stage_id)
        card = next((c for v in self.board.columns for c in v.model.cards if c.id == deal_id),
                    None)
        title = card.title if card is not None else ""
        close: dict[str, Any] = {}
        if stage.kind in ("won", "lost"):
            answer = self.ask_close(stage.kind, deal_id, title)
            if answer is None:
                return False
            close = answer
        self._moving = deal_id
        try:
            moved = self._push(MoveDealCommand(deal_id, stage_id, title=title,
                                               stage_name=stage.name, **close,
                                               **self._options()))
        finally:
            self._moving = None
        if moved:
            self.board.select_deal(deal_id)
        return moved

    def ask_close(self, kind: str, deal_id: int, title: str) -> dict[str, Any] | None:
        """The won/lost dialog: closed_on, reason and (won) amount, or None if cancelled."""
        from smeplanner.core.deals import deals
        from smeplanner.ui.dialogs.close_deal import CloseDealDialog

        dialog = CloseDealDialog(kind, title, deals.get(deal_id).amount, self._session.currency,
                                 lost_reasons.list_reasons(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        values = dialog.values()
        return {"closed_on": values["closed_on"], "reason": values["reason"],
                "amount": values.get("amount")}

    def delete_deal(self, deal_id: int) -> bool:
        from smeplanner.core.deals import deals

        title = deals.get(deal_id).title
        if not messages.confirm(self, self.tr("Delete deal"),
                                self.tr("Delete “{deal}” with its product lines and stage "
                                        "history? You can undo this.").format(deal=title),
                                self.tr("Delete")):
            return False
        return self._push(DeleteDealCommand(deal_id, title=title, **self._options()))

    def open_editor(self, deal_id: int | None, *, defaults: dict[str, Any] | None = None
                    ) -> int | None:
        """The deal editor; saving pushes one undoable command. Returns the saved deal's id."""
        from smeplanner.ui.dialogs.deal_editor import DealEditor

        def save(saved_id: int | None, values: dict[str, Any], lines: list | None) -> int:
            command = SaveDealCommand(saved_id, values, lines, **self._options())
            push_command(self._session.undo_stack, command)  # raises ValidationError
            return command.created_id if command.created_id is not None else saved_id

        self.editor = DealEditor(self._session.currency, deal_id, save=save, defaults=defaults,
                                 parent=self)
        if self.editor.exec() != QDialog.DialogCode.Accepted:
            return None
        saved = self.editor.saved_id
        if saved is not None:
            QTimer.singleShot(0, lambda: self.board.select_deal(saved))
        return saved
