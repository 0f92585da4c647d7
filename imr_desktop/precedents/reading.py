"""Reading published determination letters into plain records.

:func:`read_published` runs in a worker process during a bulk import, so what
crosses the process boundary is small and plain: a path string in, a
:class:`ReadOutcome` (frozen dataclasses of strings, dates and citations) out. No
connection, no open file and no parsed PDF ever crosses it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from imr_desktop.model import Case, Citation

MAX_FILE_BYTES = 64 * 1024 * 1024  # far above any letter; a bigger file is something else


@dataclass(frozen=True)
class PublishedItem:
    position: int  # from 0, in the letter's order
    request: str
    decision: str | None  # "upheld", "overturned" or None when the letter gave none
    rationale: str
    citations: tuple[Citation, ...] = ()
    original_request: str | None = None
    authorised_part: str | None = None


@dataclass(frozen=True)
class PublishedDecision:
    case_number: str
    file_name: str
    sha256: str
    items: tuple[PublishedItem, ...]
    decision_date: dt.date | None = None
    ur_denial_date: dt.date | None = None
    generation: str = ""


@dataclass(frozen=True)
class ReadOutcome:
    path: str
    decision: PublishedDecision | None = None
    problem: str = ""  # why the file gives no decision ("" when it does)


def decision_from_case(
    case: Case, file_name: str, sha256: str, generation: str = ""
) -> PublishedDecision:
    items = tuple(
        PublishedItem(
            position=n,
            request=" ".join(item.request.split()),
            decision=item.decision.value if item.decision else None,
            rationale=item.rationale.strip(),
            citations=tuple(item.citations),
            original_request=item.original_request,
            authorised_part=item.authorised_part,
        )
        for n, item in enumerate(case.items)
    )
    return PublishedDecision(
        case_number=case.case_number.strip(),
        file_name=file_name,
        sha256=sha256,
        items=items,
        decision_date=case.decision_date,
        ur_denial_date=case.ur_denial_date,
        generation=generation,
    )


def read_published(path: str) -> ReadOutcome:
    """One file, read completely or not at all. Never raises: whatever goes wrong
    becomes the outcome's ``problem``, worded for the import report."""
    from imr_desktop.letters import LetterImportError
    from imr_desktop.letters.parse import import_letter_bytes

    name = Path(path).name
    try:
        size = os.stat(path).st_size
        if size > MAX_FILE_BYTES:
            return ReadOutcome(path, problem=f"{size / 1e6:.0f} MB: far larger than a letter")
        data = Path(path).read_bytes()
    except OSError as exc:
        return ReadOutcome(path, problem=f"cannot be read ({exc.strerror or exc})")
    try:
        case, report = import_letter_bytes(data, name)
    except LetterImportError as exc:
        return ReadOutcome(path, problem=_short(str(exc), name))
    except (MemoryError, RecursionError) as exc:
        return ReadOutcome(path, problem=f"too complex to read ({type(exc).__name__})")
    except Exception as exc:  # a reader bug on a strange file must not stop the run
        return ReadOutcome(path, problem=f"could not be read ({type(exc).__name__})")
    number = case.case_number.strip()
    if not number or len(number.split()) != 1:
        return ReadOutcome(path, problem="no case number: not a published determination")
    if not any(item.decision for item in case.items):
        return ReadOutcome(path, problem="no decided item found: not a determination")
    digest = hashlib.sha256(data).hexdigest()
    return ReadOutcome(path, decision_from_case(case, name, digest, report.generation))


def _short(message: str, name: str) -> str:
    """The letter importer's message without the file name and the "nothing was
    imported" tail: the report line names the file and says what happened."""
    text = message
    if text.startswith(name):
        text = text[len(name) :].lstrip(" :")
    for tail in ("; nothing was imported", ". Nothing was imported.", " Nothing was imported."):
        text = text.replace(tail, "")
    return text.strip().rstrip(".") or message


# --- which files ----------------------------------------------------------------------------


def collect_files(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Every regular file named or inside a named folder (recursively, sorted,
    hidden files and folders left out), each once."""
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        candidates = sorted(_walk(path)) if path.is_dir() else [path]
        for candidate in candidates:
            key = candidate.resolve() if candidate.exists() else candidate
            if key not in seen:
                seen.add(key)
                yield candidate


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith("."):
                yield Path(root) / name
