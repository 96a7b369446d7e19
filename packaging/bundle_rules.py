"""What the PyInstaller bundle carries and what it leaves out.

Shared by ``smeplanner.spec`` and the bundle benchmark's floor (a minimal PySide6 window
built the same way), so both bundles are trimmed by the same rules. Standard library and
PyInstaller only: it runs inside PyInstaller while it reads a spec.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

# matplotlib backends the app draws with: Agg (PNG export), QtAgg (the Reports page),
# PDF (report and chart export) and SVG (chart export). Given to the matplotlib hook.
MATPLOTLIB_BACKENDS = ["Agg", "QtAgg", "PDF", "SVG"]

# Modules never to bundle: test and lint tools, the Tk GUI toolkit, build tools, and the
# Qt modules of PySide6-Essentials the app does not import.
EXCLUDED_MODULES = [
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib",
    "pytest", "_pytest", "pytestqt", "hypothesis", "ruff", "py", "pluggy", "iniconfig",
    "tests", "numpy.tests", "numpy.testing", "matplotlib.tests", "matplotlib.testing",
    # Not unittest: pyparsing (under matplotlib) imports it on import.
    "doctest",
    # icalendar's optional pytz time-zone provider; it uses the standard zoneinfo.
    "pytz",
    "PyInstaller", "pip", "setuptools", "pkg_resources", "distutils", "lib2to3",
    "IPython", "jedi", "pydoc_data",
    *(f"PySide6.{name}" for name in (
        "QtNetwork", "QtQml", "QtQuick", "QtQuickControls2", "QtQuickWidgets", "QtQuickTest",
        "QtOpenGL", "QtOpenGLWidgets", "QtSql", "QtTest", "QtXml", "QtConcurrent",
        "QtDesigner", "QtHelp", "QtUiTools", "QtSvgWidgets", "QtNetworkAuth", "QtWebEngineCore",
        "QtWebEngineWidgets", "QtMultimedia", "QtCharts", "QtDataVisualization", "QtPdf")),
]

# Top-level packages whose presence in the bundle is a mistake (checked after analysis).
FORBIDDEN_PACKAGES = ("tkinter", "_tkinter", "pytest", "_pytest", "pytestqt", "hypothesis",
                      "ruff", "tests", "PyInstaller", "pip")

# Qt plugin folders to keep, and which plugins in each (a part of the file name); None
# keeps the whole folder. Every other plugin folder is left out.
QT_PLUGINS: dict[str, tuple[str, ...] | None] = {
    # Native windows (X11, Wayland, Windows, macOS) and the headless one (tests, CI,
    # --self-test without a display).
    "platforms": ("qxcb", "qwayland", "qwindows", "qcocoa", "qoffscreen"),
    # Native file dialogs through the desktop portal (GNOME, KDE, Flatpak). Not qgtk3:
    # it would pull the build machine's GTK 3 into the bundle.
    "platformthemes": ("qxdgdesktopportal",),
    # Typing accents with a compose key, and input methods (IBus) on Linux.
    "platforminputcontexts": ("compose", "ibus"),
    # The icons are SVG: read as images and as icons.
    "imageformats": ("qsvg",),
    "iconengines": ("qsvgicon",),
    # Native widget styles on Windows and macOS (Linux uses Fusion, built into Qt).
    "styles": None,
    # Printing the agenda sheet (CUPS on Linux and macOS).
    "printsupport": None,
    # Windows on Wayland: the xdg-shell protocol and client-side decorations.
    "wayland-shell-integration": ("xdg-shell",),
    "wayland-decoration-client": None,
}

# Qt's own translations: the app installs no QTranslator (its strings are not translated
# yet), so Qt's .qm files would never be read.
_QT_TRANSLATIONS = re.compile(r"(^|[/\\])PySide6[/\\](Qt[/\\])?translations[/\\]")
_PLUGIN = re.compile(r"(^|[/\\])PySide6[/\\](?:Qt[/\\])?plugins[/\\]([^/\\]+)[/\\]([^/\\]+)$")


def read_constants(init_file: Path) -> dict[str, str]:
    """The string constants (``__version__``, ``APP_ID``...) of ``smeplanner/__init__.py``,
    read from its source so that building does not import the package (nor Qt)."""
    tree = ast.parse(init_file.read_text(encoding="utf-8"))
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) \
                and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value.value
    return found


def unwanted_qt_file(dest: str) -> bool:
    """Whether a bundled file (its path in the bundle) is a Qt plugin or translation the app
    does not need."""
    if _QT_TRANSLATIONS.search(dest):
        return True
    match = _PLUGIN.search(dest)
    if match is None:
        return False
    folder, name = match.group(2), match.group(3)
    if folder not in QT_PLUGINS:
        return True
    keep = QT_PLUGINS[folder]
    return keep is not None and not any(part in name for part in keep)


def _imports_of(source: str) -> set[str]:
    """Base names of the shared libraries ``source`` links to (empty if it cannot tell)."""
    from PyInstaller.depend import bindepend

    try:
        return {os.path.basename(name) for name, _path in bindepend.get_imports(source)}
    except Exception:  # not a binary PyInstaller can read: it links to nothing we drop
        return set()


def drop_with_dependencies(binaries: list[tuple[str, str, str]],
                           dropped: set[str]) -> tuple[list[tuple[str, str, str]], list[str]]:
    """``binaries`` without the entries named in ``dropped`` (bundle paths) and without the
    libraries that only they brought in (a Qt module only a dropped plugin links to). A
    library anything kept links to, directly or not, stays."""
    files = [(dest, source) for dest, source, kind in binaries if kind != "SYMLINK"]
    by_base: dict[str, str] = {}
    for dest, _source in files:
        by_base.setdefault(os.path.basename(dest), dest)
    sources = dict(files)

    def closure(start: Iterable[str]) -> set[str]:
        seen: set[str] = set()
        todo = list(start)
        while todo:
            dest = todo.pop()
            if dest in seen:
                continue
            seen.add(dest)
            todo.extend(by_base[name] for name in _imports_of(sources[dest]) if name in by_base)
        return seen

    brought_in = closure(dropped) - dropped
    kept_roots = set(sources) - dropped - brought_in
    still_needed = closure(kept_roots)
    removed = dropped | (brought_in - still_needed)
    return [entry for entry in binaries if entry[0] not in removed], sorted(removed)


def _without_dangling_links(entries: list[tuple[str, str, str]], gone: set[str]
                            ) -> list[tuple[str, str, str]]:
    """``entries`` less the symbolic links PyInstaller adds (``libQt6Core.so.6`` at the top
    pointing into ``PySide6/Qt/lib``) whose target is in ``gone``."""
    gone = {os.path.normpath(dest) for dest in gone}

    def dangling(dest: str, target: str, kind: str) -> bool:
        return kind == "SYMLINK" and os.path.normpath(
            os.path.join(os.path.dirname(dest), target)) in gone

    return [entry for entry in entries if not dangling(*entry)]


def trim(binaries: list[tuple[str, str, str]], datas: list[tuple[str, str, str]]
         ) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]], list[str]]:
    """The Analysis' binaries and datas without the unneeded Qt plugins and translations,
    the libraries only they needed, and the links to any of those; the third item lists
    the files removed."""
    dropped = {dest for dest, _source, kind in binaries
               if kind != "SYMLINK" and unwanted_qt_file(dest)}
    binaries, removed = drop_with_dependencies(binaries, dropped)
    removed += sorted(dest for dest, _source, _kind in datas if unwanted_qt_file(dest))
    datas = [entry for entry in datas if not unwanted_qt_file(entry[0])]
    gone = set(removed)
    return (_without_dangling_links(binaries, gone), _without_dangling_links(datas, gone),
            removed)


def check_clean(pure: Iterable[tuple[str, str, str]]) -> None:
    """Refuse a bundle that picked up test tools or tkinter (a stray import pulled them)."""
    found = sorted({name.split(".")[0] for name, _source, _kind in pure
                    if name.split(".")[0] in FORBIDDEN_PACKAGES})
    if found:
        raise SystemExit(f"the bundle would include {', '.join(found)}: find the import that "
                         "pulls them in, or add them to EXCLUDED_MODULES")


def strip_python_debug_info(internal: Path) -> None:
    """On Linux, drop the debug information of Python's own binaries in a built bundle's
    ``_internal`` folder (a Python built from source carries ~30 MB of it).

    Only those: PyInstaller's ``strip=True`` strips every library, and numpy's OpenBLAS,
    patched when its wheel was made, then fails to load ("ELF load command address/offset
    not page-aligned"). Not on macOS (it would break code signatures) nor Windows.
    """
    if not sys.platform.startswith("linux") or shutil.which("strip") is None:
        return
    own = [*internal.glob("libpython3*.so*"), *internal.glob("python3*/lib-dynload/*.so")]
    files = [str(path) for path in own if path.is_file() and not path.is_symlink()]
    if files:
        subprocess.run(["strip", "--strip-debug", *files], check=True)
