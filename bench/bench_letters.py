"""Import of a 10-page determination letter PDF (made by our exporter) beside the
floor: pypdf's bare text extraction of the same file, which the import cannot go
below. Target: import <= 1.5 x the bare extraction."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from bench import Result, median, timings_ms
from imr_desktop.model import Case, Citation, CitationKind, Decision, DisputedItem, Patient, Sex

REPEAT = 15
ITEMS = 10  # with the summary, ten pages from our exporter


def ten_page_case() -> Case:
    sentence = (
        "The injured worker reports persistent low back pain radiating to the left leg, "
        "rated 6/10, with limited tolerance for sitting and lifting despite treatment. "
    )
    items = [
        DisputedItem(
            request=f"Physical therapy 2 times a week for 4 weeks, visit block {n + 1}",
            original_request="Physical therapy 12 sessions" if n % 4 == 1 else None,
            authorised_part="Physical therapy 6 sessions" if n % 4 == 1 else None,
            decision=Decision.UPHELD if n % 3 else Decision.OVERTURNED,
            claims_administrator_guideline="Decision based on MTUS Chronic Pain Medical "
            "Treatment 2016, Section(s): Physical medicine treatment.",
            citations=[
                Citation(
                    CitationKind.MTUS,
                    "MTUS Chronic Pain Medical Treatment",
                    "2016",
                    "Physical medicine treatment",
                ),
                Citation(
                    CitationKind.NON_MTUS,
                    "Official Disability Guidelines (ODG) Low Back Chapter",
                    None,
                    "Physical therapy",
                ),
            ],
            rationale=(sentence * 6 + "\n\n") * 2
            + "Therefore, the request is not medically necessary.",
        )
        for n in range(ITEMS)
    ]
    return Case(
        case_number="CM16-0100010",
        patient=Patient(age=52, sex=Sex.MALE),
        summary="The patient is a 52-year-old male. " + sentence * 20,
        items=items,
    )


def _letter_pdf(case: Case) -> bytes:
    try:
        from imr_desktop.export import render_letter_pdf
    except ImportError:  # the exporter missing: the same letter drawn by ReportLab
        return _reportlab_letter(case)
    data, _pages = render_letter_pdf(case, invariant=True)
    return data


def _reportlab_letter(case: Case) -> bytes:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from imr_desktop.letter.compose import letter_text

    style = getSampleStyleSheet()["BodyText"]
    buf = io.BytesIO()
    paragraphs = [p for p in letter_text(case, width=0).split("\n") if p.strip()]
    SimpleDocTemplate(buf).build([Paragraph(p, style) for p in paragraphs])
    return buf.getvalue()


def run() -> list[Result]:
    from pypdf import PdfReader

    from imr_desktop.letters.parse import import_letter_bytes

    data = _letter_pdf(ten_page_case())
    pages = len(PdfReader(io.BytesIO(data)).pages)
    folder = Path(tempfile.mkdtemp(prefix="imr-bench-letters-"))
    (folder / "letter.pdf").write_bytes(data)

    def extract() -> None:
        reader = PdfReader(io.BytesIO(data))
        for page in reader.pages:
            page.extract_text()

    def product() -> None:
        case, report = import_letter_bytes(data, "letter.pdf")
        assert len(case.items) == ITEMS and not report.unplaced

    floor = median(timings_ms(extract, REPEAT, warmup=2))
    figure = median(timings_ms(product, REPEAT, warmup=2))
    return [
        Result(
            what=f"import of a {pages}-page letter PDF (vs bare pypdf text extraction)",
            figure=figure,
            floor=floor,
            target="ratio <= 1.5",
            ok=figure <= 1.5 * floor,
        )
    ]
