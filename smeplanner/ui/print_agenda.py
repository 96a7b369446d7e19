"""Print the agenda of a day or a week to a PDF file, for a day on the road with no laptop.

The sheet (items, addresses, last notes) and its HTML come from ``core.agenda_sheet``; this
module only lays the HTML out on A4 pages with QTextDocument and QPrinter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QStandardPaths, Qt
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QWidget

from smeplanner.core.agenda_sheet import render_html, sheet_for
from smeplanner.core.week import WeekPlan, iso_week_label

# Asks where to save: (parent, suggested path) -> the chosen path, or None when cancelled.
PathChooser = Callable[[QWidget | None, Path], Path | None]

MARGIN_MM = 15.0
_CONTEXT = "PrintAgenda"
translate = QCoreApplication.translate


def print_sheet_to_pdf(html: str, path: Path, title: str = "") -> None:
    """Lay ``html`` out on A4 pages with 15 mm margins and write them to ``path`` as a PDF.

    Raises OSError when no file was written (QPrinter reports failures only that way)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageLayout(QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter))
    if title:
        printer.setDocName(title)
    document = QTextDocument()
    document.setHtml(html)
    # Opened first: a folder that is gone or read-only raises a plain OSError naming the
    # file, where QPrinter would only warn; and an old file emptied here cannot pass for
    # this one below.
    with path.open("wb"):
        pass
    document.print_(printer)
    if not path.is_file() or path.stat().st_size == 0:
        raise OSError(f"Could not write the PDF file {path}")


def default_pdf_name(plan: WeekPlan, day: date | None) -> str:
    """"agenda-2026-11-23.pdf" for a day sheet, "agenda-2026-W48.pdf" for a week sheet."""
    return f"agenda-{day.isoformat()}.pdf" if day else f"agenda-{iso_week_label(plan.first)}.pdf"


def _documents_dir() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def ask_pdf_path(parent: QWidget | None, suggested: Path) -> Path | None:
    """The save dialog: the chosen file (".pdf" added when left out), or None."""
    chosen, _ = QFileDialog.getSaveFileName(
        parent, translate(_CONTEXT, "Save agenda as PDF"), str(suggested),
        translate(_CONTEXT, "PDF files (*.pdf)"))
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def print_agenda(parent: QWidget | None, plan: WeekPlan, day: date | None,
                 choose_path: PathChooser = ask_pdf_path) -> Path | None:
    """Save the day sheet of ``day`` (the week sheet when None) of ``plan`` as a PDF the user
    names; returns the file written, or None when the user cancelled.

    Raises ValidationError when ``day`` is not in the plan's week, OSError when the file
    cannot be written (the caller tells the user)."""
    # Built first: a day outside the week is refused before the user is asked anything.
    sheet = sheet_for(plan, [day] if day else list(plan.days))
    path = choose_path(parent, _documents_dir() / default_pdf_name(plan, day))
    if path is None:
        return None
    # A busy week is thousands of table rows: laying them out takes a moment.
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        print_sheet_to_pdf(render_html(sheet, sheet.title), path, sheet.title)
    finally:
        QGuiApplication.restoreOverrideCursor()
    return path
