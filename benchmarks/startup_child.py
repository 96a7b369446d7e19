"""Run in a fresh process: show a window, print seconds from launch to its first paint.

``bare`` shows an empty QMainWindow (the floor); ``app`` opens the workspace and shows the
real main window. Both share the interpreter start, the PySide6 import and the
QApplication, so the difference is what SME Planner itself costs.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow


class FirstPaint(QObject):
    def __init__(self, launched: float) -> None:
        super().__init__()
        self.launched = launched
        self.elapsed: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.elapsed is None:
            self.elapsed = time.time() - self.launched
            QApplication.instance().quit()
        return False


def main() -> int:
    mode, launched = sys.argv[1], float(sys.argv[2])
    app = QApplication([sys.argv[0]])
    workspace = None
    if mode == "bare":
        window = QMainWindow()
    else:
        from smeplanner.core.db import open_workspace
        from smeplanner.ui.app import build_main_window

        workspace = open_workspace(sys.argv[3])
        window = build_main_window(workspace)
    window.resize(1280, 800)
    watcher = FirstPaint(launched)
    app.installEventFilter(watcher)
    window.show()
    app.exec()
    print(f"{watcher.elapsed:.4f}")
    window.close()
    if workspace is not None:
        workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
