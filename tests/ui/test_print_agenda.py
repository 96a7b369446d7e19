"""Printing the agenda: a real PDF written through QTextDocument and QPrinter."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime

import pytest

from smeplanner.core.activities import activities
from smeplanner.core.contacts import contacts
from smeplanner.core.errors import ValidationError
from smeplanner.core.week import load_week
from smeplanner.ui.print_agenda import default_pdf_name, print_agenda, print_sheet_to_pdf

MONDAY = date(2026, 11, 23)  # 2026-W48


def pdf_text(path) -> str | None:
    """The PDF's text when pdftotext is installed, else None (the text checks are skipped)."""
    if shutil.which("pdftotext") is None:
        return None
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def plan(workspace):
    anna = contacts.create(first_name="Anna", last_name="Schmidt", address="Hauptstr. 1",
                           postcode="10115", city="Berlin", notes="Likes espresso.")
    activities.create(kind="call", subject="Quote follow-up", contact=anna.id,
                      due_at=datetime(2026, 11, 23, 9, 0), duration_minutes=30)
    activities.create(kind="task", subject="Print brochures", due_date=date(2026, 11, 26),
                      role="marketing", duration_minutes=60)
    return load_week(MONDAY, today=MONDAY)


def test_print_sheet_to_pdf_writes_a_pdf(qtbot, tmp_path):
    path = tmp_path / "sheet.pdf"
    print_sheet_to_pdf("<h1>Agenda</h1><table><tr><td>Quote &lt;b&gt;follow-up</td></tr>"
                       "</table>", path, "Agenda")
    assert path.read_bytes().startswith(b"%PDF")
    text = pdf_text(path)
    if text is not None:
        assert "Quote <b>follow-up" in text


def test_print_sheet_to_pdf_reports_a_file_it_cannot_write(qtbot, tmp_path):
    with pytest.raises(OSError):
        print_sheet_to_pdf("<p>x</p>", tmp_path / "no such folder" / "sheet.pdf")


def test_week_sheet_with_an_injected_path_chooser(qtbot, tmp_path, plan):
    asked = []

    def choose(parent, suggested):
        asked.append(suggested)
        return tmp_path / "week.pdf"

    written = print_agenda(None, plan, None, choose_path=choose)
    assert written == tmp_path / "week.pdf"
    assert asked[0].name == "agenda-2026-W48.pdf"
    assert written.read_bytes().startswith(b"%PDF")
    text = pdf_text(written)
    if text is not None:
        assert "Quote follow-up" in text and "Print brochures" in text
        assert "Hauptstr. 1" in text


def test_day_sheet_has_only_that_day(qtbot, tmp_path, plan):
    written = print_agenda(None, plan, MONDAY,
                           choose_path=lambda parent, suggested: tmp_path / suggested.name)
    assert written == tmp_path / "agenda-2026-11-23.pdf"
    assert written.read_bytes().startswith(b"%PDF")
    text = pdf_text(written)
    if text is not None:
        assert "Quote follow-up" in text and "Print brochures" not in text


def test_cancelling_writes_nothing(qtbot, tmp_path, plan):
    assert print_agenda(None, plan, None, choose_path=lambda parent, suggested: None) is None
    assert list(tmp_path.glob("*.pdf")) == []


def test_a_day_outside_the_week_is_refused_before_asking(qtbot, plan):
    def choose(parent, suggested):
        raise AssertionError("must not ask")

    with pytest.raises(ValidationError):
        print_agenda(None, plan, date(2026, 12, 1), choose_path=choose)


def test_default_names(plan):
    assert default_pdf_name(plan, None) == "agenda-2026-W48.pdf"
    assert default_pdf_name(plan, date(2026, 11, 24)) == "agenda-2026-11-24.pdf"
