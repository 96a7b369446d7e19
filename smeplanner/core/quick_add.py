"""What the quick-add form needs: sensible defaults and the records a new item can link to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from smeplanner.core.activities import activities
from smeplanner.core.contact_forms import describe_contacts
from smeplanner.core.models import db
from smeplanner.core.week import next_working_hour

# The kinds one plans by hand (deliverables are planned from their campaign).
QUICK_KINDS = ("call", "email", "meeting", "task", "deadline")
DEFAULT_MINUTES = {"call": 15, "email": 10, "meeting": 60, "task": 30, "deadline": 0}


def find_deals(text: str, limit: int = 20) -> list[tuple[int, str]]:
    """(id, "Title — Contact") of deals whose title contains every word of ``text``: open
    deals first, then by title."""
    words = [word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
             for word in text.split()]
    if not words:
        return []
    condition = " AND ".join("d.title LIKE ? ESCAPE '\\'" for _word in words)
    rows = db.execute_sql(
        "SELECT d.id, d.title, trim(coalesce(p.first_name, '') || ' ' || "
        "coalesce(p.last_name, '')) FROM deal d LEFT JOIN contact p ON p.id = d.contact_id "
        f"WHERE {condition} ORDER BY d.status != 'open', d.title, d.id LIMIT ?",
        [*(f"%{word}%" for word in words), limit])
    return [(int(deal_id), f"{title} — {contact}" if contact else title)
            for deal_id, title, contact in rows]


def link_labels(contact_id: int | None = None, deal_id: int | None = None,
                campaign_id: int | None = None) -> dict[str, tuple[int, str]]:
    """The pickers' labels of the records a new item starts linked to (missing ones are
    left out); a deal brings its contact and a contact its name."""
    found: dict[str, tuple[int, str]] = {}
    if deal_id is not None:
        row = db.execute_sql("SELECT title, contact_id FROM deal WHERE id = ?",
                             (deal_id,)).fetchone()
        if row is not None:
            found["deal"] = (deal_id, row[0])
            contact_id = contact_id or row[1]
    if contact_id is not None:
        described = describe_contacts([contact_id])
        if contact_id in described:
            name, company, _email = described[contact_id]
            found["contact"] = (contact_id, f"{name} — {company}" if company else name)
    if campaign_id is not None:
        row = db.execute_sql("SELECT name FROM campaign WHERE id = ?", (campaign_id,)).fetchone()
        if row is not None:
            found["campaign"] = (campaign_id, row[0])
    return found


def default_hat(*, deal_id: int | None, campaign_id: int | None) -> str:
    """Marketing for an item about a campaign and no deal; sales otherwise."""
    return "marketing" if campaign_id is not None and deal_id is None else "sales"


def default_start(now: datetime | None = None) -> datetime:
    """The next working hour, local (see :func:`smeplanner.core.week.next_working_hour`)."""
    return next_working_hour(now)


@dataclass(frozen=True)
class StoredActivity:
    """What the form shows of a stored activity to edit."""

    kind: str
    subject: str
    due_date: date | None
    due_at: datetime | None
    duration_minutes: int
    contact_id: int | None
    deal_id: int | None
    campaign_id: int | None
    role: str
    reminder_minutes: int | None


def stored(activity_id: int) -> StoredActivity:
    """The activity ``activity_id`` as the form edits it (NotFoundError when it is gone)."""
    record = activities.get(activity_id)
    return StoredActivity(record.kind, record.subject, record.due_date, record.due_at,
                          record.duration_minutes, record.contact_id, record.deal_id,
                          record.campaign_id, record.role, record.reminder_minutes)
