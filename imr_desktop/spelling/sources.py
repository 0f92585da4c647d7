"""Words that extend the shipped dictionaries at run time: the guideline library's,
the request vocabulary's (drugs, procedures, devices) and the precedent letters'.

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
# A precedent letter's word counts only when that many letters use it: published
# letters hold typos too ("Indiscriminant", "ophenadrine"), rarely the same one thrice.
MIN_PRECEDENT_LETTERS = 3


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


def request_vocabulary_words(_data_dir: Path) -> set[str]:
    """The words of what requests ask for (drugs, procedures, devices, regions) as
    the request vocabulary names them (``requests/vocabulary.py``)."""
    from imr_desktop.requests import vocabulary

    phrases = [p for c in vocabulary.CONCEPTS for p in (c.label, *c.phrases)]
    phrases += [p for r in vocabulary.REGIONS for p in (r.label, *r.phrases)]
    phrases += [p for group in vocabulary.ABBREVIATIONS.values() for p in group]
    # Its phrases are lower case, abbreviations too ("tha", "toc", "esi"): a short
    # one accepted in lower case would hide typos ("tha" for "the").
    return {w for w in words_of_texts(phrases) if len(w) >= 5}


def precedent_words(data_dir: Path) -> set[str]:
    """Words of the imported precedent letters used in several of them."""
    from imr_desktop.precedents.library import letter_texts

    letters_of: dict[str, set[int]] = {}
    for letter, text in letter_texts(data_dir):
        for word in words_of_texts([text]):
            letters_of.setdefault(word, set()).add(letter)
    return {w for w, letters in letters_of.items() if len(letters) >= MIN_PRECEDENT_LETTERS}


DEFAULT_SOURCES: tuple[WordSource, ...] = (
    WordSource("guideline library", guideline_library_words),
    WordSource("request vocabulary", request_vocabulary_words),
    WordSource("precedent letters", precedent_words),
)
