"""The precedent library (``precedents.db``): published decisions, searched by what
was requested.

Opened the app's one way (WAL, owner-only, migrations). Holds published, redacted
letters only; nothing of ``cases.db`` is ever written here. A connection belongs to
its thread: the window's lookups and an import each open their own.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from imr_desktop.database import Database, open_database
from imr_desktop.model import Citation

from . import lookup as lookup_module
from .lookup import DEFAULT_LIMIT, PrecedentHit, PrecedentLookup, PrecedentStats, parse_date
from .matching import UNDERSTANDING_VERSION, indexed, outcome_term
from .reading import PublishedDecision
from .schema import PRECEDENTS_DB, PRECEDENTS_MIGRATION_SETS
from .sections import guideline_key, one_section_each

log = logging.getLogger(__name__)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True)
class PrecedentItem:
    """One published item in full, as the reviewer opens it."""

    item_id: int
    case_number: str
    decision_date: dt.date | None
    position: int  # from 0
    items_in_letter: int
    request: str
    decision: str | None
    citations: tuple[Citation, ...]
    rationale: str
    original_request: str | None = None
    authorised_part: str | None = None
    file_name: str = ""


@dataclass(frozen=True)
class ImportInfo:
    import_id: int
    started_at: str
    label: str
    decisions: int  # decisions that came with this import and are still in the library
    files: int
    cancelled: bool


@dataclass(frozen=True)
class LibrarySummary:
    decisions: int
    items: int
    first_date: dt.date | None
    last_date: dt.date | None

    def line(self) -> str:
        if not self.decisions:
            return "No published decisions imported yet."
        noun = "decision" if self.decisions == 1 else "decisions"
        span = ""
        if self.first_date and self.last_date:
            span = (
                f", decided {self.first_date.strftime('%m/%d/%Y')} – "
                f"{self.last_date.strftime('%m/%d/%Y')}"
            )
        return f"{self.decisions} published {noun} ({self.items} items){span}"


class PrecedentLibrary:
    def __init__(self, db: Database, path: Path) -> None:
        self.db = db
        self.path = path

    @classmethod
    def open(cls, path: Path | str) -> PrecedentLibrary:
        """Open ``precedents.db`` (``path`` is the file or the data folder)."""
        path = Path(path)
        if path.is_dir():
            path = path / PRECEDENTS_DB
        library = cls(open_database(path, PRECEDENTS_MIGRATION_SETS), path)
        if library._setting("understanding") != UNDERSTANDING_VERSION:
            library.reindex()
        return library

    def close(self) -> None:
        self.db.close()

    def _setting(self, key: str) -> str | None:
        row = self.db.execute(
            "SELECT value FROM precedent_settings WHERE key = ?", [key]
        ).fetchone()
        return row[0] if row else None

    def _set_setting(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO precedent_settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    def reindex(self) -> int:
        """Derive every item's index columns again (request understanding changed)."""
        rows = self.db.execute(
            "SELECT i.id, i.request, i.decision, d.decision_date FROM items i "
            "JOIN decisions d ON d.id = i.decision_id"
        ).fetchall()
        with self.db.atomic():
            for item_id, request, decision, decided in rows:
                meaning = indexed(request)
                self.db.execute(
                    "UPDATE items SET terms = ?, regions = ?, category = ?, signature = ?, "
                    "outcome = ?, decided = ? WHERE id = ?",
                    [
                        meaning.terms,
                        meaning.regions,
                        meaning.category,
                        meaning.signature,
                        outcome_term(decision),
                        decided,
                        item_id,
                    ],
                )
            self._set_setting("understanding", UNDERSTANDING_VERSION)
        if rows:
            log.info("precedents: re-derived the terms of %d items", len(rows))
        return len(rows)

    # --- writing -------------------------------------------------------------------

    def start_import(self, label: str, files: int) -> int:
        cursor = self.db.execute(
            "INSERT INTO imports (started_at, label, files) VALUES (?, ?, ?)",
            [dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), label[:200], files],
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def finish_import(self, import_id: int, counts: dict[str, int], cancelled: bool) -> None:
        """Record the run's counts; an import that brought nothing is not kept."""
        with self.db.atomic():
            kept = self.db.execute(
                "SELECT count(*) FROM decisions WHERE import_id = ?", [import_id]
            ).fetchone()[0]
            if not kept:
                self.db.execute("DELETE FROM imports WHERE id = ?", [import_id])
                return
            self.db.execute(
                "UPDATE imports SET finished_at = ?, imported = ?, replaced = ?, skipped = ?, "
                "unreadable = ?, cancelled = ? WHERE id = ?",
                [
                    dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    counts.get("imported", 0),
                    counts.get("replaced", 0),
                    counts.get("skipped", 0),
                    counts.get("unreadable", 0),
                    int(cancelled),
                    import_id,
                ],
            )

    def file_digests(self) -> set[str]:
        """SHA-256 of every file a decision in the library was read from."""
        return {r[0] for r in self.db.execute("SELECT sha256 FROM decisions")}

    def has_case(self, case_number: str) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM decisions WHERE case_number = ?", [case_number]
        ).fetchone()
        return row is not None

    def write(self, decision: PublishedDecision, import_id: int, *, replace: bool = False) -> str:
        """Write one decision whole: "imported", "replaced" or "skipped" (already in
        the library and ``replace`` not asked). Call inside ``db.atomic()`` when
        writing several, so a batch commits together."""
        with self.db.atomic():
            old = self.db.execute(
                "SELECT id FROM decisions WHERE case_number = ?", [decision.case_number]
            ).fetchone()
            if old and not replace:
                return "skipped"
            if old:
                self.db.execute("DELETE FROM decisions WHERE id = ?", [old[0]])
            cursor = self.db.execute(
                "INSERT INTO decisions (case_number, decision_date, ur_denial_date, generation, "
                "file_name, sha256, import_id, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    decision.case_number,
                    _iso(decision.decision_date),
                    _iso(decision.ur_denial_date),
                    decision.generation,
                    decision.file_name,
                    decision.sha256,
                    import_id,
                    dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                ],
            )
            decision_id = cursor.lastrowid
            for item in decision.items:
                meaning = indexed(item.request)
                cursor = self.db.execute(
                    "INSERT INTO items (decision_id, position, request, original_request, "
                    "authorised_part, decision, rationale, terms, regions, category, signature, "
                    "decided, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        decision_id,
                        item.position,
                        item.request,
                        item.original_request,
                        item.authorised_part,
                        item.decision,
                        item.rationale,
                        meaning.terms,
                        meaning.regions,
                        meaning.category,
                        meaning.signature,
                        _iso(decision.decision_date),
                        outcome_term(item.decision),
                    ],
                )
                item_id = cursor.lastrowid
                cited = [one for c in item.citations for one in one_section_each(c)]
                for position, citation in enumerate(cited):
                    self.db.execute(
                        "INSERT INTO citations (item_id, position, guideline_id, pages) "
                        "VALUES (?, ?, ?, ?)",
                        [item_id, position, self._guideline_id(citation), citation.pages],
                    )
        return "replaced" if old else "imported"

    def _guideline_id(self, citation: Citation) -> int:
        key = guideline_key(citation)
        row = self.db.execute("SELECT id FROM guidelines WHERE key = ?", [key]).fetchone()
        if row:
            return int(row[0])
        cursor = self.db.execute(
            "INSERT INTO guidelines (key, kind, source, edition, section) VALUES (?, ?, ?, ?, ?)",
            [key, citation.kind.value, citation.source, citation.edition, citation.section],
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    # --- removing --------------------------------------------------------------------

    def imports(self) -> list[ImportInfo]:
        rows = self.db.execute(
            "SELECT i.id, i.started_at, i.label, "
            "(SELECT count(*) FROM decisions d WHERE d.import_id = i.id), i.files, i.cancelled "
            "FROM imports i ORDER BY i.id"
        ).fetchall()
        return [ImportInfo(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in rows]

    def remove_import(self, import_id: int) -> int:
        """Remove the decisions one import brought (and the import); returns how many."""
        with self.db.atomic():
            gone = self.db.execute(
                "SELECT count(*) FROM decisions WHERE import_id = ?", [import_id]
            ).fetchone()[0]
            self.db.execute("DELETE FROM decisions WHERE import_id = ?", [import_id])
            self.db.execute("DELETE FROM imports WHERE id = ?", [import_id])
            self._drop_unused_guidelines()
        return int(gone)

    def remove_all(self) -> int:
        with self.db.atomic():
            gone = self.db.execute("SELECT count(*) FROM decisions").fetchone()[0]
            self.db.execute("DELETE FROM decisions")
            self.db.execute("DELETE FROM imports")
            self._drop_unused_guidelines()
        return int(gone)

    def _drop_unused_guidelines(self) -> None:
        self.db.execute(
            "DELETE FROM guidelines WHERE id NOT IN (SELECT DISTINCT guideline_id FROM citations)"
        )

    # --- reading ---------------------------------------------------------------------

    def summary(self) -> LibrarySummary:
        decisions, first, last = self.db.execute(
            "SELECT count(*), min(decision_date), max(decision_date) FROM decisions"
        ).fetchone()
        items = self.db.execute("SELECT count(*) FROM items").fetchone()[0]
        return LibrarySummary(int(decisions), int(items), parse_date(first), parse_date(last))

    def lookup(self, text: str, limit: int = DEFAULT_LIMIT) -> PrecedentLookup:
        """Similar decisions for a request, with their counts: what the view shows."""
        return lookup_module.lookup(self.db, text, limit)

    def search(self, text: str, limit: int = DEFAULT_LIMIT) -> list[PrecedentHit]:
        return lookup_module.search(self.db, text, limit)

    def stats(self, text: str) -> PrecedentStats:
        return lookup_module.stats(self.db, text)

    def item(self, item_id: int) -> PrecedentItem | None:
        row = self.db.execute(
            "SELECT i.id, d.case_number, d.decision_date, i.position, "
            "(SELECT count(*) FROM items x WHERE x.decision_id = d.id), i.request, i.decision, "
            "i.rationale, i.original_request, i.authorised_part, d.file_name "
            "FROM items i JOIN decisions d ON d.id = i.decision_id WHERE i.id = ?",
            [item_id],
        ).fetchone()
        if row is None:
            return None
        return PrecedentItem(
            item_id=row[0],
            case_number=row[1],
            decision_date=parse_date(row[2]),
            position=row[3],
            items_in_letter=row[4],
            request=row[5],
            decision=row[6],
            citations=lookup_module.citations_of(self.db, [row[0]]).get(row[0], ()),
            rationale=row[7],
            original_request=row[8],
            authorised_part=row[9],
            file_name=row[10],
        )

    def words(self) -> set[str]:
        """Every word of the imported requests and rationales, as written (for the
        spelling dictionary: drug and device names reviewers use)."""
        found: set[str] = set()
        for request, rationale in self.db.execute("SELECT request, rationale FROM items"):
            found.update(_WORD.findall(request))
            found.update(_WORD.findall(rationale))
        return found


_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]")


def letter_texts(data_dir: Path) -> Iterator[tuple[int, str]]:
    """(letter id, text) of every imported request and rationale, read-only and
    without migrating or reindexing (the spelling dictionary learns the words
    reviewers use from them, on a worker thread). Nothing when no file exists."""
    path = Path(data_dir) / PRECEDENTS_DB
    if not path.is_file():
        return
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT decision_id, request, rationale FROM items")
        for decision_id, request, rationale in rows:
            yield decision_id, f"{request} {rationale}"
    finally:
        conn.close()
