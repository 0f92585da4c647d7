"""Opening a SQLite file the way every file of this app is opened.

WAL with ``synchronous=NORMAL`` (commits survive a killed process), owner-only file
mode, forward-only migrations through sqlite-utils, and a refusal to touch a file
written by a newer version of the app.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations


class StoreError(Exception):
    """A data file cannot be used; the message is for the reviewer."""


class NewerSchemaError(StoreError):
    pass


class CorruptDatabaseError(StoreError):
    pass


Connector = Callable[[Path], sqlite3.Connection]


def plain_connect(path: Path) -> sqlite3.Connection:
    # check_same_thread stays on: a connection belongs to the thread that made it.
    return sqlite3.connect(str(path), isolation_level=None)


def open_database(
    path: Path,
    migrations: Sequence[Migrations],
    *,
    connect: Connector = plain_connect,
    check_integrity: bool = False,
    before_migrate: Callable[[sqlite_utils.Database], object] | None = None,
) -> sqlite_utils.Database:
    """Open (creating if needed) ``path``, check it, and apply pending migrations.

    ``migrations`` are applied set by set, in order; each area of the app owns its
    set (core cases, records, ...) so steps never collide."""
    path = Path(path)
    is_new = not path.exists()
    if is_new:
        # Create the file owner-only before SQLite writes a byte of it.
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    else:
        _restrict_mode(path)
    try:
        conn = connect(path)
        # No third-party sqlite-utils plugins inside a file of patient data (and no
        # entry-point scan at start-up).
        db = sqlite_utils.Database(conn, execute_plugins=False)
        db.execute("PRAGMA busy_timeout = 5000")
        if check_integrity and not is_new:
            result = db.execute("PRAGMA quick_check").fetchone()[0]
            if result != "ok":
                raise CorruptDatabaseError(
                    f"{path.name} failed its integrity check ({result[:120]}); "
                    "it has not been changed"
                )
        db.enable_wal()
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        for step_set in migrations:
            _refuse_newer(db, step_set, path)
        if before_migrate is not None and not is_new and any(s.pending(db) for s in migrations):
            before_migrate(db)  # e.g. a backup: an upgrade never runs without one
        for step_set in migrations:
            step_set.apply(db)
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabaseError(
            f"{path.name} cannot be read as a database ({exc}); it has not been changed"
        ) from exc
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            _restrict_mode(side)
    return db


def _restrict_mode(path: Path) -> None:
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
    except OSError:
        pass  # a read-only folder is reported by the first write, with a clearer message


def _refuse_newer(db: sqlite_utils.Database, migrations: Migrations, path: Path) -> None:
    # sqlite-utils lists pending and applied steps but not the registered set.
    known = {m.name for m in migrations._migrations}
    applied = {m.name for m in migrations.applied(db)}
    unknown = applied - known
    if unknown:
        raise NewerSchemaError(
            f"{path.name} was written by a newer version of IMR Desktop "
            f"(schema steps {', '.join(sorted(unknown))}); update the app to open it. "
            "The file has not been changed."
        )
