"""Duplicate contacts: matching keys, the save-time warning, the "Find duplicates" groups.

Two contacts are taken for one person when they share a normalised email address, share a
normalised phone number (phone or mobile, either way round), or have a very similar name at
the same company. :func:`similar_contacts` answers for one contact being saved (indexed
look-ups, a few ms at 100,000 contacts); :func:`find_duplicate_groups` scans the whole table
once and groups transitively. Folding the contacts found into one (and undoing that) is
:mod:`smeplanner.core.merge`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from smeplanner.core.errors import ValidationError
from smeplanner.core.models import db
from smeplanner.core.textkeys import fold

DEFAULT_COUNTRY_CODE = "49"
NAME_THRESHOLD = 0.88
MIN_PHONE_DIGITS = 6
REASON_EMAIL = "same email"
REASON_PHONE = "same phone"
REASON_NAME = "similar name at the same company"
_REASON_ORDER = (REASON_EMAIL, REASON_PHONE, REASON_NAME)

# Gmail ignores dots in the local part and delivers "name+anything" to "name", and
# googlemail.com is the same mailbox (Google's old domain in Germany and the UK): people type
# all of these for one account. Other providers differ (dots are significant at most), so
# only Gmail is folded this far.
_GMAIL_DOMAINS = frozenset({"gmail.com", "googlemail.com"})
# An extension after the number, as validate.phone accepts it: "030 1234567 ext. 12", "x12".
_EXTENSION = re.compile(r"(?:ext\.?|x)\s*([0-9]+)\s*$", re.IGNORECASE)
_NOT_DIGIT = re.compile(r"[^0-9]")
# How validate.phone lets people group digits; used to find a number in its typed form.
_SEPARATORS = (" ", "-", ".", "/")
_TAIL_DIGITS = 5
# Frozen in migration 0001: the trigram FTS table whose ``detail`` holds phone and mobile.
_TRIGRAM_TABLE = "search_trigram"
# Beyond this many named contacts at one company, names are compared with their neighbours in
# sort order only (pairwise would be quadratic: 2,000 people at one company = 2 million pairs).
_PAIRWISE_LIMIT = 400
_NEIGHBOURS = 25

_ROW_SQL = ("SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.mobile, c.company_id, "
            "co.phone FROM contact c LEFT JOIN company co ON co.id = c.company_id")


# --- keys -------------------------------------------------------------------------------------

def normalise_email(text: str) -> str:
    """The address as a mailbox key: trimmed, casefolded; Gmail dots and +tags dropped."""
    folded = text.casefold().strip()
    local, at, domain = folded.rpartition("@")
    if at and domain in _GMAIL_DOMAINS:
        return local.partition("+")[0].replace(".", "").strip() + "@gmail.com"
    return folded


def normalise_phone(text: str, default_country_code: str = DEFAULT_COUNTRY_CODE) -> str:
    """The number as international digits ("+49 30 1234567", "0049 30 1234567" and
    "030 1234567" all give "49301234567"); an extension is kept as "x12" so that colleagues on
    one switchboard stay apart. "" for fewer than six digits, which identify nobody."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)  # fullwidth digits and plus signs
    extension = ""
    found = _EXTENSION.search(text) if "x" in text or "X" in text else None
    if found:
        extension, text = found.group(1), text[:found.start()]
    typed = _NOT_DIGIT.sub("", text)
    if len(typed) < MIN_PHONE_DIGITS:
        return ""
    if text.lstrip(" ([").startswith("+"):
        if "(0)" in text:
            # "+49 (0)30 ...": the bracketed trunk zero is dialled only inside the country.
            typed = _NOT_DIGIT.sub("", text.replace("(0)", ""))
        digits = typed.lstrip("0")
    elif typed.startswith("00"):
        digits = typed[2:].lstrip("0")
    elif typed.startswith("0"):
        digits = default_country_code + typed[1:]
    else:
        digits = typed
    if len(digits) < MIN_PHONE_DIGITS:
        return ""
    return f"{digits}x{extension}" if extension else digits


