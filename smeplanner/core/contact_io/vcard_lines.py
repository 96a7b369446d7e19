"""The vCard text format (2.1, 3.0 and 4.0, as real programs write them): bytes to text,
logical lines, properties and cards, and values decoded and unescaped. What the properties
mean for a contact is ``vcard_reader``'s business.

A hand-written line parser, not ``vobject``: vobject 0.9.9 raises ``ParseError`` on all the
Outlook, Android and iOS samples (unindented quoted-printable soft breaks, 2.1 base64 blocks,
CR CR LF line ends) and on 8-bit files, and pre-processing those into clean 3.0 lines would
already be most of a parser. One odd property is skipped, never the card.

Decisions where files are ambiguous:

- File encoding: UTF-32/UTF-16 by BOM, UTF-16 without BOM by its NUL byte pattern, else UTF-8
  (BOM or not). A file that is not valid UTF-8 is decoded per value: ``CHARSET=`` if given,
  else UTF-8 if the value's bytes are valid UTF-8, else Windows-1252.
- Quoted-printable bytes: ``CHARSET=`` if given (``us-ascii`` counts as not given), else UTF-8
  if valid, else Windows-1252. So the Windows-1250 byte of The Bat! (``=F1``, meant as "ń")
  reads as "ñ": nothing in such a file says which 8-bit code page it was.
  Bytes invalid in the declared charset become U+FFFD rather than losing the value.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from smeplanner.core.contact_io.record import UnreadableFileError

_T = TypeVar("_T")

NOT_A_VCARD = "The file is not a vCard file: no BEGIN:VCARD found."

_FALLBACK_CODEC = "cp1252"
_QP_ESCAPE_RUN = re.compile(r"(?:=[0-9A-Fa-f]{2})+")
_QP_ESCAPE_BYTES = re.compile(rb"=([0-9A-Fa-f]{2})")
_PROPERTY_NAME = re.compile(r"^(?:([A-Za-z0-9-]+)\.)?([A-Za-z0-9-]+)$")
_BEGIN_VCARD = re.compile(r"^\s*BEGIN\s*:\s*VCARD\s*$", re.IGNORECASE | re.MULTILINE)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", ":": ":", "\\": "\\", '"': '"'}


@dataclass
class Property:
    """One content line: ``group.NAME;params:value`` with the value still encoded."""

    group: str
    name: str
    params: dict[str, list[str]]
    types: set[str]
    raw_value: str
    eight_bit: bool  # raw_value holds undecoded bytes as Latin-1 characters

    def param(self, key: str) -> str:
        values = self.params.get(key)
        return values[0] if values else ""

    def text(self) -> str:
        """The value decoded (transfer encoding and charset) but not unescaped."""
        encoding = self.param("ENCODING").upper()
        charset = self.param("CHARSET")
        if encoding in ("QUOTED-PRINTABLE", "QP"):
            return _decode_quoted_printable(self.raw_value, charset, self.eight_bit)
        if encoding in ("B", "BASE64"):
            data = base64.b64decode("".join(self.raw_value.split()), validate=False)
            return _decode_bytes(data, charset)
        if self.eight_bit:
            return _decode_bytes(self.raw_value.encode("latin-1"), charset)
        return self.raw_value

    def pref_rank(self) -> int:
        """1 (most preferred) to 100; 101 when not marked preferred at all."""
        if "pref" in self.types:
            return 1
        pref = self.param("PREF")
        return int(pref) if pref.isdecimal() else 101


@dataclass
class Card:
    """One BEGIN:VCARD … END:VCARD block, its properties in file order."""

    properties: list[Property] = field(default_factory=list)

    def all(self, name: str) -> list[Property]:
        return [prop for prop in self.properties if prop.name == name]

    def first_text(self, name: str) -> str:
        for prop in self.all(name):
            value = plain(prop)
            if value:
                return value
        return ""


def parse_cards(data: bytes) -> Iterator[Card]:
    """The cards of a vCard file, in file order, empty ones included. Raises
    UnreadableFileError (at once, before any card) if there is no BEGIN:VCARD."""
    if not data.strip(b" \t\r\n\x00"):
        raise UnreadableFileError("The file is empty: no BEGIN:VCARD found.")
    text, eight_bit = _decode_file(data)
    # CR CR LF comes from iOS exports; BOMs inside the text from concatenated files.
    text = text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\ufeff", "")
    if not _BEGIN_VCARD.search(text):
        raise UnreadableFileError(NOT_A_VCARD)
    properties = (_parse_line(line, eight_bit) for line in _logical_lines(text.split("\n")))
    return _split_cards(p for p in properties if p)


# --- bytes to text --------------------------------------------------------------------------

def _decode_file(data: bytes) -> tuple[str, bool]:
    """The file's text and whether it is 8-bit (undecoded bytes kept as Latin-1 characters)."""
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                       (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            data = data[len(bom):]
            if codec != "utf-8":
                return data.decode(codec, errors="replace"), False
            break
    utf16 = _sniff_utf16(data)
    if utf16:
        return data.decode(utf16, errors="replace"), False
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        return data.decode("latin-1"), True


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: a vCard starts with ASCII ("BEGIN:VCARD"), so one byte of each
    pair is NUL. Only the start counts: NULs in binary junk further on must not decide."""
    sample = data[:64]
    pairs = len(sample) // 2
    if pairs < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if even_nuls > pairs * 0.6 and odd_nuls < pairs * 0.1:
        return "utf-16-be"
    if odd_nuls > pairs * 0.6 and even_nuls < pairs * 0.1:
        return "utf-16-le"
    return None


def _codec(charset: str) -> str | None:
    """The Python codec for a CHARSET parameter, or None when absent, unknown or plain ASCII
    (ASCII declared on 8-bit bytes is a lie; guessing is better than U+FFFD)."""
    if not charset:
        return None
    try:
        name = codecs.lookup(charset.strip().strip('"')).name
    except LookupError:
        return None
    return None if name == "ascii" else name


def _pick_codec(chunks: Iterable[bytes], charset: str) -> str:
    declared = _codec(charset)
    if declared:
        return declared
    try:
        for chunk in chunks:
            chunk.decode("utf-8")
    except UnicodeDecodeError:
        return _FALLBACK_CODEC
    return "utf-8"


def _decode_bytes(data: bytes, charset: str) -> str:
    return data.decode(_pick_codec([data], charset), errors="replace")


def _decode_quoted_printable(value: str, charset: str, eight_bit: bool) -> str:
    if eight_bit:
        raw = _QP_ESCAPE_BYTES.sub(lambda m: bytes([int(m.group(1), 16)]),
                                   value.encode("latin-1"))
        return _decode_bytes(raw, charset)
    # Literal characters are already text; decode each run of =XX escapes (a UTF-8 sequence
    # never contains an ASCII byte, so a run is never split mid-character).
    runs = [bytes.fromhex(run.replace("=", "")) for run in _QP_ESCAPE_RUN.findall(value)]
    codec = _pick_codec(runs, charset)
    return _QP_ESCAPE_RUN.sub(
        lambda m: bytes.fromhex(m.group().replace("=", "")).decode(codec, errors="replace"),
        value)


# --- lines ----------------------------------------------------------------------------------

def _split_head(line: str) -> tuple[str, str] | None:
    """``(head, value)`` split at the first colon outside double quotes; None without one."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:index], line[index + 1:]
    if quoted and ":" in line:  # an unterminated quote: the first colon it is
        head, _, value = line.partition(":")
        return head, value
    return None


def _head_flags(line: str) -> tuple[bool, bool]:
    """Whether a content line is quoted-printable and whether it is base64."""
    split = _split_head(line)
    if split is None:
        return False, False
    parts = [part.strip().upper() for part in split[0].split(";")[1:]]
    quoted_printable = any(part in ("QUOTED-PRINTABLE", "ENCODING=QUOTED-PRINTABLE")
                           for part in parts)
    is_base64 = any(part in ("BASE64", "ENCODING=BASE64", "ENCODING=B") for part in parts)
    return quoted_printable, is_base64


def _logical_lines(physical: list[str]) -> Iterator[str]:
    """Unfold: a line starting with a space or tab continues the previous one (RFC 6350); a
    quoted-printable line ending in ``=`` continues on the next line, indented or not (2.1);
    unindented base64 lines continue a base64 value until an empty line (2.1)."""
    current: str | None = None
    quoted_printable = is_base64 = False
    for line in physical:
        if current is not None:
            if quoted_printable and current.endswith("=") and not _BEGIN_VCARD.match(line) \
                    and line.strip().upper() != "END:VCARD":
                current = current[:-1] + line
                continue
            if line[:1] in (" ", "\t"):
                current += line[1:]
                continue
            if is_base64 and line.strip() and ":" not in line:
                current += line.strip()
                continue
            yield current
            current = None
        if line.strip():
            current = line.lstrip()
            quoted_printable, is_base64 = _head_flags(current)
    if current is not None:
        yield current


def _split_unquoted(text: str, separator: str) -> list[str]:
    parts, start, quoted = [], 0, False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


def _parse_line(line: str, eight_bit: bool) -> Property | None:
    split = _split_head(line)
    if split is None:
        return None  # not a content line: skip it, keep the card
    head, value = split
    name_part, *param_parts = _split_unquoted(head, ";")
    match = _PROPERTY_NAME.match(name_part.strip())
    if not match:
        return None
    params: dict[str, list[str]] = {}
    types: set[str] = set()
    for part in param_parts:
        key, has_value, values = part.partition("=")
        key = key.strip().upper()
        if not key:
            continue
        if not has_value:  # 2.1 bare parameter: ;HOME;VOICE;QUOTED-PRINTABLE;BASE64
            if key in ("QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT"):
                params.setdefault("ENCODING", []).append(key)
            else:
                types.add(key.lower())
            continue
        items = [item.strip().strip('"').strip() for item in _split_unquoted(values, ",")]
        params.setdefault(key, []).extend(item for item in items if item)
        if key == "TYPE":  # TYPE=a,b and 4.0's quoted TYPE="a,b" alike
            types.update(t.strip().lower() for item in items for t in item.split(",") if t.strip())
    return Property(group=(match.group(1) or "").lower(), name=match.group(2).upper(),
                     params=params, types=types, raw_value=value, eight_bit=eight_bit)


def _split_cards(properties: Iterable[Property]) -> Iterator[Card]:
    """Cards between BEGIN:VCARD and END:VCARD; a card nested in AGENT is skipped, a missing
    END:VCARD ends the card at the next BEGIN:VCARD or at the end of the file."""
    card: Card | None = None
    nested = 0
    for prop in properties:
        is_begin = prop.name == "BEGIN" and prop.raw_value.strip().upper() == "VCARD"
        is_end = prop.name == "END" and prop.raw_value.strip().upper() == "VCARD"
        if nested:
            nested += is_begin - is_end
        elif is_begin:
            if card is not None and card.properties and card.properties[-1].name == "AGENT":
                nested = 1
                continue
            if card is not None:
                yield card
            card = Card()
        elif is_end:
            if card is not None:
                yield card
            card = None
        elif card is not None:
            card.properties.append(prop)
    if card is not None:
        yield card


# --- values ---------------------------------------------------------------------------------

def unescape(text: str) -> str:
    """A TEXT value with its backslash escapes resolved (``\\n`` and ``\\N`` as line breaks);
    an unknown escape is kept as written."""
    out, index = [], 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in _ESCAPES:
            out.append(_ESCAPES[text[index + 1]])
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


def split_escaped(text: str, separator: str) -> list[str]:
    """Split at separators not preceded by a backslash escape; parts stay escaped."""
    parts, current, index = [], [], 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            current.append(text[index:index + 2])
            index += 2
            continue
        if char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return parts


def clean(text: str) -> str:
    """Stripped, with line ends normalised, trailing blanks of each line and control
    characters (NUL and the like, left by broken exporters) removed."""
    text = _CONTROL_CHARS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def structured_value(prop: Property, lists: bool = False) -> list[list[str]]:
    """A structured value (N, ADR, ORG): components split at ``;``, each a list of values
    (split at ``,`` only when ``lists``: commas in addresses are rarely escaped)."""
    components = []
    for component in split_escaped(prop.text(), ";"):
        items = split_escaped(component, ",") if lists else [component]
        components.append([value for value in (clean(unescape(i)) for i in items) if value])
    return components


def safe(read: Callable[[], _T], default: _T) -> _T:
    """What ``read()`` returns, or ``default`` when the property is malformed (bad base64,
    an unusable charset, …): one odd property must not lose the card."""
    try:
        return read()
    except (ValueError, LookupError, binascii.Error):
        return default


def plain(prop: Property) -> str:
    """A text value decoded, unescaped and stripped; "" if it cannot be decoded."""
    return safe(lambda: clean(unescape(prop.text())), "")
