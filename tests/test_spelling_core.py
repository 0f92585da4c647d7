"""The spell checker without a window: what is flagged and where, what is suggested,
British spellings, the reviewer's dictionary and a case's ignored words (across a
restart), the words of the guideline library, the QA rule, and the false flags on
the 174 published letters."""

from __future__ import annotations

import os
import stat
from collections import Counter

import pytest

from imr_desktop.cases.store import CaseStore
from imr_desktop.letter import workflow
from imr_desktop.letter.spelling_rule import reaches_letter, spelling_findings
from imr_desktop.spelling.checker import SpellChecker
from imr_desktop.spelling.dictionaries import HunspellEngine, load_british_map
from imr_desktop.spelling.folder import FolderSpelling
from imr_desktop.spelling.personal import FILE_NAME
from imr_desktop.spelling.sources import WordSource, guideline_library_words
from imr_desktop.spelling.tokens import words
from tests.letter_writing_helpers import good_case, item

# Typos written for these tests, each with the correction a reviewer expects first.
PLANTED = {
    "radiculapathy": "radiculopathy",
    "neccessary": "necessary",
    "cyclobenzaprene": "cyclobenzaprine",
    "recieved": "received",
    "theraphy": "therapy",
    "gabapenton": "gabapentin",
    "myelopathey": "myelopathy",
    "foramenal": "foraminal",
    "acetaminaphen": "acetaminophen",
    "guidline": "guideline",
}


@pytest.fixture(scope="module")
def checker() -> SpellChecker:
    return SpellChecker(HunspellEngine(), load_british_map())


def flagged(checker: SpellChecker, text: str) -> list[str]:
    return [m.word for m in checker.check(text)]


def test_medical_and_workers_compensation_language_is_known(checker):
    text = (
        "Cervical myelopathy with foraminal stenosis at C5-6; status post microlaminectomy "
        "and discectomy. Cyclobenzaprine 7.5mg #60, Norco 10/325mg b.i.d., gabapentin "
        "q.h.s., Lidoderm patches, tramadol ER. Lumbar radiculopathy; paraspinal spasm, "
        "positive Spurling's and Tinel's signs. Per MTUS, ODG, ACOEM: UR non-certified the "
        "ESI and TENS unit; NSAIDs were prescribed, i.e. naproxen. Licensure: California. "
        "In vivo, et al., 2x/week for 6 weeks, L4-5, CM16-0000101, 10/20/2016."
    )
    assert flagged(checker, text) == []


def test_a_planted_typo_is_found_where_it_is_with_a_useful_first_suggestion(checker):
    for typo, wanted in PLANTED.items():
        text = f"The patient had {typo}, per the records."
        found = checker.check(text)
        assert [m.word for m in found] == [typo], typo
        start = text.index(typo)
        assert (found[0].start, found[0].end) == (start, start + len(typo))
        assert checker.suggest(typo)[0].lower() == wanted, (typo, checker.suggest(typo))


def test_offsets_are_those_of_the_text_as_written(checker):
    text = "“Teh” patient’s recieved—(neccessary)."
    spans = [(m.start, m.end, text[m.start : m.end]) for m in checker.check(text)]
    assert [s[2] for s in spans] == ["Teh", "recieved", "neccessary"]
    assert [s[0] for s in spans] == [1, 16, 26]  # after the curly quote and possessive


def test_what_is_not_a_word_is_skipped():
    text = "5/325mg #30 b.i.d. q.h.s. e.g. MTUS NSAIDs mTBI eGFR www.dir.ca.gov a@b.org x"
    assert list(words(text)) == []
    assert [w for _, _, w in words("non-certified pre-op well-documented")] == [
        "certified",
        "op",
        "documented",
    ]


def test_british_spellings_are_warned_with_the_american_form(checker):
    found = checker.check("In favour of the orthopaedic Haemorrhage colour program.")
    assert [(m.word, m.american) for m in found] == [
        ("favour", "favor"),
        ("orthopaedic", "orthopedic"),
        ("Haemorrhage", "Hemorrhage"),
        ("colour", "color"),
    ]
    assert checker.suggest("favour")[0] == "favor"


