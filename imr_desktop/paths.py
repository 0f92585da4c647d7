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
    if override:
        path = Path(override)
    elif os.environ.get(DATA_DIR_ENV):
        path = Path(os.environ[DATA_DIR_ENV])
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, appauthor=False))
    path = path.expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def log_dir() -> Path:
    from platformdirs import user_log_dir

    path = Path(user_log_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
