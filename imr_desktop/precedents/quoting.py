"""Text taken from a published decision into a draft, always marked as such."""

from __future__ import annotations

MAX_EXCERPT_CHARS = 4000


def marked_excerpt(text: str, case_number: str) -> str:
    """The excerpt as it goes into a rationale: quoted and followed by the published
    decision it came from, so it never passes for the reviewer's own words."""
    body = " ".join(text.replace("\u2029", "\n").split())[:MAX_EXCERPT_CHARS].strip()
    return f"“{body}” (from published IMR decision {case_number})" if body else ""
