"""The Contacts page: people (with filters, bulk actions and the detail panel), companies,
and the search for duplicates, each in its own tab (the last two built when first opened)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from smeplanner.ui import state
from smeplanner.ui.session import Session
from smeplanner.ui.widgets.contacts_tab import ContactsTab
from smeplanner.ui.widgets.page_header import PageHeader
from smeplanner.ui.widgets.table_page import PAGE_MARGINS, TablePage

_TAB_KEY = "pages/contacts/tab"
CONTACTS_TAB, COMPANIES_TAB, DUPLICATES_TAB = range(3)


class ContactsPage(QWidget):
    """Contacts, Companies and Duplicates under one title; remembers the open tab.

    Signals:
        open_record_requested(str, int): open a record on another page.
    """

    open_record_requested = Signal(str, int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.contacts = ContactsTab(session)
        self._companies: TablePage | None = None
        self._duplicates: QWidget | None = None
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.contacts, self.tr("Contacts"))
        self.tabs.addTab(QWidget(), self.tr("Companies"))
        self.tabs.addTab(QWidget(), self.tr("Duplicates"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.setSpacing(10)
        layout.addWidget(PageHeader(self.tr("Contacts")))
        layout.addWidget(self.tabs, 1)
        self.contacts.open_record_requested.connect(self.open_record_requested)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.tabs.setCurrentIndex(state.load_int(_TAB_KEY, CONTACTS_TAB))

    @property
    def companies(self) -> TablePage:
        if self._companies is None:
            from smeplanner.ui.widgets.filter_bar import FilterBar

            companies = TablePage(self._session, "companies", state_key="contacts/companies")
            filters = FilterBar("companies")
            companies.add_to_top_bar(filters)
            filters.filter_changed.connect(companies.model.set_filter)
            companies.view.doubleClicked.connect(self._on_companies_double_clicked)
            companies.view.setToolTip(self.tr("Double-click a company to list its contacts"))
            self.company_filters = filters
            self._companies = companies
            self._replace_tab(COMPANIES_TAB, companies)
        return self._companies

    @property
    def duplicates(self) -> QWidget:
        if self._duplicates is None:
            from smeplanner.ui.widgets.duplicates_view import DuplicatesView

            view = DuplicatesView(self._session)
            view.open_contact.connect(self._on_duplicates_open_contact)
            self._duplicates = view
            self._replace_tab(DUPLICATES_TAB, view)
        return self._duplicates

    def _replace_tab(self, index: int, widget: QWidget) -> None:
        current = self.tabs.currentIndex()
        placeholder = self.tabs.widget(index)
        label = self.tabs.tabText(index)
        self.tabs.blockSignals(True)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, widget, label)
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        placeholder.deleteLater()

    def current_record(self) -> tuple[str, int] | None:
        """The contact a quick add made here starts linked to: the one selected."""
        if self.tabs.currentWidget() is not self.contacts:
            return None
        selected = self.contacts.selected_ids()
        return ("contact", selected[0]) if len(selected) == 1 else None

    def show_record(self, record_id: int, kind: str | None = None) -> bool:
        if kind == "company":
            self.tabs.setCurrentWidget(self.companies)
            return self.companies.show_record(record_id, kind)
        self.tabs.setCurrentWidget(self.contacts)
        return self.contacts.show_record(record_id)

    def settle_edits(self) -> bool:
        """Before the window closes: unsaved edits of the contact shown are saved,
        discarded or kept by staying (False)."""
        return self.contacts.detail.settle_edits() if self.contacts.has_detail else True

    def save_state(self) -> None:
        state.save_value(_TAB_KEY, self.tabs.currentIndex())
        self.contacts.save_state()
        if self._companies is not None:
            self._companies.save_state()

    def _on_tabs_current_changed(self, index: int) -> None:
        if index == COMPANIES_TAB:
            self.tabs.setCurrentWidget(self.companies)
        elif index == DUPLICATES_TAB:
            self.tabs.setCurrentWidget(self.duplicates)

    def show_company_contacts(self, company_id: int) -> None:
        """The Contacts tab, showing only this company's people."""
        from smeplanner.core import contact_forms

        company = contact_forms.company_name(company_id)
        self.contacts.filter_by_company(company_id, company)
        self.tabs.setCurrentWidget(self.contacts)

    def _on_companies_double_clicked(self, index: QModelIndex) -> None:
        company_id = self.companies.model.record_id(index.row())
        self.show_company_contacts(company_id)

    def _on_duplicates_open_contact(self, contact_id: int) -> None:
        self.show_record(contact_id, "contact")
