"""The case file's tables in ``cases.db`` (documents, pages, their FTS index): a
``Migrations`` set of their own, applied after the core set (``cases/schema.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from imr_desktop.database import Database, Migrations

if TYPE_CHECKING:
    import sqlite_utils  # each step gets sqlite-utils' Database (see database.py)

records_migrations = Migrations("imr_desktop.records")


def document_count(db: Database, case_id: int) -> int:
    """How many documents a case file holds: what the letter's QA asks, without the
    store (its PDF and text modules)."""
    return db.execute(
        "SELECT COUNT(*) FROM record_documents WHERE case_id = ?", [case_id]
    ).fetchone()[0]


@records_migrations()
def m001_records(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE record_documents (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            file_name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            page_count INTEGER NOT NULL,
            text_pages INTEGER NOT NULL,
            last_page INTEGER NOT NULL DEFAULT 1,
            attached_at TEXT NOT NULL,
            UNIQUE (case_id, sha256)
        );
        CREATE INDEX record_documents_case ON record_documents(case_id);
        CREATE TABLE record_pages (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES record_documents(id) ON DELETE CASCADE,
            page INTEGER NOT NULL,
            text TEXT NOT NULL
        );
        CREATE INDEX record_pages_document ON record_pages(document_id, page);
        """
    )
    # Porter stemming: "injections" finds "injection", as a reviewer expects.
    db.table("record_pages").enable_fts(["text"], create_triggers=True, tokenize="porter")
