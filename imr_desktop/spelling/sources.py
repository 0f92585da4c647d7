"""Words that extend the shipped dictionaries at run time, read from the data folder:
the guideline library's (and, as they arrive, the drug vocabulary's and the
precedent letters').

A source is a name and a function of the data folder. It runs on a worker thread in
the window, so it opens what it reads itself (an SQLite connection belongs to the
thread that made it) and reads nothing that is not there yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .tokens import words

MIN_LENGTH = 3  # two-letter "words" of a source are more often fragments than terms


@dataclass(frozen=True)
class WordSource:
    name: str
    read: Callable[[Path], Iterable[str]]


def words_of_texts(texts: Iterable[str]) -> Iterator[str]:
    """The checkable words of some texts (the same cut as a letter's words)."""
    for text in texts:
        for _, _, word in words(text):
            if len(word) >= MIN_LENGTH:
                yield word


def guideline_library_words(data_dir: Path) -> set[str]:
    from imr_desktop.guidelines.library import LIBRARY_DB, GuidelineLibrary

    if not (Path(data_dir) / LIBRARY_DB).is_file():
        return set()  # not created yet: the window seeds it on first use
    library = GuidelineLibrary.open(data_dir, seed_sample=False)
    try:
        return set(words_of_texts(library.texts()))
    finally:
        library.close()


DEFAULT_SOURCES: tuple[WordSource, ...] = (
    WordSource("guideline library", guideline_library_words),
)
