"""Sales figures of a period: revenue trend, win rate and cycle by month, lost reasons,
product profitability."""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from smeplanner.core.deals import line_total
from smeplanner.core.lost_reasons import list_reasons
from smeplanner.core.metrics import close_spans
from smeplanner.core.models import db
from smeplanner.core.money import from_minor
from smeplanner.core.reports.data import (
    LostReasonCount,
    MonthCloseRate,
    MonthRevenue,
    ProductProfit,
)
from smeplanner.core.reports.marketing import percent
from smeplanner.core.reports.period import ReportPeriod, add_months, month_key

NO_REASON = "No reason given"
# A reason without its surrounding spaces, tabs and line breaks (TRIM alone strips spaces).
TRIMMED_REASON = "TRIM(close_reason, char(32, 9, 10, 13))"
TREND_MONTHS = 12
_CENT = Decimal("0.01")
_TENTH = Decimal("0.1")
_SECONDS_PER_DAY = 86_400


def money(minor: int | None) -> Decimal:
    return from_minor(int(minor or 0))  # type: ignore[return-value]


def _closed_range(period: ReportPeriod) -> tuple[str, str]:
    return period.first.isoformat(), period.last.isoformat()


def revenue_trend(period: ReportPeriod, months: int = TREND_MONTHS) -> list[MonthRevenue]:
    """Won revenue of the ``months`` months ending with the period's last month, and of the
    same months a year earlier — None for an earlier month before the workspace's first deal
    (no data then, which is not the same as no revenue)."""
    last_month = period.last.replace(day=1)
    first = add_months(last_month, 1 - months)
    earlier = add_months(first, -12)
    after = add_months(last_month, 1)
    rows = db.execute_sql(
        "SELECT substr(closed_on, 1, 7), SUM(amount), COUNT(*) FROM deal "
        "WHERE status = 'won' AND closed_on >= ? AND closed_on < ? GROUP BY 1",
        (earlier.isoformat(), after.isoformat())).fetchall()
    won = {key: (amount, count) for key, amount, count in rows}
    (data_since,) = db.execute_sql(
        "SELECT MIN(m) FROM (SELECT MIN(substr(created_at, 1, 7)) AS m FROM deal "
        "UNION ALL SELECT MIN(substr(closed_on, 1, 7)) FROM deal)").fetchone()
    result = []
    for n in range(months):
        month = add_months(first, n)
        amount, count = won.get(month_key(month), (0, 0))
        before = add_months(month, -12)
        year_before = (money(won.get(month_key(before), (0, 0))[0])
                       if data_since is not None and month_key(before) >= data_since else None)
        result.append(MonthRevenue(month, money(amount), count, year_before))
    return result


def close_rates(period: ReportPeriod) -> list[MonthCloseRate]:
    """For each month of the period: deals won and lost (by ``closed_on``), the win rate, and
    the mean days to close of the won ones, measured as
    :func:`smeplanner.core.metrics.average_days_to_close` does (one grouped query)."""
    low, high = _closed_range(period)
    counts = {key: (won, lost) for key, won, lost in db.execute_sql(
        "SELECT substr(closed_on, 1, 7), SUM(status = 'won'), SUM(status = 'lost') FROM deal "
        "WHERE status IN ('won', 'lost') AND closed_on >= ? AND closed_on <= ? GROUP BY 1",
        (low, high)).fetchall()}
    seconds_by_month: dict[str, list[int]] = {}
    for closed_on, seconds in close_spans(period.first, period.last):
        seconds_by_month.setdefault(closed_on[:7], []).append(seconds)
    result = []
    for month in period.months:
        key = month_key(month)
        won, lost = counts.get(key, (0, 0))
        seconds = seconds_by_month.get(key)
        days = None
        if seconds:
            mean = Decimal(sum(seconds)) / _SECONDS_PER_DAY / len(seconds)
            days = mean.quantize(_TENTH, rounding=ROUND_HALF_UP)
        result.append(MonthCloseRate(month, won, lost, percent(won, won + lost), days))
    return result


def reason_head(reason: str | None) -> str:
    """The reason itself: before the " — " that sets off the detail the close dialog adds
    ("Price — went with Müller"), trimmed."""
    return (reason or "").partition(" — ")[0].strip()


