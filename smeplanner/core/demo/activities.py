"""Demo activities: campaign deliverables and a year of sales work around today."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import Any

from smeplanner.core.deliverables import occurrences
from smeplanner.core.demo.base import BuilderBase, Campaign, Deal, Weighted
from smeplanner.core.demo.calendar import DAY, HOUR
from smeplanner.core.demo.channels import DELIVERABLES
from smeplanner.core.demo.vocabulary import (
    ACTIVITIES_PER_SCALE,
    ACTIVITY_KINDS,
    ACTIVITY_NOTES,
    INTERNAL_TASKS,
    MARKETING_WEEK_TASKS,
    MIN_SALES_ACTIVITIES,
)

# Sales activities fall in the year before today and up to two months ahead.
_ACTIVITY_PAST_DAYS = 365
_ACTIVITY_AHEAD_DAYS = 60

# What each of channels.DELIVERABLES is, as a deliverable kind.
DELIVERABLE_KINDS = {
    "Newsletter draft": "newsletter", "Newsletter send": "newsletter",
    "Reminder email": "newsletter", "Last-chance email": "newsletter",
    "Instagram post": "post", "Instagram reel": "video", "LinkedIn post": "post",
    "Story series": "post", "Ad creatives": "ad", "Campaign launch": "landing_page",
    "Budget review": "other", "A/B test review": "other", "Blog post": "post",
    "Video": "video", "Brewing guide (PDF)": "landing_page", "Newsletter feature": "newsletter",
    "Book booth": "event", "Order roll-up & flyers": "flyer", "Pack tasting kit": "event",
    "Event day": "event", "Follow-up mailing to visitors": "newsletter",
    "Flyer design": "flyer", "Print proof approval": "flyer", "Print order": "flyer",
    "Distribution": "flyer", "Press release draft": "other", "Press release out": "other",
    "Journalist follow-up": "other", "Partner briefing": "other", "Co-branded material": "flyer",
    "Partner check-in": "other", "Referral cards to customers": "flyer",
    "Reminder to customers": "newsletter", "Reward payout": "other",
    "Prepare material": "other", "Launch": "other", "Wrap-up": "other",
}
# Campaigns on these channels may post on a schedule: the item and its rule (UNTIL added).
SERIES = {"social": ("Instagram post", "FREQ=WEEKLY;BYDAY=TU,FR"),
          "content": ("Newsletter feature", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU")}
# Kinds the owner does even when an agency runs the campaign (events, reviews, payouts).
_OWN_KINDS = ("event", "other")
# Stages of deliverables not done yet, by how far ahead they are due.
_LATE = Weighted([("in_progress", 0.7), ("scheduled", 0.3)])
_THIS_WEEK = Weighted([("idea", 0.15), ("in_progress", 0.35), ("scheduled", 0.5)])
_THIS_MONTH = Weighted([("idea", 0.4), ("in_progress", 0.4), ("scheduled", 0.2)])
_LATER = Weighted([("idea", 0.75), ("in_progress", 0.25)])


class ActivitiesMixin(BuilderBase):
    """Makes the activities; calls, emails and meetings move their contact's last touch."""

    activity_id: int  # the next free id
    series_rows: list[tuple[Any, ...]]  # deliverable_series rows, written before activities

    def make_activities(self) -> None:
        self.activity_id = self.next_id("activity")
        self.done_by_month = {}
        columns = ("id, created_at, updated_at, kind, subject, notes, due_date, due_at, "
                   "duration_minutes, done, done_at, role, contact_id, company_id, deal_id, "
                   "campaign_id")
        self.series_rows = []
        deliverables = list(self.deliverable_rows())
        # Series before their occurrences, so that every activity.series_id is checked.
        self.write("deliverable_series", "id, campaign_id, title, deliverable_kind, owner, "
                   "rrule, dtstart, notes, created_at", self.series_rows)
        self.write("activity", f"{columns}, stage, owner, deliverable_kind, series_id",
                   deliverables)
        total = max(MIN_SALES_ACTIVITIES + len(deliverables),
                    round(ACTIVITIES_PER_SCALE * self.scale))
        self.write("activity", columns, self.sales_activity_rows(total - len(deliverables)))

    def deliverable_rows(self) -> Iterator[tuple[Any, ...]]:
        """Each running or past campaign's deliverables; some social and content campaigns
        post on a schedule instead, kept as a recurring series (``series_rows``)."""
        cal, rnd = self.cal, self.rnd
        series_id = self.next_id("deliverable_series")
        first_of = {channel: True for channel in SERIES}
        for campaign in self.campaigns:
            if campaign.status == "cancelled":
                continue
            items = DELIVERABLES[campaign.channel]
            duration = campaign.end - campaign.start + 1
            count = {"email": min(4, 2 + duration // 10), "social": min(10, 2 + duration // 7),
                     "paid_ads": min(4, 2 + duration // 20),
                     "content": min(4, 1 + duration // 15)}.get(campaign.channel, len(items))
            lead_time = 45 if campaign.channel == "event" else 10
            first = campaign.start - lead_time
            span = campaign.end - first
            agency_id = campaign.agency.id if campaign.agency else None
            planned: list[tuple[int, str, int | None]] = []  # (day, item, series id)
            # At least one series per channel, so that even the smallest demo shows one.
            if campaign.channel in SERIES and (first_of[campaign.channel] or rnd() < 0.5):
                first_of[campaign.channel] = False
                item, rule = SERIES[campaign.channel]
                start = cal.dates[campaign.start]
                rrule = f"{rule};UNTIL={cal.dates[campaign.end]:%Y%m%d}"
                owner = "agency" if agency_id is not None else "me"
                self.series_rows.append((
                    series_id, campaign.id, f"{item} – {campaign.name}",
                    DELIVERABLE_KINDS[item], owner, rrule, start.isoformat(), "",
                    cal.stamp(campaign.created)))
                offset = campaign.start - start.toordinal()
                planned += [(day.toordinal() + offset, item, series_id)
                            for day in occurrences(rrule, start)]
                series_id += 1
                count = min(count, 2)  # the kick-off pieces around the regular posts
            for index in range(count):
                item = (items[index] if campaign.channel in ("event", "print", "pr", "partner",
                                                             "referral", "other", "email")
                        else items[int(rnd() * len(items))])
                day = min(campaign.end, first + int((index + 0.3 + 0.6 * rnd()) * span / count))
                planned.append((day, item, None))
            planned.sort(key=lambda entry: entry[0])
            for day, item, series in planned:
                yield self.deliverable_row(campaign, day, item, series, agency_id)

    def deliverable_row(self, campaign: Campaign, day: int, item: str, series: int | None,
                        agency_id: int | None) -> tuple[Any, ...]:
        cal, rnd = self.cal, self.rnd
        due = day * DAY + 8 * HOUR
        done = day < cal.today and (campaign.status == "done" or rnd() < 0.9)
        done_at = None
        if done:
            finished = min(cal.now - HOUR, due + int(rnd() * 9 * HOUR))
            done_at = cal.stamp(finished)
            month = cal.month_of[finished // DAY]
            self.done_by_month[month] = self.done_by_month.get(month, 0) + 1
            stage = "done"
        else:
            # The nearer the day, the further along; late ones are stuck in the works.
            ahead = day - cal.today
            stage = (_LATE if ahead < 0 else _THIS_WEEK if ahead <= 7
                     else _THIS_MONTH if ahead <= 30 else _LATER).pick(rnd)
        kind = DELIVERABLE_KINDS[item]
        owner = "agency" if agency_id is not None and (
            series is not None or (kind not in _OWN_KINDS and rnd() < 0.7)) else "me"
        created = min(campaign.created, due)
        activity_id = self.activity_id
        self.activity_id += 1
        return (activity_id, cal.stamp(created), done_at or cal.stamp(created),
                "deliverable", f"{item} – {campaign.name}", "", cal.texts[day], None,
                self.between(2, 16) * 15, int(done), done_at, "marketing", None, agency_id,
                None, campaign.id, stage, owner, kind, series)

    def sales_activity_rows(self, count: int) -> Iterator[tuple[Any, ...]]:
        cal, rnd = self.cal, self.rnd
        window_start = cal.today - _ACTIVITY_PAST_DAYS
        weeks = (_ACTIVITY_PAST_DAYS + _ACTIVITY_AHEAD_DAYS) // 7 + 2
        # Deals that are in progress in each week, for activities about a deal.
        alive: list[list[Deal]] = [[] for _ in range(weeks)]
        for deal in self.deals:
            first_week = max(0, (deal.created // DAY - window_start) // 7)
            last_day = deal.closed // DAY if deal.closed >= 0 else cal.today + _ACTIVITY_AHEAD_DAYS
            last_week = min(weeks - 1, (last_day - window_start) // 7)
            for week in range(first_week, last_week + 1):
                alive[week].append(deal)
        people = self.people
        arrival_days = [person.created // DAY for person in people]
        customers = self.customer_companies
        kind_picker = Weighted([(kind, spec[1]) for kind, spec in ACTIVITY_KINDS.items()])
        touches = ("call", "email", "meeting")
        # A busy week: the owner's current week is fuller than the average.
        week_extra = max(6, round(count * 0.005))
        month_of, texts, stamp = cal.month_of, cal.texts, cal.stamp
        for index in range(count):
            if index < week_extra:
                day = cal.week_start + int(rnd() * 7)
            elif rnd() < 0.75:
                day = cal.today - 1 - int(rnd() * _ACTIVITY_PAST_DAYS)
            else:
                day = cal.today + int(rnd() * (_ACTIVITY_AHEAD_DAYS + 1))
            kind = kind_picker.pick(rnd)
            subjects, _, (least, most), step = ACTIVITY_KINDS[kind]
            timed = kind in ("call", "meeting")
            due = day * DAY + 7 * HOUR + int(rnd() * 19) * 1800 if timed else \
                day * DAY + 8 * HOUR
            minutes = least + int(rnd() * ((most - least) // step + 1)) * step

            person = deal = company = None
            role = "sales"
            subject = ""
            link = rnd()
            if link < 0.55:
                candidates = alive[(day - window_start) // 7]
                if candidates:
                    deal = candidates[int(rnd() * len(candidates))]
                    person = deal.person
                    company = person.company
                    subject = f"{self.pick(subjects)}: {deal.title}"
            if subject == "" and link < 0.93:
                known = bisect.bisect_right(arrival_days, day)
                if known:
                    person = people[int(rnd() * known)]
                    company = person.company
                    who = company.name if company else (
                        f"{person.first_name} {person.last_name}".strip() or person.row[5])
                    subject = f"{self.pick(subjects)}: {who}"
            if subject == "":
                if kind in ("task", "deadline") or rnd() < 0.5:
                    subject, role = self.pick(INTERNAL_TASKS)
                    kind, timed, due = "task", False, day * DAY + 8 * HOUR
                else:
                    company = customers[int(rnd() * len(customers))]
                    subject = f"{self.pick(subjects)}: {company.name}"

            # After every random draw, so that the rest of the demo stays as it was: most
            # weekend work moves to the Friday before or the Monday after, and a third of the
            # owner's next two weeks is marketing work of their own.
            weekday = cal.dates[day].weekday()
            if weekday >= 5 and index % 5 and 0 <= day + (-1 if weekday == 5 else 1) < len(
                    cal.dates):
                shift = -1 if weekday == 5 else 1
                day += shift
                due += shift * DAY
            if cal.week_start <= day < cal.week_start + 14 and index % 3 == 0:
                subject, minutes = MARKETING_WEEK_TASKS[(index // 3) % len(MARKETING_WEEK_TASKS)]
                kind, role, timed = "task", "marketing", False
                due = day * DAY + 8 * HOUR
                person = deal = company = None

            # Most past items got done; this morning's only partly; nothing ahead is done yet.
            done = due < cal.now and (rnd() < 0.93 if day < cal.today else rnd() < 0.6)
            done_at = None
            if done:
                finished = min(cal.now - 60, due + minutes * 60 + int(rnd() * 2 * HOUR))
                done_at = stamp(finished)
                month = month_of[finished // DAY]
                self.done_by_month[month] = self.done_by_month.get(month, 0) + 1
                if person is not None and kind in touches and finished > person.last_touch:
                    person.last_touch = finished
            created = min(due, self.working_hours(max(0, min(due, cal.now)
                                                      - int(rnd() * 14 * DAY))))
            if person is not None:
                created = max(created, min(person.created, due))
            activity_id = self.activity_id
            self.activity_id += 1
            yield (activity_id, stamp(created), done_at or stamp(created), kind, subject,
                   self.pick(ACTIVITY_NOTES) if rnd() < 0.15 else "", texts[day],
                   stamp(due) if timed else None, minutes, int(done), done_at, role,
                   person.id if person else None, company.id if company else None,
                   deal.id if deal else None, None)
