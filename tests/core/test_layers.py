"""The house rules of DESIGN.md that a test can check."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "smeplanner"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_imports_no_qt_in_source():
    offenders = {str(path.relative_to(PACKAGE)): sorted(
        name for name in _imported_modules(path)
        if name.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6", "matplotlib"}
        or name.startswith("smeplanner.ui"))
        for path in (PACKAGE / "core").rglob("*.py")}
    assert {path: names for path, names in offenders.items() if names} == {}


def _top_packages_loaded(imports: str, watched: set[str]) -> list[str]:
    """Which of ``watched`` a fresh interpreter has loaded after ``import <imports>``."""
    code = (f"import sys, {imports}; "
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({sorted(watched)!r})))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=PACKAGE.parent)
    return ast.literal_eval(result.stdout.strip())


def test_importing_core_loads_no_qt():
    assert _top_packages_loaded(
        "smeplanner.core.db, smeplanner.core.search, smeplanner.core.demo, "
        "smeplanner.core.deals, smeplanner.core.listing", {"PySide6", "shiboken6"}) == []


def test_ui_imports_no_peewee():
    offenders = {str(path.relative_to(PACKAGE)): sorted(
        name for name in _imported_modules(path)
        if name.split(".")[0] in {"peewee", "playhouse", "sqlite3"}
        or name == "smeplanner.core.models")
        for path in (PACKAGE / "ui").rglob("*.py")}
    assert {path: names for path, names in offenders.items() if names} == {}


def test_command_line_entry_imports_neither_qt_nor_the_database_layer():
    """The window must not wait for peewee, nor a sub-command for Qt, before it starts."""
    assert _top_packages_loaded(
        "smeplanner.cli", {"PySide6", "peewee", "playhouse", "sqlite3", "matplotlib"}) == []


def test_the_window_shell_imports_neither_the_database_layer_nor_matplotlib():
    assert _top_packages_loaded(
        "smeplanner.ui.app", {"peewee", "playhouse", "sqlite3", "matplotlib"}) == []


def test_preloading_the_pages_does_not_import_matplotlib():
    """Page modules are imported in idle time after start-up; matplotlib (~450 ms) waits
    until the Reports page is first built."""
    pages = ", ".join(f"smeplanner.ui.pages.{name}" for name in
                      ("week", "contacts", "deals", "campaigns", "reports", "settings"))
    assert _top_packages_loaded(pages, {"matplotlib"}) == []


def test_chart_functions_import_no_qt():
    """Charts are pure matplotlib over an Axes, so the PDF report can draw them on a worker
    thread and tests inspect them without a display."""
    offenders = {str(path.relative_to(PACKAGE)): sorted(
        name for name in _imported_modules(path)
        if name.split(".")[0] in {"PySide6", "shiboken6", "peewee"}
        or (name.startswith("smeplanner.ui.") and not name.startswith("smeplanner.ui.charts")))
        for path in (PACKAGE / "ui" / "charts").rglob("*.py")}
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_window_paints_before_qt_namespace_and_workspace_menus_load(tmp_path):
    """Start-up speed (issue 2's startup_first_window_s): the first paint waits neither for
    the ``Qt`` namespace (about a hundred enums, ~10 ms) nor for code only a workspace uses
    (File menu import/export, the search drop-down, the database layer)."""
    code = """if True:
        import os, sys
        import PySide6.QtCore as core
        from PySide6.QtCore import QEvent, QObject
        from smeplanner.ui.app import create_application, start

        app = create_application([sys.argv[0]])
        startup = start(sys.argv[1])

        class Probe(QObject):
            def eventFilter(self, watched, event):
                if event.type() == QEvent.Type.Paint:
                    loaded = ["Qt"] if "Qt" in vars(core) else []
                    loaded += sorted(name for name in sys.modules if name in {
                        "smeplanner.ui.file_actions", "smeplanner.ui.widgets.search_popup",
                        "smeplanner.core.db", "peewee"})
                    print(loaded, flush=True)
                    os._exit(0)
                return False

        probe = Probe()
        startup.window.installEventFilter(probe)
        app.exec()
    """
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "shop.smeplanner")],
                            capture_output=True, text=True, cwd=PACKAGE.parent, env=env,
                            timeout=60, check=True)
    assert ast.literal_eval(result.stdout.strip().splitlines()[-1]) == []
