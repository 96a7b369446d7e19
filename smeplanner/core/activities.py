"""Activities: calls, emails, meetings, tasks, deliverables and deadlines, each with a date."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from smeplanner.core import validate
from smeplanner.core.errors import ValidationError
from smeplanner.core.models import (
    ACTIVITY_KINDS,
    ROLES,
    Activity,
    Campaign,
    Company,
    Contact,
    Deal,
)
from smeplanner.core.records import RecordService
from smeplanner.core.reminders import MAX_REMINDER_MINUTES, reminder_time
from smeplanner.core.timeutil import to_local, to_utc, utcnow

# Doing one of these with a contact counts as touching them.
TOUCH_KINDS = ("call", "email", "meeting")


class ActivityService(RecordService[Activity]):
    model = Activity
    label = "activity"
    fields = ("kind", "subject", "notes", "due_date", "due_at", "duration_minutes", "done",
              "role", "contact", "company", "deal", "campaign", "reminder_minutes")

    def clean(self, values: dict[str, Any], existing: Activity | None) -> dict[str, Any]:
        cleaned = {
            "kind": validate.choice("kind", values["kind"], ACTIVITY_KINDS),
            "subject": validate.text("subject", values["subject"], required=True),
            "notes": validate.long_text("notes", values["notes"]),
            "due_date": validate.a_date("due_date", values["due_date"]),
            "due_at": validate.a_datetime("due_at", values["due_at"]),
            "duration_minutes": validate.integer("duration_minutes", values["duration_minutes"],
                                                 minimum=0, maximum=24 * 60 * 14),
            "done": validate.boolean("done", values["done"]),
            "role": validate.choice("role", values["role"], ROLES),
            "contact": validate.reference("contact", values["contact"], Contact, label="contact"),
            "company": validate.reference("company", values["company"], Company,
                                          label="company"),
            "deal": validate.reference("deal", values["deal"], Deal, label="deal"),
            "campaign": validate.reference("campaign", values["campaign"], Campaign,
                                           label="campaign"),
            "reminder_minutes": validate.integer(
                "reminder_minutes", values["reminder_minutes"], minimum=0,
                maximum=MAX_REMINDER_MINUTES, optional=True),
        }
        if cleaned["due_at"] is not None:
            cleaned["due_at"] = to_utc(cleaned["due_at"])
            # due_date is the local calendar day of a timed item, so day views filter on it.
            cleaned["due_date"] = to_local(cleaned["due_at"]).date()
        if cleaned["due_date"] is None and cleaned["kind"] in ("deadline", "deliverable"):
            raise ValidationError("due_date", f"A {cleaned['kind']} needs a date")
        if cleaned["deal"] and not cleaned["contact"]:
            cleaned["contact"] = Deal.get_by_id(cleaned["deal"]).contact_id
        cleaned["remind_at"] = self._remind_at(cleaned, existing)
        return cleaned

    @staticmethod
    def _remind_at(cleaned: dict[str, Any], existing: Activity | None) -> datetime | None:
        """The derived ``remind_at``: recomputed when the item is new, rescheduled or its
        lead time changes; otherwise the stored one, which a snooze may have moved or a
        dismissal cleared (editing the subject must not bring a dismissed reminder back)."""
        if existing is not None and (
                cleaned["due_date"], cleaned["due_at"], cleaned["reminder_minutes"]) == (
                existing.due_date, existing.due_at, existing.reminder_minutes):
            return existing.remind_at
        return reminder_time(cleaned["due_date"], cleaned["due_at"],
                             cleaned["reminder_minutes"])

    def after_create(self, record: Activity, values: dict[str, Any]) -> None:
        if record.done:
            self._mark_done(record)

    def after_update(self, record: Activity, before: dict[str, Any],
                     values: dict[str, Any]) -> None:
        if values.get("done") is True:
            self._mark_done(record)
        elif values.get("done") is False:
            Activity.update(done_at=None).where(Activity.id == record.id).execute()

    def _mark_done(self, record: Activity) -> None:
        now = utcnow()
        Activity.update(done_at=now).where(Activity.id == record.id).execute()
        if record.contact_id and record.kind in TOUCH_KINDS:
            # Doing next week's meeting early touches the contact now, not next week.
            touched = min(record.due_at, now) if record.due_at else now
            (Contact.update(last_touch_at=touched)
             .where((Contact.id == record.contact_id)
                    & (Contact.last_touch_at.is_null() | (Contact.last_touch_at < touched)))
             .execute())

    def set_done(self, activity_id: int, done: bool = True) -> Activity:
        return self.update(activity_id, done=done)

    def between(self, first: date, last: date) -> list[Activity]:
        """Activities due from ``first`` to ``last`` inclusive, by day then time."""
        return self.list(due_date__gte=first, due_date__lte=last,
                         order_by=("due_date", "due_at"))


activities = ActivityService()
