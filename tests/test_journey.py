"""One two-item determination (a UR-modified item and a medication item) from New
case to the finalized PDF, through key events and menu actions only
(tests/journey.py), with the title, the guideline panel's filter and the QA strip
checked at every step."""

from __future__ import annotations

from imr_desktop.model import Decision, Status
from tests.journey import CASE_NUMBER, Shown, run_journey
from tests.letter_writing_helpers import pdf_flat_text

# step -> (title ends with, filter ends with, QA strip starts with)
EXPECTED = {
    "new case": (
        "standard · no due date",
        "(none set)",
        "✖ 2 errors · ⚠ 4 warnings — Error: the clinical case summary is empty",
    ),
    "UR denial date typed": ("no due date", "(09/14/2016)", "✖ 2 errors · ⚠ 4 warnings"),
    "decision date typed": (
        "decided 13 days before the due date",
        "(09/14/2016)",
        "✖ 2 errors · ⚠ 4 warnings",
    ),
    "header done": ("decided 13 days before the due date", "(09/14/2016)", "✖ 2 errors · ⚠ 2"),
    "summary written": (
        "decided 13 days before the due date",
        "(09/14/2016)",
        "✖ 1 error · ⚠ 2 warnings — Error: the case has no disputed items",
    ),
    "item 1 cited": ("13 days before the due date", "(09/14/2016)", "✖ 1 error"),
    "item 1 done": (
        "13 days before the due date",
        "(09/14/2016)",
        "✖ 0 errors · ⚠ 2 warnings — Warning: the case file holds no records",
    ),
    "item 2 done": ("13 days before the due date", "(09/14/2016)", "✖ 0 errors · ⚠ 2"),
    "records attached": (
        "13 days before the due date",
        "(09/14/2016)",
        "✖ 0 errors · ⚠ 1 warning — Warning: the reviewer profile has no specialty",
    ),
    "profile saved": ("13 days before the due date", "(09/14/2016)", "✔ No QA findings"),
    "letter previewed": ("13 days before the due date", "(09/14/2016)", "✔ No QA findings"),
    "finalized": (
        "decided 13 days before the due date · finalized, read-only",
        "(09/14/2016)",
        "✔ No QA findings · final (read-only)",
    ),
}


def test_a_two_item_determination_from_new_case_to_the_final_pdf(window, tmp_path):
    seen: list[Shown] = []
    final = run_journey(window, tmp_path, seen.append)

    steps = {s.step: s for s in seen}
    assert set(EXPECTED) <= set(steps)
    for step, (title, in_force, strip) in EXPECTED.items():
        shown = steps[step]
        assert shown.title.startswith(CASE_NUMBER) and shown.title.endswith(title), shown
        assert shown.in_force.endswith(in_force), shown
        assert shown.in_force_checked == (in_force != "(none set)"), shown
        assert shown.qa_strip.startswith(strip), shown
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
