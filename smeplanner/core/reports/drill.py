"""The records behind one bar of a report chart: clicking a funnel bar lists those contacts.

Each chart names its bars with a ``gid`` (see :mod:`smeplanner.ui.charts`); :func:`drill`
maps the chart key and gid to the same conditions the figure was counted with.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from smeplanner.core import settings
from smeplanner.core.errors import ValidationError
from smeplanner.core.models import db
from smeplanner.core.money import format_money
from smeplanner.core.reports.customers import (
    NO_COMPANY,
    NOT_SET,
    PURCHASE_BUCKETS,
    UNTOUCHED_DAYS,
    buyer_key_sql,
)
from smeplanner.core.reports.marketing import (
    CUSTOMER_STAGES,
    FUNNEL_STAGES,
    REACHED_BY_CONTACT_SQL,
)
from smeplanner.core.reports.period import ReportPeriod, add_months, utc_text
from smeplanner.core.reports.sales import NO_REASON, reason_key
from smeplanner.core.timeutil import parse_utc_text
from smeplanner.core.timeutil import today as local_today
from smeplanner.core.vocabulary import ACTIVITY_LABELS, LIFECYCLE_LABELS, SOURCE_LABELS

DRILL_LIMIT = 500


@dataclass(frozen=True)
class DrillRow:
    """One record in a drill-down list; ``kind`` is contact, company, deal, campaign or
    activity, as the main window opens them."""

    kind: str
    record_id: int
    title: str
    detail: str


@dataclass(frozen=True)
class DrillList:
    title: str
    rows: list[DrillRow]
    total: int  # rows beyond the limit are counted, not listed


_CONTACT_NAME = "TRIM(c.first_name || ' ' || c.last_name)"
_DEAL_COLUMNS = ("SELECT d.id, d.title, d.amount, d.status, d.closed_on, d.expected_close, "
                 "COALESCE(co.name, TRIM(ct.first_name || ' ' || ct.last_name), '') "
                 "FROM deal d LEFT JOIN company co ON co.id = d.company_id "
                 "LEFT JOIN contact ct ON ct.id = d.contact_id ")


def _count_and_rows(sql: str, params: Sequence[Any], order: str,
                    limit: int) -> tuple[int, list[tuple[Any, ...]]]:
    (total,) = db.execute_sql(f"SELECT COUNT(*) FROM ({sql})", params).fetchone()
    rows = db.execute_sql(f"{sql} ORDER BY {order} LIMIT ?", (*params, limit)).fetchall()
    return total, rows


def _deals(title: str, where: str, params: Sequence[Any], limit: int) -> DrillList:
    currency = settings.get("currency")
    total, rows = _count_and_rows(f"{_DEAL_COLUMNS} WHERE {where}", params,
                                  "d.amount DESC, d.id", limit)
    result = []
    for deal_id, name, amount, status, closed_on, expected, party in rows:
        when = closed_on if status != "open" else (expected or "no close date")
        detail = " · ".join(part for part in (format_money(amount, currency), status, when,
                                              party) if part)
        result.append(DrillRow("deal", deal_id, name, detail))
    return DrillList(title, result, total)


def _contacts(title: str, where: str, params: Sequence[Any], limit: int,
              joins: str = "") -> DrillList:
    total, rows = _count_and_rows(
        f"SELECT DISTINCT c.id, {_CONTACT_NAME}, c.email, c.lifecycle_stage, "
        f"COALESCE(co.name, '') FROM contact c LEFT JOIN company co ON co.id = c.company_id "
        f"{joins} WHERE {where}", params, "2, 1", limit)
    result = [DrillRow("contact", contact_id, name or email or f"Contact {contact_id}",
                       " · ".join(part for part in (LIFECYCLE_LABELS.get(stage, stage), company,
                                                    email) if part))
              for contact_id, name, email, stage, company in rows]
    return DrillList(title, result, total)


def _activities(title: str, where: str, params: Sequence[Any], limit: int) -> DrillList:
    total, rows = _count_and_rows(
        f"SELECT a.id, a.subject, a.kind, a.role, a.done_at FROM activity a WHERE {where}",
        params, "a.done_at DESC, a.id", limit)
    # Done on the local day (done_at is UTC: late evening in Auckland is the day before).
    result = [DrillRow("activity", activity_id, subject,
                       f"{ACTIVITY_LABELS.get(kind, kind)} · {role} · done "
                       f"{parse_utc_text(done_at).astimezone().date().isoformat()}")
              for activity_id, subject, kind, role, done_at in rows]
    return DrillList(title, result, total)


def _month_bounds(key: str) -> tuple[str, str]:
    try:
        first = date.fromisoformat(f"{key}-01")
    except ValueError as error:
        raise ValidationError("month", f"{key!r} is not a month") from error
    return first.isoformat(), (add_months(first, 1) - timedelta(days=1)).isoformat()


def _closed_in(period: ReportPeriod) -> tuple[str, str]:
    return period.first.isoformat(), period.last.isoformat()


# --- one function per chart ------------------------------------------------------------------

def _funnel(gid: str, period: ReportPeriod, limit: int) -> DrillList:
    low, high = period.utc_range()
    if gid not in FUNNEL_STAGES:
        raise ValidationError("stage", f"unknown funnel stage {gid!r}")
    # As the chart counts them: got this far in the period, and not before it.
    depth = FUNNEL_STAGES.index(gid)
    return _contacts(f"Contacts who reached {LIFECYCLE_LABELS[gid]} in {period.label}",
                     f"c.id IN (SELECT p.contact_id FROM ({REACHED_BY_CONTACT_SQL}) p "
                     f"WHERE p.during >= ? AND coalesce(p.before, -1) < ?)",
                     (low, low, high, depth, depth), limit)


def _pipeline(gid: str, period: ReportPeriod, limit: int) -> DrillList:
    (name,) = db.execute_sql("SELECT name FROM pipeline_stage WHERE id = ?",
                             (int(gid),)).fetchone() or (gid,)
    return _deals(f"Open deals in {name}", "d.status = 'open' AND d.stage_id = ?",
                  (int(gid),), limit)


def _forecast(gid: str, period: ReportPeriod, limit: int) -> DrillList:
    low, high = _month_bounds(gid)
    current = local_today().replace(day=1).isoformat()
    # As the forecast counts them: overdue or undated open deals belong to the current month.
    open_here = ("(d.status = 'open' AND ((d.expected_close >= ? AND d.expected_close <= ? "
                 "AND d.expected_close >= ?) "
                 "OR (? = ? AND (d.expected_close IS NULL OR d.expected_close < ?))))")
    return _deals(f"Deals won or expected to close in {gid}",
                  f"((d.status = 'won' AND d.closed_on >= ? AND d.closed_on <= ?) "
                  f"OR {open_here})", (low, high, low, high, current, low, current, current), limit)


def _revenue(gid: str, period: ReportPeriod, limit: int) -> DrillList:
    low, high = _month_bounds(gid)
    return _deals(f"Deals won in {gid}",
                  "d.status = 'won' AND d.closed_on >= ? AND d.closed_on <= ?", (low, high),
                  limit)


def _lead_sources(gid: str, period: ReportPeriod, limit: int) -> DrillList:
    low, high = period.utc_range()
    which, _, key = gid.partition(":")
    if which == "campaign":
        return _contacts(f"New contacts from the campaign in {period.label}",
                         "c.source_campaign_id = ? AND c.created_at >= ? AND c.created_at < ?",
                         (int(key), low, high), limit)
    source = SOURCE_LABELS.get(key, key) or "an unrecorded source"
    return _contacts(f"New contacts from {source} in {period.label}",
                     "c.source_channel = ? AND c.created_at >= ? AND c.created_at < ?",
                     (key, low, high), limit)


def _campaigns(gid: str, period: ReportPeriod, limit: int) -> DrillList:
    campaign_id = int(gid)
    row = db.execute_sql("SELECT name, channel FROM campaign WHERE id = ?",
                         (campaign_id,)).fetchone()
    if row is None:
        return DrillList("That campaign is no longer there", [], 0)
    deals = _deals(f"{row[0]}: deals won in {period.label}",
                   "d.source_campaign_id = ? AND d.status = 'won' AND d.closed_on >= ? "
                   "AND d.closed_on <= ?", (campaign_id, *_closed_in(period)), max(limit - 1, 0))
    head = DrillRow("campaign", campaign_id, row[0], f"Campaign · {row[1]}")
    return DrillList(deals.title, [head, *deals.rows], deals.total + 1)


def _close_rates(gid: str, period: ReportPeriod, limit: int) -> DrillList:
    which, _, key = gid.partition(":")
    if which == "month":
        # The month as far as it lies in the period, as the bar counts it (a custom period
        # may start or end inside a month).
        low, high = _month_bounds(key)
        first, last = _closed_in(period)
        low, high = max(low, first), min(high, last)
        return _deals(f"Deals closed in {key}", "d.status IN ('won', 'lost') "
                      "AND d.closed_on >= ? AND d.closed_on <= ?", (low, high), limit)
    if which != "reason":
        raise ValidationError("chart", f"no records for {gid!r}")
    # As the chart counts them: the reason itself, without its detail, in any case.
    wanted = "" if key == NO_REASON else reason_key(key)
    lost = [deal_id for deal_id, reason in db.execute_sql(
        "SELECT id, close_reason FROM deal d WHERE d.status = 'lost' AND d.closed_on >= ? "
        "AND d.closed_on <= ?", _closed_in(period)) if reason_key(reason) == wanted]
    return _deals(f"Deals lost in {period.label}: {key}",
                  f"d.id IN ({', '.join('?' * len(lost)) or 'NULL'})", tuple(lost), limit)


def _products(gid: str, period: ReportPeriod, limit: int) -> DrillList:
    key = gid.partition(":")[2]
    line = ("l.product_id IS NULL" if key == "none" else "l.product_id = ?")
    params: tuple[Any, ...] = () if key == "none" else (int(key),)
    return _deals(f"Deals won in {period.label} with this product",
                  f"d.status = 'won' AND d.closed_on >= ? AND d.closed_on <= ? AND d.id IN "
                  f"(SELECT l.deal_id FROM deal_line l WHERE {line})",
                  (*_closed_in(period), *params), limit)


# Trimmed as the chart trims them (Python's strip): spaces, tabs and line breaks.
_WS = "char(32, 9, 10, 13)"
_SEGMENT_SQL = {"industry": f"TRIM(co.industry, {_WS})", "size_band": f"TRIM(co.size_band, {_WS})",
                "region": f"COALESCE(NULLIF(TRIM(co.region, {_WS}), ''), TRIM(co.country, {_WS}))"}


def _segments(gid: str, period: ReportPeriod, limit: int) -> DrillList:
    dimension, _, key = gid.partition(":")
    if dimension not in _SEGMENT_SQL:
        raise ValidationError("segment", f"unknown segment {gid!r}")
    if key == NO_COMPANY:
        condition, params = "d.company_id IS NULL", ()
    else:
        condition, params = f"d.company_id IS NOT NULL AND {_SEGMENT_SQL[dimension]} = ?", (
            "" if key == NOT_SET else key,)
    return _deals(f"Deals closed in {period.label}: {key}",
                  f"d.status IN ('won', 'lost') AND d.closed_on >= ? AND d.closed_on <= ? "
                  f"AND {condition}", (*_closed_in(period), *params), limit)


def _customers(gid: str, period: ReportPeriod, limit: int) -> DrillList:
    if gid == "untouched":
        end = min(period.last, local_today())
        stages = ", ".join(f"'{stage}'" for stage in CUSTOMER_STAGES)
        return _contacts(f"Customers not touched in {UNTOUCHED_DAYS} days",
                         f"c.lifecycle_stage IN ({stages}) AND "
                         f"(c.last_touch_at IS NULL OR c.last_touch_at < ?)",
                         (utc_text(end - timedelta(days=UNTOUCHED_DAYS - 1)),), limit)
    bucket = gid.partition(":")[2]
    if bucket not in PURCHASE_BUCKETS:
        raise ValidationError("purchases", f"unknown bucket {gid!r}")
    low = int(bucket.rstrip("+"))
    having = f"COUNT(*) >= {low}" if bucket.endswith("+") else f"COUNT(*) = {low}"
    buyers = (f"SELECT {buyer_key_sql()} AS buyer FROM deal WHERE status = 'won' "
              f"AND closed_on <= ? AND buyer IS NOT NULL GROUP BY buyer HAVING {having}")
    return _deals(f"Won deals of customers who bought {bucket} times",
                  f"d.status = 'won' AND d.closed_on <= ? AND {buyer_key_sql('d')} IN ({buyers})",
                  (period.last.isoformat(), period.last.isoformat()), limit)


def _activity_mix(gid: str, period: ReportPeriod, limit: int) -> DrillList:
    which, _, key = gid.partition(":")
    low, high = period.utc_range()
    if which == "week":
        start = date.fromisoformat(key)
        week_low = max(utc_text(start), low)
        week_high = min(utc_text(start + timedelta(days=7)), high)
        return _activities(f"Activities done in the week of {key}",
                           "a.done_at >= ? AND a.done_at < ?", (week_low, week_high), limit)
    return _activities(f"{ACTIVITY_LABELS.get(key, key)} activities done in {period.label}",
                       "a.kind = ? AND a.done_at >= ? AND a.done_at < ?", (key, low, high), limit)


_DRILLS: dict[str, Callable[[str, ReportPeriod, int], DrillList]] = {
    "funnel": _funnel, "pipeline": _pipeline, "forecast": _forecast, "revenue": _revenue,
    "lead_sources": _lead_sources, "campaigns": _campaigns, "close_rates": _close_rates,
    "products": _products, "segments": _segments, "customers": _customers,
    "activity_mix": _activity_mix}


def drill(chart: str, gid: str, period: ReportPeriod, limit: int = DRILL_LIMIT) -> DrillList:
    """The records behind bar ``gid`` of ``chart`` in ``period`` (at most ``limit`` listed)."""
    if chart not in _DRILLS:
        raise ValidationError("chart", f"unknown chart {chart!r}")
    try:
        return _DRILLS[chart](gid, period, limit)
    except (ValueError, TypeError) as error:
        if isinstance(error, ValidationError):
            raise
        raise ValidationError("chart", f"no records for {gid!r}") from error
