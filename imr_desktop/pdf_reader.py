"""Opening a PDF with pypdf the one way every importer does (guideline PDFs, letters,
case-file records): pypdf loads on first use, a file that is not a readable PDF or is
locked by a password is told apart, and each caller words the message for its task.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any


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
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(source) if isinstance(source, bytes) else str(source))
        encrypted = reader.is_encrypted
    except FileNotFoundError:
        raise PdfOpenError("missing") from None
    except (
        PyPdfError,
        OSError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        RecursionError,
    ) as exc:
        raise PdfOpenError("unreadable", type(exc).__name__) from None
    if encrypted:
        try:
            opened: object = reader.decrypt("")
        except Exception:  # pypdf raises several types for unsupported encryption
            opened = 0
        if not opened:
            raise PdfOpenError("encrypted")
    return reader
