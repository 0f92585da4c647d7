"""Helpers for guideline tests: small library files and PDFs generated on the spot."""

from __future__ import annotations

import json
from pathlib import Path

SOURCE = {
    "key": "test-guideline",
    "title": "Test Guideline",
    "kind": "mtus",
    "cite_as": "MTUS Test Guideline",
    "edition": "2010",
    "in_force_from": "2010-01-01",
    "in_force_to": "2015-12-31",
}


def json_library(path: Path, passages: list[dict] | None = None, **source) -> Path:
    doc = {
        "format": "imr-guidelines/1",
        "source": {**SOURCE, **source},
        "passages": passages
        or [
            {"topic": "Zebra therapy", "section": "Zebras", "pages": "10-11",
             "body_region": "Knee", "status": "recommended", "text": "Zebra therapy helps knees."},
            {"topic": "Quokka massage", "section": "Quokkas", "status": "not recommended",
             "text": "Quokka massage is not supported."},
        ],
    }  # fmt: skip
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def make_pdf(path: Path, chapters: list[tuple[str, list[tuple[str, list[str]]]]], **kw) -> Path:
    """chapters: [(chapter heading, [(section heading, [paragraph per page ...])])].
    Every section starts a new page (with its chapter heading if it is the first),
    and each further paragraph of a section starts a new page too."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    story: list = []
    for chapter, sections in chapters:
        for s, (section, paragraphs) in enumerate(sections):
            if story:
                story.append(PageBreak())
            if s == 0:
                story.append(Paragraph(chapter, styles["Heading1"]))
            story.append(Paragraph(section, styles["Heading2"]))
            for n, text in enumerate(paragraphs):
                if n:
                    story.append(PageBreak())
                story.append(Paragraph(text, styles["BodyText"]))
    SimpleDocTemplate(str(path), **kw).build(story)
    return path


def encrypt_pdf(source: Path, target: Path, password: str = "secret") -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(source)))
    writer.encrypt(user_password=password, owner_password=password + "-owner")
    with open(target, "wb") as handle:
        writer.write(handle)
    return target


def image_only_pdf(path: Path) -> Path:
    """A PDF with drawings and no text layer (as a scan would be)."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for _ in range(2):
        c.rect(100, 100, 300, 400, fill=1)
        c.showPage()
    c.save()
    return path
