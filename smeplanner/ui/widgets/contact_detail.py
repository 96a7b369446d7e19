"""The panel beside the contact list: who the selected contact is, what happened with them,
quick ways to log a touch, plan a follow-up or open a deal, and every field to edit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from smeplanner.core import contact_forms, timeline
from smeplanner.core.activities import activities
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals
from smeplanner.core.errors import NotFoundError, ValidationError
from smeplanner.core.timeutil import today
from smeplanner.core.vocabulary import LIFECYCLE_LABELS
from smeplanner.ui.dialogs import messages
from smeplanner.ui.dialogs.contact_editor import Saver, save_directly
from smeplanner.ui.formatting import format_date, format_time
from smeplanner.ui.forms.contact_form import ContactForm
from smeplanner.ui.widgets.timeline_delegate import (
    DATE_ROLE,
    DETAIL_ROLE,
    PLANNED_ROLE,
    TIME_ROLE,
    TITLE_ROLE,
    TimelineDelegate,
)

REF_ROLE = Qt.ItemDataRole.UserRole + 1
# Runs a change to one contact: (contact id, description for Undo, work). The page passes
# one that records undo; by default the work simply runs. Raises ValidationError.
Changer = Callable[[int, str, Callable[[], object]], None]


def change_directly(_contact_id: int, _text: str, work: Callable[[], object]) -> None:
    work()


# Makes a deal for a contact: (contact id, title, values) -> the new deal's id.
DealCreator = Callable[[int, str, dict], int]


def create_deal_directly(contact_id: int, title: str, values: dict) -> int:
    return deals.create(title=title, contact=contact_id, **values).id

LOG_KINDS = (("call", "Call"), ("email", "Email"), ("meeting", "Meeting"))


def _plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class ContactDetail(QWidget):
    """Shows one contact (``show_contact``) or nothing.

    Signals:
        contact_changed(int): the contact or its history changed (the list should refresh).
        open_record(str, int): the user wants to open a deal, campaign or activity.
    """

    contact_changed = Signal(int)
    open_record = Signal(str, int)

    def __init__(self, currency: str = "EUR", saver: Saver = save_directly,
                 changer: Changer = change_directly,
                 deal_creator: DealCreator = create_deal_directly,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contact_id: int | None = None
        self._currency = currency
        self._saver = saver
        self._changer = changer
        self._deal_creator = deal_creator
        self._values: dict = {}

        self.name_label = _plain_label()
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.name_label.setFont(font)
        self.role_label = _plain_label()
        self.flag_label = _plain_label(self.tr("Do not contact"))
        self.flag_label.setStyleSheet("color: white; background: #c0392b; padding: 2px 6px;"
                                      "border-radius: 3px;")
        self.empty_label = _plain_label(self.tr("Select a contact to see their history."))

        self.log_kind = QComboBox()
        for kind, label in LOG_KINDS:
            self.log_kind.addItem(self.tr(label), kind)
        self.log_edit = QLineEdit()
        self.log_edit.setPlaceholderText(self.tr("What happened? Enter logs it (Ctrl+L)"))
        self.log_button = QPushButton(self.tr("Log"))
        self.follow_up_date = QDateEdit(QDate.currentDate().addDays(7))
        self.follow_up_date.setCalendarPopup(True)
        self.follow_up_date.setDisplayFormat("yyyy-MM-dd")
        self.follow_up_edit = QLineEdit()
        self.follow_up_edit.setPlaceholderText(self.tr("Follow-up task"))
        self.follow_up_button = QPushButton(self.tr("Add follow-up"))
        self.deal_button = QPushButton(self.tr("New deal…"))

        self.timeline_list = QListWidget()
        self.timeline_list.setItemDelegate(TimelineDelegate(self.tr("planned"),
                                                            self.timeline_list))
        # Entries are re-measured when the panel is resized (their text wraps); the scroll
        # bar stays, so that its appearing does not change the width they were measured for.
        self.timeline_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.timeline_list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.timeline_list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.form = ContactForm(compact=True)
        self.save_button = QPushButton(self.tr("Save"))
        self.revert_button = QPushButton(self.tr("Revert"))
        self._build_layout()
        self._connect_signals()
        self.show_contact(None)

    def _build_layout(self) -> None:
        header = QVBoxLayout()
        header.addWidget(self.name_label)
        header.addWidget(self.role_label)
        header.addWidget(self.flag_label, 0, Qt.AlignmentFlag.AlignLeft)
        log_row = QHBoxLayout()
        log_row.addWidget(self.log_kind)
        log_row.addWidget(self.log_button)
        log_row.addStretch(1)
        log_row.addWidget(self.deal_button)
        follow_row = QHBoxLayout()
        follow_row.addWidget(self.follow_up_date)
        follow_row.addWidget(self.follow_up_button)
        follow_row.addStretch(1)

        history = QWidget()
        history_layout = QVBoxLayout(history)
        history_layout.addWidget(self.log_edit)
        history_layout.addLayout(log_row)
        history_layout.addWidget(self.follow_up_edit)
        history_layout.addLayout(follow_row)
        history_layout.addWidget(self.timeline_list, 1)

        details = QWidget()
        details_layout = QVBoxLayout(details)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        details_layout.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        details_layout.addLayout(buttons)

        self.tabs = QTabWidget()
        self.tabs.addTab(history, self.tr("Timeline"))
        self.tabs.addTab(details, self.tr("Details"))
        self.body = QWidget()
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addLayout(header)
        body_layout.addWidget(self.tabs, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.body, 1)

    def _connect_signals(self) -> None:
        self.log_edit.returnPressed.connect(self._on_log_button_clicked)
        self.log_button.clicked.connect(self._on_log_button_clicked)
        self.follow_up_edit.returnPressed.connect(self._on_follow_up_button_clicked)
        self.follow_up_button.clicked.connect(self._on_follow_up_button_clicked)
        self.deal_button.clicked.connect(self._on_deal_button_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.revert_button.clicked.connect(self._on_revert_button_clicked)
        self.form.changed.connect(self._on_form_changed)
        self.timeline_list.itemActivated.connect(self._on_timeline_item_activated)
        shortcut = QShortcut(QKeySequence("Ctrl+L"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.focus_log)

    # --- showing -------------------------------------------------------------------------

    def show_contact(self, contact_id: int | None, *, reset_form: bool = False) -> None:
        """Show ``contact_id`` (None: the empty state). Showing the same contact again (a
        call logged, a change elsewhere) keeps edits not yet saved in the Details tab unless
        ``reset_form``."""
        keep_edits = (not reset_form and contact_id is not None
                      and contact_id == self.contact_id and self.has_unsaved_edits())
        self.contact_id = contact_id
        if contact_id is not None:
            try:
                self._values = contact_forms.load_contact(contact_id)
            except NotFoundError:
                self.contact_id = None
        self.empty_label.setVisible(self.contact_id is None)
        self.body.setVisible(self.contact_id is not None)
        if self.contact_id is None:
            return
        if not keep_edits:
            self.form.set_values(self._values)
            self._set_dirty(False)
        self._show_header()
        self._show_timeline()

    def has_unsaved_edits(self) -> bool:
        return self.contact_id is not None and self.save_button.isEnabled()

    def settle_edits(self) -> bool:
        """Before another contact is shown: with unsaved edits, ask to save them (a refused
        save keeps them on screen), discard them or stay. True when the panel may move on."""
        if not self.has_unsaved_edits():
            return True
        name = self.name_label.text()
        answer = messages.ask_save(self, self.tr("Unsaved changes"),
                                   self.tr("Save the changes to {name}?").format(name=name))
        if answer == "save":
            return self.save()
        if answer == "discard":
            self._set_dirty(False)
            return True
        return False

    def _show_header(self) -> None:
        values = self._values
        name = " ".join(p for p in (values["first_name"], values["last_name"]) if p)
        self.name_label.setText(name or values["email"])
        stage = self.tr(LIFECYCLE_LABELS.get(values["lifecycle_stage"], ""))
        parts = [part for part in (values["job_title"], values["company_name"], stage) if part]
        self.role_label.setText(" · ".join(parts))
        self.flag_label.setVisible(bool(values["do_not_contact"]))

    def _show_timeline(self) -> None:
        self.timeline_list.clear()
        now = datetime.now().astimezone()
        for entry in timeline.for_contact(self.contact_id, currency=self._currency):
            when = entry.when.strftime("%Y-%m-%d" if entry.all_day else "%Y-%m-%d %H:%M")
            planned = not entry.done or entry.when > now
            text = f"{when}  {entry.title}"
            if entry.detail:
                text += f"\n{entry.detail}"
            item = QListWidgetItem(text)  # the whole entry, for copy and accessibility
            item.setData(REF_ROLE, (entry.ref_kind, entry.ref_id))
            item.setData(DATE_ROLE, format_date(entry.when.date()))
            item.setData(TIME_ROLE, "" if entry.all_day
                         else format_time(entry.when.hour, entry.when.minute))
            item.setData(TITLE_ROLE, entry.title)
            item.setData(DETAIL_ROLE, entry.detail)
            item.setData(PLANNED_ROLE, planned)
            if planned:
                item.setToolTip(self.tr("Planned"))
            self.timeline_list.addItem(item)

    def set_currency(self, currency: str) -> None:
        self._currency = currency

    def focus_log(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.log_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- actions -------------------------------------------------------------------------

    def _on_log_button_clicked(self) -> None:
        subject = self.log_edit.text().strip()
        if self.contact_id is None or not subject:
            return
        kind = self.log_kind.currentData()
        contact_id = self.contact_id

        def log() -> None:
            activities.create(kind=kind, subject=subject, contact=contact_id, done=True,
                              due_at=datetime.now().astimezone(), role="sales")

        try:
            self._changer(contact_id, self.tr("Log “{subject}”").format(subject=subject), log)
        except ValidationError as error:
            messages.show_error(self, self.tr("Not logged"), str(error))
            return
        self.log_edit.clear()
        self._after_change()

    def _on_follow_up_button_clicked(self) -> None:
        if self.contact_id is None:
            return
        subject = self.follow_up_edit.text().strip() or self.tr("Follow up")
        due = self.follow_up_date.date().toPython()
        contact_id = self.contact_id
        current = self._values.get("next_follow_up")

        def plan() -> None:
            activities.create(kind="task", subject=subject, contact=contact_id, due_date=due,
                              role="sales")
            if current is None or current > due >= today():
                contacts.update(contact_id, next_follow_up=due)

        try:
            self._changer(contact_id, self.tr("Follow-up “{subject}”").format(subject=subject),
                          plan)
        except ValidationError as error:
            messages.show_error(self, self.tr("No follow-up added"), str(error))
            return
        self.follow_up_edit.clear()
        self.follow_up_date.setDate(QDate.currentDate().addDays(7))
        self._after_change()

    def _on_deal_button_clicked(self) -> None:
        if self.contact_id is None:
            return
        who = self._values["company_name"] or self.name_label.text()
        title, ok = QInputDialog.getText(self, self.tr("New deal"), self.tr("Deal title"),
                                         text=f"{who} – ")
        if not ok:
            return
        self.create_deal(title)

    def create_deal(self, title: str) -> int | None:
        """A deal for this contact, with their company and source campaign; opens it."""
        try:
            deal_id = self._deal_creator(self.contact_id, title,
                                         {"expected_close": today() + timedelta(days=30)})
        except ValidationError as error:
            messages.show_error(self, self.tr("No deal created"), str(error))
            return None
        self._after_change()
        self.open_record.emit("deal", deal_id)
        return deal_id

    def _on_save_button_clicked(self) -> None:
        self.save()

    def save(self) -> bool:
        """Save the Details tab; a refused value is named in the form. True when saved."""
        if self.contact_id is None:
            return False
        try:
            self._saver(self.contact_id, self.form.values(), self.form.company_name(),
                        self.form.tags())
        except ValidationError as error:
            label = error.field.replace("_", " ").capitalize()
            self.tabs.setCurrentIndex(1)
            self.form.show_error(error.field, f"{label}: {error.message}")
            return False
        self._after_change(reset_form=True)
        return True

    def _on_revert_button_clicked(self) -> None:
        self.show_contact(self.contact_id, reset_form=True)

    def _on_form_changed(self) -> None:
        self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def _after_change(self, *, reset_form: bool = False) -> None:
        contact_id = self.contact_id
        self.show_contact(contact_id, reset_form=reset_form)
        if contact_id is not None:
            self.contact_changed.emit(contact_id)

    def _on_timeline_item_activated(self, item: QListWidgetItem) -> None:
        kind, record_id = item.data(REF_ROLE)
        if kind in ("deal", "campaign"):
            self.open_record.emit(kind, record_id)
