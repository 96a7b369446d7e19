"""Contact CSV files read into :class:`ImportedContact` records: encoding and delimiter
sniffing, the table itself, and the rows turned into contacts through a column mapping."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from smeplanner.core.contact_io.csv_formats import (
    ADDRESS_TARGETS,
    FORMATS,
    TARGETS,
    address_group,
    auto_mapping,
    detect_format,
    is_formatted_address,
    phone_rank,
)
from smeplanner.core.contact_io.record import TAG_SEPARATOR, ImportedContact, UnreadableFileError

__all__ = ["FORMATS", "CsvSniff", "auto_mapping", "detect_format", "header_signature",
           "read_table", "rows_to_contacts", "sniff"]

DELIMITERS = (",", ";", "\t")
_SNIFF_CHARS = 16_384
_SNIFF_ROWS = 50
# Google joins several values of one field with " ::: ".
_MULTI = " ::: "


@dataclass(frozen=True)
class CsvSniff:
    """How a CSV file is written: its text encoding, field delimiter and byte-order mark."""

    encoding: str
    delimiter: str
    has_bom: bool


def sniff(data: bytes) -> CsvSniff:
    """Encoding and delimiter of a CSV file's bytes; UnreadableFileError when the data is
    empty or not text."""
    encoding, has_bom = _sniff_encoding(data)
    text = _decode(data, encoding)
    if not text.strip():
        raise UnreadableFileError("The file is empty.")
    controls = sum(1 for ch in text[:_SNIFF_CHARS] if ord(ch) < 32 and ch not in "\t\r\n\f\v")
    if "\x00" in text or controls > len(text[:_SNIFF_CHARS]) // 100:
        raise UnreadableFileError("The file is not a text file (it holds binary data).")
    return CsvSniff(encoding, _sniff_delimiter(text), has_bom)


def _sniff_encoding(data: bytes) -> tuple[str, bool]:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", True
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", True
    if b"\x00" in data:
        # UTF-16 without a BOM (Apple writes it): ASCII text leaves every other byte NUL.
        head = data[:400]
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if len(data) % 2 == 0 and odd > len(head) * 0.4 and even == 0:
            return "utf-16-le", False
        if len(data) % 2 == 0 and even > len(head) * 0.4 and odd == 0:
            return "utf-16-be", False
        raise UnreadableFileError("The file is not a text file (it holds binary data).")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252", False
    return "utf-8", False


def _decode(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise UnreadableFileError(f"The file cannot be read as {encoding} text.") from exc
    return text.removeprefix("\ufeff")


def _sniff_delimiter(text: str) -> str:
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[:sample.rindex("\n")]
    try:
        guess = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        guess = None
    scores = {d: _consistency(sample, d) for d in DELIMITERS}
    # csv.Sniffer is fooled by delimiters inside quoted fields and by short samples, so its
    # answer stands only if every row then has the header's width; else count for ourselves.
    if guess in scores and scores[guess][0] == 1.0 and scores[guess][1] > 1:
        return guess
    best = max(DELIMITERS, key=lambda d: scores[d])
    return best if scores[best][1] > 1 else ","


def _consistency(sample: str, delimiter: str) -> tuple[float, int]:
    """(share of the first rows that are as wide as the header, header width)."""
    try:
        rows = [r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
                if any(c.strip() for c in r)][:_SNIFF_ROWS]
    except csv.Error:
        return 0.0, 0
    if not rows:
        return 0.0, 0
    width = len(rows[0])
    if len(rows) == 1:
        return 1.0, width
    return sum(len(r) == width for r in rows[1:]) / (len(rows) - 1), width


def read_table(data: bytes, encoding: str, delimiter: str) -> tuple[list[str], list[list[str]]]:
    """The header and the data rows, each row at least as wide as the header (short rows
    padded; a longer row keeps its extra cells, which the import warns about); blank rows
    dropped, line breaks inside cells normalised to "\\n"."""
    text = _decode(data, encoding)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise UnreadableFileError(f"The file is not a readable CSV table: {exc}") from exc
    records = [r for r in records if any(cell.strip() for cell in r)]
    if not records:
        return [], []
    header = [cell.replace("\ufeff", "").strip() for cell in records[0]]
    width = len(header)
    rows = []
    for record in records[1:]:
        cells = [cell.replace("\r\n", "\n").replace("\r", "\n") for cell in record]
        rows.append(cells + [""] * (width - len(cells)))
    return header, rows


def header_signature(header: Sequence[str]) -> str:
    """A short hash of the header (case and spacing ignored, order kept), under which a
    user's manual mapping for files of this shape is remembered."""
    normal = "\x1f".join(" ".join(cell.replace("\ufeff", "").split()).casefold()
                         for cell in header)
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


# --- rows → contacts ---------------------------------------------------------------------

_JOINERS = {"first_name": " ", "last_name": " ", "full_name": " ", "prefix": " ",
            "suffix": " ", "company": " ", "job_title": " ", "notes": "\n"}
