"""Backups, integrity at open, restore; the audit, backup and passphrase commands."""

from __future__ import annotations

import datetime as dt

import pytest

from imr_desktop.database import CorruptDatabaseError
from imr_desktop.security import backups, crypto
from imr_desktop.workspace import Workspace
from tests.cli_helpers import run
from tests.security_helpers import PASSPHRASE, encrypt

pytestmark = pytest.mark.usefixtures("fast_scrypt")


def corrupt(path):
    data = bytearray(path.read_bytes())
    data[4096 : 4096 * 3] = b"\xff" * (4096 * 2)  # pages 2-3: b-tree pages garbage
    path.write_bytes(bytes(data))
    return bytes(data)


def test_daily_backup_at_open_and_rotation(data_dir):
    ws = Workspace.open(data_dir)
    first = backups.list_backups(data_dir)
    assert [b.reason for b in first] == ["daily"]
    assert first[0].path.stat().st_mode & 0o777 == 0o600
    assert backups.backup_if_due(ws.cases.db, data_dir) is None  # not a day old yet
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=1, minutes=1)
    assert backups.backup_if_due(ws.cases.db, data_dir, now=later) is not None
    for n in range(backups.KEEP + 3):
        backups.make_backup(
            ws.cases.db, data_dir, "manual", now=later + dt.timedelta(seconds=n + 1)
        )
    ws.close()
    kept = backups.list_backups(data_dir)
    assert len(kept) == backups.KEEP
    assert all(b.reason == "manual" for b in kept)


def test_backup_before_every_migration(tmp_path):
    import sqlite_utils

    from imr_desktop.cases.schema import cases_migrations

    db = sqlite_utils.Database(tmp_path / "cases.db")
    cases_migrations.apply(db, stop_before="m002_finalisation")
    db.close()
    ws = Workspace.open(tmp_path, seed_demo=False)
    ws.close()
    reasons = [b.reason for b in backups.list_backups(tmp_path)]
    assert "before-upgrade" in reasons
    upgrade = next(b for b in backups.list_backups(tmp_path) if b.reason == "before-upgrade")
    old = sqlite_utils.Database(upgrade.path)
    assert [m.name for m in cases_migrations.applied(old)] == ["m001_initial"]


def test_encrypted_database_backs_up_encrypted(encrypted_dir):
    folder, code = encrypted_dir
    ws = Workspace.open(folder, passphrase=PASSPHRASE)
    info = backups.make_backup(ws.cases.db, folder, "manual", connect=ws.connect)
    ws.close()
    raw = info.path.read_bytes()
    assert crypto.is_encrypted(info.path) and b"CM16-0000101" not in raw
    key = crypto.DatabaseKey.from_recovery_code(code)
    assert backups.check_backup(info.path, crypto.SqlcipherConnector(key)) is None
    assert backups.check_backup(info.path) is not None  # no key, no reading


def test_corrupt_file_is_never_overwritten_and_newest_good_backup_restores(data_dir, capsys):
    ws = Workspace.open(data_dir)  # makes the daily backup
    ws.close()
    damaged = corrupt(data_dir / "cases.db")
    with pytest.raises(CorruptDatabaseError, match="has not been changed|not been changed"):
        Workspace.open(data_dir)
    assert (data_dir / "cases.db").read_bytes() == damaged
    good = backups.newest_good_backup(data_dir)
    assert good is not None
    code, out, err = run(capsys, "--data-dir", str(data_dir), "cases", "list")
    assert code == 2 and good.name in err and "backup restore" in err
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "backup", "list")
    assert code == 0 and good.name in out
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "backup", "restore", good.name)
    assert code == 0, out
    kept = [p for p in data_dir.iterdir() if p.name.startswith("cases.db.replaced-")]
    assert any(p.read_bytes() == damaged for p in kept)
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "cases", "list")
    assert code == 0 and "CM16-0000103" in out
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "audit", "list")
    assert "restored backup" in out


def test_a_damaged_backup_is_refused(data_dir, capsys):
    ws = Workspace.open(data_dir)
    info = backups.make_backup(ws.cases.db, data_dir, "manual")
    ws.close()
    corrupt(info.path)
    before = (data_dir / "cases.db").read_bytes()
    code, _, err = run(capsys, "--data-dir", str(data_dir), "backup", "restore", info.name)
    assert code == 2 and "nothing was changed" in err
    assert (data_dir / "cases.db").read_bytes() == before
    code, _, err = run(capsys, "--data-dir", str(data_dir), "backup", "restore", "nope")
    assert code == 2 and "no backup named" in err


