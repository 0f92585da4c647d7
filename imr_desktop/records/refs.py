"""Page references to the case file inside the draft: "(<document>, p. 12)".

Pure text functions: the window inserts a reference at the cursor and follows one
under the cursor back to its document and page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A title may hold commas and parentheses of its own are not allowed inside one
# reference; "p." or "pp." then the page (a range's first page is the target).
REFERENCE = re.compile(r"\(([^()\n]{1,200}?),\s*pp?\.\s*(\d{1,5})(?:\s*[-–]\s*\d{1,5})?\)")


@dataclass(frozen=True)
class PageReference:
    title: str
    page: int  # 1-based
    start: int  # span in the text it was found in
    end: int


def format_reference(title: str, page: int) -> str:
    return f"({title.strip()}, p. {page})"


def find_references(text: str) -> list[PageReference]:
    return [
        PageReference(m.group(1).strip(), int(m.group(2)), m.start(), m.end())
        for m in REFERENCE.finditer(text)
    ]


def reference_at(text: str, position: int) -> PageReference | None:
    """The reference the cursor is in or touching, if any."""
    for ref in find_references(text):
        if ref.start <= position <= ref.end:
            return ref
    return None


def insert_reference(text: str, position: int, reference: str) -> tuple[str, int]:
    """``text`` with ``reference`` at ``position`` (a space before it when it follows
    a word), and the cursor position after it."""
    at = max(0, min(position, len(text)))
    if at and not text[at - 1].isspace() and text[at - 1] not in "([":
        reference = " " + reference
    return text[:at] + reference + text[at:], at + len(reference)
