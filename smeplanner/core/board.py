"""The pipeline board: one column per stage holding its deals as cards, with column totals.

Open stages hold every open deal; the won and lost columns hold the deals closed this
month, so a deal just dropped there stays in sight. The marks a card carries are defined
once here, as SQL, and shared with the deal list's filters (``listing_filters``):

- overdue: an open deal whose expected close is before today;
- no next step: an open deal with neither a next step written nor an open activity;
- stale: an open deal untouched (no stage move, no activity done) for longer than its
  stage's rotting days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from smeplanner.core.models import db
from smeplanner.core.money import from_minor
from smeplanner.core.pipeline import StageInfo, list_stages
from smeplanner.core.timeutil import today, utcnow

CENT = Decimal("0.01")

# The last time a deal moved: entering its stage, or an activity about it being done.
# Both are UTC text, which compares as time.
LAST_TOUCH_SQL = ("max(r.stage_entered_at, coalesce((SELECT max(a.done_at) FROM activity a "
                  "WHERE a.deal_id = r.id AND +a.done = 1), ''))")
_ROTTING_SQL = "(SELECT rotting_days FROM pipeline_stage WHERE id = r.stage_id)"


def stale_condition(now: datetime | None = None) -> tuple[str, list[Any]]:
    """SQL (on ``deal r``) for open deals untouched longer than their stage allows."""
    moment = (now or utcnow()).astimezone(UTC).strftime("%Y-%m-%d %H:%M:00")
    return (f"(r.status = 'open' AND {_ROTTING_SQL} IS NOT NULL AND {LAST_TOUCH_SQL} < "
            f"datetime(?, '-' || {_ROTTING_SQL} || ' days'))", [moment])


def no_next_step_condition() -> tuple[str, list[Any]]:
    """SQL (on ``deal r``) for open deals with no next step written and none planned."""
    return ("(r.status = 'open' AND r.next_step = '' AND NOT EXISTS (SELECT 1 FROM activity a "
            "WHERE a.deal_id = r.id AND +a.done = 0))", [])


def overdue_condition(day: date | None = None) -> tuple[str, list[Any]]:
    """SQL (on ``deal r``) for open deals whose expected close has passed."""
    return "(r.status = 'open' AND r.expected_close < ?)", [(day or today()).isoformat()]


@dataclass(frozen=True, slots=True)
class Card:
    """One deal as the board shows it."""

    id: int
    title: str
    company: str
    contact: str
    stage_id: int
    status: str
    amount: Decimal
    probability: int
    expected_close: date | None
    next_step: str
    closed_on: date | None
    close_reason: str
    days_in_stage: int
    overdue: bool
    no_next_step: bool
    stale: bool

    @property
    def weighted(self) -> Decimal:
        return (self.amount * self.probability / 100).quantize(CENT, ROUND_HALF_UP)


@dataclass(slots=True)
class BoardColumn:
    """A stage and its cards, in board order (expected close first, undated last)."""

    stage: StageInfo
    cards: list[Card] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.cards)

    @property
    def amount(self) -> Decimal:
        return sum((card.amount for card in self.cards), Decimal(0))

    @property
    def weighted(self) -> Decimal:
        """Σ amount × probability, each deal rounded to the cent (what the header shows)."""
        return sum((card.weighted for card in self.cards), Decimal(0))


def load_board(where: str = "", params: list[Any] | tuple[Any, ...] = (), *,
               now: datetime | None = None) -> list[BoardColumn]:
    """Every stage with its cards: open deals, and the deals closed this month.

    ``where``/``params``: an extra SQL condition on ``deal r`` (the deal list's search and
    filters, see ``listing.where_clause``), ANDed with the board's own.
    """
    columns = {stage.id: BoardColumn(stage) for stage in list_stages()}
    for card in load_cards(where, params, now=now):
        columns[card.stage_id].cards.append(card)
    return list(columns.values())


def load_cards(where: str = "", params: list[Any] | tuple[Any, ...] = (), *,
               deal_ids: list[int] | None = None, now: datetime | None = None) -> list[Card]:
    """The cards the board shows, in board order; with ``deal_ids``, only those deals'
    (to refresh the cards of a move without reading the whole board again)."""
    now = (now or utcnow()).astimezone(UTC)
    local_today = now.astimezone().date()
    month_start = local_today.replace(day=1).isoformat()
    stale_sql, stale_params = stale_condition(now)
    next_sql, _ = no_next_step_condition()
    extra = f" AND ({where})" if where else ""
    chosen: list[Any] = []
    if deal_ids is not None:
        extra += f" AND r.id IN ({', '.join('?' * len(deal_ids))})"
        chosen = list(deal_ids)
    rows = db.execute_sql(
        "SELECT r.id, r.title, coalesce(co.name, ''), "
        "trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')), "
        "r.stage_id, r.status, r.amount, coalesce(r.probability_override, s.probability), "
        f"r.expected_close, r.next_step, r.closed_on, r.close_reason, r.stage_entered_at, "
        f"{stale_sql}, {next_sql} "
        "FROM deal r JOIN pipeline_stage s ON s.id = r.stage_id "
        "LEFT JOIN company co ON co.id = r.company_id "
        "LEFT JOIN contact p ON p.id = r.contact_id "
        f"WHERE (r.status = 'open' OR r.closed_on >= ?){extra} "
        "ORDER BY r.expected_close IS NULL, r.expected_close, r.id",
        [*stale_params, month_start, *params, *chosen]).fetchall()
    today_text = local_today.isoformat()
    return [Card(
        id=deal_id, title=title, company=company, contact=contact, stage_id=stage_id,
        status=status, amount=from_minor(amount), probability=probability,
        expected_close=date.fromisoformat(close) if close else None,
        next_step=next_step, closed_on=date.fromisoformat(closed_on) if closed_on else None,
        close_reason=reason,
        days_in_stage=max(0, (now - datetime.fromisoformat(entered).replace(tzinfo=UTC)).days),
        overdue=status == "open" and close is not None and close < today_text,
        no_next_step=bool(no_next), stale=bool(stale))
        for (deal_id, title, company, contact, stage_id, status, amount, probability, close,
             next_step, closed_on, reason, entered, stale, no_next) in rows]


def board_order(card: Card) -> tuple[bool, date, int]:
    """Where a card stands in its column: by expected close, undated last, then by id."""
    return (card.expected_close is None, card.expected_close or date.min, card.id)
