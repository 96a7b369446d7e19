"""The Contacts page: people (with filters, bulk actions and the detail panel), companies,
and the search for duplicates, each in its own tab."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from smeplanner.ui import state
from smeplanner.ui.session import Session
from smeplanner.ui.widgets.contacts_tab import ContactsTab
from smeplanner.ui.widgets.duplicates_view import DuplicatesView
from smeplanner.ui.widgets.filter_bar import FilterBar
from smeplanner.ui.widgets.page_header import PageHeader
from smeplanner.ui.widgets.table_page import PAGE_MARGINS, TablePage

_TAB_KEY = "pages/contacts/tab"


class ContactsPage(QWidget):
    """Contacts, Companies and Duplicates under one title; remembers the open tab.

    Signals:
        open_record_requested(str, int): open a record on another page.
    """

    open_record_requested = Signal(str, int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contacts = ContactsTab(session)
        self.companies = TablePage(session, "companies", state_key="contacts/companies")
        self.company_filters = FilterBar("companies")
        self.companies.add_to_top_bar(self.company_filters)
        self.duplicates = DuplicatesView(session)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.contacts, self.tr("Contacts"))
        self.tabs.addTab(self.companies, self.tr("Companies"))
        self.tabs.addTab(self.duplicates, self.tr("Duplicates"))
        self.tabs.setCurrentIndex(state.load_int(_TAB_KEY, 0))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.setSpacing(10)
        layout.addWidget(PageHeader(self.tr("Contacts")))
        layout.addWidget(self.tabs, 1)
        self.contacts.open_record_requested.connect(self.open_record_requested)
        self.company_filters.filter_changed.connect(self.companies.model.set_filter)
        self.duplicates.open_contact.connect(self._on_duplicates_open_contact)

    def show_record(self, record_id: int, kind: str | None = None) -> bool:
        if kind == "company":
            self.tabs.setCurrentWidget(self.companies)
            return self.companies.show_record(record_id, kind)
        self.tabs.setCurrentWidget(self.contacts)
        return self.contacts.show_record(record_id)

    def save_state(self) -> None:
        state.save_value(_TAB_KEY, self.tabs.currentIndex())
        self.contacts.save_state()
        self.companies.save_state()

    def _on_duplicates_open_contact(self, contact_id: int) -> None:
        self.show_record(contact_id, "contact")
