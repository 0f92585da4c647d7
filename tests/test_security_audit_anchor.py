"""The audit log against its anchor outside cases.db (issue 16 items 4 and 7): a log
cut short, emptied or rewritten with recomputed hashes, and work lost with a deleted
cases.db-wal after a crash, are reported (audit verify exits 1) until acknowledged;
a backup restore is an entry after the restored chain."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from imr_desktop.security.audit import entry_hash
from imr_desktop.workspace import Workspace
from tests.cli_helpers import run_in
from tests.security_helpers import PASSPHRASE


@pytest.fixture(params=["plain", "encrypted"])
def folder(request, data_dir, monkeypatch):
    """The demo folder, plain or encrypted, opened once (so it is anchored) with a
    few entries more; the CLI gets the passphrase from the environment."""
    if request.param == "encrypted":
        request.getfixturevalue("fast_scrypt")
        from tests.security_helpers import encrypt

        encrypt(data_dir)
        monkeypatch.setenv("IMR_DESKTOP_PASSPHRASE", PASSPHRASE)
    ws = _open(data_dir)
    for n in range(12):
        with ws.cases.db.atomic():
            ws.cases.audit.append("opened", "CM16-0000101", f"test {n}")
    ws.close()
    return data_dir


def _open(folder) -> Workspace:
    passphrase = os.environ.get("IMR_DESKTOP_PASSPHRASE")
    return Workspace.open(folder, passphrase=passphrase)


def _tamper(folder, sql: str, *, recompute: bool = False) -> None:
    """What someone with the file (and its key) does behind the app's back."""
    ws = _open(folder)
    db = ws.cases.db
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("DROP TRIGGER audit_no_delete")
    db.execute(sql)
    if recompute:
        prev = "0" * 64
        rows = db.execute(
            "SELECT id, at, action, case_number, actor, detail FROM audit ORDER BY id"
        ).fetchall()
        for row_id, at, action, number, actor, detail in rows:
            digest = entry_hash(prev, at, action, number, actor, detail)
            db.execute(
                "UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", [prev, digest, row_id]
            )
            prev = digest
    ws.cases.db.conn.close()  # behind the app's back: the anchor is not told


@pytest.mark.parametrize(
    "sql,recompute,says",
    [
        ("DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)", False, "cut off"),
        ("DELETE FROM audit WHERE id > (SELECT max(id) - 10 FROM audit)", False, "cut off"),
        ("DELETE FROM audit", False, "cut off"),
        ("UPDATE audit SET detail = 'nothing happened' WHERE id = 3", True, "rewritten"),
    ],
    ids=["last row", "last 10", "all rows", "edited and recomputed"],
)
def test_tampering_that_keeps_a_valid_chain_is_found(capsys, folder, sql, recompute, says):
    code, out, _ = run_in(capsys, folder, "audit", "verify")
    assert code == 0 and "as anchored" in out
    _tamper(folder, sql, recompute=recompute)
    code, out, err = run_in(capsys, folder, "audit", "verify")
    assert code == 1 and says in out
    assert "warning" in err and "audit acknowledge" in err  # every command says so
    code, out, _ = run_in(capsys, folder, "audit", "acknowledge")
    assert code == 0 and "acknowledged in the audit log" in out
    code, out, _ = run_in(capsys, folder, "audit", "verify")
    assert code == 0
    _, listing, _ = run_in(capsys, folder, "audit", "list")
    assert "loss acknowledged" in listing and says in listing


def test_a_deleted_anchor_is_reported(capsys, folder):
    (folder / "cases.anchor").unlink()
    code, out, err = run_in(capsys, folder, "audit", "verify")
    assert code == 1 and "cases.anchor was missing" in out


def test_a_restore_is_an_entry_after_the_restored_chain(capsys, folder):
    ws = _open(folder)
    from imr_desktop.security import backups

    older = backups.make_backup(ws.cases.db, folder, "manual", connect=ws.connect)
    for n in range(5):
        with ws.cases.db.atomic():
            ws.cases.audit.append("edited", "CM16-0000102", f"after the backup {n}")
    ws.close()
    code, _, _ = run_in(capsys, folder, "backup", "restore", older.name)
    assert code == 0
    code, out, _ = run_in(capsys, folder, "audit", "verify")
    assert code == 0, out
    _, listing, _ = run_in(capsys, folder, "audit", "list", "--limit", "1")
    assert "restored backup" in listing and "goes back to" in listing and "from" in listing


KILLED_WHILE_SAVING = textwrap.dedent(
    """
    import os, sys
    from imr_desktop.workspace import Workspace
    ws = Workspace.open(sys.argv[1], passphrase=os.environ.get("IMR_DESKTOP_PASSPHRASE"))
    store = ws.cases
    case_id = store.find("CM16-0000101")
    case = store.load(case_id)
    store.audit.append("opened", case.case_number)
    for n in range(30):
        case.summary += f" saved-word-{n}"
        store.save(case_id, case)
    os._exit(0)  # killed: no checkpoint, no clean close; the saves are in cases.db-wal
    """
)


def test_a_deleted_wal_after_a_crash_is_reported_not_silent(capsys, folder):
    done = subprocess.run(
        [sys.executable, "-c", KILLED_WHILE_SAVING, str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    wal = folder / "cases.db-wal"
    assert wal.stat().st_size > 0
    wal.unlink()  # what the attack run did
    code, out, err = run_in(capsys, folder, "audit", "verify")
    assert code == 1 and "write-ahead log (cases.db-wal) was deleted" in out
    assert (
        "saved-word-29" not in run_in(capsys, folder, "cases", "show", "CM16-0000101", "--json")[1]
    )
    code, _, _ = run_in(capsys, folder, "audit", "acknowledge")
    assert run_in(capsys, folder, "audit", "verify")[0] == 0


def test_the_window_shows_a_loss_and_records_it(qtbot, folder):
    from imr_desktop.ui.dialogs import ScriptedDialogs
    from imr_desktop.ui.main_window import MainWindow
    from imr_desktop.ui.security.unlock import open_workspace_for_window

    _tamper(folder, "DELETE FROM audit WHERE id > (SELECT max(id) - 3 FROM audit)")
    bare = MainWindow(dialogs=ScriptedDialogs(), data_dir=folder)
    qtbot.addWidget(bare)
    ws = open_workspace_for_window(bare, folder, smoke_test=False)
    try:
        [(kind, title, text)] = bare.dialogs.messages
        assert kind == "error" and title == "Work was lost" and "cut off" in text
        assert ws.cases.audit.verify()[0]
        assert ws.cases.audit.entries(limit=1)[0].action == "loss acknowledged"
    finally:
        ws.close()


def test_the_window_and_the_store_checkpoint_alike(qtbot, data_dir):
    from imr_desktop.cases.store import WAL_AUTOCHECKPOINT_PAGES
    from tests.ui_helpers import close_window, make_window

    window = make_window(qtbot, data_dir)
    try:
        value = window.workspace.cases.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        assert value == WAL_AUTOCHECKPOINT_PAGES == 10_000
    finally:
        close_window(window)


def test_a_process_that_ends_without_closing_is_not_a_loss(capsys, folder):
    """Python closes the connection at exit and SQLite checkpoints and removes
    cases.db-wal: nothing was lost, so nothing is reported."""
    script = KILLED_WHILE_SAVING.replace("os._exit(0)", "pass")
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert not (folder / "cases.db-wal").exists()
    code, out, err = run_in(capsys, folder, "audit", "verify")
    assert code == 0 and "warning" not in err, out + err
    assert "saved-word-29" in run_in(capsys, folder, "cases", "show", "CM16-0000101", "--json")[1]
