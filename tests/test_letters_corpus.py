"""The 174 published letters in ../shared/letters: each PDF imports (pypdf) with
nothing dropped, and what it read is checked against the pdftotext version with
simple patterns of its own, independent of the importer. Their text never enters
the repository; the test only reads it."""

from __future__ import annotations

import importlib
import re
from collections import Counter
from pathlib import Path

import pytest

from imr_desktop.letters import import_letter
from imr_desktop.letters.wording import words
from imr_desktop.model import Case

# Words of the fixed wording (headings, lead-ins, labels, the reviewer paragraph):
# what may be in a letter and in no field of the case.
FIXED_WORDING = """
HOW THE IMR FINAL DETERMINATION WAS MADE CLINICAL CASE SUMMARY IMR ISSUES, DECISIONS AND
RATIONALES Case Number Date Assigned Decision Date Priority Date of Injury UR Denial Date
Application Received sent the complete case file to an expert reviewer. He/she has no
affiliation with the employer, employee, providers or the claims administrator. He/she has
been in active clinical practice for more than years and is currently working at least hours
a week in active practice. The expert reviewer was selected based on his/her clinical
experience, education, background, and expertise in the same or similar specialties that
evaluate and/or treat the medical condition and disputed items/Service. He/she is familiar
with governing laws and regulations, including the strength of evidence hierarchy that
applies to Independent Medical Review determinations. The Expert Reviewer has the following
credentials: State(s) of Licensure Certification(s)/Specialty The expert reviewer developed
the following clinical case summary based on a review of the case file, including all medical
records: The Final Determination was based on decisions for the disputed items/services set
forth below: Upheld Overturned Other Medical Treatment Guidelines pg Claims Administrator guideline MAXIMUS guideline Decision
rationale Decision based on Non-MTUS Citation Section(s) based their decision on
recommendation(s) outside of the MTUS Guidelines did not cite any medical evidence for its
decision was the original request authorized by the Claims Administrator The remaining IMR
eligible portion of the original request is leaving the original request IMR eligible
"""
FIXED_WORDS = set(words(FIXED_WORDING)) | {"five", "ten", "fifteen", "twenty", "nonmtus"}
DATE = r"(\d\d/\d\d/\d{4})"


def _norm(text: str) -> str:
    return " ".join(text.split())


def _unhyphen(text: str) -> str:
    """Hyphens out, for comparing: a word broken at a line end ("Electro-" /
    "diagnostic") reads as the importer joined it."""
    return re.sub(r"-\s*", "", text)


def _letters(shared_dir: Path) -> list[Path]:
    pdfs = sorted((shared_dir / "letters" / "pdf").glob("*.pdf"))
    if not pdfs:
        pytest.skip("no letters in ../shared/letters/pdf")
    return pdfs


def _case_words(case: Case) -> Counter[str]:
    parts = [
        case.case_number,
        case.summary,
        case.notes,
        case.reviewer.organisation,
        case.reviewer.specialty,
        " ".join(case.reviewer.licensure),
        str(case.reviewer.hours_per_week),
        case.priority.value,
        *[
            d.strftime("%m %d %Y")
            for d in (
                case.date_assigned,
                case.date_of_injury,
                case.decision_date,
                case.ur_denial_date,
                case.application_received,
            )
            if d
        ],
    ]
    for item in case.items:
        parts += [item.request, item.original_request or "", item.authorised_part or ""]
        parts += [item.claims_administrator_guideline, item.rationale]
        for c in item.citations:
            parts += [c.source, c.edition or "", c.section or "", c.pages or ""]
    return words(_unhyphen(" ".join(parts)))


