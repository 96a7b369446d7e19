"""One contact as read from a file, before it is matched against the workspace."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportedContact:
    """A person read from row (CSV) or card (vCard) number ``source_row`` (1-based, data rows
    only: the header is not counted).

    Every text is stripped and plain (no quoting or escapes left). ``emails`` and ``phones``
    keep the file's order; the first email is the contact's email; phones are split into
    the main ``phone`` and ``mobile`` by their labels where the file has them, the rest stay
    in ``other_phones``. ``tags`` come from groups, categories or labels (without Google's
    "* " system groups such as "* myContacts"). ``lifecycle_stage`` is only set by files this
    app wrote (a round trip); ``prefix`` (Mr., Dr.) and ``suffix`` are kept apart from the
    job title. ``notices`` say what the reader could not place (cells beyond the header);
    the import plan shows them as warnings.
    """

    source_row: int
    first_name: str = ""
    last_name: str = ""
    prefix: str = ""
    suffix: str = ""
    emails: list[str] = field(default_factory=list)
    phone: str = ""
    mobile: str = ""
    other_phones: list[str] = field(default_factory=list)
    company: str = ""
    job_title: str = ""
    address: str = ""  # street lines, joined with "\n"
    city: str = ""
    postcode: str = ""
    region: str = ""
    country: str = ""
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    lifecycle_stage: str = ""
    website: str = ""
    notices: list[str] = field(default_factory=list)

    @property
    def email(self) -> str:
        return self.emails[0] if self.emails else ""

    @property
    def display_name(self) -> str:
        name = " ".join(part for part in (self.first_name, self.last_name) if part)
        return name or self.email or self.company or self.phone or self.mobile

    def is_empty(self) -> bool:
        """Nothing to identify or reach the person by: no name, email, phone or company."""
        return not (self.first_name or self.last_name or self.emails or self.phone
                    or self.mobile or self.other_phones or self.company)


class UnreadableFileError(Exception):
    """The file cannot be read as contacts at all (not text, not CSV, not vCard); the
    message says why, for the user."""


# The app's own CSV columns ("interchange" CSV, written for re-import): the CSV reader
# recognises this header exactly; tags are joined with "; ".
INTERCHANGE_COLUMNS = ("First name", "Last name", "Email", "Phone", "Mobile", "Company",
                       "Job title", "Address", "City", "Postcode", "Region", "Country",
                       "Lifecycle stage", "Tags", "Notes")
TAG_SEPARATOR = "; "
# The vCard property that carries the lifecycle stage in the app's own vCards (tags go in
# CATEGORIES, the company in ORG, notes in NOTE).
VCARD_STAGE_PROPERTY = "X-SMEPLANNER-STAGE"
