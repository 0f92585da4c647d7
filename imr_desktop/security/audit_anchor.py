"""The audit log's anchor outside cases.db, and the sessions that have it open.

A hash chain alone shows an edited row, but not a log cut short, emptied, or
rewritten with its hashes recomputed, nor a cases.db that lost its write-ahead log
(cases.db-wal) after a crash: each of those is a valid chain. ``cases.anchor``
records, after every committed audit entry, how many entries the log had and the
hash of the last one, and which sessions (processes) have the folder open. At open
and at ``audit verify`` the log must still contain that entry at that place:

- fewer entries, or another hash there: entries were cut off, rewritten, or lost
  with cases.db-wal ("lost");
- a session whose process is gone (it did not close) and no cases.db-wal: the work
  it saved since its last checkpoint is lost ("lost work").

The anchor is sealed with an HMAC under a subkey of the database key, so in an
encrypted folder neither it nor the chain can be rewritten to agree without the key.
A plain folder's anchor uses a fixed key: it catches accidents (a deleted WAL, an
old copy put back), not someone who can write both files. A loss stays reported
until it is acknowledged, which writes an audit entry naming it (the reviewer sees
it in the window; ``imr-desktop audit acknowledge``); a restored backup is such an
entry too. The anchor is written after the commit it describes (``after_commit``),
so it lags by at most the entries of a crash, never leads.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from imr_desktop.atomic import atomic_write_text

from .audit import GENESIS

if TYPE_CHECKING:
    from imr_desktop.database import Connector, Database

    from .crypto import DatabaseKey

log = logging.getLogger(__name__)

ANCHOR_FILE = "cases.anchor"
LOCK_FILE = "cases.anchor.lock"
FORMAT = "imr-desktop-anchor/1"
ANCHORED = "audit anchored"  # the first entry a folder's log gets with its anchor
KEEP_SESSIONS = 200  # closed sessions' rows kept (one per open: a command, a window)
_PLAIN_KEY = b"imr-desktop plain audit anchor"  # no secret: accidents only


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def mac_key(key: DatabaseKey | None) -> bytes:
    if key is None:
        return _PLAIN_KEY
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"imr-desktop audit anchor"
    ).derive(key.raw)


@dataclass
class AnchorState:
    entries: int = 0
    last_id: int = 0
    head: str = GENESIS
    last_at: str = ""  # when the anchored entry was written
    anchored: str = field(default_factory=_now)
    sessions: dict[str, dict] = field(default_factory=dict)
    unacknowledged: list[str] = field(default_factory=list)

    def body(self) -> dict:
        return {
            "format": FORMAT,
            "audit": {
                "entries": self.entries,
                "last_id": self.last_id,
                "head": self.head,
                "last_at": self.last_at,
            },
            "anchored": self.anchored,
            "sessions": self.sessions,
            "unacknowledged": self.unacknowledged,
        }


class AnchorDamaged(Exception):
    pass


def _canonical(body: dict) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, another user's
        return True
    try:  # a killed process not yet reaped (a zombie) is gone all the same
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


class AuditAnchor:
    """One folder's anchor, under one key (None: a plain folder). ``session``: this
    process holds the folder open as a session (the store that opened it), as
    opposed to a worker's extra connection."""

    def __init__(self, data_dir: Path, key: DatabaseKey | None, *, session: bool = False):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / ANCHOR_FILE
        self.key = key
        # 128 random bits (uuid4 has 122) without importing uuid, which imports platform
        self.session_id = secrets.token_hex(16) if session else None
        self._held = 0  # _locked() is re-entrant within one anchor

    @classmethod
    def for_connector(cls, data_dir: Path, connect: Connector) -> AuditAnchor:
        return cls(data_dir, getattr(connect, "key", None))

    # --- the file ------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Read-modify-write of the anchor by one process at a time (the window and
        a command may share a folder). Where fcntl is missing, unlocked."""
        if self._held:
            self._held += 1
            try:
                yield
            finally:
                self._held -= 1
            return
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            fcntl = None  # type: ignore[assignment]
        fd = os.open(self.data_dir / LOCK_FILE, os.O_CREAT | os.O_RDWR, 0o600)
        self._held = 1
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            self._held = 0
            os.close(fd)

    def read(self, key: DatabaseKey | None | bool = False) -> AnchorState | None:
        """The state, None when there is no anchor; AnchorDamaged when it does not
        parse or its MAC is not this folder's (``key``: another key to check with)."""
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, RecursionError) as exc:
            raise AnchorDamaged("cases.anchor cannot be read") from exc
        try:
            mac = doc.pop("mac")
            expected = hmac.new(
                mac_key(self.key if key is False else key),  # type: ignore[arg-type]
                _canonical(doc),
                hashlib.sha256,
            ).hexdigest()
            if doc.get("format") != FORMAT or not hmac.compare_digest(mac, expected):
                raise AnchorDamaged("cases.anchor does not match this folder's key")
            audit = doc["audit"]
            return AnchorState(
                entries=int(audit["entries"]),
                last_id=int(audit["last_id"]),
                head=str(audit["head"]),
                last_at=str(audit.get("last_at", "")),
                anchored=str(doc["anchored"]),
                sessions=dict(doc["sessions"]),
                unacknowledged=[str(p) for p in doc["unacknowledged"]],
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise AnchorDamaged("cases.anchor is damaged") from exc

    def write(self, state: AnchorState, key: DatabaseKey | None | bool = False) -> None:
        body = state.body()
        body["mac"] = hmac.new(
            mac_key(self.key if key is False else key),  # type: ignore[arg-type]
            _canonical(body),
            hashlib.sha256,
        ).hexdigest()
        # No fsync: after a power cut an older anchor only lags, which is allowed.
        atomic_write_text(self.path, json.dumps(body, indent=1) + "\n", durable=False)

    # --- the log against the anchor ------------------------------------------------------

    @staticmethod
    def _last(db: Database, last_id: int | None) -> tuple[str, str]:
        if last_id is None:
            return GENESIS, ""
        head, at = db.execute("SELECT hash, at FROM audit WHERE id = ?", [last_id]).fetchone()
        return str(head), str(at)

    def _set_tail(self, db: Database, state: AnchorState) -> None:
        count, last = db.execute("SELECT count(*), max(id) FROM audit").fetchone()
        state.entries, state.last_id = int(count), int(last or 0)
        state.head, state.last_at = self._last(db, last)

    @staticmethod
    def _holds(db: Database, state: AnchorState) -> bool:
        """Does the log still hold the anchored entry, at its place?"""
        if state.last_id == 0:
            return True
        row = db.execute("SELECT hash FROM audit WHERE id = ?", [state.last_id]).fetchone()
        return row is not None and row[0] == state.head

    def audit_problems(self, db: Database, state: AnchorState) -> list[str]:
        """What the log lacks against ``state`` (plus what is unacknowledged)."""
        problems = list(state.unacknowledged)
        if self._holds(db, state):
            return problems
        count = db.execute("SELECT count(*) FROM audit").fetchone()[0]
        row = db.execute("SELECT 1 FROM audit WHERE id = ?", [state.last_id]).fetchone()
        if row is not None:
            problems.append(
                f"audit row {state.last_id} is not the one recorded in cases.anchor: the "
                "log was rewritten (its hashes recomputed)"
            )
        else:
            when = (
                f", the last at {state.last_at[:19].replace('T', ' ')} UTC" if state.last_at else ""
            )
            problems.append(
                f"the audit log has {count} entries but {state.entries} were recorded (up to "
                f"row {state.last_id}{when}): entries were cut off, or lost with cases.db-wal "
                "after a crash"
            )
        return problems

    def verify(self, db: Database, chain: str) -> tuple[bool, str]:
        """For AuditLog.verify: the intact chain (``chain`` says so) held against the
        anchor."""
        try:
            state = self.read()
        except AnchorDamaged as exc:
            return False, f"{chain}, but {exc}"
        if state is None:
            return False, f"{chain}, but cases.anchor is missing"
        problems = self.audit_problems(db, state)
        if problems:
            return False, "; ".join(problems)
        return True, f"{chain}, as anchored in cases.anchor"

    def sync(self, db: Database) -> None:
        """Record the committed log's new entries, if it still holds the anchored one
        (a log that does not stays reported until acknowledged)."""
        try:
            with self._locked():
                state = self.read()
                if state is None or not self._holds(db, state):
                    return
                rows = db.execute(
                    "SELECT count(*), max(id) FROM audit WHERE id > ?", [state.last_id]
                ).fetchone()
                if not rows[0]:
                    return
                state.entries += int(rows[0])
                state.last_id = int(rows[1])
                state.head, state.last_at = self._last(db, state.last_id)
                self.write(state)
        except (AnchorDamaged, OSError) as exc:  # reported by open and verify
            log.warning("audit anchor not updated: %s", exc)

    def rebase(self, db: Database, state: AnchorState) -> None:
        """Anchor the log as it is now (after the entry that says why)."""
        self._set_tail(db, state)
        state.unacknowledged = []
        self.write(state)

    # --- sessions ------------------------------------------------------------------

    def open_session(self, db: Database, *, wal_missing: bool) -> tuple[list[str], bool]:
        """Join the folder's sessions; returns the problems found (a log that lost
        entries, a session that stopped without closing and whose cases.db-wal is
        gone) and whether the log must get its "audit anchored" entry."""
        with self._locked():
            try:
                state = self.read()
            except AnchorDamaged as exc:
                state = AnchorState(unacknowledged=[f"{exc}; it was made anew"])
                self._set_tail(db, state)
            new_anchor = state is None
            if state is None:
                state = AnchorState()
                self._set_tail(db, state)
                if db.execute("SELECT 1 FROM audit WHERE action = ?", [ANCHORED]).fetchone():
                    state.unacknowledged.append(
                        "cases.anchor was missing (deleted?): entries cut off before it "
                        "was made anew cannot be told"
                    )
            for sid, info in list(state.sessions.items()):
                if _alive(int(info.get("pid", 0))):
                    continue
                del state.sessions[sid]
                # Its row reached the main file unless the write-ahead log that held
                # it is gone (a clean close, even by SQLite alone, checkpoints it).
                reached = db.execute("SELECT 1 FROM sessions WHERE id = ?", [sid]).fetchone()
                if wal_missing and reached is None:
                    begun = str(info.get("opened", "?"))[:16].replace("T", " ")
                    state.unacknowledged.append(
                        "the write-ahead log (cases.db-wal) was deleted after IMR Desktop "
                        f"stopped without closing (a session begun {begun} UTC): what that "
                        "session saved is lost"
                    )
            if self.session_id is not None:
                opened = _now()
                db.execute(
                    "INSERT INTO sessions (id, opened_at) VALUES (?, ?)", [self.session_id, opened]
                )
                db.execute(
                    "DELETE FROM sessions WHERE closed_at IS NOT NULL AND id NOT IN "
                    "(SELECT id FROM sessions ORDER BY opened_at DESC LIMIT ?)",
                    [KEEP_SESSIONS],
                )
                state.sessions[self.session_id] = {"pid": os.getpid(), "opened": opened}
            problems = self.audit_problems(db, state)
            self.write(state)
        return problems, new_anchor

    def close_session(self, db: Database) -> None:
        """A clean stop: the session's row is marked closed (before the checkpoint that
        puts it in the main file) and it leaves the anchor."""
        if self.session_id is None:
            return
        try:
            db.execute("UPDATE sessions SET closed_at = ? WHERE id = ?", [_now(), self.session_id])
        except sqlite3.Error as exc:
            log.warning("session not marked closed: %s", type(exc).__name__)
        try:
            with self._locked():
                state = self.read()
                if state is not None and self.session_id in state.sessions:
                    del state.sessions[self.session_id]
                    self.write(state)
        except (AnchorDamaged, OSError) as exc:
            log.warning("session not closed in the anchor: %s", exc)
        self.session_id = None

    def acknowledge(self, db: Database, audit_append) -> list[str]:
        """Write each reported loss into the audit log and anchor the log as it is."""
        with self._locked():
            try:
                state = self.read() or AnchorState()
            except AnchorDamaged as exc:
                state = AnchorState(unacknowledged=[str(exc)])
            problems = self.audit_problems(db, state)
            with db.atomic():
                for problem in problems:
                    audit_append("loss acknowledged", None, problem[:500])
            self.rebase(db, state)
        return problems
