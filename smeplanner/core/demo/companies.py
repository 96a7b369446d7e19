"""Demo companies: the roastery's customers (cafés, hotels, offices...) and its agencies."""

from __future__ import annotations

import math

from smeplanner.core import models
from smeplanner.core.demo.base import BuilderBase, Company, Weighted, slugify
from smeplanner.core.demo.calendar import DAY
from smeplanner.core.demo.vocabulary import (
    AGENCIES,
    AGENCY_NAME_PARTS,
    CITIES,
    COMPANY_NOTES,
    COUNTRIES,
    CUSTOMER_COMPANIES_PER_SCALE,
    INDUSTRIES,
    MIN_CUSTOMER_COMPANIES,
    NAME_WORDS,
    PLACES,
    SURNAMES,
)


class CompaniesMixin(BuilderBase):
    """Makes customer companies and agencies; writes them once their first contacts are known."""

    used_domains: dict[str, int]

    def make_companies(self) -> None:
        n_customers = max(MIN_CUSTOMER_COMPANIES, round(CUSTOMER_COMPANIES_PER_SCALE * self.scale))
        n_agencies = max(3, round(5 * math.sqrt(self.scale)))
        self.city_picker = Weighted([(city, city[5]) for city in CITIES])
        industry_picker = Weighted([(industry, industry.weight) for industry in INDUSTRIES])
        size_pickers = {industry.name: Weighted(list(zip(models.SIZE_BANDS,
                                                         industry.size_weights, strict=True)))
                        for industry in INDUSTRIES}
        self.used_domains = {}
        next_id = self.next_id("company")
        self.customer_companies = []
        self.agencies = []
        for index in range(n_customers + n_agencies):
            if index < n_customers:
                industry = industry_picker.pick(self.rnd)
                base_name = self.pick(industry.name_patterns).format(
                    surname=self.pick(SURNAMES), word=self.pick(NAME_WORDS),
                    place=self.pick(PLACES))
                size_band = size_pickers[industry.name].pick(self.rnd)
                industry_name = industry.name
            else:
                agency_index = index - n_customers
                industry = None
                if agency_index < len(AGENCIES):
                    base_name, industry_name = AGENCIES[agency_index]
                else:
                    first, second = AGENCY_NAME_PARTS
                    base_name = f"{self.pick(first)}{self.pick(second)} {agency_index}"
                    industry_name = "Marketing agency"
                size_band = self.pick(("2-9", "2-9", "10-49", "1"))
            city = self.city_picker.pick(self.rnd) if industry is not None else CITIES[
                int(self.rnd() * 11)]
            country = COUNTRIES[city[2]]
            legal = ""
            if industry is None or industry.name == "Corporate office" or self.rnd() < 0.45:
                legal = self.pick(country.legal_forms)
            name = f"{base_name} {legal}" if legal else base_name
            domain = self.unique_domain(slugify(base_name), city[0], country.tld)
            phone = f"{city[4]} {self.digits(3)} {self.digits(4)}"
            notes = self.pick(COMPANY_NOTES) if industry is not None and self.rnd() < 0.15 else ""
            row = [next_id + index, None, None, name, industry_name, size_band,
                   f"https://www.{domain}", phone,
                   f"{self.pick(country.office_mailboxes)}@{domain}",
                   self.street(country), city[0], self.postcode(city), city[1], country.name,
                   notes]
            company = Company(next_id + index, name, industry, country, domain, phone, row)
            (self.customer_companies if industry is not None else self.agencies).append(company)

    def unique_domain(self, slug: str, city: str, tld: str) -> str:
        candidate = f"{slug}.{tld}"
        seen = self.used_domains.get(candidate, 0)
        self.used_domains[candidate] = seen + 1
        if seen == 0:
            return candidate
        with_city = f"{slug}-{slugify(city)}.{tld}"
        seen_city = self.used_domains.get(with_city, 0)
        self.used_domains[with_city] = seen_city + 1
        return with_city if seen_city == 0 else f"{slug}-{slugify(city)}-{seen_city + 1}.{tld}"

    def write_companies(self) -> None:
        cal, rnd = self.cal, self.rnd
        rows = []
        for company in (*self.customer_companies, *self.agencies):
            if company.first_seen >= 0:
                created = max(0, company.first_seen - self.between(0, 30) * DAY)
            else:
                created = self.office_time(cal.today - self.between(30, 700))
            updated = min(cal.now, created + int(rnd() * (cal.now - created)))
            company.row[1] = cal.stamp(created)
            company.row[2] = cal.stamp(updated)
            rows.append(company.row)
        self.write("company", "id, created_at, updated_at, name, industry, size_band, website, "
                   "phone, email, address, city, postcode, region, country, notes", rows)
