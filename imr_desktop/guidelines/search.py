"""Ranked full-text search over the library: evidence hierarchy first, then bm25.

Two statements: the first ranks matching passage ids (filters applied, no text
read); the second fetches only the shown hits with their FTS5 snippet and
highlight. Highlights for 50 hits cost little; for every match they would not.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import sqlite_utils

from imr_desktop.model.passage import Passage, SourceKind

from .query import FtsQuery, build_query

log = logging.getLogger(__name__)

# Markers around matched words in snippets; control characters never met in text.
HL_START = "\x02"
HL_END = "\x03"
ELLIPSIS = "…"
SNIPPET_TOKENS = 24
# Column weights for bm25 in FTS_COLUMNS order: topic, chapter, section, body_region, text.
BM25_WEIGHTS = "10.0, 2.0, 4.0, 1.0, 1.0"
DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class SearchFilters:
    kinds: frozenset[SourceKind] = frozenset()  # empty: every kind
    region: str = ""
    on: dt.date | None = None  # only sources in force on this day


@dataclass(frozen=True)
class SearchHit:
    passage: Passage
    snippet: str  # text with HL_START/HL_END around matched words
    topic: str  # the topic, highlighted the same way
    score: float


@dataclass
class SearchResult:
    hits: list[SearchHit] = field(default_factory=list)
    query: FtsQuery = FtsQuery("", "", ())
    relaxed: bool = False  # no passage had every word: passages with any word are shown
    message: str = ""


def highlight_segments(text: str) -> list[tuple[str, bool]]:
    """Split a highlighted string into (text, is_match) runs."""
    out: list[tuple[str, bool]] = []
    rest = text
    while rest:
        start = rest.find(HL_START)
        if start < 0:
            out.append((rest, False))
            break
        if start:
            out.append((rest[:start], False))
        end = rest.find(HL_END, start)
        end = len(rest) if end < 0 else end
        out.append((rest[start + 1 : end], True))
        rest = rest[end + 1 :]
    return [(t, m) for t, m in out if t]


def strip_highlights(text: str) -> str:
    return text.replace(HL_START, "").replace(HL_END, "")


def _filter_sql(filters: SearchFilters) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if filters.kinds:
        kinds = sorted(k.value for k in filters.kinds)
        clauses.append(f"s.kind IN ({', '.join('?' for _ in kinds)})")
        params.extend(kinds)
    if filters.region:
        clauses.append("p.body_region = ?")
        params.append(filters.region)
    if filters.on is not None:
        day = filters.on.isoformat()
        clauses.append("(s.in_force_from IS NULL OR s.in_force_from <= ?)")
        clauses.append("(s.in_force_to IS NULL OR s.in_force_to >= ?)")
        params.extend([day, day])
    return "".join(f" AND {c}" for c in clauses), params


def ranked_ids(
    db: sqlite_utils.Database, match: str, filters: SearchFilters, limit: int
) -> list[tuple[int, float]]:
    where, params = _filter_sql(filters)
    sql = (
        f"SELECT passages_fts.rowid, bm25(passages_fts, {BM25_WEIGHTS}) AS score "
        "FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid "
        "JOIN sources s ON s.id = p.source_id "
        f"WHERE passages_fts MATCH ?{where} ORDER BY s.rank, score LIMIT ?"
    )
    return [(r[0], r[1]) for r in db.execute(sql, [match, *params, limit]).fetchall()]


def browse_ids(db: sqlite_utils.Database, filters: SearchFilters, limit: int) -> list[int]:
    """No words typed: the library in hierarchy order, for browsing."""
    where, params = _filter_sql(filters)
    sql = (
        "SELECT p.id FROM passages p JOIN sources s ON s.id = p.source_id "
        f"WHERE 1{where} ORDER BY s.rank, s.title, p.position LIMIT ?"
    )
    return [r[0] for r in db.execute(sql, [*params, limit]).fetchall()]


PASSAGE_COLUMNS = (
    "p.id, p.source_id, p.topic, p.chapter, p.section, p.pages, p.body_region, "
    "p.status, p.text, p.is_summary"
)


def fetch_hits(
    db: sqlite_utils.Database,
    match: str,
    ranked: list[tuple[int, float]],
    make_passage: Callable[[tuple], Passage],
) -> list[SearchHit]:
    if not ranked:
        return []
    marks = ", ".join("?" for _ in ranked)
    sql = (
        f"SELECT {PASSAGE_COLUMNS}, "
        f"snippet(passages_fts, 4, ?, ?, ?, {SNIPPET_TOKENS}), "
        "highlight(passages_fts, 0, ?, ?) "
        "FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid "
        f"WHERE passages_fts MATCH ? AND passages_fts.rowid IN ({marks})"
    )
    params = [HL_START, HL_END, ELLIPSIS, HL_START, HL_END, match, *[i for i, _ in ranked]]
    rows = {r[0]: r for r in db.execute(sql, params).fetchall()}
    hits = []
    for passage_id, score in ranked:
        row = rows.get(passage_id)
        if row is not None:
            hits.append(SearchHit(make_passage(row[:10]), row[10], row[11], score))
    return hits


def search(
    db: sqlite_utils.Database,
    text: str,
    make_passage: Callable[[tuple], Passage],
    filters: SearchFilters | None = None,
    limit: int = DEFAULT_LIMIT,
) -> SearchResult:
    """Any text in, ranked hits or a calm message out; never an FTS5 syntax error."""
    filters = filters or SearchFilters()
    query = build_query(text)
    result = SearchResult(query=query)
    if not query.match:
        if text.strip():
            result.message = "Nothing to search for in that text: type a word."
            return result
        ids = browse_ids(db, filters, limit)
        result.hits = [SearchHit(p, "", p.topic, 0.0) for p in _load(db, ids, make_passage)]
        return result
    try:
        ranked = ranked_ids(db, query.match, filters, limit)
        match = query.match
        if not ranked and query.any_match != query.match:
            ranked = ranked_ids(db, query.any_match, filters, limit)
            match = query.any_match
            result.relaxed = bool(ranked)
        result.hits = fetch_hits(db, match, ranked, make_passage)
    except sqlite3.OperationalError as exc:
        # build_query quotes every word, so this is not expected; a calm answer anyway.
        log.warning("guideline search failed: %s", exc)
        result.message = "That text could not be searched; try other words."
        return result
    if not result.hits:
        result.message = "No matches" + (" with these filters." if _any(filters) else ".")
    elif result.relaxed:
        result.message = "No passage has every word; showing passages with any of them."
    return result


def _any(filters: SearchFilters) -> bool:
    return bool(filters.kinds or filters.region or filters.on)


def _load(
    db: sqlite_utils.Database, ids: Iterable[int], make_passage: Callable[[tuple], Passage]
) -> list[Passage]:
    ids = list(ids)
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    rows = db.execute(
        f"SELECT {PASSAGE_COLUMNS} FROM passages p WHERE p.id IN ({marks})", ids
    ).fetchall()
    by_id = {r[0]: r for r in rows}
    return [make_passage(by_id[i]) for i in ids if i in by_id]
