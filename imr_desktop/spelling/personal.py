"""The reviewer's own dictionary: a plain text file in the data folder, one word a
line, readable by its owner only, written atomically, never sent anywhere."""

from __future__ import annotations

import logging
from pathlib import Path

from imr_desktop.atomic import atomic_write_text

log = logging.getLogger(__name__)

FILE_NAME = "personal_dictionary.txt"
MAX_WORD = 60


class PersonalDictionary:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.words: set[str] = set()
        self._load()

    @classmethod
    def in_folder(cls, data_dir: Path) -> PersonalDictionary:
        return cls(Path(data_dir) / FILE_NAME)

    def _load(self) -> None:
        try:
            text = self.path.read_text("utf-8", errors="replace")
        except FileNotFoundError:
            return
        except OSError as exc:  # unreadable: work without it, keep the file as it is
            log.warning("personal dictionary unreadable: %s", exc.strerror or exc)
            return
        self.words = {w.strip() for w in text.splitlines() if valid_word(w.strip())}

    def add(self, word: str) -> bool:
        """Add a word and write the file at once. False if it is not a single word."""
        word = word.strip()
        if not valid_word(word):
            return False
        if word not in self.words:
            words = self.words | {word}
            atomic_write_text(self.path, "".join(f"{w}\n" for w in sorted(words)))
            self.words = words
        return True


def valid_word(word: str) -> bool:
    return 1 < len(word) <= MAX_WORD and not any(c.isspace() for c in word)
