"""CSV exports of contacts, companies, deals, campaigns and a campaign's audience; the file
plumbing they share with the other exports is in ``export_files``.

A CSV is UTF-8 with a BOM (so spreadsheet programs read the accents right), CRLF line ends
and a header row. By default it is *spreadsheet-safe*: every text cell is quoted and one
that starts with ``=``, ``+``, ``-``, ``@``, a tab, CR or LF gets a leading ``'`` so that no
spreadsheet runs it as a formula (OWASP "CSV Injection"); numbers are written as bare numbers
and are left alone. ``interchange=True`` writes every value exactly, for re-import.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from smeplanner.core import settings
from smeplanner.core.campaign_forms import _tag_ids, split_list
from smeplanner.core.campaigns import campaigns
from smeplanner.core.contact_io.export_files import (
    ContactRecord,
    PathLike,
    atomic_output,
    contact_records,
    json_ids,
    person_name,
)
from smeplanner.core.contact_io.record import INTERCHANGE_COLUMNS, TAG_SEPARATOR
from smeplanner.core.models import db
from smeplanner.core.money import from_minor
from smeplanner.core.timeutil import parse_utc_text, to_local

# Spreadsheet programs run a cell starting with one of these as a formula (OWASP CSV
# injection); names, notes and phone numbers are user text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_cell(value: Any) -> Any:
    """A value as a spreadsheet-safe CSV cell: None is empty, text that a spreadsheet would
    run as a formula gets a leading ``'``, numbers (int, Decimal) are left as numbers."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# --- the file ----------------------------------------------------------------------------
def write_csv(path: PathLike, header: Sequence[str], rows: Iterable[Sequence[Any]], *,
              interchange: bool) -> int:
    """Write ``header`` and ``rows`` (streamed) to ``path``; the number of rows written."""
    count = 0
    with atomic_output(path, encoding="utf-8-sig") as handle:
        if interchange:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rows:
                writer.writerow(["" if value is None else value for value in row])
                count += 1
        else:
            # Every text cell quoted, numbers bare: a ";" inside a quoted cell cannot split
            # it into a new cell in a program that reads ";" as the separator (de, fr...).
            writer = csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC)
            writer.writerow(header)
            for row in rows:
                writer.writerow([spreadsheet_cell(value) for value in row])
                count += 1
    return count


def _money(minor: int | None) -> Decimal | None:
    return from_minor(None if minor is None else int(minor))


def _yes(flag: Any) -> str:
    return "yes" if flag else "no"


def _local_time(text: str | None) -> str:
    """A stored UTC instant as the machine's local time, "2026-03-05 09:30"."""
    if not text:
        return ""
    return to_local(parse_utc_text(text)).strftime("%Y-%m-%d %H:%M")


def _currency() -> str:
    return str(settings.get("currency"))


# --- contacts ----------------------------------------------------------------------------
CONTACT_EXTRA_COLUMNS = ("Source channel", "Source campaign", "Marketing opt-in",
                         "Opt-in date", "Opt-in source", "Do not contact", "Last touch",
                         "Next follow-up")


def _interchange_values(record: ContactRecord) -> list[Any]:
    """The cells of ``INTERCHANGE_COLUMNS``, in that order."""
    return [record.first_name, record.last_name, record.email, record.phone, record.mobile,
            record.company, record.job_title, record.address, record.city, record.postcode,
            record.region, record.country, record.lifecycle_stage,
            TAG_SEPARATOR.join(record.tags), record.notes]


def export_contacts_csv(path: PathLike, *, interchange: bool = False,
                        contact_ids: Iterable[int] | None = None) -> int:
    """Contacts (all, or ``contact_ids``) to CSV; the number written. Interchange: exactly
    ``INTERCHANGE_COLUMNS``; otherwise those plus source, consent and follow-up columns
    (last touch in the machine's local time)."""
    if interchange:
        header: tuple[str, ...] = INTERCHANGE_COLUMNS
        rows: Iterable[list[Any]] = (_interchange_values(record)
                                     for record in contact_records(contact_ids))
    else:
        header = INTERCHANGE_COLUMNS + CONTACT_EXTRA_COLUMNS
        rows = ([*_interchange_values(record), record.source_channel, record.source_campaign,
                 _yes(record.marketing_opt_in), record.opt_in_date, record.opt_in_source,
                 _yes(record.do_not_contact), _local_time(record.last_touch_at),
                 record.next_follow_up] for record in contact_records(contact_ids))
    with db.atomic():  # one snapshot for both queries
        return write_csv(path, header, rows, interchange=interchange)


# --- companies, deals, campaigns ---------------------------------------------------------
COMPANY_COLUMNS = ("Name", "Industry", "Size band", "Website", "Phone", "Email", "Address",
                   "City", "Postcode", "Region", "Country", "Notes")