_NAME_PREFIXES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "herr", "frau"})
# Written after a name ("John Smith, Jr.", "Eva Lang MBA"), compared without a final ".".
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "ph.d", "md", "mba", "msc",
                            "m.sc", "bsc", "b.sc", "esq", "dipl.-ing", "jun", "sen"})
_LABEL_COLUMN = re.compile(r"^(.*\d+) - value$", re.IGNORECASE)


def rows_to_contacts(header: Sequence[str], rows: Sequence[Sequence[str]],
                     mapping: Mapping[int, str], *,
                     format_key: str = "generic") -> list[ImportedContact]:
    """One contact per data row (``source_row`` counts data rows from 1), empty ones
    included so that row numbers stay meaningful; the caller skips ``is_empty()`` ones."""
    unknown = {t for t in mapping.values() if t and t not in TARGETS}
    if unknown:
        raise ValueError(f"unknown target fields: {sorted(unknown)}")
    if format_key not in FORMATS:
        raise ValueError(f"unknown CSV format {format_key!r}")
    labels = _label_columns(header)
    columns = sorted((i, t) for i, t in mapping.items() if t and 0 <= i < len(header))
    # Google's numbered addresses: each group's label cell and its mapped columns.
    address_labels = _address_label_columns(header)
    by_group: dict[str, list[tuple[int, str]]] = {}
    for index, target in columns:
        if target in ADDRESS_TARGETS and address_group(header[index]) in address_labels:
            by_group.setdefault(address_group(header[index]), []).append((index, target))
    labelled = [(group, address_labels[group], by_group[group])
                for group in sorted(by_group)]
    contacts = []
    for number, row in enumerate(rows, start=1):
        contact = _row_to_contact(number, header, row, columns, labels, format_key)
        if labelled:
            _prefer_labelled_work_address(contact, header, row, labelled)
        contacts.append(contact)
    return contacts


def _address_label_columns(header: Sequence[str]) -> dict[str, int]:
    """Google's numbered addresses → the column that labels each ("Address 2 - Label"
    holding "Work"), by address group ("address 2")."""
    found = {}
    for index, cell in enumerate(header):
        match = re.match(r"^address (\d+) - (?:label|type)$", " ".join(cell.split()),
                         re.IGNORECASE)
        if match:
            found[f"address {match.group(1)}"] = index
    return found


def _prefer_labelled_work_address(contact: ImportedContact, header: Sequence[str],
                                  row: Sequence[str],
                                  labelled: list[tuple[str, int, list[tuple[int, str]]]]
                                  ) -> None:
    """Numbered addresses say which is which only in their label cell: the one labelled
    "Work" is the contact's address (a business's contact list), as a WORK vCard address
    is, when it has any part. ``labelled``: (group, its label column, its columns)."""
    for _group, label_index, group_columns in labelled:
        if label_index < len(row) and "work" in row[label_index].casefold():
            chosen = [(index, target, row[index].strip()) for index, target in group_columns
                      if index < len(row) and row[index].strip()]
            if chosen:
                for target in ADDRESS_TARGETS:
                    setattr(contact, target, "")
                _assign_address(contact, header, {"work": chosen})
            return


def _label_columns(header: Sequence[str]) -> dict[int, int]:
    """Value column → its label column (Google's "Phone 1 - Value" → "Phone 1 - Label")."""
    folded = {" ".join(h.split()).casefold(): i for i, h in enumerate(header)}
    found = {}
    for index, cell in enumerate(header):
        match = _LABEL_COLUMN.match(" ".join(cell.split()))
        if match:
            stem = match.group(1).casefold()
            label = folded.get(f"{stem} - label", folded.get(f"{stem} - type"))
            if label is not None:
                found[index] = label
    return found


