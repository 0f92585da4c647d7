"""The ways one search statement can go (``guidelines/search.py``): the first tier
filling the page on its own, every tier through one cursor, a plan of one tier. Each
must give what the plain way gives: each tier's own ranked FTS5 query, in hierarchy
order, until the page is full."""

import datetime as dt
import itertools

import pytest

from imr_desktop.guidelines import GuidelineLibrary
from imr_desktop.guidelines import search as search_module
from imr_desktop.guidelines.query import build_query
from imr_desktop.model.passage import SourceKind

QUERIES = ["therapy", "pain", "MRI", "injection", "opioids", "knee", "physical therapy",
           "acupuncture", "epidural injection", "home exercise program", "TENS", "EMG/NCV",
           "urine drug testing", "functional restoration", "cyclobenzaprine", "zzzzqqq",
           "the of", "lumbar epidural steroid", "chronic pain medication"]  # fmt: skip
KINDS = [(), (SourceKind.MTUS,), (SourceKind.ODG,), (SourceKind.MTUS, SourceKind.ODG),
         (SourceKind.ODG, SourceKind.LITERATURE), (SourceKind.ACOEM, SourceKind.ODG)]  # fmt: skip
REGIONS = ["", "Low back", "Knee"]
DATES = [None, dt.date(2014, 7, 9), dt.date(2019, 1, 1)]
LIMITS = [1, 5, 50]


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    lib = GuidelineLibrary.open(tmp_path_factory.mktemp("library"))
    yield lib
    lib.close()


def _plain(library, text, kinds, region, on, limit, relaxed):
    """Each allowed tier's FTS5 query, best tier first, until the page is full; the
    tier-1 row count says which way the one statement had to go."""
    query = build_query(text)
    sources = list(library._cached_sources().items())
    plan = search_module._plan(sources, search_module.SearchFilters(frozenset(kinds), region, on))
    match = f"({query.any_match if relaxed else query.match})" + (
        f' AND body_region : "{region}"' if region else ""
    )
    rows: list[tuple] = []
    first_tier = 0
    for n, (_tier, runs) in enumerate(plan.tiers):
        if len(rows) >= limit:
            break
        within = " OR ".join(f"f.rowid BETWEEN {low} AND {high}" for low, high in runs)
        found = library.db.execute(
            "SELECT f.rowid, f.rank, snippet(passages_fts, 4, ?, ?, ?, ?), "
            "highlight(passages_fts, 0, ?, ?), p.body_region FROM passages_fts f "
            f"JOIN passages p ON p.id = f.rowid WHERE passages_fts MATCH ? AND ({within}) "
            "ORDER BY f.rank LIMIT ?",
            [search_module.HL_START, search_module.HL_END, search_module.ELLIPSIS,
             search_module.SNIPPET_TOKENS, search_module.HL_START, search_module.HL_END,
             match, limit - len(rows)],
        ).fetchall()  # fmt: skip
        first_tier = len(found) if n == 0 else first_tier
        rows += found
    hits = [row[:4] for row in rows if not region or row[4] == region]
    return hits, len(plan.tiers), first_tier


def test_every_way_gives_what_each_tier_queried_alone_gives(library):
    ways: dict[str, int] = {}
    for text, kinds, region, on, limit in itertools.product(QUERIES, KINDS, REGIONS, DATES, LIMITS):
        result = library.search(text, kinds=kinds, region=region, on=on, limit=limit)
        expected, tiers, first = _plain(library, text, kinds, region, on, limit, result.relaxed)
        got = [(h.passage.id, h.score, h.snippet, h.topic) for h in result.hits]
        assert got == expected, (text, kinds, region, on, limit)
        way = (
            "none"
            if not expected
            else "one"
            if tiers == 1
            else "fills"
            if first >= limit
            else "every"
        )
        ways[way] = ways.get(way, 0) + 1
    assert sum(ways.values()) == 3078
    assert min(ways.values()) >= 100, ways  # each way, and no match at all, tried often


def _statements(library, *args, **kwargs):
    seen: list[str] = []
    library.db.conn.set_trace_callback(seen.append)
    try:
        result = library.search(*args, **kwargs)
    finally:
        library.db.conn.set_trace_callback(None)
    return result, [s for s in seen if not s.startswith("--")]  # "--": inside a statement


@pytest.mark.parametrize(
    ("text", "kinds", "limit"),
    [
        ("therapy", (), 3),  # the first tier fills the page
        ("therapy", (), 50),  # it does not: every tier
        ("acupuncture", (SourceKind.MTUS,), 50),  # one tier
    ],
)
def test_each_way_is_one_statement(library, text, kinds, limit):
    library.search("warm the cache of sources")
    result, statements = _statements(library, text, kinds=kinds, limit=limit)
    assert result.hits
    assert len(statements) == 1, statements


@pytest.mark.parametrize(
    ("text", "kinds", "limit"),
    [
        ("pain", (SourceKind.MTUS,), 50),  # one tier: FTS5 returns its rows ranked
        ("the", (), 30),  # the first tier fills the page
        ("therapy", (), 50),  # every tier through one cursor: every snippet read
    ],
)
@pytest.mark.parametrize("first", [0, 1, 7])
def test_snippets_of_the_first_hits_then_the_rest_read_in_one_statement(
    library, text, kinds, limit, first
):
    every = library.search(text, kinds=kinds, limit=limit)
    result, statements = _statements(library, text, kinds=kinds, limit=limit, snippets=first)
    assert len(statements) == 1
    want = [(h.passage, h.snippet, h.topic, h.score) for h in every.hits]
    got = [(h.passage, h.snippet, h.topic, h.score) for h in result.hits]
    assert [g[0::2] for g in got] == [w[0::2] for w in want]  # passages, topics, scores
    assert [g[1] for g in got[:first]] == [w[1] for w in want[:first]]
    unread = sum(g[1] is None for g in got)
    assert all(g[1] is None or g[1] == w[1] for g, w in zip(got, want, strict=True))
    seen: list[str] = []
    library.db.conn.set_trace_callback(seen.append)
    try:
        hits = library.read_snippets(result)
        again = library.read_snippets(result)  # nothing left to read: no statement
    finally:
        library.db.conn.set_trace_callback(None)
    assert len([s for s in seen if not s.startswith("--")]) == (1 if unread else 0)
    assert hits is result.hits and again is result.hits
    assert [(h.passage, h.snippet, h.topic, h.score) for h in hits] == want
    if text == "therapy":
        assert unread == 0
    else:
        assert unread == len(got) - first > 0


def test_a_passage_gone_before_its_snippet_is_read_shows_none(tmp_path):
    library = GuidelineLibrary.open(tmp_path)
    result = library.search("pain", kinds=[SourceKind.MTUS], snippets=2)
    gone = result.hits[-1].passage.id
    library.db.execute("DELETE FROM passages WHERE id = ?", [gone])  # another window's import
    hits = library.read_snippets(result)
    library.close()
    assert hits[-1].passage.id == gone and hits[-1].snippet == ""
    assert all(h.snippet for h in hits[:-1])