def reason_key(reason: str | None) -> str:
    """What lost deals are counted by: the reason itself, in any case ("price" is "Price")."""
    return reason_head(reason).casefold()


def lost_reasons(period: ReportPeriod) -> list[LostReasonCount]:
    """Deals lost in the period by their reason (the reason itself, without the detail and
    in any case; blank as "No reason given"), most frequent first (then the larger amount,
    then the name), with the cumulative share. A reason is shown as most deals spell it."""
    low, high = _closed_range(period)
    rows = db.execute_sql(
        f"SELECT {TRIMMED_REASON}, COUNT(*), SUM(amount) FROM deal "
        f"WHERE status = 'lost' AND closed_on >= ? AND closed_on <= ? "
        f"GROUP BY 1", (low, high)).fetchall()
    counts: Counter[str] = Counter()
    amounts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for reason, count, amount in rows:
        key = reason_key(reason)
        counts[key] += count
        amounts[key] += amount or 0
        spellings.setdefault(key, Counter())[reason_head(reason) or NO_REASON] += count
    # Shown as the list of reasons in Settings spells it, else as most deals do ("Price"
    # before "PRICE" and "price" when as many).
    listed = {name.casefold(): name for name in list_reasons()}
    label = {key: listed.get(key) or min(
                 found, key=lambda text: (-found[text], text.isupper(), text.islower(), text))
             for key, found in spellings.items()}
    merged = Counter({label[key]: count for key, count in counts.items()})
    amounts = Counter({label[key]: amount for key, amount in amounts.items()})
    ordered = sorted(merged, key=lambda reason: (-merged[reason], -amounts[reason], reason))
    total = sum(merged.values())
    result, running = [], 0
    for reason in ordered:
        running += merged[reason]
        result.append(LostReasonCount(reason, merged[reason], money(amounts[reason]),
                                      percent(running, total) or Decimal(0)))
    return result


def product_profitability(period: ReportPeriod) -> list[ProductProfit]:
    """Per product, the lines of deals won in the period: quantity, revenue (each line's
    total as the deal computes it), discount given (list total − revenue), cost (quantity ×
    the product's unit cost today), margin and margin percent. Largest revenue first; lines
    without a product are gathered last, without cost."""
    low, high = _closed_range(period)
    # Lines with the same product, quantity, price and discount have the same total, so the
    # exact per-line rounding needs one row per distinct combination, not per line.
    rows = db.execute_sql(
        "SELECT l.product_id, p.name, p.unit_cost, l.quantity, l.unit_price, l.discount_pct, "
        "       COUNT(*) "
        "FROM deal_line l JOIN deal d ON d.id = l.deal_id "
        "LEFT JOIN product p ON p.id = l.product_id "
        "WHERE d.status = 'won' AND d.closed_on >= ? AND d.closed_on <= ? "
        "GROUP BY l.product_id, l.quantity, l.unit_price, l.discount_pct", (low, high)).fetchall()
    totals: dict[int | None, dict[str, Decimal]] = {}
    names: dict[int | None, str] = {None: "Lines without a product"}
    for product_id, name, unit_cost, quantity, unit_price, discount_pct, count in rows:
        quantity, price = Decimal(quantity), money(unit_price)
        net = line_total(quantity, price, Decimal(discount_pct)) * count
        entry = totals.setdefault(product_id, dict.fromkeys(
            ("quantity", "revenue", "gross", "cost"), Decimal(0)))
        entry["quantity"] += quantity * count
        entry["revenue"] += net
        entry["gross"] += (quantity * price).quantize(_CENT, ROUND_HALF_UP) * count
        if product_id is not None:
            names[product_id] = name
            entry["cost"] += quantity * money(unit_cost) * count
    result = []
    for product_id, entry in totals.items():
        revenue = entry["revenue"]
        cost = entry["cost"].quantize(_CENT, ROUND_HALF_UP) if product_id is not None else None
        margin = revenue - cost if cost is not None else None
        margin_pct = None
        if margin is not None and revenue:
            margin_pct = (margin * 100 / revenue).quantize(_TENTH, rounding=ROUND_HALF_UP)
        result.append(ProductProfit(product_id, names[product_id], entry["quantity"],
                                    revenue, entry["gross"] - revenue, cost, margin, margin_pct))
    result.sort(key=lambda row: (row.product_id is None, -row.revenue, row.name))
    return result
