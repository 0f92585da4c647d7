import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imr_desktop import paths
from imr_desktop.database import open_database
from imr_desktop.guidelines import GuidelineLibrary, highlight_segments, strip_highlights
from imr_desktop.guidelines.query import build_query
from imr_desktop.guidelines.schema import (
    LIBRARY_MIGRATION_SETS,
    ensure_fts,
    library_migrations,
    missing_fts_triggers,
)
from imr_desktop.model.passage import SourceKind
from imr_desktop.workspace import Workspace


@pytest.fixture
def library(tmp_path):
    lib = GuidelineLibrary.open(tmp_path)
    yield lib
    lib.close()


def test_sample_library_has_at_least_50_labelled_summaries_over_the_eras(library):
    infos = {i.source.key: i for i in library.sources()}
    assert library.passage_count() >= 50
    rows = library.db.execute("SELECT count(*), sum(is_summary) FROM passages").fetchone()
    assert rows[0] == rows[1]  # every sample passage is flagged as our summary
    for key in ("mtus-cpmtg-2009", "mtus-cpmtg-2016", "mtus-acoem-2004", "mtus-postsurgical-2009",
                "mtus-acupuncture-2007", "mtus-opioid-2016", "mtus-acoem-2017",
                "mtus-formulary-2018", "odg"):  # fmt: skip
        assert infos[key].passages >= 1, key


def test_sample_pages_come_only_from_confirmed_facts(library):
    # Pages the facts mark unconfirmed (K) must not appear as citations.
    rows = dict(
        library.db.execute(
            "SELECT p.topic || ' / ' || s.key, p.pages FROM passages p "
            "JOIN sources s ON s.id = p.source_id WHERE p.pages != ''"
        ).fetchall()
    )
    assert rows["Physical therapy / physical medicine / mtus-cpmtg-2009"] == "98-99"
    assert "58-60" not in rows.values() and "114-116" not in rows.values()
    assert set(rows.values()) <= {"98-99", "74-96", "81", "82", "89-90", "300, 309", "181-182",
                                  "214", "213", "261", "335-336", "607"}  # fmt: skip


def test_sample_files_are_valid_library_json():
    for path in paths.resource("library").glob("*.json"):
        doc = json.loads(path.read_text())
        assert doc["format"] == "imr-guidelines/1"
        assert all(p["summary"] is True for p in doc["passages"])


def test_mtus_ranks_above_odg_when_both_match(library):
    result = library.search("MRI shoulder")
    kinds = [h.passage.source.kind for h in result.hits]
    assert SourceKind.ODG in kinds and kinds[0] is SourceKind.MTUS
    first_odg = kinds.index(SourceKind.ODG)
    assert all(k.is_mtus for k in kinds[:first_odg])
    assert result.hits[0].passage.topic == "MRI of the shoulder"


@pytest.mark.parametrize(
    ("typed", "topic"),
    [
        ("PT", "Physical therapy / physical medicine"),
        ("ESI", "Epidural steroid injection (ESI)"),
        ("TENS", "TENS for chronic pain"),
        ("NSAID", "NSAIDs (nonsteroidal anti-inflammatory drugs)"),
        ("PPI", "Proton pump inhibitors (PPIs) with NSAIDs"),
        ("MBB", "Medial branch blocks (MBB)"),
        ("RFA", "Radiofrequency neurotomy (RFA)"),
        ("UDT", "Urine drug testing (UDT)"),
        ("FCE", "Functional capacity evaluation (FCE)"),
        ("EMG/NCV", "Electrodiagnostic testing (EMG/NCS) of the arms or legs"),
        ("CBT", "Psychotherapy / cognitive behavioral therapy (CBT)"),
        ("HEP", "Home exercise kit"),
        (
            "DME",
            "Durable medical equipment (DME): wheelchair, commode, shower chair, hospital bed, walker, scooter",
        ),
        ("SCS", "Spinal cord stimulator (SCS)"),
    ],
)
def test_abbreviations_expand(library, typed, topic):
    topics = [h.passage.topic for h in library.search(typed).hits]
    assert topic in topics


def test_abbreviation_matches_the_spelled_out_text():
    q = build_query("ESI ")
    assert '"epidural steroid injection"' in q.match and '"esi"' in q.match


