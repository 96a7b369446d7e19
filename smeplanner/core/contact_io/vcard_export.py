"""Contacts as vCard 4.0 (RFC 6350), written by hand: one file of cards, or one file per
contact in a folder. The app's importer reads them back (tags in CATEGORIES, the lifecycle
stage in ``VCARD_STAGE_PROPERTY``)."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
import uuid
from collections.abc import Iterable
from pathlib import Path

from smeplanner.core import settings
from smeplanner.core.contact_io.export_files import (
    ContactRecord,
    PathLike,
    atomic_output,
    contact_records,
    person_name,
)
from smeplanner.core.contact_io.record import VCARD_STAGE_PROPERTY
from smeplanner.core.models import db
from smeplanner.core.validate import without_controls

CRLF = "\r\n"
# RFC 6350 3.2: lines SHOULD NOT be longer than 75 octets, excluding the line break.
LINE_OCTETS = 75
# Characters no file name may hold on Windows, macOS or Linux, and control characters.
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_RESERVED_NAMES = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)),
                   *(f"LPT{n}" for n in range(1, 10))}
_MAX_NAME = 100  # characters before ".vcf"; well under every file system's limit


def escape(text: str, *, component: bool = False) -> str:
    """A TEXT value escaped per RFC 6350 3.4: backslash, comma and any line break (as
    ``\\n``); semicolons too in a ``component`` of a compound value (N, ADR, ORG), the only
    place the grammar allows ``\\;``."""
    # Control characters are not allowed in a vCard (stored before the app removed them).
    text = without_controls(text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace(",", "\\,").replace("\n", "\\n")
    return text.replace(";", "\\;") if component else text


def fold(line: str) -> str:
    """A content line folded at 75 octets (RFC 6350 3.2): CRLF plus one space before each
    continuation, which counts toward its 75, and never inside a UTF-8 sequence (one
    character is never split). Returned without the final CRLF."""
    if len(line.encode("utf-8")) <= LINE_OCTETS:
        return line
    parts: list[str] = []
    current: list[str] = []
    size, limit = 0, LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1  # room for the leading space
        current.append(char)
        size += width
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def contact_uid(contact_id: int, workspace: str | None = None) -> str:
    """The contact's stable vCard UID: the same in every export of it, and another in
    another workspace (``workspace``: its id, read when not given)."""
    workspace = workspace or settings.workspace_id()
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL,
                                        f"smeplanner:{workspace}:contact:{contact_id}"))


def _rev(stored_utc: str) -> str:
    """A stored UTC instant ("2026-03-05 09:30:00") as a vCard timestamp."""
    return stored_utc[:19].replace("-", "").replace(":", "").replace(" ", "T") + "Z"


def card_lines(record: ContactRecord, workspace: str) -> list[str]:
    """The contact's vCard as unfolded content lines (values escaped); ``workspace``: the
    workspace id its UID carries."""
    lines = ["BEGIN:VCARD", "VERSION:4.0",
             "FN:" + escape(person_name(record.first_name, record.last_name, record.email)),
             f"N:{escape(record.last_name, component=True)};"
             f"{escape(record.first_name, component=True)};;;"]
    if record.email:
        lines.append("EMAIL:" + escape(record.email))
    if record.phone:
        lines.append("TEL;TYPE=work:" + escape(record.phone))
    if record.mobile:
        lines.append("TEL;TYPE=cell:" + escape(record.mobile))
    if record.company:
        lines.append("ORG:" + escape(record.company, component=True))
    if record.job_title:
        lines.append("TITLE:" + escape(record.job_title))
    address = (record.address, record.city, record.region, record.postcode, record.country)
    if any(address):
        lines.append("ADR;TYPE=work:;;" + ";".join(escape(part, component=True)
                                                 for part in address))
    if record.notes:
        lines.append("NOTE:" + escape(record.notes))
    if record.tags:
        lines.append("CATEGORIES:" + ",".join(escape(tag) for tag in record.tags))
    lines += [f"{VCARD_STAGE_PROPERTY}:{escape(record.lifecycle_stage)}",
              "UID:" + contact_uid(record.id, workspace), "REV:" + _rev(record.updated_at),
              "END:VCARD"]
    return lines


def card_text(record: ContactRecord, workspace: str) -> str:
    """The contact's vCard, folded, every line ending in CRLF."""
    return "".join(fold(line) + CRLF for line in card_lines(record, workspace))


def card_file_name(name: str, taken: set[str]) -> str:
    """A safe ``.vcf`` file name for a contact called ``name``, unique among ``taken``
    (compared ignoring case, as Windows and macOS do), which it is added to."""
    stem = _UNSAFE_NAME.sub(" ", unicodedata.normalize("NFC", name))
    stem = " ".join(stem.split())[:_MAX_NAME].strip(" .") or "contact"
    if stem.split(".")[0].upper() in _RESERVED_NAMES:
        stem = "_" + stem
    candidate, number = stem, 1
    while (candidate + ".vcf").casefold() in taken:
        number += 1
        candidate = f"{stem} ({number})"
    taken.add((candidate + ".vcf").casefold())
    return candidate + ".vcf"


def export_contacts_vcard(path: PathLike, *, one_file_per_contact: bool = False,
                          contact_ids: Iterable[int] | None = None) -> int:
    """Contacts (all, or ``contact_ids``) as vCard 4.0; the number of cards written.

    ``path`` is the file to write, or with ``one_file_per_contact`` the folder (created if
    missing) to put one ``<name>.vcf`` per contact in; a file of the same name already there
    is replaced. The cards are first written to a temporary folder inside it and moved into
    place only when all are written, so a failed export adds no file.
    """
    workspace = settings.workspace_id()
    if not one_file_per_contact:
        count = 0
        with db.atomic(), atomic_output(path, encoding="utf-8") as handle:
            for record in contact_records(contact_ids):
                handle.write(card_text(record, workspace))
                count += 1
        return count
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".vcards-", suffix=".part", dir=folder))
    try:
        names: list[str] = []
        taken: set[str] = set()
        with db.atomic():
            for record in contact_records(contact_ids):
                name = card_file_name(
                    person_name(record.first_name, record.last_name, record.email)
                    or f"contact {record.id}", taken)
                # Owner-only like the single file: the cards hold personal data.
                descriptor = os.open(staging / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL,
                                     0o600)
                with open(descriptor, "wb") as handle:
                    handle.write(card_text(record, workspace).encode("utf-8"))
                names.append(name)
        for name in names:
            os.replace(staging / name, folder / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return len(names)
