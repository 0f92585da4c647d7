"""The 174 published letters in ../shared/letters as precedents: every PDF imports,
counts for common requests agree with counts this test takes from the letters' text
with patterns of its own, a second import adds nothing, and mutated letters never
break the import. The letters' text never enters the repository."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imr_desktop.precedents import PrecedentLibrary, import_published, read_published

# "<request>: Upheld Claims Administrator guideline" in the collapsed text; the request
# is the last sentence before it (or the IMR-eligible remainder of a modified one).
_ITEM = re.compile(
    r"(?:\.|below:)\s+(.{3,700}?):\s*(Upheld|Overturned)\s+Claims Administrator guideline", re.S
)
_REMAINDER = re.compile(r"original request,?\s*(.*?)\s*is$")
_REGION_WORDS = re.compile(
    r"lumb|low back|back|spine|cervical|neck|thoracic|shoulder|elbow|wrist|hand|finger|hip|"
    r"pelvis|knee|leg|foot|ankle|head|brain|extremit|groin",
    re.I,
)


def _items_from_text(folder: Path) -> list[tuple[str, str]]:
    """(request, decision) of every item, read from the pdftotext versions."""
    found = []
    for path in sorted(folder.glob("*.txt")):
        text = " ".join(path.read_text(encoding="utf-8", errors="replace").split())
        for m in _ITEM.finditer(text):
            request = m.group(1)
            remainder = _REMAINDER.search(request)
            if remainder:
                request = remainder.group(1)
            request = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", request)[-1]
            found.append((request, m.group(2).lower()))
    return found


def _lumbar_or_none(request: str) -> bool:
    if re.search(r"lumb|low back", request, re.I):
        return True
    if re.search(r"\bspine\b", request, re.I) and not re.search(
        r"cervical|thoracic", request, re.I
    ):
        return True
    return not _REGION_WORDS.search(request)


COMMON = {
    "TENS unit": lambda r: re.search(r"\bTENS\b", r),
    "acupuncture": lambda r: re.search(r"acupuncture", r, re.I),
    "physical therapy": lambda r: re.search(r"physical therapy|therapeutic exercise", r, re.I),
    "MRI": lambda r: re.search(r"\bMRI\b", r),
    "X-rays": lambda r: re.search(r"x-?rays?", r, re.I),
    "MRI of the lumbar spine": lambda r: re.search(r"\bMRI\b", r) and _lumbar_or_none(r),
    "PT 2x6 low back": lambda r: (
        re.search(r"physical therapy|therapeutic exercise", r, re.I) and _lumbar_or_none(r)
    ),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    shared = Path(__file__).resolve().parents[2] / "shared" / "letters"
    pdfs = sorted((shared / "pdf").glob("*.pdf"))
    if not pdfs:
        pytest.skip("../shared/letters is not beside this checkout")
    folder = tmp_path_factory.mktemp("precedents")
    report = import_published(folder, [shared / "pdf"], workers=2)
    return shared, folder, report


def test_every_published_pdf_imports(corpus):
    shared, _, report = corpus
    assert report.count("imported") == len(list((shared / "pdf").glob("*.pdf"))) == 174
    assert report.count("unreadable") == 0 and not report.failed


@pytest.mark.parametrize("request_text", sorted(COMMON))
def test_counts_agree_with_the_letters_text(corpus, request_text):
    shared, folder, _ = corpus
    items = _items_from_text(shared / "text")
    assert len(items) == 357
    chosen = [decision for request, decision in items if COMMON[request_text](request)]
    library = PrecedentLibrary.open(folder)
    try:
        stats = library.stats(request_text)
    finally:
        library.close()
    assert (stats.decisions, stats.upheld, stats.overturned) == (
        len(chosen),
        chosen.count("upheld"),
        chosen.count("overturned"),
    )


def test_the_most_cited_guideline_for_lumbar_mri_is_the_low_back_special_studies(corpus):
    _, folder, _ = corpus
    library = PrecedentLibrary.open(folder)
    try:
        top = library.stats("MRI of the lumbar spine").citations[0]
    finally:
        library.close()
    assert (top.source, top.section) == ("MTUS Low Back Complaints", "Special Studies")


def test_a_second_import_of_the_pdfs_and_their_text_adds_nothing(corpus):
    shared, folder, _ = corpus
    library = PrecedentLibrary.open(folder)
    before = library.summary()
    again = import_published(folder, [shared / "pdf", shared / "text"], workers=2)
    assert again.count("imported") == again.count("replaced") == 0
    assert again.count("skipped") == 348 and again.count("unreadable") == 0
    assert library.summary() == before
    library.close()


_TEXTS = sorted((Path(__file__).resolve().parents[2] / "shared" / "letters" / "text").glob("*.txt"))


@pytest.mark.skipif(not _TEXTS, reason="../shared/letters is not beside this checkout")
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    which=st.integers(0, 10_000),
    cuts=st.lists(
        st.tuples(st.floats(0, 1), st.floats(0, 0.3), st.sampled_from("dxr")), max_size=4
    ),
)
def test_mutated_letters_import_whole_or_not_at_all(tmp_path_factory, which, cuts):
    """Deleted, doubled or garbled stretches of a real letter: the reader never
    raises, and what it gives is a whole decision or a reason."""
    text = _TEXTS[which % len(_TEXTS)].read_text(encoding="utf-8", errors="replace")
    rng = random.Random(which)
    for where, length, how in cuts:
        start = int(where * len(text))
        end = min(len(text), start + int(length * len(text)))
        if how == "d":
            text = text[:start] + text[end:]
        elif how == "x":
            text = text[:end] + text[start:end] + text[end:]
        else:
            noise = "".join(chr(rng.randrange(32, 0x2FF)) for _ in range(end - start))
            text = text[:start] + noise + text[end:]
    folder = tmp_path_factory.mktemp("mutated")
    path = folder / "letter.txt"
    path.write_text(text, encoding="utf-8")
    outcome = read_published(str(path))
    if outcome.decision is None:
        assert outcome.problem
        return
    assert outcome.decision.case_number and outcome.decision.items
    report = import_published(folder, [path], workers=1)
    assert report.lines[0].status == "imported"
    library = PrecedentLibrary.open(folder)
    try:
        stored = library.db.execute("SELECT count(*) FROM items").fetchone()[0]
    finally:
        library.close()
    assert stored == len(outcome.decision.items)
