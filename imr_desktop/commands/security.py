"""``imr-desktop audit …``, ``backup …``, ``passphrase …``, ``encrypt``: the audit
chain, backups, and the encryption of cases.db from the command line."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path

from imr_desktop import paths
from imr_desktop.database import StoreError

from .common import CommandError, open_workspace, passphrase_from, recovery_notice


def register(sub: argparse._SubParsersAction) -> None:
    audit = sub.add_parser("audit", help="the tamper-evident audit log")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    p = audit_sub.add_parser("verify", help="check the hash chain; exit 1 when broken")
    p.set_defaults(handler=audit_verify)
    p = audit_sub.add_parser(
        "acknowledge",
        help="record the losses reported at open (entries cut off, a lost cases.db-wal) "
        "in the audit log, so they are reported no more",
    )
    p.set_defaults(handler=audit_acknowledge)
    p = audit_sub.add_parser("list", help="audit entries, newest first")
    p.add_argument("case", nargs="?", help="only this case number")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--json", action="store_true", help="one JSON object per entry")
    p.set_defaults(handler=audit_list)

    backup = sub.add_parser("backup", help="backups of cases.db")
    backup_sub = backup.add_subparsers(dest="backup_command", metavar="ACTION", required=True)
    p = backup_sub.add_parser("list", help="backups, newest first")
    p.set_defaults(handler=backup_list)
    p = backup_sub.add_parser("now", help="make a backup now")
    p.set_defaults(handler=backup_now)
    p = backup_sub.add_parser(
        "restore", help="put a backup in place of cases.db (the current file is kept aside)"
    )
    p.add_argument("name", help="a name from `backup list`")
    p.set_defaults(handler=backup_restore)

    pp = sub.add_parser("passphrase", help="the passphrase of an encrypted cases.db")
    pp_sub = pp.add_subparsers(dest="passphrase_command", metavar="ACTION", required=True)
    p = pp_sub.add_parser("change", help="re-key cases.db under a new passphrase")
    p.add_argument("--new-passphrase-file", metavar="FILE", type=Path)
    p.set_defaults(handler=passphrase_change)
    p = pp_sub.add_parser("recover", help="set a new passphrase with the recovery key")
    p.add_argument("--recovery-key-file", metavar="FILE", type=Path)
    p.add_argument("--new-passphrase-file", metavar="FILE", type=Path)
    p.set_defaults(handler=passphrase_recover)

    p = sub.add_parser("encrypt", help="encrypt a plain cases.db (prints the recovery key)")
    p.add_argument("--new-passphrase-file", metavar="FILE", type=Path)
    p.set_defaults(handler=encrypt)


def refuse_if_window_open(folder: Path) -> None:
    """The window holds ``imr-desktop.lock`` (a QLockFile: PID on the first line);
    replacing or re-keying cases.db under it would lose its next save."""
    try:
        pid = int((folder / "imr-desktop.lock").read_text().split()[0])
        os.kill(pid, 0)
    except (OSError, ValueError, IndexError):
        return  # no lock, a stale one, or not ours to read
    raise CommandError(
        "IMR Desktop is open on this data folder; close it first (nothing was changed)"
    )


# --- audit -----------------------------------------------------------------------------


def audit_verify(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        ok, message = ws.cases.audit.verify()
    print(message)
    return 0 if ok else 1


def audit_acknowledge(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        done = ws.acknowledge_losses()
        ok, message = ws.cases.audit.verify()
    if not done:
        print("nothing to acknowledge")
    for problem in done:
        print(f"acknowledged in the audit log: {problem}")
    print(message)
    return 0 if ok else 1


def audit_list(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        entries = ws.cases.audit.entries(args.case, limit=args.limit)
    for e in entries:
        if args.json:
            print(
                json.dumps(
                    {
                        "id": e.entry_id,
                        "at": e.at,
                        "action": e.action,
                        "case_number": e.case_number,
                        "actor": e.actor,
                        "detail": e.detail,
                    }
                )
            )
        else:
            print(f"{e.entry_id:>6} {e.at} {e.action:<18} {e.case_number or '-':<14} {e.detail}")
    return 0


# --- backups ---------------------------------------------------------------------------


def backup_list(args: argparse.Namespace) -> int:
    from imr_desktop.security.backups import list_backups

    # Not through open_workspace: listing must work when cases.db does not open.
    infos = list_backups(paths.data_dir(args.data_dir))
    if not infos:
        print("no backups yet")
    for info in infos:
        print(f"{info.name}  {info.label()}")
    return 0


def backup_now(args: argparse.Namespace) -> int:
    from imr_desktop.security.backups import make_backup

    with open_workspace(args) as ws:
        info = make_backup(ws.cases.db, ws.data_dir, "manual", connect=ws.connect)
    print(f"wrote {info.name}")
    return 0


def backup_restore(args: argparse.Namespace) -> int:
    from imr_desktop.security.cases_file import restore_from_backup

    folder = paths.data_dir(args.data_dir)
    refuse_if_window_open(folder)
    try:
        moved = restore_from_backup(folder, args.name, passphrase_from(args))
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    except OSError as exc:
        raise CommandError(f"cannot restore: {exc.strerror}; nothing was changed") from exc
    print(f"restored {args.name}")
    if moved is not None:
        print(f"the file it replaced is kept as {moved.name}")
    return 0


# --- encryption ------------------------------------------------------------------------


def _new_passphrase(file: Path | None) -> str:
    from imr_desktop.security.crypto import (
        EncryptionError,
        passphrase_problem,
        passphrase_strength,
        read_passphrase_file,
    )

    try:
        if file is not None:
            value = read_passphrase_file(file)
        elif sys.stdin.isatty():
            value = getpass.getpass("New passphrase: ")
            if getpass.getpass("Same again: ") != value:
                raise CommandError("the two passphrases differ; nothing was changed")
        else:
            raise CommandError("give the new passphrase with --new-passphrase-file FILE")
    except EncryptionError as exc:
        raise CommandError(str(exc)) from exc
    problem = passphrase_problem(value)
    if problem:
        raise CommandError(f"passphrase refused: {problem}")
    print(f"passphrase strength: {passphrase_strength(value)[1]}", file=sys.stderr)
    return value


def passphrase_change(args: argparse.Namespace) -> int:
    from imr_desktop.security.key_change import change_passphrase

    refuse_if_window_open(paths.data_dir(args.data_dir))
    with open_workspace(args) as ws:
        if not ws.encrypted:
            raise CommandError("cases.db is not encrypted; run `imr-desktop encrypt` first")
        new = _new_passphrase(args.new_passphrase_file)
        # The new recovery key is printed before cases.db depends on it.
        change_passphrase(
            ws.cases,
            ws.data_dir,
            ws.connect,
            new,
            show_recovery_key=lambda code: print(
                recovery_notice(code, changed=True), file=sys.stderr
            ),
        )
    print("passphrase changed; cases.db, its backups and the records were re-keyed")
    return 0


def passphrase_recover(args: argparse.Namespace) -> int:
    from imr_desktop.security.crypto import read_passphrase_file
    from imr_desktop.security.key_change import recover

    folder = paths.data_dir(args.data_dir)
    try:
        if args.recovery_key_file is not None:
            code = read_passphrase_file(args.recovery_key_file)
        elif sys.stdin.isatty():
            code = getpass.getpass("Recovery key: ")
        else:
            raise CommandError("give the recovery key with --recovery-key-file FILE")
        new = _new_passphrase(args.new_passphrase_file)
        recover(folder, code, new)
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    os.environ.pop("IMR_DESKTOP_PASSPHRASE", None)
    print("a new passphrase is set; the recovery key stays the same")
    return 0


def encrypt(args: argparse.Namespace) -> int:
    from imr_desktop.security.cases_file import FolderState, folder_state
    from imr_desktop.security.key_change import encrypt_folder

    folder = paths.data_dir(args.data_dir)
    refuse_if_window_open(folder)
    if folder_state(folder) is not FolderState.PLAIN:
        raise CommandError("cases.db is already encrypted (or absent); nothing to do")
    new = _new_passphrase(args.new_passphrase_file)
    try:
        encrypt_folder(
            folder,
            new,
            show_recovery_key=lambda code: print(recovery_notice(code), file=sys.stderr),
        )
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    print("cases.db, its backups and the records are encrypted")
    return 0
