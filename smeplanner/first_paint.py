"""Start-up timing of a built app (the bundle benchmark): how long until the window paints.

With ``$SMEPLANNER_FIRST_PAINT_SINCE`` set to the launch time (seconds since the epoch, as
``time.time()`` gives it), starting the window prints ``first-paint <seconds>``, the time
from launch to the main window's first paint, and exits at once instead of running. The
window starts exactly as ``run_gui`` starts it; the workspace is not opened (that comes
after the first paint).
"""

from __future__ import annotations

import os
import sys
import time

FIRST_PAINT_VAR = "SMEPLANNER_FIRST_PAINT_SINCE"


def launched_at() -> float | None:
    """The launch time the benchmark passed, or None when the app runs normally."""
    value = os.environ.get(FIRST_PAINT_VAR, "").strip()
    try:
        return float(value) if value else None
    except ValueError:
        return None


def run_to_first_paint(db_path: str | None, argv: list[str], launched: float) -> int:
    """Show the window as ``run_gui`` does, print the seconds to its first paint, and end
    the process there: before the workspace is opened, which the first paint triggers."""
    from PySide6.QtCore import QEvent, QObject

    from smeplanner.ui.app import create_application, start

    app = create_application(argv)

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                print(f"first-paint {time.time() - launched:.4f}", flush=True)
                # At once: a quit() lets the event loop run the workspace opening queued
                # by this paint first (and then a backup on close). Nothing is open yet
                # but the lock, which the OS releases.
                os._exit(0)
            return False

    watcher = FirstPaint()
    app.installEventFilter(watcher)
    startup = start(db_path)
    if isinstance(startup, int):
        return startup
    app.exec()
    startup.close()
    print("smeplanner: the window closed before it painted", file=sys.stderr)
    return 1
