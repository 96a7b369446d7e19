"""Exports of the workspace to CSV, vCard 4.0 and iCalendar, and the dispatcher the command
line uses. Every export returns the number of records written, reads its rows with a few
queries and streams them, and writes through a temporary file that replaces ``path`` only
when complete. The writers live in ``csv_export``, ``vcard_export`` and ``ical_export``, what
they share in ``export_files``."""

from __future__ import annotations

from collections.abc import Callable

from smeplanner.core.contact_io.csv_export import (
    FORMULA_STARTS,
    export_audience_csv,
    export_campaigns_csv,
    export_companies_csv,
    export_contacts_csv,
    export_deals_csv,
    spreadsheet_cell,
)
from smeplanner.core.contact_io.export_files import PathLike
from smeplanner.core.contact_io.ical_export import export_calendar_ics
from smeplanner.core.contact_io.vcard_export import export_contacts_vcard
from smeplanner.core.errors import ValidationError

__all__ = [
    "EXPORT_FORMATS", "EXPORT_KINDS", "FORMULA_STARTS", "export_audience_csv",
    "export_calendar_ics", "export_campaigns_csv", "export_companies_csv",
    "export_contacts_csv", "export_contacts_vcard", "export_deals_csv", "spreadsheet_cell",
    "write_export",
]

EXPORT_KINDS = ("contacts", "companies", "deals", "campaigns", "calendar")
# The formats each kind can be written in, the first being its default.
EXPORT_FORMATS: dict[str, tuple[str, ...]] = {
    "contacts": ("csv", "vcard"), "companies": ("csv",), "deals": ("csv",),
    "campaigns": ("csv",), "calendar": ("ics",)}
# Other names people give the formats (file extensions).
_FORMAT_ALIASES = {"vcf": "vcard", "ical": "ics", "icalendar": "ics"}

_Writer = Callable[[PathLike, bool], int]
_WRITERS: dict[tuple[str, str], _Writer] = {
    ("contacts", "csv"): lambda path, interchange: export_contacts_csv(
        path, interchange=interchange),
    ("contacts", "vcard"): lambda path, _interchange: export_contacts_vcard(path),
    ("companies", "csv"): lambda path, interchange: export_companies_csv(
        path, interchange=interchange),
    ("deals", "csv"): lambda path, interchange: export_deals_csv(
        path, interchange=interchange),
    ("campaigns", "csv"): lambda path, interchange: export_campaigns_csv(
        path, interchange=interchange),
    ("calendar", "ics"): lambda path, _interchange: export_calendar_ics(path),
}


def write_export(kind: str, fmt: str, path: PathLike, *, interchange: bool = False) -> int:
    """Write every record of ``kind`` (one of ``EXPORT_KINDS``) to ``path`` in ``fmt``
    (``csv``, ``vcard``/``vcf`` or ``ics``); the number of records written.

    ``interchange`` applies to CSV only (vCard and iCalendar always hold the exact values).
    Raises ValidationError(field="kind") for an unknown kind and (field="format") for a
    format that kind cannot be written in.
    """
    if kind not in EXPORT_FORMATS:
        raise ValidationError("kind", f"unknown export {kind!r}; choose one of "
                                      f"{', '.join(EXPORT_KINDS)}")
    name = fmt.strip().lower()
    name = _FORMAT_ALIASES.get(name, name)
    if name not in EXPORT_FORMATS[kind]:
        raise ValidationError("format", f"{kind} cannot be exported as {fmt!r}; choose "
                                        f"{' or '.join(EXPORT_FORMATS[kind])}")
    return _WRITERS[kind, name](path, interchange)