def export_companies_csv(path: PathLike, *, interchange: bool = False) -> int:
    """Companies by name to CSV; the number written."""
    cursor = db.execute_sql(
        "SELECT name, industry, size_band, website, phone, email, address, city, postcode, "
        "region, country, notes FROM company ORDER BY name COLLATE NOCASE, id")
    return write_csv(path, COMPANY_COLUMNS, cursor, interchange=interchange)


def deal_columns(currency: str) -> tuple[str, ...]:
    return ("Title", "Contact", "Company", "Stage", "Status", f"Amount ({currency})",
            "Probability (%)", "Expected close", "Closed on", "Close reason", "Source campaign",
            "Next step", "Next step date", "Notes")


def export_deals_csv(path: PathLike, *, interchange: bool = False) -> int:
    """Deals in id order to CSV; the number written. The amount is a plain decimal
    ("1234.50"), the probability the deal's own or else its stage's."""
    cursor = db.execute_sql(
        "SELECT d.title, p.first_name, p.last_name, p.email, co.name, s.name, d.status, "
        "d.amount, coalesce(d.probability_override, s.probability), d.expected_close, "
        "d.closed_on, d.close_reason, ca.name, d.next_step, d.next_step_date, d.notes "
        "FROM deal d JOIN pipeline_stage s ON s.id = d.stage_id "
        "LEFT JOIN contact p ON p.id = d.contact_id "
        "LEFT JOIN company co ON co.id = d.company_id "
        "LEFT JOIN campaign ca ON ca.id = d.source_campaign_id ORDER BY d.id")
    rows = ([title, person_name(first or "", last or "", email or ""), company, stage, status,
             _money(amount), probability, *rest]
            for title, first, last, email, company, stage, status, amount, probability, *rest
            in cursor)
    return write_csv(path, deal_columns(_currency()), rows, interchange=interchange)


def campaign_columns(currency: str) -> tuple[str, ...]:
    return ("Name", "Channel", "Objective", "Status", "Start", "End", f"Budget ({currency})",
            f"Spend ({currency})", "Target leads", f"Target revenue ({currency})",
            "Audience tags", "Audience stages", "Offer discount (%)", "Offer code",
            "Offer start", "Offer end", "Agency", "Notes")


def export_campaigns_csv(path: PathLike, *, interchange: bool = False) -> int:
    """Campaigns by start date to CSV, with their spend (the sum of their expenses); the
    number written."""
    cursor = db.execute_sql(
        "SELECT c.name, c.channel, c.objective, c.status, c.start_date, c.end_date, c.budget, "
        "coalesce(e.spend, 0), c.target_leads, c.target_revenue, c.audience_tags, "
        "c.audience_stages, c.offer_discount_pct, c.offer_code, c.offer_start, c.offer_end, "
        "a.name, c.notes FROM campaign c "
        "LEFT JOIN (SELECT campaign_id, sum(amount) AS spend FROM campaign_expense "
        "GROUP BY campaign_id) e ON e.campaign_id = c.id "
        "LEFT JOIN company a ON a.id = c.agency_id ORDER BY c.start_date, c.id")
    rows = ([name, channel, objective, status, start, end, _money(budget), _money(spend),
             target_leads, _money(target_revenue), tags, stages,
             None if discount is None else Decimal(discount), *rest]
            for (name, channel, objective, status, start, end, budget, spend, target_leads,
                 target_revenue, tags, stages, discount, *rest) in cursor)
    return write_csv(path, campaign_columns(_currency()), rows, interchange=interchange)


# --- a campaign's audience ---------------------------------------------------------------
AUDIENCE_COLUMNS = ("Email", "First name", "Last name", "Company")


def export_audience_csv(campaign_id: int, path: PathLike) -> int:
    """The campaign's audience (its tags and stages, as ``campaign_forms.audience_count``
    reads them) who may be sent marketing: opted in, not do-not-contact, with an email
    address. Spreadsheet-safe, in contact order; the number written."""
    campaign = campaigns.get(campaign_id)
    tags, stages = split_list(campaign.audience_tags), split_list(campaign.audience_stages)
    sql = ("SELECT c.email, c.first_name, c.last_name, co.name FROM contact c "
           "LEFT JOIN company co ON co.id = c.company_id "
           "WHERE c.marketing_opt_in = 1 AND c.do_not_contact = 0 AND c.email <> ''")
    params: list[Any] = []
    if tags:
        # Tags matched ignoring case, as the campaign editor counts them; none left: nobody.
        sql += (" AND c.id IN (SELECT contact_id FROM contact_tag "
                "WHERE tag_id IN (SELECT value FROM json_each(?)))")
        params.append(json_ids(_tag_ids(tags)))
    if stages:
        sql += " AND c.lifecycle_stage IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(list(dict.fromkeys(stages))))
    cursor = db.execute_sql(sql + " ORDER BY c.id", params)
    return write_csv(path, AUDIENCE_COLUMNS, cursor, interchange=False)