def test_words_match_their_stems(library):
    # "injecting" shares the stem of "injection(s)" in the passage text.
    assert library.search("injecting ").hits
    topics = {h.passage.topic for h in library.search("stimulators ").hits}
    assert "Spinal cord stimulator (SCS)" in topics


def test_snippets_highlight_the_matched_words(library):
    hit = library.search("epidural").hits[0]
    matched = [t.lower() for t, is_match in highlight_segments(hit.snippet) if is_match]
    assert matched and all(t.startswith("epidural") for t in matched)
    assert "epidural" in strip_highlights(hit.topic).lower()


def test_edition_filter_by_date_offers_the_edition_in_force(library):
    def mtus(hits):  # ODG topics have no in-force dates: always offered
        return [h.passage.source.key for h in hits if h.passage.is_mtus]

    in_2014 = library.search("acupuncture", on=dt.date(2014, 7, 9)).hits
    in_2019 = library.search("acupuncture", on=dt.date(2019, 3, 1)).hits
    assert mtus(in_2014) == ["mtus-acupuncture-2007"]
    assert mtus(in_2019) == ["mtus-acoem-2017"]
    pt_2014 = library.search("PT", on=dt.date(2014, 7, 9)).hits
    assert pt_2014[0].passage.source.key == "mtus-cpmtg-2009"
    assert "mtus-cpmtg-2016" not in {h.passage.source.key for h in pt_2014}
    # Sources without dates (ODG) are always offered.
    assert any(h.passage.source.kind is SourceKind.ODG
               for h in library.search("gym", on=dt.date(2014, 7, 9)).hits)  # fmt: skip


def test_kind_and_region_filters(library):
    odg_only = library.search("MRI", kinds=[SourceKind.ODG]).hits
    assert odg_only and all(h.passage.source.kind is SourceKind.ODG for h in odg_only)
    knee = library.search("MRI", region="Knee").hits
    assert knee and all(h.passage.body_region == "Knee" for h in knee)
    assert "Knee" in library.body_regions()


def test_no_words_lists_the_library_in_hierarchy_order(library):
    result = library.search("")
    assert result.hits and not result.message
    assert result.hits[0].passage.is_mtus


def test_calm_no_matches(library):
    result = library.search("xylophone")
    assert result.hits == [] and result.message == "No matches."


@pytest.mark.parametrize(
    "typed",
    ['"', '"unbalanced', "AND", "OR NOT", "-", "*", "(((", "a)b", "NEAR(a b)", "topic:knee",
     "^start", "PT AND", "'; DROP TABLE passages; --", "болевой синдром", "腰痛", "😀",
     "x" * 10_000, "knee " * 2_000, "\x00\x01", "   "],
)  # fmt: skip
def test_hostile_queries_never_raise(library, typed):
    result = library.search(typed)
    assert result.hits or result.message


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_any_text_gives_results_or_a_message(library, typed):
    result = library.search(typed)
    assert isinstance(result.hits, list)
    assert result.hits or result.message or not typed.strip()
    assert library.passage_count() > 0  # and the library is untouched


def test_fts_triggers_exist_after_every_migration(tmp_path):
    steps = [m.name for m in library_migrations._migrations]
    for n, name in enumerate(steps):
        db = open_database(tmp_path / f"step{n}.db", [])
        library_migrations.apply(db, stop_before=steps[n + 1] if n + 1 < len(steps) else None)
        assert missing_fts_triggers(db) == [], f"after {name}"
        db.close()
    db = open_database(tmp_path / "all.db", LIBRARY_MIGRATION_SETS)
    db["passages"].transform(types={"pages": str})  # transform() drops triggers...
    assert missing_fts_triggers(db)
    ensure_fts(db)  # ...and ensure_fts restores them
    assert missing_fts_triggers(db) == []


def test_index_follows_inserts_updates_and_deletes(library):
    pid = library.search("gym").hits[0].passage.id
    library.db.execute("UPDATE passages SET text = 'platypus' WHERE id = ?", [pid])
    assert [h.passage.id for h in library.search("platypus").hits] == [pid]
    library.db.execute("DELETE FROM passages WHERE id = ?", [pid])
    assert library.search("platypus").hits == []


