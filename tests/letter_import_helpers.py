"""Test letters written for these tests (invented patients, our own sentences), in
both generations' layout, as text and as PDF, with the awkward bits PDF extraction
leaves: a two-column header, wrapped item names, hyphenated words, running headers
and footers with page numbers, form feeds."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from imr_desktop.letter.guideline_line import organisation_guideline_line
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
    case_to_dict,
)

MTUS, NON = CitationKind.MTUS, CitationKind.NON_MTUS
NUMBER_WORDS = {5: "five", 10: "ten", 15: "fifteen", 20: "twenty"}
# Words our test letters break with a hyphen at a line end (each occurs elsewhere
# unbroken, which is how the importer knows to drop the hyphen).
HYPHENATE = {
    w.replace("-", ""): w
    for w in (
        "treat-ment",
        "neces-sary",
        "medi-cally",
        "thera-py",
        "reviewer",
        "guide-line",
        "exami-nation",
        "request-ed",
        "Claims",
    )
    if "-" in w
}


def case_2016() -> Case:
    return Case(
        case_number="CM17-0912345",
        priority=Priority.EXPEDITED,
        date_of_injury=dt.date(2015, 3, 2),
        ur_denial_date=dt.date(2016, 11, 28),
        application_received=dt.date(2016, 12, 5),
        date_assigned=dt.date(2016, 12, 7),
        decision_date=dt.date(2016, 12, 9),
        reviewer=ReviewerProfile(
            specialty="Orthopedic Surgery, Sports Medicine",
            licensure=["California", "Nevada", "New Mexico"],
            years_in_practice=10,
            hours_per_week=30,
        ),
        patient=Patient(age=47, sex=Sex.MALE),
        summary=(
            "The injured worker is a 47 year old male warehouse loader with an industrial "
            "injury date of 03/02/2015, when a pallet shifted onto his right wrist. He reports "
            "aching wrist pain rated 6/10 and night-time tingling of the thumb and index "
            "finger. Examination showed a positive Phalen test and full grip. Treatment to date "
            "included a night splint, ibuprofen and six visits of hand therapy with partial "
            "benefit.\n\nOn 11/28/2016 utilization review non-certified the requests below."
        ),
        items=[
            DisputedItem(
                request="Electromyography and nerve conduction studies of both upper extremities "
                "including the cervical paraspinal muscles, as an outpatient",
                decision=Decision.OVERTURNED,
                claims_administrator_guideline="The Claims Administrator did not cite any "
                "medical evidence for its decision.",
                citations=[
                    Citation(
                        MTUS, "MTUS Neck and Upper Back Complaints", "2004", "Special Studies"
                    ),
                    Citation(
                        MTUS,
                        "MTUS Forearm, Wrist, and Hand Complaints",
                        "2004",
                        "Special Studies, Diagnostic Criteria",
                    ),
                ],
                rationale="The guideline supports electrodiagnostic testing when symptoms of "
                "nerve entrapment persist after conservative care. Tingling has persisted "
                "despite splinting and therapy, and surgery is being weighed. Therefore, the "
                "request is medically necessary.",
            ),
            DisputedItem(
                request="Hand therapy 4 sessions",
                original_request="Hand therapy 2 times a week for 4 weeks (8 sessions)",
                authorised_part="Hand therapy 4 sessions",
                decision=Decision.UPHELD,
                claims_administrator_guideline="Decision based on MTUS Chronic Pain Medical "
                "Treatment 2016, Section(s): Physical medicine treatment.",
                citations=[
                    Citation(
                        MTUS,
                        "MTUS Chronic Pain Medical Treatment",
                        "2016",
                        "Physical medicine treatment",
                    )
                ],
                rationale="Six visits were completed and four more were authorised; the records "
                "do not say why a home programme cannot carry on from there. Given the "
                "above, the request is not medically necessary.",
            ),
            DisputedItem(
                request="Wrist brace, custom-molded, purchase",
                decision=Decision.UPHELD,
                claims_administrator_guideline="The Claims Administrator based their decision "
                "on recommendation(s) outside of the MTUS Guidelines.",
                citations=[
                    Citation(
                        NON,
                        "Official Disability Guidelines (ODG) Forearm Wrist & Hand",
                        None,
                        "Splints",
                    )
                ],
                rationale="The MTUS does not address custom braces, so the ODG was used. A "
                "prefabricated splint is already in use and helps. As such, the request is "
                "not medically necessary.",
            ),
            DisputedItem(
                request="Postoperative cold therapy unit rental",
                decision=Decision.UPHELD,
                claims_administrator_guideline="The Claims Administrator did not cite any "
                "medical evidence for its decision.",
                citations=[],
                rationale="No surgery has been certified, so a device for recovery after surgery "
                "is not needed. The request is not medically necessary.",
            ),
        ],
    )


def case_2014() -> Case:
    return Case(
        case_number="",
        reviewer=ReviewerProfile(
            specialty="Physical Medicine and Rehabilitation",
            licensure=["California"],
            years_in_practice=5,
            hours_per_week=24,
        ),
        patient=Patient(age=61, sex=Sex.FEMALE),
        summary=(
            "The patient is a 61-year-old female who has submitted a claim for a left knee "
            "sprain associated with an industrial injury date of 04/10/2013. Medical records "
            "from 01/02/2014 to 06/30/2014 were reviewed. She reports knee pain on stairs. "
            "Utilization review dated 07/15/2014 denied both requests."
        ),
        items=[
            DisputedItem(
                request="Aquatic therapy 2 times a week for 6 weeks, left knee",
                decision=Decision.UPHELD,
                claims_administrator_guideline="Decision based on MTUS Chronic Pain Treatment "
                "Guidelines Aquatic Therapy.",
                citations=[
                    Citation(
                        MTUS,
                        "MTUS Chronic Pain Treatment Guidelines",
                        None,
                        "Aquatic Therapy",
                        "22",
                    )
                ],
                rationale="Aquatic therapy is an option where reduced weight bearing is "
                "desirable. She walks without aid and her weight is normal. Therefore, the "
                "request for Aquatic therapy 2 times a week for 6 weeks, left knee is not "
                "medically necessary.",
            ),
            DisputedItem(
                request="Knee sleeve",
                decision=Decision.OVERTURNED,
                claims_administrator_guideline="Decision based on Non-MTUS Official Disability "
                "Guidelines Knee Chapter.",
                citations=[
                    Citation(
                        NON,
                        "Official Disability Guidelines (ODG) Knee & Leg Chapter",
                        None,
                        "Knee brace",
                    )
                ],
                rationale="The CA MTUS does not address this topic. The ODG supports a "
                "sleeve for patellar instability, which is documented. Therefore, the request "
                "for Knee sleeve is medically necessary.",
            ),
        ],
    )


def comparable(case: Case) -> dict:
    """What a letter carries: everything but status, due date, claim number and notes."""
    data = case_to_dict(case)
    for key in ("status", "due_date", "notes", "claim_number"):
        data.pop(key)
    return data


# --- composing our own test letters -------------------------------------------------------


def _how(case: Case, style: str) -> list[str]:
    r = case.reviewer
    years = NUMBER_WORDS.get(r.years_in_practice, str(r.years_in_practice))
    board = (
        f" The expert reviewer is Board Certified in {r.specialty} and is licensed to practice "
        f"in {' and '.join(r.licensure)}."
        if style == "2014"
        else ""
    )
    prose = (
        f"{r.organisation} sent the complete case file to an expert reviewer. He/she has no "
        "affiliation with the employer, employee, providers or the claims administrator."
        f"{board} He/she has been in active clinical practice for more than {years} years and "
        f"is currently working at least {r.hours_per_week} hours a week in active practice. "
        "The expert reviewer was selected based on his/her clinical experience, education, "
        "background, and expertise in the same or similar specialties that evaluate and/or "
        "treat the medical condition and disputed items/Service. He/she is familiar with "
        "governing laws and regulations, including the strength of evidence hierarchy that "
        "applies to Independent Medical Review determinations."
    )
    if style == "2014":
        return [prose]
    return [
        prose,
        "The Expert Reviewer has the following credentials:",
        "@State(s) of Licensure: " + ",".join(r.licensure),
        "@Certification(s)/Specialty: " + r.specialty,
    ]


def _guideline(item: DisputedItem) -> str:
    return organisation_guideline_line(item)


def _heading(item: DisputedItem) -> str:
    decision = item.decision.label if item.decision else ""
    if item.original_request:
        return (
            f"{item.original_request} was the original request. {item.authorised_part} was "
            "authorized by the Claims Administrator. The remaining IMR eligible portion of the "
            f"original request, {item.request} is: {decision}"
        )
    return f"{item.request}: {decision}"


def letter_blocks(case: Case, style: str = "2016") -> list[str]:
    """Paragraphs of the letter; "#" marks the header block, "@" a line kept whole."""
    blocks: list[str] = []
    if style != "2014":
        d = lambda v: v.strftime("%m/%d/%Y") if v else ""  # noqa: E731
        blocks += [
            f"#Case Number:|{case.case_number}||",
            f"#Date Assigned:|{d(case.date_assigned)}|Date of Injury:|{d(case.date_of_injury)}",
            f"#Decision Date:|{d(case.decision_date)}|UR Denial Date:|{d(case.ur_denial_date)}",
            f"#Priority:|{case.priority.value.capitalize()}|Application Received:|"
            f"{d(case.application_received)}",
        ]
    blocks.append("HOW THE IMR FINAL DETERMINATION WAS MADE")
    blocks += _how(case, style)
    blocks.append("CLINICAL CASE SUMMARY")
    blocks.append(
        "The expert reviewer developed the following clinical case summary based on a review "
        "of the case file, including all medical records:"
    )
    blocks += case.summary.split("\n\n")
    blocks.append("IMR ISSUES, DECISIONS AND RATIONALES")
    blocks.append(
        "The Final Determination was based on decisions for the disputed items/services set "
        "forth below:"
    )
    for item in case.items:
        blocks.append(_heading(item))
        blocks.append(f"Claims Administrator guideline: {item.claims_administrator_guideline}")
        blocks.append(f"MAXIMUS guideline: {_guideline(item)}")
        blocks.append(f"Decision rationale: {item.rationale}")
    return blocks


def wrap(block: str, width: int, hyphenate: dict[str, str]) -> list[str]:
    """Wrap a paragraph; words in ``hyphenate`` ("treatment": "treat-ment") break at
    their hyphen when they would end a line."""
    lines = textwrap.wrap(block, width, break_long_words=False, break_on_hyphens=False)
    out: list[str] = []
    carry = ""
    for n, line in enumerate(lines):
        line = (carry + " " + line).strip() if carry else line
        carry = ""
        if n + 1 < len(lines):
            nxt = lines[n + 1].split(" ", 1)
            word = nxt[0].strip(".,;")
            if word in hyphenate:
                head, tail = hyphenate[word].split("-", 1)
                line = f"{line} {head}-"
                lines[n + 1] = nxt[0].replace(word, tail, 1) + (
                    " " + nxt[1] if len(nxt) > 1 else ""
                )
        out.append(line)
    return out


def physical_lines(
    case: Case, style: str, width: int = 88, hyphenate=None
) -> list[tuple[str, str]]:
    """(kind, text) lines: kind is "h" header row, "c" centred heading, "b" blank, "t" text."""
    hyphenate = hyphenate or {}
    out: list[tuple[str, str]] = []
    for block in letter_blocks(case, style):
        if block.startswith("#"):
            out.append(("h", block[1:]))
            continue
        if block.isupper():
            out += [("b", ""), ("c", block)]
            continue
        if block.startswith("@"):
            out.append(("t", block[1:]))
            continue
        if not block.startswith("State("):
            out.append(("b", ""))
        out += [("t", line) for line in wrap(block, width, hyphenate)]
    return out


def text_letter(
    case: Case, style: str = "2016", *, lines_per_page: int = 30, hyphenate=None
) -> str:
    """Like ``pdftotext -layout``: header in two spaced columns ("Application" over
    "Received:"), centred headings, a running header and "Page X of Y" footer, form feeds."""
    body: list[str] = []
    for kind, text in physical_lines(case, style, hyphenate=hyphenate):
        if kind == "h":
            a, b, c, d = text.split("|")
            if c.startswith("Application"):
                body.append(f"{a:<22}{b:<32}{'Application':<21}{d}")
                body.append(" " * 54 + "Received:")
            else:
                body.append(f"{a:<22}{b:<32}{c:<21}{d}")
        elif kind == "c":
            body.append(" " * 16 + text)
        else:
            body.append(text)
    pages = [body[i : i + lines_per_page] for i in range(0, len(body), lines_per_page)]
    out = []
    for n, page in enumerate(pages, start=1):
        header = [f"IMR determination {case.case_number or 'letter'}", ""]
        footer = ["", f"{' ' * 40}Page {n} of {len(pages)}"]
        out.append("\n".join(header + page + footer) + "\n")
    return "\f".join(out)


def pdf_letter(
    case: Case, path: Path, style: str = "2016", *, hyphenate=None, pages_hint: int = 0
) -> Path:
    """A PDF drawn line by line with ReportLab's canvas: the header as a two-column
    table, a running header and a "Page X of Y" footer, paragraph gaps as space."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    lines = physical_lines(case, style, hyphenate=hyphenate)
    per_page = 46
    chunks: list[list[tuple[str, str]]] = []
    for kind, text in lines:
        if not chunks or len(chunks[-1]) >= per_page:
            chunks.append([])
        chunks[-1].append((kind, text))
    c = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    for n, chunk in enumerate(chunks, start=1):
        c.setFont("Helvetica", 8)
        c.drawString(72, 760, f"IMR determination {case.case_number or 'letter'}")
        c.drawString(270, 30, f"Page {n} of {len(chunks)}")
        y = 740.0
        for kind, text in chunk:
            if kind == "b":
                y -= 7  # a gap, not a blank line: ReportLab-style paragraph spacing
                continue
            if kind == "h":
                a, b, lab, d = text.split("|")
                c.setFont("Helvetica-Bold", 10)
                c.drawString(72, y, a)
                c.drawString(330, y, lab)
                c.setFont("Helvetica", 10)
                c.drawString(170, y, b)
                c.drawString(440, y, d)
            elif kind == "c":
                c.setFont("Helvetica-Bold", 10)
                c.drawCentredString(306, y, text)
            else:
                c.setFont("Helvetica", 10)
                c.drawString(72, y, text)
            y -= 13
        c.showPage()
    c.save()
    return path
