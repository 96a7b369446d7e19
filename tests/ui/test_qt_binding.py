"""The installed Qt binding keeps Python's reference counts right.

PySide6 6.12.0 on CPython 3.11 dropped a reference to None on every call of a Qt method
returning nothing, and Python aborted ("none_dealloc") after a few thousand calls — a few
minutes of filtering contacts. pyproject.toml keeps that release off 3.11; this fails if
a binding with the bug is installed again.
"""

from __future__ import annotations

import os
import subprocess
import sys

CODE = """
import sys
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
widget = QWidget()
before = sys.getrefcount(None)
for _ in range(20000):
    widget.update()
print(before - sys.getrefcount(None))
"""


def test_many_qt_calls_do_not_lose_references_to_none():
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                            timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr[-500:]
    lost = int(result.stdout.strip().splitlines()[-1])
    assert sys.version_info >= (3, 12) or lost == 0
