"""Agenda sheets: the week plan with what a day on the road needs, as text or printable HTML.

A sheet is the plan of some days (one day, or a whole week) where each item linked to a
contact also carries how to reach them (phones, email, postal address) and the last thing
noted about them, and each item linked to a deal its amount and stage. Those facts are read
for all the sheet's contacts and deals at once: a busy demo week has ~7,000 items, and a
query per item would take seconds.

The renderers never interpret user text: ``render_text`` drops control characters (a
subject holding an escape sequence must not drive the terminal) and ``render_html`` escapes
everything users type.
"""

from __future__ import annotations

import html
import json
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from smeplanner.core import settings
from smeplanner.core.errors import ValidationError
from smeplanner.core.models import db
from smeplanner.core.money import format_money
from smeplanner.core.week import (
    ITEM_LABELS,
    TimeSplit,
    WeekItem,
    WeekPlan,
    iso_week_label,
    time_split,
)

# A note can be 100,000 characters; a sheet shows its start, enough to recall the talk.
NOTE_LIMIT = 400

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")


@dataclass(frozen=True, slots=True)
class ContactFacts:
    """How to reach a contact and what was last noted about them."""

    contact_id: int
    name: str
    company: str
    phone: str
    mobile: str
    email: str
    address: str  # one line; the company's when the contact has none of their own
    last_note: str
    last_note_on: date | None  # the day of the activity noted; None for the contact's notes

    @property
    def phones(self) -> list[str]:
        return [f"{label} {number}" for label, number in (("tel", self.phone),
                                                           ("mobile", self.mobile)) if number]


@dataclass(frozen=True, slots=True)
class DealFacts:
    deal_id: int
    amount: str  # formatted in the workspace currency
    stage: str


@dataclass(frozen=True, slots=True)
class SheetLine:
    item: WeekItem
    contact: ContactFacts | None = None
    deal: DealFacts | None = None


@dataclass(frozen=True)
class AgendaSheet:
    """The items of ``days`` (each in plan order), the overdue ones, and the days' time split."""

    week_first: date
    days: dict[date, list[SheetLine]]
    overdue: list[SheetLine]
    overdue_total: int
    split: TimeSplit

    @property
    def is_day_sheet(self) -> bool:
        return len(self.days) == 1

    @property
    def title(self) -> str:
        """"Agenda 2026-W48 · 23–29 November 2026", or "Agenda · Monday 23 November 2026"."""
        if self.is_day_sheet:
            return f"Agenda · {long_date(next(iter(self.days)))}"
        days = sorted(self.days)
        return f"Agenda {iso_week_label(self.week_first)} · {date_span(days[0], days[-1])}"


# --- dates as words (English, whatever the C locale says, like the rest of the texts) -----

def long_date(day: date) -> str:
    """"Monday 23 November 2026"."""
    return f"{_DAY_NAMES[day.weekday()]} {day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    """"Mon 23 Nov"."""
    return f"{_DAY_NAMES[day.weekday()][:3]} {day.day} {_MONTH_NAMES[day.month - 1][:3]}"


def date_span(first: date, last: date) -> str:
    """"23–29 November 2026", "30 November – 6 December 2026" or across a new year."""
    if first.year != last.year:
        return f"{first.day} {_MONTH_NAMES[first.month - 1]} {first.year} – " \
               f"{last.day} {_MONTH_NAMES[last.month - 1]} {last.year}"
    if first.month != last.month:
        return f"{first.day} {_MONTH_NAMES[first.month - 1]} – " \
               f"{last.day} {_MONTH_NAMES[last.month - 1]} {last.year}"
    return f"{first.day}–{last.day} {_MONTH_NAMES[last.month - 1]} {last.year}"


def _hours(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60:02d}"


def split_text(split: TimeSplit) -> str:
    """"Sales 12 h 30 (62 %) · Marketing 7 h 40 (38 %) — target 60 %"."""
    target = f"target {split.sales_target_pct} %"
    if not split.total_minutes:
        return f"No time planned — {target}"
    sales = split.sales_pct or 0
    return (f"Sales {_hours(split.sales_minutes)} ({sales} %) · "
            f"Marketing {_hours(split.marketing_minutes)} ({100 - sales} %) — {target}")


# --- gathering ----------------------------------------------------------------------------