def check_letter(pdf: Path) -> dict[str, bool]:
    """Each check's outcome for one letter (True: right)."""
    text = (pdf.parent.parent / "text" / f"{pdf.stem}.txt").read_text()
    flat = _norm(text)
    case, report = import_letter(pdf)
    out: dict[str, bool] = {}

    missing = words(_unhyphen(text)) - _case_words(case)
    out["nothing dropped"] = not report.unplaced and not (set(missing) - FIXED_WORDS)

    header = {
        "case_number": re.search(r"Case Number:\s+(CM\d\d-\d{7})", text),
        "date_assigned": re.search(r"Date Assigned:\s+" + DATE, text),
        "decision_date": re.search(r"Decision Date:\s+" + DATE, text),
        "date_of_injury": re.search(r"Date of Injury:\s+" + DATE, text),
        "ur_denial_date": re.search(r"UR Denial Date:\s+" + DATE, text),
        "application_received": re.search(r"Application\s+" + DATE, text),
        "priority": re.search(r"Priority:\s+(\w+)", text),
    }
    ok = all(m is not None for m in header.values())
    for key, m in header.items():
        if m is None:
            continue
        value = getattr(case, key)
        shown = value.strftime("%m/%d/%Y") if hasattr(value, "strftime") else str(value)
        ok = ok and shown.casefold() == m.group(1).casefold()
    lic = re.search(r"State\(s\) of Licensure:(.*)", text)
    spec = re.search(r"Certification\(s\)/Specialty:(.*?)CLINICAL CASE SUMMARY", flat)
    ok = ok and lic is not None and spec is not None
    ok = ok and [s.strip() for s in lic.group(1).split(",") if s.strip()] == case.reviewer.licensure
    ok = ok and _norm(spec.group(1)) == case.reviewer.specialty
    out["header fields"] = ok

    decisions = re.findall(r"(Upheld|Overturned) Claims Administrator guideline:", flat)
    ok = [i.decision.label if i.decision else None for i in case.items] == decisions
    bare = _unhyphen(flat)
    for item in case.items:
        if item.original_request:
            ok = ok and _unhyphen(f"{item.original_request} was the original request") in bare
            ok = ok and _unhyphen(item.authorised_part) in bare
            ok = ok and _unhyphen(f"original request, {item.request}") in bare
        else:
            ok = ok and _unhyphen(f"{item.request}: {item.decision.label}") in bare
    # Modified items: as many as headings ending "... is: <decision>" right after the
    # remaining-portion or original-request wording.
    headings = re.findall(
        r"(?:remaining IMR eligible portion of the original request|The original request),"
        r"[^:]{0,300}:\s*(?:Upheld|Overturned) Claims",
        flat,
    )
    ok = ok and len(headings) == sum(1 for i in case.items if i.original_request)
    out["items and decisions"] = ok

    segments = re.findall(r"MAXIMUS guideline:(.*?)Decision rationale:", _unhyphen(flat))
    ok = len(segments) == len(case.items)
    for item, segment in zip(case.items, segments, strict=False):
        mtus = [c for c in item.citations if c.kind.value == "mtus"]
        non = [c for c in item.citations if c.kind.value == "non_mtus"]
        ok = ok and segment.count("Section(s):") == sum(1 for c in mtus if c.section)
        ok = ok and ("NonMTUS Citation" in segment) == bool(non)
        ok = ok and ("did not cite any medical evidence" in segment) == (not item.citations)
        for c in mtus:
            name = _unhyphen(c.source.removeprefix("MTUS ").removesuffix(" Guidelines"))
            ok = ok and name in segment and _unhyphen(c.section or "") in segment
            ok = ok and (c.edition or "") in segment
        for c in non:
            ok = ok and _unhyphen(c.source) in segment and _unhyphen(c.section or "") in segment
    out["citations"] = ok
    out["qa error-free"] = _qa_errors(case) == []
    return out


def _qa_errors(case: Case) -> list[str] | None:
    try:
        qa = importlib.import_module("imr_desktop.letter.qa")
    except ImportError:
        return []
    check = getattr(qa, "check_case", None) or getattr(qa, "check", None)
    if check is None:
        return []
    findings = check(case)
    return [str(f) for f in findings if str(getattr(f, "severity", "")).lower().endswith("error")]


def test_every_published_letter_imports_right(shared_dir):
    failures: dict[str, list[str]] = {}
    for pdf in _letters(shared_dir):
        results = check_letter(pdf)
        bad = [name for name, ok in results.items() if not ok]
        if bad:
            failures[pdf.stem] = bad
    assert failures == {}
