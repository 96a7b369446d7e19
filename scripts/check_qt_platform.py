"""Before `make run`: name the system libraries Qt's X11 plugin lacks, and how to get them.

Qt otherwise aborts with "Could not load the Qt platform plugin xcb" and no hint of the cause.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

# Library file → Debian/Ubuntu package that ships it.
DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}


def missing_libraries() -> list[str]:
    try:
        import PySide6
    except ImportError:
        return []
    qt = Path(PySide6.__file__).parent / "Qt"
    candidates = [qt / "plugins" / "platforms" / "libqxcb.so", qt / "lib" / "libQt6XcbQpa.so.6"]
    missing: set[str] = set()
    for library in candidates:
        if not library.exists():
            continue
        output = subprocess.run(["ldd", str(library)], capture_output=True, text=True).stdout
        missing.update(line.split()[0] for line in output.splitlines() if "not found" in line)
    return sorted(missing)


def main() -> int:
    if not sys.platform.startswith("linux") or not shutil.which("ldd"):
        return 0
    if os.environ.get("QT_QPA_PLATFORM", "xcb") not in ("xcb", ""):
        return 0
    if os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("DISPLAY"):
        return 0
    missing = missing_libraries()
    if not missing:
        return 0
    packages = sorted({DEBIAN_PACKAGES.get(name, name) for name in missing})
    print("Qt's X11 platform plugin needs system libraries that this machine lacks:",
          file=sys.stderr)
    for name in missing:
        print(f"  {name}", file=sys.stderr)
    print("\nOn Debian or Ubuntu, install them with:\n\n"
          f"  sudo apt-get install {' '.join(packages)}\n", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
