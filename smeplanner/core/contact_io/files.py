"""A contact file on disk to ImportedContact records: which format it is, how its columns
map, and the mappings a user chose for headers the app did not know."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from smeplanner.core.contact_io import csv_reader, vcard_reader
from smeplanner.core.contact_io.record import ImportedContact, UnreadableFileError
from smeplanner.core.models import Setting

IMPORT_FORMATS = ("auto", "google-csv", "outlook-csv", "csv", "vcard")
_MAPPING_KEY = "import_mapping/"
_VCARD_SUFFIXES = (".vcf", ".vcard")


@dataclass
class ContactFile:
    """A file read as contacts: the records, the format it was read as, and for CSV the
    header, data rows, sniffed encoding and delimiter and the column mapping used."""

    path: Path
    format_key: str  # "vcard" or a csv_reader.FORMATS key
    contacts: list[ImportedContact]
    sniff: csv_reader.CsvSniff | None = None
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    mapping: dict[int, str] = field(default_factory=dict)

    @property
    def format_label(self) -> str:
        return "vCard" if self.format_key == "vcard" else csv_reader.FORMATS[self.format_key]


def looks_like_vcard(path: Path, data: bytes) -> bool:
    if path.suffix.lower() in _VCARD_SUFFIXES:
        return True
    head = data[:4096]
    return b"BEGIN:VCARD" in head.upper() or b"B\x00E\x00G\x00I\x00N\x00:" in head.upper() \
        or b"\x00B\x00E\x00G\x00I\x00N\x00:" in head.upper()


def read_bytes(path: str | Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise UnreadableFileError(f"{path} cannot be read: {error.strerror or error}") from error


def read_contact_file(path: str | Path, format_key: str = "auto", *,
                      encoding: str | None = None, delimiter: str | None = None,
                      mapping: Mapping[int, str] | None = None) -> ContactFile:
    """Read ``path`` as ``format_key`` (one of IMPORT_FORMATS; "auto" decides by the file).
    CSV encoding, delimiter and column mapping are detected unless given; a mapping the user
    saved for this header is used before the automatic one. Raises UnreadableFileError."""
    if format_key not in IMPORT_FORMATS:
        raise UnreadableFileError(f"unknown format {format_key!r}; use one of "
                                  + ", ".join(IMPORT_FORMATS))
    path = Path(path)
    data = read_bytes(path)
    if format_key == "vcard" or (format_key == "auto" and looks_like_vcard(path, data)):
        return ContactFile(path, "vcard", vcard_reader.read_vcards(data))
    sniff = csv_reader.sniff(data)
    sniff = csv_reader.CsvSniff(encoding or sniff.encoding, delimiter or sniff.delimiter,
                                sniff.has_bom)
    try:
        header, rows = csv_reader.read_table(data, sniff.encoding, sniff.delimiter)
    except (UnicodeDecodeError, LookupError) as error:
        raise UnreadableFileError(f"{path.name} is not {sniff.encoding} text: {error}") from error
    if not header:
        raise UnreadableFileError(f"{path.name} has no header row")
    detected = csv_reader.detect_format(header)
    if format_key == "google-csv" and not detected.startswith("google"):
        detected = "google"
    elif format_key == "outlook-csv" and not detected.startswith("outlook"):
        detected = "outlook"
    if mapping is None:
        mapping = saved_mapping(header) or csv_reader.auto_mapping(header, detected)
    contacts = csv_reader.rows_to_contacts(header, rows, mapping, format_key=detected)
    return ContactFile(path, detected, contacts, sniff, header, rows, dict(mapping))


def saved_mapping(header: list[str]) -> dict[int, str] | None:
    """The column mapping the user chose for this exact header, if any."""
    row = Setting.get_or_none(Setting.key == _MAPPING_KEY + csv_reader.header_signature(header))
    if row is None:
        return None
    try:
        stored = json.loads(row.value)
        return {int(column): str(target) for column, target in stored.items()}
    except (ValueError, AttributeError):
        return None


def save_mapping(header: list[str], mapping: Mapping[int, str]) -> None:
    """Remember ``mapping`` for files with this header (the next import uses it)."""
    key = _MAPPING_KEY + csv_reader.header_signature(header)
    value = json.dumps({str(column): target for column, target in sorted(mapping.items())})
    Setting.insert(key=key, value=value).on_conflict_replace().execute()
