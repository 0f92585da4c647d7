"""What every guideline importer shares (the text formats in ``importers`` and the PDF
reader in ``pdf_import``): the result of reading a file, the error a reviewer sees,
progress and cancel callbacks, and text clean-up."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from imr_desktop.model.passage import GuidelineSource, Passage

Progress = Callable[[int, int, str], None]  # (done, total, what is happening)
CancelFlag = Callable[[], bool]  # True: stop, leave the library as it was


class GuidelineImportError(Exception):
    """The file cannot be imported; the message says why, for the reviewer."""


class ImportCancelled(GuidelineImportError):
    def __init__(self) -> None:
        super().__init__("Import canceled; the library was not changed.")


@dataclass
class ImportedSource:
    source: GuidelineSource
    passages: list[Passage]


def no_progress(done: int, total: int, message: str) -> None:
    pass


def never_cancel() -> bool:
    return False


def check_cancel(cancel: CancelFlag) -> None:
    if cancel():
        raise ImportCancelled()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "source"


# Control characters (but tab and newline) never belong in guideline text, and two of
# them mark highlights in search results.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(text: str) -> str:
    return _CONTROL.sub(" ", text).strip()
