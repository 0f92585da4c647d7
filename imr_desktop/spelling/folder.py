"""The spell checking of one data folder: the shipped dictionaries, the words of the
folder's sources, the reviewer's personal dictionary and each case's ignored words.

Opening it reads about 2 MB of dictionaries (a quarter of a second): the window does
it on a worker thread after the first paint, the command line when ``check`` runs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .checker import Misspelling, SpellChecker
from .dictionaries import HunspellEngine, load_british_map
from .ignored import IgnoredWords
from .personal import PersonalDictionary
from .sources import DEFAULT_SOURCES, WordSource

log = logging.getLogger(__name__)

TextCheck = Callable[[str], list[Misspelling]]


class FolderSpelling:
    def __init__(
        self,
        checker: SpellChecker,
        personal: PersonalDictionary,
        ignored: IgnoredWords | None = None,
    ) -> None:
        self.checker = checker
        self.personal = personal
        self.ignored = ignored

    @classmethod
    def open(
        cls, data_dir: Path, sources: Iterable[WordSource] = DEFAULT_SOURCES
    ) -> FolderSpelling:
        """Load everything but the case database (``attach_cases`` gives it on the
        thread that owns it). A source that fails is logged and left out."""
        started = time.perf_counter()
        checker = SpellChecker(HunspellEngine(), load_british_map())
        personal = PersonalDictionary.in_folder(data_dir)
        checker.add_words(personal.words, accepted=True)
        for source in sources:
            try:
                added = checker.add_words(source.read(data_dir))
            except Exception as exc:  # a damaged library must not stop spell checking
                log.warning("spelling: words of the %s not read (%s)", source.name, exc)
                continue
            log.info("spelling: %d words from the %s", added, source.name)
        log.info("spelling ready in %.2f s", time.perf_counter() - started)
        return cls(checker, personal)

    def attach_cases(self, db: Any) -> None:
        self.ignored = IgnoredWords(db)

    def ignored_in(self, case_id: int | None) -> set[str]:
        if case_id is None or self.ignored is None:
            return set()
        return self.ignored.of_case(case_id)

    def text_check(self, case_id: int | None) -> TextCheck:
        """``check(text)`` for the fields of one case (its ignored words accepted)."""
        ignored = frozenset(self.ignored_in(case_id))
        return lambda text: self.checker.check(text, ignored)

    def add_to_personal(self, word: str) -> bool:
        """The word is known from now on, in every case, after a restart too."""
        if not self.personal.add(word):
            return False
        self.checker.add_words([word.strip()], accepted=True)
        return True

    def ignore_in_case(self, case_id: int, word: str) -> bool:
        return self.ignored is not None and self.ignored.ignore(case_id, word)