def test_ignored_words_are_accepted_in_that_text_only(checker):
    assert flagged(checker, "Dr Xqzv saw her.") == ["Xqzv"]
    assert flagged(checker, "Xqzv Xqzv") != []
    assert checker.check("Dr Xqzv saw her.", ignored={"Xqzv"}) == []


def test_a_personal_word_stops_being_flagged_and_survives_a_restart(data_dir):
    spelling = FolderSpelling.open(data_dir)
    assert [m.word for m in spelling.checker.check("Treated with Zorvantix.")] == ["Zorvantix"]
    assert spelling.add_to_personal("Zorvantix")
    assert spelling.checker.check("Treated with Zorvantix.") == []
    path = data_dir / FILE_NAME
    assert path.read_text("utf-8") == "Zorvantix\n"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600  # owner-only
    again = FolderSpelling.open(data_dir)  # a restart
    assert again.checker.check("Treated with Zorvantix.") == []
    assert not again.add_to_personal("two words")  # one word only
    assert path.read_text("utf-8") == "Zorvantix\n"


def test_a_british_word_the_reviewer_adds_is_theirs(data_dir):
    spelling = FolderSpelling.open(data_dir)
    assert [m.american for m in spelling.checker.check("in favour")] == ["favor"]
    spelling.add_to_personal("favour")
    assert spelling.checker.check("in favour") == []
    assert [m.american for m in spelling.checker.check("the colour")] == ["color"]


def test_an_unreadable_personal_dictionary_is_left_alone(data_dir):
    path = data_dir / FILE_NAME
    path.write_bytes(b"Zorvantix\n\xff\xfe broken line with spaces\n")
    spelling = FolderSpelling.open(data_dir)
    assert spelling.personal.words == {"Zorvantix"}
    assert spelling.checker.check("Zorvantix") == []


def test_ignore_in_this_case_is_kept_with_the_case(data_dir):
    store = CaseStore.open(data_dir)
    try:
        first, second = (store.find(n) for n in ("CM16-0000101", "CM16-0000102"))
        spelling = FolderSpelling.open(data_dir)
        spelling.attach_cases(store.db)
        assert spelling.ignore_in_case(first, "Qorblin")
        assert spelling.text_check(first)("Mr Qorblin") == []
        assert [m.word for m in spelling.text_check(second)("Mr Qorblin")] == ["Qorblin"]
    finally:
        store.close()
    store = CaseStore.open(data_dir)  # a restart
    try:
        spelling = FolderSpelling.open(data_dir)
        spelling.attach_cases(store.db)
        assert spelling.ignored_in(first) == {"Qorblin"}
    finally:
        store.close()


def test_the_guideline_library_extends_the_dictionary(data_dir, tmp_path):
    import json

    from imr_desktop.guidelines import GuidelineLibrary

    assert guideline_library_words(data_dir) == set()  # no library yet: nothing read
    library_file = tmp_path / "lib.json"
    library_file.write_text(
        json.dumps(
            {
                "format": "imr-guidelines/1",
                "source": {"title": "Test Guideline", "kind": "literature"},
                "passages": [
                    {"topic": "Zentraflox injections", "text": "Zentraflox is an option."}
                ],
            }
        )
    )
    library = GuidelineLibrary.open(data_dir)
    library.import_file(library_file)
    library.close()
    assert {"Zentraflox", "Guideline"} <= guideline_library_words(data_dir)
    assert SpellChecker(HunspellEngine()).check("Zentraflox") != []
    spelling = FolderSpelling.open(data_dir)
    assert spelling.checker.check("Zentraflox") == []


def test_a_word_source_that_fails_is_left_out(data_dir):
    def broken(_):
        raise OSError("disk gone")

    sources = [WordSource("broken", broken), WordSource("fine", lambda _: ["Quexiprofen"])]
    spelling = FolderSpelling.open(data_dir, sources)
    assert spelling.checker.check("Quexiprofen") == []


