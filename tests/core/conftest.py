"""Fixtures for the core tests."""

from __future__ import annotations

import time

import pytest


@pytest.fixture
def zone(monkeypatch):
    """Call with a zone name to run the rest of the test in that local time zone."""
    def use(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()
    yield use
    monkeypatch.undo()
    time.tzset()
