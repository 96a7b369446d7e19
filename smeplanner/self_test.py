"""``smeplanner --self-test``: prove that this copy of the app (a bundle above all) works.

In a temporary folder, and touching nothing of the user's: it opens a new workspace, writes a
contact, a campaign and a deal through the core services and reads them back, builds the main
window over the workspace and visits every page (headless when there is no display), draws a
report chart to PNG, SVG and PDF and on a Qt canvas, round-trips a vCard and an iCalendar export
and expands a recurrence rule. Each check prints one line; the last line is "self-test ok"
(exit 0), or the check that failed and why (exit 1).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from smeplanner.core.db import Workspace

EXIT_OK = 0
EXIT_FAILED = 1
# Long enough for a slow first start (matplotlib's font cache), short enough to end a hang.
WAIT_LIMIT_MS = 60_000

EMAIL = "ada.selftest@example.com"
CAMPAIGN = "Self-test spring mailing"
DEAL = "Self-test order"

# Qt plugins a bundle must carry, per system: (plugin folder, part of the file name).
_NATIVE_PLATFORMS = {"linux": ("qxcb", "qwayland"), "win32": ("qwindows",),
                     "darwin": ("qcocoa",)}
_SVG_PLUGINS = (("imageformats", "qsvg"), ("iconengines", "qsvgicon"))
_OFFSCREEN_NOISE = ("This plugin does not support propagateSizeHints",
                    "This plugin does not support raise",
                    "This plugin does not support grabbing the keyboard")


@dataclass
class _Run:
    """What the checks share: the temporary folder and what earlier checks made."""

    folder: Path
    out: TextIO
    workspace: Workspace | None = None
    ids: dict[str, int] = field(default_factory=dict)
    app: Any = None


def headless_needed(environ: os._Environ[str] | dict[str, str] = os.environ,
                    platform: str = sys.platform) -> bool:
    """Whether Qt must use its offscreen platform: on Linux (and other X11/Wayland systems)
    when neither display is there and no platform was chosen."""
    if environ.get("QT_QPA_PLATFORM") or platform in ("win32", "darwin"):
        return False
    return not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def _wait(app: Any, until: Callable[[], bool], what: str) -> None:
    """Run the event loop until ``until()`` holds; RuntimeError naming ``what`` if it never does."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + WAIT_LIMIT_MS / 1000
    while not until():
        if time.monotonic() > deadline:
            raise RuntimeError(f"gave up waiting for {what}")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.005)


