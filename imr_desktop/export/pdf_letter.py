"""The determination letter as a PDF (ReportLab, imported on first use).

The story is built from :func:`imr_desktop.letter.compose.compose_letter`, the same
structure the text form and the preview print. US Letter, 1-inch margins, a serif
body, the header as a ruled table of label: value pairs in two columns, headings
in capitals, each item's heading and guideline lines kept together on one page
unless moving them would leave more than four lines blank (then they flow, the
decision kept with the start of the first guideline line), the rationale flowing,
"Page X of Y" through a canvas that holds its pages until it knows their count.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from imr_desktop.atomic import atomic_write_bytes
from imr_desktop.letter import wording as W
from imr_desktop.letter.compose import Letter, compose_letter
from imr_desktop.model import Case

from .fonts import SANS, SERIF, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = 612.0, 792.0  # US Letter, as the letters are
MARGIN = 72.0
BODY_SIZE = 11.0
PRODUCER = "IMR Desktop"
# One build at a time per process: the preview builds in a worker thread while the
# window may export, and ReportLab keeps per-font state it does not lock.
_BUILD_LOCK = threading.Lock()


@dataclass(frozen=True)
class ExportResult:
    sha256: str
    pages: int
    size: int
    path: Path | None = None


def _styles() -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle(
        "body", fontName=SERIF, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.25, spaceAfter=8
    )
    return {
        "body": body,
        "tight": ParagraphStyle("tight", parent=body, spaceAfter=0),
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontName=f"{SERIF}-Bold",
            alignment=TA_CENTER,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "value": ParagraphStyle("value", fontName=SANS, fontSize=9.5, leading=12),
    }


def _t(text: str) -> str:
    """User text made safe for a Paragraph (which reads mini-XML): &, < and >, as
    ``xml.sax.saxutils.escape`` does (that module imports urllib.request, http.client
    and ssl: ~15 ms of every export)."""
    return html.escape(text, quote=False)


def _labelled(label: str, text: str) -> str:
    return f"<b>{_t(label)}</b> {_t(text)}"


def _heading_markup(heading: str) -> str:
    """The request (or the modification wording) in bold, the decision plain."""
    head, sep, decision = heading.rpartition(": ")
    if not sep:
        return f"<b>{_t(heading)}</b>"
    return f"<b>{_t(head)}:</b> {_t(decision)}"


def _header_table(letter: Letter, styles: dict[str, Any]) -> Any:
    """The header as a ruled table, two columns of "label: value" pairs.

    Label and value share one paragraph so that the PDF's text reads
    "Case Number: CM16-0000101" on one line, as the letters' text does."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    def pair(entry: tuple[str, str] | None) -> Any:
        # A label without a value is left out (as in the text form): a draft has no
        # decision date yet, and a reader would take the next value for it.
        if not entry or not entry[1]:
            return ""
        return Paragraph(f"<b>{_t(entry[0])}:</b> {_t(entry[1])}", styles["value"])

    rows = [[pair(left), pair(right)] for left, right in letter.header]
    rows = [row for row in rows if row != ["", ""]] or [["", ""]]
    width = PAGE_WIDTH - 2 * MARGIN
    table = Table(rows, colWidths=[width * 0.5, width * 0.5])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                # Empty cells are drawn in the cell font: never the base-14 default.
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


# An item's heading block (decision line and guideline lines) moves whole to the next
# page only when that leaves at most four lines blank; else it starts at the foot of
# the page and flows, its decision line kept with the first lines of the Claims
# Administrator's line, as the published letters do (80 of their 252 page breaks
# fall inside a heading block). The rationale always flows.
MOST_BLANK = 4 * BODY_SIZE * 1.25


@functools.cache
def _heading_block_class() -> type:
    from reportlab.platypus import KeepTogether

    class HeadingBlock(KeepTogether):
        def split(self, aW: float, aH: float) -> list[Any]:  # noqa: N803 (ReportLab's names)
            if getattr(self, "_wrapInfo", None) != (aW, aH):
                self.wrap(aW, aH)
            if aH >= self._H or aH <= MOST_BLANK:
                return super().split(aW, aH)  # fits, or moves leaving little blank
            decision, ca_line, *rest = self._content
            high = decision.wrapOn(self.canv, aW, aH)[1]
            room = aH - high - max(decision.getSpaceAfter(), ca_line.getSpaceBefore())
            if room > 0:  # under the decision line, the CA's line or its first lines
                if ca_line.wrapOn(self.canv, aW, room)[1] <= room:
                    return list(self._content)  # the MAXIMUS line flows or follows
                ca_parts = ca_line.split(aW, room)
                if len(ca_parts) == 2:
                    return [decision, *ca_parts, *rest]
            if high >= 4 * decision.style.leading:
                # A long decision line (a modification's wording) splits itself, as
                # in the letters: its last two lines, the decision, open the next
                # page with the guideline lines.
                parts = decision.split(aW, min(aH, high - 2 * decision.style.leading))
                if len(parts) == 2:
                    return [parts[0], self.FrameBreak(), parts[1], ca_line, *rest]
            return super().split(aW, aH)  # moves whole: the decision never stands alone

    return HeadingBlock


def _heading_block(block: list[Any]) -> Any:
    return _heading_block_class()(block)


