"""Imported letters in ``cases.db``: a letter imported as a new draft case, and prior
letters attached to a case as references whose items can be copied into it.

A prior letter is kept as the case JSON the importer made of it (plus its file
name, SHA-256 and the import report), not as the PDF: the reviewer needs its items,
and the text lives in the encrypted database like every other piece of patient data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from imr_desktop.database import StoreError
from imr_desktop.model import Case, DisputedItem, case_from_json, case_to_json, copy_case

if TYPE_CHECKING:
    from imr_desktop.cases.store import CaseStore


class LetterStoreError(StoreError):
    pass


@dataclass(frozen=True)
class PriorLetter:
    prior_id: int
    case_id: int
    file_name: str
    sha256: str
    letter_case_number: str
    attached_at: str
    items: int


# --- a letter as a new draft case ------------------------------------------------------

NO_NUMBER_PREFIX = "IMPORTED-"


def unique_case_number(store: CaseStore, wanted: str) -> str:
    """``wanted`` when it is free; else ``wanted-2``, ``wanted-3`` ...; a letter
    without a case number becomes ``IMPORTED-0001`` (the first free one)."""
    wanted = wanted.strip()
    if not wanted:
        n = 1
        while store.find(f"{NO_NUMBER_PREFIX}{n:04d}") is not None:
            n += 1
        return f"{NO_NUMBER_PREFIX}{n:04d}"
    if store.find(wanted) is None:
        return wanted
    n = 2
    while store.find(f"{wanted}-{n}") is not None:
        n += 1
    return f"{wanted}-{n}"


def create_draft_from_letter(store: CaseStore, case: Case) -> tuple[int, str | None]:
    """Add the imported case as a draft. Returns its id and, when the number had to
    change (taken, or none in the letter), a sentence saying so."""
    draft = copy_case(case)
    draft.status = draft.status.DRAFT
    number = unique_case_number(store, case.case_number)
    note = None
    if number != case.case_number:
        note = (
            f"case {case.case_number} already exists; the letter was imported as {number}"
            if case.case_number
            else f"the letter has no case number; it was imported as {number}"
        )
    draft.case_number = number
    return store.create(draft, reason="imported letter"), note


# --- prior letters attached to a case ----------------------------------------------------


class PriorLetters:
    def __init__(self, store: CaseStore) -> None:
        self.store = store
        self.db = store.db

    def attach(self, case_id: int, path: Path) -> PriorLetter:
        """Read a letter (raises ``LetterImportError`` for a non-letter) and keep it
        with the case. Attaching the same file twice keeps one copy."""
        from . import import_letter

        path = Path(path)
        self.store.load(case_id)  # raises for an unknown case
        letter, report = import_letter(path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        return self.keep(case_id, report.source, digest, letter, report.to_dict())

    def keep(
        self, case_id: int, file_name: str, digest: str, letter: Case, report: dict
    ) -> PriorLetter:
        """Store a letter already read (the window reads it off the GUI thread)."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        number = self.store.load(case_id).case_number
        with self.db.atomic():
            row = self.db.execute(
                "SELECT id FROM prior_letters WHERE case_id = ? AND sha256 = ?", [case_id, digest]
            ).fetchone()
            if row:
                return self.get(row[0])
            cur = self.db.execute(
                "INSERT INTO prior_letters (case_id, file_name, sha256, letter_case_number, "
                "case_json, report_json, attached_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    case_id,
                    file_name,
                    digest,
                    letter.case_number,
                    case_to_json(letter, compact=True),
                    json.dumps(report),
                    now,
                ],
            )
            self.store.audit.append("prior letter attached", number, f"{len(letter.items)} items")
        assert cur.lastrowid is not None
        return self.get(cur.lastrowid)

    def get(self, prior_id: int) -> PriorLetter:
        row = self.db.execute(
            "SELECT id, case_id, file_name, sha256, letter_case_number, attached_at, case_json "
            "FROM prior_letters WHERE id = ?",
            [prior_id],
        ).fetchone()
        if row is None:
            raise LetterStoreError(f"no prior letter {prior_id}")
        return _prior(row)

    def list(self, case_id: int) -> list[PriorLetter]:
        rows = self.db.execute(
            "SELECT id, case_id, file_name, sha256, letter_case_number, attached_at, case_json "
            "FROM prior_letters WHERE case_id = ? ORDER BY id",
            [case_id],
        ).fetchall()
        return [_prior(r) for r in rows]

    def letter(self, prior_id: int) -> Case:
        row = self.db.execute(
            "SELECT case_json FROM prior_letters WHERE id = ?", [prior_id]
        ).fetchone()
        if row is None:
            raise LetterStoreError(f"no prior letter {prior_id}")
        return case_from_json(row[0])

    def remove(self, prior_id: int) -> None:
        self.db.execute("DELETE FROM prior_letters WHERE id = ?", [prior_id])


def _prior(row) -> PriorLetter:
    items = len(json.loads(row[6]).get("items", []))
    return PriorLetter(row[0], row[1], row[2], row[3], row[4], row[5], items)


def copy_item_into(case: Case, item: DisputedItem) -> int:
    """Append a copy of a prior letter's item to ``case`` (a pure edit, so the window
    can make it one undoable step). Returns the new item's index."""
    source = copy_case(Case(case_number="", items=[item])).items[0]
    case.items.append(source)
    return len(case.items) - 1