def name_key(first: str, last: str) -> str:
    """First and last name folded (case, accents, runs of spaces): "Zoë  Ärmel" → "zoe armel"."""
    return _name_keys(first, last)[0]


def _name_keys(first: str | None, last: str | None) -> tuple[str, str]:
    """The name key and its first/last-swapped form."""
    head, tail = _folded_words(first or ""), _folded_words(last or "")
    return " ".join(head + tail), " ".join(tail + head)


def _folded_words(text: str) -> list[str]:
    # Most names are ASCII, where fold() is lower(): 100,000 names fold 3x faster this way.
    return (text.lower() if text.isascii() else fold(text)).split()


def name_similarity(first_a: str, last_a: str, first_b: str, last_b: str) -> float:
    """0..1, how alike two names are, also when one has first and last name swapped."""
    return _NameMatcher(*_name_keys(first_b, last_b)).score(name_key(first_a, last_a), 0.0)


def similar_names(first_a: str, last_a: str, first_b: str, last_b: str,
                  threshold: float = NAME_THRESHOLD) -> bool:
    return name_similarity(first_a, last_a, first_b, last_b) >= threshold


class _NameMatcher:
    """One name, compared with many others: difflib analyses its second sequence once."""

    __slots__ = ("_chars", "_keys", "_length", "_matchers")

    def __init__(self, key: str, swapped: str) -> None:
        self._keys = tuple(dict.fromkeys((key, swapped)))
        self._length = len(key)
        self._chars = frozenset(key)
        self._matchers: list[SequenceMatcher[str]] = []

    def score(self, other: str, threshold: float, other_chars: frozenset[str] | None = None,
              ) -> float:
        """The best ratio of ``other`` against the name either way round; cheap upper bounds
        first, and a pair that cannot reach ``threshold`` scores 0."""
        total = self._length + len(other)
        if not other or not self._length:
            return 0.0
        if 2 * min(self._length, len(other)) < threshold * total:
            return 0.0  # the length difference alone rules it out
        # Each letter that only one name has is at least one unmatched character on that side,
        # so 1 - |letters in one name only| / total bounds the ratio, either way round; a set
        # operation in C, far cheaper than difflib's quick_ratio for unrelated names.
        differing = len(self._chars ^ (other_chars or frozenset(other)))
        if total - differing < threshold * total:
            return 0.0
        if not self._matchers:  # built on first need: most names never get this far
            self._matchers = [SequenceMatcher(None, "", key, autojunk=False)
                              for key in self._keys]
        best = 0.0
        for matcher in self._matchers:
            matcher.set_seq1(other)
            if matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold:
                best = max(best, matcher.ratio())
        return best


def _email_key(text: str | None) -> str:
    key = normalise_email(text or "")
    local, at, domain = key.rpartition("@")
    return key if at and local and domain else ""


def _phone_keys(phone: str | None, mobile: str | None, company_key: str,
                country: str) -> set[str]:
    """A contact's phone and mobile keys, without its company's main number (``company_key``):
    colleagues who give the office switchboard are not one person."""
    keys = {normalise_phone(phone or "", country), normalise_phone(mobile or "", country)}
    keys.discard("")
    keys.discard(company_key)
    return keys


# --- the save-time warning ----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    contact_id: int
    display_name: str
    reasons: tuple[str, ...]


