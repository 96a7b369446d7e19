"""The Campaigns page: the marketing calendar with the selected campaign's figures and
deliverables beside it, and the list of every campaign with its return; every change
(editor, drag on the calendar, deliverable, delete) is one undoable step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core import campaign_forms, deliverables, marketing_calendar
from smeplanner.core.campaigns import campaigns
from smeplanner.core.errors import SMEPlannerError
from smeplanner.ui import state
from smeplanner.ui.campaign_commands import CampaignChangeCommand
from smeplanner.ui.commands import push_command
from smeplanner.ui.dialogs import messages
from smeplanner.ui.session import Session
from smeplanner.ui.widgets.calendar import MarketingCalendar
from smeplanner.ui.widgets.campaign_panel import CampaignPanel
from smeplanner.ui.widgets.filter_bar import FilterBar
from smeplanner.ui.widgets.page_header import PageHeader
from smeplanner.ui.widgets.table_page import PAGE_MARGINS, TablePage

_VIEW_KEY = "pages/campaigns/view"
_MODE_KEY = "pages/campaigns/calendar_mode"
CALENDAR, LIST = 0, 1
_WATCHED = {"campaign", "activity", "contact", "deal", "product", "company"}


class CampaignsPage(QWidget):
    """Calendar and list of campaigns.

    Signals:
        open_record_requested(str, int): open a record on another page.
    """

    open_record_requested = Signal(str, int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._stale = False
        self._built = False
        self.header = PageHeader(QCoreApplication.translate("CampaignsPage", "Campaigns"))
        self.new_button = QPushButton(self.tr("New campaign…"))
        self.header.add_widget(self.new_button)
        self.calendar_button = self._view_button(self.tr("Calendar"))
        self.list_button = self._view_button(self.tr("List"))
        views = QButtonGroup(self)
        views.addButton(self.calendar_button, CALENDAR)
        views.addButton(self.list_button, LIST)
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)

        self.calendar = MarketingCalendar()
        self.calendar.set_week_start(int(session.preference("week_start")))
        mode = state.load_text(_MODE_KEY, "month")
        self.calendar.set_mode(mode if mode in ("month", "week", "quarter") else "month")
        self.panel = CampaignPanel(session.currency, run=self.run_change)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.calendar)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.panel.setMinimumWidth(360)

        self.table = TablePage(session, "campaigns", state_key="campaigns/campaigns")
        self.filters = FilterBar("campaigns")
        self.table.add_to_top_bar(self.filters)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self.table)

        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.calendar_button)
        top.addWidget(self.list_button)
        top.addSpacing(12)
        top.addWidget(self.status_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.setSpacing(8)
        layout.addWidget(self.header)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

        self.new_button.clicked.connect(lambda: self.open_editor(None))
        views.idClicked.connect(self._show_view)
        self.filters.filter_changed.connect(self.table.model.set_filter)
        self.table.view.doubleClicked.connect(self._on_table_double_clicked)
        self.calendar.day_double_clicked.connect(self._on_day_double_clicked)
        self.calendar.campaign_moved.connect(self.move_campaign)
        self.calendar.campaign_resized.connect(self.resize_campaign)
        self.calendar.deliverable_moved.connect(self.move_deliverable)
        self.calendar.campaign_activated.connect(self.open_editor)
        self.calendar.deliverable_activated.connect(self._on_deliverable_activated)
        self.calendar.selection_changed.connect(self._on_selection_changed)
        self.panel.edit_requested.connect(self.open_editor)
        self.panel.delete_requested.connect(self.delete_campaign)
        session.records_changed.connect(self._on_records_changed)
        session.preferences_changed.connect(self._on_preferences_changed)

        self.calendar.set_loader(marketing_calendar.items_between)
        view = state.load_int(_VIEW_KEY, CALENDAR)
        self._show_view(view if view in (CALENDAR, LIST) else CALENDAR)
        self._built = True

    def _view_button(self, text: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setCheckable(True)
        return button

    # --- what the main window asks of a page ------------------------------------------------
    def show_record(self, record_id: int, kind: str | None = None) -> bool:
        """Show the campaign on the calendar (its first day) and in the panel."""
        try:
            campaign = campaigns.get(record_id)
        except SMEPlannerError:
            return False
        self._show_view(CALENDAR)
        self.calendar.show_date(campaign.start_date)
        self.calendar.select("campaign", record_id)
        self.panel.show_campaign(record_id)
        return True

    def current_record(self) -> tuple[str, int] | None:
        """The campaign a quick add made here starts linked to."""
        selected = self.selected_id()
        return None if selected is None else ("campaign", selected)

    def selected_id(self) -> int | None:
        if self.stack.currentIndex() == LIST:
            return self.table.selected_id()
        return self.panel.campaign_id

    def show_list(self) -> None:
        self._show_view(LIST)

    def show_calendar(self) -> None:
        self._show_view(CALENDAR)

    def save_state(self) -> None:
        state.save_value(_VIEW_KEY, self.stack.currentIndex())
        state.save_value(_MODE_KEY, self.calendar.mode)
        self.table.save_state()

    # --- reading ----------------------------------------------------------------------------
    def reload(self) -> None:
        self._stale = False
        if self.stack.currentIndex() == CALENDAR:
            self.calendar.reload()
            self.panel.reload()
        else:
            self.table.refresh()

    def _show_view(self, view: int) -> None:
        (self.calendar_button if view == CALENDAR else self.list_button).setChecked(True)
        if self.stack.currentIndex() != view:
            self.stack.setCurrentIndex(view)
            if self._built:
                self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _on_records_changed(self, kind: str) -> None:
        if kind not in _WATCHED:
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def _on_preferences_changed(self) -> None:
        self.calendar.set_week_start(int(self._session.preference("week_start")))
        self.panel.currency = self._session.currency
        self.reload()

    # --- changing ---------------------------------------------------------------------------
    def _options(self) -> dict[str, Any]:
        return {"on_changed": self._session.on_command_changed,
                "on_error": lambda error: messages.show_error(self, self.tr("Not undone"),
                                                              str(error))}

    def run_change(self, text: str, work: Callable[[], object], *,
                   campaign_id: int | None = None) -> CampaignChangeCommand:
        """Do ``work`` as one undoable step on the campaign shown in the panel (or
        ``campaign_id``); raises its ValidationError, having written nothing."""
        target = campaign_id if campaign_id is not None else self.panel.campaign_id

        def change() -> int | None:
            result = work()
            return result if isinstance(result, int) and target is None else None

        command = CampaignChangeCommand(text, [] if target is None else [target], change,
                                        **self._options())
        push_command(self._session.undo_stack, command)
        return command

    def _try(self, text: str, work: Callable[[], object], campaign_id: int) -> bool:
        try:
            self.run_change(text, work, campaign_id=campaign_id)
        except SMEPlannerError as error:
            messages.show_error(self, self.tr("Campaign not changed"), str(error))
            return False
        return True

    def move_campaign(self, campaign_id: int, days: int) -> bool:
        """A drag of the bar: the campaign and its open deliverables move by ``days``."""
        name = campaigns.get(campaign_id).name
        moved = self._try(self.tr("Move “{name}” by {days} days").format(name=name, days=days),
                          lambda: deliverables.shift_campaign(campaign_id, days),
                          campaign_id)
        if moved:
            self.status_label.setText(self.tr(
                "Moved “{name}” by {days} days, with its open deliverables (done ones stay "
                "where they happened). Ctrl+Z undoes it.").format(name=name, days=days))
        return moved

    def resize_campaign(self, campaign_id: int, start: date, end: date) -> bool:
        name = campaigns.get(campaign_id).name
        return self._try(self.tr("Change the dates of “{name}”").format(name=name),
                         lambda: deliverables.set_campaign_dates(campaign_id, start, end),
                         campaign_id)

    def move_deliverable(self, activity_id: int, day: date) -> bool:
        item = deliverables.get(activity_id)
        campaign_id = self._campaign_of(activity_id)
        if campaign_id is None:  # not part of a campaign: nothing of ours to undo it with
            deliverables.update_deliverable(activity_id, day=day)
            self._session.notify_records_changed("activity")
            return True
        return self._try(self.tr("Move “{title}”").format(title=item.title),
                         lambda: deliverables.update_deliverable(activity_id, day=day),
                         campaign_id)

    @staticmethod
    def _campaign_of(activity_id: int) -> int | None:
        from smeplanner.core.activities import activities

        return activities.get(activity_id).campaign_id

    def delete_campaign(self, campaign_id: int) -> bool:
        name = campaigns.get(campaign_id).name
        if not messages.confirm(self, self.tr("Delete campaign"),
                                self.tr("Delete “{name}” with its expenses and deliverables? "
                                        "Contacts and deals it brought stay, without the "
                                        "link. You can undo this.").format(name=name),
                                self.tr("Delete")):
            return False
        deleted = self._try(self.tr("Delete campaign “{name}”").format(name=name),
                            lambda: campaigns.delete(campaign_id), campaign_id)
        if deleted:
            self.panel.show_campaign(None)
        return deleted

    def open_editor(self, campaign_id: int | None, *,
                    defaults: dict[str, Any] | None = None) -> int | None:
        """The campaign editor; saving is one undoable step. Returns the saved id."""
        from smeplanner.ui.dialogs.campaign_editor import CampaignEditor

        def save(saved_id: int | None, values: dict[str, Any], expenses: list | None,
                 products: list | None) -> int:
            name = str(values.get("name") or "").strip()
            text = (self.tr("Add campaign “{name}”") if saved_id is None
                    else self.tr("Edit campaign “{name}”")).format(name=name)
            command = CampaignChangeCommand(
                text, [] if saved_id is None else [saved_id],
                lambda: campaign_forms.save_campaign(saved_id, values, expenses, products),
                **self._options())
            push_command(self._session.undo_stack, command)
            return saved_id if saved_id is not None else int(command.created_id or 0)

        self.editor = CampaignEditor(self._session.currency, campaign_id, save=save,
                                     defaults=defaults, parent=self)
        if self.editor.exec() != QDialog.DialogCode.Accepted:
            return None
        saved = self.editor.saved_id
        if saved is not None and self.stack.currentIndex() == CALENDAR:
            self.calendar.select("campaign", saved)
            self.panel.show_campaign(saved)
        return saved

    # --- calendar and list signals -----------------------------------------------------------
    def _on_day_double_clicked(self, day: date) -> None:
        self.open_editor(None, defaults={"start_date": day})

    def _on_selection_changed(self, kind: str, record_id: int) -> None:
        if kind == "campaign":
            self.panel.show_campaign(record_id)
        elif kind == "deliverable":
            self.panel.show_campaign(self._campaign_of(record_id))
            self.panel.deliverables.select(record_id)

    def _on_deliverable_activated(self, activity_id: int) -> None:
        self._on_selection_changed("deliverable", activity_id)

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        self.open_editor(self.table.model.record_id(index.row()))
