import json

import pytest

from imr_desktop.guidelines import GuidelineImportError, GuidelineLibrary, ImportCancelled
from imr_desktop.model.passage import GuidelineSource, RecommendationStatus, SourceKind
from tests.guidelines_helpers import encrypt_pdf, image_only_pdf, json_library, make_pdf

CSV_TEXT = """source_key,source_title,source_kind,source_edition,source_cite_as,topic,section,pages,body_region,status,text,summary
odg-test,ODG test,odg,2015,Official Disability Guidelines (ODG),Wombat traction,Low Back Chapter,,Low back,conditional,"Wombat traction, with commas, is an option.",yes
odg-test,ODG test,odg,2015,Official Disability Guidelines (ODG),Koala taping,Knee & Leg Chapter,,Knee,not recommended,Koala taping is not recommended.,no
"""

MARKDOWN_TEXT = """---
title: Markdown Guideline
kind: acoem
edition: 3rd ed.
key: md-guideline
in_force_from: 2011-01-01
---

# Low Back Disorders

## Emu stretching
section: Stretching
pages: 12-13
region: Low back
status: recommended
summary: yes

Emu stretching is recommended.

A second paragraph about emus.

## Ibis bracing
status: not addressed

Ibis bracing is not addressed.
"""


@pytest.fixture
def library(tmp_path):
    folder = tmp_path / "lib"
    folder.mkdir()
    lib = GuidelineLibrary.open(folder, seed_sample=False)
    yield lib
    lib.close()


def snapshot(lib):
    return (
        lib.db.execute("SELECT key, title FROM sources ORDER BY key").fetchall(),
        lib.db.execute("SELECT topic, text FROM passages ORDER BY id").fetchall(),
        lib.db.execute("SELECT count(*) FROM passages_fts").fetchone(),
    )


def test_json_import_and_search(library, tmp_path):
    report = library.import_file(json_library(tmp_path / "lib.json"))
    assert report.passages == 2 and report.replaced == []
    hit = library.search("zebra").hits[0]
    p = hit.passage
    assert (p.topic, p.section, p.pages, p.body_region, p.status) == (
        "Zebra therapy", "Zebras", "10-11", "Knee", RecommendationStatus.RECOMMENDED,
    )  # fmt: skip
    assert p.source.kind is SourceKind.MTUS and p.source.edition == "2010"


def test_reimport_replaces_the_source(library, tmp_path):
    library.import_file(json_library(tmp_path / "a.json"))
    path = json_library(
        tmp_path / "b.json", [{"topic": "Okapi", "text": "Okapi walking.", "status": "conditional"}]
    )
    report = library.import_file(path)
    assert report.replaced == ["test-guideline"]
    assert [i.passages for i in library.sources()] == [1]
    assert library.search("zebra").hits == [] and library.search("okapi").hits


def test_csv_import_groups_rows_by_source(library, tmp_path):
    path = tmp_path / "lib.csv"
    path.write_text(CSV_TEXT, encoding="utf-8")
    library.import_file(path)
    [info] = library.sources()
    assert info.source.key == "odg-test" and info.passages == 2
    hit = library.search("wombat").hits[0]
    assert hit.passage.text == "Wombat traction, with commas, is an option."
    assert hit.passage.is_summary
    assert library.search("koala").hits[0].passage.status is RecommendationStatus.NOT_RECOMMENDED


def test_markdown_import(library, tmp_path):
    path = tmp_path / "lib.md"
    path.write_text(MARKDOWN_TEXT, encoding="utf-8")
    library.import_file(path)
    emu = library.search("emu").hits[0].passage
    assert emu.chapter == "Low Back Disorders" and emu.section == "Stretching"
    assert emu.pages == "12-13" and emu.status is RecommendationStatus.RECOMMENDED
    assert emu.text == "Emu stretching is recommended.\n\nA second paragraph about emus."
    ibis = library.search("ibis").hits[0].passage
    assert (
        ibis.status is RecommendationStatus.NOT_ADDRESSED and ibis.chapter == "Low Back Disorders"
    )