def test_restore_encrypted_backup_from_cli(encrypted_dir, capsys, monkeypatch):
    folder, _ = encrypted_dir
    monkeypatch.setenv("IMR_DESKTOP_PASSPHRASE", PASSPHRASE)
    code, out, _ = run(capsys, "--data-dir", str(folder), "backup", "now")
    assert code == 0
    name = out.split()[-1]
    corrupt(folder / "cases.db")
    code, out, err = run(capsys, "--data-dir", str(folder), "backup", "restore", name)
    assert code == 0, err
    code, out, _ = run(capsys, "--data-dir", str(folder), "cases", "list")
    assert code == 0 and "CM16-0000101" in out


def test_audit_verify_exit_status(data_dir, capsys):
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "audit", "verify")
    assert code == 0 and "intact" in out
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "audit", "list", "CM16-0000102")
    assert code == 0 and "CM16-0000102" in out and "CM16-0000101" not in out
    ws = Workspace.open(data_dir)
    ws.cases.db.execute("DROP TRIGGER audit_no_update")
    ws.cases.db.execute("UPDATE audit SET detail = 'forged' WHERE id = 1")
    ws.close()
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "audit", "verify")
    assert code == 1 and "row 1" in out


def test_cli_passphrase_file_encrypt_change_and_recover(data_dir, tmp_path, capsys):
    pw = tmp_path / "pw"
    pw.write_text(PASSPHRASE + "\n")
    code, _, err = run(
        capsys, "--data-dir", str(data_dir), "encrypt", "--new-passphrase-file", str(pw)
    )
    assert code == 0 and "recovery key" in err.lower()
    recovery = err.strip().splitlines()[-1].strip()
    code, _, err = run(capsys, "--data-dir", str(data_dir), "cases", "list")
    assert code == 2 and "IMR_DESKTOP_PASSPHRASE" in err
    bad = tmp_path / "bad"
    bad.write_text("not my passphrase\n")
    code, _, err = run(
        capsys, "--data-dir", str(data_dir), "--passphrase-file", str(bad), "cases", "list"
    )
    assert code == 2 and "Wrong passphrase" in err
    new = tmp_path / "new"
    new.write_text("another good passphrase\n")
    base = ["--data-dir", str(data_dir), "--passphrase-file", str(pw)]
    code, out, err = run(capsys, *base, "passphrase", "change", "--new-passphrase-file", str(new))
    assert code == 0 and "re-keyed" in out
    code, out, _ = run(
        capsys, "--data-dir", str(data_dir), "--passphrase-file", str(new), "cases", "list"
    )
    assert code == 0 and "CM16-0000101" in out
    # A forgotten passphrase, and the old recovery key no longer opens the re-keyed file.
    key_file = tmp_path / "key"
    key_file.write_text(recovery + "\n")
    code, _, err = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "passphrase",
        "recover",
        "--recovery-key-file",
        str(key_file),
        "--new-passphrase-file",
        str(pw),
    )
    assert code == 2 and "does not open" in err
    missing = tmp_path / "missing"
    code, _, err = run(
        capsys, "--data-dir", str(data_dir), "--passphrase-file", str(missing), "cases", "list"
    )
    assert code == 2 and "cannot read the passphrase file" in err


def test_restore_is_refused_while_the_window_holds_the_folder(data_dir, capsys):
    import os

    Workspace.open(data_dir).close()
    name = backups.list_backups(data_dir)[0].name
    (data_dir / "imr-desktop.lock").write_text(f"{os.getpid()}\nimr-desktop\nhost\n")
    code, _, err = run(capsys, "--data-dir", str(data_dir), "backup", "restore", name)
    assert code == 2 and "close it first" in err
    (data_dir / "imr-desktop.lock").write_text("999999999\nimr-desktop\nhost\n")  # stale
    code, _, err = run(capsys, "--data-dir", str(data_dir), "backup", "restore", name)
    assert code == 0, err


@pytest.mark.parametrize("encrypted", [False, True])
def test_a_file_cut_to_zero_bytes_is_not_a_new_folder(data_dir, capsys, monkeypatch, encrypted):
    if encrypted:
        encrypt(data_dir)
        monkeypatch.setenv("IMR_DESKTOP_PASSPHRASE", PASSPHRASE)
    Workspace.open(data_dir, passphrase=PASSPHRASE if encrypted else None).close()
    (data_dir / "cases.db").write_bytes(b"")
    with pytest.raises(CorruptDatabaseError, match="empty") as caught:
        Workspace.open(data_dir, passphrase=PASSPHRASE if encrypted else None)
    assert caught.value.good_backup is not None
    assert (data_dir / "cases.db").read_bytes() == b""
    code, _, err = run(capsys, "--data-dir", str(data_dir), "cases", "list")
    assert code == 2 and "backup restore" in err
    name = caught.value.good_backup.name
    code, _, err = run(capsys, "--data-dir", str(data_dir), "backup", "restore", name)
    assert code == 0, err
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "cases", "list")
    assert code == 0 and "CM16-0000101" in out
