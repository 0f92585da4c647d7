"""``cases.db`` as a file: plain or encrypted, opened with its checks and backups,
encrypted later, re-keyed, recovered.

The folder's state is read from the file itself (an encrypted file has no plain
SQLite header), never from a setting, so a half-finished change is detected.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from imr_desktop.cases.schema import CASES_MIGRATION_SETS
from imr_desktop.cases.store import CASES_DB, CaseStore
from imr_desktop.database import (
    Connector,
    CorruptDatabaseError,
    StoreError,
    open_database,
    plain_connect,
    unusable_folder,
)

from . import backups, crypto, key_change, throttle
from .audit import anchor_of, attach_anchor
from .audit_anchor import ANCHORED, AnchorDamaged, AnchorState, AuditAnchor
from .crypto import DatabaseKey, PassphraseRequiredError, SqlcipherConnector

log = logging.getLogger(__name__)


class FolderState(Enum):
    NEW = "new"
    PLAIN = "plain"
    ENCRYPTED = "encrypted"


def folder_state(data_dir: Path) -> FolderState:
    path = Path(data_dir) / CASES_DB
    if _emptied(Path(data_dir)):
        # A file cut to nothing where there was data: not a new folder.
        return FolderState.ENCRYPTED if crypto.has_key_file(data_dir) else FolderState.PLAIN
    if not path.exists() or path.stat().st_size == 0:
        return FolderState.NEW
    return FolderState.ENCRYPTED if crypto.is_encrypted(path) else FolderState.PLAIN


def _emptied(data_dir: Path) -> bool:
    path = data_dir / CASES_DB
    return (
        path.exists()
        and path.stat().st_size == 0
        and (crypto.has_key_file(data_dir) or bool(backups.list_backups(data_dir)))
    )


class DamagedCasesError(CorruptDatabaseError):
    """cases.db does not pass its checks; names the newest backup that does."""

    def __init__(self, detail: str, good_backup: backups.BackupInfo | None) -> None:
        message = "cases.db is damaged: it did not pass its check at open. It has not been changed"
        if good_backup is not None:
            message += (
                f". The newest good backup is from {good_backup.label()} ({good_backup.name}): "
                f"restore it from the window or with `imr-desktop backup restore "
                f"{good_backup.name}`."
            )
        else:
            message += ". No good backup was found."
        # SQLite's own words last, shortened: they help support, not the reviewer.
        message += f"\n\nDetails: {' '.join(detail.split())[:200]}"
        super().__init__(message)
        self.good_backup = good_backup


@dataclass
class OpenedCases:
    store: CaseStore
    connect: Connector
    encrypted: bool
    recovery_code: str | None = None  # only right after encryption was set up: show once
    # Losses found at open, reported until acknowledged (see audit_anchor).
    problems: list[str] = field(default_factory=list)


def connector_for(data_dir: Path, passphrase: str | None) -> tuple[Connector, str | None]:
    """How to open this folder's cases.db (and its backups), and what to audit about
    wrong passphrases typed before this one (see :mod:`.throttle`)."""
    if folder_state(data_dir) is FolderState.ENCRYPTED:
        if not crypto.has_key_file(data_dir):
            raise CorruptDatabaseError(
                "cases.db is not a readable SQLite database and has no cases.key beside it: "
                "it is damaged, or encrypted and its key file was lost. It has not been "
                "changed. Restore a backup (imr-desktop backup list) or unlock it with the "
                "recovery key (imr-desktop passphrase recover)."
            )
        if passphrase is None:
            raise PassphraseRequiredError(
                "cases.db is encrypted: give the passphrase (IMR_DESKTOP_PASSPHRASE or "
                "--passphrase-file FILE)"
            )
        accept = key_change.accepts(data_dir)
        try:
            key = throttle.attempt(
                data_dir,
                lambda: crypto.unlock(
                    data_dir, Path(data_dir) / CASES_DB, passphrase, accept=accept
                ),
            )
        except crypto.EncryptionError as exc:
            log.warning("unlock refused (%s)", exc.__class__.__name__)
            raise
        log.info("cases.db unlocked")
        return SqlcipherConnector(key), throttle.UnlockThrottle(data_dir).succeeded()
    return plain_connect, None


NEW_FOLDER_NEEDS_A_CHOICE = (
    "This data folder holds no cases.db yet, and a new one is encrypted: give the "
    "passphrase to protect it with (IMR_DESKTOP_PASSPHRASE or --passphrase-file FILE). "
    "For a demo or test folder, --no-encryption creates it unencrypted."
)


def open_cases(
    data_dir: Path,
    passphrase: str | None = None,
    *,
    key: DatabaseKey | None = None,
    backup: bool = True,
    no_encryption: bool = False,
    on_recovery_key: Callable[[str], None] | None = None,
) -> OpenedCases:
    """Open cases.db: unlock it, check it, back it up before an upgrade and daily.

    A new folder is encrypted under ``passphrase``; its recovery key goes to
    ``on_recovery_key`` before anything is written that depends on it. Without a
    passphrase a new folder is refused unless ``no_encryption`` says plainly that it
    is a demo or test folder (audited). A plain folder stays plain (encrypting is an
    explicit step, :func:`encrypt_folder`). A folder that cannot be written (read-only,
    full) is said to be so, never called damaged."""
    try:
        return _open_cases(Path(data_dir), passphrase, key, backup, no_encryption, on_recovery_key)
    except (OSError, sqlite3.Error) as exc:
        raise unusable_folder(Path(data_dir), "open cases.db", exc) from exc


def _open_cases(
    data_dir: Path,
    passphrase: str | None,
    key: DatabaseKey | None,
    backup: bool,
    no_encryption: bool,
    on_recovery_key: Callable[[str], None] | None,
) -> OpenedCases:
    state = folder_state(data_dir)
    if state is FolderState.NEW and passphrase is not None and no_encryption:
        raise crypto.EncryptionError(
            "give either a passphrase or --no-encryption for a new data folder, not both"
        )
    if state is FolderState.NEW and passphrase is None and not no_encryption:
        raise PassphraseRequiredError(NEW_FOLDER_NEEDS_A_CHOICE)
    if _emptied(data_dir):
        connect_backups: Connector = plain_connect
        if key is not None:
            connect_backups = SqlcipherConnector(key)
        elif passphrase is not None and crypto.has_key_file(data_dir):
            text = (data_dir / crypto.KEY_FILE).read_text(encoding="utf-8")
            connect_backups = SqlcipherConnector(
                throttle.attempt(data_dir, lambda: crypto.unwrap_key(text, passphrase))
            )
        raise DamagedCasesError(
            "cases.db is empty (0 bytes)",
            backups.newest_good_backup(data_dir, connect_backups),
        )
    recovery = None
    failed_unlocks: str | None = None
    if state is FolderState.ENCRYPTED and key is not None:
        accept = key_change.accepts(data_dir)
        if not (accept and accept(key)):
            crypto.sqlcipher_open(data_dir / CASES_DB, key).close()
        connect: Connector = SqlcipherConnector(key)
    elif state is FolderState.NEW and passphrase is not None:
        problem = crypto.passphrase_problem(passphrase)
        if problem:
            raise crypto.EncryptionError(f"passphrase refused: {problem}")
        new_key = DatabaseKey.generate()
        recovery = new_key.recovery_code()
        if on_recovery_key is not None:
            on_recovery_key(recovery)  # shown before anything depends on it
        (data_dir / CASES_DB).unlink(missing_ok=True)  # an empty file left by a crash
        crypto.write_key_file(data_dir, new_key, passphrase)
        connect = SqlcipherConnector(new_key)
    elif state is FolderState.NEW:
        connect = plain_connect  # no_encryption, said explicitly
    else:
        connect, failed_unlocks = connector_for(data_dir, passphrase)

    def before_upgrade(db) -> None:
        try:
            backups.make_backup(db, data_dir, "before-upgrade", connect=connect)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"cases.db needs an upgrade, and the backup that comes first could not be "
                f"made ({exc}); nothing was changed. Free some space or make the data "
                "folder writable."
            ) from exc

    finished = None
    if isinstance(connect, SqlcipherConnector):  # an interrupted key change, finished
        finished = key_change.finish_key_change(data_dir, connect.key)
    # Looked at before SQLite opens the file (opening makes an empty one).
    wal_missing = not (data_dir / f"{CASES_DB}-wal").exists()
    try:
        db = open_database(
            data_dir / CASES_DB,
            CASES_MIGRATION_SETS,
            connect=connect,
            check_integrity=True,
            before_migrate=before_upgrade if backup else None,
        )
    except CorruptDatabaseError as exc:
        raise DamagedCasesError(str(exc), backups.newest_good_backup(data_dir, connect)) from exc
    db_key = connect.key if isinstance(connect, SqlcipherConnector) else None
    encrypted = db_key is not None
    anchor = AuditAnchor(data_dir, db_key, session=True)
    problems, new_anchor = anchor.open_session(db, wal_missing=wal_missing)
    attach_anchor(db, anchor)
    for problem in problems:
        log.warning("cases.db lost entries or work: %s", problem)
    if backup and state is not FolderState.NEW:
        try:
            backups.backup_if_due(db, data_dir, connect=connect)
        except (OSError, sqlite3.Error) as exc:  # a full or read-only disk must not stop work
            log.warning("daily backup skipped: %s", exc.__class__.__name__)
    key_change.use_record_key(db_key)
    store = CaseStore(db)
    if new_anchor:
        with db.atomic():
            store.audit.append(ANCHORED, None, "the log is anchored in cases.anchor from here on")
    if state is FolderState.NEW and not encrypted:
        with db.atomic():
            store.audit.append("created without encryption", None, "--no-encryption")
    if failed_unlocks:  # typed before the key was known; recorded now, in order
        with db.atomic():
            store.audit.append("failed unlock", None, failed_unlocks)
    if finished:
        with db.atomic():
            store.audit.append("passphrase changed", None, finished)
    return OpenedCases(store, connect, encrypted, recovery_code=recovery, problems=problems)


def acknowledge_losses(store: CaseStore) -> list[str]:
    """Write each reported loss (entries cut off, work lost with cases.db-wal) into the
    audit log and anchor the log as it is; returns what was acknowledged."""
    anchor = anchor_of(store.db)
    if anchor is None:
        return []
    return anchor.acknowledge(store.db, store.audit.append)


def restore_from_backup(
    data_dir: Path, name: str, passphrase: str | None, *, key: DatabaseKey | None = None
) -> Path | None:
    """Put a backup in place of cases.db without opening cases.db (it may be the
    damaged file). An encrypted backup needs the passphrase; the key comes from
    cases.key alone. Returns where the replaced file was moved."""
    data_dir = Path(data_dir)
    info = backups.find_backup(data_dir, name)
    if key_change.read_journal(data_dir) is not None:
        raise crypto.EncryptionError(
            "a passphrase change is unfinished: open the folder once (it finishes it), "
            "then restore; nothing was changed"
        )
    connect: Connector = plain_connect
    if crypto.is_encrypted(info.path) and key is not None:
        connect = SqlcipherConnector(key)
    elif crypto.is_encrypted(info.path):
        if passphrase is None:
            raise PassphraseRequiredError("the backup is encrypted: give the passphrase")
        key_file = data_dir / crypto.KEY_FILE
        try:
            text = key_file.read_text(encoding="utf-8")
        except OSError:
            raise crypto.EncryptionError(
                f"{crypto.KEY_FILE} is missing; cannot open the backup"
            ) from None
        connect = SqlcipherConnector(
            throttle.attempt(data_dir, lambda: crypto.unwrap_key(text, passphrase))
        )
    anchor = AuditAnchor.for_connector(data_dir, connect)
    try:
        before = anchor.read()
    except AnchorDamaged:
        before = None
    moved = backups.restore_backup(data_dir, info.name, CASES_DB, connect=connect)
    log.info("backup restored (%s)", info.reason)
    restored = CaseStore(open_database(data_dir / CASES_DB, CASES_MIGRATION_SETS, connect=connect))
    attach_anchor(restored.db, anchor)
    try:
        # The restore is itself an entry, after the restored chain: the log says it
        # went back, and from how far.
        entries = restored.db.execute("SELECT count(*) FROM audit").fetchone()[0]
        detail = f"{info.name}: the audit log goes back to {entries} entries"
        if before is not None:
            detail += f" from {before.entries} (to row {before.last_id})"
        if moved is not None:
            detail += f"; the replaced file is kept as {moved.name}"
        with restored.db.atomic():
            restored.audit.append("restored backup", None, detail)
        anchor.rebase(restored.db, before or AnchorState())
    finally:
        restored.close()
    return moved
