"""Ranked full-text search over the library: evidence hierarchy first, then bm25.

Passage ids encode the hierarchy (``schema.passage_id``): a passage's tier is its id's
high bits, and a source's passages are one rowid range; source filters (kind, edition
in force on a date) pick the ranges. A search is one SQL statement with one ranked
FTS5 cursor (``_PROBE`` says which way it goes); each row carries its passage (a join
on the primary key) and the file's ``data_version`` (the library checks its cache of
sources against it). A search may read only the first hits' snippets (what a list
shows before it is scrolled); ``read_snippets`` reads the rest.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

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
# The hits a results list shows before it is scrolled (the panel shows 6 to 10; 20 on
# a tall screen): a search may read only their snippets, about a tenth of a
# millisecond less per 10 hits, and the list reads the rest when it shows them
# (``read_snippets``).
SNIPPETS_AT_ONCE = 20


@dataclass(frozen=True)
class SearchFilters:
    kinds: frozenset[SourceKind] = frozenset()  # empty: every kind
    region: str = ""
    on: dt.date | None = None  # only sources in force on this day


@dataclass(frozen=True)
class SearchHit:
    passage: Passage
    # Text with HL_START/HL_END around matched words; None: not read yet (a search
    # asked for fewer snippets than hits: ``read_snippets``).
    snippet: str | None
    topic: str  # the topic, highlighted the same way
    score: float


@dataclass
class SearchResult:
    hits: list[SearchHit] = field(default_factory=list)
    query: FtsQuery = FtsQuery("", "", ())
    relaxed: bool = False  # no passage had every word: passages with any word are shown
    message: str = ""
    # The library file's data_version the hits were read at (None: no hits): the
    # library checks its cache of sources against it.
    data_version: int | None = field(default=None, repr=False)
    fts_match: str = field(default="", repr=False)  # the MATCH the hits were found with


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
    runs of neighbours; a run is one rowid range holding only allowed passages (a
    whole tier allowed is one run, its full range)."""

    tiers: list[tuple[int, list[tuple[int, int]]]]


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


PASSAGE_COLUMNS = (
    "p.id, p.source_id, p.topic, p.chapter, p.section, p.pages, p.body_region, "
    "p.status, p.text, p.is_summary"
)
_VERSION = "(SELECT data_version FROM pragma_data_version)"

# A search is one statement whatever the plan, with one ranked FTS5 cursor: bm25
# weighs each word against the whole library once per ranked cursor, most of a
# search's time when it matches few passages. An unranked look at the first tier's
# first ``:limit`` matches (a fraction of a ranked cursor's cost) picks the way; the
# other way's ``LIMIT`` is 0, so SQLite never opens its cursors.
# - The first tier fills the page (or is the only one: no look needed): its best
#   ``:limit`` by FTS5's ``ORDER BY rank``, which computes snippets and highlights
#   only for the rows it returns (asked to, only for the first of them).
# - Otherwise one cursor over every tier, sorted by SQLite by tier, then bm25, with
#   snippets inline: SQLite computes them only for rows entering its top-``:limit``
#   heap, and rows come in hierarchy order, so every row of the first tier, then
#   mostly the rows shown.
# Source filters (kind, edition in force on a date) leave runs of rowids in a tier.
_PROBE = (
    "probe AS MATERIALIZED (SELECT count(*) >= :limit AS fills FROM (SELECT 1 FROM passages_fts "
    "WHERE passages_fts MATCH :match AND rowid BETWEEN :low AND :first_high{runs} LIMIT :limit))"
)
_FILLS = "(SELECT fills FROM probe)"
_SNIPPET = f"snippet(passages_fts, 4, :hl_start, :hl_end, :ellipsis, {SNIPPET_TOKENS})"
# Snippets of the first ``:snippets`` rows only: FTS5's ORDER BY rank returns its rows
# ranked, so the first rows counted are the best (``first_rows``, see FirstRows).
_FIRST_SNIPPETS = f"iif(first_rows(:statement, :snippets), {_SNIPPET}, NULL)"
_COLUMNS = (
    "passages_fts.rowid, passages_fts.rank, {snippet}, "
    f"highlight(passages_fts, 0, :hl_start, :hl_end), {PASSAGE_COLUMNS}, {_VERSION} "
    "FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid "
    "WHERE passages_fts MATCH :match AND passages_fts.rowid BETWEEN :low AND "
)
_FIRST_TIER_SQL = (
    f"SELECT * FROM (SELECT {_COLUMNS}:first_high{{runs}} "
    "ORDER BY passages_fts.rank LIMIT {limit})"
)
_EVERY_TIER_SQL = (
    f"SELECT * FROM (SELECT {_COLUMNS.format(snippet=_SNIPPET)}:high{{runs}} "
    f"ORDER BY passages_fts.rowid >> {schema.TIER_SHIFT}, passages_fts.rank "
    f"LIMIT iif({_FILLS}, 0, :limit))"
)
_READ_SNIPPETS_SQL = (
    f"SELECT rowid, {_SNIPPET} FROM passages_fts WHERE passages_fts MATCH :match "
    "AND rowid BETWEEN :low AND :high AND +rowid IN ({ids})"
)
_BROWSE_SQL = (
    f"SELECT * FROM (SELECT 0, 0.0, '', p.topic, {PASSAGE_COLUMNS}, {_VERSION} "
    "FROM passages p WHERE p.id BETWEEN :low{n} AND :high{n}{runs} ORDER BY p.id LIMIT :limit)"
)