def _row_to_contact(number: int, header: Sequence[str], row: Sequence[str],
                    columns: list[tuple[int, str]], labels: dict[int, int],
                    format_key: str) -> ImportedContact:
    contact = ImportedContact(source_row=number)
    texts: dict[str, list[str]] = {}
    phones: list[tuple[int, str]] = []  # (phone_rank, number)
    mobiles: list[str] = []
    addresses: dict[str, list[tuple[int, str, str]]] = {}
    for index, target in columns:
        value = row[index].strip() if index < len(row) else ""
        if not value:
            continue
        if target == "email":
            for email in _split(value, (_MULTI, ";", ",")):
                # "/o=ExchangeLabs/…": Outlook's internal address of an Exchange user.
                known = {e.casefold() for e in contact.emails}
                if not email.casefold().startswith("/o=") and email.casefold() not in known:
                    contact.emails.append(email)
        elif target in ("phone", "mobile"):
            label_index = labels.get(index)
            label = row[label_index].strip() if label_index is not None else ""
            rank = None if target == "mobile" else phone_rank(label or header[index])
            if rank is None:
                mobiles.extend(_split(value, (_MULTI,)))
            else:
                phones.extend((rank, phone) for phone in _split(value, (_MULTI,)))
        elif target == "tags":
            for tag in _split_tags(value, format_key):
                if tag not in contact.tags:
                    contact.tags.append(tag)
        elif target in ADDRESS_TARGETS:
            addresses.setdefault(address_group(header[index]), []).append(
                (index, target, value))
        elif target == "website":
            contact.website = contact.website or next(iter(_split(value, (_MULTI,))), "")
        elif target == "lifecycle_stage":
            contact.lifecycle_stage = contact.lifecycle_stage or value
        else:
            texts.setdefault(target, []).append(value)
    for target, joiner in _JOINERS.items():
        if target in texts and target != "full_name":
            setattr(contact, target, joiner.join(texts[target]))
    if not (contact.first_name or contact.last_name) and "full_name" in texts:
        _split_full_name(contact, " ".join(texts["full_name"]))
    _assign_phones(contact, phones, mobiles)
    _assign_address(contact, header, addresses)
    if format_key.startswith("google"):  # "* myContacts", "* starred": system groups
        contact.tags = [t for t in contact.tags if not t.startswith("* ")]
    extra = sum(1 for cell in row[len(header):] if cell.strip())
    if extra:  # often a comma inside an unquoted value, which shifts the row's cells
        contact.notices.append(
            f"{extra} {'cell' if extra == 1 else 'cells'} beyond the header's {len(header)} "
            "columns left out (check this row's values)")
    return contact


def _split(value: str, separators: Sequence[str]) -> list[str]:
    parts = [value]
    for separator in separators:
        parts = [p for part in parts for p in part.split(separator)]
    return [p.strip() for p in parts if p.strip()]


def _split_tags(value: str, format_key: str) -> list[str]:
    if format_key.startswith("google"):
        separators: tuple[str, ...] = (_MULTI,)
    elif format_key in ("outlook", "outlook-com", "smeplanner"):
        separators = (TAG_SEPARATOR.strip(),)
    else:
        separators = (_MULTI, ";", ",")
    return _split(value, separators)


def _split_full_name(contact: ImportedContact, full: str) -> None:
    """"Anna Maria Schmidt" → first "Anna Maria", last "Schmidt"; "Schmidt, Anna" → the same
    way round; a leading "Dr." or "Mr." becomes the prefix when none is set."""
    if full.count(",") == 1:
        before, after = (p.strip() for p in full.split(","))
        if after.rstrip(".").casefold() in _NAME_SUFFIXES:
            # "John Smith, Jr.": a suffix after the comma, not "Last, First".
            contact.suffix = contact.suffix or after
            full = before
        else:
            contact.first_name, contact.last_name = after, before
            return
    words = full.split()
    if len(words) > 1 and words[-1].rstrip(".").casefold() in _NAME_SUFFIXES:
        contact.suffix = contact.suffix or words[-1]  # "John Smith Jr."
        words = words[:-1]
    if len(words) > 2 and words[0].rstrip(".").casefold() in _NAME_PREFIXES:
        contact.prefix = contact.prefix or words[0]
        words = words[1:]
    contact.first_name = " ".join(words[:-1])
    contact.last_name = words[-1]


def _phone_key(number: str) -> str:
    """Numbers written differently ("+49 30 1234", "+49-30-1234") count as one."""
    return re.sub(r"\D", "", number) or number.casefold()


def _assign_phones(contact: ImportedContact, phones: list[tuple[int, str]],
                   mobiles: list[str]) -> None:
    """The best-ranked phone (work before main before others; never a fax or pager) is the
    phone, the first mobile the mobile; the rest stay in other_phones, duplicates dropped."""
    if mobiles:
        contact.mobile = mobiles[0]
    eligible = [(rank, position) for position, (rank, _n) in enumerate(phones) if rank < 3]
    if eligible:
        contact.phone = phones[min(eligible)[1]][1]
    seen = {_phone_key(n) for n in (contact.phone, contact.mobile) if n}
    for number in [n for _r, n in phones] + mobiles[1:]:
        key = _phone_key(number)
        if key not in seen:
            seen.add(key)
            contact.other_phones.append(number)


def _assign_address(contact: ImportedContact, header: Sequence[str],
                    groups: dict[str, list[tuple[int, str, str]]]) -> None:
    """The work address if it has any part, else the first address (in column order) that
    has one; street lines are joined with "\\n"."""
    if not groups:
        return
    chosen = groups.get("work") or next(iter(groups.values()))
    lines = [v for i, t, v in chosen if t == "address" and not is_formatted_address(header[i])]
    parts = {t for _i, t, _v in chosen if t != "address"}
    if not lines and not parts:  # only the one-text form: use it as the street
        lines = [v for _i, t, v in chosen if t == "address"]
    contact.address = "\n".join(lines)
    for _index, target, value in chosen:
        if target != "address" and not getattr(contact, target):
            setattr(contact, target, value)
