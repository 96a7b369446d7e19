"""What the columns of known contact CSV exports mean: format detection by header, the
column → field mapping (per format, with a guess from English and German names for the
rest), and how phone and address columns are told apart by their headers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from smeplanner.core.contact_io.record import INTERCHANGE_COLUMNS

FORMATS: dict[str, str] = {
    "google": "Google Contacts",
    "google-legacy": "Google Contacts (older format)",
    "outlook": "Outlook (desktop)",
    "outlook-com": "Outlook.com",
    "thunderbird": "Thunderbird",
    "smeplanner": "SME Planner",
    "generic": "Other CSV",
}

TARGETS = ("first_name", "last_name", "full_name", "prefix", "suffix", "email", "phone",
           "mobile", "company", "job_title", "address", "city", "postcode", "region",
           "country", "notes", "tags", "lifecycle_stage", "website")
ADDRESS_TARGETS = frozenset({"address", "city", "postcode", "region", "country"})


def _fold(text: str) -> str:
    """Case-folded, whitespace-collapsed header: the key of the per-format tables."""
    return " ".join(text.replace("\ufeff", "").split()).casefold()


def norm_words(text: str) -> str:
    """Header reduced to ASCII words: "E-Mail-Adresse" → "email adresse", "Straße" →
    "strasse", "Telefon geschäftlich" → "telefon geschaftlich"."""
    text = unicodedata.normalize("NFKD", _fold(text).replace("ß", "ss"))
    text = text.encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"\be[\s_.-]?mail", "email", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


# --- format signatures ----------------------------------------------------------------

_GOOGLE_GROUP = re.compile(
    r"^(e-mail|phone|address|website|organization|relation|event|custom field|im|"
    r"external id|location) (\d+) - (.+)$")
_OUTLOOK_MARKERS = frozenset(_fold(h) for h in (
    "E-mail Address", "E-mail 2 Address", "E-mail 3 Address", "Business Street",
    "Business Phone", "Home Street", "Mobile Phone",
    # German Outlook; plain "E-Mail-Adresse" or "Mobiltelefon" may be any German list.
    "E-Mail 2: Adresse", "E-Mail: Angezeigter Name", "Telefon geschäftlich",
    "Straße geschäftlich", "Ort geschäftlich", "Postleitzahl geschäftlich",
    "Land/Region geschäftlich", "Weitere Vornamen"))


def detect_format(header: Sequence[str]) -> str:
    """The key of :data:`FORMATS` whose header this is; "generic" when unknown."""
    cells = [_fold(h) for h in header]
    if tuple(cells) == tuple(_fold(c) for c in INTERCHANGE_COLUMNS):
        return "smeplanner"
    names = set(cells)
    groups = [m for m in map(_GOOGLE_GROUP.match, cells) if m]
    if "labels" in names or any(m.group(3) == "label" for m in groups):
        return "google"
    if ({"given name", "family name"} <= names or "group membership" in names
            or any(m.group(3) == "type" for m in groups)):
        return "google-legacy"
    if "given yomi" in names or "surname yomi" in names:
        return "outlook-com"
    if "primary email" in names and "display name" in names:
        return "thunderbird"
    if names & _OUTLOOK_MARKERS:
        return "outlook"
    if groups or {"first name", "organization name"} <= names:
        return "google"
    return "generic"


# --- per-format tables: folded header → target, or None for "known, not imported" --------

_GOOGLE = {
    "name": "full_name", "given name": "first_name", "additional name": "first_name",
    "family name": "last_name", "first name": "first_name", "middle name": "first_name",
    "last name": "last_name", "name prefix": "prefix", "name suffix": "suffix",
    "organization name": "company", "organization title": "job_title",
    "organization department": None, "notes": "notes", "labels": "tags",
    "group membership": "tags", "occupation": None, "location": None, "subject": None,
    "billing information": None, "directory server": None, "short name": None,
    "maiden name": None, "initials": None, "file as": None, "photo": None,
}
_GOOGLE_PARTS = {
    ("e-mail", "value"): "email", ("phone", "value"): "phone",
    ("website", "value"): "website", ("organization", "name"): "company",
    ("organization", "title"): "job_title", ("address", "street"): "address",
    ("address", "extended address"): "address", ("address", "po box"): "address",
    ("address", "formatted"): "address", ("address", "city"): "city",
    ("address", "region"): "region", ("address", "postal code"): "postcode",
    ("address", "country"): "country",
}
# Outlook desktop (English and German) and outlook.com: only where the guess would be wrong.
_OUTLOOK = {
    "title": "prefix", "anrede": "prefix", "job title": "job_title", "position": "job_title",
    "ort": None,  # German Outlook's "Location", not the city ("Ort geschäftlich" is)
    "büro": None, "office location": None, "location": None, "account": None,
    "konto": None, "keywords": None, "stichwörter": None, "profession": None, "beruf": None,
    "internet free busy": None, "internet-frei/gebucht": None, "directory server": None,
    "verzeichnisserver": None, "callback": "phone", "rückmeldung": "phone",
    "telex": "phone", "isdn": "phone", "assistant's phone": None, "telefon assistent": None,
}
_THUNDERBIRD = {"display name": "full_name", "screen name": None, "organization": "company"}
_INTERCHANGE = dict(zip((_fold(c) for c in INTERCHANGE_COLUMNS),
                        ("first_name", "last_name", "email", "phone", "mobile", "company",
                         "job_title", "address", "city", "postcode", "region", "country",
                         "lifecycle_stage", "tags", "notes"), strict=True))
_TABLES: dict[str, dict[str, str | None]] = {
    "google": _GOOGLE, "google-legacy": _GOOGLE, "outlook": _OUTLOOK,
    "outlook-com": _OUTLOOK, "thunderbird": _THUNDERBIRD, "smeplanner": _INTERCHANGE,
}


def auto_mapping(header: Sequence[str], format_key: str | None = None) -> dict[int, str]:
    """Column index → target field (one of :data:`TARGETS`) for the columns worth importing.

    Known formats use their table; any column a table does not know is guessed from its
    name, as for "generic" files.
    """
    key = format_key or detect_format(header)
    if key not in FORMATS:
        raise ValueError(f"unknown CSV format {key!r}")
    table = _TABLES.get(key, {})
    mapping: dict[int, str] = {}
    ambiguous_title: list[int] = []
    bare_name: list[int] = []
    for index, cell in enumerate(header):
        folded = _fold(cell)
        if not folded:
            continue
        if folded in table:
            target = table[folded]
        elif key.startswith("google") and (match := _GOOGLE_GROUP.match(folded)):
            target = _GOOGLE_PARTS.get((match.group(1), match.group(3)))
        else:
            words = norm_words(cell)
            if key == "generic" and words == "title":
                ambiguous_title.append(index)
                continue
            if key == "generic" and words == "name":
                bare_name.append(index)
                continue
            target = guess_target(words)
        if target:
            mapping[index] = target
    targets = set(mapping.values())
    for index in ambiguous_title:
        # English "Title" is the job in most CRMs, but the prefix next to a job column.
        mapping[index] = "prefix" if "job_title" in targets else "job_title"
    for index in bare_name:
        # German lists often say "Vorname; Name": there "Name" is the family name.
        only_first = "first_name" in targets and "last_name" not in targets
        mapping[index] = "last_name" if only_first else "full_name"
    return dict(sorted(mapping.items()))


# --- the guess from header words ----------------------------------------------------------

_IGNORE_WORDS = frozenset({
    "phonetic", "yomi", "nickname", "spitzname", "birthday", "geburtstag", "anniversary",
    "jahrestag", "photo", "foto", "type", "typ", "label", "angezeigter", "assistant",
    "assistent", "manager", "vorgesetzten", "spouse", "partner", "children", "kinder",
    "birth", "gender", "geschlecht"})
_WEBSITE = frozenset({"website", "web", "url", "homepage", "webseite", "www", "webpage",
                      "internetseite", "internetadresse"})
_MOBILE = ("mobil", "handy", "cell", "natel")
_PHONE = ("phone", "telefon", "telephone")
_PHONE_WORDS = frozenset({"tel", "fon", "fax", "telefax", "rufnummer", "festnetz",
                          "durchwahl", "pager", "telex", "isdn", "callback"})
_POSTCODE = frozenset({"zip", "zipcode", "plz", "postcode", "postalcode", "postleitzahl"})
_COUNTRY = frozenset({"country", "land", "staat", "nation"})
_REGION = frozenset({"state", "region", "province", "county", "bundesland", "kanton",
                     "provinz"})
_CITY = frozenset({"city", "town", "ort", "stadt", "wohnort", "locality", "gemeinde",
                   "ortschaft"})
_STREET = frozenset({"street", "strasse", "str", "address", "adresse", "anschrift", "addr",
                     "postfach", "po", "pobox"})
_NOTES = frozenset({"notes", "note", "notizen", "notiz", "bemerkung", "bemerkungen",
                    "kommentar", "kommentare", "comment", "comments", "description",
                    "beschreibung", "anmerkung", "anmerkungen", "memo"})
_TAGS = frozenset({"tags", "tag", "labels", "categories", "category", "kategorien",
                   "kategorie", "groups", "group", "gruppen", "gruppe", "schlagworte",
                   "schlagwort"})
_EXACT = {
    "company": {"company", "company name", "organization", "organisation", "organization name",
                "organisation name", "firma", "firmenname", "unternehmen", "employer",
                "arbeitgeber", "business name"},
    "job_title": {"job title", "jobtitle", "job", "position", "role", "funktion",
                  "berufsbezeichnung", "beruf", "stellung", "occupation", "profession",
                  "organization title"},
    "prefix": {"prefix", "name prefix", "salutation", "anrede", "titel", "honorific"},
    "suffix": {"suffix", "name suffix", "namenszusatz"},
    "first_name": {"vorname", "vornamen", "firstname", "givenname", "middlename", "rufname",
                   "forename", "weitere vornamen", "zweiter vorname"},
    "last_name": {"nachname", "familienname", "lastname", "surname", "zuname"},
    "full_name": {"full name", "fullname", "display name", "contact name", "contact",
                  "kontakt", "kontaktname", "anzeigename", "vollstandiger name",
                  "ansprechpartner", "name"},
}


def guess_target(words: str) -> str | None:
    """The target field a header (already :func:`norm_words`) most likely means, if any."""
    tokens = words.split()
    if not tokens or set(tokens) & _IGNORE_WORDS:
        return None
    token_set = set(tokens)
    if any(t.startswith("email") or t in ("mail", "mailadresse") for t in tokens):
        return None if "display" in token_set else "email"  # Outlook's "E-mail Display Name"
    if token_set & _WEBSITE:
        return "website"
    if any(part in t for t in tokens for part in _MOBILE):
        return "mobile"
    if any(part in t for t in tokens for part in _PHONE) or token_set & _PHONE_WORDS:
        return "phone"
    if token_set & _POSTCODE or {"postal", "code"} <= token_set or {"post", "code"} <= token_set:
        return "postcode"
    for target, names in (("country", _COUNTRY), ("region", _REGION), ("city", _CITY),
                          ("address", _STREET), ("notes", _NOTES), ("tags", _TAGS)):
        if token_set & names:
            return target
    if tokens[0].startswith(("strasse", "address")):
        return "address"
    for target, names in _EXACT.items():
        if words in names:
            return target
    if token_set & {"first", "given", "middle"} and "name" in token_set:
        return "first_name"
    if token_set & {"last", "family", "sur"} and "name" in token_set:
        return "last_name"
    return None


# --- what a header says about its phone or its address -------------------------------------

_PHONE_SIDE = ("fax", "pager", "assistant", "assistent", "callback", "ruckmeldung", "car",
               "auto", "isdn", "radio", "telex", "tty", "horbehinderte")
_PHONE_WORK = ("work", "business", "geschaftlich", "office", "buro", "dienst")
_PHONE_MAIN = ("main", "primary", "haupt", "company", "firma")


def phone_rank(label: str) -> int | None:
    """None for a mobile label; else 0 work, 1 main, 2 any other, 3 fax, pager and the like
    (never chosen as the contact's phone). ``label`` is a label cell or the column header."""
    words = norm_words(label.removeprefix("* "))
    tokens = words.split()
    if any(part in t for t in tokens for part in _MOBILE):
        return None
    if any(t.startswith(_PHONE_SIDE) for t in tokens):
        return 3
    if any(t.startswith(_PHONE_WORK) for t in tokens):
        return 0
    if any(t.startswith(_PHONE_MAIN) for t in tokens):
        return 1
    return 2


_GROUP_WORDS = (("work", ("business", "work", "geschaftlich", "dienstlich", "office")),
                ("home", ("home", "privat", "private", "personal")),
                ("other", ("other", "weitere", "weiterer", "weiteres")))


def address_group(header: str) -> str:
    """Which address of the contact a column belongs to: "work", "home", "other", Google's
    "address N", or "" for a file with one address."""
    words = norm_words(header)
    tokens = words.split()
    for group, markers in _GROUP_WORDS:
        if any(t in markers for t in tokens):
            return group
    match = re.match(r"address (\d+) ", words + " ")
    return f"address {match.group(1)}" if match else ""


def is_formatted_address(header: str) -> bool:
    """A column holding the whole address in one text (Google's "Address N - Formatted"),
    used only when the same address has no separate parts."""
    return any(w in ("formatted", "formatiert") for w in norm_words(header).split())
