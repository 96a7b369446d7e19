"""Shared ground of the marketing calendar: channel colours, periods and titles, tooltips."""

from __future__ import annotations

import calendar
import html
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QColor

from smeplanner.core.vocabulary import (
    CAMPAIGN_STATUS_LABELS,
    CHANNEL_LABELS,
    CHANNELS,
)
from smeplanner.ui.formatting import display_locale

if TYPE_CHECKING:
    from smeplanner.core.marketing_calendar import CampaignBar, DeliverableChip

MODES = ("month", "week", "quarter")

# Mid-tone colours (Tableau 10 family, red left out for conflicts): each carries dark or
# light text (see text_on) and stands out from both a white and a near-black background,
# so one set serves light and dark palettes.
CHANNEL_COLORS: dict[str, str] = {
    "email": "#4e79a7",
    "social": "#f28e2b",
    "paid_ads": "#b07aa1",
    "content": "#59a14f",
    "event": "#edc948",
    "print": "#9c755f",
    "pr": "#76b7b2",
    "partner": "#ff9da7",
    "referral": "#6b6ecf",
    "other": "#bab0ac",
}
CONFLICT_COLOR = "#d62728"

# A deliverable's kind as one letter on its chip; an unknown kind shows its own initial.
KIND_LETTERS = {"post": "P", "newsletter": "N", "email": "E", "ad": "A", "flyer": "F",
                "print": "F", "event": "V", "landing_page": "L", "landing page": "L",
                "video": "V", "blog": "B", "article": "B", "press_release": "R", "deliverable": "D",
                "task": "T", "meeting": "M", "call": "C", "deadline": "!"}

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def tr(text: str) -> str:
    return QCoreApplication.translate("MarketingCalendar", text)


def channel_color(channel: str) -> QColor:
    return QColor(CHANNEL_COLORS.get(channel, CHANNEL_COLORS["other"]))


def channel_label(channel: str) -> str:
    return tr(CHANNEL_LABELS.get(channel, channel.replace("_", " ").capitalize() or "Other"))


def legend_channels() -> list[tuple[str, str]]:
    """(key, label) of every channel, in the vocabulary's order."""
    return [(key, channel_label(key)) for key in CHANNELS]


def text_on(color: QColor) -> QColor:
    """Near-black or white, whichever reads better on ``color`` (WCAG relative luminance)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    luminance = (0.2126 * linear(color.redF()) + 0.7152 * linear(color.greenF())
                 + 0.0722 * linear(color.blueF()))
    # The luminance where black and white give the same contrast ratio is about 0.18.
    return QColor("#1b1b1b") if luminance > 0.18 else QColor("#ffffff")


def blend(base: QColor, tint: QColor, amount: float) -> QColor:
    """``tint`` laid over ``base`` at ``amount`` (0..1), as an opaque colour."""
    keep = 1.0 - amount
    return QColor.fromRgbF(base.redF() * keep + tint.redF() * amount,
                           base.greenF() * keep + tint.greenF() * amount,
                           base.blueF() * keep + tint.blueF() * amount)


def kind_letter(kind: str) -> str:
    return KIND_LETTERS.get(kind.lower(), (kind[:1] or "?").upper())


# --- periods ---------------------------------------------------------------------------------
def week_first(day: date, week_start: int) -> date:
    """The first day of ``day``'s week, weeks starting on ``week_start`` (0 Monday … 6 Sunday)."""
    return day - timedelta(days=(day.weekday() - week_start) % 7)


