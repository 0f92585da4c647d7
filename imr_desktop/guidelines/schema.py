"""Forward-only schema steps for ``library.db`` (the guideline library).

``library.db`` holds no patient data; it lives beside ``cases.db`` in the data folder
and has its own ``Migrations`` set. The FTS5 index over ``passages`` is kept in step
by sqlite-utils triggers. ``table.transform()`` silently drops triggers, so any
step that transforms ``passages`` must end with :func:`ensure_fts` (a test checks the
triggers after every step).
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

library_migrations = Migrations("imr_desktop.library")

FTS_COLUMNS = ("topic", "chapter", "section", "body_region", "text")
FTS_TOKENIZE = "porter unicode61"
FTS_TRIGGERS = ("passages_ai", "passages_ad", "passages_au")


def ensure_fts(db: sqlite_utils.Database) -> None:
    """Create (or restore) the FTS5 index and its sync triggers, then rebuild it."""
    passages = db.table("passages")
    passages.enable_fts(FTS_COLUMNS, create_triggers=True, tokenize=FTS_TOKENIZE, replace=True)
    passages.rebuild_fts()


def missing_fts_triggers(db: sqlite_utils.Database) -> list[str]:
    present = {t.name for t in db.table("passages").triggers}
    return [name for name in FTS_TRIGGERS if name not in present]


@library_migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            cite_as TEXT NOT NULL DEFAULT '',
            edition TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL,
            rank INTEGER NOT NULL,
            in_force_from TEXT,
            in_force_to TEXT,
            origin TEXT NOT NULL DEFAULT '',
            imported_at TEXT NOT NULL
        );
        CREATE TABLE passages (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id),
            position INTEGER NOT NULL,
            topic TEXT NOT NULL,
            chapter TEXT NOT NULL DEFAULT '',
            section TEXT NOT NULL DEFAULT '',
            pages TEXT NOT NULL DEFAULT '',
            body_region TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'not_addressed',
            text TEXT NOT NULL,
            is_summary INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX passages_source ON passages(source_id, position);
        CREATE TABLE library_settings (key TEXT PRIMARY KEY, value TEXT);
        """
    )
    ensure_fts(db)


# Applied in this order on every open of library.db.
LIBRARY_MIGRATION_SETS = [library_migrations]