def similar_contacts(*, first_name: str = "", last_name: str = "", email: str = "",
                     phone: str = "", mobile: str = "", company_id: int | None = None,
                     exclude_id: int | None = None, limit: int = 10,
                     default_country_code: str = DEFAULT_COUNTRY_CODE,
                     threshold: float = NAME_THRESHOLD) -> list[DuplicateMatch]:
    """Existing contacts that look like the one being saved, most reasons first.

    Candidates come from indexes (email, company, the trigram search index for phone digits)
    and are confirmed here, so the cost does not grow with the table.
    """
    found: dict[int, tuple[Sequence[Any], set[str]]] = {}

    def note(row: Sequence[Any], reason: str) -> None:
        if row[0] != exclude_id:
            found.setdefault(row[0], (row, set()))[1].add(reason)

    email_key = _email_key(email)
    if email_key:
        for row in _email_candidates(email, email_key):
            if _email_key(row[3]) == email_key:
                note(row, REASON_EMAIL)

    country = default_country_code
    company_key = normalise_phone(_company_phone(company_id), country)
    phone_keys = _phone_keys(phone, mobile, company_key, country)
    if phone_keys:
        for row in _phone_candidates(phone_keys):
            theirs = _phone_keys(row[4], row[5], normalise_phone(row[7] or "", country), country)
            if theirs & phone_keys:
                note(row, REASON_PHONE)

    key, swapped = _name_keys(first_name, last_name)
    if key and company_id is not None:
        name = _NameMatcher(key, swapped)
        for row in db.execute_sql(f"{_ROW_SQL} WHERE c.company_id = ?", (company_id,)):
            if name.score(name_key(row[1], row[2]), threshold) >= threshold:
                note(row, REASON_NAME)

    matches = [DuplicateMatch(row[0], _display_name(row), _ordered(reasons))
               for row, reasons in found.values()]
    matches.sort(key=lambda m: (-len(m.reasons), _REASON_ORDER.index(m.reasons[0]),
                                m.contact_id))
    return matches[:limit]


def _email_candidates(email: str, key: str) -> list[Sequence[Any]]:
    if key.endswith("@gmail.com"):
        # Any dotted or +tagged spelling starts with the same first letter: one index range.
        first = key[0]
        return db.execute_sql(
            f"{_ROW_SQL} WHERE c.email >= ? AND c.email < ? "
            "AND (c.email LIKE '%@gmail.com' OR c.email LIKE '%@googlemail.com')",
            (first, chr(ord(first) + 1))).fetchall()
    # The service stores addresses lower()-ed; casefold differs only for a few letters (ß).
    return db.execute_sql(f"{_ROW_SQL} WHERE c.email IN (?, ?)",
                          (email.strip().lower(), key)).fetchall()


def _phone_candidates(keys: Iterable[str]) -> list[Sequence[Any]]:
    """Contacts whose typed phone or mobile may end in the same digits.

    Phone columns have no index and the typed forms differ ("+49 30 123 45 67" against
    "030 1234567"), so a LIKE scan costs ~30 ms at 100,000 rows and still misses spellings.
    The trigram search index holds the typed text: ask it for the last five digits as typed
    with up to two separators (pairs "3 45 67", groups "345 67"), then confirm by key.
    """
    phrases: set[str] = set()
    for key in keys:
        tail = key.partition("x")[0][-_TAIL_DIGITS:]
        phrases.add(tail)
        cuts = range(1, len(tail))
        for sep in _SEPARATORS:
            phrases.update(tail[:i] + sep + tail[i:] for i in cuts)
            phrases.update(tail[:i] + sep + tail[i:j] + sep + tail[j:]
                           for i in cuts for j in cuts if i < j)
    match = "detail : (" + " OR ".join(f'"{p}"' for p in sorted(phrases)) + ")"
    return db.execute_sql(
        f"{_ROW_SQL} WHERE c.id IN (SELECT ref_id FROM {_TRIGRAM_TABLE} "
        f"WHERE {_TRIGRAM_TABLE} MATCH ? AND kind = 'contact')", (match,)).fetchall()


def _company_phone(company_id: int | None) -> str:
    if company_id is None:
        return ""
    row = db.execute_sql("SELECT phone FROM company WHERE id = ?", (company_id,)).fetchone()
    return row[0] if row else ""


def _display_name(row: Sequence[Any]) -> str:
    return " ".join(part for part in (row[1], row[2]) if part) or row[3] or f"#{row[0]}"


def _ordered(reasons: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(reasons), key=_REASON_ORDER.index))


# --- the "Find duplicates" view -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class DuplicateLink:
    """Why two contacts of a group are taken for one person."""

    first_id: int
    second_id: int
    reason: str


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """Contacts that are (transitively) one person: ids ascending, reasons, the links found."""

    contact_ids: tuple[int, ...]
    reasons: tuple[str, ...]
    links: tuple[DuplicateLink, ...]


