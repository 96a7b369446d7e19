"""Where a workspace lives: ``--db PATH``, ``$SMEPLANNER_DB``, or the user data folder.

Standard library only, so the window can find and lock the file before the database
layer is even imported.
"""

from __future__ import annotations

import os
from pathlib import Path

from smeplanner.core.errors import WorkspaceError

ENV_VAR = "SMEPLANNER_DB"
DEFAULT_FILENAME = "workspace.smeplanner"


def default_workspace_path() -> Path:
    import platformdirs  # only when no path is given: saves start-up time otherwise

    return Path(platformdirs.user_data_dir("smeplanner", appauthor=False)) / DEFAULT_FILENAME


def resolve_workspace_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--db PATH`` first, then ``$SMEPLANNER_DB``, then the user data dir."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env).expanduser().resolve()
    return default_workspace_path()


def prepare_folder(path: Path) -> None:
    """Create the workspace's folder, private to the owner, if it is missing."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        raise WorkspaceError(path, f"Cannot create the folder {path.parent}: {error}") from error
