"""Export of a 10-page determination letter: the product's export (compose, story,
"Page X of Y" canvas) beside the bare ReportLab build of the same story (target
<= 1.5x) and beside LibreOffice converting the same letter as text (target >= 10x
faster; skipped with a note when ``soffice`` is not installed)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench import Result, median, timings_ms
from imr_desktop.model import (
    Case,
    Citation,
    CitationKind,
    Decision,
    DisputedItem,
    Patient,
    ReviewerProfile,
    Sex,
)

_SENTENCE = (
    "The records describe persistent pain with activity and partial relief from the "
    "treatment to date, and the examination findings are documented at each visit. "
)


def ten_page_case(items: int = 9) -> Case:
    """A synthetic case whose letter runs to about ten pages."""
    return Case(
        case_number="CM16-0999999",
        date_of_injury=dt.date(2015, 1, 5),
        ur_denial_date=dt.date(2016, 9, 1),
        application_received=dt.date(2016, 9, 10),
        date_assigned=dt.date(2016, 9, 12),
        decision_date=dt.date(2016, 10, 1),
        reviewer=ReviewerProfile(
            specialty="Pain Medicine", years_in_practice=10, hours_per_week=30
        ),
        patient=Patient(50, Sex.FEMALE),
        summary="\n\n".join([_SENTENCE * 6] * 3),
        items=[
            DisputedItem(
                request=f"Requested service number {n}",
                decision=Decision.UPHELD,
                claims_administrator_guideline="Decision based on MTUS Chronic Pain.",
                citations=[
                    Citation(
                        CitationKind.MTUS, "MTUS Chronic Pain Medical Treatment", "2016", "Opioids"
                    )
                ],
                rationale="\n\n".join([_SENTENCE * 5] * 3)
                + f"Therefore, the request for service number {n} is not medically necessary.",
            )
            for n in range(items)
        ],
    )


def _bare_build(case: Case) -> bytes:
    from reportlab.platypus import SimpleDocTemplate

    from imr_desktop.export.pdf_letter import build_story
    from imr_desktop.letter.compose import compose_letter

    letter = compose_letter(case)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=(612, 792)).build(build_story(letter))
    return buffer.getvalue()


def _soffice_ms(case: Case) -> float | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    from imr_desktop.letter.compose import letter_text

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "letter.txt"
        source.write_text(letter_text(case), encoding="utf-8")
        # Its own profile, made by a first (untimed) run: a first start builds it.
        profile = f"-env:UserInstallation=file://{tmp}/profile"
        command = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", tmp]
        runs = []
        for n in range(4):
            t0 = time.perf_counter()
            subprocess.run([*command, str(source)], check=True, capture_output=True, timeout=180)
            if n:
                runs.append((time.perf_counter() - t0) * 1000)
    return median(runs)


def run() -> list[Result]:
    from imr_desktop.export import render_letter_pdf

    case = ten_page_case()
    _, pages = render_letter_pdf(case)
    product = timings_ms(lambda: render_letter_pdf(case), repeat=15)
    bare = timings_ms(lambda: _bare_build(case), repeat=15)
    fig, floor = median(product), median(bare)
    results = [
        Result(
            f"export of a {pages}-page letter vs bare ReportLab build",
            fig,
            floor,
            target="ratio <= 1.5",
            ok=fig / floor <= 1.5,
            note="floor: SimpleDocTemplate.build of the same story, plain canvas, same run",
        )
    ]
    office = _soffice_ms(case)
    if office is None:
        results.append(
            Result(
                f"export of a {pages}-page letter vs LibreOffice",
                fig,
                None,
                target=">= 10x faster",
                note="skipped: soffice is not installed on this machine",
            )
        )
    else:
        results.append(
            Result(
                f"export of a {pages}-page letter vs LibreOffice (txt->pdf)",
                fig,
                office,
                target=">= 10x faster",
                ok=office / fig >= 10,
                note=f"LibreOffice is {office / fig:.0f}x slower",
            )
        )
    return results
