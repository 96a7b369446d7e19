"""Typed errors raised by the core: bad input versus trouble with the environment."""

from __future__ import annotations

from pathlib import Path


class SMEPlannerError(Exception):
    """Base class of every error the core raises on purpose."""


class ValidationError(SMEPlannerError, ValueError):
    """Input that breaks a rule; ``field`` names the offending field (or row)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFoundError(SMEPlannerError, LookupError):
    """A record asked for by id does not exist."""

    def __init__(self, kind: str, record_id: object) -> None:
        super().__init__(f"No {kind} with id {record_id}")
        self.kind = kind
        self.record_id = record_id


class WorkspaceError(SMEPlannerError):
    """The workspace file cannot be used: locked, too new, not a database, unreadable."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(message)
        self.path = Path(path)


class WorkspaceLockedError(WorkspaceError):
    """Another process already has this workspace open."""


class WorkspaceTooNewError(WorkspaceError):
    """The file was written by a newer SME Planner whose schema this version does not know."""


class NotAWorkspaceError(WorkspaceError):
    """The file exists but is not an SQLite database (or is damaged beyond opening)."""


class DamagedWorkspaceError(WorkspaceError):
    """The file is an SME Planner workspace but damaged (truncated, corrupt pages). It is
    left exactly as it is; ``backup`` is the newest undamaged backup, if there is one."""

    def __init__(self, path: Path | str, message: str, backup: Path | None = None) -> None:
        super().__init__(path, message)
        self.backup = backup


class ReadOnlyWorkspaceError(WorkspaceError):
    """The file (or its folder) cannot be written, so the workspace cannot be opened for
    work; nothing was changed."""
