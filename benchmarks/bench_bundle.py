"""The packaged app, dist/smeplanner/ as `make package` builds it (built first if missing):

- bundle_size_mb: the bundle folder's size (MiB, apparent size of every file in it).
- bundle_start_s: seconds from launching the bundled executable over the 100k-contact
  workspace to the first paint of its main window (offscreen). The app reports it itself
  when $SMEPLANNER_FIRST_PAINT_SINCE holds the launch time (smeplanner/first_paint.py),
  then quits; the window comes up as `run_gui` brings it up. Median of alternating runs.

Floor for both: a one-folder bundle of the smallest PySide6-Essentials app
(benchmarks/bundle_floor_app.py: a QMainWindow holding one QLabel), built with the same
PyInstaller and the same trimming rules (packaging/bundle_rules.py: Qt plugins, excludes,
debug info) in a scratch folder. It is cached in bench-data/ per PyInstaller, PySide6 and
Python version, as it takes about half a minute to build. For the start-up the floor runs
the same bundle with ``--bare`` (an empty QMainWindow: startup_first_window_s's floor, but
paying the same bundle start-up as the app); the note also gives that unbundled floor.
Both ratios are informative: the app bundles Python, numpy and matplotlib besides Qt.
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import bench_startup
from benchmarks.common import DATA, ROOT, Result, median

RUNS = 11
BUNDLE = ROOT / "dist" / "smeplanner"
FLOOR_APP = Path(__file__).with_name("bundle_floor_app.py")
FLOOR_SPEC = """\
import sys
from pathlib import Path
sys.path.insert(0, {packaging!r})
import bundle_rules

a = Analysis([{script!r}], excludes=bundle_rules.EXCLUDED_MODULES)
bundle_rules.check_clean(a.pure)
a.binaries, a.datas, _removed = bundle_rules.trim(a.binaries, a.datas)
pyz = PYZ(a.pure)
exe = EXE(pyz, a.scripts, [], exclude_binaries=True, name="floor", console=True,
          strip=False, upx=False, contents_directory="_internal")
COLLECT(exe, a.binaries, a.datas, strip=False, upx=False, name="floor")
bundle_rules.strip_python_debug_info(Path(DISTPATH) / "floor" / "_internal")
"""


def _executable(folder: Path, name: str) -> Path:
    return folder / (f"{name}.exe" if sys.platform.startswith("win") else name)


def size_mib(folder: Path) -> float:
    """Apparent size of every file under ``folder``, in MiB (links not followed)."""
    total = sum(path.lstat().st_size for path in folder.rglob("*")
                if path.is_file() and not path.is_symlink())
    return total / 2**20


def ensure_app_bundle() -> Path:
    app = _executable(BUNDLE, "smeplanner")
    if not app.exists():
        print("bundle: dist/smeplanner is missing; running make package", flush=True)
        subprocess.run(["make", "package"], cwd=ROOT, check=True)
    return app


def ensure_floor_bundle() -> Path:
    """The floor bundle, built once per PyInstaller/PySide6/Python version."""
    versions = "-".join((importlib.metadata.version("pyinstaller"),
                         importlib.metadata.version("PySide6-Essentials"),
                         platform.python_version()))
    home = DATA / f"bundle-floor-{versions}"
    floor = _executable(home / "floor", "floor")
    if floor.exists():
        return floor
    print(f"bundle: building the floor bundle in {home}", flush=True)
    with tempfile.TemporaryDirectory(prefix="smeplanner-floor-") as scratch:
        spec = Path(scratch) / "floor.spec"
        spec.write_text(FLOOR_SPEC.format(packaging=str(ROOT / "packaging"),
                                          script=str(FLOOR_APP)), encoding="utf-8")
        shutil.rmtree(home, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level",
                        "WARN", "--distpath", str(home), "--workpath",
                        str(Path(scratch) / "build"), str(spec)], check=True, cwd=scratch)
    return floor


def first_paint(command: list[str], config: Path) -> float:
    """Launch ``command`` and return the seconds to its first paint, as it reports them."""
    launched = time.time()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(config),
           "SMEPLANNER_FIRST_PAINT_SINCE": repr(launched)}
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"{command[0]} failed ({result.returncode}):\n"
                           f"{result.stderr[-3000:]}")
    word, seconds = result.stdout.strip().splitlines()[-1].split()
    assert word == "first-paint", result.stdout
    return float(seconds)


def run(path: Path) -> list[Result]:
    app = ensure_app_bundle()
    floor = ensure_floor_bundle()
    app_size, floor_size = size_mib(BUNDLE), size_mib(floor.parent)
    with tempfile.TemporaryDirectory(prefix="smeplanner-bench-") as scratch:
        config = Path(scratch)
        app_command = [str(app), "--db", str(path)]
        floor_command = [str(floor), "--bare"]
        first_paint(floor_command, config)  # warm the OS file cache for both
        first_paint(app_command, config)
        bare, window = [], []
        for _ in range(RUNS):
            bare.append(first_paint(floor_command, config))
            window.append(first_paint(app_command, config))
        label = median([first_paint([str(floor)], config) for _ in range(3)])
    unbundled = median([bench_startup._launch("bare", path)[0] for _ in range(5)])
    return [
        Result("bundle_size_mb", app_size, "MiB", floor_size,
               note=f"dist/smeplanner, {sum(p.is_file() for p in BUNDLE.rglob('*'))} files; floor: "
                    f"a bundled QLabel window, same build rules"),
        Result("bundle_start_s", median(window), "s", median(bare),
               note=f"median of {RUNS}; runs {min(window):.3f}–{max(window):.3f} s; floor: "
                    f"bundled bare window; with a label {label:.3f} s; bare window "
                    f"unbundled (startup floor) {unbundled:.3f} s"),
    ]
