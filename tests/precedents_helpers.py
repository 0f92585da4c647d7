"""Published-decision letters written for these tests: the test letter of
``letter_import_helpers`` with another case number and other items, as text or PDF.
Invented requests and our own sentences; no text of any real letter."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from imr_desktop.model import Case, Citation, CitationKind, Decision, DisputedItem
from tests.letter_import_helpers import case_2016, pdf_letter, text_letter

MTUS, NON = CitationKind.MTUS, CitationKind.NON_MTUS
PT_SECTION = Citation(
    MTUS, "MTUS Chronic Pain Medical Treatment", "2016", "Physical medicine treatment"
)
LOW_BACK = Citation(MTUS, "MTUS Low Back Complaints", "2004", "Special Studies")
KNEE = Citation(MTUS, "MTUS Knee Complaints", "2004", "Special Studies")
ODG_PT = Citation(
    NON, "Official Disability Guidelines (ODG) Low Back Chapter", None, "Physical therapy"
)


def item(
    request: str, decision: Decision | None, *citations: Citation, rationale: str = ""
) -> DisputedItem:
    word = "medically necessary" if decision is Decision.OVERTURNED else "not medically necessary"
    return DisputedItem(
        request=request,
        decision=decision,
        claims_administrator_guideline="The Claims Administrator did not cite any medical "
        "evidence for its decision.",
        citations=list(citations),
        rationale=rationale
        or f"The records were weighed against the guideline for this request. Therefore, the "
        f"request is {word}.",
    )


def published_case(number: str, items: list[DisputedItem], decided: dt.date | None = None) -> Case:
    case = replace(case_2016(), case_number=number, items=items)
    if decided:
        case.decision_date = decided
    return case


def write_letter(folder: Path, case: Case, *, pdf: bool = False, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stem = name or case.case_number
    if pdf:
        return pdf_letter(case, folder / f"{stem}.pdf")
    path = folder / f"{stem}.txt"
    path.write_text(text_letter(case), encoding="utf-8")
    return path


UPHELD, OVERTURNED = Decision.UPHELD, Decision.OVERTURNED


def sample_letters(folder: Path, *, pdf_every: int = 0) -> list[Path]:
    """Six published letters on a few common requests (the counts tests check)."""
    cases = [
        published_case(
            "CM17-0100001",
            [
                item(
                    "Physical therapy 2 times a week for 6 weeks for the lumbar spine",
                    UPHELD,
                    PT_SECTION,
                ),
                item("MRI of the lumbar spine without contrast", UPHELD, LOW_BACK),
            ],
            dt.date(2017, 1, 10),
        ),
        published_case(
            "CM17-0100002",
            [
                item(
                    "Twelve sessions of physical therapy for the low back",
                    OVERTURNED,
                    PT_SECTION,
                    ODG_PT,
                )
            ],
            dt.date(2017, 1, 12),
        ),
        published_case(
            "CM17-0100003",
            [
                item("PT 2x4 right knee", UPHELD, PT_SECTION),
                item("MRI of the left knee", OVERTURNED, KNEE),
            ],
            dt.date(2017, 1, 15),
        ),
        published_case(
            "CM17-0100004",
            [item("Retrospective physical therapy, 6 visits (DOS 11/02/16)", UPHELD, PT_SECTION)],
            dt.date(2017, 1, 20),
        ),
        published_case(
            "CM17-0100005",
            [item("Lumbar MRI scan", UPHELD, LOW_BACK), item("TENS unit purchase", UPHELD)],
            dt.date(2017, 2, 1),
        ),
        published_case(
            "CM17-0100006",
            [item("Acupuncture 6 sessions for the neck", UPHELD)],
            dt.date(2017, 2, 3),
        ),
    ]
    return [
        write_letter(folder, case, pdf=bool(pdf_every) and n % pdf_every == 0)
        for n, case in enumerate(cases)
    ]
