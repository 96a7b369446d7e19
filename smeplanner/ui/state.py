"""UI state kept between runs (geometry, column layout, last page) in one QSettings store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings

from smeplanner import ORG_NAME

if TYPE_CHECKING:
    from PySide6.QtWidgets import QHeaderView

SETTINGS_NAME = "smeplanner"


def ui_settings() -> QSettings:
    """The one UI-state store: an INI file in the user's config folder.

    Tests redirect it with ``QSettings.setPath(IniFormat, UserScope, tmp_dir)``.
    """
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG_NAME,
                     SETTINGS_NAME)


def load_bytes(key: str) -> QByteArray | None:
    """A saved blob (geometry, header state), or None when nothing usable is stored."""
    value = ui_settings().value(key)
    if isinstance(value, QByteArray) and not value.isEmpty():
        return value
    return None


def load_text(key: str, default: str = "") -> str:
    value = ui_settings().value(key)
    return value if isinstance(value, str) else default


def load_int(key: str, default: int = 0) -> int:
    value = ui_settings().value(key)
    try:
        return int(value) if value is not None else default
    except (TypeError, ValueError):
        return default


def save_value(key: str, value: object) -> None:
    ui_settings().setValue(key, value)


def save_header(header: QHeaderView, key: str, columns: tuple[str, ...]) -> None:
    """Column widths, order and sort indicator, tagged with the column keys they belong to."""
    store = ui_settings()
    store.setValue(f"{key}/header", header.saveState())
    store.setValue(f"{key}/columns", ",".join(columns))


def restore_header(header: QHeaderView, key: str, columns: tuple[str, ...]) -> bool:
    """Restore a saved layout only if it was saved for the same columns (a schema may grow)."""
    if load_text(f"{key}/columns") != ",".join(columns):
        return False
    state = load_bytes(f"{key}/header")
    return state is not None and header.restoreState(state)
