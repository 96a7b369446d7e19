"""What the end-to-end tests share: answering the modal dialogs a page opens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def when_modal(kind: type, act: Callable[[Any], object]) -> QTimer:
    """Call ``act(dialog)`` once a modal dialog of ``kind`` is open (a page opens its
    dialogs a moment after the click, outside the mouse event). Keep the timer returned
    alive until then."""
    timer = QTimer()
    timer.setInterval(10)

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            timer.stop()
            act(dialog)

    timer.timeout.connect(check)
    timer.start()
    return timer
