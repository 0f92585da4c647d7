"""The security area's table in ``cases.db``: the sessions that opened it (a
``Migrations`` set of its own, applied after the core set, ``cases/schema.py``).

A session's row is written as it opens and marked when it closes cleanly. Its
record outside the file (``cases.anchor``) lists the sessions that are open; a
session that died without closing, whose row never reached the main file because
cases.db-wal was deleted, lost what it saved (see ``audit_anchor.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from imr_desktop.database import Migrations

if TYPE_CHECKING:
    import sqlite_utils  # each step gets sqlite-utils' Database (see database.py)

security_migrations = Migrations("imr_desktop.security")


@security_migrations()
def m001_sessions(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            opened_at TEXT NOT NULL,
            closed_at TEXT
        );
        """
    )
