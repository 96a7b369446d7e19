"""Companies: the organisations contacts work for, deals are won from, agencies work for us."""

from __future__ import annotations

from typing import Any

from smeplanner.core import validate
from smeplanner.core.models import SIZE_BANDS, Company
from smeplanner.core.records import RecordService


class CompanyService(RecordService[Company]):
    model = Company
    label = "company"
    fields = ("name", "industry", "size_band", "website", "phone", "email", "address", "city",
              "postcode", "region", "country", "notes")

    def clean(self, values: dict[str, Any], existing: Company | None) -> dict[str, Any]:
        return {
            "name": validate.text("name", values["name"], required=True),
            "industry": validate.text("industry", values["industry"]),
            "size_band": validate.choice("size_band", values["size_band"], SIZE_BANDS,
                                         blank=True),
            "website": validate.text("website", values["website"]),
            "phone": validate.phone("phone", values["phone"]),
            "email": validate.email("email", values["email"]),
            **validate.address(values),
        }


companies = CompanyService()
