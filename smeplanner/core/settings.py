"""Workspace preferences: declared once with type and default, stored as JSON in the workspace."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from smeplanner.core.errors import ValidationError
from smeplanner.core.models import Setting, db


@dataclass(frozen=True)
class Preference:
    key: str
    default: Any
    label: str

    def validate(self, value: Any) -> Any:
        if isinstance(self.default, bool):
            if not isinstance(value, bool):
                raise ValidationError(self.key, "must be yes or no")
            return value
        if isinstance(self.default, int):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValidationError(self.key, "must be a whole number")
            return value
        if isinstance(self.default, str):
            if not isinstance(value, str):
                raise ValidationError(self.key, "must be text")
            return value.strip()
        return value


PREFERENCES: dict[str, Preference] = {p.key: p for p in (
    Preference("business_name", "My Business", "Business name"),
    Preference("currency", "EUR", "Currency"),
    # 0 = Monday … 6 = Sunday, as datetime.weekday().
    Preference("week_start", 0, "Week starts on"),
    Preference("sales_share_target", 60, "Target share of time for sales (%)"),
    Preference("auto_lifecycle", True, "Move contacts along the funnel when deals change"),
    Preference("stale_lead_days", 30, "A lead is untouched after (days)"),
)}


def _validate(key: str, value: Any) -> Any:
    if key not in PREFERENCES:
        raise ValidationError(key, "is not a known setting")
    value = PREFERENCES[key].validate(value)
    if key == "business_name" and not value:
        raise ValidationError(key, "must not be empty")
    if key == "currency" and (len(value) != 3 or not value.isascii() or not value.isalpha()):
        raise ValidationError(key, "must be a three-letter ISO code such as EUR or USD")
    if key == "week_start" and not 0 <= value <= 6:
        raise ValidationError(key, "must be a weekday from 0 (Monday) to 6 (Sunday)")
    if key == "sales_share_target" and not 0 <= value <= 100:
        raise ValidationError(key, "must be between 0 and 100")
    if key == "stale_lead_days" and value < 1:
        raise ValidationError(key, "must be at least 1")
    return value.upper() if key == "currency" else value


def get(key: str) -> Any:
    preference = PREFERENCES.get(key)
    if preference is None:
        raise ValidationError(key, "is not a known setting")
    row = Setting.get_or_none(Setting.key == key)
    return preference.default if row is None else json.loads(row.value)


def get_all() -> dict[str, Any]:
    stored = {row.key: json.loads(row.value) for row in Setting.select()}
    return {key: stored.get(key, p.default) for key, p in PREFERENCES.items()}


def set_value(key: str, value: Any) -> Any:
    """Validate and store one preference; returns the stored value."""
    value = _validate(key, value)
    Setting.replace(key=key, value=json.dumps(value)).execute()
    return value


def update(values: dict[str, Any]) -> dict[str, Any]:
    """Validate every value first, then store all of them in one transaction."""
    cleaned = {key: _validate(key, value) for key, value in values.items()}
    with db.atomic():
        for key, value in cleaned.items():
            Setting.replace(key=key, value=json.dumps(value)).execute()
    return cleaned


WORKSPACE_ID_KEY = "workspace_id"


def workspace_id() -> str:
    """This workspace's own random id, made the first time it is asked for (a copy or a
    restored backup keeps it). Exported calendar events and vCards carry it in their UIDs,
    so two workspaces' exports never collide in one calendar or address book."""
    row = Setting.get_or_none(Setting.key == WORKSPACE_ID_KEY)
    if row is None:
        with db.atomic():
            Setting.insert(key=WORKSPACE_ID_KEY, value=json.dumps(uuid.uuid4().hex[:16])) \
                .on_conflict_ignore().execute()
        row = Setting.get(Setting.key == WORKSPACE_ID_KEY)
    return str(json.loads(row.value))
