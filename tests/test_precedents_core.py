"""The precedent library: import (whole decisions or nothing, in parallel, cancel,
skip/replace, bad input), similar requests and their counts, removal, schema."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from imr_desktop.database import open_database
from imr_desktop.precedents import PrecedentLibrary, import_published, read_published
from imr_desktop.precedents.schema import (
    PRECEDENTS_MIGRATION_SETS,
    ensure_fts,
    missing_fts_triggers,
    precedents_migrations,
)
from tests.guidelines_helpers import encrypt_pdf, make_pdf
from tests.precedents_helpers import (
    LOW_BACK,
    OVERTURNED,
    PT_SECTION,
    UPHELD,
    item,
    published_case,
    sample_letters,
    write_letter,
)


@pytest.fixture
def letters(tmp_path) -> Path:
    folder = tmp_path / "letters"
    sample_letters(folder, pdf_every=2)
    return folder


@pytest.fixture
def library(tmp_path, letters):
    report = import_published(tmp_path, [letters], workers=1)
    assert report.count("imported") == 6
    lib = PrecedentLibrary.open(tmp_path)
    yield lib
    lib.close()


def _decisions(lib: PrecedentLibrary) -> dict[str, int]:
    rows = lib.db.execute(
        "SELECT d.case_number, count(i.id) FROM decisions d LEFT JOIN items i "
        "ON i.decision_id = d.id GROUP BY d.id"
    ).fetchall()
    return dict(rows)


def test_similar_requests_and_their_counts(library):
    stats = library.stats("PT 2x6 low back")
    # Lumbar and low back therapy, and therapy naming no region; not the knee.
    assert (stats.decisions, stats.upheld, stats.overturned) == (3, 2, 1)
    assert [(c.section, c.count) for c in stats.citations] == [
        ("Physical medicine treatment", 3),
        ("Physical therapy", 1),
    ]
    assert stats.summary_line() == "3 similar decisions: 2 upheld, 1 overturned"
    hits = library.search("12 sessions of lumbar physical therapy")
    # Those naming the region first, the most recent first among equals; then none.
    assert [h.case_number for h in hits] == ["CM17-0100002", "CM17-0100001", "CM17-0100004"]
    assert hits[0].citations[0] == PT_SECTION
    assert library.stats("MRI of the lumbar spine").decisions == 2
    assert library.stats("MRI knee").overturned == 1
    assert library.stats("TENS").decisions == 1
    assert library.stats("a request with no precedent").decisions == 0


def test_the_view_gets_list_counts_and_messages_in_one_lookup(library):
    found = library.lookup("Acupuncture 2x3 cervical")
    assert found.stats.decisions == 1 and len(found.hits) == 1 and found.message == ""
    assert library.lookup("").message.startswith("Type what is requested")
    assert library.lookup("#90, 2 times a week").message.startswith("Nothing in that request")
    assert library.lookup('") OR terms : "*').stats.decisions == 0  # never FTS syntax


def test_opening_a_decision_gives_the_whole_item(library):
    hit = library.search("TENS unit")[0]
    opened = library.item(hit.item_id)
    assert (opened.case_number, opened.position, opened.items_in_letter) == ("CM17-0100005", 1, 2)
    assert opened.decision == "upheld" and "Therefore" in opened.rationale
    assert library.item(10**9) is None


def test_a_second_import_adds_nothing_and_replace_replaces(tmp_path, letters, library):
    before = _decisions(library)
    again = import_published(tmp_path, [letters], workers=1)
    assert again.counts["skipped"] == 6 and again.counts["imported"] == 0
    assert _decisions(library) == before
    # The same decision in another file (a new rendering): skipped unless replaced.
    newer = published_case("CM17-0100006", [item("Acupuncture 12 sessions", OVERTURNED)])
    path = write_letter(tmp_path / "newer", newer, name="renamed")
    assert import_published(tmp_path, [path]).lines[0].status == "skipped"
    assert library.stats("acupuncture").overturned == 0
    assert import_published(tmp_path, [path], replace=True).lines[0].status == "replaced"
    assert library.stats("acupuncture").overturned == 1
    assert _decisions(library)["CM17-0100006"] == 1


def test_one_case_number_twice_in_one_import_is_read_once(tmp_path):
    case = published_case("CM17-0200001", [item("MRI of the right knee", UPHELD)])
    folder = tmp_path / "dup"
    write_letter(folder, case, name="a")
    write_letter(folder, case, name="b", pdf=True)
    report = import_published(tmp_path, [folder], workers=1)
    assert [line.status for line in report.lines] == ["imported", "skipped"]  # a.txt, b.pdf
    assert "already read from a.txt" in report.lines[1].detail


def test_bad_input_gets_a_line_each_and_no_half_decision(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "invoice.txt").write_text("INVOICE 1042\nPhysical therapy, 6 units ... $540.00\n")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "noise.bin").write_bytes(os.urandom(4096))
    (folder / "truncated.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    book = make_pdf(
        tmp_path / "book.pdf", [("Chapter", [("Section", ["Some other text."] * 3)])] * 3
    )
    encrypt_pdf(book, folder / "locked.pdf")
    _long_pdf(folder / "manual.pdf", pages=300)
    write_letter(folder, published_case("CM17-0300001", [item("TENS unit", UPHELD)]))
    report = import_published(tmp_path, [folder], workers=1)
    lines = {Path(line.path).name: line for line in report.lines}
    assert len(lines) == 7
    assert lines["CM17-0300001.txt"].status == "imported"
    for name in (
        "invoice.txt",
        "empty.pdf",
        "noise.bin",
        "truncated.pdf",
        "locked.pdf",
        "manual.pdf",
    ):
        assert lines[name].status == "unreadable" and lines[name].detail, name
    assert "encrypted" in lines["locked.pdf"].detail
    assert "empty" in lines["empty.pdf"].detail
    library = PrecedentLibrary.open(tmp_path)
    assert _decisions(library) == {"CM17-0300001": 1}
    library.close()


def _long_pdf(path: Path, pages: int) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), invariant=1)
    for n in range(pages):
        c.drawString(72, 720, f"Equipment manual, page {n + 1}: keep the unit dry.")
        c.showPage()
    c.save()
    return path


def test_a_folder_of_a_thousand_mixed_files_in_parallel(tmp_path):
    folder = tmp_path / "thousand"
    folder.mkdir()
    for n in range(990):
        kind = n % 3
        if kind == 0:
            (folder / f"note{n}.txt").write_text(f"Meeting notes {n}: nothing about any case.\n")
        elif kind == 1:
            (folder / f"blob{n}.dat").write_bytes(os.urandom(256))
        else:
            (folder / f"photo{n}.jpg").write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(300))
    for n in range(10):
        number = f"CM17-04{n:05d}"
        write_letter(folder, published_case(number, [item(f"MRI of the knee {n}", UPHELD)]))
    (folder / ".hidden").write_text("hidden files are not letters")
    report = import_published(tmp_path, [folder], workers=2)
    assert report.workers == 2
    assert len(report.lines) == 1000  # every file a line; the hidden one is not a file to read
    assert report.count("imported") == 10 and report.count("unreadable") == 990
    library = PrecedentLibrary.open(tmp_path)
    assert len(_decisions(library)) == 10 and library.stats("MRI knee").decisions == 10
    library.close()


def test_cancel_keeps_whole_decisions_and_a_rerun_imports_the_rest(tmp_path):
    folder = tmp_path / "many"
    for n in range(12):
        case = published_case(
            f"CM17-05{n:05d}", [item("MRI lumbar", UPHELD), item("TENS unit", UPHELD)]
        )
        write_letter(folder, case)
    flag = threading.Event()

    def progress(done: int, total: int, text: str) -> None:
        if done >= 4:
            flag.set()

    report = import_published(tmp_path, [folder], progress=progress, cancel=flag.is_set, workers=1)
    assert report.cancelled and report.count("not read") > 0
    library = PrecedentLibrary.open(tmp_path)
    kept = _decisions(library)
    assert 0 < len(kept) < 12 and set(kept.values()) == {2}  # every decision whole
    rest = import_published(tmp_path, [folder], workers=1)
    assert rest.count("imported") == 12 - len(kept) and len(_decisions(library)) == 12
    assert {i.cancelled for i in library.imports()} == {True, False}
    library.close()


def test_a_failing_write_keeps_what_was_whole_and_says_so(tmp_path, letters, monkeypatch):
    calls = {"n": 0}
    real = PrecedentLibrary.write

    def flaky(self, decision, import_id, *, replace=False):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return real(self, decision, import_id, replace=replace)

    monkeypatch.setattr("imr_desktop.precedents.importer.BATCH", 1)
    monkeypatch.setattr(PrecedentLibrary, "write", flaky)
    report = import_published(tmp_path, [letters], workers=1)
    assert "disk full" in report.failed and report.count("imported") == 2
    monkeypatch.setattr(PrecedentLibrary, "write", real)
    library = PrecedentLibrary.open(tmp_path)
    assert set(_decisions(library).values()) <= {1, 2} and len(_decisions(library)) == 2
    library.close()


def test_removing_one_import_or_all(tmp_path, letters, library):
    more = tmp_path / "more"
    write_letter(
        more, published_case("CM17-0600001", [item("MRI of the lumbar spine", UPHELD, LOW_BACK)])
    )
    import_published(tmp_path, [more])
    imports = library.imports()
    assert [i.decisions for i in imports] == [6, 1]
    assert library.summary().decisions == 7
    assert library.remove_import(imports[1].import_id) == 1
    assert library.stats("MRI lumbar").decisions == 2
    assert library.remove_all() == 6
    assert library.summary().line() == "No published decisions imported yet."
    assert library.db.execute("SELECT count(*) FROM guidelines").fetchone()[0] == 0
    assert library.db.execute("SELECT count(*) FROM items_fts").fetchone()[0] == 0


def test_the_library_says_its_size_and_date_range(library):
    assert library.summary().line() == (
        "6 published decisions (9 items), decided 01/10/2017 – 02/03/2017"
    )


def test_fts_triggers_after_every_migration_step(tmp_path):
    steps = [m.name for m in precedents_migrations._migrations]
    for n, name in enumerate(steps):
        db = open_database(tmp_path / f"step{n}.db", [])
        precedents_migrations.apply(db, stop_before=steps[n + 1] if n + 1 < len(steps) else None)
        assert missing_fts_triggers(db) == [], f"after {name}"
        db.close()
    db = open_database(tmp_path / "all.db", PRECEDENTS_MIGRATION_SETS)
    db["items"].transform(types={"category": str})  # transform() drops triggers...
    assert missing_fts_triggers(db)
    ensure_fts(db)  # ...and ensure_fts restores them
    assert missing_fts_triggers(db) == []


def test_terms_are_derived_again_when_understanding_changes(tmp_path, library):
    library.db.execute("UPDATE items SET terms = 'stale'")
    library.db.execute("UPDATE precedent_settings SET value = 'old' WHERE key = 'understanding'")
    library.close()
    reopened = PrecedentLibrary.open(tmp_path)
    assert reopened.stats("MRI lumbar").decisions == 2
    assert (
        reopened.db.execute("SELECT count(*) FROM items WHERE terms = 'stale'").fetchone()[0] == 0
    )
    reopened.close()


def test_words_for_the_spelling_dictionary(library):
    words = library.words()
    assert {"TENS", "Acupuncture", "Therefore"} <= words
    assert not any(w.isdigit() for w in words)


def test_the_file_is_plain_owner_only_and_apart_from_cases(tmp_path, library):
    assert library.path.name == "precedents.db"
    assert (library.path.stat().st_mode & 0o777) == 0o600
    assert not (tmp_path / "cases.db").exists()  # an import never creates or touches it


def test_read_published_never_raises(tmp_path):
    outcome = read_published(str(tmp_path / "missing.pdf"))
    assert outcome.decision is None and "cannot be read" in outcome.problem
    folder = tmp_path / "a folder.pdf"
    folder.mkdir()
    assert read_published(str(folder)).decision is None


def test_a_library_of_the_first_schema_gets_one_citation_per_section(tmp_path):
    path = tmp_path / "precedents.db"
    db = open_database(path, [])
    precedents_migrations.apply(db, stop_before="m002_one_section_per_citation")
    db.execute("INSERT INTO imports (id, started_at) VALUES (1, '2017-01-01')")
    db.execute(
        "INSERT INTO decisions (id, case_number, file_name, sha256, import_id, imported_at) "
        "VALUES (1, 'CM17-0900001', 'a.pdf', 'x', 1, '2017-01-01')"
    )
    db.execute(
        "INSERT INTO items (id, decision_id, position, request, decision) VALUES (1, 1, 0, 'MRI lumbar', 'upheld')"
    )
    db.execute(
        "INSERT INTO guidelines (id, key, kind, source, edition, section) VALUES "
        "(1, 'k', 'mtus', 'MTUS Low Back Complaints', '2004', 'Special Studies, Summary')"
    )
    db.execute("INSERT INTO citations (item_id, position, guideline_id) VALUES (1, 0, 1)")
    db.close()
    library = PrecedentLibrary.open(path)  # the pending step runs, then terms are derived
    sections = [c.section for c in library.item(1).citations]
    assert sections == ["Special Studies", "Summary"]
    assert [c.count for c in library.stats("MRI lumbar").citations] == [1, 1]
    library.close()
