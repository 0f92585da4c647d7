"""Finding similar published decisions and counting them.

Both the list (``search``) and the counts (``stats``) come from one MATCH over the
items index (:func:`.matching.match_expression`), so the summary line and the list
always agree on what "similar" means. The counts are of decided items, each once:
a decision is stored once per case number however often it was imported.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from imr_desktop.database import Database
from imr_desktop.model import Citation, CitationKind
from imr_desktop.requests import UnderstoodRequest, understand

from .matching import (
    DECIDED,
    NO_REGION_TERM,
    match_expression,
    outcome_term,
    ranked_expressions,
    region_condition,
    signature,
)

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 50
TOP_CITATIONS = 10


def parse_date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@dataclass(frozen=True)
class CitedGuideline:
    """A guideline section and how many similar decided items cited it."""

    kind: str
    source: str
    edition: str | None
    section: str | None
    count: int

    def citation(self) -> Citation:
        return Citation(CitationKind(self.kind), self.source, self.edition, self.section)

    @property
    def label(self) -> str:
        name = " ".join(p for p in (self.source, self.edition) if p)
        return f"{name}: {self.section}" if self.section else name


@dataclass(frozen=True)
class PrecedentStats:
    decisions: int = 0  # decided items whose request matches
    upheld: int = 0
    overturned: int = 0
    citations: tuple[CitedGuideline, ...] = ()

    def summary_line(self) -> str:
        if not self.decisions:
            return "No similar published decisions."
        noun = "decision" if self.decisions == 1 else "decisions"
        return (
            f"{self.decisions} similar {noun}: {self.upheld} upheld, {self.overturned} overturned"
        )


@dataclass(frozen=True)
class PrecedentHit:
    item_id: int
    case_number: str
    decision_date: dt.date | None
    request: str
    decision: str | None
    citations: tuple[Citation, ...]
    score: float


@dataclass
class PrecedentLookup:
    """What the Precedents view shows for one request."""

    understood: UnderstoodRequest
    hits: list[PrecedentHit] = field(default_factory=list)
    stats: PrecedentStats = field(default_factory=PrecedentStats)
    message: str = ""


def lookup(db: Database, text: str, limit: int = DEFAULT_LIMIT) -> PrecedentLookup:
    meaning = understand(text)
    found = PrecedentLookup(meaning)
    match = match_expression(meaning)
    if not match:
        found.message = (
            "Type what is requested to see similar published decisions."
            if not text.strip()
            else "Nothing in that request names a service to compare."
        )
        return found
    try:
        found.stats = _stats(db, match)
        found.hits = _ranked_hits(db, meaning, limit)
    except sqlite3.OperationalError as exc:  # every term is quoted: not expected
        log.warning("precedent lookup failed: %s", exc)
        found.message = "That request could not be searched; try other words."
        return found
    if not found.hits:
        found.message = "No similar published decisions."
    return found


def search(db: Database, text: str, limit: int = DEFAULT_LIMIT) -> list[PrecedentHit]:
    meaning = understand(text)
    return _ranked_hits(db, meaning, limit) if match_expression(meaning) else []


def stats(db: Database, text: str) -> PrecedentStats:
    match = match_expression(understand(text))
    return _stats(db, match) if match else PrecedentStats()


def _count(db: Database, match: str) -> int:
    return int(
        db.execute("SELECT count(*) FROM items_fts WHERE items_fts MATCH ?", [match]).fetchone()[0]
    )


def _stats(db: Database, match: str, top: int = TOP_CITATIONS) -> PrecedentStats:
    """Counted in the index alone (the outcome is an index column); only the cited
    guidelines of the decided matches are read from the citations table."""
    upheld = _count(db, f"({match}) AND outcome : {outcome_term('upheld')}")
    overturned = _count(db, f"({match}) AND outcome : {outcome_term('overturned')}")
    if not upheld + overturned:
        return PrecedentStats()
    rows = db.execute(
        "SELECT g.kind, g.source, g.edition, g.section, t.n FROM "
        "(SELECT c.guideline_id AS gid, count(DISTINCT c.item_id) AS n FROM citations c "
        "WHERE c.item_id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?) "
        "GROUP BY c.guideline_id) t "
        "JOIN guidelines g ON g.id = t.gid ORDER BY t.n DESC, g.id LIMIT ?",
        [f"({match}) AND {DECIDED}", top],
    ).fetchall()
    return PrecedentStats(
        upheld + overturned,
        upheld,
        overturned,
        tuple(CitedGuideline(r[0], r[1], r[2], r[3], r[4]) for r in rows),
    )


EXACT_SAME_REGION, EXACT_NO_REGION = 1.0, 0.9


def _ranked_hits(db: Database, meaning: UnderstoodRequest, limit: int) -> list[PrecedentHit]:
    """The same request first (same terms; a compatible region before none; newest
    first), read from an index without ranking every match; then requests that
    also asked for more, by bm25 over the terms, only while the page is not full."""
    chosen: dict[int, float] = {}

    def take(rows: list[tuple[int, float]]) -> None:
        for item_id, score in rows:
            if len(chosen) < limit:
                chosen.setdefault(item_id, score)

    same = signature(meaning)
    exact = (
        "SELECT i.id, ? FROM items i WHERE i.signature = ? AND {} ORDER BY i.decided DESC LIMIT ?"
    )
    if meaning.regions:
        condition, params = region_condition(meaning)
        take(
            db.execute(
                exact.format(condition), [EXACT_SAME_REGION, same, *params, limit]
            ).fetchall()
        )
        if len(chosen) < limit:
            take(
                db.execute(
                    exact.format("i.regions = ?"), [EXACT_NO_REGION, same, NO_REGION_TERM, limit]
                ).fetchall()
            )
    else:
        take(db.execute(exact.format("1"), [EXACT_SAME_REGION, same, limit]).fetchall())
    for expression in ranked_expressions(meaning):
        if len(chosen) >= limit:
            break
        rows = db.execute(
            "SELECT rowid, rank FROM items_fts WHERE items_fts MATCH ? ORDER BY rank LIMIT ?",
            [expression, limit + len(chosen)],
        ).fetchall()
        # bm25 is negative, better when lower: a score below the exact ones.
        take([(rowid, round(0.8 * -rank / (1 - rank), 4)) for rowid, rank in rows])
    return _load_hits(db, chosen)


def _load_hits(db: Database, chosen: dict[int, float]) -> list[PrecedentHit]:
    if not chosen:
        return []
    marks = ", ".join("?" for _ in chosen)
    rows = {
        r[0]: r
        for r in db.execute(
            "SELECT i.id, d.case_number, d.decision_date, i.request, i.decision FROM items i "
            f"JOIN decisions d ON d.id = i.decision_id WHERE i.id IN ({marks})",
            list(chosen),
        )
    }
    citations = citations_of(db, list(chosen))
    return [
        PrecedentHit(r[0], r[1], parse_date(r[2]), r[3], r[4], citations.get(r[0], ()), score)
        for item_id, score in chosen.items()
        if (r := rows.get(item_id)) is not None
    ]


def citations_of(db: Database, item_ids: Iterable[int]) -> dict[int, tuple[Citation, ...]]:
    ids = list(item_ids)
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    out: dict[int, list[Citation]] = {}
    for item_id, kind, source, edition, section, pages in db.execute(
        "SELECT c.item_id, g.kind, g.source, g.edition, g.section, c.pages FROM citations c "
        f"JOIN guidelines g ON g.id = c.guideline_id WHERE c.item_id IN ({marks}) "
        "ORDER BY c.item_id, c.position",
        ids,
    ):
        out.setdefault(item_id, []).append(
            Citation(CitationKind(kind), source, edition, section, pages)
        )
    return {k: tuple(v) for k, v in out.items()}
