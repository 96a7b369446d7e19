"""The demo generator: its stages in order, from the product catalogue to the settings."""

from __future__ import annotations

import json

from smeplanner.core.demo.activities import ActivitiesMixin
from smeplanner.core.demo.calendar import DAY, HOUR
from smeplanner.core.demo.campaigns import CampaignsMixin
from smeplanner.core.demo.companies import CompaniesMixin
from smeplanner.core.demo.deals import DealsMixin
from smeplanner.core.demo.goals import GoalsMixin
from smeplanner.core.demo.people import PeopleMixin
from smeplanner.core.demo.vocabulary import BUSINESS_NAME, CURRENCY, PRODUCTS, TAG_NAMES


class DemoBuilder(CompaniesMixin, CampaignsMixin, PeopleMixin, DealsMixin, ActivitiesMixin,
                  GoalsMixin):
    """Generates the whole demo business; each stage lives in a mixin of its own.

    :meth:`run` orders the stages so that each finds the state the earlier ones left (see
    :class:`~.base.BuilderBase`) and every row's parents are written before it.
    """

    # --- the whole run -----------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        self.progress("Products and companies", 0.02)
        self.make_products_and_tags()
        self.make_companies()
        self.progress("Campaigns", 0.05)
        self.make_campaigns()
        self.progress("Contacts", 0.08)
        self.make_people()
        # Parents before children, so that every foreign key is checked as it is written.
        self.write_companies()
        self.write_campaigns()
        self.write_people()
        self.progress("Deals", 0.25)
        self.make_deals()
        self.write_contact_tags()
        self.progress("Activities", 0.35)
        self.make_activities()
        self.write_last_touches()
        self.progress("Goals", 0.55)
        self.make_goals()
        self.write_settings()
        return self.counts

    # --- products, tags ----------------------------------------------------------------------

    def make_products_and_tags(self) -> None:
        first_id = self.next_id("product")
        created = self.cal.stamp(self.cal.today * DAY - 700 * DAY + 10 * HOUR)
        self.product_ids = {}
        self.product_price = {}
        self.product_name = {}
        rows = []
        for offset, (name, sku, price, cost, active) in enumerate(PRODUCTS):
            product_id = first_id + offset
            self.product_ids[sku] = product_id
            self.product_price[sku] = price
            self.product_name[sku] = name
            rows.append((product_id, created, created, name, sku, price, cost, int(active)))
        self.write("product", "id, created_at, updated_at, name, sku, price, unit_cost, active",
                   rows)

        today = self.cal.dates[self.cal.today]
        names = (*TAG_NAMES, f"trade fair {today.year - 1}", f"trade fair {today.year}")
        existing = dict(self.database.execute_sql("SELECT name, id FROM tag").fetchall())
        next_tag = self.next_id("tag")
        self.tag_ids = {}
        new_rows = []
        for name in names:
            if name in existing:
                self.tag_ids[name] = existing[name]
            else:
                self.tag_ids[name] = next_tag
                new_rows.append((next_tag, name))
                next_tag += 1
        self.write("tag", "id, name", new_rows)

    # --- settings ----------------------------------------------------------------------------

    def write_settings(self) -> None:
        self.write("setting", "key, value",
                   [("business_name", json.dumps(BUSINESS_NAME, ensure_ascii=False)),
                    ("currency", json.dumps(CURRENCY))], verb="INSERT OR REPLACE")
