"""Records core: attach, index, search, dates, bad files, triggers. No Qt."""

from __future__ import annotations

import datetime as dt
import hashlib
import stat

import pytest

from imr_desktop.database import StoreError
from imr_desktop.records.dates import find_dates, range_phrase, record_range, with_range
from imr_desktop.records.files import RecordCodec, set_record_codec
from imr_desktop.records.refs import (
    find_references,
    format_reference,
    insert_reference,
    reference_at,
)
from imr_desktop.records.store import CaseFinalError, RecordStore
from imr_desktop.records.text import IndexingCancelled, RecordFileError
from tests.records_helpers import (
    make_encrypted_pdf,
    make_image_only_pdf,
    make_pdf,
    record_pages,
)

PR2_PAGES = [
    "Primary treating physician progress report\nDate of injury: 07/15/2011\nLow back pain.",
    "Seen in the office on 02/10/2016 for follow-up.\nTenderness over the lumbar spine.",
    "MRI of the lumbar spine performed 2016-03-02 shows a disc protrusion at L4-5.",
    "Plan: epidural steroid injection requested. Acupuncture trial discussed.",
]
UR_PAGES = [
    "Utilization review determination\nThe request was non-certified on August 30, 2016.",
    "Physical therapy visits were reviewed. Date of birth 4/3/63 noted on the form.",
]


@pytest.fixture
def records(data_dir, store):
    return RecordStore(store.db, data_dir)


@pytest.fixture
def case_id(store):
    return store.find("CM16-0000101")


@pytest.fixture
def pr2(tmp_path):
    return make_pdf(tmp_path / "PR-2 report.pdf", PR2_PAGES)


@pytest.fixture
def ur(tmp_path):
    return make_pdf(tmp_path / "UR letter.pdf", UR_PAGES)


def test_attach_copies_the_pdf_owner_only_with_its_hash_and_pages(records, case_id, pr2, data_dir):
    doc = records.attach(case_id, pr2)
    assert doc.title == "PR-2 report"
    assert doc.page_count == 4 and doc.text_pages == 4
    assert doc.sha256 == hashlib.sha256(pr2.read_bytes()).hexdigest()
    copy = data_dir / "records" / str(case_id) / f"{doc.sha256}.pdf"
    assert copy.read_bytes() == pr2.read_bytes()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    assert records.page_text(doc.document_id, 3).startswith("MRI of the lumbar spine")
    assert [d.title for d in records.documents(case_id)] == ["PR-2 report"]
    assert records.read_pdf(doc) == pr2.read_bytes()
    assert records.audit.entries("CM16-0000101")[0].action == "records attached"


def test_attaching_the_same_file_twice_is_refused(records, case_id, pr2):
    records.attach(case_id, pr2)
    with pytest.raises(RecordFileError, match="already attached"):
        records.attach(case_id, pr2)
    assert len(records.documents(case_id)) == 1


def test_search_is_ranked_across_documents_with_pages_and_matched_words(records, case_id, pr2, ur):
    a = records.attach(case_id, pr2)
    b = records.attach(case_id, ur)
    hits = records.search(case_id, "lumbar")
    assert {(h.title, h.page) for h in hits} == {("PR-2 report", 2), ("PR-2 report", 3)}
    assert ("lumbar", True) in [(t.lower(), m) for t, m in hits[0].parts()]
    hits = records.search(case_id, "reviewed physical therapy")
    assert [(h.document_id, h.page) for h in hits] == [(b.document_id, 2)]
    assert "[Physical] [therapy]" in hits[0].marked()
    # stemming: "injections" finds "injection"
    assert [(h.document_id, h.page) for h in records.search(case_id, "injections")] == [
        (a.document_id, 4)
    ]
    # ranked: the page that says the word more often comes first
    many = make_pdf(
        pr2.parent / "x.pdf", ["acupuncture once", "acupuncture acupuncture acupuncture trial"]
    )
    c = records.attach(case_id, many)
    hits = records.search(case_id, "acupuncture")
    assert (hits[0].document_id, hits[0].page) == (c.document_id, 2)


def test_search_is_limited_to_the_case(records, store, case_id, pr2):
    records.attach(case_id, pr2)
    other = store.find("CM16-0000102")
    assert records.search(other, "lumbar") == []


@pytest.mark.parametrize(
    "query",
    [
        '"',
        'lumbar"',
        "NOT",
        "lumbar OR",
        "AND AND",
        "(",
        "*",
        "col:lumbar",
        "^x",
        "",
        "   ",
        "'; DROP TABLE cases; --",
        "NEAR(a b)",
        "text:lumbar",
        "lumbar -spine",
    ],
)
def test_hostile_queries_are_safe(records, case_id, pr2, query):
    records.attach(case_id, pr2)
    hits = records.search(case_id, query)
    assert isinstance(hits, list)
    if query == 'lumbar"':
        assert len(hits) == 2


