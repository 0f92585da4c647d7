"""Opening a PDF with pypdf the one way every importer does (guideline PDFs, letters,
case-file records): pypdf loads on first use, a file that is not a readable PDF or is
locked by a password is told apart, and each caller words the message for its task.
Their text is read through :class:`BoundedText`, whose work is linear in the file's
size and limited in time, whatever the file asks for.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from imr_desktop.text_safety import scrub_surrogates


class PdfOpenError(Exception):
    """``reason`` is "missing", "unreadable" or "encrypted"; ``detail`` names the error."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason if not detail else f"{reason} ({detail})")
        self.reason = reason
        self.detail = detail


def open_pdf(source: bytes | Path) -> Any:
    """A ``pypdf.PdfReader`` over ``source`` (the file's bytes or its path).

    Many PDFs carry only an owner password (printing/copy rights): they open with an
    empty user password, as every viewer does; only a real user password is refused.
    """
    from pypdf import PdfReader

    # pypdf warns about every oddity of a damaged file, formatting exceptions raised
    # deep in a recursion; those records alone can fail ("--- Logging error ---" by the
    # thousand). Its errors still reach the log.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(source) if isinstance(source, bytes) else str(source))
        encrypted = reader.is_encrypted
    except FileNotFoundError:
        raise PdfOpenError("missing") from None
    except Exception as exc:  # a hostile file reaches any of pypdf's errors
        # (NotImplementedError for an unknown encryption, RecursionError, ...)
        raise PdfOpenError("unreadable", type(exc).__name__) from None
    if encrypted:
        try:
            opened: object = reader.decrypt("")
        except Exception:  # pypdf raises several types for unsupported encryption
            opened = 0
        if not opened:
            raise PdfOpenError("encrypted")
    return reader


# --- bounded text extraction ----------------------------------------------------------

# How much page content one file may make pypdf parse: a base plus a multiple of the
# file's size. The 174 published letters need at most 2.5 decoded content bytes, 0.12
# operators and 0.55 characters of text per file byte; pypdf reads ~20,000 operators
# a second. A hostile file makes every page draw one huge shared stream (a 329 KB
# file asking for 10 GB of content and 5 GB of text): pages drawing the same content
# with the same resources are read once, and the budgets stop any other repetition
# after a page or two.
CONTENT_BASE = 4 * 1024 * 1024
CONTENT_PER_FILE_BYTE = 8
OPERATORS_BASE = 200_000
OPERATORS_PER_FILE_BYTE = 2
TEXT_BASE = 4 * 1024 * 1024
TEXT_PER_FILE_BYTE = 8
_CHECK_EVERY = 256  # operators between looks at the clock and the interrupt callback


def time_limit(pages: int) -> float:
    """Seconds a file of ``pages`` pages may take to read: generous for the slowest
    real file (a dense page can take 0.1 s), a bound for anything else."""
    return 120.0 + 0.2 * pages


class PdfTooCostly(Exception):
    """Reading the text would take more work than the file's size can justify, or
    longer than the importer's time limit; ``reason`` is "content" or "time"."""

    def __init__(self, reason: str, seconds: float = 0.0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.seconds = seconds

    def describe(self, name: str) -> str:
        """The reviewer's sentence, without the importer's "nothing was …" ending."""
        if self.reason == "time":
            minutes = round(self.seconds / 60, 1)
            span = (
                f"{minutes:g} minute{'' if minutes == 1 else 's'}"
                if minutes >= 1
                else f"{self.seconds:g} seconds"
            )
            return f"reading the text of {name} took longer than {span}, the limit for one file"
        return (
            f"{name} asks for far more page content than a file of its size holds (its "
            "pages repeat large shared content); it is not a normal document"
        )


def _raw_key(value: Any) -> Any:
    from pypdf.generic import ArrayObject, IndirectObject

    if isinstance(value, IndirectObject):
        return (value.idnum, value.generation)
    if isinstance(value, ArrayObject):
        parts = tuple(_raw_key(v) for v in value)
        return None if None in parts else parts
    return None


def _page_key(page: Any) -> tuple | None:
    """What a page's text depends on (its content streams, resources, rotation), or
    None when that cannot be told cheaply: such a page is always read."""
    contents = _raw_key(page.raw_get("/Contents")) if "/Contents" in page else None
    if contents is None:
        return None
    resources = page.raw_get("/Resources") if "/Resources" in page else None
    described = _raw_key(resources)
    if described is None:
        text = repr(resources)
        if len(text) > 4096:
            return None
        described = text
    return (contents, described, repr(page.get("/Rotate")))


class BoundedText:
    """Page text from one pypdf reader with bounded work: a budget of decoded page
    content and of content-stream operators (both linear in the file's size), a time
    limit, and pages that draw the same content read once. ``interrupt`` (a cancel
    check) is called every few hundred operators, so even one enormous page stops."""

    def __init__(
        self,
        file_size: int,
        *,
        seconds: float,
        interrupt: Callable[[], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.content_left = CONTENT_BASE + CONTENT_PER_FILE_BYTE * file_size
        self.operators_left = OPERATORS_BASE + OPERATORS_PER_FILE_BYTE * file_size
        self.text_left = TEXT_BASE + TEXT_PER_FILE_BYTE * file_size
        self.seconds = seconds
        self.interrupt = interrupt
        self.clock = clock
        self.deadline = clock() + seconds
        self.pages_read_once = 0  # pages answered from the cache (for the log)
        self._cache: dict[tuple, tuple[str, list[tuple]]] = {}

    def check(self) -> None:
        if self.interrupt is not None:
            self.interrupt()
        if self.clock() > self.deadline:
            raise PdfTooCostly("time", self.seconds)

    def text(self, page: Any, visitor_text: Callable[..., None] | None = None) -> str:
        self.check()
        key = _page_key(page)
        if key is not None and key in self._cache:
            self.pages_read_once += 1
            text, replayed = self._cache[key]
            self._charge_text(text)
            if visitor_text is not None:
                for args in replayed:
                    visitor_text(*args)
            return text
        self._charge_content(page)
        calls: list[tuple] = []
        seen = [0]

        def before(operator, operands, cm, tm) -> None:
            seen[0] += 1
            if seen[0] % _CHECK_EVERY == 0:
                self.operators_left -= _CHECK_EVERY
                if self.operators_left < 0:
                    raise PdfTooCostly("content")
                self.check()

        def visit(text, *rest) -> None:
            args = (scrub_surrogates(text), *rest)
            calls.append(args)
            if visitor_text is not None:
                visitor_text(*args)

        text = scrub_surrogates(
            page.extract_text(
                visitor_operand_before=before, visitor_text=visit if visitor_text else None
            )
        )
        self._charge_text(text)
        if key is not None:
            self._cache[key] = (text, calls)
        return text

    def _charge_text(self, text: str) -> None:
        self.text_left -= len(text)
        if self.text_left < 0:
            raise PdfTooCostly("content")

    def _charge_content(self, page: Any) -> None:
        try:
            contents = page.get("/Contents")
            streams = list(contents) if isinstance(contents, list) else [contents]
            size = sum(len(s.get_object().get_data()) for s in streams if s is not None)
        except PdfTooCostly:
            raise
        except Exception:  # pypdf refuses a broken or oversized stream itself
            return
        self.content_left -= size
        if self.content_left < 0:
            raise PdfTooCostly("content")