def find_duplicate_groups(*, limit_groups: int | None = None,
                          default_country_code: str = DEFAULT_COUNTRY_CODE,
                          threshold: float = NAME_THRESHOLD) -> list[DuplicateGroup]:
    """Every group of likely duplicates, ordered by their lowest contact id.

    One pass over the table buckets contacts by email key, phone key and company; names are
    compared only within a company. Grouping is transitive (A=B by email, B=C by phone → ABC).
    """
    if limit_groups is not None and limit_groups < 0:
        raise ValidationError("limit_groups", "must not be negative")
    country = default_country_code
    # Two plain queries: joining company for its phone doubles the time of the big one.
    switchboards = {company_id: normalise_phone(phone, country) for company_id, phone in
                    db.execute_sql("SELECT id, phone FROM company WHERE phone != ''")}
    by_email: dict[str, list[int]] = defaultdict(list)
    by_phone: dict[str, list[int]] = defaultdict(list)
    by_company: dict[int, list[_Person]] = defaultdict(list)
    for contact_id, first, last, email, phone, mobile, company_id in db.execute_sql(
            "SELECT id, first_name, last_name, email, phone, mobile, company_id FROM contact"):
        email_key = _email_key(email)
        if email_key:
            by_email[email_key].append(contact_id)
        if phone or mobile:
            for key in _phone_keys(phone, mobile, switchboards.get(company_id, ""), country):
                by_phone[key].append(contact_id)
        if company_id is not None:
            key, swapped = _name_keys(first, last)
            if key:
                by_company[company_id].append((contact_id, key, swapped, frozenset(key)))

    links: list[DuplicateLink] = []
    for buckets, reason in ((by_email, REASON_EMAIL), (by_phone, REASON_PHONE)):
        for ids in buckets.values():
            links.extend(DuplicateLink(ids[0], other, reason) for other in ids[1:])
    for people in by_company.values():
        if len(people) > 1:
            links.extend(_similar_pairs(people, threshold))
    groups = _group(links)
    return groups if limit_groups is None else groups[:limit_groups]


# A named contact at a company: id, name key, swapped name key, the key's letters.
_Person = tuple[int, str, str, frozenset[str]]


def _similar_pairs(people: list[_Person], threshold: float) -> Iterable[DuplicateLink]:
    if len(people) <= _PAIRWISE_LIMIT:
        pairs: Iterable[tuple[int, int]] = (
            (i, j) for j in range(len(people)) for i in range(j))
    else:
        pairs = set()
        for column in (1, 2):  # neighbours by "first last" and by "last first"
            order = sorted(range(len(people)), key=lambda index: people[index][column])
            for rank, index in enumerate(order):
                pairs.update((min(index, other), max(index, other))
                             for other in order[rank + 1:rank + 1 + _NEIGHBOURS])
    matchers: dict[int, _NameMatcher] = {}
    for i, j in sorted(pairs, key=lambda pair: pair[1]):  # j outer: one matcher per person
        matcher = matchers.get(j)
        if matcher is None:
            matcher = matchers[j] = _NameMatcher(people[j][1], people[j][2])
        if matcher.score(people[i][1], threshold, people[i][3]) >= threshold:
            yield DuplicateLink(people[i][0], people[j][0], REASON_NAME)


def _group(links: list[DuplicateLink]) -> list[DuplicateGroup]:
    """Union-find over the links: connected contacts form one group."""
    parent: dict[int, int] = {}

    def root(node: int) -> int:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]  # path halving keeps the trees flat
            node = parent[node]
        return node

    for link in links:
        first, second = root(link.first_id), root(link.second_id)
        if first != second:
            parent[max(first, second)] = min(first, second)
    members: dict[int, list[int]] = defaultdict(list)
    for node in parent:
        members[root(node)].append(node)
    found: dict[int, list[DuplicateLink]] = defaultdict(list)
    for link in links:
        found[root(link.first_id)].append(link)
    return [DuplicateGroup(tuple(sorted(members[top])),
                           _ordered(link.reason for link in found[top]), tuple(found[top]))
            for top in sorted(members)]
