"""Demo contacts: where they came from, their walk down the funnel, tags and consent."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from smeplanner.core.demo.base import (
    BuilderBase,
    Campaign,
    Company,
    Person,
    Weighted,
    split_quotas,
    to_ascii,
)
from smeplanner.core.demo.calendar import DAY
from smeplanner.core.demo.channels import CHANNEL_PULL
from smeplanner.core.demo.vocabulary import (
    AGENCY_TITLES,
    CONTACT_NOTES,
    CONTACTS_PER_SCALE,
    COUNTRIES,
    DEPTH,
    FIRST_NAMES,
    FORWARD,
    FUNNEL_SHARES,
    MIN_CONTACTS,
    ORGANIC_SOURCES,
    SURNAMES,
)
from smeplanner.core.duplicates import similar_names
from smeplanner.core.textkeys import contact_sort_key

# Contacts that no campaign brought in arrived up to this many days ago.
_CONTACT_HISTORY_DAYS = 900
# The share of contacts that are a person entered a second time (a later import, a typo), so
# that "Find duplicates" has something to find; at least _MIN_DUPLICATES of them.
_DUPLICATE_SHARE = 0.01
_MIN_DUPLICATES = 3
# How a second entry differs from the first, in turn: the mailbox spelled another way, the
# mobile written in another format, the name spelled differently at the same company.
_DUPLICATE_KINDS = ("email", "mobile", "name")
# Spellings people mix up in surnames (Schmidt/Schmitt, Meyer/Meier...), first match wins.
_SPELLINGS = (("dt", "tt"), ("tt", "dt"), ("ey", "ei"), ("ei", "ey"), ("ai", "ei"),
              ("ay", "ai"), ("ck", "k"), ("ph", "f"), ("th", "t"), ("ä", "ae"), ("ö", "oe"),
              ("ü", "ue"), ("ß", "ss"), ("mm", "m"), ("nn", "n"), ("ll", "l"), ("ss", "s"),
              ("tz", "z"), ("ie", "i"))


COUNTRIES_BY_NAME = {country.name: country for country in COUNTRIES.values()}


def _respelled(name: str) -> str | None:
    """``name`` with one spelling people mix up changed (Schmidt → Schmitt), or None."""
    lower = name.lower()
    for old, new in _SPELLINGS:
        at = lower.find(old, 1)
        if at > 0:
            replaced = name[at:at + len(old)]
            new_text = new.capitalize() if replaced[0].isupper() else new
            return f"{name[:at]}{new_text}{name[at + len(old):]}"
    return None


class PeopleMixin(BuilderBase):
    """Makes the contacts with their lifecycle history and tags, and writes them in stages.

    The contact rows go out before the deals; their tags after the deals (which tag buyers)
    and their last touch after the activities.
    """

    lifecycle_rows: list[tuple[Any, ...]]
    direct_lines: dict[int, set[int]]  # per company id: the last two digits given out

    # --- contacts ----------------------------------------------------------------------------

    def make_people(self) -> None:
        cal, rnd = self.cal, self.rnd
        count = max(MIN_CONTACTS, round(CONTACTS_PER_SCALE * self.scale))
        sourcing = [c for c in self.campaigns if c.start <= cal.today and c.status != "cancelled"]
        campaign_picker = Weighted([(c, CHANNEL_PULL[c.channel] * (1 + c.end - c.start) ** 0.5)
                                    for c in sourcing])
        organic = Weighted(ORGANIC_SOURCES)

        # When and where each contact came in; ids follow creation order.
        arrivals = []
        for _ in range(count):
            if sourcing and rnd() < 0.55:
                campaign = campaign_picker.pick(rnd)
                day = self.between(campaign.start, min(campaign.end, cal.today))
                arrivals.append((self.office_time(day), campaign.channel, campaign))
            else:
                day = cal.today - int(rnd() ** 1.4 * _CONTACT_HISTORY_DAYS)
                arrivals.append((self.office_time(day), organic.pick(rnd), None))
        arrivals = [(min(t, cal.now - 600), ch, c) for t, ch, c in arrivals]
        arrivals.sort(key=lambda arrival: arrival[0])

        # Older contacts have had time to go further down the funnel; noise keeps it loose.
        quotas = split_quotas(count, FUNNEL_SHARES, "subscriber")
        stages = sorted((stage for stage, n in quotas.items() for _ in range(n)),
                        key=DEPTH.__getitem__)
        oldest = arrivals[0][0]
        age_span = max(1, cal.now - oldest)
        order = sorted(range(count),
                       key=lambda i: (cal.now - arrivals[i][0]) / age_span + 1.2 * rnd())
        stage_of = [""] * count
        for stage, index in zip(stages, order, strict=True):
            stage_of[index] = stage

        # Second entries of earlier contacts: subscribers and leads (an import's stages) from
        # the later three quarters, so there is someone to be a copy of; the stages keep
        # their quotas. Which kind each one is goes round _DUPLICATE_KINDS.
        wanted = max(_MIN_DUPLICATES, round(_DUPLICATE_SHARE * count))
        slots = [i for i in range(count // 4, count) if stage_of[i] in ("subscriber", "lead")]
        duplicate_kind = {index: _DUPLICATE_KINDS[n % len(_DUPLICATE_KINDS)]
                          for n, index in enumerate(sorted(self.rng.sample(
                              slots, min(wanted, len(slots)))))}

        companies = self.customer_companies
        shuffled_companies = companies[:]
        self.rng.shuffle(shuffled_companies)
        first_id = self.next_id("contact")
        change_id = self.next_id("lifecycle_change")
        # Contact ids not to copy (again): the copies, and the originals once copied.
        copied = {first_id + index for index in duplicate_kind}
        self.people = []
        self.lifecycle_rows = []
        self.new_leads_by_month = {}
        tag_ids = self.tag_ids
        self.direct_lines = {}
        b2b_seen = 0
        for index, (created, source, campaign) in enumerate(arrivals):
            stage = stage_of[index]
            kind = duplicate_kind.get(index)
            if kind is not None:
                person = self.make_duplicate(first_id + index, created, stage, kind, copied)
                if person is not None:
                    change_id = self.add_lifecycle(person, change_id)
                    self.tag_person(person, tag_ids)
                    self.people.append(person)
                    continue
            company = None
            if rnd() < 0.78:
                company = (shuffled_companies[b2b_seen] if b2b_seen < len(shuffled_companies)
                           else self.pick(companies))
                b2b_seen += 1
                if company.first_seen < 0:
                    company.first_seen = created
            person = self.make_person(first_id + index, created, stage, source, campaign, company)
            change_id = self.add_lifecycle(person, change_id)
            self.tag_person(person, tag_ids)
            self.people.append(person)

    def make_person(self, person_id: int, created: int, stage: str, source: str,
                    campaign: Campaign | None, company: Company | None) -> Person:
        cal, rnd = self.cal, self.rnd
        nameless = stage == "subscriber" and rnd() < 0.15
        first = self.pick(FIRST_NAMES)
        last = self.pick(SURNAMES)
        first_ascii, last_ascii = to_ascii(first), to_ascii(last)
        if company is not None:
            country = company.country
            style = rnd()
            local = (f"{first_ascii}.{last_ascii}" if style < 0.6
                     else f"{first_ascii[0]}.{last_ascii}" if style < 0.85 else first_ascii)
            email = f"{local}@{company.domain}"
            phone = self.direct_line(company)
            mobile = f"{self.pick(country.mobile_prefixes)} {self.digits(7)}" if rnd() < 0.5 else ""
            industry = company.industry
            job_title = self.pick(industry.job_titles if industry else AGENCY_TITLES)
            company_row = company.row
            address, city, postcode, region, country_name = ("", company_row[10],
                                                             company_row[11], company_row[12],
                                                             company_row[13])
        else:
            city_info = self.city_picker.pick(rnd)
            country = COUNTRIES[city_info[2]]
            style = rnd()
            local = (f"{first_ascii}.{last_ascii}{self.between(1, 99)}" if style < 0.5
                     else f"{first_ascii}{last_ascii}" if style < 0.8
                     else f"{first_ascii[0]}{last_ascii}{self.between(60, 99)}")
            email = f"{local}@{self.pick(country.mail_domains)}"
            phone = f"{city_info[4]} {self.digits(3)} {self.digits(4)}" if rnd() < 0.2 else ""
            mobile = f"{self.pick(country.mobile_prefixes)} {self.digits(7)}" if rnd() < 0.7 else ""
            job_title = ""
            address = self.street(country) if stage != "subscriber" else ""
            city, postcode, region, country_name = (city_info[0], self.postcode(city_info),
                                                    city_info[1], country.name)
        if nameless:
            first = last = phone = mobile = ""

        do_not_contact = rnd() < (0.15 if stage == "disqualified" else 0.02)
        opted_in = not do_not_contact and (stage == "subscriber" or rnd() < 0.72)
        opt_in_day = min(cal.today, created // DAY + int(rnd() * 20 * (stage != "subscriber")))
        notes = self.pick(CONTACT_NOTES) if rnd() < 0.1 else ""
        row = [person_id, cal.stamp(created), None, first, last, email, phone, mobile, job_title,
               company.id if company else None, stage, None, source,
               campaign.id if campaign else None, int(opted_in),
               cal.texts[opt_in_day] if opted_in else None, int(do_not_contact), address, city,
               postcode, region, country_name, notes, None, None]
        return Person(person_id, created, first, last, company, stage, created, -1, source,
                      campaign, row, [])

    def direct_line(self, company: Company) -> str:
        """The switchboard number with other last two digits, distinct among colleagues (and
        from the switchboard): a shared number would make them look like one person."""
        used = self.direct_lines.get(company.id)
        if used is None:
            used = self.direct_lines[company.id] = {int(company.phone[-2:])}
        if len(used) >= 90:  # more colleagues than two digits can number
            return f"{company.phone} ext. {len(used)}"
        suffix = self.between(10, 99)
        while suffix in used:
            suffix = self.between(10, 99)
        used.add(suffix)
        return f"{company.phone[:-2]}{suffix}"

    # --- duplicates --------------------------------------------------------------------------

    def make_duplicate(self, person_id: int, created: int, stage: str, kind: str,
                       copied: set[int]) -> Person | None:
        """An earlier contact entered again, e.g. by a later list import: a row of its own that
        "Find duplicates" links to the first by email, mobile or name. None if no earlier
        contact suits ``kind`` (tried a few at random) and no other kind does either."""
        people = self.people
        if not people:
            return None
        for attempt in range(len(_DUPLICATE_KINDS)):
            kind_now = _DUPLICATE_KINDS[(_DUPLICATE_KINDS.index(kind) + attempt)
                                        % len(_DUPLICATE_KINDS)]
            for _ in range(40):
                original = people[int(self.rnd() * len(people))]
                if original.id in copied:
                    continue
                row = self.duplicate_row(original, kind_now)
                if row is not None:
                    copied.add(original.id)
                    return self.copy_person(original, row, person_id, created, stage)
        return None

    def duplicate_row(self, original: Person, kind: str) -> list[Any] | None:
        """The original's row as entered the second time, or None if ``kind`` does not fit."""
        row = original.row[:]
        first, last, email, mobile = row[3], row[4], row[5], row[7]
        company = original.company
        if kind == "email":
            local, _, domain = email.partition("@")
            if domain in ("gmail.com", "googlemail.com"):
                # Gmail ignores dots and knows both domains: people type it every which way.
                if "." in local:
                    local = local.replace(".", "")
                else:
                    cut = self.between(1, len(local) - 1) if len(local) > 1 else len(local)
                    local = f"{local[:cut]}.{local[cut:]}"
                domain = "googlemail.com" if domain == "gmail.com" and self.rnd() < 0.5 \
                    else "gmail.com"
                row[5] = f"{local}@{domain}"
            # Otherwise the very address again; a newsletter list brings no phone numbers.
            row[6] = row[7] = ""
            if self.rnd() < 0.5:
                row[3] = row[4] = ""
        elif kind == "mobile":
            if not mobile or not first:
                return None
            prefix, _, number = mobile.partition(" ")  # "+49", "170 1234567"
            network, _, subscriber = number.partition(" ")
            if prefix == "+49":
                row[7] = f"0{network} {subscriber}"  # the national form
            else:
                row[7] = f"00{prefix[1:]} {network} {subscriber[:3]} {subscriber[3:]}"
            row[6] = ""
            country = COUNTRIES_BY_NAME.get(row[21])
            if company is not None and country is not None:
                # The same person again, now with a private address.
                row[5] = (f"{to_ascii(first)}{to_ascii(last)}{self.between(1, 99)}"
                          f"@{self.pick(country.mail_domains)}")
                row[9] = None
                row[8] = ""
        else:  # "name"
            if company is None or not first or not last:
                return None
            variant = _respelled(last)
            if variant is None or not similar_names(first, last, first, variant):
                return None
            row[4] = variant
            row[5] = f"{to_ascii(first)}.{to_ascii(variant)}@{company.domain}"
            row[6] = row[7] = ""
        return row

    def copy_person(self, original: Person, row: list[Any], person_id: int, created: int,
                    stage: str) -> Person:
        cal = self.cal
        company = original.company if row[9] is not None else None
        opted_in = not row[16] and (stage == "subscriber" or self.rnd() < 0.5)
        row[0], row[1], row[2] = person_id, cal.stamp(created), None
        row[10], row[11], row[12], row[13] = stage, None, "import", None
        row[14] = int(opted_in)
        row[15] = cal.texts[min(cal.today, created // DAY)] if opted_in else None
        row[17] = "" if stage == "subscriber" else row[17]
        row[22], row[23], row[24] = "", None, None
        return Person(person_id, created, row[3], row[4], company, stage, created, -1, "import",
                      None, row, [])

    def add_lifecycle(self, person: Person, change_id: int) -> int:
        """The contact's walk along the funnel up to its current stage, with times."""
        cal, rnd = self.cal, self.rnd
        final = person.stage
        if final == "disqualified":
            peak = self.pick(("lead", "lead", "lead", "qualified", "qualified", "opportunity"))
        else:
            peak = final
        subscribes = person.source_channel in ("email", "social", "content", "website")
        first = "subscriber" if final == "subscriber" or (subscribes and rnd() < 0.45) else "lead"
        path = list(FORWARD[FORWARD.index(first):FORWARD.index(peak) + 1])
        if len(path) >= 4 and "qualified" in path and rnd() < 0.12:
            path.remove("qualified")
        if final == "disqualified":
            path.append("disqualified")

        created = person.created
        times = [created]
        steps = len(path) - 1
        if steps:
            room = cal.now - created
            if final in ("qualified", "opportunity"):
                last = max(created + 1, cal.now - int(rnd() * min(room, 75 * DAY)))
            else:
                last = created + 1 + int(rnd() * room)
            last = min(last, cal.now - 1)
            middle = sorted(created + 1 + int(rnd() * max(1, last - created - 1))
                            for _ in range(steps - 1))
            for moment in (*middle, last):
                times.append(max(times[-1], self.working_hours(moment)))
        rows = self.lifecycle_rows
        previous = None
        month_of = cal.month_of
        for stage, moment in zip(path, times, strict=True):
            rows.append((change_id, person.id, previous, stage, cal.stamp(moment)))
            change_id += 1
            previous = stage
            if stage == "lead":
                month = month_of[moment // DAY]
                self.new_leads_by_month[month] = self.new_leads_by_month.get(month, 0) + 1
            if stage == "customer":
                person.customer_time = moment
        person.stage_time = times[-1]
        return change_id

    def tag_person(self, person: Person, tag_ids: dict[str, int]) -> None:
        rnd = self.rnd
        tags = person.tags
        if person.row[14] and (person.stage == "subscriber" or rnd() < 0.5):
            tags.append(tag_ids["newsletter"])
        company = person.company
        if company is not None and company.industry is not None and company.industry.tag \
                and rnd() < 0.8:
            tags.append(tag_ids[company.industry.tag])
        if company is None and person.stage != "subscriber" and rnd() < 0.6:
            tags.append(tag_ids["home barista"])
        if person.stage in ("customer", "advocate") and rnd() < 0.15:
            tags.append(tag_ids["VIP"])
        if person.stage in ("lead", "qualified") and rnd() < 0.1:
            tags.append(tag_ids["samples sent"])
        campaign = person.campaign
        if campaign is not None and campaign.channel == "event":
            name = f"trade fair {self.cal.dates[campaign.start].year}"
            if name in tag_ids:
                tags.append(tag_ids[name])
        if rnd() < 0.03:
            tags.append(tag_ids["Christmas gifts"])
        if rnd() < 0.03:
            tags.append(tag_ids["decaf"])

    # --- writing contacts --------------------------------------------------------------------

    def write_people(self) -> None:
        cal, rnd = self.cal, self.rnd
        follow_up_stages = ("lead", "qualified", "opportunity", "customer")

        def rows() -> Iterator[list[Any]]:
            for person in self.people:
                row = person.row
                # Touches that left no activity behind (a chat at the counter, a reply).
                if person.stage != "subscriber" and rnd() < 0.5:
                    person.last_touch = person.stage_time
                    row[23] = cal.stamp(person.stage_time)
                if person.stage in follow_up_stages and not row[16] and rnd() < 0.4:
                    row[24] = cal.texts[cal.today + int(-14 + rnd() * 45)]
                row[11] = cal.stamp(person.stage_time)
                row[2] = row[11]
                person.touch_written = person.last_touch
                yield [*row, contact_sort_key(row[3], row[4], row[5])]

        self.write("contact", "id, created_at, updated_at, first_name, last_name, email, phone, "
                   "mobile, job_title, company_id, lifecycle_stage, stage_changed_at, "
                   "source_channel, source_campaign_id, marketing_opt_in, opt_in_date, "
                   "do_not_contact, address, city, postcode, region, country, notes, "
                   "last_touch_at, next_follow_up, sort_name", rows())
        self.write("lifecycle_change", "id, contact_id, from_stage, to_stage, changed_at",
                   self.lifecycle_rows)
        self.lifecycle_rows = []

    def write_contact_tags(self) -> None:
        """After the deals, which tag their buyers ("machine owner", "wholesale"...)."""
        self.write("contact_tag", "contact_id, tag_id",
                   [(person.id, tag_id) for person in self.people for tag_id in person.tags])

    def write_last_touches(self) -> None:
        """The latest call, email or meeting with each contact, once the activities exist."""
        stamp = self.cal.stamp
        rows = [(stamp(p.last_touch), stamp(max(p.last_touch, p.stage_time)), p.id)
                for p in self.people if p.last_touch != p.touch_written]
        self.cursor.executemany(
            "UPDATE contact SET last_touch_at = ?, updated_at = ? WHERE id = ?", rows)
