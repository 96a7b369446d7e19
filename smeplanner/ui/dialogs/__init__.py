"""Dialogs; each exposes an ``ask(...)`` that returns plain values so tests can patch it."""
