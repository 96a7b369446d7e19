"""Demo campaigns: a year of them on every channel, with offers, expenses and results so far."""

from __future__ import annotations

from typing import Any

from smeplanner.core import models
from smeplanner.core.demo.base import BuilderBase, Campaign, Weighted, percent_text
from smeplanner.core.demo.calendar import DAY, HOUR, MONTHS, SEASONS
from smeplanner.core.demo.channels import (
    AGENCY_CHANNELS,
    CAMPAIGN_NAMES,
    CAMPAIGN_NOTES,
    CHANNEL_BUDGET,
    CHANNEL_DAYS,
    CHANNEL_OBJECTIVES,
    CHANNEL_WEIGHTS,
    DIGITAL_CHANNELS,
    EXPENSES,
    OFFER_PCTS,
    OFFER_WORDS,
)
from smeplanner.core.demo.vocabulary import (
    CAMPAIGNS_PER_SCALE,
    CITIES,
    MIN_CAMPAIGNS,
    PROMOTABLE_SKUS,
)

# Campaigns start in the year before today and up to two months ahead.
_CAMPAIGN_PAST_DAYS = 365
_CAMPAIGN_AHEAD_DAYS = 60


class CampaignsMixin(BuilderBase):
    """Plans campaigns around today (something is always running) with offers and spending."""

    # campaign, campaign_product and campaign_expense rows, written after the companies.
    campaign_rows: tuple[list[tuple[Any, ...]], list[tuple[int, int]], list[tuple[Any, ...]]]

    def make_campaigns(self) -> None:
        cal, rnd = self.cal, self.rnd
        count = max(MIN_CAMPAIGNS, round(CAMPAIGNS_PER_SCALE * self.scale))
        channels = list(models.CHANNELS)
        self.rng.shuffle(channels)
        channel_picker = Weighted(list(CHANNEL_WEIGHTS.items()))
        channels += [channel_picker.pick(rnd) for _ in range(count - len(channels))]
        self.rng.shuffle(channels)
        window_start = cal.today - _CAMPAIGN_PAST_DAYS
        span = _CAMPAIGN_PAST_DAYS + _CAMPAIGN_AHEAD_DAYS
        plans = []  # [start, end, channel]
        for index, channel in enumerate(channels):
            start = window_start + int((index + rnd()) * span / count)
            low, high = CHANNEL_DAYS[channel]
            plans.append([start, start + self.between(low, high) - 1, channel])

        # Something is always running today, and one more is running but on hold.
        running = [plan for plan in plans if plan[0] <= cal.today <= plan[1]]
        past = sorted((plan for plan in plans if plan[1] < cal.today), key=lambda p: -p[0])
        for plan in past[:max(0, 2 - len(running))]:
            plan[1] = cal.today + self.between(7, 21)
            running.append(plan)
        running.sort(key=lambda p: p[0])
        surely_active, surely_paused = id(running[0]), id(running[-1])
        running_ids = {id(plan) for plan in running}
        ended = [plan for plan in plans if plan[1] < cal.today]
        surely_cancelled = id(self.pick(ended))

        plans.sort(key=lambda p: (p[0], p[1]))
        first_id = self.next_id("campaign")
        self.campaigns = []
        campaign_rows: list[tuple[Any, ...]] = []
        product_rows: list[tuple[int, int]] = []
        expense_rows: list[tuple[Any, ...]] = []
        self.campaign_rows = (campaign_rows, product_rows, expense_rows)
        expense_id = self.next_id("campaign_expense")
        promotable = [self.product_ids[sku] for sku in PROMOTABLE_SKUS]
        for offset, (start, end, channel) in enumerate(plans):
            key = id(plans[offset])
            if key == surely_cancelled or (key not in running_ids and rnd() < 0.03):
                status = "cancelled"
            elif end < cal.today:
                status = "done"
            elif start > cal.today:
                status = "planned"
            elif key == surely_paused or (key != surely_active and rnd() < 0.08):
                status = "paused"
            else:
                status = "active"
            start_date = cal.dates[start]
            name = self.pick(CAMPAIGN_NAMES[channel]).format(
                month=f"{MONTHS[start_date.month - 1]} {start_date.year}",
                season=f"{SEASONS[start_date.month - 1]} {start_date.year}",
                year=start_date.year, city=self.pick(CITIES[:11])[0])
            objective = self.pick(CHANNEL_OBJECTIVES[channel])
            low, high = CHANNEL_BUDGET[channel]
            budget = self.between(low // 50, high // 50) * 50 * 100
            created = max(0, start - self.between(20, 60)) * DAY + 10 * HOUR
            campaign = Campaign(first_id + offset, name, channel, objective, status, start, end,
                                created)
            if rnd() < AGENCY_CHANNELS.get(channel, 0.05):
                campaign.agency = self.pick(self.agencies)

            target_leads = target_revenue = None
            if objective in ("leads", "awareness"):
                target_leads = self.between(4, 40) * 5
            if objective in ("sales", "retention") or rnd() < 0.2:
                target_revenue = self.between(10, 100) * 50_000
            offer = (None, "", None, None)
            if (objective in ("sales", "retention") or channel in ("event", "print")) \
                    and rnd() < 0.6:
                campaign.offer_tenths = self.pick(OFFER_PCTS)
                campaign.offer_start = min(end, start + int(rnd() * min(7, (end - start) // 3 + 1)))
                campaign.offer_end = min(end, campaign.offer_start + self.between(7, 30))
                products = self.rng.sample(promotable, self.between(1, 3))
                campaign.offer_product_ids = products
                product_rows += [(campaign.id, product) for product in products]
                offer = (percent_text(campaign.offer_tenths),
                         f"{self.pick(OFFER_WORDS)}{campaign.offer_tenths // 10}",
                         cal.texts[campaign.offer_start], cal.texts[campaign.offer_end])
            impressions = clicks = visits = None
            if channel in DIGITAL_CHANNELS and status != "cancelled" and start <= cal.today:
                elapsed = min(1.0, (cal.today - start + 1) / (end - start + 1))
                reach = {"email": (800, 4_000), "social": (5_000, 80_000),
                         "paid_ads": (20_000, 200_000), "content": (2_000, 20_000)}[channel]
                impressions = int(self.between(*reach) * elapsed) + 1
                rate = {"email": 0.05, "social": 0.012, "paid_ads": 0.025, "content": 0.06}[channel]
                clicks = int(impressions * rate * (0.6 + 0.8 * rnd()))
                visits = int(clicks * (0.7 + 0.25 * rnd()))
            audience_stages = {"awareness": "", "leads": "subscriber,lead",
                               "sales": "qualified,opportunity,customer",
                               "retention": "customer,advocate"}[objective]
            audience_tags = {"email": "newsletter", "event": "café owner,hotel & gastro",
                             "paid_ads": "", "print": "café owner"}.get(channel, "")
            updated = max(created, min(end, cal.today) * DAY + 16 * HOUR)
            campaign_rows.append((
                campaign.id, cal.stamp(created), cal.stamp(updated), name, channel, objective,
                status, cal.texts[start], cal.texts[end], budget, target_leads, target_revenue,
                audience_tags, audience_stages, *offer,
                campaign.agency.id if campaign.agency else None, impressions, clicks, visits,
                CAMPAIGN_NOTES[channel]))
            expense_id = self.add_expenses(campaign, budget, expense_rows, expense_id)
            self.campaigns.append(campaign)

    def write_campaigns(self) -> None:
        campaign_rows, product_rows, expense_rows = self.campaign_rows
        self.write("campaign", "id, created_at, updated_at, name, channel, objective, status, "
                   "start_date, end_date, budget, target_leads, target_revenue, audience_tags, "
                   "audience_stages, offer_discount_pct, offer_code, offer_start, offer_end, "
                   "agency_id, impressions, clicks, visits, notes", campaign_rows)
        self.write("campaign_product", "campaign_id, product_id", product_rows)
        self.write("campaign_expense", "id, campaign_id, spent_on, amount, vendor, note",
                   expense_rows)

    def add_expenses(self, campaign: Campaign, budget: int, rows: list[tuple[Any, ...]],
                     next_id: int) -> int:
        """Spend so far: about the budget for finished campaigns, in proportion for running ones."""
        cal, rnd = self.cal, self.rnd
        start, end = campaign.start, campaign.end
        if campaign.status == "done":
            total = int(budget * (0.88 + 0.2 * rnd()))
        elif campaign.status == "cancelled":
            total = int(budget * 0.1 * rnd()) if start <= cal.today else 0
        elif campaign.status in ("active", "paused"):
            elapsed = (cal.today - start + 1) / (end - start + 1)
            total = int(budget * (0.25 + 0.65 * elapsed))
        else:
            total = int(budget * (0.1 + 0.2 * rnd())) if rnd() < 0.4 else 0
        total = total // 100 * 100
        if total <= 0:
            return next_id
        parts = 1 + int(rnd() * 4)
        weights = [0.5 + rnd() for _ in range(parts)]
        weight_sum = sum(weights)
        # Bookings and deposits are paid ahead of the start; nothing is spent in the future.
        last_day = min(end, cal.today - 1)
        first_day = min(max(0, start - 21), last_day)
        vendors = EXPENSES[campaign.channel]
        spent = 0
        for part in range(parts):
            amount = (total - spent if part == parts - 1
                      else int(total * weights[part] / weight_sum) // 100 * 100)
            spent += amount
            if amount <= 0:
                continue
            vendor, note = self.pick(vendors)
            if campaign.agency is not None and part == 0:
                vendor, note = campaign.agency.name, "Agency fee"
            rows.append((next_id, campaign.id, cal.texts[self.between(first_day, last_day)],
                         amount, vendor, note))
            next_id += 1
        return next_id
