"""Prior letters kept with a case, in ``cases.db``: a ``Migrations`` set of their own,
applied after the core set (``cases/schema.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from imr_desktop.database import Migrations

if TYPE_CHECKING:
    import sqlite_utils  # each step gets sqlite-utils' Database (see database.py)

prior_letters_migrations = Migrations("imr_desktop.prior_letters")


@prior_letters_migrations()
def m001_prior_letters(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE prior_letters (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
            file_name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            letter_case_number TEXT NOT NULL DEFAULT '',
            case_json TEXT NOT NULL,
            report_json TEXT NOT NULL,
            attached_at TEXT NOT NULL,
            UNIQUE (case_id, sha256)
        );
        CREATE INDEX prior_letters_case ON prior_letters(case_id);
        """
    )