def sheet_for(plan: WeekPlan, days: list[date]) -> AgendaSheet:
    """The sheet of ``days`` (days of ``plan``): their items with the facts of their contacts
    and deals, the plan's overdue items not already on those days, and the days' time split.

    Raises ValidationError when a day is not in the plan's week."""
    wanted = sorted(set(days))
    if not wanted:
        raise ValidationError("day", "an agenda needs at least one day")
    for day in wanted:
        if day not in plan.days:
            raise ValidationError("day", f"{day.isoformat()} is not in the week of "
                                         f"{plan.first.isoformat()}–{plan.last.isoformat()}")
    items = [item for day in wanted for item in plan.days[day]]
    on_sheet = {item.key for item in items}
    late = [item for item in plan.overdue if item.key not in on_sheet]
    everything = items + late
    people = contact_facts({item.contact_id for item in everything if item.contact_id})
    deals = deal_facts({item.deal_id for item in everything if item.deal_id})

    def line(item: WeekItem) -> SheetLine:
        return SheetLine(item, people.get(item.contact_id) if item.contact_id else None,
                         deals.get(item.deal_id) if item.deal_id else None)

    return AgendaSheet(
        week_first=plan.first,
        days={day: [line(item) for item in plan.days[day]] for day in wanted},
        overdue=[line(item) for item in late],
        # Overdue items that are on the sheet's days are listed there, not counted twice.
        overdue_total=plan.overdue_total - (len(plan.overdue) - len(late)),
        split=plan.split if len(wanted) == len(plan.days)
        else time_split(items, plan.split.sales_target_pct),
    )


def _ids_json(ids: Iterable[int]) -> str:
    # One JSON parameter read with json_each: no limit on host parameters, one statement.
    return json.dumps(sorted(ids))


def _address_line(street: str, city: str, postcode: str, region: str, country: str) -> str:
    parts = [" ".join(part.split()) for part in street.splitlines() if part.strip()]
    town = " ".join(part for part in (postcode.strip(), city.strip()) if part)
    parts += [part for part in (town, region.strip(), country.strip()) if part]
    return ", ".join(parts)


def _clip(text: str) -> str:
    text = text.strip()
    return text if len(text) <= NOTE_LIMIT else text[:NOTE_LIMIT - 1].rstrip() + "…"


_CONTACTS_SQL = (
    "SELECT p.id, trim(p.first_name || ' ' || p.last_name), p.email, p.phone, p.mobile, "
    "p.address, p.city, p.postcode, p.region, p.country, p.notes, "
    "coalesce(c.name, ''), coalesce(c.phone, ''), coalesce(c.address, ''), "
    "coalesce(c.city, ''), coalesce(c.postcode, ''), coalesce(c.region, ''), "
    "coalesce(c.country, '') "
    "FROM contact p LEFT JOIN company c ON c.id = p.company_id "
    "WHERE p.id IN (SELECT value FROM json_each(?))")

# The latest done activity with a note, per contact: its day is the local day it was due
# (when it was done for undated ones), later times and ids winning ties.
_LAST_NOTES_SQL = (
    "SELECT contact_id, notes, due_date, done_at FROM ("
    "SELECT contact_id, notes, due_date, done_at, row_number() OVER ("
    "PARTITION BY contact_id ORDER BY coalesce(due_date, substr(done_at, 1, 10)) DESC, "
    "coalesce(due_at, done_at) DESC, id DESC) AS rank "
    "FROM activity WHERE done = 1 AND trim(notes) != '' "
    "AND contact_id IN (SELECT value FROM json_each(?))) WHERE rank = 1")


def contact_facts(contact_ids: Iterable[int]) -> dict[int, ContactFacts]:
    """Reach and last note of each contact, by id, in two queries whatever their number."""
    ids = _ids_json(contact_ids)
    if ids == "[]":
        return {}
    notes: dict[int, tuple[str, date | None]] = {}
    for contact_id, text, due_date, done_at in db.execute_sql(_LAST_NOTES_SQL, (ids,)):
        if due_date:
            day = date.fromisoformat(due_date)
        else:
            day = datetime.fromisoformat(done_at[:19]).replace(tzinfo=UTC).astimezone().date()
        notes[contact_id] = (text, day)
    facts: dict[int, ContactFacts] = {}
    for row in db.execute_sql(_CONTACTS_SQL, (ids,)):
        (contact_id, name, email, phone, mobile, street, city, postcode, region, country,
         own_notes, company, company_phone, *company_address) = row
        address = _address_line(street, city, postcode, region, country) \
            or _address_line(*company_address)
        note, noted_on = notes.get(contact_id, (own_notes, None))
        facts[contact_id] = ContactFacts(
            contact_id, name or email, company, phone or ("" if mobile else company_phone),
            mobile, email, address, _clip(note), noted_on if note.strip() else None)
    return facts


