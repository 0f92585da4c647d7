"""Words ignored in one case ("Ignore in this case"), in ``cases.db`` beside the
case (they may be a patient's name): a ``Migrations`` set of their own, applied after
the core set (``cases/schema.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from imr_desktop.database import Migrations

if TYPE_CHECKING:
    import sqlite_utils  # each step gets sqlite-utils' Database (see database.py)

spelling_migrations = Migrations("imr_desktop.spelling")


@spelling_migrations()
def m001_ignored_words(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE spelling_ignored (
            case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
            word TEXT NOT NULL,
            PRIMARY KEY (case_id, word)
        ) WITHOUT ROWID;
        """
    )
