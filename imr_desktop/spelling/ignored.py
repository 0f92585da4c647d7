"""Words a reviewer chose to ignore in one case: kept with the case in ``cases.db``,
so the underline, the QA strip and ``imr-desktop check`` agree after a restart."""

from __future__ import annotations

from typing import Any

from .personal import valid_word


class IgnoredWords:
    def __init__(self, db: Any) -> None:
        self.db = db  # the cases store's database

    def of_case(self, case_id: int) -> set[str]:
        rows = self.db.execute(
            "SELECT word FROM spelling_ignored WHERE case_id = ?", [case_id]
        ).fetchall()
        return {row[0] for row in rows}

    def ignore(self, case_id: int, word: str) -> bool:
        word = word.strip()
        if not valid_word(word):
            return False
        self.db.execute(
            "INSERT OR IGNORE INTO spelling_ignored (case_id, word) VALUES (?, ?)",
            [case_id, word],
        )
        return True
