"""Log files: rotating, owner-only, in the per-user log folder.

When the data folder was chosen explicitly (``--data-dir`` / ``IMR_DESKTOP_DATA_DIR``)
the logs go to ``<data>/logs`` so a test or a portable folder keeps its own.
What is logged names events, case numbers and counts; never patient text (a test
plants a marker in a case, runs the main flows and searches these files for it).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from imr_desktop import paths

LOG_FILE = "imr-desktop.log"
MAX_BYTES = 1024 * 1024
BACKUP_COUNT = 5
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_handler: logging.Handler | None = None


def log_folder(data_dir: Path | None) -> Path:
    """``<data>/logs`` for a data folder other than the per-user default, else the
    per-user log folder (platformdirs)."""
    if data_dir is not None:
        from platformdirs import user_data_dir

        default = Path(user_data_dir(paths.APP_NAME, appauthor=False)).expanduser().resolve()
        if Path(data_dir).resolve() != default:
            folder = Path(data_dir) / "logs"
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            return folder
    return paths.log_dir()


class _OwnerOnlyRotatingHandler(logging.FileHandler):
    """The log file, created owner-only and cut at ``maxBytes``: ``<file>.1`` is
    the newest older part, ``<file>.<backupCount>`` the oldest kept (the names and
    the behaviour of the standard library's rotating handler).

    ``logging.handlers.RotatingFileHandler`` does the same, but its module brings
    sockets, pickling and queues with it: ~5 ms at every start and every command."""

    def __init__(self, path: Path, max_bytes: int, backup_count: int, errors: str) -> None:
        self.maxBytes, self.backupCount = max_bytes, backup_count
        super().__init__(path, encoding="utf-8", delay=True, errors=errors)

    def _open(self):
        # Create the file owner-only before the first line is written.
        fd = os.open(self.baseFilename, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600)
        os.close(fd)
        return super()._open()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is None:
                self.stream = self._open()
            written = self.stream.tell()
            if written and written + len(self.format(record)) + 1 > self.maxBytes:
                self._rotate()
        except Exception:
            self.handleError(record)
            return
        super().emit(record)

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        base = self.baseFilename
        for n in range(self.backupCount - 1, 0, -1):
            if os.path.exists(f"{base}.{n}"):
                os.replace(f"{base}.{n}", f"{base}.{n + 1}")
        if os.path.exists(base):
            os.replace(base, f"{base}.1")
        self.stream = self._open()


def setup(data_dir: Path | None = None, level: int = logging.INFO) -> Path | None:
    """Send the app's log records to the rotating file; returns its path, or None
    when the folder cannot be written (a read-only disk must not stop the app)."""
    global _handler
    # A record that cannot be written (a library formatting an exception raised deep in
    # a recursion) is dropped, not printed to the terminal with a traceback.
    logging.raiseExceptions = False
    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
        _handler = None
    try:
        path = log_folder(data_dir) / LOG_FILE
        handler = _OwnerOnlyRotatingHandler(
            path,
            MAX_BYTES,
            BACKUP_COUNT,
            errors="backslashreplace",  # a file name that is not UTF-8 still logs
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    _handler = handler
    return path


def shutdown() -> None:
    global _handler
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = None
