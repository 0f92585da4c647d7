"""Export of a 10-page determination letter: the product's export (compose, story,
"Page X of Y" canvas) beside the bare ReportLab build of the same story (target
<= 1.5x) and beside LibreOffice converting the same letter as text (target >= 10x
faster; skipped with a note when ``soffice`` is not installed). And ``imr-desktop
export`` of a 1-item letter as a whole process (start, open the data folder, QA,
PDF, audit, exit) beside a bare ReportLab process that builds the same text in the
same fonts (target <= 1.3x)."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench import Result, median, peak_rss_of, process_ms, timings_ms
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


CLI_RUNS = 7

# The floor of the command-line export: a process that imports ReportLab, registers
# the letter's fonts and builds the letter's paragraphs into a PDF file, and no more.
BARE_BUILD = r"""
import sys
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate
from xml.sax.saxutils import escape
fonts, text, out = sys.argv[1:4]
for name in ("DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSans", "DejaVuSans-Bold"):
    pdfmetrics.registerFont(TTFont(name, f"{fonts}/{name}.ttf"))
style = ParagraphStyle("body", fontName="DejaVuSerif", fontSize=11, leading=14)
lines = [l for l in open(text, encoding="utf-8").read().split("\n") if l.strip()]
SimpleDocTemplate(out).build([Paragraph(escape(l), style) for l in lines])
"""


# The same floor ending the way the command ends (``cli.run``): os._exit once the
# file is written, without the interpreter freeing ReportLab's tables one by one.
BARE_BUILD_QUICK_EXIT = BARE_BUILD + "import os\nos._exit(0)\n"


def _cli_export(request: str) -> tuple[float, float, float, tuple[float, float]]:
    """``imr-desktop export`` of a 1-item letter asking for ``request``, whole process,
    beside the bare build (ending normally, and with os._exit): medians and peak RSS."""
    import dataclasses
    import sys

    from imr_desktop.letter.compose import letter_text
    from imr_desktop.paths import resource
    from imr_desktop.workspace import Workspace

    case = ten_page_case(items=1)
    case.items[0] = dataclasses.replace(case.items[0], request=request)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ws = Workspace.open(folder / "data", seed_demo=False, no_encryption=True)
        ws.cases.create(case)
        ws.close()
        text = folder / "letter.txt"
        text.write_text(letter_text(case), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        export = [sys.executable, "-m", "imr_desktop", "--data-dir", str(folder / "data"),
                  "export", case.case_number, "-o", str(folder / "app.pdf")]  # fmt: skip
        floor_args = [str(resource("fonts")), str(text), str(folder / "bare.pdf")]
        bare = [sys.executable, "-c", BARE_BUILD, *floor_args]
        bare_quick = [sys.executable, "-c", BARE_BUILD_QUICK_EXIT, *floor_args]
        rss = peak_rss_of(export, env), peak_rss_of(bare, env)  # and warms both up
        app_runs, bare_runs, quick_runs = [], [], []
        for _ in range(CLI_RUNS):  # interleaved: drift on a shared machine hits all alike
            app_runs.append(process_ms(export, env))
            bare_runs.append(process_ms(bare, env))
            quick_runs.append(process_ms(bare_quick, env))
    return median(app_runs), median(bare_runs), median(quick_runs), rss


def _cli_export_rows() -> list[Result]:
    plain, floor, quick, rss = _cli_export("Requested service number 0")
    opioid, opioid_floor, _quick, _rss = _cli_export("Norco 10/325mg #90")
    note = "floor: a bare ReportLab process building the same text in the same fonts"
    return [
        Result(
            f"`export` command, whole process, 1-item letter (median of {CLI_RUNS})",
            plain,
            floor,
            target="ratio <= 1.3",
            ok=plain / floor <= 1.3,
            note=f"{note}; peak RSS {rss[0]:.0f} MB vs {rss[1]:.0f} MB",
        ),
        Result(
            "`export`, the same letter beside a bare build that also ends with os._exit",
            plain,
            quick,
            target="(reported)",
            note="the command ends without the interpreter's teardown (cli.run); so does this floor",
        ),
        Result(
            "`export`, 1-item letter whose request names an opioid (Norco 10/325mg #90)",
            opioid,
            opioid_floor,
            target="ratio <= 1.3",
            ok=opioid / opioid_floor <= 1.3,
            note="the QA's opioid rule reads the request (drug names, amounts); " + note,
        ),
    ]


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
    return results + _cli_export_rows()
