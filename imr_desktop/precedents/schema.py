"""Forward-only schema steps for ``precedents.db``: published decisions, their items,
the guidelines they cite and the imports that brought them.

``precedents.db`` holds published, redacted determinations (public records, no patient
data of the reviewer's) beside ``library.db``; it never holds a case of ``cases.db``.
The FTS5 index over items (request, rationale, and the understood request's terms,
regions and outcome) is kept in step by sqlite-utils triggers; counting similar
decisions by outcome then never reads a row. ``table.transform()`` drops
triggers: a step that transforms ``items`` must end with :func:`ensure_fts` (a test
checks the triggers after every step).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from imr_desktop.database import Database, Migrations

if TYPE_CHECKING:
    import sqlite_utils  # each step gets sqlite-utils' Database (see database.py)

PRECEDENTS_DB = "precedents.db"  # in the data folder, beside library.db

precedents_migrations = Migrations("imr_desktop.precedents")

FTS_COLUMNS = ("request", "rationale", "terms", "regions", "outcome")
FTS_TOKENIZE = "porter unicode61"
FTS_TRIGGERS = ("items_ai", "items_ad", "items_au")
# Similarity is judged on the understood terms; bm25 over that column alone prefers
# decisions whose request asked for exactly this (fewer other terms).
RANK_FUNCTION = "bm25(0.0, 0.0, 1.0, 0.0, 0.0)"
NO_REGION = "none"  # the regions term of an item whose request names no body region


def ensure_fts(db: Database | sqlite_utils.Database) -> None:
    """Create (or restore) the FTS5 index, its sync triggers and rank, then rebuild."""
    items = db.table("items")
    items.enable_fts(FTS_COLUMNS, create_triggers=True, tokenize=FTS_TOKENIZE, replace=True)
    db.execute("INSERT INTO items_fts (items_fts, rank) VALUES ('rank', ?)", [RANK_FUNCTION])
    items.rebuild_fts()


def missing_fts_triggers(db: Database | sqlite_utils.Database) -> list[str]:
    present = {t.name for t in db.table("items").triggers}
    return [name for name in FTS_TRIGGERS if name not in present]


@precedents_migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            label TEXT NOT NULL DEFAULT '',
            files INTEGER NOT NULL DEFAULT 0,
            imported INTEGER NOT NULL DEFAULT 0,
            replaced INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            unreadable INTEGER NOT NULL DEFAULT 0,
            cancelled INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            case_number TEXT NOT NULL UNIQUE,
            decision_date TEXT,
            ur_denial_date TEXT,
            generation TEXT NOT NULL DEFAULT '',
            file_name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            import_id INTEGER NOT NULL REFERENCES imports(id),
            imported_at TEXT NOT NULL
        );
        CREATE INDEX decisions_import ON decisions(import_id);
        CREATE INDEX decisions_date ON decisions(decision_date);
        CREATE INDEX decisions_sha256 ON decisions(sha256);
        CREATE TABLE items (
            id INTEGER PRIMARY KEY,
            decision_id INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            request TEXT NOT NULL,
            original_request TEXT,
            authorised_part TEXT,
            decision TEXT CHECK (decision IN ('upheld', 'overturned')),
            rationale TEXT NOT NULL DEFAULT '',
            terms TEXT NOT NULL DEFAULT '',
            regions TEXT NOT NULL DEFAULT '',
            category TEXT NOT NULL DEFAULT 'other',
            signature TEXT NOT NULL DEFAULT '',
            decided TEXT,
            outcome TEXT NOT NULL DEFAULT '',
            UNIQUE (decision_id, position)
        );
        -- The same request (same terms) newest first, without ranking every match.
        CREATE INDEX items_signature ON items(signature, decided);
        CREATE TABLE guidelines (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            source TEXT NOT NULL,
            edition TEXT,
            section TEXT
        );
        CREATE TABLE citations (
            item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            guideline_id INTEGER NOT NULL REFERENCES guidelines(id),
            pages TEXT,
            PRIMARY KEY (item_id, position)
        ) WITHOUT ROWID;
        CREATE INDEX citations_guideline ON citations(guideline_id);
        CREATE TABLE precedent_settings (key TEXT PRIMARY KEY, value TEXT);
        """
    )
    ensure_fts(db)


@precedents_migrations()
def m002_one_section_per_citation(db: sqlite_utils.Database) -> None:
    """ "Section(s): Special Studies, Summary" was one cited guideline; it is two, so
    that the counts of what similar decisions cited count each section."""
    from imr_desktop.model import Citation, CitationKind

    from .sections import guideline_key, one_section_each

    rows = db.execute(
        "SELECT c.item_id, c.position, g.kind, g.source, g.edition, g.section, c.pages "
        "FROM citations c JOIN guidelines g ON g.id = c.guideline_id "
        "ORDER BY c.item_id, c.position"
    ).fetchall()
    by_item: dict[int, list[Citation]] = {}
    for item_id, _, kind, source, edition, section, pages in rows:
        citation = Citation(CitationKind(kind), source, edition, section, pages)
        by_item.setdefault(item_id, []).extend(one_section_each(citation))
    db.execute("DELETE FROM citations")
    ids: dict[str, int] = {}
    for item_id, cited in by_item.items():
        for position, c in enumerate(cited):
            key = guideline_key(c)
            if key not in ids:
                found = db.execute("SELECT id FROM guidelines WHERE key = ?", [key]).fetchone()
                if found is None:
                    db.execute(
                        "INSERT INTO guidelines (key, kind, source, edition, section) "
                        "VALUES (?, ?, ?, ?, ?)",
                        [key, c.kind.value, c.source, c.edition, c.section],
                    )
                    found = db.execute("SELECT id FROM guidelines WHERE key = ?", [key]).fetchone()
                ids[key] = int(found[0])
            db.execute(
                "INSERT INTO citations (item_id, position, guideline_id, pages) VALUES (?, ?, ?, ?)",
                [item_id, position, ids[key], c.pages],
            )
    db.execute(
        "DELETE FROM guidelines WHERE id NOT IN (SELECT DISTINCT guideline_id FROM citations)"
    )


# Applied in this order on every open of precedents.db.
PRECEDENTS_MIGRATION_SETS = [precedents_migrations]
