"""The pages of the main window, one module each, imported when first shown.

A page is a QWidget built as ``PageClass(session, parent=None)``. It may also offer:

- ``show_record(record_id, kind)`` to select a record (for the kinds in its spec),
- ``save_state()`` to keep its UI state (column layout) when the window closes,
- ``settle_edits()`` to save or discard edits not yet saved before the window closes
  (False: the user chose to stay).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:  # imported with the shell, before the database layer
    from smeplanner.ui.session import Session

_CONTEXT = "Pages"


@dataclass(frozen=True)
class PageSpec:
    """What the shell needs to list a page before building it."""

    key: str
    title: str  # untranslated; see ``label``
    module: str
    class_name: str
    kinds: tuple[str, ...] = ()  # record kinds the page can show

    @property
    def label(self) -> str:
        return QCoreApplication.translate(_CONTEXT, self.title)

    def create(self, session: Session) -> QWidget:
        page_class = getattr(importlib.import_module(self.module), self.class_name)
        return page_class(session)

    def preload(self) -> None:
        """Import the page's code without building it (done in idle time)."""
        importlib.import_module(self.module)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("week", QT_TRANSLATE_NOOP(_CONTEXT, "Week"), "smeplanner.ui.pages.week", "WeekPage"),
    PageSpec("contacts", QT_TRANSLATE_NOOP(_CONTEXT, "Contacts"), "smeplanner.ui.pages.contacts",
             "ContactsPage", ("contact", "company")),
    PageSpec("deals", QT_TRANSLATE_NOOP(_CONTEXT, "Deals"), "smeplanner.ui.pages.deals",
             "DealsPage", ("deal",)),
    PageSpec("campaigns", QT_TRANSLATE_NOOP(_CONTEXT, "Campaigns"),
             "smeplanner.ui.pages.campaigns", "CampaignsPage", ("campaign",)),
    PageSpec("reports", QT_TRANSLATE_NOOP(_CONTEXT, "Reports"), "smeplanner.ui.pages.reports",
             "ReportsPage"),
    PageSpec("settings", QT_TRANSLATE_NOOP(_CONTEXT, "Settings"),
             "smeplanner.ui.pages.settings", "SettingsPage"),
)