def test_last_page_is_remembered_and_clamped(records, case_id, pr2):
    doc = records.attach(case_id, pr2)
    assert doc.last_page == 1
    records.set_last_page(doc.document_id, 3)
    assert records.document(doc.document_id).last_page == 3
    records.set_last_page(doc.document_id, 99)
    assert records.document(doc.document_id).last_page == 4


def test_detach_removes_row_pages_index_and_file(records, case_id, pr2):
    doc = records.attach(case_id, pr2)
    path = records.file_path(doc)
    records.detach(doc.document_id)
    assert records.documents(case_id) == []
    assert not path.exists()
    assert records.search(case_id, "lumbar") == []
    assert records.db.execute("SELECT count(*) FROM record_pages_fts").fetchone()[0] == 0


def test_deleting_the_case_removes_its_pages_from_the_index(records, store, case_id, pr2):
    records.attach(case_id, pr2)
    store.delete(case_id)
    assert records.db.execute("SELECT count(*) FROM record_pages").fetchone()[0] == 0
    left = records.db.execute(
        "SELECT count(*) FROM record_pages_fts WHERE record_pages_fts MATCH 'lumbar'"
    ).fetchone()[0]
    assert left == 0


def test_fts_triggers_exist_after_all_migrations(records):
    triggers = {
        r[0]
        for r in records.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'record_pages'"
        )
    }
    assert {"record_pages_ai", "record_pages_ad", "record_pages_au"} <= triggers
    assert records.db.table("record_pages").detect_fts() == "record_pages_fts"


def test_not_a_pdf_is_refused_clearly(records, case_id, tmp_path):
    bad = tmp_path / "notes.pdf"
    bad.write_text("just some text, not a PDF")
    with pytest.raises(RecordFileError, match="not a PDF file"):
        records.attach(case_id, bad)
    assert records.documents(case_id) == []
    assert not (records.data_dir / "records" / str(case_id)).exists()


def test_damaged_pdf_is_refused_clearly(records, case_id, tmp_path, pr2):
    bad = tmp_path / "damaged.pdf"
    bad.write_bytes(pr2.read_bytes()[:300])
    with pytest.raises(RecordFileError, match="damaged"):
        records.attach(case_id, bad)
    assert records.documents(case_id) == []


def test_password_protected_pdf_is_refused_clearly(records, case_id, tmp_path):
    locked = make_encrypted_pdf(tmp_path / "locked.pdf", ["secret text"])
    with pytest.raises(RecordFileError, match="password"):
        records.attach(case_id, locked)
    assert records.documents(case_id) == []


def test_pdf_without_text_layer_is_kept_with_a_note(records, case_id, tmp_path):
    doc = records.attach(case_id, make_image_only_pdf(tmp_path / "scan.pdf", pages=3))
    assert doc.page_count == 3 and doc.text_pages == 0
    assert not doc.searchable and "no searchable text" in doc.note


def test_a_missing_file_is_a_clear_error(records, case_id, tmp_path):
    with pytest.raises(RecordFileError, match="cannot read"):
        records.attach(case_id, tmp_path / "nowhere.pdf")


