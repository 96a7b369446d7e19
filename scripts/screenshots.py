"""`make screenshots`: render every page of a demo workspace to docs/screenshots/*.png.

Offscreen, in a temporary workspace and settings folder; nothing of the user's is touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QLabel

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
SIZE = (1280, 800)


def _busiest_contact() -> int:
    """The contact with the longest history, so the timeline shows what it can do."""
    from peewee import fn

    from smeplanner.core.models import Activity

    row = (Activity.select(Activity.contact, fn.COUNT(Activity.id).alias("n"))
           .where(Activity.contact.is_null(False)).group_by(Activity.contact)
           .order_by(fn.COUNT(Activity.id).desc()).first())
    return row.contact_id


def _settle(app: QApplication, seconds: float = 0.4) -> None:
    """Let queued loads run (the week and its review fill in a turn after they show)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def _wait_for_report(app: QApplication, page: object, seconds: float = 20) -> None:
    """The Reports page computes its figures in the background: wait for them, then let
    the charts paint."""
    deadline = time.monotonic() + seconds
    while getattr(page, "report", None) is None and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    _settle(app)


def main() -> int:
    from smeplanner.core import demo
    from smeplanner.core.db import open_workspace
    from smeplanner.ui.app import build_main_window, create_application

    OUT.mkdir(parents=True, exist_ok=True)
    app = create_application([sys.argv[0]])
    with tempfile.TemporaryDirectory() as scratch:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch)
        with open_workspace(Path(scratch) / "demo.smeplanner") as workspace:
            demo.build_demo(workspace.database, scale=1, seed=1)
            window = build_main_window(workspace)
            window.resize(*SIZE)
            window.show()
            for key in window.page_keys:
                page = window.show_page(key)
                if key == "contacts":
                    page.show_record(_busiest_contact(), "contact")
                if key == "campaigns" and page.calendar.items.campaigns:
                    # A campaign selected, so the panel shows its return and deliverables.
                    bar = page.calendar.items.campaigns[0]
                    page.show_record(bar.id, "campaign")
                    page.calendar.go_to_today()
                _settle(app)
                if key == "reports":
                    _wait_for_report(app, page)
                path = OUT / f"{key}.png"
                window.grab().save(str(path))
                print(path.relative_to(ROOT))
                if key == "reports":
                    # The sales charts, further down the page, from their heading.
                    heading = page.body.findChild(QLabel, "group_sales")
                    page.scroll.verticalScrollBar().setValue(heading.y())
                    _settle(app)
                    path = OUT / "reports-sales.png"
                    window.grab().save(str(path))
                    print(path.relative_to(ROOT))
            window.show_page("contacts")
            window.search_box.setFocus()
            window.search_box.setText("schm")
            _settle(app)
            window.grab().save(str(OUT / "search.png"))
            print((OUT / "search.png").relative_to(ROOT))
            window.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
