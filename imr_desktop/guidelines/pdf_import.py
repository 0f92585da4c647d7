"""A guideline PDF the reviewer holds a licence for, split into passages.

pypdf (imported here, on first use) reads each page's text with the font size of
every run. Lines set larger than the body text are headings: the largest size is a
chapter, smaller heading sizes are sections. Each passage is the text under one
section, cut at about ``CHUNK_CHARS``, and keeps the printed page numbers (page
labels) it spans. pypdf rather than QtPdf: the importer stays Qt-free, so the
command line and a worker thread use the same code, and font sizes come with it.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from imr_desktop.model.passage import GuidelineSource, Passage, SourceKind
from imr_desktop.text_safety import scrub_surrogates, shown_name

from .import_support import (
    CancelFlag,
    GuidelineImportError,
    ImportedSource,
    Progress,
    check_cancel,
    clean_text,
    never_cancel,
    no_progress,
    slug,
)

log = logging.getLogger(__name__)

CHUNK_CHARS = 1500
HEADING_RATIO = 1.12  # a line this much larger than the body text is a heading
_PAGE_NUMBER_LINE = re.compile(r"^(page\s+)?\d{1,4}(\s+of\s+\d{1,4})?$", re.IGNORECASE)


@dataclass
class _Line:
    text: str
    size: float
    page: str  # the printed page label


def _page_lines(page, label: str, reading) -> list[_Line]:
    lines: list[_Line] = []
    buffer: list[str] = []
    size = 0.0

    def visit(text, cm, tm, font_dict, font_size) -> None:
        nonlocal size
        scale = abs((tm[3] or 1) * (cm[3] or 1))
        parts = text.split("\n")
        for n, part in enumerate(parts):
            if part.strip():
                buffer.append(part)
                size = max(size, float(font_size or 0) * scale)
            if n < len(parts) - 1:
                end_line()

    def end_line() -> None:
        nonlocal size
        text = " ".join(clean_text("".join(buffer)).split())
        if text and not _PAGE_NUMBER_LINE.match(text):
            lines.append(_Line(text, round(size, 1), label))
        buffer.clear()
        size = 0.0

    reading.text(page, visit)
    end_line()
    return lines


def _open_reader(path: Path):
    from imr_desktop.pdf_reader import PdfOpenError, open_pdf

    name = shown_name(path.name)
    try:
        return open_pdf(path)
    except PdfOpenError as exc:
        if exc.reason == "missing":
            raise GuidelineImportError(f"{name} does not exist") from None
        if exc.reason == "encrypted":
            raise GuidelineImportError(
                f"{name} is encrypted (password protected); save an unprotected copy "
                "and import that. Nothing was imported."
            ) from None
        raise GuidelineImportError(
            f"{name} is not a readable PDF ({exc.detail}); nothing was imported"
        ) from None


def read_pdf(
    path: Path,
    source: GuidelineSource | None = None,
    *,
    progress: Progress = no_progress,
    cancel: CancelFlag = never_cancel,
) -> ImportedSource:
    from imr_desktop.pdf_reader import BoundedText, PdfTooCostly, time_limit

    path = Path(path)
    name = shown_name(path.name)
    reader = _open_reader(path)
    try:
        total = len(reader.pages)
        labels = list(reader.page_labels)
    except Exception as exc:  # a broken page tree shows up only here
        raise GuidelineImportError(
            f"{name}: the PDF's pages cannot be read ({type(exc).__name__})"
        ) from None
    if source is None:
        source = default_pdf_source(path, reader)
    reading = BoundedText(
        path.stat().st_size, seconds=time_limit(total), interrupt=lambda: check_cancel(cancel)
    )
    lines: list[_Line] = []
    for index in range(total):
        check_cancel(cancel)
        label = labels[index] if index < len(labels) else str(index + 1)
        try:
            lines.extend(_page_lines(reader.pages[index], label, reading))
        except (PdfTooCostly, GuidelineImportError) as exc:
            if isinstance(exc, PdfTooCostly):
                raise GuidelineImportError(f"{exc.describe(name)}. Nothing was imported.") from None
            raise
        except Exception as exc:
            raise GuidelineImportError(
                f"{name}: page {index + 1} cannot be read ({type(exc).__name__}); "
                "nothing was imported"
            ) from None
        progress(index + 1, total, f"Reading page {index + 1} of {total}")
    if not lines:
        raise GuidelineImportError(
            f"{name} has no text layer (a scanned image?); run it through OCR first. "
            "Nothing was imported."
        )
    passages = split_passages(lines, source, fallback_topic=source.title)
    log.info("pdf import: %d pages, %d passages", total, len(passages))
    return ImportedSource(source, passages)


def default_pdf_source(path: Path, reader=None) -> GuidelineSource:
    title = ""
    if reader is not None:
        try:
            title = clean_text(scrub_surrogates(str((reader.metadata or {}).get("/Title") or "")))
        except Exception:
            title = ""
    title = title or shown_name(path.stem).replace("_", " ")
    return GuidelineSource(key=slug(path.stem), title=title, kind=SourceKind.LITERATURE)


def _heading_levels(lines: list[_Line]) -> tuple[float, float | None]:
    """(body size, chapter size or None). Sizes above the body are headings."""
    weights: Counter[float] = Counter()
    for line in lines:
        weights[line.size] += len(line.text)
    body = weights.most_common(1)[0][0]
    heading_sizes = sorted(
        {ln.size for ln in lines if ln.size >= body * HEADING_RATIO}, reverse=True
    )
    chapter = heading_sizes[0] if len(heading_sizes) >= 2 else None
    return body, chapter


def _page_range(first: str, last: str) -> str:
    return first if first == last else f"{first}-{last}"


def split_passages(
    lines: list[_Line], source: GuidelineSource, fallback_topic: str
) -> list[Passage]:
    body_size, chapter_size = _heading_levels(lines)
    passages: list[Passage] = []
    chapter = ""
    topic = ""
    chunk: list[_Line] = []

    def flush() -> None:
        if not chunk:
            return
        text = _reflow([ln.text for ln in chunk])
        passages.append(
            Passage(
                source=source,
                topic=topic or chapter or fallback_topic,
                text=text,
                chapter=chapter,
                section=topic,
                pages=_page_range(chunk[0].page, chunk[-1].page),
            )
        )
        chunk.clear()

    for line in lines:
        is_heading = line.size >= body_size * HEADING_RATIO and len(line.text) <= 150
        if is_heading:
            flush()
            if chapter_size is not None and line.size >= chapter_size:
                chapter, topic = line.text, ""
            else:
                topic = line.text
            continue
        chunk.append(line)
        if sum(len(ln.text) + 1 for ln in chunk) >= CHUNK_CHARS:
            flush()
    flush()
    return passages


def _reflow(lines: list[str]) -> str:
    out = ""
    for line in lines:
        if out.endswith("-") and line[:1].islower():
            out = out[:-1] + line  # a word hyphenated at the line end
        else:
            out = f"{out} {line}" if out else line
    return out
