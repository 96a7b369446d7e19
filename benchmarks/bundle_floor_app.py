"""The bundle benchmark's floor: the smallest PySide6-Essentials app, built into a one-folder
bundle like SME Planner's. It shows a QMainWindow holding one QLabel (``--bare``: empty, as
startup_child's "bare" floor); with $SMEPLANNER_FIRST_PAINT_SINCE set to the launch time it
prints ``first-paint <seconds>`` at the window's first paint and quits, as the app does.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


class FirstPaint(QObject):
    def __init__(self, launched: float) -> None:
        super().__init__()
        self.launched = launched
        self.first: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.first is None:
            self.first = time.time() - self.launched
            QTimer.singleShot(0, QApplication.quit)
        return False


def main() -> int:
    app = QApplication(sys.argv[:1])
    since = os.environ.get("SMEPLANNER_FIRST_PAINT_SINCE")
    probe = FirstPaint(float(since)) if since else None
    if probe is not None:
        app.installEventFilter(probe)
    window = QMainWindow()
    if "--bare" not in sys.argv:
        window.setCentralWidget(QLabel("SME Planner"))
    window.resize(1280, 800)
    window.show()
    code = app.exec()
    if probe is not None:
        print(f"first-paint {probe.first:.4f}", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
