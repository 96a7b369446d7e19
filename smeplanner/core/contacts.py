"""Contacts: people on the funnel, where they came from, their consent, their tags."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from smeplanner.core import validate
from smeplanner.core.errors import ValidationError
from smeplanner.core.models import (
    LIFECYCLE_STAGES,
    SOURCE_CHANNELS,
    Campaign,
    Company,
    Contact,
    ContactTag,
    LifecycleChange,
    Tag,
    db,
)
from smeplanner.core.records import RecordService
from smeplanner.core.textkeys import contact_sort_key
from smeplanner.core.timeutil import today, utcnow


class ContactService(RecordService[Contact]):
    model = Contact
    label = "contact"
    fields = ("first_name", "last_name", "email", "phone", "mobile", "job_title", "company",
              "lifecycle_stage", "source_channel", "source_campaign", "marketing_opt_in",
              "opt_in_date", "opt_in_source", "do_not_contact", "address", "city", "postcode",
              "region", "country", "notes", "last_touch_at", "next_follow_up")

    def clean(self, values: dict[str, Any], existing: Contact | None) -> dict[str, Any]:
        cleaned = {
            "first_name": validate.text("first_name", values["first_name"]),
            "last_name": validate.text("last_name", values["last_name"]),
            "email": validate.email("email", values["email"]),
            "phone": validate.phone("phone", values["phone"]),
            "mobile": validate.phone("mobile", values["mobile"]),
            "job_title": validate.text("job_title", values["job_title"]),
            "company": validate.reference("company", values["company"], Company,
                                          label="company"),
            "lifecycle_stage": validate.choice("lifecycle_stage", values["lifecycle_stage"],
                                               LIFECYCLE_STAGES),
            "source_channel": validate.choice("source_channel", values["source_channel"],
                                              SOURCE_CHANNELS, blank=True),
            "source_campaign": validate.reference("source_campaign", values["source_campaign"],
                                                  Campaign, label="campaign"),
            "marketing_opt_in": validate.boolean("marketing_opt_in", values["marketing_opt_in"]),
            "opt_in_date": validate.a_date("opt_in_date", values["opt_in_date"]),
            "opt_in_source": validate.text("opt_in_source", values["opt_in_source"],
                                           max_length=120),
            "do_not_contact": validate.boolean("do_not_contact", values["do_not_contact"]),
            **validate.address(values),
            "last_touch_at": validate.a_datetime("last_touch_at", values["last_touch_at"]),
            "next_follow_up": validate.a_date("next_follow_up", values["next_follow_up"]),
        }
        if not (cleaned["first_name"] or cleaned["last_name"] or cleaned["email"]):
            raise ValidationError("name", "A contact needs a name or an email address")
        cleaned["sort_name"] = contact_sort_key(cleaned["first_name"], cleaned["last_name"],
                                                cleaned["email"])
        if cleaned["source_campaign"] and not cleaned["source_channel"]:
            campaign = Campaign.get_by_id(cleaned["source_campaign"])
            cleaned["source_channel"] = campaign.channel
        if cleaned["marketing_opt_in"] and cleaned["opt_in_date"] is None:
            cleaned["opt_in_date"] = today()
        if cleaned["do_not_contact"]:
            # Do-not-contact overrides any earlier marketing consent.
            cleaned["marketing_opt_in"] = False
        return cleaned

    def after_create(self, record: Contact, values: dict[str, Any]) -> None:
        LifecycleChange.create(contact=record.id, from_stage=None,
                               to_stage=record.lifecycle_stage, changed_at=record.stage_changed_at)

    def after_update(self, record: Contact, before: dict[str, Any],
                     values: dict[str, Any]) -> None:
        if "lifecycle_stage" in values:
            now = utcnow()
            Contact.update(stage_changed_at=now).where(Contact.id == record.id).execute()
            LifecycleChange.create(contact=record.id, from_stage=before["lifecycle_stage"],
                                   to_stage=values["lifecycle_stage"], changed_at=now)

    def set_stage(self, contact_id: int, stage: str) -> Contact:
        """Move a contact along the funnel (recorded with the time of the change)."""
        return self.update(contact_id, lifecycle_stage=stage)

    # --- tags ----------------------------------------------------------------------------
    def tags_of(self, contact_id: int) -> list[str]:
        query = (Tag.select(Tag.name).join(ContactTag)
                 .where(ContactTag.contact == contact_id).order_by(Tag.name))
        return sorted((tag.name for tag in query), key=str.casefold)

    def set_tags(self, contact_id: int, names: Iterable[str]) -> list[str]:
        """Replace a contact's tags; unknown tag names are created."""
        self.get(contact_id)
        # "VIP" and "vip" are one tag: the first spelling given (or already stored) wins.
        wanted: dict[str, str] = {}
        for name in names:
            cleaned = validate.text("tags", name, required=True, max_length=60)
            wanted.setdefault(cleaned.casefold(), cleaned)
        with db.atomic():
            # Matched in Python: SQLite's lower() folds ASCII only ("Ärger" vs "ärger").
            existing = {tag.name.casefold(): tag for tag in Tag.select()}
            ContactTag.delete().where(ContactTag.contact == contact_id).execute()
            for folded, name in wanted.items():
                tag = existing.get(folded) or Tag.create(name=name)
                ContactTag.insert(contact=contact_id, tag=tag.id).on_conflict_ignore().execute()
        return self.tags_of(contact_id)

    def lifecycle_history(self, contact_id: int) -> list[LifecycleChange]:
        return list(LifecycleChange.select().where(LifecycleChange.contact == contact_id)
                    .order_by(LifecycleChange.changed_at, LifecycleChange.id))


def all_tags() -> list[str]:
    return sorted((tag.name for tag in Tag.select()), key=str.casefold)


contacts = ContactService()
