"""Suggested citations: the library read through request understanding, and what
published decisions on the request cited; the edition in force; why."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imr_desktop.guidelines import GuidelineLibrary
from imr_desktop.guidelines.suggest import (
    is_printed,
    precedents_connection,
    printed_citation,
    printed_passage,
    suggest,
)
from imr_desktop.model import Citation, CitationKind
from imr_desktop.precedents import import_published
from imr_desktop.precedents.sections import same_guideline_key, split_sections
from tests.cli_helpers import run_in
from tests.precedents_helpers import sample_letters

IN_2016 = dt.date(2016, 10, 5)


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    lib = GuidelineLibrary.open(tmp_path_factory.mktemp("library"))
    yield lib
    lib.close()


def first(library, text, **kw):
    found = suggest(library, text, **kw)
    assert found.items, found.message
    return found.items[0]


@pytest.mark.parametrize(
    ("request_text", "section"),
    [
        (
            "Ultram 50mg #60",
            "3.3.9 Opioids for Chronic Pain and Chronic Opioid Treatment: Maintenance of Chronic Opioid Treatment",
        ),
        ("Post-op Norco 5/325 #60", "1.4 Opioids for Acute Pain: Opioids for Post-operative Pain"),
        (
            "Physical therapy 2 times a week for 6 weeks, lumbar spine",
            "Physical medicine treatment",
        ),
        ("Chiropractic 6 visits for the neck", "Manual therapy & manipulation"),
        ("Orthopedic surgeon evaluation of the right knee", "Office visits"),
        ("Zofran 8mg #10", "Antiemetics (for opioid nausea)"),
        ("Celebrex 200mg #30", "NSAIDs (non-steroidal anti-inflammatory drugs)"),
        ("Flexeril 10mg #90", "Cyclobenzaprine (Flexeril)"),
        ("Ketoprofen 20% cream, 240 grams", "Topical analgesics"),
        ("MRI of the lumbar spine", "Special Studies"),
    ],
)
def test_the_library_alone_suggests_the_section_that_names_the_request(
    library, request_text, section
):
    assert first(library, request_text, on=IN_2016).citation.section == section


def test_imaging_is_suggested_from_the_chapter_of_its_body_region(library):
    knee = first(library, "MRI of the left knee", on=IN_2016).citation
    neck = first(library, "X-rays of the cervical spine", on=IN_2016).citation
    assert (
        knee.source == "MTUS Knee Complaints"
        and neck.source == "MTUS Neck and Upper Back Complaints"
    )


def test_the_edition_in_force_is_the_one_suggested_and_said(library):
    old = first(library, "Physical therapy 12 sessions", on=dt.date(2014, 7, 1))
    new = first(library, "Physical therapy 12 sessions", on=IN_2016)
    assert (old.citation.edition, old.citation.section) == ("2009", "Physical Medicine")
    assert (new.citation.edition, new.citation.section) == ("2016", "Physical medicine treatment")
    assert "edition in force on 10/05/2016" in new.why


def test_why_names_the_drug_and_its_class(library):
    suggestion = first(library, "Ultram 50mg #60", on=IN_2016)
    assert suggestion.why[0] == "Ultram → tramadol → opioid"
    assert any(w.startswith("topic: ") for w in suggestion.why)


def test_published_decisions_add_their_citation_practice(tmp_path, library):
    sample_letters(tmp_path / "letters")
    import_published(tmp_path, [tmp_path / "letters"], workers=1)
    precedents = precedents_connection(tmp_path)
    try:
        found = suggest(library, "PT 2x6 low back", on=IN_2016, precedents=precedents)
    finally:
        precedents.close()
    top = found.items[0]
    assert top.citation.section == "Physical medicine treatment"
    assert "cited in 3 of 3 similar published decisions" in top.why
    assert top.passage is not None  # the library's passage: cited as any result


def test_nothing_is_suggested_without_a_request(library):
    assert suggest(library, "").message.startswith("Type what is requested")
    assert suggest(library, "#90, 2 times a week").items == []
    assert precedents_connection(library.path.parent / "nowhere") is None


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_any_text_gets_suggestions_or_a_message_never_an_error(library, text):
    found = suggest(library, text, on=IN_2016, limit=5)
    assert len(found.items) <= 5
    assert found.items or found.message


def test_a_guideline_only_decisions_cite_is_citable_as_printed():
    for citation in (
        Citation(CitationKind.MTUS, "MTUS Elbow Complaints", "2007", "Recommendations"),
        Citation(CitationKind.NON_MTUS, "Sildenafil: Drug information (UpToDate)", None, None),
    ):
        passage = printed_passage(citation)
        assert is_printed(passage) and printed_citation(passage) == citation
    # A web address read as both source and section is cited once.
    twice = Citation(CitationKind.NON_MTUS, "www.mdguidelines.com", None, "www.mdguidelines.com")
    assert printed_citation(printed_passage(twice)).section is None


def test_sections_are_split_and_spellings_compare_alike():
    assert split_sections("Diagnostic Criteria, Special Studies, Summary") == [
        "Diagnostic Criteria",
        "Special Studies",
        "Summary",
    ]
    assert split_sections(
        "NSAIDs, GI symptoms & cardiovascular risk, Proton Pump Inhibitors (PPIs)"
    ) == [
        "NSAIDs, GI symptoms & cardiovascular risk",
        "Proton Pump Inhibitors (PPIs)",
    ]
    assert split_sections("TENS, chronic pain (transcutaneous electrical nerve stimulation)") == [
        "TENS, chronic pain (transcutaneous electrical nerve stimulation)"
    ]
    odg = CitationKind.NON_MTUS
    same = {
        same_guideline_key(
            Citation(odg, "Official Disability Guidelines (ODG) Shoulder", None, "MRI")
        ),
        same_guideline_key(
            Citation(odg, "Official Disability Guidelines (ODG) MRI shoulder", None, None)
        ),
        same_guideline_key(
            Citation(odg, "Official Disability Guidelines (ODG) Shoulder Chapter", None, "MRIs")
        ),
    }
    assert same == {"odg|shoulder|mri"}
    mtus = CitationKind.MTUS
    assert same_guideline_key(
        Citation(mtus, "MTUS Chronic Pain Medical Treatment Guidelines", "2016", "NSAIDs")
    ) == same_guideline_key(Citation(mtus, "MTUS Chronic Pain Medical Treatment", "2009", "NSAIDs"))


def test_the_command_prints_one_json_object_per_suggestion(capsys, tmp_path):
    code, out, _ = run_in(
        capsys, tmp_path, "guidelines", "suggest", "Norco 10/325 #90", "--on", "2016-10-05", "--json",
        "--limit", "3",
    )  # fmt: skip
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == 3
    assert set(rows[0]) == {
        "kind", "source", "edition", "section", "pages", "score", "why", "passage_id", "topic",
    }  # fmt: skip
    assert isinstance(rows[0]["passage_id"], int) and rows[0]["topic"]
    assert rows[0]["source"] == "MTUS Opioid Treatment" and rows[0]["edition"] == "2016"
    assert rows[0]["why"][0] == "Norco → hydrocodone + acetaminophen → opioid"
    code, _, err = run_in(capsys, tmp_path, "guidelines", "suggest", "Norco", "--on", "10/05/2016")
    assert code == 2 and "expected a date YYYY-MM-DD" in err


def test_an_odg_topic_printed_in_brackets_is_the_topic():
    odg = "Official Disability Guidelines (ODG)"
    bracket = Citation(CitationKind.NON_MTUS, f"{odg} Low Back (Shock wave therapy)")
    chapter = Citation(CitationKind.NON_MTUS, f"{odg} Low Back Chapter", None, "Shock wave therapy")
    assert same_guideline_key(bracket) == same_guideline_key(chapter)
    nested = Citation(
        CitationKind.NON_MTUS, f"{odg} Neck & Upper Back (Extracorporeal shock wave therapy (ESWT))"
    )
    assert same_guideline_key(nested) == "odg|neck and upper back|extracorporeal shock wave therapy"
    whole = Citation(CitationKind.NON_MTUS, f"{odg} Carpal Tunnel Syndrome (Acute & Chronic)")
    assert same_guideline_key(whole) == "odg|carpal tunnel syndrome|"  # the chapter, no topic
