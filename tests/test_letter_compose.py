"""The letter composed as text: wording of each form, both generations, the
sentences offered on request, and the importer reading our text back."""

from __future__ import annotations

import datetime as dt

from imr_desktop.letter import wording as W
from imr_desktop.letter.compose import (
    compose_letter,
    conclusion_sentence,
    letter_style,
    letter_text,
    organisation_guideline_line,
    summary_opening,
)
from imr_desktop.model import Decision, Priority, Sex
from tests.letter_writing_helpers import good_case, item, mtus, non_mtus


def test_headings_and_lead_ins_in_order():
    text = letter_text(good_case(), width=0)
    positions = [
        text.index(s)
        for s in (
            "Case Number:",
            W.HEADING_HOW,
            W.CREDENTIALS_INTRO,
            W.HEADING_SUMMARY,
            W.SUMMARY_LEADIN,
            W.HEADING_ISSUES,
            W.ISSUES_LEADIN,
            "Knee brace: Upheld",
            "Claims Administrator guideline: Decision based on MTUS Knee Complaints.",
            "MAXIMUS guideline:",
            "Decision rationale: The guideline",
        )
    ]
    assert positions == sorted(positions)


def test_header_pairs_two_columns_and_dates():
    lines = letter_text(good_case(), width=0).splitlines()
    assert lines[0].startswith("Case Number:") and "CM16-0000900" in lines[0]
    assert "Claim Number:" in lines[0] and "CLAIM-1" in lines[0]
    assert "Date Assigned:" in lines[1] and "10/03/2016" in lines[1]
    assert "Date of Injury:" in lines[1] and "03/02/2015" in lines[1]
    assert "Priority:" in lines[3] and "Standard" in lines[3]


def test_credentials_lines_2016_style():
    text = letter_text(good_case(), width=0)
    assert "State(s) of Licensure: California, Oregon" in text
    assert "Certification(s)/Specialty: Orthopaedic Surgery" in text
    assert "more than twelve years" in text and "at least 30 hours" in text
    assert "Board Certified in" not in text


def test_2014_style_puts_specialty_in_prose():
    case = good_case(items=[item(citations=[mtus(pages="98-99")])])
    case.date_assigned = dt.date(2014, 7, 1)
    assert letter_style(case) == W.STYLE_2014
    text = letter_text(case, width=0)
    assert (
        "The expert reviewer is Board Certified in Orthopaedic Surgery and is licensed to "
        "practice in California and Oregon." in text
    )
    assert W.CREDENTIALS_INTRO not in text


def test_style_by_the_date_assigned_then_by_citation_fields():
    pages_style = good_case(items=[item(citations=[mtus(pages="98")])])
    assert letter_style(pages_style) == "2016"  # assigned in 2016: the 2016-17 letters
    pages_style.date_assigned = dt.date(2014, 7, 1)
    assert letter_style(pages_style) == "2014"
    no_mtus = good_case(items=[item(citations=[non_mtus()])])
    assert letter_style(no_mtus) == "2016"
    no_mtus.date_assigned = dt.date(2014, 7, 1)
    assert letter_style(no_mtus) == "2014"
    # No date: 2014 only when every MTUS citation has pages and no year.
    undated = good_case(items=[item(citations=[mtus(pages="98")])])
    undated.date_assigned = None
    assert letter_style(undated) == "2014"
    undated.items[0].citations.append(mtus(edition="2009"))
    assert letter_style(undated) == "2016"


def test_mtus_pages_form():
    line = organisation_guideline_line(item(citations=[mtus()]), "2014")
    assert line == (
        "Decision based on MTUS Chronic Pain Medical Treatment Guidelines Physical Medicine "
        "Page(s): 98-99."
    )


def test_mtus_sections_form_and_several_joined():
    first = mtus(
        source="MTUS Low Back Complaints", edition="2004", section="Special Studies", pages=None
    )
    second = mtus(
        source="MTUS Chronic Pain Medical Treatment", edition="2016", section="Opioids", pages=None
    )
    line = organisation_guideline_line(item(citations=[first, second]))
    assert line == (
        "Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies, and "
        "Chronic Pain Medical Treatment 2016, Section(s): Opioids."
    )


