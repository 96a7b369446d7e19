"""Workspace preferences: typed defaults, validation, all-or-nothing updates."""

from __future__ import annotations

import json

import pytest

from smeplanner.core import settings
from smeplanner.core.errors import ValidationError


def stored(workspace):
    return dict(workspace.database.execute_sql("SELECT key, value FROM setting").fetchall())


def test_defaults_without_stored_rows(workspace):
    assert settings.get_all() == {key: p.default for key, p in settings.PREFERENCES.items()}
    assert settings.get("currency") == "EUR"
    assert settings.get("week_start") == 0
    assert settings.get("auto_lifecycle") is True
    assert stored(workspace) == {}


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("business_name", "  Bäckerei Schmidt  ", "Bäckerei Schmidt"),
    ("currency", "usd", "USD"),
    ("currency", " gbp ", "GBP"),
    ("week_start", 6, 6),
    ("week_start", 0, 0),
    ("sales_share_target", 100, 100),
    ("sales_share_target", 0, 0),
    ("auto_lifecycle", False, False),
    ("stale_lead_days", 1, 1),
])
def test_set_value_stores_json_and_reads_back(workspace, key, value, expected):
    assert settings.set_value(key, value) == expected
    assert settings.get(key) == expected
    assert json.loads(stored(workspace)[key]) == expected
    assert settings.get_all()[key] == expected


def test_set_value_replaces(workspace):
    settings.set_value("currency", "USD")
    settings.set_value("currency", "CHF")
    assert stored(workspace) == {"currency": '"CHF"'}


BAD_SETTING = [
    ("currency", "EURO"),
    ("currency", "EU"),
    ("currency", "E1R"),
    ("currency", ""),
    ("currency", 978),
    ("week_start", 7),
    ("week_start", -1),
    ("week_start", True),
    ("week_start", "1"),
    ("week_start", 1.0),
    ("sales_share_target", 101),
    ("sales_share_target", -1),
    ("stale_lead_days", 0),
    ("business_name", ""),
    ("business_name", "   "),
    ("business_name", None),
    ("auto_lifecycle", "yes"),
    ("auto_lifecycle", 1),
    ("theme", "dark"),
]


@pytest.mark.parametrize(("key", "value"), BAD_SETTING)
def test_set_value_refuses_bad_values_naming_the_key(workspace, key, value):
    with pytest.raises(ValidationError) as caught:
        settings.set_value(key, value)
    assert caught.value.field == key
    assert stored(workspace) == {}


@pytest.mark.parametrize(("key", "value"), BAD_SETTING)
def test_refused_value_keeps_the_stored_one(workspace, key, value):
    good = {"currency": "USD", "week_start": 3, "sales_share_target": 50,
            "stale_lead_days": 14, "business_name": "Acme", "auto_lifecycle": False}
    settings.update(good)
    before = stored(workspace)
    with pytest.raises(ValidationError):
        settings.set_value(key, value)
    assert stored(workspace) == before


def test_get_unknown_key(workspace):
    with pytest.raises(ValidationError) as caught:
        settings.get("theme")
    assert caught.value.field == "theme"


def test_update_stores_every_value(workspace):
    result = settings.update({"currency": "sek", "week_start": 6, "auto_lifecycle": False})
    assert result == {"currency": "SEK", "week_start": 6, "auto_lifecycle": False}
    assert {key: settings.get(key) for key in result} == result
    assert set(stored(workspace)) == {"currency", "week_start", "auto_lifecycle"}


@pytest.mark.parametrize("bad", [{"week_start": 9}, {"currency": "EURO"}, {"theme": "dark"}])
def test_update_with_one_bad_value_stores_none(workspace, bad):
    settings.set_value("business_name", "Acme")
    before = stored(workspace)
    with pytest.raises(ValidationError) as caught:
        settings.update({"currency": "USD", "business_name": "Other", **bad})
    assert caught.value.field == next(iter(bad))
    assert stored(workspace) == before
    assert settings.get("currency") == "EUR"
    assert settings.get("business_name") == "Acme"


@pytest.mark.parametrize("code", ["éur", "ÄÖÜ"])
def test_currency_must_be_ascii_letters(workspace, code):
    with pytest.raises(ValidationError):
        settings.set_value("currency", code)