def test_pdf_import_keeps_headings_and_page_numbers(library, tmp_path):
    pdf = make_pdf(
        tmp_path / "guide.pdf",
        [
            ("Chapter One Knee", [
                ("Meniscus surgery", ["Meniscus text on page one.", "Meniscus goes on over page two."]),
                ("Knee bracing", ["Bracing text on page three."]),
            ]),
            ("Chapter Two Shoulder", [("Rotator cuff", ["Cuff repair text on page four."])]),
        ],
    )  # fmt: skip
    seen = []
    source = GuidelineSource(
        key="pdf-guide", title="PDF Guide", kind=SourceKind.MTUS, edition="2012"
    )
    report = library.import_file(
        pdf, pdf_source=source, progress=lambda d, t, m: seen.append((d, t))
    )
    assert report.passages == 3
    assert (4, 4) in seen
    by_topic = {h.passage.topic: h.passage for h in library.search("text").hits}
    meniscus = by_topic["Meniscus surgery"]
    assert meniscus.chapter == "Chapter One Knee" and meniscus.pages == "1-2"
    assert "page two" in meniscus.text
    assert by_topic["Knee bracing"].pages == "3"
    assert by_topic["Rotator cuff"].chapter == "Chapter Two Shoulder"
    assert by_topic["Rotator cuff"].pages == "4"
    assert by_topic["Rotator cuff"].source.key == "pdf-guide"


def test_pdf_without_a_source_is_named_from_the_file(library, tmp_path):
    pdf = make_pdf(tmp_path / "my_licensed_guide.pdf", [("Chapter", [("Section", ["Body."])])])
    library.import_file(pdf)
    [info] = library.sources()
    assert info.source.kind is SourceKind.LITERATURE
    assert info.source.key == "my-licensed-guide"


def _bad_files(tmp_path):
    good_pdf = make_pdf(tmp_path / "good.pdf", [("Chapter", [("Section", ["Body text."])])])
    files = {
        "docx": (tmp_path / "file.docx", b"PK\x03\x04 not a library"),
        "png": (tmp_path / "file.png", b"\x89PNG\r\n\x1a\n\x00\x00"),
        "no extension": (tmp_path / "file", b"hello"),
        "empty json": (tmp_path / "empty.json", b""),
        "json syntax": (tmp_path / "broken.json", b'{"source": {'),
        "json list": (tmp_path / "list.json", b"[1, 2]"),
        "json no passages": (tmp_path / "nop.json", json.dumps({"source": {"title": "T", "kind": "odg"}, "passages": []}).encode()),
        "json bad kind": (tmp_path / "kind.json", json.dumps({"source": {"title": "T", "kind": "blog"}, "passages": [{"topic": "a", "text": "b"}]}).encode()),
        "json bad date": (tmp_path / "date.json", json.dumps({"source": {"title": "T", "kind": "odg", "in_force_from": "07/2014"}, "passages": [{"topic": "a", "text": "b"}]}).encode()),
        "json bad status": (tmp_path / "status.json", json.dumps({"source": {"title": "T", "kind": "odg"}, "passages": [{"topic": "a", "text": "b", "status": "maybe"}]}).encode()),
        "json binary": (tmp_path / "bin.json", b"\x00\x01\x02\x03"),
        "json latin-1": (tmp_path / "latin.json", '{"source": "é"}'.encode("latin-1")),
        "csv missing columns": (tmp_path / "cols.csv", b"topic,text\na,b\n"),
        "csv empty": (tmp_path / "empty.csv", b""),
        "csv extra field": (tmp_path / "extra.csv", b"source_title,source_kind,topic,text\nT,odg,a,b,c\n"),
        "markdown no header": (tmp_path / "plain.md", b"# Just a document\n\nSome text.\n"),
        "markdown no topics": (tmp_path / "notopics.md", b"---\ntitle: T\nkind: odg\n---\n\n"),
        "pdf garbage": (tmp_path / "garbage.pdf", b"%PDF-1.4\n garbage garbage"),
        "pdf truncated": (tmp_path / "trunc.pdf", good_pdf.read_bytes()[:200]),
        "pdf empty": (tmp_path / "zero.pdf", b""),
    }  # fmt: skip
    for path, data in files.values():
        path.write_bytes(data)
    files["pdf encrypted"] = (encrypt_pdf(good_pdf, tmp_path / "locked.pdf"), b"")
    files["pdf no text layer"] = (image_only_pdf(tmp_path / "scan.pdf"), b"")
    files["missing file"] = (tmp_path / "does_not_exist.json", b"")
    files["missing file"][0].unlink(missing_ok=True)
    return {name: path for name, (path, _) in files.items()}


