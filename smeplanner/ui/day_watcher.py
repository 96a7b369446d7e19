"""Notice when the calendar day changes while the app runs: a timer set for midnight, and a
look at the clock whenever the app comes back to the front (a laptop that slept through the
night fires its timer late)."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication


class DayWatcher(QObject):
    """Calls ``check`` at each local midnight and when the application becomes active; the
    owner compares the day itself (so tests can put the clock where they like).

    Signals:
        check_requested(): it may be another day now.
    """

    check_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)
        self.restart()
        QGuiApplication.instance().applicationStateChanged.connect(  # type: ignore[union-attr]
            self._on_application_state_changed)

    def is_active(self) -> bool:
        return self._timer.isActive()

    def restart(self) -> None:
        """Wait for the next local midnight (a second after, to be on the new day)."""
        now = datetime.now()
        midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
        self._timer.start(int((midnight - now).total_seconds() * 1000) + 1000)

    def _on_timeout(self) -> None:
        self.restart()
        self.check_requested.emit()

    def _on_application_state_changed(self, app_state: Qt.ApplicationState) -> None:
        if app_state == Qt.ApplicationState.ApplicationActive:
            self.check_requested.emit()
