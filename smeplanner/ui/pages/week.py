"""The Week page; until the planner lands, the agenda: overdue open items, then what is next."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from smeplanner.ui.session import Session
from smeplanner.ui.widgets.table_page import TablePage


class WeekPage(TablePage):
    """Activities still to do (tasks, calls, meetings, deliverables), by due date."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, "agenda",
                         title=QCoreApplication.translate("WeekPage", "Agenda"),
                         state_key="week/agenda", parent=parent)
