"""Forward-only schema steps for ``library.db`` (the guideline library).

``library.db`` holds no patient data; it lives beside ``cases.db`` in the data folder
and has its own ``Migrations`` set. The FTS5 index over ``passages`` is kept in step
by sqlite-utils triggers. ``table.transform()`` silently drops triggers, so any
step that transforms ``passages`` must end with :func:`ensure_fts` (a test checks the
triggers after every step).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from imr_desktop.database import Migrations

if TYPE_CHECKING:
    import sqlite_utils  # each step gets sqlite-utils' Database (see database.py)

library_migrations = Migrations("imr_desktop.library")

FTS_COLUMNS = ("topic", "chapter", "section", "body_region", "text")
FTS_TOKENIZE = "porter unicode61"
FTS_TRIGGERS = ("passages_ai", "passages_ad", "passages_au")
# bm25 column weights (FTS_COLUMNS order): a match in the topic counts most.
RANK_FUNCTION = "bm25(10.0, 2.0, 4.0, 1.0, 1.0)"

# A passage's id encodes its place in the evidence hierarchy, so that a search can
# rank "MTUS first, then relevance" with rowid ranges FTS5 seeks to directly, instead
# of joining and sorting every match: id = tier << 44 | source id << 24 | position.
TIER_SHIFT = 44
SOURCE_SHIFT = 24
MAX_TIER = 15
MAX_POSITION = (1 << SOURCE_SHIFT) - 1


def passage_id(tier: int, source_id: int, position: int) -> int:
    return (max(0, min(tier, MAX_TIER)) << TIER_SHIFT) | (source_id << SOURCE_SHIFT) | position


def tier_range(tier: int) -> tuple[int, int]:
    return tier << TIER_SHIFT, ((tier + 1) << TIER_SHIFT) - 1


def source_range(tier: int, source_id: int) -> tuple[int, int]:
    low = passage_id(tier, source_id, 0)
    return low, low | MAX_POSITION


def ensure_fts(db: sqlite_utils.Database) -> None:
    """Create (or restore) the FTS5 index, its sync triggers and its rank function,
    then rebuild it."""
    passages = db.table("passages")
    passages.enable_fts(FTS_COLUMNS, create_triggers=True, tokenize=FTS_TOKENIZE, replace=True)
    db.execute("INSERT INTO passages_fts (passages_fts, rank) VALUES ('rank', ?)", [RANK_FUNCTION])
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


@library_migrations()
def m002_hierarchy_ids(db: sqlite_utils.Database) -> None:
    # Renumber passages into evidence-hierarchy id ranges and weight the rank function.
    db.execute(
        f"UPDATE passages SET id = (SELECT (min(max(s.rank, 0), {MAX_TIER}) << {TIER_SHIFT}) "
        f"| (s.id << {SOURCE_SHIFT}) | passages.position FROM sources s "
        "WHERE s.id = passages.source_id)"
    )
    ensure_fts(db)


@library_migrations()
def m003_citation_forms(db: sqlite_utils.Database) -> None:
    # How 2014 letters name a guideline where it differs from cite_as ("MTUS Chronic
    # Pain Treatment Guidelines" for the 2009 CPMTG), and whether letters cite it
    # without a section (the Acupuncture Medical Treatment Guidelines).
    db.execute("ALTER TABLE sources ADD COLUMN cite_as_2014 TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE sources ADD COLUMN cited_whole INTEGER NOT NULL DEFAULT 0")


# Applied in this order on every open of library.db.
LIBRARY_MIGRATION_SETS = [library_migrations]