def test_non_mtus_forms_by_style():
    it = item(citations=[non_mtus()])
    assert organisation_guideline_line(it, "2016") == (
        "The Expert Reviewer based their decision on recommendation(s) outside of the MTUS "
        "Guidelines. Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) "
        "Knee Chapter, Braces."
    )
    assert organisation_guideline_line(it, "2014").startswith(
        "The Expert Reviewer did not base their decision on the MTUS. Decision based on "
        "Non-MTUS Citation"
    )


def test_mtus_then_non_mtus_and_chapters_of_one_source():
    it = item(
        citations=[
            mtus(edition="2016", pages=None),
            non_mtus("Official Disability Guidelines (ODG) Shoulder Chapter", "Kits"),
            non_mtus("Official Disability Guidelines (ODG) Knee & Leg Chapter", "Equipment"),
        ]
    )
    line = organisation_guideline_line(it)
    assert line == (
        "Decision based on MTUS Chronic Pain Medical Treatment 2016 Guidelines, Section(s): "
        "Physical Medicine. Decision based on Non-MTUS Citation Official Disability Guidelines "
        "(ODG) Shoulder Chapter, Kits; Knee & Leg Chapter, Equipment."
    )


def test_no_evidence_forms():
    it = item(citations=[], claims_administrator_guideline="")
    letter = compose_letter(good_case(items=[it]))
    assert letter.items[0].org_line == W.REVIEWER_NO_EVIDENCE
    assert letter.items[0].ca_line == W.CA_NO_EVIDENCE


def test_modification_wording():
    it = item(
        request="2 visits of physical therapy",
        original_request="Physical therapy 8 visits",
        authorised_part="6 visits of physical therapy",
    )
    heading = compose_letter(good_case(items=[it])).items[0].heading
    assert heading == (
        "Physical therapy 8 visits was the original request. 6 visits of physical therapy was "
        "authorized by the Claims Administrator. The remaining IMR eligible portion of the "
        "original request, 2 visits of physical therapy is: Upheld"
    )


def test_substituted_service_decides_the_original_whole():
    it = item(request="MRI", original_request="MRI", authorised_part="X-ray")
    heading = compose_letter(good_case(items=[it])).items[0].heading
    assert (
        "leaving the original request IMR eligible. The original request, MRI is: Upheld" in heading
    )


def test_organisation_short_name():
    case = good_case()
    case.reviewer.organisation = "Acme Review Organisation"
    assert compose_letter(case).items[0].org_label == "Acme guideline:"


def test_conclusion_sentence_by_decision():
    assert conclusion_sentence(item("MRI of the knee", Decision.UPHELD)) == (
        "Therefore, the request for MRI of the knee is not medically necessary."
    )
    assert conclusion_sentence(item("MRI of the knee", Decision.OVERTURNED)) == (
        "Therefore, the request for MRI of the knee is medically necessary."
    )


def test_summary_opening_from_fields_and_placeholders():
    case = good_case()
    assert summary_opening(case, "lumbar strain") == (
        "The patient is a 47-year-old male who has submitted a claim for lumbar strain "
        "associated with an industrial injury date of 03/02/2015."
    )
    case.patient.age, case.patient.sex, case.date_of_injury = None, Sex.FEMALE, None
    opening = summary_opening(case)
    assert "[age]-year-old female" in opening and "[conditions]" in opening
    assert "[date of injury]" in opening


def test_text_wraps_like_the_letters():
    lines = letter_text(good_case()).splitlines()
    assert max(len(line) for line in lines) <= 100


def test_importer_reads_our_text_back(tmp_path):
    from imr_desktop.letters import import_letter_text

    original = good_case(
        priority=Priority.EXPEDITED,
        items=[
            item(
                "2 visits of physical therapy",
                original_request="Physical therapy 8 visits",
                authorised_part="6 visits of physical therapy",
                citations=[mtus(edition="2016", pages=None)],
            ),
            item("Knee brace", Decision.OVERTURNED, citations=[non_mtus()]),
            item("Surgical assistant", citations=[]),
        ],
    )
    back, report = import_letter_text(letter_text(original))
    assert not report.unplaced, report.warnings
    assert back.case_number == original.case_number
    assert back.priority is Priority.EXPEDITED
    assert back.date_assigned == original.date_assigned
    assert back.reviewer.licensure == ["California", "Oregon"]
    for mine, read in zip(original.items, back.items, strict=True):
        assert read.request == mine.request
        assert read.original_request == mine.original_request
        assert read.decision == mine.decision
        assert read.citations == mine.citations
        assert read.rationale == mine.rationale
