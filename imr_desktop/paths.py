"""Where things live: shipped resources, the user's data folder, the log folder.

Code finds ``resources/`` only through :func:`resources_dir`, never relative to
the working directory: it differs between a checkout, an installed wheel and a
PyInstaller bundle.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "imr-desktop"
DATA_DIR_ENV = "IMR_DESKTOP_DATA_DIR"


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)  # PyInstaller one-folder bundle
    if bundle:
        return Path(bundle) / "imr_desktop" / "resources"
    package = Path(__file__).resolve().parent
    installed = package / "resources"  # the wheel force-includes resources/ here
    if installed.is_dir():
        return installed
    return package.parent / "resources"  # a source checkout / editable install


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: ``--data-dir``, else ``IMR_DESKTOP_DATA_DIR``, else the
    per-user data directory. Created owner-only on first use."""
    path = data_dir_path(override)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def data_dir_path(override: str | os.PathLike[str] | None = None) -> Path:
    """Where :func:`data_dir` is, without creating it."""
    if override:
        path = Path(override)
    elif os.environ.get(DATA_DIR_ENV):
        path = Path(os.environ[DATA_DIR_ENV])
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, appauthor=False))
    return path.expanduser().resolve()


def log_dir() -> Path:
    from platformdirs import user_log_dir

    path = Path(user_log_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


# Below this much free space SQLite cannot be relied on to open a file (its shared
# memory index and write-ahead log are created at open).
LOW_SPACE_BYTES = 1024 * 1024


def folder_problem(folder: Path) -> str | None:
    """Why ``folder`` cannot be written, in the reviewer's words, or None when it can
    (checked after an open failed, so a read-only or full disk is not called a
    damaged file, nor the app "already open")."""
    folder = Path(folder)
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    try:
        stats = os.statvfs(folder)
    except OSError:
        return None
    if stats.f_flag & os.ST_RDONLY:
        return (
            f"the data folder {folder} is on a read-only disk; mount it writable or copy "
            "the folder to a writable place"
        )
    if not os.access(folder, os.W_OK):
        return (
            f"the data folder {folder} is read-only for you (no permission to write in "
            "it); give your user write access to it"
        )
    free = stats.f_bavail * stats.f_frsize
    if free < LOW_SPACE_BYTES:
        return (
            f"the disk holding the data folder {folder} is full ({free // 1024} KB "
            "free); free some space"
        )
    return None