def deal_facts(deal_ids: Iterable[int]) -> dict[int, DealFacts]:
    """Amount (in the workspace currency) and stage name of each deal, by id, in one query."""
    ids = _ids_json(deal_ids)
    if ids == "[]":
        return {}
    currency = settings.get("currency")
    rows = db.execute_sql(
        "SELECT d.id, d.amount, s.name FROM deal d JOIN pipeline_stage s ON s.id = d.stage_id "
        "WHERE d.id IN (SELECT value FROM json_each(?))", (ids,))
    return {deal_id: DealFacts(deal_id, format_money(amount, currency), stage)
            for deal_id, amount, stage in rows}


# --- the parts both renderings show -------------------------------------------------------

def _when(item: WeekItem) -> str:
    return item.start.strftime("%H:%M") if item.start else ""


def _detail_lines(line: SheetLine) -> list[str]:
    """The extra facts of a line, one fact a line, as plain (unescaped) text."""
    lines: list[str] = []
    person = line.contact
    if person is not None:
        reach = [person.name if person.name != line.item.contact else "", person.company,
                 *person.phones, person.email]
        if any(reach):
            lines.append(" · ".join(part for part in reach if part))
        if person.address:
            lines.append(person.address)
        if person.last_note.strip():
            noted = f" ({short_date(person.last_note_on)} {person.last_note_on.year})" \
                if person.last_note_on else ""
            lines.append(f"Last note{noted}: {person.last_note}")
    if line.deal is not None:
        lines.append(f"Deal: {line.deal.amount} · {line.deal.stage}")
    return lines


def _headline(item: WeekItem) -> str:
    linked = item.linked
    return f"{item.subject} — {linked}" if linked else item.subject


def _overdue_heading(sheet: AgendaSheet) -> str:
    shown = len(sheet.overdue)
    if sheet.overdue_total > shown:
        return f"Overdue ({shown:,} most recent of {sheet.overdue_total:,})"
    return f"Overdue ({shown:,})"


# --- text -------------------------------------------------------------------------------

# The control characters (Unicode category Cc): C0, DEL and C1.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _plain(text: str) -> str:
    """One line of printable text: whitespace runs folded, control characters dropped."""
    return _CONTROL.sub("", " ".join(text.split()))


def _label(item: WeekItem) -> str:
    return ITEM_LABELS.get(item.kind, item.kind)


def _fill(text: str, width: int, first: str, rest: str) -> str:
    # textwrap is slow (~0.1 ms a call) and a busy week has tens of thousands of lines,
    # most of them short: wrap only those that need it.
    if len(first) + len(text) <= width:
        return first + text
    return textwrap.fill(text, width=width, initial_indent=first, subsequent_indent=rest)


def _text_section(lines: list[SheetLine], width: int, label_width: int, *,
                  with_date: bool) -> list[str]:
    out: list[str] = []
    for line in lines:
        item = line.item
        when = f"{short_date(item.day)}  {_when(item):<5}" if with_date else f"{_when(item):<5}"
        lead = f"{when}  {'✓' if item.done else ' '} {_label(item):<{label_width}}  "
        indent = " " * len(lead)
        out.append(_fill(_plain(_headline(item)), width, lead, indent))
        out.extend(_fill(_plain(detail), width, indent, indent + "  ")
                   for detail in _detail_lines(line))
    return out


def _underlined(text: str) -> list[str]:
    return [text, "-" * len(text)]