def test_workspace_seeds_the_library_on_first_open(data_dir):
    ws = Workspace.open(data_dir)
    try:
        assert (data_dir / "library.db").exists() is False or ws.library.passage_count() >= 50
        assert ws.library.passage_count() >= 50
        assert (data_dir / "library.db").stat().st_mode & 0o077 == 0
    finally:
        ws.close()
    # Removing every source is respected on the next open: no re-seeding.
    ws = Workspace.open(data_dir)
    for info in ws.library.sources():
        ws.library.remove_source(info.source.key)
    ws.close()
    ws = Workspace.open(data_dir)
    assert ws.library.passage_count() == 0
    ws.close()


def _reference(library, match, kinds=(), on=None, limit=50):
    """The obvious way: join, filter and sort every match (what the rowid-range
    search must equal)."""
    sql = (
        "SELECT s.rank, bm25(passages_fts, 10.0, 2.0, 4.0, 1.0, 1.0) AS score "
        "FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid "
        "JOIN sources s ON s.id = p.source_id WHERE passages_fts MATCH ?"
    )
    params = [match]
    if kinds:
        sql += f" AND s.kind IN ({', '.join('?' for _ in kinds)})"
        params += [k.value for k in kinds]
    if on:
        sql += " AND (s.in_force_from IS NULL OR s.in_force_from <= ?)"
        sql += " AND (s.in_force_to IS NULL OR s.in_force_to >= ?)"
        params += [on.isoformat()] * 2
    rows = library.db.execute(sql + " ORDER BY s.rank, score LIMIT ?", [*params, limit])
    return [(rank, round(score, 6)) for rank, score in rows.fetchall()]


@pytest.mark.parametrize("typed", ["therapy", "MRI", "pain", "injection", "opioids", "knee"])
@pytest.mark.parametrize(
    ("kinds", "on"),
    [((), None), ((), dt.date(2014, 7, 9)), ((SourceKind.MTUS, SourceKind.ODG), None),
     ((SourceKind.ODG, SourceKind.LITERATURE), dt.date(2019, 1, 1))],
)  # fmt: skip
@pytest.mark.parametrize("limit", [5, 50])
def test_ranking_equals_join_and_sort_of_every_match(library, typed, kinds, on, limit):
    result = library.search(typed, kinds=kinds, on=on, limit=limit)
    got = [(h.passage.source.effective_rank, round(h.score, 6)) for h in result.hits]
    assert got == _reference(library, build_query(typed).match, kinds, on, limit)


def _statements(library, *args, **kwargs):
    """The SQL statements one search runs (not those SQLite runs inside one)."""
    seen: list[str] = []
    library.db.conn.set_trace_callback(lambda sql: seen.append(sql))
    try:
        result = library.search(*args, **kwargs)
    finally:
        library.db.conn.set_trace_callback(None)
    return result, [s for s in seen if not s.startswith("--")]


@pytest.mark.parametrize(
    ("typed", "kinds"),
    [("therapy", ()), ("knee", (SourceKind.ODG,)), ("acupuncture", ()), ("", ())],
)
def test_a_search_is_one_statement(library, typed, kinds):
    library.search("warm the cache of sources")
    result, statements = _statements(library, typed, kinds=kinds, limit=50)
    assert result.hits
    assert len(statements) == 1, statements


def test_no_match_asks_once_more_whether_the_library_changed(library):
    library.search("warm the cache of sources")
    result, statements = _statements(library, "zzzzqqq")
    assert not result.hits
    assert len(statements) == 2 and statements[-1] == "PRAGMA data_version"


def test_a_source_imported_by_another_connection_is_searched(library, tmp_path):
    from tests.guidelines_helpers import json_library

    assert not library.search("zebra").hits
    assert library.search("therapy").hits  # the sources are cached now
    other = GuidelineLibrary.open(library.path, seed_sample=False)
    other.import_file(json_library(tmp_path / "zebra.json", kind="literature"))
    other.close()
    hits = library.search("zebra", kinds=[SourceKind.LITERATURE]).hits
    assert [h.passage.topic for h in hits] == ["Zebra therapy"]
    assert hits[0].passage.source.key == "test-guideline"
