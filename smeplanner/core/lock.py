"""The single-writer lock: an OS file lock beside the workspace, held while it is open.

Standard library only, so the window can take the lock before anything else starts.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from smeplanner.core.errors import ReadOnlyWorkspaceError, WorkspaceLockedError


class WorkspaceLock:
    """An OS file lock beside the workspace (``<file>.lock``) held while it is open.

    The OS drops the lock when the process dies, so a crash never leaves a stale lock.
    """

    def __init__(self, workspace_path: Path) -> None:
        self.path = workspace_path.with_name(workspace_path.name + ".lock")
        self._handle: object | None = None

    def acquire(self) -> None:
        workspace = self.path.with_name(self.path.name.removesuffix(".lock"))
        try:
            handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - until release()
        except OSError as error:  # a read-only folder or medium
            raise ReadOnlyWorkspaceError(
                workspace, f"{workspace} cannot be opened for work: its folder cannot be "
                           f"written ({error.strerror or error}). Copy it to a folder of "
                           "yours, then open it again.") from error
        try:
            _lock_file(handle)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip()
            handle.close()
            owner = f" by process {holder}" if holder else ""
            raise WorkspaceLockedError(
                self.path.with_name(self.path.name.removesuffix(".lock")),
                f"The workspace {self.path.name.removesuffix('.lock')} is already open{owner}.\n"
                f"File: {self.path.with_suffix('')}\n"
                "Close the other SME Planner window first; only one may write to a workspace.",
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            _unlock_file(self._handle)
            self._handle.close()  # type: ignore[attr-defined]
            self._handle = None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock_file(handle: object) -> None:
        handle.seek(0)  # type: ignore[attr-defined]
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]

    def _unlock_file(handle: object) -> None:
        handle.seek(0)  # type: ignore[attr-defined]
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
else:
    import fcntl

    def _lock_file(handle: object) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # type: ignore[attr-defined]

    def _unlock_file(handle: object) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)  # type: ignore[attr-defined]
