"""Demo deals: won, lost and open ones in every pipeline stage, with lines and stage history."""

from __future__ import annotations

from typing import Any

from smeplanner.core import models
from smeplanner.core.demo.base import (
    BuilderBase,
    Campaign,
    Deal,
    Person,
    percent_text,
    split_quotas,
)
from smeplanner.core.demo.calendar import DAY, HOUR
from smeplanner.core.demo.vocabulary import (
    CONSUMER_DEAL_KINDS,
    DEAL_KINDS,
    DEAL_NOTES,
    DEALS_PER_SCALE,
    MIN_DEALS,
    NEXT_STEPS,
    WON_REASONS,
    DealKind,
)


class DealsMixin(BuilderBase):
    """Makes the deals from the contacts' funnel stages and tags their buyers."""

    def make_deals(self) -> None:
        cal, rnd = self.cal, self.rnd
        stages = self.database.execute_sql(
            "SELECT id, kind FROM pipeline_stage ORDER BY position, id").fetchall()
        open_stages = [stage_id for stage_id, kind in stages if kind == "open"]
        won_stage = next(stage_id for stage_id, kind in stages if kind == "won")
        lost_stage = next(stage_id for stage_id, kind in stages if kind == "lost")
        lost_reasons = [name for (name,) in self.database.execute_sql(
            "SELECT name FROM lost_reason ORDER BY position, id")] or ["Other"]

        count = max(MIN_DEALS, round(DEALS_PER_SCALE * self.scale))
        # A year on, most deals are closed: about a tenth still open (2,000 at scale 200),
        # yet enough at small scales to fill every board column.
        n_open = max(round(count * 0.10), 2 * len(open_stages) + 4)
        n_lost = round((count - n_open) * 0.4)
        n_won = count - n_open - n_lost
        by_stage: dict[str, list[Person]] = {stage: [] for stage in models.LIFECYCLE_STAGES}
        for person in self.people:
            by_stage[person.stage].append(person)

        # Won: the purchase that made a recent customer one, or repeat business this year.
        customers = by_stage["customer"] + by_stage["advocate"]
        buyers = customers[:]
        self.rng.shuffle(buyers)
        recent = cal.now - 400 * DAY
        plans: list[tuple[Person, str, int]] = []  # person, status, closing instant
        for index in range(n_won):
            person = buyers[index % len(buyers)]
            if index < len(buyers) and person.customer_time >= recent:
                closing = person.customer_time
            else:
                earliest = max(person.customer_time, cal.now - 365 * DAY)
                closing = earliest + int(rnd() * (cal.now - DAY - earliest))
            plans.append((person, "won", max(closing, person.created + HOUR)))
        # Lost: disqualified contacts first, then earlier tries of people still in play.
        disqualified = by_stage["disqualified"]
        in_play = by_stage["qualified"] + by_stage["opportunity"] + customers
        for index in range(n_lost):
            if index < len(disqualified) and index < n_lost * 0.6:
                person = disqualified[index]
                closing = person.stage_time
            else:
                person = self.pick(in_play)
                room = cal.now - DAY - person.created
                closing = person.created + int(room * (0.3 + 0.7 * rnd()))
            plans.append((person, "lost", max(closing, person.created + HOUR)))
        # Open: everyone at "opportunity" has one; the rest are new business from customers.
        opportunities = by_stage["opportunity"][:]
        self.rng.shuffle(opportunities)
        upsell = by_stage["qualified"] + customers
        for index in range(n_open):
            plans.append((opportunities[index] if index < len(opportunities)
                          else self.pick(upsell), "open", -1))
        # More deals in the early stages than near the close.
        open_quota = split_quotas(n_open, {str(i): len(open_stages) + 2 - i
                                           for i in range(len(open_stages))}, "0")
        open_positions = [int(i) for i, n in open_quota.items() for _ in range(n)]
        self.rng.shuffle(open_positions)

        first_id = self.next_id("deal")
        line_id = self.next_id("deal_line")
        change_id = self.next_id("deal_stage_change")
        self.deals = []
        deal_rows, line_rows, change_rows = [], [], []
        self.won_by_month = {}
        open_index = 0
        for offset, (person, status, closing) in enumerate(plans):
            deal_id = first_id + offset
            company = person.company
            if company is not None and company.industry is not None:
                kind = DEAL_KINDS[self.pick(company.industry.deal_kinds)]
                party = company.name
            else:
                kind = DEAL_KINDS[self.pick(CONSUMER_DEAL_KINDS)]
                party = f"{person.first_name} {person.last_name}".strip() or person.row[5]
            title = f"{party} – {kind.label}"

            # Stage path and when each step happened.
            skip_first = len(open_stages) > 1 and rnd() < 0.25
            if status == "open":
                top = open_positions[open_index]
                open_index += 1
                path = open_stages[int(skip_first and top > 0):top + 1]
                if person.stage == "opportunity":
                    start = max(person.created, person.stage_time - int(rnd() * 3 * DAY))
                else:
                    start = max(person.created, cal.now - int(rnd() * 90 * DAY))
                end = start + int((cal.now - start) * (0.2 + 0.75 * rnd()))
            else:
                if status == "won":
                    top = len(open_stages) - 1 - int(rnd() < 0.3 and len(open_stages) > 2)
                    path = [*open_stages[int(skip_first):top + 1], won_stage]
                else:
                    top = int(rnd() * len(open_stages))
                    path = [*open_stages[int(skip_first and top > 0):top + 1], lost_stage]
                end = min(closing, cal.now - HOUR)
                cycle = self.between(*kind.cycle_days) * DAY
                start = max(person.created, end - cycle)
            start = min(start, end)
            if len(path) == 1:
                end = start
            times = sorted(start + int(rnd() * (end - start)) for _ in range(len(path) - 2))
            times = [self.working_hours(moment)
                     for moment in ([start, *times, end] if len(path) > 1 else [start])]
            start, end = times[0], times[-1]
            previous = None
            for stage_id, moment in zip(path, times, strict=True):
                change_rows.append((change_id, deal_id, previous, stage_id, cal.stamp(moment)))
                change_id += 1
                previous = stage_id

            amount, line_id = self.add_lines(deal_id, kind, person.campaign, start, line_rows,
                                             line_id)
            end_day = end // DAY
            probability = next_step = next_step_day = None
            reason = ""
            closed_on = None
            if status == "open":
                # Fixed shares rather than chance, so that even a tiny demo shows overdue
                # deals, deals without a next step and a probability set by hand.
                share = open_index % 10
                if share in (1, 6):
                    expected = cal.today - self.between(1, 25)
                else:
                    expected = cal.today + self.between(0, 90)
                if share == 7:
                    probability = self.pick((15, 35, 60, 80, 90))
                if share not in (3, 8):
                    next_step = self.pick(NEXT_STEPS)
                    next_step_day = cal.texts[cal.today + self.between(-10, 21)]
            else:
                expected = end_day + int(-20 + rnd() * 35)
                closed_on = cal.texts[end_day]
                if status == "won":
                    reason = self.pick(WON_REASONS)
                    month = cal.month_of[end_day]
                    self.won_by_month.setdefault(month, []).append(amount)
                    if kind.tag:
                        self.add_tag(person, kind.tag)
                else:
                    reason = self.pick(lost_reasons)
                    if reason == "Price":
                        self.add_tag(person, "price sensitive")
            if kind.tag == "wholesale" and status != "lost":
                self.add_tag(person, "wholesale")
            row = [deal_id, cal.stamp(start), cal.stamp(max(end, start)), title, person.id,
                   company.id if company else None, path[-1], amount, probability,
                   cal.texts[min(expected, len(cal.texts) - 1)], status, closed_on, reason,
                   person.campaign.id if person.campaign else None, next_step or "",
                   next_step_day, self.pick(DEAL_NOTES) if rnd() < 0.2 else "", cal.stamp(end)]
            deal_rows.append(row)
            self.deals.append(Deal(deal_id, title, person, start,
                                   end if status != "open" else -1))

        self.write("deal", "id, created_at, updated_at, title, contact_id, company_id, stage_id, "
                   "amount, probability_override, expected_close, status, closed_on, "
                   "close_reason, source_campaign_id, next_step, next_step_date, notes, "
                   "stage_entered_at", deal_rows)
        self.write("deal_line", "id, deal_id, product_id, description, quantity, unit_price, "
                   "discount_pct", line_rows)
        self.write("deal_stage_change", "id, deal_id, from_stage_id, to_stage_id, changed_at",
                   change_rows)

    def add_tag(self, person: Person, name: str) -> None:
        tag_id = self.tag_ids[name]
        if tag_id not in person.tags:
            person.tags.append(tag_id)

    def add_lines(self, deal_id: int, kind: DealKind, campaign: Campaign | None, start: int,
                  rows: list[tuple[Any, ...]], line_id: int) -> tuple[int, int]:
        """The deal's product lines; returns (amount in cents, next line id)."""
        rnd = self.rnd
        offer_applies = (campaign is not None and campaign.offer_tenths
                         and campaign.offer_start <= start // DAY <= campaign.offer_end + 14)
        negotiated = self.pick((50, 100, 100, 150, 75)) if rnd() < 0.2 else 0
        amount = 0
        for sku, least, most in kind.lines:
            quantity = self.between(least, most)
            if quantity == 0:
                continue
            product_id = self.product_ids[sku]
            price = self.product_price[sku]
            discount = 0
            if offer_applies and product_id in campaign.offer_product_ids:
                discount = campaign.offer_tenths
            elif negotiated and rnd() < 0.6:
                discount = negotiated
            # Half-up to the cent, as money.to_minor does: quantity × price × (1 − d/100).
            amount += (quantity * price * (1000 - discount) + 500) // 1000
            rows.append((line_id, deal_id, product_id, self.product_name[sku], str(quantity),
                         price, percent_text(discount)))
            line_id += 1
        return amount, line_id