BAD_KINDS = [
    "docx", "png", "no extension", "empty json", "json syntax", "json list", "json no passages",
    "json bad kind", "json bad date", "json bad status", "json binary", "json latin-1",
    "csv missing columns", "csv empty", "csv extra field", "markdown no header",
    "markdown no topics", "pdf garbage", "pdf truncated", "pdf empty", "pdf encrypted",
    "pdf no text layer", "missing file",
]  # fmt: skip


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_every_bad_file_leaves_the_library_unchanged_and_says_why(library, tmp_path, kind):
    library.import_file(json_library(tmp_path / "existing.json"))
    before = snapshot(library)
    path = _bad_files(tmp_path)[kind]
    with pytest.raises(GuidelineImportError) as info:
        library.import_file(path)
    message = str(info.value)
    assert path.name in message or "source" in message
    assert "Traceback" not in message
    assert snapshot(library) == before


def test_messages_name_the_problem(library, tmp_path):
    files = _bad_files(tmp_path)
    for kind, words in [("pdf encrypted", "encrypted"), ("pdf no text layer", "no text layer"),
                        ("docx", "not a library format"), ("json syntax", "not valid JSON"),
                        ("csv missing columns", "missing column")]:  # fmt: skip
        with pytest.raises(GuidelineImportError, match=words):
            library.import_file(files[kind])


def test_cancelled_pdf_import_changes_nothing(library, tmp_path):
    library.import_file(json_library(tmp_path / "existing.json"))
    before = snapshot(library)
    pdf = make_pdf(
        tmp_path / "long.pdf", [("Chapter", [("Section", [f"Page {n} body." for n in range(6)])])]
    )
    pages_read = []

    def cancel():
        return len(pages_read) >= 2

    with pytest.raises(ImportCancelled, match="canceled"):
        library.import_file(pdf, progress=lambda d, t, m: pages_read.append(d), cancel=cancel)
    assert snapshot(library) == before


def test_cancel_during_the_write_rolls_back(library, tmp_path):
    library.import_file(json_library(tmp_path / "existing.json"))
    before = snapshot(library)
    many = [{"topic": f"Topic {n}", "text": f"Text {n}"} for n in range(1200)]
    path = json_library(tmp_path / "big.json", many)
    written = []
    with pytest.raises(ImportCancelled):
        library.import_file(
            path, progress=lambda d, t, m: written.append(d), cancel=lambda: len(written) >= 2
        )
    assert snapshot(library) == before


def test_remove_source(library, tmp_path):
    library.import_file(json_library(tmp_path / "a.json"))
    assert library.remove_source("test-guideline") == 2
    assert library.sources() == [] and library.search("zebra").hits == []
    with pytest.raises(GuidelineImportError, match="no source"):
        library.remove_source("test-guideline")


def test_control_characters_are_cleaned_from_imported_text(library, tmp_path):
    path = json_library(
        tmp_path / "ctl.json",
        [{"topic": "Bell\x07 topic", "text": "Marks \x02inside\x03 text.\nLine two."}],
    )
    library.import_file(path)
    p = library.search("inside").hits[0].passage
    assert p.topic == "Bell  topic"
    assert "\x02" not in p.text and "\n" in p.text
