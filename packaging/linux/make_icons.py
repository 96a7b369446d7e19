"""Render the one app icon, ``smeplanner/resources/icons/app.svg``, into the hicolor theme.

Writes ``icons/hicolor/<n>x<n>/apps/<app id>.png`` for the sizes Linux desktops look up, and
copies the SVG as ``icons/hicolor/scalable/apps/<app id>.svg``. Uses Qt's own SVG renderer on
the offscreen platform, so it needs nothing but PySide6 and runs the same on every system.

    python packaging/linux/make_icons.py          # (re)write the icons (`make icons`)
    python packaging/linux/make_icons.py --check  # exit 1 if a committed icon is stale
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SOURCE = ROOT / "smeplanner" / "resources" / "icons" / "app.svg"
THEME = HERE / "icons" / "hicolor"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_id() -> str:
    """APP_ID from ``smeplanner/__init__.py``, read as text (no package import needed)."""
    for line in (ROOT / "smeplanner" / "__init__.py").read_text(encoding="utf-8").splitlines():
        if line.startswith("APP_ID"):
            return line.split("=", 1)[1].strip().strip("\"'")
    raise SystemExit("APP_ID not found in smeplanner/__init__.py")


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    """The SVG drawn on a transparent ``size``×``size`` square, as PNG bytes."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError(f"Qt could not encode the {size}px icon as PNG")
    buffer.close()
    return bytes(data.data())


def wanted_files() -> dict[Path, bytes]:
    """Every icon file of the theme and the bytes it should hold."""
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not an SVG Qt can read")
    name = app_id()
    files = {THEME / f"{size}x{size}" / "apps" / f"{name}.png": render_png(renderer, size)
             for size in SIZES}
    files[THEME / "scalable" / "apps" / f"{name}.svg"] = SOURCE.read_bytes()
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only compare with the files on disk; exit 1 if any differs")
    args = parser.parse_args(argv)
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841 (fonts)
    stale = []
    for path, data in wanted_files().items():
        if path.is_file() and path.read_bytes() == data:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    shown = [str(path.relative_to(ROOT)) for path in stale]
    if args.check:
        if stale:
            print("stale icons (run `make icons`):\n  " + "\n  ".join(shown))
            return 1
        print("icons are up to date")
        return 0
    print(f"wrote {len(stale)} icon(s)" + (":\n  " + "\n  ".join(shown) if shown else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
