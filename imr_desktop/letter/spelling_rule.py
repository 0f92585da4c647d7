"""The QA rule ``spelling``: misspelled words and British spellings in the free text
that reaches the letter, as warnings.

The checker has state (dictionaries, the reviewer's words), so it is given to the
rule as a function of a text; ``letter/`` never imports ``spelling/`` (the window and
the command line pass ``FolderSpelling.text_check(case_id)``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Protocol

from imr_desktop.model import Case
from imr_desktop.model.edits import ITEM_TEXT_FIELDS  # each is printed in the letter

if TYPE_CHECKING:
    from .qa import Finding


class FlaggedWord(Protocol):
    """A word the checker flags: where it is, and the American form if British."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def word(self) -> str: ...
    @property
    def american(self) -> str | None: ...


TextCheck = Callable[[str], Iterable[FlaggedWord]]

_FIELDS = "|".join(ITEM_TEXT_FIELDS)
_LETTER_TEXT_PATH = re.compile(rf"^(?:summary|items\[\d+\]\.(?:{_FIELDS}))$")


def reaches_letter(path: str | None) -> bool:
    """Whether a field's text is printed in the letter (and so is spell-checked)."""
    return bool(path) and bool(_LETTER_TEXT_PATH.match(path or ""))


def letter_text_fields(case: Case) -> Iterator[tuple[str, str]]:
    yield "summary", case.summary
    for i, item in enumerate(case.items):
        for name in ITEM_TEXT_FIELDS:
            yield f"items[{i}].{name}", getattr(item, name) or ""


def spelling_findings(case: Case, check: TextCheck) -> list[Finding]:
    """One warning per word and field (the first place it stands; a count when it
    recurs), in letter order."""
    # The QA rules (and their patterns) load with the first check, not with the
    # window's spelling underline, which only asks reaches_letter.
    from .qa import Finding, Severity, field_label

    out = []
    for path, text in letter_text_fields(case):
        if not text.strip():
            continue
        seen: dict[str, list[FlaggedWord]] = {}
        for flagged in check(text):
            seen.setdefault(flagged.word, []).append(flagged)
        for word, places in seen.items():
            first = places[0]
            where = field_label(path)
            times = f" ({len(places)} times)" if len(places) > 1 else ""
            if first.american:
                message = f"British spelling in {where}: {word} → {first.american}{times}"
            else:
                message = f"misspelled word in {where}: {word!r}{times}"
            out.append(
                Finding(
                    Severity.WARNING,
                    message,
                    path,
                    "spelling",
                    word=word,
                    span=(first.start, first.end),
                )
            )
    return out
