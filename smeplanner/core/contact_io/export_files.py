"""What every export shares, whatever its format: the output file, written whole or not at
all, and the contacts read in bulk with their tags. ``csv_export``, ``vcard_export`` and
``ical_export`` build on it."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any, NamedTuple

from smeplanner.core.backups import refuse_workspace_target
from smeplanner.core.models import db

PathLike = str | os.PathLike[str]


# --- the file ----------------------------------------------------------------------------
@contextmanager
def atomic_output(path: PathLike, *, binary: bool = False, encoding: str = "utf-8",
                  newline: str | None = "") -> Iterator[IO[Any]]:
    """A handle on a temporary file next to ``path`` that becomes ``path`` (``os.replace``)
    only when the block ends without an error: a failed export leaves no half-written file
    and an earlier file at ``path`` untouched.

    The file is created owner-only (``tempfile.mkstemp``): exports hold personal data.
    """
    target = Path(path)
    if db.database:  # never over the open workspace (the window would write into nothing)
        refuse_workspace_target(target, Path(db.database))
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                             dir=target.parent)
    try:
        if binary:
            handle: IO[Any] = open(descriptor, "wb")  # noqa: SIM115 - closed just below
        else:
            handle = open(descriptor, "w", encoding=encoding, newline=newline)  # noqa: SIM115
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


# --- the rows ----------------------------------------------------------------------------
def json_ids(ids: Iterable[int]) -> str:
    """Record ids as one JSON parameter for ``json_each`` (no limit on host parameters)."""
    return json.dumps(sorted({int(record_id) for record_id in ids}))


def person_name(first: str, last: str, email: str = "") -> str:
    """The display name the app shows: the full name, else the email."""
    return " ".join(part for part in (first, last) if part) or email


class ContactRecord(NamedTuple):
    """One contact as the exports write it: company and source campaign by name, dates as
    stored (ISO text), instants as stored (UTC text), tags sorted by name."""

    id: int
    first_name: str
    last_name: str
    email: str
    phone: str
    mobile: str
    company: str
    job_title: str
    address: str
    city: str
    postcode: str
    region: str
    country: str
    lifecycle_stage: str
    notes: str
    source_channel: str
    source_campaign: str
    marketing_opt_in: int
    opt_in_date: str | None
    opt_in_source: str
    do_not_contact: int
    last_touch_at: str | None
    next_follow_up: str | None
    updated_at: str
    tags: list[str]


_CONTACT_SQL = (
    "SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.mobile, "
    "coalesce(co.name, ''), c.job_title, c.address, c.city, c.postcode, c.region, c.country, "
    "c.lifecycle_stage, c.notes, c.source_channel, coalesce(ca.name, ''), c.marketing_opt_in, "
    "c.opt_in_date, c.opt_in_source, c.do_not_contact, c.last_touch_at, c.next_follow_up, "
    "c.updated_at FROM contact c LEFT JOIN company co ON co.id = c.company_id "
    "LEFT JOIN campaign ca ON ca.id = c.source_campaign_id")
# contact_tag's primary key (contact_id, tag_id) is in contact order: no sorting needed.
_TAG_SQL = ("SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id")


def contact_records(contact_ids: Iterable[int] | None = None) -> Iterator[ContactRecord]:
    """Every contact (or those of ``contact_ids``) in id order, with its tags: two queries
    read side by side (a merge on the contact id), so memory stays flat at any size."""
    contact_sql, tag_sql, params = _CONTACT_SQL, _TAG_SQL, []
    if contact_ids is not None:
        contact_sql += " WHERE c.id IN (SELECT value FROM json_each(?))"
        tag_sql += " WHERE ct.contact_id IN (SELECT value FROM json_each(?))"
        params = [json_ids(contact_ids)]
    contact_sql += " ORDER BY c.id"
    tag_sql += " ORDER BY ct.contact_id"
    tag_rows = iter(db.execute_sql(tag_sql, params))
    pending = next(tag_rows, None)
    for row in db.execute_sql(contact_sql, params):
        contact_id = row[0]
        tags = []
        while pending is not None and pending[0] <= contact_id:
            if pending[0] == contact_id:
                tags.append(pending[1])
            pending = next(tag_rows, None)
        tags.sort(key=str.casefold)
        yield ContactRecord(*row, tags)
