"""Rotating backups of ``cases.db`` in ``<data>/backups``.

Made with SQLite's online backup API into a file opened by the same ``connect``
function as the database, so an encrypted database backs up encrypted under the
same key. One is made before every schema upgrade and one a day at open; the
newest ``KEEP`` are kept. Restoring never deletes the file it replaces: that file
is moved aside beside it (``cases.db.replaced-<time>``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from imr_desktop.database import Connector, Database, StoreError, plain_connect

BACKUP_DIR = "backups"
KEEP = 10
DAILY = dt.timedelta(hours=24)
# cases-<YYYYmmddTHHMMSSffffffZ>-<reason>.db; the stamp read by groups (strptime
# would load the locale machinery at every start-up, for one fixed format).
_NAME = re.compile(r"^cases-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{6})Z-([a-z0-9-]+)\.db$")


class BackupError(StoreError):
    pass


@dataclass(frozen=True)
class BackupInfo:
    name: str
    path: Path
    created: dt.datetime  # UTC
    reason: str
    size: int

    def label(self) -> str:
        local = self.created.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        return f"{local} · {self.reason.replace('-', ' ')} · {self.size // 1024} KB"


def backups_dir(data_dir: Path) -> Path:
    return Path(data_dir) / BACKUP_DIR


def list_backups(data_dir: Path) -> list[BackupInfo]:
    """Backups in the folder, newest first."""
    folder = backups_dir(data_dir)
    out = []
    if folder.is_dir():
        for path in folder.iterdir():
            m = _NAME.match(path.name)
            if not m:
                continue
            try:
                year, month, day, hour, minute, second, micro = (int(g) for g in m.groups()[:7])
                created = dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=dt.UTC)
            except ValueError:  # month 13: not a name this app wrote
                continue
            out.append(BackupInfo(path.name, path, created, m.group(8), path.stat().st_size))
    out.sort(key=lambda b: b.created, reverse=True)
    return out


def find_backup(data_dir: Path, name: str) -> BackupInfo:
    for info in list_backups(data_dir):
        if info.name == name or info.name == f"{name}.db":
            return info
    raise BackupError(f"no backup named {name!r}; `imr-desktop backup list` shows them")


def make_backup(
    db: Database,
    data_dir: Path,
    reason: str,
    *,
    connect: Connector = plain_connect,
    keep: int = KEEP,
    now: dt.datetime | None = None,
) -> BackupInfo:
    """Copy the open database into a new backup file, then drop the oldest."""
    folder = backups_dir(data_dir)
    folder.mkdir(mode=0o700, exist_ok=True)
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    slug = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-") or "backup"
    target = folder / f"cases-{stamp}-{slug}.db"
    tmp = folder / f".{target.name}.tmp"
    tmp.unlink(missing_ok=True)
    os.close(os.open(tmp, os.O_CREAT | os.O_WRONLY, 0o600))
    try:
        dest = connect(tmp)
        try:
            db.conn.backup(dest)
        finally:
            dest.close()
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    rotate(data_dir, keep)
    info = next(b for b in list_backups(data_dir) if b.name == target.name)
    return info


def backup_if_due(
    db: Database,
    data_dir: Path,
    *,
    connect: Connector = plain_connect,
    now: dt.datetime | None = None,
) -> BackupInfo | None:
    """The daily backup: made when the newest backup is a day old (or there is none)."""
    now = now or dt.datetime.now(dt.UTC)
    existing = list_backups(data_dir)
    if existing and now - existing[0].created < DAILY:
        return None
    return make_backup(db, data_dir, "daily", connect=connect, now=now)


def rotate(data_dir: Path, keep: int = KEEP) -> None:
    for old in list_backups(data_dir)[keep:]:
        old.path.unlink(missing_ok=True)


def check_backup(path: Path, connect: Connector = plain_connect) -> str | None:
    """None when the file opens and passes ``quick_check``, else what is wrong."""
    try:
        conn = connect(path)
    except StoreError as exc:
        return str(exc)
    except sqlite3.DatabaseError as exc:
        return f"cannot be read ({exc})"
    try:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        return f"cannot be read ({exc})"
    finally:
        conn.close()
    return None if result == "ok" else f"failed its integrity check ({result[:80]})"


def newest_good_backup(data_dir: Path, connect: Connector = plain_connect) -> BackupInfo | None:
    for info in list_backups(data_dir):
        if check_backup(info.path, connect) is None:
            return info
    return None


def restore_backup(
    data_dir: Path, name: str, db_name: str, *, connect: Connector = plain_connect
) -> Path | None:
    """Put backup ``name`` in place of ``db_name``; the database must be closed.

    The backup is checked first; the file it replaces (with its WAL) is moved aside,
    never deleted. Returns where the replaced file went (None if there was none)."""
    info = find_backup(data_dir, name)
    problem = check_backup(info.path, connect)
    if problem:
        raise BackupError(f"backup {info.name} {problem}; nothing was changed")
    target = Path(data_dir) / db_name
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    moved: Path | None = None
    if target.exists():
        moved = target.with_name(f"{target.name}.replaced-{stamp}")
        os.replace(target, moved)
    for suffix in ("-wal", "-shm"):
        side = target.with_name(target.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(f"{target.name}.replaced-{stamp}{suffix}"))
    tmp = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(info.path, tmp)
    os.chmod(tmp, 0o600)
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, target)
    return moved
