"""Who buys: segments by industry, size and region; repeat customers and lifetime value; the
owner's own activity mix by week and hat."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from smeplanner.core import settings
from smeplanner.core.models import db
from smeplanner.core.reports.data import (
    ActivityMix,
    CustomerSummary,
    Segment,
    Segments,
    WeekActivity,
)
from smeplanner.core.reports.marketing import CUSTOMER_STAGES, percent
from smeplanner.core.reports.period import ReportPeriod, utc_text
from smeplanner.core.reports.sales import money
from smeplanner.core.timeutil import today as local_today
from smeplanner.core.vocabulary import ACTIVITY_KINDS, SIZE_BANDS
from smeplanner.core.week import week_start_day

NOT_SET = "Not set"
NO_COMPANY = "No company"
UNTOUCHED_DAYS = 90
PURCHASE_BUCKETS = ("1", "2", "3", "4", "5+")
_CENT = Decimal("0.01")


# --- segments --------------------------------------------------------------------------------

def company_region(region: str, country: str) -> str:
    """The segment a company's address falls in: its region, else its country."""
    return (region or "").strip() or (country or "").strip()


def segment_label(dimension: str, key: str) -> str:
    """How a segment is named: size bands count people ("2-9 people")."""
    if dimension == "size_band" and key in SIZE_BANDS:
        return "1 person" if key == "1" else f"{key} people"
    return key


def segments(period: ReportPeriod) -> Segments:
    """Deals closed in the period, by their company's industry, size band and region (region,
    else country). Each segment: distinct companies with a won deal, won and lost deals, win
    rate and won revenue; deals without a company form their own segment, whose customers are
    their distinct contacts. Largest won revenue first."""
    rows = db.execute_sql(
        "SELECT d.company_id, CASE WHEN d.company_id IS NULL THEN d.contact_id END AS person, "
        "       co.industry, co.size_band, co.region, co.country, "
        "       SUM(d.status = 'won'), SUM(d.status = 'lost'), "
        "       SUM(CASE WHEN d.status = 'won' THEN d.amount ELSE 0 END) "
        "FROM deal d LEFT JOIN company co ON co.id = d.company_id "
        "WHERE d.status IN ('won', 'lost') AND d.closed_on >= ? AND d.closed_on <= ? "
        "GROUP BY d.company_id, person",
        (period.first.isoformat(), period.last.isoformat())).fetchall()
    dimensions = {"industry": {}, "size_band": {}, "region": {}}
    tallies: dict[str, dict[str, list[int]]] = {name: defaultdict(lambda: [0, 0, 0, 0])
                                                for name in dimensions}
    for company_id, person, industry, size_band, region, country, won, lost, won_minor in rows:
        # A deal with neither company nor contact was won from nobody we know: no customer.
        buyer = company_id is not None or person is not None
        keys = {"industry": industry, "size_band": size_band,
                "region": company_region(region, country)}
        for name, key in keys.items():
            key = NO_COMPANY if company_id is None else ((key or "").strip() or NOT_SET)
            tally = tallies[name][key]
            tally[0] += 1 if won and buyer else 0
            tally[1] += won
            tally[2] += lost
            tally[3] += won_minor
    result = {}
    for name in dimensions:
        segments_of = [Segment(key, segment_label(name, key), customers, won, lost,
                               percent(won, won + lost), money(won_minor))
                       for key, (customers, won, lost, won_minor) in tallies[name].items()]
        segments_of.sort(key=lambda s: (-s.won_revenue, -s.won, s.label))
        result[name] = segments_of
    return Segments(result["industry"], result["size_band"], result["region"])


# --- customers -------------------------------------------------------------------------------

def buyer_key_sql(alias: str = "") -> str:
    """SQL naming who bought in a deal: its company, else its contact (NULL: neither)."""
    prefix = f"{alias}." if alias else ""
    return (f"COALESCE('company:' || {prefix}company_id, 'contact:' || {prefix}contact_id)")


