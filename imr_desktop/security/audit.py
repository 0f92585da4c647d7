"""The audit log: append-only, tamper-evident.

Each row stores the hash of the row before it and a SHA-256 over its own fields and
that previous hash, so an edited, deleted or reordered row breaks the chain at a
point :meth:`AuditLog.verify` names. Triggers in the schema refuse UPDATE/DELETE.
Details name what happened (case number, revision, file hash), never patient text.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import weakref
from dataclasses import dataclass
from typing import Any, Protocol

from imr_desktop.database import Database

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    entry_id: int
    at: str
    action: str
    case_number: str | None
    actor: str
    detail: str
    prev_hash: str
    hash: str


def entry_hash(
    prev_hash: str, at: str, action: str, case_number: str | None, actor: str, detail: str
) -> str:
    fields = [prev_hash, at, action, case_number or "", actor, detail]
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()


def _actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers, services): still audit the event
        return "unknown"


class Anchor(Protocol):
    """What the log asks of its anchor outside the file (audit_anchor.AuditAnchor)."""

    def sync(self, db: Database) -> None: ...

    def verify(self, db: Database, chain: str) -> tuple[bool, str]: ...


# The anchor of each open connection to cases.db, found by the AuditLog on it (a
# worker's connection gets one too).
_anchors: weakref.WeakKeyDictionary[Database, Anchor] = weakref.WeakKeyDictionary()


def attach_anchor(db: Database, anchor: Anchor) -> None:
    _anchors[db] = anchor


def anchor_of(db: Database) -> Any:
    return _anchors.get(db)


class AuditLog:
    def __init__(self, db: Database) -> None:
        self.db = db

    def append(self, action: str, case_number: str | None, detail: str = "") -> None:
        """Add a row; call inside the transaction of the change it records. Once it is
        committed, the anchor outside the file records it (:mod:`.audit_anchor`)."""
        row = self.db.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        prev = row[0] if row else GENESIS
        at = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
        actor = _actor()
        self.db.execute(
            "INSERT INTO audit (at, action, case_number, actor, detail, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                at,
                action,
                case_number,
                actor,
                detail,
                prev,
                entry_hash(prev, at, action, case_number, actor, detail),
            ],
        )
        anchor = anchor_of(self.db)
        if anchor is not None:
            self.db.after_commit(lambda: anchor.sync(self.db))

    def entries(self, case_number: str | None = None, limit: int = 10_000) -> list[AuditEntry]:
        sql = "SELECT id, at, action, case_number, actor, detail, prev_hash, hash FROM audit"
        params: list[object] = []
        if case_number is not None:
            sql += " WHERE case_number = ?"
            params.append(case_number)
        sql += " ORDER BY id DESC LIMIT ?"
        params.append(limit)
        return [AuditEntry(*r) for r in self.db.execute(sql, params)]

    def verify(self) -> tuple[bool, str]:
        """Walk the chain from the first row (the first row that breaks it is named),
        then hold it against the anchor outside the file (entries cut off, a chain
        rewritten, work lost with cases.db-wal; see :mod:`.audit_anchor`)."""
        ok, message = self._verify_chain()
        anchor = anchor_of(self.db)
        if not ok or anchor is None:
            return ok, message if anchor else f"{message}; no anchor (opened without one)"
        return anchor.verify(self.db, message)

    def _verify_chain(self) -> tuple[bool, str]:
        prev = GENESIS
        count = 0
        for r in self.db.execute(
            "SELECT id, at, action, case_number, actor, detail, prev_hash, hash FROM audit "
            "ORDER BY id"
        ):
            e = AuditEntry(*r)
            if e.prev_hash != prev:
                return False, f"audit row {e.entry_id}: does not follow the row before it"
            expected = entry_hash(prev, e.at, e.action, e.case_number, e.actor, e.detail)
            if e.hash != expected:
                return False, f"audit row {e.entry_id}: its content was changed"
            prev = e.hash
            count += 1
        return True, f"audit chain intact ({count} entries)"
