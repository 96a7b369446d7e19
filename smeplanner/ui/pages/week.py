"""The Week page; until the planner lands, the activities in date order."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from smeplanner.ui.session import Session
from smeplanner.ui.widgets.table_page import TablePage


class WeekPage(TablePage):
    """Activities (tasks, calls, meetings, deliverables) as a read-only table."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, "activities",
                         title=QCoreApplication.translate("WeekPage", "Activities"),
                         state_key="week/activities", parent=parent)
