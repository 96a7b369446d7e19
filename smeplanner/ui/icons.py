"""Icons for pages and actions: our SVGs from ``smeplanner/resources/icons``, else Qt's own."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

# Package data, so an installed wheel or a bundle carries them too.
ICON_DIR = Path(__file__).resolve().parents[1] / "resources" / "icons"

# Used when an SVG is missing. Names, not enum members: touching QStyle's enums at import
# costs several milliseconds of start-up for icons that are almost never needed.
_FALLBACKS = {
    "week": "SP_FileDialogDetailedView",
    "contacts": "SP_DirHomeIcon",
    "deals": "SP_DialogApplyButton",
    "campaigns": "SP_MediaPlay",
    "reports": "SP_FileDialogContentsView",
    "settings": "SP_FileDialogListView",
    "search": "SP_FileDialogContentsView",
    "app": "SP_DesktopIcon",
}


@cache
def icon(name: str) -> QIcon:
    """The icon called ``name`` (week, contacts, deals, campaigns, reports, settings, search)."""
    path = ICON_DIR / f"{name}.svg"
    if path.is_file():
        return QIcon(str(path))
    from PySide6.QtWidgets import QStyle

    style = QApplication.style()
    fallback = getattr(QStyle.StandardPixmap, _FALLBACKS.get(name, "SP_FileIcon"))
    return style.standardIcon(fallback) if style is not None else QIcon()
