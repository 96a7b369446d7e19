"""Icons for pages and actions: our SVGs from ``smeplanner/resources/icons``, else Qt's own."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

# Package data, so an installed wheel or a bundle carries them too.
ICON_DIR = Path(__file__).resolve().parents[1] / "resources" / "icons"

# Used when the SVG is not installed next to the code (e.g. a wheel without resources/).
_FALLBACKS = {
    "week": QStyle.StandardPixmap.SP_FileDialogDetailedView,
    "contacts": QStyle.StandardPixmap.SP_DirHomeIcon,
    "deals": QStyle.StandardPixmap.SP_DialogApplyButton,
    "campaigns": QStyle.StandardPixmap.SP_MediaPlay,
    "reports": QStyle.StandardPixmap.SP_FileDialogContentsView,
    "settings": QStyle.StandardPixmap.SP_FileDialogListView,
    "search": QStyle.StandardPixmap.SP_FileDialogContentsView,
    "app": QStyle.StandardPixmap.SP_DesktopIcon,
}


@cache
def icon(name: str) -> QIcon:
    """The icon called ``name`` (week, contacts, deals, campaigns, reports, settings, search)."""
    path = ICON_DIR / f"{name}.svg"
    if path.is_file():
        return QIcon(str(path))
    style = QApplication.style()
    fallback = _FALLBACKS.get(name, QStyle.StandardPixmap.SP_FileIcon)
    return style.standardIcon(fallback) if style is not None else QIcon()
