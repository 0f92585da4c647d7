"""Text of a PDF, page by page, for the records index.

pypdf does the extraction (imported on first use). The command line and the window
index with the same extractor, so they find the same words on the same pages; the
work runs between progress reports that can cancel it, so a huge or hostile file
never freezes the window (see docs/records.md for why not QtPdf's getAllText).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from imr_desktop.database import StoreError

log = logging.getLogger(__name__)

# A case file of several thousand pages is real; beyond this it is almost surely a
# wrong file (and the index would grow past what a laptop should hold per case).
MAX_PAGES = 10_000
MAX_BYTES = 2 * 10**9  # read whole into memory: a larger file is split first

Progress = Callable[[int, int], None]  # (pages done, pages in all)
Cancelled = Callable[[], bool]


class RecordFileError(StoreError):
    """A file cannot be attached; the message says why and what to do."""


class IndexingCancelled(StoreError):
    pass


@dataclass(frozen=True)
class ExtractedText:
    page_count: int
    pages: list[str]  # one string per page, in order
    unreadable_pages: int = 0  # pages whose text pypdf could not get out

    @property
    def text_pages(self) -> int:
        return sum(1 for p in self.pages if p.strip())


def looks_like_pdf(data: bytes) -> bool:
    # The header may follow a little junk; readers accept it within the first KB.
    return b"%PDF-" in data[:1024]


def extract_text(
    data: bytes,
    name: str,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ExtractedText:
    """Every page's text; raises :class:`RecordFileError` with a message for the
    reviewer when the file is not a readable PDF or asks for unbounded work."""
    if len(data) > MAX_BYTES:
        raise RecordFileError(
            f"{name} is {len(data) / 1e9:.1f} GB; at most {MAX_BYTES // 10**9} GB can be "
            "attached as one document. Split it and attach the parts."
        )
    if not looks_like_pdf(data):
        raise RecordFileError(f"{name} is not a PDF file; attach the case file's PDFs.")
    from imr_desktop.pdf_reader import (
        BoundedText,
        PdfOpenError,
        PdfTooCostly,
        open_pdf,
        time_limit,
    )

    try:
        reader = open_pdf(data)
        count = len(reader.pages)
    except PdfOpenError as exc:
        if exc.reason == "encrypted":
            raise RecordFileError(
                f"{name} is protected by a password. Save an unprotected copy "
                "(print to PDF) and attach that."
            ) from exc
        raise RecordFileError(
            f"{name} could not be read as a PDF ({exc.detail}); "
            "it may be damaged. Nothing was attached."
        ) from exc
    except Exception as exc:  # pypdf can fail late, while counting pages
        raise RecordFileError(
            f"{name} could not be read as a PDF ({type(exc).__name__}); "
            "it may be damaged. Nothing was attached."
        ) from exc
    if count == 0:
        raise RecordFileError(f"{name} has no pages. Nothing was attached.")
    if count > MAX_PAGES:
        raise RecordFileError(
            f"{name} has {count:,} pages; at most {MAX_PAGES:,} can be attached as one "
            "document. Split it and attach the parts."
        )

    def interrupt() -> None:
        if cancelled is not None and cancelled():
            raise IndexingCancelled(f"indexing of {name} was canceled; nothing was attached")

    reading = BoundedText(len(data), seconds=time_limit(count), interrupt=interrupt)
    pages: list[str] = []
    unreadable = 0
    for index in range(count):
        try:
            text = reading.text(reader.pages[index])
        except (IndexingCancelled, PdfTooCostly) as exc:
            if isinstance(exc, PdfTooCostly):
                raise RecordFileError(f"{exc.describe(name)}. Nothing was attached.") from None
            raise
        except Exception:  # one broken page must not lose the other pages' text
            text = ""
            unreadable += 1
        pages.append(text.replace("\x00", ""))
        if progress is not None and (index % 20 == 19 or index == count - 1):
            progress(index + 1, count)
    if unreadable:
        log.info("records: %d of %d pages had unreadable text", unreadable, count)
    if reading.pages_read_once:
        log.info("records: %d pages repeat another page's content", reading.pages_read_once)
    return ExtractedText(page_count=count, pages=pages, unreadable_pages=unreadable)
