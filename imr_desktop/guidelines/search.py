"""Ranked full-text search over the library: evidence hierarchy first, then bm25.

Passage ids encode the hierarchy (``schema.passage_id``), so each tier of sources is
one FTS5 query over a rowid range, ``ORDER BY rank LIMIT n``: FTS5 seeks to the
range, ranks inside it, and computes snippets and highlights only for the rows it
returns. Lower tiers are queried only while the page of results is not full. Source
filters (kind, edition in force on a date) pick the ranges; no join, no sort of
every match.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from imr_desktop.database import Database
from imr_desktop.model.passage import GuidelineSource, Passage, SourceKind

from . import schema
from .query import FtsQuery, build_query, quote

log = logging.getLogger(__name__)

# Markers around matched words in snippets; control characters never met in text.
HL_START = "\x02"
HL_END = "\x03"
ELLIPSIS = "…"
SNIPPET_TOKENS = 24
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


def _allowed(source: GuidelineSource, filters: SearchFilters) -> bool:
    if filters.kinds and source.kind not in filters.kinds:
        return False
    return filters.on is None or source.in_force_on(filters.on)


def clamp_tier(source: GuidelineSource) -> int:
    return max(0, min(source.effective_rank, schema.MAX_TIER))


@dataclass(frozen=True)
class _Plan:
    """What to query: per tier (best first), the allowed sources in id order, as
    runs of neighbours; a run is one rowid range holding only allowed passages."""

    tiers: list[tuple[int, list[tuple[int, int]]]]

    def ranges(self, tiers: Iterable[int]) -> list[tuple[int, int]]:
        wanted = set(tiers)
        merged: list[tuple[int, int]] = []
        for tier, runs in self.tiers:
            if tier not in wanted:
                continue
            for run in runs:
                # Runs of consecutive allowed tiers join across the tier boundary.
                if merged and merged[-1][1] + 1 == run[0]:
                    merged[-1] = (merged[-1][0], run[1])
                else:
                    merged.append(run)
        return merged


def _plan(sources: Sequence[tuple[int, GuidelineSource]], filters: SearchFilters) -> _Plan:
    ordered = sorted(sources, key=lambda s: (clamp_tier(s[1]), s[0]))
    tiers: dict[int, list[tuple[int, int]]] = {}
    tier_complete: dict[int, bool] = {}
    previous_allowed = False
    previous_tier = None
    for source_id, source in ordered:
        tier = clamp_tier(source)
        if tier != previous_tier:
            previous_allowed = False
            previous_tier = tier
            tier_complete[tier] = True
        if not _allowed(source, filters):
            previous_allowed = False
            tier_complete[tier] = False
            continue
        low, high = schema.source_range(tier, source_id)
        runs = tiers.setdefault(tier, [])
        if previous_allowed:
            runs[-1] = (runs[-1][0], high)
        else:
            runs.append((low, high))
        previous_allowed = True
    out = []
    for tier in sorted(tiers):
        # A whole tier allowed: its full range, so it can join its neighbours.
        runs = [schema.tier_range(tier)] if tier_complete[tier] else tiers[tier]
        out.append((tier, runs))
    return _Plan(out)


_RANGE_SQL = (
    f"SELECT rowid, rank, snippet(passages_fts, 4, ?, ?, ?, {SNIPPET_TOKENS}), "
    "highlight(passages_fts, 0, ?, ?) FROM passages_fts "
    "WHERE passages_fts MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rank LIMIT ?"
)

Row = tuple[int, float, str, str]  # rowid, bm25 rank, snippet, highlighted topic


def _query(
    db: Database, match: str, ranges: list[tuple[int, int]], need: int
) -> tuple[list[Row], bool]:
    """Best ``need`` rows over the ranges, in hierarchy then bm25 order, and whether
    that is every match there (so no tier can be missing rows)."""
    rows: list[Row] = []
    complete = True
    for low, high in ranges:
        found = db.execute(
            _RANGE_SQL, [HL_START, HL_END, ELLIPSIS, HL_START, HL_END, match, low, high, need]
        ).fetchall()
        complete = complete and len(found) < need
        rows += found
    # bm25 uses corpus-wide statistics, so scores from different ranges compare.
    rows.sort(key=lambda r: (r[0] >> schema.TIER_SHIFT, r[1]))
    return rows[:need], complete


def ranked_rows(db: Database, match: str, plan: _Plan, limit: int) -> list[Row]:
    """Evidence tier first, then bm25. The best tier alone usually fills the page
    (one FTS5 query); otherwise the lower tiers are asked together and, only when
    that answer was cut by the limit, tier by tier."""
    tiers = [tier for tier, _ in plan.tiers]
    if not tiers:
        return []
    rows, _ = _query(db, match, plan.ranges(tiers[:1]), limit)
    if len(rows) >= limit or len(tiers) == 1:
        return rows
    need = limit - len(rows)
    rest, complete = _query(db, match, plan.ranges(tiers[1:]), need)
    if complete:
        return rows + rest
    for tier in tiers[1:]:
        need = limit - len(rows)
        if need <= 0:
            break
        found, _ = _query(db, match, plan.ranges([tier]), need)
        rows += found
    return rows


def browse_ids(db: Database, plan: _Plan, region: str, limit: int) -> list[int]:
    """No words typed: the library in hierarchy order, for browsing."""
    ids: list[int] = []
    for low, high in plan.ranges(tier for tier, _ in plan.tiers):
        sql = "SELECT id FROM passages WHERE id BETWEEN ? AND ?"
        params: list[object] = [low, high]
        if region:
            sql += " AND body_region = ?"
            params.append(region)
        ids += [r[0] for r in db.execute(sql + " ORDER BY id LIMIT ?", [*params, limit])]
        if len(ids) >= limit:
            break
    return ids[:limit]


PASSAGE_COLUMNS = (
    "p.id, p.source_id, p.topic, p.chapter, p.section, p.pages, p.body_region, "
    "p.status, p.text, p.is_summary"
)


def search(
    db: Database,
    text: str,
    sources: Sequence[tuple[int, GuidelineSource]],
    make_passage: Callable[[tuple], Passage],
    filters: SearchFilters | None = None,
    limit: int = DEFAULT_LIMIT,
) -> SearchResult:
    """Any text in, ranked hits or a calm message out; never an FTS5 syntax error."""
    filters = filters or SearchFilters()
    query = build_query(text)
    result = SearchResult(query=query)
    plan = _plan(sources, filters)
    if not query.match:
        if text.strip():
            result.message = "Nothing to search for in that text: type a word."
            return result
        ids = browse_ids(db, plan, filters.region, limit)
        result.hits = [SearchHit(p, "", p.topic, 0.0) for p in _load(db, ids, make_passage)]
        return result
    region = f" AND body_region : {quote(filters.region)}" if filters.region else ""
    try:
        rows = ranked_rows(db, f"({query.match}){region}", plan, limit)
        if not rows and query.any_match != query.match:
            rows = ranked_rows(db, f"({query.any_match}){region}", plan, limit)
            result.relaxed = bool(rows)
        passages = {p.id: p for p in _load(db, [r[0] for r in rows], make_passage)}
    except sqlite3.OperationalError as exc:
        # build_query quotes every word, so this is not expected; a calm answer anyway.
        log.warning("guideline search failed: %s", exc)
        result.message = "That text could not be searched; try other words."
        return result
    for passage_id, score, snippet, topic in rows:
        passage = passages.get(passage_id)
        if passage is None or (filters.region and passage.body_region != filters.region):
            continue
        result.hits.append(SearchHit(passage, snippet, topic, score))
    if not result.hits:
        result.message = "No matches" + (" with these filters." if _any(filters) else ".")
    elif result.relaxed:
        result.message = "No passage has every word; showing passages with any of them."
    return result


def _any(filters: SearchFilters) -> bool:
    return bool(filters.kinds or filters.region or filters.on)


def _load(
    db: Database, ids: Iterable[int], make_passage: Callable[[tuple], Passage]
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