def render_text(sheet: AgendaSheet, width: int = 100) -> str:
    """The sheet for a terminal: overdue items first, then each day under its heading, then
    the time split."""
    width = max(width, 40)
    # One label column for the whole sheet, so subjects line up from day to day.
    label_width = max((len(_label(line.item)) for lines in (sheet.overdue, *sheet.days.values())
                       for line in lines), default=0)
    out = [sheet.title, "=" * len(sheet.title), ""]
    if sheet.overdue:
        out += [*_underlined(_overdue_heading(sheet)),
                *_text_section(sheet.overdue, width, label_width, with_date=True), ""]
    for day, lines in sheet.days.items():
        out += _underlined(long_date(day))
        out += _text_section(lines, width, label_width, with_date=False) if lines \
            else ["Nothing planned."]
        out.append("")
    out.append(_fill(f"Time planned: {split_text(sheet.split)}", width, "", ""))
    return "\n".join(out) + "\n"


# --- HTML -------------------------------------------------------------------------------

# Kept to what QTextDocument paints fast: per-cell CSS borders and border-collapse made a
# busy demo day (1,000 rows) take 5 s to print instead of 2 s; the table's own border
# attribute draws the grid.
_STYLE = """
body { font-family: sans-serif; font-size: 9pt; color: #000; }
h1 { font-size: 14pt; margin-bottom: 4px; }
h2 { font-size: 11pt; margin-top: 14px; margin-bottom: 4px; }
table { border-color: #999; border-style: solid; }
th { text-align: left; background-color: #e8e8e8; }
td, th { vertical-align: top; }
.linked, .detail, .done { color: #444; }
.empty { color: #666; font-style: italic; }
"""
_TABLE = '<table width="100%" border="1" cellspacing="0" cellpadding="3">'
# QTextDocument paints a page by walking the rows of every table on it: long tables cost
# pages × rows. Tables of this many rows keep a 7,000-item week at ~10 s instead of ~23 s.
TABLE_ROWS = 25


def _esc(text: str) -> str:
    """User text as HTML: escaped, its line breaks kept."""
    return html.escape(text).replace("\n", "<br>")


def _html_rows(lines: list[SheetLine], *, with_date: bool) -> list[str]:
    # Every cell carries its column's share, so the split tables line up down the page.
    widths = (12, 7, 12, 29, 40) if with_date else (7, 12, 41, 40)
    cells = [f'<td width="{share}%"' for share in widths]
    rows = []
    for line in lines:
        item = line.item
        label = html.escape(_label(item))
        what = f'<span class="done">✓ {label}</span>' if item.done else label
        subject = _esc(item.subject)
        if item.linked:
            subject += f'<br><span class="linked">{_esc(item.linked)}</span>'
        details = "<br>".join(_esc(detail) for detail in _detail_lines(line))
        # Non-breaking spaces: a narrow column must not wrap "Sun 22 Nov" over two lines.
        day = [short_date(item.day).replace(" ", "&nbsp;")] if with_date else []
        texts = [*day, _when(item), what, subject, f'<span class="detail">{details}</span>']
        rows.append("<tr>" + "".join(f"{cell}>{text}</td>" for cell, text in zip(
            cells, texts, strict=True)) + "</tr>")
    return rows


def _html_table(lines: list[SheetLine], *, with_date: bool) -> str:
    names = (["Day"] if with_date else []) + ["Time", "What", "Subject", "Details"]
    head = "<tr>" + "".join(f"<th>{name}</th>" for name in names) + "</tr>"
    rows = _html_rows(lines, with_date=with_date)
    return "".join(_TABLE + (head if start == 0 else "") + "".join(rows[start:start + TABLE_ROWS])
                   + "</table>" for start in range(0, len(rows), TABLE_ROWS))


def render_html(sheet: AgendaSheet, title: str) -> str:
    """The sheet as a simple print-friendly HTML page (QTextDocument's subset of HTML)."""
    parts = ["<!DOCTYPE html><html><head><meta charset=\"utf-8\">",
             f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>",
             f"<h1>{html.escape(title)}</h1>"]
    if sheet.overdue:
        parts += [f"<h2>{html.escape(_overdue_heading(sheet))}</h2>",
                  _html_table(sheet.overdue, with_date=True)]
    for day, lines in sheet.days.items():
        parts.append(f"<h2>{long_date(day)}</h2>")
        parts.append(_html_table(lines, with_date=False) if lines
                     else '<p class="empty">Nothing planned.</p>')
    parts.append(f"<p>Time planned: {html.escape(split_text(sheet.split))}</p></body></html>")
    return "".join(parts)
