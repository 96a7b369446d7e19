"""Run in a fresh process: show a window, print seconds from launch to its first paint.

``bare`` shows an empty QMainWindow (the floor); ``label`` the same window holding one
QLabel, to show what painting any text costs (Qt's font set-up). ``app`` starts SME Planner the way
``run_gui`` does: it locks the workspace, shows the main window, then opens the workspace
and fills the first page. It prints two figures: the first paint of the window, and the
first paint after the first page holds its records. Both modes share the interpreter start,
the PySide6 import and the QApplication.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow


class Paints(QObject):
    """Notes the first paint, and the first paint once the window says it is ready."""

    def __init__(self, launched: float, wait_for_ready: bool) -> None:
        super().__init__()
        self.launched = launched
        self.first: float | None = None
        self.ready = not wait_for_ready
        self.after_ready: float | None = None

    def watch(self, window: QObject) -> None:
        """Watch the window's own paints only: an application-wide Python event filter
        would add a call into Python for every event of every widget being built, a cost
        of the measurement (about 30 µs an event), not of the app."""
        window.installEventFilter(self)

    def mark_ready(self) -> None:
        self.ready = True
        # The first page paints its own widgets, not necessarily the window: from here on
        # every paint counts (few events remain before it).
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            now = time.time() - self.launched
            if self.first is None:
                self.first = now
            if self.ready and self.after_ready is None:
                self.after_ready = now
                QApplication.instance().quit()
        return False


def main() -> int:
    mode, launched = sys.argv[1], float(sys.argv[2])
    if mode in ("bare", "label"):
        app = QApplication([sys.argv[0]])
        paints = Paints(launched, wait_for_ready=False)
        window = QMainWindow()
        paints.watch(window)
        if mode == "label":
            from PySide6.QtWidgets import QLabel

            window.setCentralWidget(QLabel("SME Planner"))
        window.resize(1280, 800)
        window.show()
        app.exec()
    else:
        from smeplanner.ui.app import create_application, start

        app = create_application([sys.argv[0]])
        paints = Paints(launched, wait_for_ready=True)
        startup = start(sys.argv[3])
        if isinstance(startup, int):
            return startup
        # Shown but not yet painted: that waits for the event loop.
        paints.watch(startup.window)
        startup.window.ready.connect(paints.mark_ready)
        startup.window.resize(1280, 800)
        app.exec()
        startup.window.close()
        startup.close()
    print(f"{paints.first:.4f} {paints.after_ready:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
