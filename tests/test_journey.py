"""One two-item determination (a UR-modified item and a medication item) from New
case to the finalized PDF, through key events and menu actions only
(tests/journey.py), with the title, the guideline panel's filter and the QA strip
checked at every step."""

from __future__ import annotations

from imr_desktop.model import Decision, Status
from tests.journey import CASE_NUMBER, Shown, run_journey
from tests.letter_writing_helpers import pdf_flat_text

# What the QA strip starts with after each step.
STRIP = {
    "new case": "✖ 2 errors · ⚠ 4 warnings — Error: the clinical case summary is empty",
    "UR denial date typed": "✖ 2 errors · ⚠ 4 warnings",
    "decision date typed": "✖ 2 errors · ⚠ 4 warnings",
    "header done": "✖ 2 errors · ⚠ 2 warnings",  # age and sex given
    "summary written": "✖ 1 error · ⚠ 2 warnings — Error: the case has no disputed items",
    "item 1 cited": "✖ 1 error · ⚠ 2 warnings — Error: item 1 has no rationale",
    "item 1 done": "✖ 0 errors · ⚠ 2 warnings — Warning: the case file holds no records",
    "item 2 done": "✖ 0 errors · ⚠ 2 warnings",
    "records attached": "✖ 0 errors · ⚠ 1 warning — Warning: the reviewer profile has no",
    "profile saved": "✔ No QA findings",
    "letter previewed": "✔ No QA findings",
    "finalized": "✔ No QA findings · final (read-only)",
}
# What the case title ends with: the deadline rule as the header fills in.
TITLE = {
    "new case": "· standard · no due date",
    "UR denial date typed": "· no due date",
    "finalized": "· decided 13 days before the due date · finalized, read-only",
}
DECIDED = "· decided 13 days before the due date"


def test_a_two_item_determination_from_new_case_to_the_final_pdf(window, tmp_path):
    seen: list[Shown] = []
    final = run_journey(window, tmp_path, seen.append)

    steps = {s.step: s for s in seen}
    assert set(STRIP) <= set(steps)
    for step, strip in STRIP.items():
        shown = steps[step]
        assert shown.qa_strip.startswith(strip), shown
        assert shown.title.startswith(CASE_NUMBER), shown
        assert shown.title.endswith(TITLE.get(step, DECIDED)), shown
        # The guideline filter follows the UR denial date from the moment it is typed.
        dated = step != "new case"
        assert shown.in_force.endswith("(09/14/2016)" if dated else "(none set)"), shown
        assert shown.in_force_checked == dated, shown
    assert steps["new case"].focus == "Case number"  # a new case starts in its first field
    assert "overdue by" in steps["assigned: the deadline counts from today"].title

    case = window.session.case
    assert case.status is Status.FINAL
    first, second = case.items
    assert (first.decision, second.decision) == (Decision.UPHELD, Decision.OVERTURNED)
    assert first.authorised_part == "6 visits of physical therapy for the lumbar spine"
    assert [c.edition for c in first.citations] == ["2016"]  # in force on 09/14/2016
    assert case.summary.startswith("The patient is a 52-year-old female")
    text = pdf_flat_text(final.read_bytes())
    for expected in (
        CASE_NUMBER,
        "chronic low back pain and a right knee sprain",
        "6 additional visits of physical therapy for the lumbar spine",
        "6 visits of physical therapy for the lumbar spine",
        "Naproxen sodium 550 mg #60",
        "Upheld",
        "Overturned",
        "Physical Medicine and Rehabilitation",
        "is not medically necessary.",
    ):
        assert expected in text, expected
    assert "[" not in text