def test_progress_is_reported_and_cancel_stops_without_a_trace(records, case_id, tmp_path):
    big = make_pdf(tmp_path / "big.pdf", record_pages(120))
    seen: list[tuple[int, int]] = []
    records.attach(case_id, big, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (120, 120) and len(seen) >= 5
    other = make_pdf(tmp_path / "other.pdf", record_pages(60, seed=3))
    with pytest.raises(IndexingCancelled):
        records.attach(case_id, other, cancelled=lambda: True)
    assert [d.title for d in records.documents(case_id)] == ["big"]
    assert len(list((records.data_dir / "records" / str(case_id)).iterdir())) == 1


def test_a_finalized_case_refuses_new_records(records, store, case_id, pr2):
    store.finalize(case_id, "0" * 64)
    with pytest.raises(CaseFinalError):
        records.attach(case_id, pr2)


def test_titles_stay_unique_within_a_case(records, case_id, tmp_path):
    a = make_pdf(tmp_path / "report.pdf", ["one"])
    (tmp_path / "b").mkdir()
    b = make_pdf(tmp_path / "b" / "report.pdf", ["two"])
    assert records.attach(case_id, a).title == "report"
    assert records.attach(case_id, b).title == "report [2]"


def test_codec_seam_stores_sealed_bytes_and_reads_them_back(records, case_id, pr2):
    def flip(data: bytes) -> bytes:
        return bytes(b ^ 0x5A for b in data)

    set_record_codec(RecordCodec(seal=flip, open=flip))
    try:
        doc = records.attach(case_id, pr2)
        assert records.file_path(doc).read_bytes() != pr2.read_bytes()
        assert records.read_pdf(doc) == pr2.read_bytes()
    finally:
        set_record_codec(None)


def test_a_changed_copy_is_reported(records, case_id, pr2):
    doc = records.attach(case_id, pr2)
    records.file_path(doc).write_bytes(b"%PDF-1.4 tampered")
    with pytest.raises(StoreError, match="changed or damaged"):
        records.read_pdf(doc)


# --- dates -----------------------------------------------------------------------


def test_dates_found_with_page_kind_and_context(records, case_id, pr2, ur):
    a = records.attach(case_id, pr2)
    b = records.attach(case_id, ur)
    found = records.dates(case_id)
    by_date = {f.date: f for f in found}
    assert by_date[dt.date(2011, 7, 15)].kind == "injury"
    visit = by_date[dt.date(2016, 2, 10)]
    assert (visit.document_id, visit.page, visit.kind) == (a.document_id, 2, "visit")
    assert "office on 02/10/2016" in visit.context
    assert by_date[dt.date(2016, 3, 2)].kind == "imaging"
    ur_date = by_date[dt.date(2016, 8, 30)]
    assert (ur_date.document_id, ur_date.page, ur_date.kind) == (b.document_id, 1, "UR decision")
    assert by_date[dt.date(1963, 4, 3)].kind == "birth"
    assert record_range(found) == (dt.date(2016, 2, 10), dt.date(2016, 8, 30))
    assert range_phrase(*record_range(found)) == (
        "Records from 02/10/2016 to 08/30/2016 were reviewed."
    )


def test_date_forms_and_impossible_dates():
    text = (
        "on 1/5/16 and 2016-01-06, Jan. 7, 2016, Sept 8 2016; "
        "not 13/45/2016 or 2016-02-30 or 12/12/20161"
    )
    assert [f.date for f in find_dates([(1, 1, text)])] == [
        dt.date(2016, 1, 5),
        dt.date(2016, 1, 6),
        dt.date(2016, 1, 7),
        dt.date(2016, 9, 8),
    ]


def test_range_ignores_future_dates_and_is_none_without_dates():
    found = find_dates([(1, 1, "Seen 03/01/2016. Next visit 03/01/2099.")])
    assert record_range(found, today=dt.date(2026, 1, 1)) == (
        dt.date(2016, 3, 1),
        dt.date(2016, 3, 1),
    )
    assert record_range([]) is None


def test_with_range_replaces_an_existing_sentence_or_inserts_at_the_cursor():
    phrase = "Records from 02/10/2016 to 08/30/2016 were reviewed."
    old = "The patient is 53. Records from 01/01/2015 to 02/02/2015 were reviewed. More."
    text, _ = with_range(old, phrase)
    assert text == f"The patient is 53. {phrase} More."
    text, at = with_range("The patient is 53.", phrase, cursor=18)
    assert text == f"The patient is 53. {phrase}" and at == len(text)


# --- references ------------------------------------------------------------------


def test_references_format_find_and_insert():
    ref = format_reference("PR-2 report", 12)
    assert ref == "(PR-2 report, p. 12)"
    text, at = insert_reference("Tenderness noted.", 16, ref)
    assert text == "Tenderness noted (PR-2 report, p. 12)."
    assert text[at] == "."
    found = find_references("See (UR letter, p. 2) and (MRI, 3 views, pp. 4-5).")
    assert [(r.title, r.page) for r in found] == [("UR letter", 2), ("MRI, 3 views", 4)]
    assert reference_at(text, 20).page == 12
    assert reference_at(text, 3) is None


def test_too_many_pages_is_refused_with_a_message(records, case_id, pr2, monkeypatch):
    import imr_desktop.records.text as record_text

    monkeypatch.setattr(record_text, "MAX_PAGES", 3)
    with pytest.raises(RecordFileError, match="has 4 pages; at most 3"):
        records.attach(case_id, pr2)


def test_copies_of_deleted_cases_and_stray_files_are_removed(records, store, case_id, pr2):
    doc = records.attach(case_id, pr2)
    keep = records.file_path(doc)
    stray = keep.with_name("f" * 64 + ".pdf")
    stray.write_bytes(b"%PDF-1.4 left by a crash")
    other = store.find("CM16-0000102")
    gone = records.file_path(records.attach(other, pr2))
    store.delete(other)
    assert records.remove_orphan_files() == 2
    assert keep.exists() and not stray.exists() and not gone.exists()
    assert not gone.parent.exists()


def test_a_huge_paste_as_query_is_cut_to_its_first_words(records, case_id, pr2):
    records.attach(case_id, pr2)
    hits = records.search(case_id, "lumbar spine " + "x" * 5_000_000)
    assert isinstance(hits, list)
    assert [h.page for h in records.search(case_id, "lumbar " * 100)] != []
