"""Every QA rule: a case that triggers it and one that does not; and no error on the
published letters (read through the letter importer)."""

from __future__ import annotations

import datetime as dt

import pytest

from imr_desktop.letter import wording as W
from imr_desktop.letter.qa import Severity, check_case, has_errors
from imr_desktop.model import Decision, Priority, Sex
from tests.letter_writing_helpers import good_case, item, mtus, non_mtus


def rules(case, **kw) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in check_case(case, **kw):
        out.setdefault(f.rule, []).append(f)
    return out


def test_the_good_case_has_no_findings():
    assert check_case(good_case(), reviewer_name="Jane Q. Doe", records=3) == []


def test_no_decision():
    found = rules(good_case(items=[item(decision=None, rationale="Nothing yet.")]))
    f = found["no_decision"][0]
    assert f.severity is Severity.ERROR and f.path == "items[0].decision"
    assert "no_decision" not in rules(good_case())


@pytest.mark.parametrize(
    "decision, rationale",
    [
        (
            Decision.UPHELD,
            "Trial shown. Therefore, the request for Knee brace is medically necessary.",
        ),
        (
            Decision.OVERTURNED,
            "No trial. As such, the request for Knee brace is not medically necessary.",
        ),
        (
            Decision.UPHELD,
            "Yes, the request for Knee brace was medically necessary and appropriate.",
        ),
    ],
)
def test_conclusion_contradicting_the_decision(decision, rationale):
    found = rules(good_case(items=[item(decision=decision, rationale=rationale)]))
    f = found["conclusion_contradicts"][0]
    assert f.is_error and f.path == "items[0].rationale"


@pytest.mark.parametrize(
    "rationale",
    [
        # An earlier sentence reads as Upheld: the last one concludes.
        "A brace is not medically necessary without a trial of exercise. A trial was done "
        "and failed. Therefore, the request is medically necessary.",
        # The request named in other words than the item's title.
        "The trial failed. Therefore, the requested orthosis for the right knee is "
        "medically necessary.",
        "Exercise failed. Given the above, medical necessity is established for this item.",
    ],
)
def test_a_last_conclusion_reading_opposite_is_an_error_however_it_names_the_request(rationale):
    case = good_case(items=[item(decision=Decision.UPHELD, rationale=rationale)])
    [f] = rules(case)["conclusion_contradicts"]
    assert f.is_error and "Upheld but its conclusion says the request is medically" in f.message
    case.items[0].decision = Decision.OVERTURNED
    assert "conclusion_contradicts" not in rules(case)


@pytest.mark.parametrize(
    "decision, rationale",
    [
        (
            Decision.UPHELD,
            "No trial. As such, the request is not medically necessary and appropriate.",
        ),
        (Decision.UPHELD, "No trial. Given the above, medical necessity has not been established."),
        (Decision.UPHELD, "No, the request for a knee brace was not medically necessary here."),
        (
            Decision.OVERTURNED,
            "Trial done without relief. Therefore, the request is medically necessary.",
        ),
        (
            Decision.UPHELD,
            "The request is not medically necessary. " + W.OPIOID_TAPERING_ADVISORY,
        ),
    ],
)
def test_conclusions_in_the_letters_wording_variety_agree(decision, rationale):
    assert "conclusion_contradicts" not in rules(
        good_case(items=[item(decision=decision, rationale=rationale)])
    )


def test_conclusion_naming_a_different_request():
    rationale = "Therefore, the request for lumbar MRI is not medically necessary."
    f = rules(good_case(items=[item(rationale=rationale)]))["conclusion_other_request"][0]
    assert "lumbar MRI" in f.message and f.path == "items[0].rationale"
    same = "Therefore, the request for knee braces is not medically necessary."
    assert "conclusion_other_request" not in rules(good_case(items=[item(rationale=same)]))


def test_missing_conclusion():
    f = rules(good_case(items=[item(rationale="The guideline supports a trial.")]))[
        "no_conclusion"
    ][0]
    assert f.is_error and f.path == "items[0].rationale"
    empty = rules(good_case(items=[item(rationale="")]))["no_conclusion"][0]
    assert empty.is_error
    assert "no_conclusion" not in rules(good_case())


def test_mtus_citation_without_section_or_pages():
    bare = mtus(section=None, pages=None, edition="2007")
    f = rules(good_case(items=[item(citations=[bare])]))["mtus_without_section"][0]
    assert f.path == "items[0].citations"
    assert "mtus_without_section" not in rules(good_case(items=[item(citations=[mtus()])]))


def test_non_mtus_without_the_mtus_silent_statement():
    plain = item(citations=[non_mtus()])
    f = rules(good_case(items=[plain]))["non_mtus_without_reason"][0]
    assert f.path == "items[0].rationale"
    said = item(
        citations=[non_mtus()],
        rationale="The CA MTUS does not address knee braces. " + plain.rationale,
    )
    assert "non_mtus_without_reason" not in rules(good_case(items=[said]))
    both = item(citations=[mtus(), non_mtus()])
    assert "non_mtus_without_reason" not in rules(good_case(items=[both]))