def quarter_first(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to a shorter month's end (31 Jan + 1 → 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def period_range(mode: str, anchor: date, week_start: int = 0) -> tuple[date, date]:
    """The first and last day a view in ``mode`` shows for ``anchor``.

    A month shows six whole weeks (42 days), so every month has the same grid and the days
    around it; a quarter is the calendar quarter, about 13 weeks.
    """
    if mode == "month":
        first = week_first(anchor.replace(day=1), week_start)
        return first, first + timedelta(days=41)
    if mode == "week":
        first = week_first(anchor, week_start)
        return first, first + timedelta(days=6)
    if mode == "quarter":
        first = quarter_first(anchor)
        return first, add_months(first, 3) - timedelta(days=1)
    raise ValueError(f"unknown calendar mode {mode!r}")


def shift_period(mode: str, anchor: date, steps: int) -> date:
    """``anchor`` moved by ``steps`` months, weeks or quarters."""
    if mode == "week":
        return anchor + timedelta(days=7 * steps)
    return add_months(anchor, steps * (3 if mode == "quarter" else 1))


def month_name(month: int, short: bool = False) -> str:
    locale = display_locale()
    fmt = QLocale.FormatType.ShortFormat if short else QLocale.FormatType.LongFormat
    return locale.standaloneMonthName(month, fmt)


def weekday_name(weekday: int, short: bool = True) -> str:
    """Python's weekday (0 Monday) in the user's language."""
    fmt = QLocale.FormatType.ShortFormat if short else QLocale.FormatType.LongFormat
    return display_locale().dayName(weekday + 1, fmt) or _WEEKDAY_NAMES[weekday]


def short_day(day: date, with_year: bool = False) -> str:
    """"23 Nov" (or "23 Nov 2026")."""
    text = f"{day.day} {month_name(day.month, short=True)}"
    return f"{text} {day.year}" if with_year else text


def span_text(first: date, last: date) -> str:
    """A day span as short as it stays clear: "23–29 Nov 2026", "30 Nov – 6 Dec 2026"."""
    if first == last:
        return short_day(first, with_year=True)
    if first.year != last.year:
        return f"{short_day(first, True)} – {short_day(last, True)}"
    if first.month != last.month:
        return f"{short_day(first)} – {short_day(last, True)}"
    return f"{first.day}–{last.day} {month_name(last.month, short=True)} {last.year}"


def week_number(first: date) -> int:
    """The ISO week of the week that starts on ``first``: the week its Thursday is in
    when weeks start on Monday; for other starts, the ISO week most of its days share."""
    return (first + timedelta(days=3)).isocalendar().week


def period_title(mode: str, anchor: date, week_start: int = 0) -> str:
    """ "November 2026", "Week 48 · 23–29 Nov 2026", "Q4 2026"."""
    if mode == "month":
        return f"{month_name(anchor.month)} {anchor.year}"
    if mode == "week":
        first, last = period_range("week", anchor, week_start)
        return tr("Week {number} · {span}").format(number=week_number(first),
                                                   span=span_text(first, last))
    first = quarter_first(anchor)
    return tr("Q{quarter} {year}").format(quarter=(first.month - 1) // 3 + 1, year=first.year)


# --- tooltips --------------------------------------------------------------------------------
def campaign_tooltip(bar: CampaignBar) -> str:
    """Plain text: name, dates, channel, status, the offer and its conflict if any."""
    days = (bar.end - bar.start).days + 1
    lines = [bar.name,
             tr("{span} ({days} days)").format(span=span_text(bar.start, bar.end), days=days)
             if days > 1 else span_text(bar.start, bar.end),
             tr("Channel: {channel}").format(channel=channel_label(bar.channel)),
             tr("Status: {status}").format(
                 status=tr(CAMPAIGN_STATUS_LABELS.get(bar.status, bar.status.capitalize())))]
    if bar.offer_start is not None and bar.offer_end is not None:
        pct = bar.offer_discount_pct
        shown = "" if pct is None else f"{pct.normalize():f} % "
        lines.append(tr("Offer: {pct}{span}").format(
            pct=shown, span=span_text(bar.offer_start, bar.offer_end)))
    if bar.offer_conflict:
        lines.append(tr("Offer overlaps another offer on the same product"))
    return "\n".join(lines)


def deliverable_tooltip(chip: DeliverableChip) -> str:
    stage = chip.stage.replace("_", " ")
    lines = [chip.title,
             f"{chip.kind.replace('_', ' ').capitalize()} · {short_day(chip.day, True)}",
             tr("Stage: {stage}").format(stage=tr("done") if chip.done else stage)]
    if chip.owner:
        lines.append(tr("Owner: {owner}").format(owner=chip.owner))
    if chip.channel:  # '' for a deliverable of no campaign
        lines.append(tr("Channel: {channel}").format(channel=channel_label(chip.channel)))
    return "\n".join(lines)


def rich_tooltip(text: str) -> str:
    """Plain text made safe for QToolTip, which would read "<b>Sale</b>" as markup."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"
