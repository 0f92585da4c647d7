"""Forward-only schema steps for ``cases.db``.

Add a step at the end of a set; never edit or reorder one that has shipped. A new
area of the app with tables of its own gets its own ``Migrations`` set, listed in
``CASES_MIGRATION_SETS`` after the core one. Each step runs
in its own transaction (sqlite-utils ``Migrations``). ``tests/test_cases_store.py``
opens a file of every past schema and upgrades it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from imr_desktop.database import Migrations

if TYPE_CHECKING:
    import sqlite_utils  # each step gets sqlite-utils' Database (see database.py)

from imr_desktop.letters.schema import prior_letters_migrations
from imr_desktop.records.schema import records_migrations
from imr_desktop.security.schema import security_migrations
from imr_desktop.spelling.schema import spelling_migrations

cases_migrations = Migrations("imr_desktop.cases")


@cases_migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE cases (
            id INTEGER PRIMARY KEY,
            case_number TEXT NOT NULL UNIQUE,
            claim_number TEXT,
            priority TEXT NOT NULL DEFAULT 'standard',
            date_of_injury TEXT,
            ur_denial_date TEXT,
            application_received TEXT,
            date_assigned TEXT,
            decision_date TEXT,
            due_date TEXT,
            status TEXT NOT NULL DEFAULT 'draft',
            patient_age INTEGER,
            patient_sex TEXT,
            summary TEXT NOT NULL DEFAULT '',
            reviewer_json TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE items (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            request TEXT NOT NULL DEFAULT '',
            original_request TEXT,
            authorised_part TEXT,
            decision TEXT,
            claims_administrator_guideline TEXT NOT NULL DEFAULT '',
            citations_json TEXT NOT NULL DEFAULT '[]',
            rationale TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX items_case ON items(case_id, position);
        CREATE TABLE revisions (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            reason TEXT NOT NULL,
            snapshot_json TEXT NOT NULL
        );
        CREATE INDEX revisions_case ON revisions(case_id, id);
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            action TEXT NOT NULL,
            case_number TEXT,
            actor TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT '',
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE TABLE reviewer (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            profile_json TEXT NOT NULL
        );
        CREATE TABLE snippets (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            body TEXT NOT NULL
        );
        """
    )
    # The audit log is append-only: the database itself refuses edits.
    db.executescript(
        """
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """
    )


@cases_migrations()
def m002_finalisation(db: sqlite_utils.Database) -> None:
    # The SHA-256 of the PDF exported at finalisation, and the case's free notes
    # (the letter importer's "unplaced text" lands there).
    db.execute("ALTER TABLE cases ADD COLUMN final_pdf_sha256 TEXT")
    db.execute("ALTER TABLE cases ADD COLUMN notes TEXT NOT NULL DEFAULT ''")


# The queue's orders (cases/queue.py) as m003 indexes them. The ORDER BY must read
# exactly as the index does for SQLite to walk the index. Shipped: a new rule needs a
# new step that drops and rebuilds the index (a test holds these to model/deadline.py
# and DEADLINE_DAYS).
_QUEUE_DUE = (
    "COALESCE(NULLIF(due_date, ''), date(NULLIF(date_assigned, ''), "
    "CASE priority WHEN 'expedited' THEN '+3 days' ELSE '+30 days' END))"
)
QUEUE_DUE_GROUP = (  # undecided cases, then decided ones, then those with no due date
    f"(CASE WHEN {_QUEUE_DUE} IS NULL THEN 2 "
    "WHEN NULLIF(decision_date, '') IS NOT NULL THEN 1 ELSE 0 END)"
)
QUEUE_DUE_DAYS = (  # undecided: the due date; decided: days from the due date to the decision
    f"(CASE WHEN NULLIF(decision_date, '') IS NULL THEN julianday({_QUEUE_DUE}) "
    f"ELSE julianday(decision_date) - julianday({_QUEUE_DUE}) END)"
)
QUEUE_PRIORITY_RANK = "(priority <> 'expedited')"  # expedited first


@cases_migrations()
def m003_queue_indexes(db: sqlite_utils.Database) -> None:
    # The queue reads a page of 50,000 cases in its order without sorting them, and
    # filters without reading the table: each index holds an order and the columns
    # the filter looks at (case number, priority, status).
    db.executescript(
        f"""
        CREATE INDEX cases_queue_due
            ON cases({QUEUE_DUE_GROUP}, {QUEUE_DUE_DAYS}, case_number, priority, status);
        CREATE INDEX cases_queue_priority
            ON cases({QUEUE_PRIORITY_RANK}, case_number, priority, status);
        CREATE INDEX cases_queue_status ON cases(status, case_number, priority);
        CREATE INDEX cases_queue_number ON cases(case_number, priority, status);
        """
    )


@cases_migrations()
def m004_final_pdf_created(db: sqlite_utils.Database) -> None:
    # When the final letter was made: its PDF's creation date, kept so that every
    # export of the final letter is the same file (letter.workflow.verify_export).
    db.execute("ALTER TABLE cases ADD COLUMN final_pdf_created TEXT")


# Applied in this order on every open of cases.db.
CASES_MIGRATION_SETS = [
    cases_migrations,
    records_migrations,
    prior_letters_migrations,
    spelling_migrations,
    security_migrations,
]