def test_upheld_opioid_without_tapering_advisory():
    opioid = item("Norco 10/325 mg #90")
    f = rules(good_case(items=[opioid]))["opioid_tapering"][0]
    assert f.path == "items[0].rationale"
    advised = item("Norco 10/325 mg #90")
    advised.rationale += " " + W.OPIOID_TAPERING_ADVISORY
    assert "opioid_tapering" not in rules(good_case(items=[advised]))
    overturned = item("Norco 10/325 mg #90", Decision.OVERTURNED)
    assert "opioid_tapering" not in rules(good_case(items=[overturned]))
    assert "opioid_tapering" not in rules(good_case(items=[item("Ibuprofen 800 mg")]))


def test_header_dates_out_of_order():
    case = good_case(ur_denial_date=dt.date(2014, 1, 1))  # before the injury
    f = rules(case)["dates_out_of_order"][0]
    assert f.is_error and f.path == "header.ur_denial_date"
    late = good_case(decision_date=dt.date(2016, 10, 1))  # before the assignment
    assert rules(late)["dates_out_of_order"][0].path == "header.decision_date"
    assert "dates_out_of_order" not in rules(good_case())


def test_decision_past_the_deadline_standard_and_expedited():
    late = good_case(decision_date=dt.date(2016, 11, 3))  # assigned 10/03 + 30 = 11/02
    f = rules(late)["past_deadline"][0]
    assert f.path == "header.decision_date" and "1 day" in f.message
    assert "past_deadline" not in rules(good_case(decision_date=dt.date(2016, 11, 2)))
    fast = good_case(priority=Priority.EXPEDITED, decision_date=dt.date(2016, 10, 7))
    assert "past_deadline" in rules(fast)
    ok = good_case(priority=Priority.EXPEDITED, decision_date=dt.date(2016, 10, 6))
    assert "past_deadline" not in rules(ok)


def test_missing_age_sex_and_records():
    case = good_case()
    case.patient.age = None
    case.patient.sex = None
    case.summary = "The patient is a worker with knee pain."
    paths = {f.path for f in check_case(case, records=0)}
    assert {"patient.age", "patient.sex", "summary", "records"} <= paths
    case = good_case()
    case.patient.sex = Sex.FEMALE
    assert check_case(case, records=2) == []


@pytest.mark.parametrize("text", ["TBD", "XX", "[ ]", "[age]", "[conditions]", "[...]"])
def test_placeholders(text):
    case = good_case(summary=f"The patient is a 47-year-old male seen on {text}. Records reviewed.")
    f = rules(case)["placeholder"][0]
    assert f.is_error and f.path == "summary"


def test_real_brackets_are_not_placeholders():
    case = good_case(summary="Records say she uses NSAIDs [sic] and [otc] naproxen.")
    assert "placeholder" not in rules(case)


def test_placeholder_in_an_item_points_at_it():
    case = good_case(items=[item(), item("MRI TBD")])
    assert rules(case)["placeholder"][0].path == "items[1].request"


@pytest.mark.parametrize("mention", ["Jane Q. Doe", "Dr. Doe", "Doe, MD", "jane q. doe"])
def test_reviewer_name_anywhere(mention):
    case = good_case(summary=f"Records were reviewed by {mention}.")
    f = rules(case, reviewer_name="Jane Q. Doe")["reviewer_name"][0]
    assert f.is_error and f.path == "summary"


def test_reviewer_name_not_found_and_common_words_safe():
    case = good_case(summary="Records reviewed; the doe-eyed patient Janet was seen.")
    assert "reviewer_name" not in rules(case, reviewer_name="Jane Q. Doe")
    assert "reviewer_name" not in rules(good_case(), reviewer_name="")


def test_incomplete_reviewer_profile():
    case = good_case()
    case.reviewer.specialty = ""
    case.reviewer.years_in_practice = 0
    f = rules(case)["reviewer_profile"][0]
    assert f.path == "reviewer" and "specialty" in f.message and "years" in f.message
    assert "reviewer_profile" not in rules(good_case())


def test_errors_come_first():
    case = good_case(items=[item(decision=None, rationale="")])
    case.patient.age = None
    findings = check_case(case)
    assert has_errors(findings)
    severities = [f.severity for f in findings]
    assert severities == sorted(severities, key=lambda s: s is Severity.WARNING)


def test_no_error_on_the_published_letters(shared_dir):
    from imr_desktop.letters import import_letter_text

    letters = sorted((shared_dir / "letters" / "text").glob("*.txt"))
    if not letters:
        pytest.skip("no letters in ../shared/letters/text")
    errors = []
    for path in letters:
        case, _ = import_letter_text(path.read_text(encoding="utf-8"), path.name)
        errors += [f"{path.name}: {f}" for f in check_case(case) if f.is_error]
    assert errors == []
