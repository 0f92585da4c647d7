"""Test PDFs for the records feature, generated with ReportLab (tests and bench only)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def make_pdf(path: Path, pages: Sequence[str], *, title: str = "") -> Path:
    """A PDF with one page per string (lines split on newlines), real text layer."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=letter, invariant=1)
    if title:
        canvas.setTitle(title)
    width, height = letter
    for text in pages:
        y = height - 72
        canvas.setFont("Helvetica", 11)
        for line in text.splitlines() or [""]:
            canvas.drawString(72, y, line)
            y -= 15
            if y < 72:
                break
        canvas.showPage()
    canvas.save()
    return path


def make_image_only_pdf(path: Path, pages: int = 2) -> Path:
    """A PDF whose pages carry only drawings: no text layer (like a scan)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=letter, invariant=1)
    for n in range(pages):
        canvas.rect(72, 72, 200 + n * 10, 300, fill=1)
        canvas.showPage()
    canvas.save()
    return path


def make_encrypted_pdf(path: Path, pages: Sequence[str], password: str = "secret") -> Path:
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    enc = StandardEncryption(password, ownerPassword=password + "-owner", strength=128)
    canvas = Canvas(str(path), pagesize=letter, encrypt=enc)
    for text in pages:
        canvas.drawString(72, 700, text)
        canvas.showPage()
    canvas.save()
    return path


FILLER = (
    "Progress report. The patient returns for follow-up of low back pain radiating to "
    "the left leg.\nExamination shows tenderness over the lumbar paraspinals and reduced "
    "range of motion.\nPlan: continue home exercise, medication review at next visit."
)


def record_pages(count: int, *, seed: int = 0) -> list[str]:
    """``count`` pages of plausible clinical text; page n mentions ``pageword{n}`` and a
    visit date, so a search can check it lands on the right page."""
    out = []
    for n in range(1, count + 1):
        month = (n + seed) % 12 + 1
        day = (n * 7 + seed) % 28 + 1
        out.append(
            f"Visit date: {month:02d}/{day:02d}/2016\n{FILLER}\nMarker pageword{n} "
            f"document{seed}.\nPage {n} of {count}."
        )
    return out
