"""vCard cards read into ImportedContact records: names, emails, phones, the address, tags
and the lifecycle stage. The text format itself (encodings, folding, escapes) is read by
``vcard_lines``; one odd property is skipped, never the card.

Decisions where cards are ambiguous:

- Names come from ``N``; from ``FN`` only when ``N`` gives neither first nor last name (last
  word = last name, a single word = first name), and not when ``FN`` is an email address or
  the company's name (``KIND:org``, Apple's ``X-ABShowAs:COMPANY``, or FN equal to ORG).
- Repeated ``NOTE``s are joined with a blank line; ``CATEGORIES`` drop Google's ``* ``
  system groups and Android's "My Contacts"; photos, keys and other binary values are dropped.
"""

from __future__ import annotations

from smeplanner.core.contact_io.record import VCARD_STAGE_PROPERTY, ImportedContact
from smeplanner.core.contact_io.vcard_lines import (
    NOT_A_VCARD,
    Card,
    Property,
    clean,
    parse_cards,
    plain,
    safe,
    split_escaped,
    structured_value,
    unescape,
)

__all__ = ["NOT_A_VCARD", "read_vcards"]

_MOBILE_TYPES = frozenset({"cell", "mobile", "iphone", "cellular"})
_NON_VOICE_TYPES = frozenset({"fax", "pager", "modem", "bbs"})
_SYSTEM_CATEGORIES = frozenset({"mycontacts"})


def read_vcards(data: bytes) -> list[ImportedContact]:
    """Every card in ``data``, in file order (``source_row`` 1, 2, …), empty ones included so
    the caller can report them. Raises UnreadableFileError if there is no BEGIN:VCARD."""
    return [_to_contact(number, card) for number, card in enumerate(parse_cards(data), start=1)]


# --- properties -----------------------------------------------------------------------------

def _apple_labels(card: Card) -> dict[str, str]:
    """Apple's ``itemN.X-ABLabel`` per group, ``_$!<Mobile>!$_`` normalised to "mobile"."""
    labels = {}
    for prop in card.all("X-ABLABEL"):
        label = safe(lambda prop=prop: unescape(prop.text()), "")
        labels[prop.group] = label.strip().removeprefix("_$!<").removesuffix(">!$_").lower()
    return labels


def _phone_value(prop: Property) -> str:
    value = clean(unescape(prop.text()))
    if value.lower().startswith("tel:"):  # 4.0 VALUE=uri: tel:+1-418-656-9254;ext=102
        number, *uri_params = value[4:].split(";")
        extension = next((p[4:] for p in uri_params if p.lower().startswith("ext=")), "")
        value = f"{number} ext. {extension}" if extension else number
    return value.strip()


# --- card to contact ------------------------------------------------------------------------

def _to_contact(number: int, card: Card) -> ImportedContact:
    contact = ImportedContact(source_row=number)
    for fill in (_fill_organisation, _fill_name, _fill_emails, _fill_phones, _fill_address,
                 _fill_other):
        fill(card, contact)
    return contact


def _fill_organisation(card: Card, contact: ImportedContact) -> None:
    for prop in card.all("ORG"):
        components = safe(lambda prop=prop: structured_value(prop), [])
        if components and components[0]:
            contact.company = components[0][0]
            break
    contact.job_title = card.first_text("TITLE")


def _fill_name(card: Card, contact: ImportedContact) -> None:
    for prop in card.all("N"):
        parts = safe(lambda prop=prop: structured_value(prop, lists=True), [])
        parts += [[]] * (5 - len(parts))
        family, given, additional, prefix, suffix = parts[:5]
        contact.last_name = " ".join(family)
        contact.first_name = " ".join(given + additional)
        contact.prefix = " ".join(prefix)
        contact.suffix = ", ".join(suffix)
        if contact.first_name or contact.last_name:
            return
    full_name = " ".join(card.first_text("FN").split())
    kind = card.first_text("KIND").lower()
    shows_company = card.first_text("X-ABSHOWAS").upper() == "COMPANY"
    if kind == "org" or shows_company:
        contact.company = contact.company or full_name
        return
    if not full_name or "@" in full_name or full_name.lower() == contact.company.lower():
        return
    *first, last = full_name.split(" ")
    contact.first_name, contact.last_name = (" ".join(first), last) if first else (last, "")


def _fill_emails(card: Card, contact: ImportedContact) -> None:
    emails = []
    for prop in card.all("EMAIL"):
        value = plain(prop)
        if value.lower().startswith("mailto:"):
            value = value[len("mailto:"):].strip()
        if value:
            emails.append((prop.pref_rank(), value))
    contact.emails = [value for _rank, value in sorted(emails, key=lambda item: item[0])]


def _fill_phones(card: Card, contact: ImportedContact) -> None:
    labels = _apple_labels(card)
    phones: list[tuple[str, set[str]]] = []
    for prop in card.all("TEL"):
        value = safe(lambda prop=prop: _phone_value(prop), "")
        if not value:
            continue
        types = set(prop.types)
        label = labels.get(prop.group, "") if prop.group else ""
        if label in _MOBILE_TYPES:
            types.add("cell")
        elif "fax" in label or "pager" in label:
            types.add("fax")
        phones.append((value, types))
    mobile = next((i for i, (_v, types) in enumerate(phones) if types & _MOBILE_TYPES), None)
    others = [i for i in range(len(phones)) if i != mobile]
    voice = [i for i in others
             if "voice" in phones[i][1] or not phones[i][1] & _NON_VOICE_TYPES]
    main = voice[0] if voice else (others[0] if others else None)
    if mobile is not None:
        contact.mobile = phones[mobile][0]
    if main is not None:
        contact.phone = phones[main][0]
    contact.other_phones = [phones[i][0] for i in others if i != main]


def _fill_address(card: Card, contact: ImportedContact) -> None:
    addresses = card.all("ADR")
    addresses.sort(key=lambda prop: "work" not in prop.types)  # stable: first WORK, then order
    for prop in addresses:
        parts = safe(lambda prop=prop: structured_value(prop), [])
        if not parts or not any(parts):
            continue
        parts += [[]] * (7 - len(parts))
        joined = [", ".join(values) for values in parts[:7]]
        pobox, extended, street, city, region, postcode, country = joined
        contact.address = "\n".join(line for line in (pobox, extended, street) if line)
        contact.city, contact.region = city, region
        contact.postcode, contact.country = postcode, country
        return


def _fill_other(card: Card, contact: ImportedContact) -> None:
    contact.notes = "\n\n".join(note for note in map(plain, card.all("NOTE")) if note)
    tags: list[str] = []
    for prop in card.all("CATEGORIES"):
        items = safe(lambda prop=prop: split_escaped(prop.text(), ","), [])
        for tag in (clean(unescape(item)) for item in items):
            is_system = tag.startswith("* ") or tag.replace(" ", "").lower() in _SYSTEM_CATEGORIES
            if tag and not is_system and tag.lower() not in (t.lower() for t in tags):
                tags.append(tag)
    contact.tags = tags
    contact.lifecycle_stage = card.first_text(VCARD_STAGE_PROPERTY)
    contact.website = card.first_text("URL")
