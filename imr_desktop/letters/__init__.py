"""Determination letters in: a PDF or text letter becomes a structured draft case.

Core code (no Qt). ``pdf_text`` turns a file into clean lines, ``parse`` turns the
lines into a :class:`~imr_desktop.model.Case` and an :class:`ImportReport`.
pypdf is imported inside the functions that need it, never at start-up.
"""

from .parse import import_letter, import_letter_text, parse_lines
from .report import UNPLACED_HEADING, ImportReport, LetterImportError

__all__ = [
    "UNPLACED_HEADING",
    "ImportReport",
    "LetterImportError",
    "import_letter",
    "import_letter_text",
    "parse_lines",
]
