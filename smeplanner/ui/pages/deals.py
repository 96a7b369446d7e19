"""The Deals page: every deal, with stage, amount and expected close."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from smeplanner.ui.session import Session
from smeplanner.ui.widgets.table_page import TablePage


class DealsPage(TablePage):
    """Deals as a read-only table; the pipeline board comes with the deal tracker."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, "deals", title=QCoreApplication.translate("DealsPage", "Deals"),
                         state_key="deals/deals", parent=parent)
