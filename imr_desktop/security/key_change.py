"""Changing the key of a data folder, recoverably at every step: a passphrase change
(a new random key: the old recovery key stops working), encrypting a plain folder,
and recovering with the recovery key.

Why a journal: the record PDFs, the backups and the files a restore moved aside are
sealed under the database key, and re-keying them cannot be one atomic step with
re-keying cases.db. ``cases.rekey`` is written first; it holds the new key sealed
under the old one and the old key sealed under the new one (AES-GCM under HKDF
subkeys; a plain folder being encrypted has no old key). Whoever holds either key
(either passphrase, either recovery key) can therefore finish the change, and
opening the folder does: every file is moved to the key that was used to open it.
The old passphrase undoes an interrupted change, the new one completes it; once the
new key file has replaced ``cases.key`` the change can only complete. Only then is
the journal deleted. Record files were not given a key of their own that a change
leaves alone: the old recovery key would then still open every record, which a
passphrase change must end.

Files that cannot be re-keyed (a damaged backup, a damaged ``cases.db.replaced-*``,
a plain one left from before encryption) are sealed whole under the new key as
``<name>.sealed`` instead of staying readable with the old key or in the clear.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import logging
import os
import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from imr_desktop.atomic import atomic_write_bytes, atomic_write_text
from imr_desktop.cases.store import CASES_DB
from imr_desktop.database import CorruptDatabaseError

from . import backups, crypto
from .audit import anchor_of, attach_anchor
from .audit_anchor import AnchorDamaged, AuditAnchor
from .crypto import DatabaseKey, EncryptionError, SqlcipherConnector

if TYPE_CHECKING:
    from imr_desktop.cases.store import CaseStore
    from imr_desktop.database import Connector

log = logging.getLogger(__name__)

JOURNAL_FILE = "cases.rekey"
JOURNAL_FORMAT = "imr-desktop-rekey/1"
SEALED_SUFFIX = ".sealed"
REPLACED_PREFIX = f"{CASES_DB}.replaced-"


def _step(name: str) -> None:
    """A point between two steps of a key change: tests stop a change here, as a
    killed process would (and the crash bench kills real ones anywhere)."""


def key_id(key: DatabaseKey) -> str:
    """A short name for a key that reveals nothing of it (HKDF output)."""
    return _subkey(key, b"imr-desktop key id")[:8].hex()


def _subkey(key: DatabaseKey, info: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(key.raw)


def _seal_key(under: DatabaseKey, key: DatabaseKey) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_subkey(under, b"imr-desktop rekey journal")).encrypt(
        nonce, key.raw, JOURNAL_FORMAT.encode()
    )
    return base64.b64encode(nonce + sealed).decode("ascii")


def _open_key(under: DatabaseKey, text: str) -> DatabaseKey:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    data = base64.b64decode(text, validate=True)
    raw = AESGCM(_subkey(under, b"imr-desktop rekey journal")).decrypt(
        data[:12], data[12:], JOURNAL_FORMAT.encode()
    )
    return DatabaseKey(raw)


@dataclass(frozen=True)
class KeyChange:
    """The journal of an unfinished change (``old_id`` None: a plain folder)."""

    old_id: str | None
    new_id: str
    new_under_old: str | None
    old_under_new: str | None
    key_file_sha256: str  # of cases.key.new: once cases.key is that, only forward

    def keys(self, held: DatabaseKey) -> tuple[DatabaseKey | None, DatabaseKey] | None:
        """(old, new) from the key held, or None when it is neither."""
        held_id = key_id(held)
        try:
            if held_id == self.new_id:
                old = _open_key(held, self.old_under_new) if self.old_under_new else None
                return old, held
            if held_id == self.old_id and self.new_under_old:
                return held, _open_key(held, self.new_under_old)
        except Exception:  # a tampered journal: as if the key were not part of it
            return None
        return None


def read_journal(data_dir: Path) -> KeyChange | None:
    path = Path(data_dir) / JOURNAL_FILE
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, RecursionError):
        doc = None
    try:
        assert isinstance(doc, dict) and doc.get("format") == JOURNAL_FORMAT
        return KeyChange(
            doc.get("old_id"),
            str(doc["new_id"]),
            doc.get("new_under_old"),
            doc.get("old_under_new"),
            str(doc["key_file_sha256"]),
        )
    except (AssertionError, KeyError, TypeError):
        raise EncryptionError(
            f"{JOURNAL_FILE} (an unfinished passphrase change) is damaged; open the folder "
            "with the recovery key"
        ) from None


def _sha256_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _write_journal(
    data_dir: Path, old: DatabaseKey | None, new: DatabaseKey, new_key_file: Path
) -> None:
    doc = {
        "format": JOURNAL_FORMAT,
        "old_id": key_id(old) if old else None,
        "new_id": key_id(new),
        "new_under_old": _seal_key(old, new) if old else None,
        "old_under_new": _seal_key(new, old) if old else None,
        "key_file_sha256": _sha256_of(new_key_file),
    }
    atomic_write_text(Path(data_dir) / JOURNAL_FILE, json.dumps(doc, indent=1) + "\n")


def accepts(data_dir: Path) -> Callable[[DatabaseKey], bool] | None:
    """For unlocking: which keys count although cases.db does not open with them yet
    (either side of an unfinished change); None when no change is unfinished."""
    journal = read_journal(data_dir)
    if journal is None:
        return None
    return lambda key: journal.keys(key) is not None


def use_record_key(key: DatabaseKey | None) -> None:
    """Attached case-file PDFs are sealed with the database key when it is encrypted."""
    from imr_desktop.records.files import RecordCodec, set_record_codec

    if key is None:
        set_record_codec(None)
    else:
        seal, open_ = crypto.file_sealer(key)
        set_record_codec(RecordCodec(seal=seal, open=open_))


# --- moving every file to one key -------------------------------------------------------


def _opens(path: Path, key: DatabaseKey) -> bool:
    try:
        crypto.sqlcipher_open(path, key).close()
    except (crypto.WrongPassphraseError, sqlite3.Error):
        return False
    return True


def seal_whole(path: Path, key: DatabaseKey) -> Path:
    """``path`` (and its -wal, -shm) sealed as ``<name>.sealed`` under ``key``; the
    readable files go. For a database file that cannot be re-keyed."""
    seal, _ = crypto.file_sealer(key)
    target = path.with_name(path.name + SEALED_SUFFIX)
    for suffix in ("", "-wal", "-shm"):
        part = path.with_name(path.name + suffix)
        if part.exists():
            sealed = part.with_name(part.name + SEALED_SUFFIX)
            atomic_write_bytes(sealed, seal(part.read_bytes()))
            part.unlink()
    return target


def rekey_or_seal(path: Path, sources: list[DatabaseKey | None], target: DatabaseKey) -> str:
    """Bring one database file (a backup, a moved-aside cases.db) under ``target``:
    "kept" (already), "re-keyed", "encrypted" (it was plain) or "sealed"."""
    if crypto.is_encrypted(path) and _opens(path, target):
        return "kept"
    for source in sources:
        try:
            if source is None and not crypto.is_encrypted(path):
                staging = path.with_name(path.name + ".encrypting")
                crypto.encrypt_plain_file(path, staging, target)
                os.replace(staging, path)
                for suffix in ("-wal", "-shm"):
                    path.with_name(path.name + suffix).unlink(missing_ok=True)
                return "encrypted"
            if source is not None and _opens(path, source):
                crypto.rekey_file(path, source, target)
                return "re-keyed"
        except (EncryptionError, sqlite3.Error, OSError) as exc:
            log.warning("%s not re-keyed (%s); sealed", path.name, type(exc).__name__)
            break
    seal_whole(path, target)
    return "sealed"


def leftovers(data_dir: Path) -> list[Path]:
    """Files a restore moved aside (``cases.db.replaced-<time>``), their -wal/-shm
    travelling with them."""
    return sorted(
        p
        for p in Path(data_dir).glob(f"{REPLACED_PREFIX}*")
        if p.is_file() and not p.name.endswith(("-wal", "-shm", SEALED_SUFFIX))
    )


def _reseal_records(data_dir: Path, sources: list[DatabaseKey | None], target: DatabaseKey):
    from imr_desktop.records.files import RECORDS_DIR

    seal, open_target = crypto.file_sealer(target)
    openers = [crypto.file_sealer(k)[1] for k in sources if k is not None]
    for path in sorted((Path(data_dir) / RECORDS_DIR).glob("*/*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        data = path.read_bytes()
        if not data.startswith(crypto.RECORD_MAGIC):
            atomic_write_bytes(path, seal(data))  # attached before encryption
            continue
        with contextlib.suppress(Exception):
            open_target(data)
            continue  # already under the target
        for open_ in openers:
            try:
                plain = open_(data)
            except Exception:
                continue
            atomic_write_bytes(path, seal(plain))
            _step("a record file moved")
            break
        else:
            log.warning("record file %s opens with no key of this change", path.name)


def _move_anchor(data_dir: Path, sources: list[DatabaseKey | None], target: DatabaseKey):
    anchor = AuditAnchor(data_dir, target)
    for key in [target, *sources]:
        try:
            state = anchor.read(key)
        except AnchorDamaged:
            continue
        if state is not None:
            anchor.write(state)
        return


def move_files_to(data_dir: Path, target: DatabaseKey, sources: list[DatabaseKey | None]):
    """Everything sealed under a key beside cases.db, brought under ``target``."""
    for info in backups.list_backups(data_dir):
        rekey_or_seal(info.path, sources, target)
        _step("a backup moved")
    for path in leftovers(data_dir):
        rekey_or_seal(path, sources, target)
        _step("a moved-aside file moved")
    _reseal_records(data_dir, sources, target)
    _move_anchor(data_dir, sources, target)
    _step("the anchor moved")


def finish_key_change(data_dir: Path, held: DatabaseKey) -> str | None:
    """Finish an interrupted change toward the key that opened the folder (or
    forward, once the new key file is in place). Returns what happened, for the
    audit log; None when no change was unfinished."""
    data_dir = Path(data_dir)
    journal = read_journal(data_dir)
    if journal is None:
        return None
    pair = journal.keys(held)
    if pair is None:
        raise EncryptionError(
            "an unfinished passphrase change does not know this key; open the folder with "
            "the old or the new passphrase (or recovery key)"
        )
    old, new = pair
    pending = data_dir / crypto.PENDING_KEY_FILE
    promoted = _sha256_of(data_dir / crypto.KEY_FILE) == journal.key_file_sha256
    forward = key_id(held) == journal.new_id or old is None or promoted
    target, source = (new, old) if forward else (old, new)
    assert target is not None
    db_path = data_dir / CASES_DB
    if not _opens(db_path, target):
        if source is None or not _opens(db_path, source):
            raise CorruptDatabaseError(
                "cases.db opens with neither key of the unfinished passphrase change; it "
                "has not been changed. Restore a backup."
            )
        crypto.rekey_file(db_path, source, target)
    move_files_to(data_dir, target, [source])
    if forward:
        if pending.exists():
            os.replace(pending, data_dir / crypto.KEY_FILE)
    else:
        pending.unlink(missing_ok=True)
    (data_dir / JOURNAL_FILE).unlink()
    use_record_key(target)
    what = "finished" if forward else "undone (the old passphrase and recovery key stay)"
    log.info("an interrupted key change was %s", what.split()[0])
    return f"the interrupted passphrase change was {what}"


# --- the changes ---------------------------------------------------------------------------


def change_passphrase(
    store: CaseStore,
    data_dir: Path,
    connect: Connector,
    new: str,
    *,
    show_recovery_key: Callable[[str], None] | None = None,
) -> str:
    """Re-key the open database and everything sealed beside it under a new random
    key sealed by ``new``; returns the new recovery code, which goes to
    ``show_recovery_key`` before anything depends on it. ``connect`` is updated in
    place. Interrupted at any point, the next open finishes or undoes it."""
    if not isinstance(connect, SqlcipherConnector):
        raise EncryptionError("cases.db is not encrypted; encrypt it first")
    problem = crypto.passphrase_problem(new)
    if problem:
        raise EncryptionError(f"passphrase refused: {problem}")
    data_dir = Path(data_dir)
    old_key, new_key = connect.key, DatabaseKey.generate()
    pending = data_dir / crypto.PENDING_KEY_FILE
    try:
        # The new key file is of no use until the journal names it...
        crypto.write_key_file(data_dir, new_key, new, pending=True)
        _step("new key file written")
        code = new_key.recovery_code()
        if show_recovery_key is not None:
            show_recovery_key(code)  # ...and the journal comes after the recovery key
        _step("recovery key shown")
        _write_journal(data_dir, old_key, new_key, pending)
        _step("journal written")
    except Exception:  # not changed after all (a killed process is finished at open)
        pending.unlink(missing_ok=True)
        (data_dir / JOURNAL_FILE).unlink(missing_ok=True)
        raise
    crypto.rekey_connection(store.db.conn, new_key)  # from here the change completes
    _step("cases.db re-keyed")
    connect.key = new_key
    anchor = anchor_of(store.db)
    if anchor is not None:
        anchor.key = new_key
    try:
        move_files_to(data_dir, new_key, [old_key])
        os.replace(pending, data_dir / crypto.KEY_FILE)
        _step("new key file in place")
        (data_dir / JOURNAL_FILE).unlink()
    except OSError as exc:
        raise EncryptionError(
            f"cases.db is re-keyed, but the files beside it were not all moved to the new "
            f"key ({exc.strerror}); opening the folder with the new passphrase finishes it"
        ) from exc
    finally:
        use_record_key(new_key)
    with store.db.atomic():
        store.audit.append("passphrase changed", None, "re-keyed; a new recovery key")
    return code


def encrypt_folder(
    data_dir: Path, passphrase: str, *, show_recovery_key: Callable[[str], None] | None = None
) -> str:
    """Encrypt a plain cases.db (closed), its backups, moved-aside files and record
    PDFs; returns the recovery code (given to ``show_recovery_key`` first).

    The encrypted copy is written and checked beside the plain file, the journal and
    the key file are written, then the copy is renamed over the plain file; the next
    open finishes what a crash left (files still plain are encrypted then)."""
    from imr_desktop.database import plain_connect

    data_dir = Path(data_dir)
    path = data_dir / CASES_DB
    if not path.exists() or crypto.is_encrypted(path):
        raise EncryptionError("cases.db is not a plain database; nothing to encrypt")
    problem = crypto.passphrase_problem(passphrase)
    if problem:
        raise EncryptionError(f"passphrase refused: {problem}")
    conn = plain_connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise CorruptDatabaseError("cases.db failed its integrity check; it was not encrypted")
    finally:
        conn.close()
    key = DatabaseKey.generate()
    code = key.recovery_code()
    if show_recovery_key is not None:
        show_recovery_key(code)
    staging = path.with_name(CASES_DB + ".encrypting")
    crypto.encrypt_plain_file(path, staging, key)
    key_file = crypto.write_key_file(data_dir, key, passphrase)
    _write_journal(data_dir, None, key, key_file)
    for suffix in ("-wal", "-shm"):
        path.with_name(CASES_DB + suffix).unlink(missing_ok=True)
    os.replace(staging, path)  # from here the folder is encrypted
    move_files_to(data_dir, key, [None])
    (data_dir / JOURNAL_FILE).unlink()
    log.info("cases.db encrypted")
    return code


def recover(data_dir: Path, recovery_code: str, new_passphrase: str) -> DatabaseKey:
    """A forgotten passphrase: the recovery code is the database key; seal it under a
    new passphrase (the recovery code stays valid), audited. Returns the key."""
    from imr_desktop.cases.schema import CASES_MIGRATION_SETS
    from imr_desktop.cases.store import CaseStore
    from imr_desktop.database import open_database

    problem = crypto.passphrase_problem(new_passphrase)
    if problem:
        raise EncryptionError(f"passphrase refused: {problem}")
    data_dir = Path(data_dir)
    key = DatabaseKey.from_recovery_code(recovery_code)
    accept = accepts(data_dir)
    if not _opens(data_dir / CASES_DB, key) and not (accept and accept(key)):
        crypto.sqlcipher_open(data_dir / CASES_DB, key).close()  # says why
    finished = finish_key_change(data_dir, key)
    if finished and not _opens(data_dir / CASES_DB, key):  # an undone change kept the other
        raise EncryptionError(f"{finished}; use the recovery key shown with the new passphrase")
    crypto.write_key_file(data_dir, key, new_passphrase)
    (data_dir / crypto.PENDING_KEY_FILE).unlink(missing_ok=True)
    store = CaseStore(
        open_database(data_dir / CASES_DB, CASES_MIGRATION_SETS, connect=SqlcipherConnector(key))
    )
    anchor = AuditAnchor(data_dir, key)
    attach_anchor(store.db, anchor)
    try:
        with store.db.atomic():
            if finished:
                store.audit.append("passphrase changed", None, finished)
            store.audit.append("passphrase recovered", None, "a new passphrase set")
    finally:
        store.close()
    return key