def _quiet_offscreen_noise() -> None:
    """Pass Qt's messages on to stderr, except the offscreen platform's notes that it lacks
    window-manager features (the same ones the test suite ignores)."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handle(kind: QtMsgType, _context: object, message: str) -> None:
        if not message.startswith(_OFFSCREEN_NOISE):
            print(message, file=sys.stderr)

    qInstallMessageHandler(handle)


# --- the checks, in order ------------------------------------------------------------------------

def check_qt(run: _Run) -> str:
    """The QApplication as the app makes it, its icon, and the plugins it loads at run time."""
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtGui import QGuiApplication, QImageReader

    from smeplanner.ui.app import create_application
    from smeplanner.ui.icons import ICON_DIR

    # Window geometry and column layouts go to the temporary folder, not the user's.
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(run.folder / "settings"))
    _quiet_offscreen_noise()
    run.app = create_application([sys.argv[0]])
    if not (ICON_DIR / "app.svg").is_file():
        raise RuntimeError(f"the app icon is missing from {ICON_DIR}")
    if run.app.windowIcon().isNull():
        raise RuntimeError("the application has no window icon")
    formats = {bytes(name).decode() for name in QImageReader.supportedImageFormats()}
    if "svg" not in formats:
        raise RuntimeError(f"Qt cannot read SVG (image formats: {', '.join(sorted(formats))})")
    wanted = [("platforms", "qoffscreen"), *_SVG_PLUGINS]
    for key, names in _NATIVE_PLATFORMS.items():
        if sys.platform.startswith(key):
            wanted += [("platforms", name) for name in names]
    folders = [Path(path) for path in QCoreApplication.libraryPaths()]
    missing = [f"{kind}/{name}" for kind, name in wanted
               if not any(name in plugin.name for folder in folders
                          for plugin in (folder / kind).glob("*") if plugin.is_file())]
    if missing:
        raise RuntimeError(f"Qt plugins missing: {', '.join(missing)} (looked in "
                           f"{', '.join(map(str, folders))})")
    return f"platform {QGuiApplication.platformName()}, plugins {', '.join(n for _k, n in wanted)}"


def check_workspace(run: _Run) -> str:
    from smeplanner.core import migrations
    from smeplanner.core.db import open_workspace

    # The migrations are found by listing their package: a bundle that left one out
    # shows a gap here (the build itself refuses to leave any module of the app out).
    numbers = [number for number, _module in migrations.available()]
    if numbers != list(range(1, len(numbers) + 1)):
        raise RuntimeError(f"migrations found: {numbers}")
    run.workspace = open_workspace(run.folder / "self-test.smeplanner")
    version = migrations.current_version(run.workspace.database)
    if version != numbers[-1]:
        raise RuntimeError(f"schema {version}, expected {numbers[-1]}")
    return f"{run.workspace.path.name}, {len(numbers)} migrations, schema {version}"


def check_records(run: _Run) -> str:
    from smeplanner.core.campaigns import campaigns
    from smeplanner.core.contacts import contacts
    from smeplanner.core.deals import deals

    start = date.today()
    contact = contacts.create(first_name="Ada", last_name="Selftest", email=EMAIL,
                              lifecycle_stage="lead")
    campaign = campaigns.create(name=CAMPAIGN, channel="email", objective="leads",
                                status="planned", start_date=start,
                                end_date=start + timedelta(days=14), budget=Decimal("250.00"))
    deal = deals.create(title=DEAL, contact=contact.id, amount=Decimal("1200.00"),
                        expected_close=start + timedelta(days=7), source_campaign=campaign.id)
    run.ids = {"contact": contact.id, "campaign": campaign.id, "deal": deal.id}
    read_contact = contacts.get(contact.id)
    read_campaign = campaigns.get(campaign.id)
    read_deal = deals.get(deal.id)
    if read_contact.email != EMAIL or read_contact.last_name != "Selftest":
        raise RuntimeError(f"contact read back as {read_contact.email!r}")
    if read_campaign.name != CAMPAIGN:
        raise RuntimeError(f"campaign read back as {read_campaign.name!r}")
    if read_deal.title != DEAL or read_deal.contact_id != contact.id:
        raise RuntimeError(f"deal read back as {read_deal.title!r}")
    return "contact, campaign and deal written and read back"


def check_window(run: _Run) -> str:
    """The main window over the workspace, shown, with every page built once."""
    from PySide6.QtCore import QThreadPool

    from smeplanner.ui.app import build_main_window

    assert run.workspace is not None
    window = build_main_window(run.workspace)
    try:
        window.resize(1024, 700)
        window.show()
        _wait(run.app, lambda: window.windowHandle() is not None
              and window.windowHandle().isExposed(), "the window to show")
        for key in window.page_keys:
            page = window.show_page(key)
            if hasattr(page, "report_shown"):
                _wait(run.app, lambda page=page: getattr(page, "report", None) is not None,
                      "the Reports page's charts")
            run.app.processEvents()
        if window.windowIcon().isNull():
            raise RuntimeError("the main window has no icon")
        pages = ", ".join(window.page_keys)
    finally:
        window.close()
        QThreadPool.globalInstance().waitForDone(WAIT_LIMIT_MS)
        window.deleteLater()
        run.app.processEvents()
    return f"shown; pages {pages}"


def check_charts(run: _Run) -> str:
    """A report chart through every matplotlib backend the app uses: Agg (PNG), SVG and PDF
    (chart exports, PDF reports) and QtAgg (the Reports page)."""
    import io
    from dataclasses import replace

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure

    from smeplanner.core.reports import build_report, preset_period
    from smeplanner.ui.charts.registry import chart
    from smeplanner.ui.charts.style import LIGHT_STYLE

    report = build_report(preset_period("year"))
    style = replace(LIGHT_STYLE, currency=report.currency)
    spec = chart("pipeline")
    sizes = []
    for fmt, magic in (("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")):
        figure = Figure(figsize=(6, 4), dpi=100)
        FigureCanvasAgg(figure)
        spec.plot(spec.make_axes(figure), report, style)
        data = io.BytesIO()
        figure.savefig(data, format=fmt)
        if not data.getvalue().startswith(magic):
            raise RuntimeError(f"the {fmt.upper()} chart is not a {fmt.upper()} file")
        sizes.append(f"{fmt} {len(data.getvalue()) // 1024} KiB")
    canvas = FigureCanvasQTAgg(Figure(figsize=(4, 3), dpi=100))
    spec.plot(spec.make_axes(canvas.figure), report, style)
    canvas.draw()
    if canvas.grab().isNull():
        raise RuntimeError("the Qt chart canvas drew nothing")
    canvas.deleteLater()
    return f"{spec.title}: " + ", ".join(sizes) + ", Qt canvas"


def check_vcard(run: _Run) -> str:
    from smeplanner.core.contact_io.exports import write_export
    from smeplanner.core.contact_io.files import read_contact_file

    path = run.folder / "contacts.vcf"
    written = write_export("contacts", "vcard", path)
    found = read_contact_file(path, "vcard")
    if written != 1 or [c.email for c in found.contacts] != [EMAIL]:
        raise RuntimeError(f"wrote {written} card(s), read back "
                           f"{[c.email for c in found.contacts]}")
    return f"{path.name}: 1 card written and read back"


def check_icalendar(run: _Run) -> str:
    from icalendar import Calendar

    from smeplanner.core.contact_io.exports import write_export

    path = run.folder / "calendar.ics"
    written = write_export("calendar", "ics", path)
    calendar = Calendar.from_ical(path.read_bytes())
    summaries = [str(event.get("summary")) for event in calendar.walk("VEVENT")]
    if not any(CAMPAIGN in text for text in summaries) or not any(DEAL in text
                                                                 for text in summaries):
        raise RuntimeError(f"events read back: {summaries}")
    starts = [event.decoded("dtstart") for event in calendar.walk("VEVENT")]
    if not all(isinstance(start, date) for start in starts):
        raise RuntimeError(f"event starts read back as {starts}")
    return f"{path.name}: {written} events written and read back"


def check_recurrence(run: _Run) -> str:
    """dateutil's rrule, as deliverable series use it."""
    from smeplanner.core.deliverable_series import occurrences

    days = occurrences("FREQ=WEEKLY;COUNT=3", date(2026, 1, 5))
    if days != [date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 19)]:
        raise RuntimeError(f"weekly rule gave {days}")
    return "weekly rule expanded"


CHECKS: tuple[tuple[str, Callable[[_Run], str]], ...] = (
    ("qt", check_qt),
    ("workspace", check_workspace),
    ("records", check_records),
    ("window", check_window),
    ("charts", check_charts),
    ("vcard", check_vcard),
    ("icalendar", check_icalendar),
    ("recurrence", check_recurrence),
)


def run_self_test(out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run every check in a temporary folder; EXIT_OK, or EXIT_FAILED at the first failure."""
    out = out or sys.stdout
    err = err or sys.stderr
    if headless_needed():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="smeplanner-self-test-") as folder:
        run = _Run(Path(folder), out)
        name = ""
        try:
            for name, check in CHECKS:
                detail = check(run)
                print(f"self-test: {name}: ok ({detail})", file=out, flush=True)
        except Exception as error:
            traceback.print_exc(file=err)
            print(f"self-test failed: {name}: {type(error).__name__}: {error}", file=err,
                  flush=True)
            return EXIT_FAILED
        finally:
            if run.workspace is not None:
                run.workspace.close()
    print(f"self-test: all {len(CHECKS)} checks passed in {time.perf_counter() - started:.1f} s",
          file=out)
    print("self-test ok", file=out, flush=True)
    return EXIT_OK
