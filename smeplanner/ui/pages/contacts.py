"""The Contacts page: people and companies, each in its own tab."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from smeplanner.ui import state
from smeplanner.ui.session import Session
from smeplanner.ui.widgets.page_header import PageHeader
from smeplanner.ui.widgets.table_page import PAGE_MARGINS, TablePage

_TAB_KEY = "pages/contacts/tab"


class ContactsPage(QWidget):
    """Two tables, Contacts and Companies, under one title; remembers the open tab."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contacts = TablePage(session, "contacts", state_key="contacts/contacts")
        self.companies = TablePage(session, "companies", state_key="contacts/companies")
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.contacts, self.tr("Contacts"))
        self.tabs.addTab(self.companies, self.tr("Companies"))
        self.tabs.setCurrentIndex(state.load_int(_TAB_KEY, 0))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.setSpacing(10)
        layout.addWidget(PageHeader(self.tr("Contacts")))
        layout.addWidget(self.tabs, 1)

    def show_record(self, record_id: int, kind: str | None = None) -> bool:
        table = self.companies if kind == "company" else self.contacts
        self.tabs.setCurrentWidget(table)
        return table.show_record(record_id, kind)

    def save_state(self) -> None:
        state.save_value(_TAB_KEY, self.tabs.currentIndex())
        self.contacts.save_state()
        self.companies.save_state()