def customer_summary(period: ReportPeriod, today: date | None = None) -> CustomerSummary:
    """Buyers (see :class:`CustomerSummary`) of deals won up to the period's last day, and the
    customer contacts untouched in the 90 days before the period's end (or today, if sooner)."""
    rows = db.execute_sql(
        f"SELECT {buyer_key_sql()} AS buyer, COUNT(*), SUM(amount) FROM deal "
        f"WHERE status = 'won' AND closed_on <= ? AND buyer IS NOT NULL GROUP BY buyer",
        (period.last.isoformat(),)).fetchall()
    customers = len(rows)
    repeat = sum(1 for _buyer, count, _amount in rows if count > 1)
    total_minor = sum(amount for _buyer, _count, amount in rows)
    buckets: Counter[str] = Counter(
        PURCHASE_BUCKETS[min(count, len(PURCHASE_BUCKETS)) - 1] for _b, count, _a in rows)
    lifetime = None
    if customers:
        lifetime = (money(total_minor) / customers).quantize(_CENT, rounding=ROUND_HALF_UP)
    end = min(period.last, today or local_today())
    stages = ", ".join(f"'{stage}'" for stage in CUSTOMER_STAGES)
    (untouched,) = db.execute_sql(
        f"SELECT COUNT(*) FROM contact WHERE lifecycle_stage IN ({stages}) "
        f"AND (last_touch_at IS NULL OR last_touch_at < ?)",
        (utc_text(end - timedelta(days=UNTOUCHED_DAYS - 1)),)).fetchone()
    return CustomerSummary(customers, repeat, percent(repeat, customers), lifetime, untouched,
                           [(bucket, buckets[bucket]) for bucket in PURCHASE_BUCKETS])


# --- activity mix ----------------------------------------------------------------------------

def _offset_minutes(instant: datetime) -> int:
    offset = instant.astimezone().utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


def local_date_sql(column: str, period: ReportPeriod) -> tuple[str, list[str]]:
    """SQL turning a stored UTC ``column`` into its local date within the period.

    SQLite knows only fixed offsets, so the period is cut at the instants where the local
    offset changes (DST) and each piece gets its own: ``date(column, CASE WHEN column < t1
    THEN '+60 minutes' ... END)``. A year has at most a handful of pieces.
    """
    def midnight(day: date) -> datetime:
        return datetime.combine(day, time()).astimezone().astimezone(UTC)

    pieces: list[tuple[datetime, int]] = [(midnight(period.first),
                                           _offset_minutes(midnight(period.first)))]
    day = period.first
    while day <= period.last:
        after = midnight(day + timedelta(days=1))
        if _offset_minutes(after) != pieces[-1][1]:
            # The change happens during this day: find it to the quarter hour.
            cut = midnight(day)
            while _offset_minutes(cut) == pieces[-1][1] and cut < after:
                cut += timedelta(minutes=15)
            pieces.append((cut, _offset_minutes(after)))
        day += timedelta(days=1)
    modifiers = [f"{minutes:+d} minutes" for _cut, minutes in pieces]
    if len(pieces) == 1:
        return f"date({column}, ?)", modifiers
    params: list[str] = []
    for (cut, _minutes), modifier in zip(pieces[1:], modifiers, strict=False):
        params += [cut.strftime("%Y-%m-%d %H:%M:%S"), modifier]
    cases = " ".join(f"WHEN {column} < ? THEN ?" for _ in pieces[1:])
    return f"date({column}, CASE {cases} ELSE ? END)", [*params, modifiers[-1]]


def activity_mix(period: ReportPeriod) -> ActivityMix:
    """Activities done in the period (by ``done_at``, local days): per week (from the week-start
    setting; the first and last weeks may be cut by the period) by hat, and per kind by hat."""
    low, high = period.utc_range()
    local_day, day_params = local_date_sql("done_at", period)
    rows = db.execute_sql(
        f"SELECT {local_day} AS day, role, kind, COUNT(*) FROM activity "
        f"WHERE done_at >= ? AND done_at < ? GROUP BY day, role, kind",
        (*day_params, low, high)).fetchall()
    week_start = settings.get("week_start")
    weeks: dict[date, list[int]] = {}
    start = week_start_day(period.first, week_start)
    while start <= period.last:
        weeks[start] = [0, 0]
        start += timedelta(days=7)
    kinds: dict[str, list[int]] = {}
    for day_text, role, kind, count in rows:
        hat = 1 if role == "marketing" else 0
        week = week_start_day(date.fromisoformat(day_text), week_start)
        weeks.setdefault(week, [0, 0])[hat] += count
        kinds.setdefault(kind, [0, 0])[hat] += count
    order = {kind: n for n, kind in enumerate(ACTIVITY_KINDS)}
    return ActivityMix(
        [WeekActivity(week, sales, marketing)
         for week, (sales, marketing) in sorted(weeks.items())],
        {kind: (counts[0], counts[1])
         for kind, counts in sorted(kinds.items(), key=lambda item: order.get(item[0], 99))})
