"""Determination letters in: a PDF or text letter becomes a structured draft case.

Core code (no Qt). ``pdf_text`` turns a file into clean lines, ``parse`` turns the
lines into a :class:`~imr_desktop.model.Case` and an :class:`ImportReport`.
pypdf is imported inside the functions that need it, never at start-up.
"""

from typing import TYPE_CHECKING

from imr_desktop.lazy import lazy_exports

if TYPE_CHECKING:
    from .parse import import_letter, import_letter_text, parse_lines
    from .report import UNPLACED_HEADING, ImportReport, LetterImportError

__getattr__ = lazy_exports(
    __name__,
    {
        "import_letter": "parse",
        "import_letter_text": "parse",
        "parse_lines": "parse",
        "UNPLACED_HEADING": "report",
        "ImportReport": "report",
        "LetterImportError": "report",
    },
)

__all__ = [
    "UNPLACED_HEADING",
    "ImportReport",
    "LetterImportError",
    "import_letter",
    "import_letter_text",
    "parse_lines",
]