# rowid, bm25 rank, snippet, highlighted topic, the passage's columns, data_version
Row = tuple


def _within(column: str, runs: list[tuple[int, int]], params: dict[str, object], key: str) -> str:
    """`` AND (column in one of the runs)``; nothing for a single run (the caller's
    own range is that run)."""
    if len(runs) < 2:
        return ""
    ors = []
    for m, (low, high) in enumerate(runs):
        params[f"a{key}_{m}"], params[f"b{key}_{m}"] = low, high
        ors.append(f"{column} BETWEEN :a{key}_{m} AND :b{key}_{m}")
    return " AND (" + " OR ".join(ors) + ")"


def _statement(arm: str, plan: _Plan, params: dict[str, object]) -> str:
    """The plan's tiers, best first, as one statement under the page's limit."""
    arms = []
    for n, (_tier, runs) in enumerate(plan.tiers):
        params[f"low{n}"], params[f"high{n}"] = runs[0][0], runs[-1][1]
        arms.append(arm.format(n=n, runs=_within("p.id", runs, params, str(n))))
    return " UNION ALL ".join(arms) + " LIMIT :limit"


def _merged(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for low, high in runs:
        if out and out[-1][1] + 1 == low:  # neighbours (whole tiers): one range
            out[-1] = (out[-1][0], high)
        else:
            out.append((low, high))
    return out


class FirstRows:
    """The SQL function ``first_rows(statement, n)``: true for the first ``n`` rows
    a statement asks about (``statement``: a number new for each statement).
    ``register`` adds it to a connection; one instance per connection (a connection
    belongs to one thread)."""

    _numbers = itertools.count()

    def __init__(self) -> None:
        self.statement = -1
        self.seen = 0

    @classmethod
    def register(cls, conn: sqlite3.Connection) -> None:
        conn.create_function("first_rows", 2, cls(), deterministic=False)

    @classmethod
    def next_statement(cls) -> int:
        return next(cls._numbers)

    def __call__(self, statement: int, n: int) -> bool:
        if statement != self.statement:
            self.statement, self.seen = statement, 0
        self.seen += 1
        return self.seen <= n


def ranked_rows(
    db: Database, match: str, plan: _Plan, limit: int, snippets: int | None = None
) -> list[Row]:
    """Evidence tier first, then bm25; one statement, one ranked FTS5 cursor (see
    ``_PROBE``). ``snippets``: read only the first rows' snippets (None in the others;
    every row's when every tier goes through one cursor, at most a page's worth)."""
    if not plan.tiers:
        return []
    runs = _merged([run for _tier, tier_runs in plan.tiers for run in tier_runs])
    snippet = _SNIPPET
    params: dict[str, object] = {
        "match": match,
        "limit": limit,
        "hl_start": HL_START,
        "hl_end": HL_END,
        "ellipsis": ELLIPSIS,
        "low": runs[0][0],
        "high": runs[-1][1],
        "first_high": plan.tiers[0][1][-1][1],
    }
    if snippets is not None and snippets < limit:
        snippet = _FIRST_SNIPPETS
        params["snippets"], params["statement"] = snippets, FirstRows.next_statement()
    within = _within("passages_fts.rowid", runs, params, "")
    if len(plan.tiers) == 1:
        sql = _FIRST_TIER_SQL.format(runs=within, limit=":limit", snippet=snippet)
    else:
        probe = _PROBE.format(runs=_within("rowid", runs, params, ""))
        fills = f"iif({_FILLS}, :limit, 0)"
        first = _FIRST_TIER_SQL.format(runs=within, limit=fills, snippet=snippet)
        every = _EVERY_TIER_SQL.format(runs=within)
        sql = f"WITH {probe} {first} UNION ALL {every}"
    return db.execute(sql, params).fetchall()


def read_snippets(db: Database, result: SearchResult) -> list[SearchHit]:
    """The snippets a search left unread (``search(..., snippets=n)``), in one
    statement: ``result.hits`` complete, also returned. A passage gone since (another
    window imported over its source) gets none; its list shows the text."""
    unread = [h.passage.id for h in result.hits if h.snippet is None and h.passage.id]
    if not unread:
        return result.hits
    params: dict[str, object] = {"match": result.fts_match, "hl_start": HL_START,
                                 "hl_end": HL_END, "ellipsis": ELLIPSIS}  # fmt: skip
    for n, passage_id in enumerate(unread):
        params[f"id{n}"] = passage_id
    params["low"], params["high"] = min(unread), max(unread)
    ids = ", ".join(f":id{n}" for n in range(len(unread)))
    try:
        found = dict(db.execute(_READ_SNIPPETS_SQL.format(ids=ids), params).fetchall())
    except sqlite3.Error as exc:  # the library closed or changed under the list
        log.warning("guideline snippets not read: %s", exc)
        found = {}
    result.hits = [
        replace(hit, snippet=found.get(hit.passage.id, "")) if hit.snippet is None else hit
        for hit in result.hits
    ]
    return result.hits


def browse_rows(db: Database, plan: _Plan, region: str, limit: int) -> list[Row]:
    """No words typed: the library in hierarchy order, for browsing."""
    if not plan.tiers:
        return []
    params: dict[str, object] = {"limit": limit}
    arm = _BROWSE_SQL
    if region:
        arm = arm.replace(" ORDER BY", " AND p.body_region = :region ORDER BY")
        params["region"] = region
    return db.execute(_statement(arm, plan, params), params).fetchall()


def search(
    db: Database,
    text: str,
    sources: Sequence[tuple[int, GuidelineSource]],
    make_passage: Callable[[tuple], Passage],
    filters: SearchFilters | None = None,
    limit: int = DEFAULT_LIMIT,
    snippets: int | None = None,
) -> SearchResult:
    """Any text in, ranked hits or a calm message out; never an FTS5 syntax error.
    ``snippets``: read the first ``snippets`` hits' snippets only (None: every hit's);
    ``read_snippets`` reads the rest."""
    filters = filters or SearchFilters()
    query = build_query(text)
    result = SearchResult(query=query)
    plan = _plan(sources, filters)
    if not query.match:
        if text.strip():
            result.message = "Nothing to search for in that text: type a word."
            return result
        _hits(result, browse_rows(db, plan, filters.region, limit), make_passage, filters)
        return result
    region = f" AND body_region : {quote(filters.region)}" if filters.region else ""
    try:
        result.fts_match = f"({query.match}){region}"
        rows = ranked_rows(db, result.fts_match, plan, limit, snippets)
        if not rows and query.any_match != query.match:
            result.fts_match = f"({query.any_match}){region}"
            rows = ranked_rows(db, result.fts_match, plan, limit, snippets)
            result.relaxed = bool(rows)
    except sqlite3.OperationalError as exc:
        # build_query quotes every word, so this is not expected; a calm answer anyway.
        log.warning("guideline search failed: %s", exc)
        result.message = "That text could not be searched; try other words."
        return result
    _hits(result, rows, make_passage, filters)
    if not result.hits:
        result.message = "No matches" + (" with these filters." if _any(filters) else ".")
    elif result.relaxed:
        result.message = "No passage has every word; showing passages with any of them."
    return result


def _hits(
    result: SearchResult,
    rows: list[Row],
    make_passage: Callable[[tuple], Passage],
    filters: SearchFilters,
) -> None:
    for row in rows:
        passage = make_passage(row[4:-1])
        if filters.region and passage.body_region != filters.region:
            continue
        result.hits.append(SearchHit(passage, row[2], row[3], row[1]))
    if rows:
        result.data_version = rows[0][-1]


def _any(filters: SearchFilters) -> bool:
    return bool(filters.kinds or filters.region or filters.on)
