"""The day watcher: asks its owner to look at the clock at midnight and when the app comes
back to the front."""

from __future__ import annotations

from PySide6.QtCore import Qt

from smeplanner.ui.day_watcher import DayWatcher


def test_it_asks_when_the_app_comes_back_and_at_midnight(qtbot):
    watcher = DayWatcher()
    asked: list[bool] = []
    watcher.check_requested.connect(lambda: asked.append(True))
    assert watcher.is_active()  # waiting for the next midnight
    watcher._on_application_state_changed(Qt.ApplicationState.ApplicationInactive)
    assert asked == []
    watcher._on_application_state_changed(Qt.ApplicationState.ApplicationActive)
    assert asked == [True]
    watcher._timer.start(1)  # midnight, sooner
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=2000)
    assert watcher.is_active()  # and waits for the next one
