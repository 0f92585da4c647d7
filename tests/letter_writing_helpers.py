"""Cases for the letter tests, built in code (no text from real letters)."""

from __future__ import annotations

import datetime as dt
import io
import re

from imr_desktop.model import (
    Case,
    Citation,
    CitationKind,
    Decision,
    DisputedItem,
    Patient,
    Priority,
    ReviewerProfile,
    Sex,
)


def mtus(section="Physical Medicine", pages="98-99", edition=None, source=None) -> Citation:
    return Citation(
        CitationKind.MTUS,
        source or "MTUS Chronic Pain Medical Treatment Guidelines",
        edition,
        section,
        pages,
    )


def non_mtus(source="Official Disability Guidelines (ODG) Knee Chapter", section="Braces"):
    return Citation(CitationKind.NON_MTUS, source, None, section, None)


def item(
    request="Knee brace",
    decision=Decision.UPHELD,
    citations=None,
    rationale=None,
    **kw,
) -> DisputedItem:
    if rationale is None:
        verdict = (
            "not medically necessary" if decision is Decision.UPHELD else "medically necessary"
        )
        rationale = (
            "The guideline supports this only after a trial of exercise. The records show no "
            f"such trial. Therefore, the request for {request} is {verdict}."
        )
    return DisputedItem(
        request=request,
        decision=decision,
        claims_administrator_guideline=kw.pop(
            "claims_administrator_guideline", "Decision based on MTUS Knee Complaints."
        ),
        citations=[mtus(edition="2016", pages=None)] if citations is None else citations,
        rationale=rationale,
        **kw,
    )


def good_case(**kw) -> Case:
    """A case with no QA findings at all."""
    base = dict(
        case_number="CM16-0000900",
        claim_number="CLAIM-1",
        priority=Priority.STANDARD,
        date_of_injury=dt.date(2015, 3, 2),
        ur_denial_date=dt.date(2016, 9, 14),
        application_received=dt.date(2016, 9, 28),
        date_assigned=dt.date(2016, 10, 3),
        decision_date=dt.date(2016, 10, 20),
        reviewer=ReviewerProfile(
            specialty="Orthopaedic Surgery",
            licensure=["California", "Oregon"],
            years_in_practice=12,
            hours_per_week=30,
        ),
        patient=Patient(47, Sex.MALE),
        summary="The patient is a 47-year-old male. Medical records from 2016 were reviewed.",
        items=[item()],
    )
    base.update(kw)
    return Case(**base)


PAGE_LINE = re.compile(r"^\s*Page \d+ of \d+\s*$", re.M)


def pdf_pages_text(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


def pdf_flat_text(data: bytes) -> str:
    """The whole PDF's text on one line, page numbers taken out."""
    text = "\n".join(PAGE_LINE.sub("", page) for page in pdf_pages_text(data))
    return " ".join(text.split())


def in_order(haystack: str, needles: list[str]) -> list[str]:
    """The needles not found in order (empty when all are)."""
    missing = []
    at = 0
    for needle in needles:
        pos = haystack.find(needle, at)
        if pos < 0:
            missing.append(needle)
        else:
            at = pos + len(needle)
    return missing
