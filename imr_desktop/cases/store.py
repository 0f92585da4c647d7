"""``cases.db``: the reviewer's cases, their revisions, the audit log and profile.

Every public write is one transaction. A finalized case refuses writes until it
is explicitly reopened (which is audited).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from imr_desktop.database import Connector, Database, StoreError, open_database, plain_connect
from imr_desktop.model import (
    Case,
    CaseSummary,
    Citation,
    CitationKind,
    Decision,
    DisputedItem,
    Patient,
    Priority,
    ReviewerProfile,
    Sex,
    Status,
    case_from_json,
    case_to_json,
)
from imr_desktop.model.case_json import DATE_FIELDS, citation_to_dict
from imr_desktop.security.audit import AuditLog

from .queue import QueueReader
from .schema import CASES_MIGRATION_SETS

CASES_DB = "cases.db"

# Autosaves within this many seconds of the previous autosave revision refresh that
# revision instead of adding one: history keeps one point per minute of typing, not
# one per keystroke pause, and every save still carries its revision.
REVISION_COALESCE_SECONDS = 60

# A save writes ~2x the draft (the case and its revision). With SQLite's default
# (1,000 pages) a checkpoint lands every ~40 saves of a 50 KB draft and costs a few
# ms; at 10,000 pages it comes every ~400 saves, and close() checkpoints anyway.
WAL_AUTOCHECKPOINT_PAGES = 10_000


class CaseNotFoundError(StoreError):
    pass


class DuplicateCaseError(StoreError):
    pass


class CaseFinalizedError(StoreError):
    pass


class CaseChangedElsewhereError(StoreError):
    """Another connection (a command beside the window) wrote the case since it was
    read: merge, then save again."""


@dataclass(frozen=True)
class RevisionInfo:
    revision_id: int
    created_at: str
    reason: str
    size: int


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class CaseStore:
    def __init__(self, db: Database, *, clock: Callable[[], float] = time.time):
        self.db = db
        # Every path to cases.db (the window, a command, a worker) checkpoints alike.
        db.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
        self.audit = AuditLog(db)
        self.queue = QueueReader(db)
        self._clock = clock
        self._edited_this_session: set[int] = set()

    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        connect: Connector = plain_connect,
        check_integrity: bool = True,
    ) -> CaseStore:
        db = open_database(
            Path(data_dir) / CASES_DB,
            CASES_MIGRATION_SETS,
            connect=connect,
            check_integrity=check_integrity,
        )
        return cls(db)

    def close(self) -> None:
        from imr_desktop.security.audit import anchor_of

        anchor = anchor_of(self.db)
        if anchor is not None:  # a clean stop: the session leaves the anchor
            anchor.sync(self.db)
            anchor.close_session(self.db)
        # Another reader may hold the WAL; SQLite then checkpoints on a later open.
        with contextlib.suppress(sqlite3.Error):
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.db.close()

    # --- reading ---------------------------------------------------------------

    def list_cases(self) -> list[CaseSummary]:
        """Every case's queue row, in id order (``cases list``). The window's queue
        reads only the rows on screen, through :attr:`queue`."""
        return self.queue.summaries()

    def case_summary(self, case_id: int) -> CaseSummary | None:
        """One queue row, for refreshing it after a save without re-reading the queue."""
        rows = self.queue.summaries([case_id])
        return rows[0] if rows else None

    def find(self, case_number: str) -> int | None:
        row = self.db.execute(
            "SELECT id FROM cases WHERE case_number = ?", [case_number.strip()]
        ).fetchone()
        return row[0] if row else None

    def resolve(self, case_ref: str) -> int:
        """A case by number (``CM14-0000001``) or by its row id; raises if absent."""
        case_id = self.find(case_ref)
        plain_number = case_ref.isascii() and case_ref.isdigit() and len(case_ref) < 19
        if case_id is None and plain_number and self._exists(int(case_ref)):
            case_id = int(case_ref)
        if case_id is None:
            raise CaseNotFoundError(f"no case {case_ref!r} in this data folder")
        return case_id

    def _exists(self, case_id: int) -> bool:
        return self.db.execute("SELECT 1 FROM cases WHERE id = ?", [case_id]).fetchone() is not None

    def load(self, case_id: int) -> Case:
        rec = next(self.db.query("SELECT * FROM cases WHERE id = ?", [case_id]), None)
        if rec is None:
            raise CaseNotFoundError(f"no case with id {case_id}")
        items = [
            self._item_from_row(r)
            for r in self.db.query(
                "SELECT * FROM items WHERE case_id = ? ORDER BY position", [case_id]
            )
        ]
        return Case(
            case_number=rec["case_number"],
            claim_number=rec["claim_number"],
            priority=Priority(rec["priority"]),
            **{name: _date(rec[name]) for name in DATE_FIELDS},
            status=Status(rec["status"]),
            reviewer=_profile_from_json(rec["reviewer_json"]),
            patient=Patient(
                age=rec["patient_age"],
                sex=Sex(rec["patient_sex"]) if rec["patient_sex"] else None,
            ),
            summary=rec["summary"],
            items=items,
            notes=rec["notes"],
        )

    @staticmethod
    def _item_from_row(r: dict[str, Any]) -> DisputedItem:
        return DisputedItem(
            request=r["request"],
            original_request=r["original_request"],
            authorised_part=r["authorised_part"],
            decision=Decision(r["decision"]) if r["decision"] else None,
            claims_administrator_guideline=r["claims_administrator_guideline"],
            citations=[
                Citation(
                    kind=CitationKind(c["kind"]),
                    source=c["source"],
                    edition=c.get("edition"),
                    section=c.get("section"),
                    pages=c.get("pages"),
                )
                for c in json.loads(r["citations_json"])
            ],
            rationale=r["rationale"],
        )

    def final_pdf_sha256(self, case_id: int) -> str | None:
        row = self.db.execute(
            "SELECT final_pdf_sha256 FROM cases WHERE id = ?", [case_id]
        ).fetchone()
        return row[0] if row else None

    def final_pdf_created(self, case_id: int) -> dt.datetime | None:
        """When the final letter was made (None: not final, or finalized before this
        was recorded, whose PDF carries ReportLab's fixed date)."""
        row = self.db.execute(
            "SELECT final_pdf_created FROM cases WHERE id = ?", [case_id]
        ).fetchone()
        return dt.datetime.fromisoformat(row[0]) if row and row[0] else None

    # --- writing ---------------------------------------------------------------

    def create(self, case: Case, *, reason: str = "created") -> int:
        """Add a new case with its first revision; the case number must be new."""
        with self.db.atomic():
            if self.find(case.case_number) is not None:
                raise DuplicateCaseError(
                    f"case {case.case_number} already exists; nothing was changed"
                )
            now = _now()
            cur = self.db.execute(
                "INSERT INTO cases (case_number, created_at, updated_at) VALUES (?, ?, ?)",
                [case.case_number.strip(), now, now],
            )
            case_id = cur.lastrowid
            assert case_id is not None
            self._write(case_id, case, now)
            self._add_revision(case_id, case, now, reason)
            self.audit.append(reason, case.case_number)
        return case_id

    def data_version(self) -> int:
        """Changes when another connection commits to cases.db (SQLite's own count,
        per connection): how the window notices a command's writes."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def version(self, case_id: int) -> str:
        """What changes whenever the case is written, by any connection: its time and
        latest revision (two writers within one millisecond still differ)."""
        row = self.db.execute(
            "SELECT updated_at, (SELECT max(id) FROM revisions WHERE case_id = cases.id) "
            "FROM cases WHERE id = ?",
            [case_id],
        ).fetchone()
        return f"{row[0]}#{row[1]}" if row else ""

    def save(
        self,
        case_id: int,
        case: Case,
        *,
        reason: str = "autosave",
        expected_version: str | None = None,
    ) -> str:
        """Write the whole case and its revision in one transaction; returns the time.
        With ``expected_version`` the write happens only if no one else wrote the case
        since (else :class:`CaseChangedElsewhereError`, nothing written)."""
        with self.db.atomic(immediate=expected_version is not None):
            if expected_version is not None and self.version(case_id) != expected_version:
                raise CaseChangedElsewhereError(
                    "the case was changed by another program since it was read"
                )
            self._refuse_if_final(case_id)
            number = case.case_number.strip()
            clash = self.find(number)
            if clash is not None and clash != case_id:
                raise DuplicateCaseError(f"another case already has the number {number}")
            now = _now()
            self._write(case_id, case, now)
            self._add_revision(case_id, case, now, reason)
            if reason != "autosave":
                self.audit.append(reason, number)
            elif case_id not in self._edited_this_session:
                self.audit.append("edited", number)
        self._edited_this_session.add(case_id)
        return now

    def update(self, case_id: int, change: Callable[[Case], object], *, reason: str) -> Case:
        """Read, change and write one case without losing a write made in between
        by another program (the window autosaving): retried on a fresh read."""
        for _ in range(5):
            version = self.version(case_id)
            case = self.load(case_id)
            change(case)
            try:
                self.save(case_id, case, reason=reason, expected_version=version)
            except CaseChangedElsewhereError:
                continue
            return case
        raise CaseChangedElsewhereError("the case kept changing under this command; try again")

    def _write(self, case_id: int, case: Case, now: str) -> None:
        self.db.execute(
            f"""
            UPDATE cases SET case_number = ?, claim_number = ?, priority = ?,
                {", ".join(f"{name} = ?" for name in DATE_FIELDS)},
                status = ?, patient_age = ?, patient_sex = ?, summary = ?,
                reviewer_json = ?, notes = ?, updated_at = ?
            WHERE id = ?
            """,
            [
                case.case_number.strip(),
                case.claim_number,
                case.priority.value,
                *[
                    (getattr(case, n).isoformat() if getattr(case, n) else None)
                    for n in DATE_FIELDS
                ],
                case.status.value,
                case.patient.age,
                case.patient.sex.value if case.patient.sex else None,
                case.summary,
                _profile_to_json(case.reviewer.for_case()),
                case.notes,
                now,
                case_id,
            ],
        )
        self.db.execute("DELETE FROM items WHERE case_id = ?", [case_id])
        self.db.conn.executemany(
            """
            INSERT INTO items (case_id, position, request, original_request, authorised_part,
                decision, claims_administrator_guideline, citations_json, rationale)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                (
                    case_id,
                    position,
                    item.request,
                    item.original_request,
                    item.authorised_part,
                    item.decision.value if item.decision else None,
                    item.claims_administrator_guideline,
                    json.dumps([citation_to_dict(c) for c in item.citations]),
                    item.rationale,
                )
                for position, item in enumerate(case.items)
            ],
        )

    def _add_revision(self, case_id: int, case: Case, now: str, reason: str) -> None:
        snapshot = case_to_json(case, compact=True)
        if reason == "autosave":
            last = self.db.execute(
                "SELECT id, created_at, reason FROM revisions WHERE case_id = ? "
                "ORDER BY id DESC LIMIT 1",
                [case_id],
            ).fetchone()
            if last and last[2] == "autosave":
                age = dt.datetime.fromisoformat(now) - dt.datetime.fromisoformat(last[1])
                if age.total_seconds() < REVISION_COALESCE_SECONDS:
                    self.db.execute(
                        "UPDATE revisions SET snapshot_json = ? WHERE id = ?",
                        [snapshot, last[0]],
                    )
                    return
        self.db.execute(
            "INSERT INTO revisions (case_id, created_at, reason, snapshot_json) VALUES (?, ?, ?, ?)",
            [case_id, now, reason, snapshot],
        )

    def _refuse_if_final(self, case_id: int) -> None:
        row = self.db.execute(
            "SELECT status, case_number FROM cases WHERE id = ?", [case_id]
        ).fetchone()
        if row is None:
            raise CaseNotFoundError(f"no case with id {case_id}")
        if row[0] == Status.FINAL.value:
            raise CaseFinalizedError(
                f"case {row[1]} is finalized and read-only; reopen it to change it"
            )

    def delete(self, case_id: int) -> None:
        with self.db.atomic():
            self._refuse_if_final(case_id)
            number = self.load(case_id).case_number
            self.db.execute("DELETE FROM cases WHERE id = ?", [case_id])
            self.audit.append("deleted", number)

    def import_case_json(self, text: str | bytes) -> int:
        """Validate a case JSON document fully, then add it; a bad one changes nothing."""
        case = case_from_json(text)
        return self.create(case, reason="imported")

    # --- history ---------------------------------------------------------------

    def revisions(self, case_id: int) -> list[RevisionInfo]:
        return [
            RevisionInfo(r[0], r[1], r[2], r[3])
            for r in self.db.execute(
                "SELECT id, created_at, reason, length(snapshot_json) FROM revisions "
                "WHERE case_id = ? ORDER BY id DESC",
                [case_id],
            )
        ]

    def load_revision(self, revision_id: int) -> Case:
        row = self.db.execute(
            "SELECT snapshot_json FROM revisions WHERE id = ?", [revision_id]
        ).fetchone()
        if row is None:
            raise CaseNotFoundError(f"no revision {revision_id}")
        return case_from_json(row[0])

    def restore(self, case_id: int, revision_id: int) -> Case:
        """Bring back a revision; the restore is itself a new revision."""
        case = self.load_revision(revision_id)
        with self.db.atomic():
            self._refuse_if_final(case_id)
            case.status = Status.DRAFT
            now = _now()
            self._write(case_id, case, now)
            self._add_revision(case_id, case, now, f"restored revision {revision_id}")
            self.audit.append("restored", case.case_number, f"revision {revision_id}")
        return case

    # --- finalisation ----------------------------------------------------------

    def finalize(self, case_id: int, pdf_sha256: str, created: dt.datetime | None = None) -> None:
        """Make the case final with its PDF's SHA-256 and creation moment."""
        with self.db.atomic():
            self._refuse_if_final(case_id)
            case = self.load(case_id)
            case.status = Status.FINAL
            now = _now()
            self._write(case_id, case, now)
            self.db.execute(
                "UPDATE cases SET final_pdf_sha256 = ?, final_pdf_created = ? WHERE id = ?",
                [pdf_sha256, created.isoformat() if created else None, case_id],
            )
            self._add_revision(case_id, case, now, "finalized")
            self.audit.append("finalized", case.case_number, f"pdf sha256 {pdf_sha256}")

    def reopen(self, case_id: int, why: str) -> Case:
        with self.db.atomic():
            case = self.load(case_id)
            if not case.is_final:
                return case
            case.status = Status.DRAFT
            now = _now()
            self._write(case_id, case, now)
            self.db.execute(
                "UPDATE cases SET final_pdf_sha256 = NULL, final_pdf_created = NULL WHERE id = ?",
                [case_id],
            )
            self._add_revision(case_id, case, now, "reopened")
            self.audit.append("reopened", case.case_number, why)
        return case

    # --- reviewer profile and snippets ------------------------------------------

    def reviewer_profile(self) -> ReviewerProfile:
        row = self.db.execute("SELECT profile_json FROM reviewer WHERE id = 1").fetchone()
        return _profile_from_json(row[0]) if row else ReviewerProfile()

    def set_reviewer_profile(self, profile: ReviewerProfile) -> None:
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO reviewer (id, profile_json) VALUES (1, ?) "
                "ON CONFLICT(id) DO UPDATE SET profile_json = excluded.profile_json",
                [_profile_to_json(profile)],
            )
            self.audit.append("profile changed", None)

    def snippets(self) -> list[tuple[int, str, str]]:
        return [
            (r[0], r[1], r[2])
            for r in self.db.execute("SELECT id, title, body FROM snippets ORDER BY title")
        ]

    def add_snippet(self, title: str, body: str) -> int:
        cur = self.db.execute("INSERT INTO snippets (title, body) VALUES (?, ?)", [title, body])
        assert cur.lastrowid is not None
        return cur.lastrowid

    def remove_snippet(self, snippet_id: int) -> None:
        self.db.execute("DELETE FROM snippets WHERE id = ?", [snippet_id])


def _profile_to_json(profile: ReviewerProfile) -> str:
    return json.dumps(
        {
            "organisation": profile.organisation,
            "specialty": profile.specialty,
            "board_certified": profile.board_certified,
            "licensure": profile.licensure,
            "years_in_practice": profile.years_in_practice,
            "hours_per_week": profile.hours_per_week,
            "name": profile.name,
            "check_spelling": profile.check_spelling,
        }
    )


def _profile_from_json(text: str) -> ReviewerProfile:
    data = json.loads(text or "{}")
    base = ReviewerProfile()
    return ReviewerProfile(
        organisation=data.get("organisation") or base.organisation,
        specialty=data.get("specialty", ""),
        board_certified=bool(data.get("board_certified", True)),
        licensure=list(data.get("licensure", base.licensure)),
        years_in_practice=int(data.get("years_in_practice", 0)),
        hours_per_week=int(data.get("hours_per_week", 0)),
        name=data.get("name", ""),
        check_spelling=bool(data.get("check_spelling", True)),
    )
