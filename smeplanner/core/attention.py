"""Needs attention: the owner's Monday review, one group per reason, most urgent first.

Sales reasons come first, then marketing:

- no_next_step: open deals with no next step written and no open activity (the board's
  mark), most valuable first;
- stale_deal: open deals untouched longer than their stage's rotting days (the board's
  mark), longest untouched first;
- overdue_follow_up: open calls, emails, meetings, tasks and deadlines due before today,
  and contacts whose follow-up date has passed with nothing planned for them, oldest first;
- untouched_lead: leads (not do-not-contact) never touched or not for ``stale_lead_days``,
  never touched first, then the longest untouched;
- launch_unready: live campaigns starting in the week with deliverables still open;
- offer_ending: offers (of campaigns not cancelled) ending in the week.

Deal marks come from ``board``, never copied. Deals and campaigns are few: one query each,
a window count giving the total beside the rows shown, so the board's costly conditions run
once. Contacts and activities are many: a COUNT and a LIMIT query each, because a window
over 20,000 rows costs more than counting them in an index and reading five in order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from smeplanner.core import board, settings, week
from smeplanner.core.models import db
from smeplanner.core.money import format_money
from smeplanner.core.timeutil import utcnow
from smeplanner.core.vocabulary import ACTIVITY_KINDS, ACTIVITY_LABELS

REASONS = ("no_next_step", "stale_deal", "overdue_follow_up", "untouched_lead",
           "launch_unready", "offer_ending")
HATS = {"no_next_step": "sales", "stale_deal": "sales", "overdue_follow_up": "sales",
        "untouched_lead": "sales", "launch_unready": "marketing", "offer_ending": "marketing"}
# Deliverables are the campaign's work, judged by launch_unready, not as follow-ups.
FOLLOW_UP_KINDS = tuple(kind for kind in ACTIVITY_KINDS if kind != "deliverable")
# A campaign that is over or called off has nothing left to launch.
_FINISHED_CAMPAIGN = ("cancelled", "done")

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# A contact's display name (``Contact.display_name``) in SQL on ``contact c``.
_CONTACT_NAME = "coalesce(nullif(trim(c.first_name || ' ' || c.last_name), ''), c.email)"
LABELS = {"no_next_step": "Deals with no next step", "stale_deal": "Stale deals",
          "overdue_follow_up": "Overdue follow-ups",
          "untouched_lead": "Leads not touched in {days} days",
          "launch_unready": "Launching this week, deliverables open",
          "offer_ending": "Offers ending this week"}


@dataclass(frozen=True)
class AttentionItem:
    """One line of the review. ``action`` is "plan" (plan a task linked through the ids
    below) or "open" (open ``record``/``record_id``); a lower ``sort_key`` is more urgent."""

    reason: str
    record: str  # deal, contact, activity or campaign
    record_id: int
    title: str
    detail: str
    hat: str
    action: str
    sort_key: tuple[Any, ...]
    contact_id: int | None = None
    deal_id: int | None = None
    campaign_id: int | None = None


@dataclass(frozen=True)
class AttentionGroup:
    """One reason: ``total`` counts every match, ``items`` holds the most urgent few."""

    reason: str
    label: str
    hat: str
    total: int
    items: tuple[AttentionItem, ...]


@dataclass(frozen=True)
class _Context:
    first: date
    last: date
    today: date
    now: datetime
    limit: int
    stale_lead_days: int


def needs_attention(week_first: date, week_last: date, *, today: date | None = None,
                    now: datetime | None = None, limit: int = 5,
                    stale_lead_days: int | None = None) -> list[AttentionGroup]:
    """The groups that have something, in the fixed order of ``REASONS``.

    ``now`` (default: the current instant) measures staleness; ``today`` (default: the local
    date of ``now``) decides what is overdue; ``stale_lead_days`` defaults to the setting.
    """
    moment = (now or utcnow()).astimezone(UTC)
    context = _Context(
        first=week_first, last=week_last, today=today or moment.astimezone().date(),
        now=moment, limit=max(0, limit),
        stale_lead_days=(settings.get("stale_lead_days") if stale_lead_days is None
                         else stale_lead_days))
    groups = []
    for reason, collect in _COLLECTORS:
        total, items = collect(context)
        if total:
            groups.append(AttentionGroup(reason, _label(reason, context), HATS[reason], total,
                                         tuple(items)))
    return groups


def _label(reason: str, context: _Context) -> str:
    if reason == "untouched_lead" and context.stale_lead_days == 1:
        return "Leads not touched in a day"
    return LABELS[reason].format(days=context.stale_lead_days)


def _windowed(sql: str, params: Sequence[Any], limit: int) -> tuple[int, list[tuple[Any, ...]]]:
    """Rows of ``sql``, whose last column is ``count(*) OVER ()`` and last parameter the limit.

    With a limit of 0 one row is still read, or the total would be lost with it.
    """
    rows = db.execute_sql(sql, [*params, max(limit, 1)]).fetchall()
    return (rows[0][-1] if rows else 0), rows[:limit]


def _counted(count_sql: str, count_params: Sequence[Any], rows_sql: str,
             rows_params: Sequence[Any], limit: int) -> tuple[int, list[tuple[Any, ...]]]:
    """The count of ``count_sql``, and the rows of ``rows_sql`` (which holds the limit)."""
    total = db.execute_sql(count_sql, list(count_params)).fetchone()[0]
    if not total or not limit:
        return total, []
    return total, db.execute_sql(rows_sql, list(rows_params)).fetchall()


# --- the reasons ----------------------------------------------------------------------------

def _no_next_step(context: _Context) -> tuple[int, list[AttentionItem]]:
    condition, params = board.no_next_step_condition()
    total, rows = _windowed(
        "SELECT r.id, r.title, r.amount, r.contact_id, s.name, r.stage_entered_at, "
        "count(*) OVER () FROM deal r JOIN pipeline_stage s ON s.id = r.stage_id "
        f"WHERE {condition} ORDER BY r.amount DESC, r.id LIMIT ?", params, context.limit)
    currency = settings.get("currency") if rows else ""
    items = []
    for deal_id, title, amount, contact_id, stage, entered, _ in rows:
        days = _days_since(entered, context.now)
        parts = [stage, *([format_money(amount, currency, compact=True)] if amount else []),
                 f"{days} day{'s' if days != 1 else ''} in stage"]
        items.append(AttentionItem("no_next_step", "deal", deal_id, title, " · ".join(parts),
                                   "sales", "plan", (-amount, deal_id), contact_id=contact_id,
                                   deal_id=deal_id))
    return total, items


def _stale_deal(context: _Context) -> tuple[int, list[AttentionItem]]:
    condition, params = board.stale_condition(context.now)
    total, rows = _windowed(
        f"SELECT r.id, r.title, r.contact_id, s.name, {board.LAST_TOUCH_SQL} AS touched, "
        "count(*) OVER () FROM deal r JOIN pipeline_stage s ON s.id = r.stage_id "
        f"WHERE {condition} ORDER BY touched, r.id LIMIT ?", params, context.limit)
    return total, [
        AttentionItem("stale_deal", "deal", deal_id, title,
                      f"{stage} · {_touched_text(touched, context.now)}", "sales", "plan",
                      (touched, deal_id), contact_id=contact_id, deal_id=deal_id)
        for deal_id, title, contact_id, stage, touched, _ in rows]


_OVERDUE_ACTIVITIES = (f"FROM activity a WHERE a.done = 0 AND a.kind IN "
                       f"({', '.join('?' * len(FOLLOW_UP_KINDS))}) AND {{overdue}}")
# ``+a.done`` keeps the planner off activity(done), which would read every open activity
# for each contact.
_OVERDUE_CONTACTS = ("FROM contact c WHERE c.next_follow_up < ? AND NOT EXISTS "
                     "(SELECT 1 FROM activity a WHERE a.contact_id = c.id AND +a.done = 0)")


def _overdue_follow_up(context: _Context) -> tuple[int, list[AttentionItem]]:
    today_text, limit = context.today.isoformat(), context.limit
    # "Before today" as the week decides it: by the local day here (time zones).
    condition, overdue_params = week.overdue_condition(context.today)
    overdue_activities = _OVERDUE_ACTIVITIES.format(overdue=condition)
    # Each side is cut to the limit before the two are merged (then cut again), so neither
    # is sorted whole; only the rows shown are joined to their subject and names.
    rows_sql = (
        "SELECT u.rank, u.id, u.due, a.subject, a.kind, a.role, a.contact_id, a.deal_id, "
        f"a.campaign_id, {_CONTACT_NAME} FROM ("
        "  SELECT * FROM (SELECT 0 AS rank, a.id AS id, a.due_date AS due "
        f"  {overdue_activities} ORDER BY a.due_date, a.id LIMIT ?)"
        "  UNION ALL SELECT * FROM (SELECT 1, c.id, c.next_follow_up "
        f"  {_OVERDUE_CONTACTS} ORDER BY c.next_follow_up, c.id LIMIT ?)"
        "  ORDER BY due, rank, id LIMIT ?"
        ") u LEFT JOIN activity a ON u.rank = 0 AND a.id = u.id "
        "LEFT JOIN contact c ON c.id = (CASE u.rank WHEN 0 THEN a.contact_id ELSE u.id END) "
        "ORDER BY u.due, u.rank, u.id")
    total, rows = _counted(
        f"SELECT (SELECT count(*) {overdue_activities}) + (SELECT count(*) {_OVERDUE_CONTACTS})",
        [*FOLLOW_UP_KINDS, *overdue_params, today_text], rows_sql,
        [*FOLLOW_UP_KINDS, *overdue_params, limit, today_text, limit, limit], limit)
    items = []
    for (rank, record_id, due_text, subject, kind, role, contact_id, deal_id, campaign_id,
         name) in rows:
        due = f"due {_day_text(date.fromisoformat(due_text), context.today)}"
        if rank == 0:
            # The date first: in a narrow column it is what must not be cut off.
            detail = " · ".join([due, ACTIVITY_LABELS.get(kind, kind), *([name] if name else [])])
            items.append(AttentionItem("overdue_follow_up", "activity", record_id, subject,
                                       detail, role, "open", (due_text, rank, record_id),
                                       contact_id=contact_id, deal_id=deal_id,
                                       campaign_id=campaign_id))
        else:
            items.append(AttentionItem("overdue_follow_up", "contact", record_id, name,
                                       f"follow-up {due}", "sales", "plan",
                                       (due_text, rank, record_id), contact_id=record_id))
    return total, items


_UNTOUCHED_LEADS = ("FROM contact c WHERE c.lifecycle_stage = 'lead' AND c.do_not_contact = 0 "
                    "AND (c.last_touch_at IS NULL OR c.last_touch_at < ?)")


def _untouched_lead(context: _Context) -> tuple[int, list[AttentionItem]]:
    cutoff = _instant_text(context.now - timedelta(days=context.stale_lead_days))
    # NULL sorts first in SQLite: never touched comes before the oldest touch.
    total, rows = _counted(
        f"SELECT count(*) {_UNTOUCHED_LEADS}", [cutoff],
        f"SELECT u.id, {_CONTACT_NAME}, u.touched FROM ("
        f"  SELECT c.id AS id, c.last_touch_at AS touched {_UNTOUCHED_LEADS}"
        "  ORDER BY c.last_touch_at, c.id LIMIT ?"
        ") u JOIN contact c ON c.id = u.id ORDER BY u.touched, u.id",
        [cutoff, context.limit], context.limit)
    return total, [
        AttentionItem("untouched_lead", "contact", contact_id, name,
                      _touched_text(touched, context.now), "sales", "plan",
                      (touched or "", contact_id), contact_id=contact_id)
        for contact_id, name, touched in rows]


def _launch_unready(context: _Context) -> tuple[int, list[AttentionItem]]:
    finished = ", ".join("?" * len(_FINISHED_CAMPAIGN))
    # CROSS JOIN keeps the week's few campaigns as the outer loop, each joined through
    # activity(campaign_id); left to itself the planner scans every activity first.
    total, rows = _windowed(
        "SELECT p.id, p.name, p.start_date, sum(a.done = 0) AS open, count(*), "
        "count(*) OVER () FROM campaign p "
        "CROSS JOIN activity a ON a.campaign_id = p.id AND +a.kind = 'deliverable' "
        f"WHERE p.status NOT IN ({finished}) AND p.start_date BETWEEN ? AND ? "
        "GROUP BY p.id HAVING open > 0 ORDER BY p.start_date, open DESC, p.id LIMIT ?",
        [*_FINISHED_CAMPAIGN, context.first.isoformat(), context.last.isoformat()],
        context.limit)
    items = []
    for campaign_id, name, start_text, open_count, all_count, _ in rows:
        start = date.fromisoformat(start_text)
        verb = "starts" if start >= context.today else "started"
        noun = "deliverable" if all_count == 1 else "deliverables"
        items.append(AttentionItem(
            "launch_unready", "campaign", campaign_id, name,
            f"{open_count} of {all_count} {noun} open, {verb} "
            f"{_weekday_text(start, context.today)}",
            "marketing", "open", (start_text, -open_count, campaign_id),
            campaign_id=campaign_id))
    return total, items


def _offer_ending(context: _Context) -> tuple[int, list[AttentionItem]]:
    total, rows = _windowed(
        "SELECT p.id, p.name, p.offer_end, count(*) OVER () FROM campaign p "
        "WHERE p.status != 'cancelled' AND p.offer_end BETWEEN ? AND ? "
        "ORDER BY p.offer_end, p.id LIMIT ?",
        [context.first.isoformat(), context.last.isoformat()], context.limit)
    items = []
    for campaign_id, name, end_text, _ in rows:
        end = date.fromisoformat(end_text)
        verb = "ends" if end >= context.today else "ended"
        items.append(AttentionItem(
            "offer_ending", "campaign", campaign_id, name,
            f"offer {verb} {_weekday_text(end, context.today)}", "marketing", "open",
            (end_text, campaign_id), campaign_id=campaign_id))
    return total, items


_COLLECTORS: tuple[tuple[str, Callable[[_Context], tuple[int, list[AttentionItem]]]], ...] = (
    ("no_next_step", _no_next_step), ("stale_deal", _stale_deal),
    ("overdue_follow_up", _overdue_follow_up), ("untouched_lead", _untouched_lead),
    ("launch_unready", _launch_unready), ("offer_ending", _offer_ending),
)


# --- text -----------------------------------------------------------------------------------

def _instant_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _days_since(stored: str, now: datetime) -> int:
    return max(0, (now - datetime.fromisoformat(stored).replace(tzinfo=UTC)).days)


def _touched_text(stored: str | None, now: datetime) -> str:
    if not stored:
        return "never touched"
    days = _days_since(stored, now)
    return f"last touched {days} day{'s' if days != 1 else ''} ago"


def _day_text(day: date, today: date) -> str:
    """"12 Nov", with the year only when it is not this year's."""
    text = f"{day.day} {_MONTHS[day.month - 1]}"
    return text if day.year == today.year else f"{text} {day.year}"


def _weekday_text(day: date, today: date) -> str:
    return f"{_WEEKDAYS[day.weekday()]} {_day_text(day, today)}"
