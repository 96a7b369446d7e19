"""The Linux desktop files and icons agree with the package, and the bundle rules keep what
the app needs. No Qt, no build: these read files."""

from __future__ import annotations

import configparser
import struct
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import smeplanner
from smeplanner import APP_ID, APP_NAME, __version__

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

sys.path.insert(0, str(ROOT / "packaging"))
import bundle_rules  # noqa: E402  (packaging/ is not a package)


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def _metainfo() -> ET.Element:
    return ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()


def test_desktop_entry_names_the_app_its_icon_and_window_class():
    entry = _desktop_entry()
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["gui-scripts"]
    assert entry["Name"] == APP_NAME
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] in scripts
    # Qt's X11 WM_CLASS class is the application name (set in ui/app.py).
    assert entry["StartupWMClass"] == APP_NAME
    assert "Office" in entry["Categories"].split(";")


def test_metainfo_matches_the_package():
    root = _metainfo()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == APP_NAME
    assert root.findtext("project_license") == project["license"]
    assert root.find("launchable").text == f"{APP_ID}.desktop"
    releases = [release.get("version") for release in root.iter("release")]
    assert releases[0] == __version__


def test_screenshots_are_the_repositorys_own():
    urls = [image.text for image in _metainfo().iter("image")]
    assert urls
    prefix = "https://raw.githubusercontent.com/smeplanner/smeplanner/main/"
    for url in urls:
        assert url.startswith(prefix)
        assert (ROOT / url.removeprefix(prefix)).is_file(), url


@pytest.mark.parametrize("size", SIZES)
def test_png_icons_have_their_size(size):
    data = (LINUX / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (size, size)


def test_scalable_icon_is_the_app_icon():
    scalable = LINUX / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    app_svg = Path(smeplanner.__file__).parent / "resources" / "icons" / "app.svg"
    assert scalable.read_bytes() == app_svg.read_bytes()


def test_spec_reads_the_constants_without_importing():
    constants = bundle_rules.read_constants(ROOT / "smeplanner" / "__init__.py")
    assert (constants["__version__"], constants["APP_ID"]) == (__version__, APP_ID)


@pytest.mark.parametrize(("dest", "unwanted"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
    ("PySide6\\plugins\\platforms\\qwindows.dll", False),
    ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", False),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
    ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", False),
    ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", False),
    ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", False),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", True),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", True),
    ("PySide6/Qt/plugins/imageformats/libqpdf.so", True),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
    ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", True),
    ("PySide6/Qt/plugins/qmltooling/libqmldbg_tcp.so", True),
    ("PySide6/Qt/translations/qtbase_de.qm", True),
    ("PySide6/Qt/lib/libQt6Core.so.6", False),
    ("matplotlib/mpl-data/matplotlibrc", False),
])
def test_bundle_keeps_only_the_qt_plugins_the_app_uses(dest, unwanted):
    assert bundle_rules.unwanted_qt_file(dest) is unwanted


def test_no_test_tool_is_bundled():
    for name in ("pytest", "hypothesis", "ruff", "tkinter", "pytestqt"):
        assert name in bundle_rules.EXCLUDED_MODULES
    bundle_rules.check_clean([("smeplanner.cli", "", "PYMODULE")])
    with pytest.raises(SystemExit, match="pytest"):
        bundle_rules.check_clean([("pytest", "", "PYMODULE")])

