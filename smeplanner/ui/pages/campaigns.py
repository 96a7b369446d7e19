"""The Campaigns page: every campaign, with channel, dates, budget and spend."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from smeplanner.ui.session import Session
from smeplanner.ui.widgets.table_page import TablePage


class CampaignsPage(TablePage):
    """Campaigns as a read-only table; the calendar comes with the campaign planner."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, "campaigns",
                         title=QCoreApplication.translate("CampaignsPage", "Campaigns"),
                         state_key="campaigns/campaigns", parent=parent)
