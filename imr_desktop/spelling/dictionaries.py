"""The dictionaries the app ships (``resources/spelling/``) and the Hunspell engine
that reads them: the one place the ``hunspell`` module (chunspell: libhunspell 1.7
inside its wheel, no system library) is imported.

- ``en_US.aff`` / ``en_US.dic``: American English, SCOWL size 60 (Debian
  ``hunspell-en-us`` 2020.12.07), a permissive licence.
- ``en_med_glut.dic``: the Hunspell English medical dictionary (Debian
  ``hunspell-en-med`` 20140410: OpenMedSpel, MTH-Med-Spel-Chek), GPL-3.0-or-later,
  shipped unmodified as its own file and added at run time with the en_US affixes.
- ``imr_words.dic``: words of workers' compensation review the two lack (licensure,
  noncertified, eponymous tests, compounded medications), written for this app.
- ``british.tsv``: British spelling -> American spelling, from SCOWL
  (``tools/build_british_map.py``).

Licences and provenance: ``resources/spelling/README.md``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from imr_desktop import paths

log = logging.getLogger(__name__)

MAIN = "en_US"
EXTRA_DICTIONARIES = ("en_med_glut.dic", "imr_words.dic")
BRITISH_MAP = "british.tsv"


def dictionaries_dir() -> Path:
    return paths.resource("spelling")


class DictionaryMissingError(RuntimeError):
    """The shipped dictionaries cannot be read (a damaged install)."""


class HunspellEngine:
    """Hunspell through chunspell. Not thread-safe: one thread uses an engine at a
    time (the window loads it in the background and then uses it on the GUI thread)."""

    def __init__(self, folder: Path | None = None) -> None:
        import hunspell

        folder = folder or dictionaries_dir()
        try:
            self._h = hunspell.Hunspell(MAIN, hunspell_data_dir=str(folder))
        except hunspell.HunspellFilePathError as exc:
            raise DictionaryMissingError(f"the spelling dictionary is missing: {exc}") from exc
        for name in EXTRA_DICTIONARIES:
            path = folder / name
            if path.is_file():
                self._h.add_dic(str(path))
            else:
                log.warning("spelling dictionary %s is missing", name)

    def spell(self, word: str) -> bool:
        try:
            return bool(self._h.spell(word))
        except UnicodeError:  # a character the dictionary's encoding cannot hold
            return True

    def suggest(self, word: str) -> list[str]:
        try:
            return list(self._h.suggest(word))
        except UnicodeError:
            return []

    def add(self, words: Iterable[str]) -> None:
        for word in words:
            try:
                self._h.add(word)
            except UnicodeError:
                continue


def load_british_map(folder: Path | None = None) -> dict[str, str]:
    path = (folder or dictionaries_dir()) / BRITISH_MAP
    pairs: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines():
        british, _, american = line.partition("\t")
        if british and american:
            pairs[british] = american
    return pairs