def build_story(letter: Letter) -> list[Any]:
    """The flowables of the letter (also used by the benchmark's bare build)."""
    from reportlab.platypus import Paragraph, Spacer

    register_fonts()
    s = _styles()
    story: list[Any] = [_header_table(letter, s), Spacer(1, 6)]
    story.append(Paragraph(W.HEADING_HOW, s["heading"]))
    story += [Paragraph(_t(p), s["body"]) for p in letter.how]
    if letter.credentials:
        story.append(Paragraph(_t(W.CREDENTIALS_INTRO), s["tight"]))
        story += [Paragraph(_t(f"{k} {v}"), s["tight"]) for k, v in letter.credentials]
    story.append(Paragraph(W.HEADING_SUMMARY, s["heading"]))
    story.append(Paragraph(_t(W.SUMMARY_LEADIN), s["body"]))
    story += [Paragraph(_t(p), s["body"]) for p in letter.summary]
    story.append(Paragraph(W.HEADING_ISSUES, s["heading"]))
    story.append(Paragraph(_t(W.ISSUES_LEADIN), s["body"]))
    for item in letter.items:
        rationale = item.rationale or [""]
        block = [
            Paragraph(_heading_markup(item.heading), s["body"]),
            Paragraph(_labelled(W.CA_LABEL, item.ca_line), s["body"]),
            Paragraph(_labelled(item.org_label, item.org_line), s["body"]),
        ]
        story.append(_heading_block(block))
        story.append(Paragraph(_labelled(W.RATIONALE_LABEL, rationale[0]), s["body"]))
        story += [Paragraph(_t(p), s["body"]) for p in rationale[1:]]
    return story


def pdf_date(moment: dt.datetime) -> str:
    """A PDF date string ("D:20161220143005-08'00'"); a naive moment is local time."""
    moment = moment if moment.tzinfo else moment.astimezone()
    minutes = int((moment.utcoffset() or dt.timedelta(0)).total_seconds() // 60)
    hours, rest = divmod(abs(minutes), 60)
    return f"D:{moment:%Y%m%d%H%M%S}{'-' if minutes < 0 else '+'}{hours:02d}'{rest:02d}'"


def _numbered_canvas(pages_seen: list[int], created: dt.datetime | None) -> type:
    from reportlab.pdfgen import canvas

    class NumberedCanvas(canvas.Canvas):
        """Holds each page until save(), when "Page X of Y" can be drawn."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            if created is not None:
                # The creation (and modification) date of the file: ReportLab's own
                # formatter would print its clock, or 2000-01-01 in invariant mode.
                stamp = pdf_date(created)
                self.setDateFormatter(lambda *_: stamp)

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            pages_seen.append(total)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            self.saveState()
            self.setFont(SERIF, 9)
            # Only the page number: a reader of the PDF (the letter importer) takes a
            # repeated case number for page furniture.
            self.drawCentredString(
                PAGE_WIDTH / 2, MARGIN / 2, W.PAGE_NUMBER.format(page=self._pageNumber, pages=total)
            )
            self.restoreState()

    return NumberedCanvas


def make_doc_template(buffer: Any, letter: Letter, organisation: str, invariant: bool) -> Any:
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    register_fonts()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        # Metadata: the case number, never the reviewer's name (LC 4610.6(f)).
        title=W.PDF_TITLE.format(case_number=letter.case_number),
        author=organisation,
        subject=W.PDF_SUBJECT,
        creator=PRODUCER,
        producer=PRODUCER,
        keywords=[letter.case_number],
        invariant=1 if invariant else 0,
        initialFontName=SERIF,
        initialFontSize=BODY_SIZE,
    )
    frame = Frame(MARGIN, MARGIN, PAGE_WIDTH - 2 * MARGIN, PAGE_HEIGHT - 2 * MARGIN, id="body")
    doc.addPageTemplates([PageTemplate(id="letter", frames=[frame])])
    return doc


def render_letter_pdf(
    case: Case, *, invariant: bool = False, created: dt.datetime | None = None
) -> tuple[bytes, int]:
    """The PDF's bytes and its page count.

    ``created`` is the file's creation date: now unless given. ``invariant`` builds
    the same bytes for the same case and ``created`` (fixed ids; with no ``created``
    ReportLab's fixed date, 2000-01-01, for tests): a final letter is built so, with
    the moment it was finalized."""
    import io

    if created is None and not invariant:
        created = dt.datetime.now().astimezone()
    letter = compose_letter(case)
    buffer = io.BytesIO()
    doc = make_doc_template(buffer, letter, case.reviewer.organisation, invariant)
    pages: list[int] = []
    with _BUILD_LOCK:
        doc.build(build_story(letter), canvasmaker=_numbered_canvas(pages, created))
    return buffer.getvalue(), pages[-1] if pages else 0


def write_letter_pdf(
    case: Case,
    path: Path | str,
    *,
    invariant: bool = False,
    created: dt.datetime | None = None,
) -> ExportResult:
    """Write the PDF atomically (temporary file, then rename) and return its SHA-256."""
    data, pages = render_letter_pdf(case, invariant=invariant, created=created)
    atomic_write_bytes(Path(path), data)
    return ExportResult(hashlib.sha256(data).hexdigest(), pages, len(data), Path(path))
