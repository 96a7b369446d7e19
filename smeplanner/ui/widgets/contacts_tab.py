"""The contact list: search, combined filters, bulk actions with undo, and the detail panel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QMenu,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core import listing
from smeplanner.core.errors import ValidationError
from smeplanner.core.vocabulary import LIFECYCLE_LABELS, LIFECYCLE_STAGES
from smeplanner.ui import state
from smeplanner.ui.commands import (
    AddTagCommand,
    ChangeContactCommand,
    ContactCommand,
    DeleteContactsCommand,
    RemoveTagCommand,
    SaveContactCommand,
    SetConsentCommand,
    SetStageCommand,
    push_command,
)
from smeplanner.ui.dialogs import messages
from smeplanner.ui.dialogs.contact_editor import ContactEditorDialog
from smeplanner.ui.session import Session
from smeplanner.ui.widgets.contact_detail import ContactDetail
from smeplanner.ui.widgets.filter_bar import FilterBar
from smeplanner.ui.widgets.table_page import TablePage

_SPLITTER_KEY = "pages/contacts/splitter"
# (label, marketing_opt_in, do_not_contact) for the Consent menu.
_CONSENT_ACTIONS = (("Opted in to marketing", True, None), ("Not opted in", False, None),
                    ("Do not contact", None, True), ("Contact allowed again", None, False))


class ContactsTab(QWidget):
    """Table and detail side by side; every change goes through the session's undo stack.

    Signals:
        open_record_requested(str, int): open a record on another page (a new deal).
    """

    open_record_requested = Signal(str, int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.table = TablePage(session, "contacts", state_key="contacts/contacts",
                               multi_select=True)
        self.filters = FilterBar("contacts", keys=("stage", "tag", "source_channel",
                                                   "source_campaign", "consent",
                                                   "no_touch_days", "follow_up_overdue"),
                                 per_row=4)
        self._detail: ContactDetail | None = None
        self._returning_to: int | None = None  # after "Cancel" on unsaved edits
        self._settling = False  # while asking about unsaved edits
        self._build_actions()

        self.table.add_row(self.filters)
        # The company filter is set from the Companies tab; this shows it and takes it off.
        self.company_chip = QToolButton()
        self.company_chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.company_chip.hide()
        self.table.add_to_top_bar(self.company_chip)
        actions = QWidget()
        actions.setLayout(self.action_row)
        self.action_row.setContentsMargins(0, 0, 0, 0)
        self.table.add_row(actions)
        # The panel is built once the rows are painted (it is the heavier half).
        self._detail_slot = QWidget()
        self._detail_slot.setMinimumWidth(380)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self._detail_slot)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        saved = state.load_bytes(_SPLITTER_KEY)
        if saved is None or not self.splitter.restoreState(saved):
            self.splitter.setSizes([760, 440])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._connect_signals()
        self._on_selection_changed()

    def _build_actions(self) -> None:
        self.new_button = QPushButton(self.tr("New contact…"))
        self.new_button.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_button.setToolTip(self.tr("New contact (Ctrl+Shift+N)"))
        self.tag_button = QPushButton(self.tr("Tag…"))
        self.untag_button = QPushButton(self.tr("Untag…"))
        # Push buttons with menus: room for the arrow, and the look of Tag… and Untag….
        self.stage_button = QPushButton(self.tr("Stage"))
        stage_menu = QMenu(self.stage_button)
        self.stage_actions: dict[str, QAction] = {}
        for stage in LIFECYCLE_STAGES:
            action = stage_menu.addAction(self.tr(LIFECYCLE_LABELS[stage]))
            action.triggered.connect(lambda _on=False, s=stage: self.set_stage(s))
            self.stage_actions[stage] = action
        self.stage_button.setMenu(stage_menu)
        self.consent_button = QPushButton(self.tr("Consent"))
        consent_menu = QMenu(self.consent_button)
        for label, opt_in, do_not_contact in _CONSENT_ACTIONS:
            action = consent_menu.addAction(self.tr(label))
            action.triggered.connect(lambda _on=False, o=opt_in, d=do_not_contact:
                                     self.set_consent(marketing_opt_in=o, do_not_contact=d))
        self.consent_button.setMenu(consent_menu)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_action = QAction(self.tr("Delete"), self)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.view.addAction(self.delete_action)
        self.action_row = QHBoxLayout()
        self.action_row.addWidget(self.new_button)
        self.action_row.addStretch(1)
        for widget in (self.tag_button, self.untag_button, self.stage_button,
                       self.consent_button, self.delete_button):
            self.action_row.addWidget(widget)

    def _connect_signals(self) -> None:
        self.filters.filter_changed.connect(self._on_filters_filter_changed)
        self.filters.clear_button.clicked.connect(self.clear_company_filter)
        self.company_chip.clicked.connect(self.clear_company_filter)
        self.table.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.model.modelReset.connect(self._on_selection_changed)
        self.table.refreshed.connect(self._on_selection_changed)
        self.new_button.clicked.connect(self.new_contact)
        self.tag_button.clicked.connect(self._on_tag_button_clicked)
        self.untag_button.clicked.connect(self._on_untag_button_clicked)
        self.delete_button.clicked.connect(self.delete_selected)
        self.delete_action.triggered.connect(self.delete_selected)
        self._session.records_changed.connect(self._on_session_records_changed)
        self._session.preferences_changed.connect(self._on_session_preferences_changed)

    @property
    def has_detail(self) -> bool:
        """Whether the panel beside the list has been built (someone was shown)."""
        return self._detail is not None

    @property
    def detail(self) -> ContactDetail:
        """The panel beside the list, built on first use."""
        if self._detail is None:
            detail = ContactDetail(self._session.currency, saver=self.save_contact,
                                   changer=self.change_contact, deal_creator=self.create_deal)
            detail.setMinimumWidth(380)
            detail.contact_changed.connect(self._on_detail_contact_changed)
            detail.open_record.connect(self.open_record_requested)
            sizes = self.splitter.sizes()
            self.splitter.replaceWidget(1, detail)
            self.splitter.setSizes(sizes)
            self._detail_slot.deleteLater()
            self._detail = detail
        return self._detail

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The panel beside the list always has someone to show; after the rows are painted.
        QTimer.singleShot(0, self._select_first_if_none)

    def _select_first_if_none(self) -> None:
        if self.table.selected_id() is None and self.table.model.rowCount():
            self.table.view.selectRow(0)
        else:
            self.detail.show_contact(self.table.selected_id())

    # --- state ---------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        return self.table.selected_ids()

    def show_record(self, record_id: int) -> bool:
        found = self.table.show_record(record_id)
        if not found and self.table.model.query.filters:
            self.filters.clear()
            self.clear_company_filter()
            found = self.table.show_record(record_id)
        return found

    def filter_by_company(self, company_id: int, name: str) -> None:
        """Show only the contacts of one company (from the Companies tab)."""
        self.table.model.set_filter("company", company_id)
        # "&&": a button reads a single "&" as a shortcut ("A & B" would lose it).
        self.company_chip.setText(self.tr("Company: {name}  ✕").format(
            name=name.replace("&", "&&")))
        self.company_chip.setToolTip(self.tr("Show contacts of every company"))
        self.company_chip.show()

    def clear_company_filter(self) -> None:
        if self.table.model.query.filter_value("company") is not None:
            self.table.model.set_filter("company", None)
        self.company_chip.hide()

    def save_state(self) -> None:
        self.table.save_state()
        state.save_value(_SPLITTER_KEY, self.splitter.saveState())

    # --- actions -------------------------------------------------------------------------

    def _push(self, command: ContactCommand) -> bool:
        try:
            push_command(self._session.undo_stack, command)
        except ValidationError as error:
            messages.show_error(self, self.tr("Not changed"), str(error))
            return False
        return True

    def _options(self) -> dict[str, Callable[..., Any]]:
        return {"on_changed": self._session.on_command_changed,
                "on_error": lambda error: messages.show_error(self, self.tr("Not undone"),
                                                              str(error))}

    def save_contact(self, contact_id: int | None, values: dict[str, Any], company_name: str,
                     tags: list[str]) -> int:
        """The editors' saver: the save goes on the undo stack (raises ValidationError)."""
        name = " ".join(p for p in (values.get("first_name", ""), values.get("last_name", ""))
                        if p) or values.get("email", "")
        command = SaveContactCommand(contact_id, values, company_name=company_name, tags=tags,
                                     name=name, **self._options())
        push_command(self._session.undo_stack, command)
        return command.contact_id  # type: ignore[return-value]

    def change_contact(self, contact_id: int, text: str, work: Callable[[], object]) -> None:
        """The detail panel's changer: the change goes on the undo stack."""
        push_command(self._session.undo_stack,
                     ChangeContactCommand(contact_id, text, work, **self._options()))

    def create_deal(self, contact_id: int, title: str, values: dict) -> int:
        """The detail panel's "New deal…": one undoable step, like an edit in the deal editor."""
        from smeplanner.ui.deal_commands import SaveDealCommand

        command = SaveDealCommand(None, {"title": title, "contact": contact_id, **values}, None,
                                  **self._options())
        push_command(self._session.undo_stack, command)
        assert command.created_id is not None
        return command.created_id

    def new_contact(self) -> int | None:
        result = ContactEditorDialog.ask(self, saver=self.save_contact)
        if result is None:
            return None
        self.show_record(result.contact_id)
        return result.contact_id

    def add_tag(self, tag: str) -> bool:
        ids = self.selected_ids()
        return bool(ids) and self._push(AddTagCommand(ids, tag, **self._options()))

    def remove_tag(self, tag: str) -> bool:
        ids = self.selected_ids()
        return bool(ids) and self._push(RemoveTagCommand(ids, tag, **self._options()))

    def set_stage(self, stage: str) -> bool:
        ids = self.selected_ids()
        return bool(ids) and self._push(SetStageCommand(ids, stage, **self._options()))

    def set_consent(self, *, marketing_opt_in: bool | None = None,
                    do_not_contact: bool | None = None) -> bool:
        ids = self.selected_ids()
        return bool(ids) and self._push(SetConsentCommand(
            ids, marketing_opt_in=marketing_opt_in, do_not_contact=do_not_contact,
            **self._options()))

    def delete_selected(self) -> bool:
        ids = self.selected_ids()
        if not ids:
            return False
        text = (self.tr("Delete this contact?") if len(ids) == 1
                else self.tr("Delete {count} contacts?").format(count=len(ids)))
        if not messages.confirm(self, self.tr("Delete contacts"), text + "\n" + self.tr(
                "Their activities go with them; their deals stay. Ctrl+Z brings them back."),
                self.tr("Delete")):
            return False
        return self._push(DeleteContactsCommand(ids, **self._options()))

    def _ask_tag(self, title: str) -> str | None:
        # Starts empty (a pre-filled tag would be given to everyone on Enter); the list
        # offers the tags there are.
        tag, ok = QInputDialog.getItem(self, title, self.tr("Tag"), ["", *listing.tag_names()],
                                       0, True)
        return tag.strip() if ok and tag.strip() else None

    # --- slots ---------------------------------------------------------------------------

    def _on_filters_filter_changed(self, key: str, value: Any) -> None:
        try:
            self.table.model.set_filter(key, value)
        except ValidationError as error:
            messages.show_error(self, self.tr("Filter not applied"), str(error))

    def _on_selection_changed(self, *_args: Any) -> None:
        if self.table.refreshing:
            return  # the rows are being read again; ``refreshed`` follows
        ids = self.selected_ids()
        for widget in (self.tag_button, self.untag_button, self.stage_button,
                       self.consent_button, self.delete_button):
            widget.setEnabled(bool(ids))
        self.delete_action.setEnabled(bool(ids))
        current = self.table.selected_id()
        if self._detail is None and current is None:
            return  # nothing to show yet: the panel is built when someone is selected
        if self._returning_to is not None:
            return  # on the way back to the contact being edited: nothing else shows
        if self._settling or current == self.detail.contact_id:
            return  # (saving the edits refreshes the list, which lands here again)
        shown = self.detail.contact_id
        if current is None and self.detail.has_unsaved_edits():
            return  # a filter hid the contact being edited: the panel keeps it and the edits
        if shown is not None and current is not None:
            self._settling = True
            try:
                settled = self.detail.settle_edits()
            finally:
                self._settling = False
            if not settled:
                # "Cancel": stay with the contact being edited, once the click is handled.
                self._returning_to = shown
                QTimer.singleShot(0, lambda: self._return_to(shown))
                return
            current = self.table.selected_id()
        self.detail.show_contact(current)

    def _return_to(self, contact_id: int) -> None:
        try:
            self.table.show_record(contact_id)
        finally:
            self._returning_to = None

    def _on_tag_button_clicked(self) -> None:
        tag = self._ask_tag(self.tr("Add a tag"))
        if tag:
            self.add_tag(tag)

    def _on_untag_button_clicked(self) -> None:
        tag = self._ask_tag(self.tr("Remove a tag"))
        if tag:
            self.remove_tag(tag)

    def _on_detail_contact_changed(self, _contact_id: int) -> None:
        self.table.refresh()

    def _on_session_records_changed(self, kind: str) -> None:
        if kind in ("tag", "contact_tag", "campaign"):
            self.filters.reload_choices()
        if kind == "contact" and self._detail is not None and \
                self._detail.contact_id is not None:
            self._detail.show_contact(self._detail.contact_id)

    def _on_session_preferences_changed(self) -> None:
        if self._detail is not None:
            self._detail.set_currency(self._session.currency)
