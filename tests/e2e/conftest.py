"""End-to-end test set-up: each test's UI state (QSettings) lives in a temporary folder."""

from tests.ui.fixtures import isolated_ui_state, make_window

__all__ = ["isolated_ui_state", "make_window"]