def test_the_qa_rule_lists_each_word_once_per_field_with_its_place(checker):
    case = good_case(
        summary="The patient recieved therapy. He recieved more. In favour of rest.",
        items=[
            item(
                request="Physical theraphy",
                rationale=item().rationale + " The guidline is clear.",
            )
        ],
    )
    found = spelling_findings(case, checker.check)
    assert [(f.path, f.word, f.span) for f in found] == [
        ("summary", "recieved", (12, 20)),
        ("summary", "favour", (51, 57)),
        ("items[0].request", "theraphy", (9, 17)),
        ("items[0].rationale", "guidline", (len(item().rationale) + 5, len(item().rationale) + 13)),
    ]
    assert all(f.rule == "spelling" and not f.is_error for f in found)
    assert "(2 times)" in found[0].message
    assert found[1].message == "British spelling in the summary: favour → favor"
    assert spelling_findings(good_case(), checker.check) == []


def test_the_qa_message_names_the_field_in_american_english(checker):
    case = good_case(items=[item(original_request="Knee brace", authorised_part="Knee braec")])
    found = spelling_findings(case, checker.check)
    assert [f.message for f in found] == ["misspelled word in item 1's authorized part: 'braec'"]


def test_only_fields_printed_in_the_letter_are_checked():
    assert reaches_letter("summary") and reaches_letter("items[3].rationale")
    assert reaches_letter("items[0].claims_administrator_guideline")
    assert not reaches_letter("header.case_number")
    assert not reaches_letter("items[0].citations") and not reaches_letter(None)


def test_workflow_check_adds_spelling_warnings_after_the_rest(store, data_dir):
    case_id = store.find("CM16-0000101")
    case = store.load(case_id)
    case.summary += " The MRI was neccessary."
    store.save(case_id, case)
    spelling = FolderSpelling.open(data_dir)
    plain = workflow.check(store, case_id, data_dir=data_dir)
    both = workflow.check(store, case_id, data_dir=data_dir, spelling=spelling.text_check(case_id))
    assert both[: len(plain)] == plain
    assert [f.word for f in both[len(plain) :]] == ["neccessary"]


@pytest.mark.slow
def test_the_published_letters_raise_at_most_3_flags_per_1000_words(shared_dir, checker):
    """False flags on 174 real letters (a real typo in a letter counts too)."""
    letters = sorted((shared_dir / "letters" / "text").glob("*.txt"))
    assert len(letters) == 174
    counts: Counter[str] = Counter()
    total_words = 0
    for path in letters:
        text = path.read_text("utf-8", errors="replace")
        total_words += len(text.split())
        counts.update(m.word for m in checker.check(text) if not m.is_british)
    per_1000 = sum(counts.values()) * 1000 / total_words
    print(f"\n{sum(counts.values())} flags in {total_words} words: {per_1000:.2f} per 1,000")
    print("most flagged:", counts.most_common(25))
    assert per_1000 <= 3


def test_the_request_vocabulary_extends_the_dictionary_but_not_with_short_forms(data_dir):
    from imr_desktop.spelling.sources import request_vocabulary_words

    vocabulary = request_vocabulary_words(data_dir)
    assert {"orthovisc", "vascutherm", "theraband"} <= vocabulary
    assert not {"tha", "toc", "esi"} & vocabulary  # "tha" would hide a typo of "the"
    spelling = FolderSpelling.open(data_dir)
    assert [m.word for m in spelling.checker.check("Orthovisc, Vascutherm, tha")] == ["tha"]


def test_precedent_words_count_only_when_several_letters_use_them(data_dir, tmp_path):
    from imr_desktop.precedents.importer import import_published
    from imr_desktop.spelling.sources import MIN_PRECEDENT_LETTERS, precedent_words
    from tests.precedents_helpers import UPHELD, item, published_case, write_letter

    assert precedent_words(data_dir) == set()  # no precedents.db: nothing, nothing created
    assert not (data_dir / "precedents.db").exists()
    folder = tmp_path / "letters"
    for n in range(MIN_PRECEDENT_LETTERS):
        rationale = "Zentramadol was tried without benefit."
        if n == 0:
            rationale += " The Qwertyxal note is unclear."  # in one letter only
        request = item("Zentramadol 50 mg #60", UPHELD, rationale=rationale)
        write_letter(folder, published_case(f"CM17-010010{n}", [request]))
    assert import_published(data_dir, [folder], workers=1).count("imported") == 3
    words = precedent_words(data_dir)
    assert "Zentramadol" in words and "Qwertyxal" not in words
    spelling = FolderSpelling.open(data_dir)
    assert [m.word for m in spelling.checker.check("Zentramadol; Qwertyxal")] == ["Qwertyxal"]
