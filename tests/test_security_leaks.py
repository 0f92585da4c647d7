"""Small leaks and gaps (issue 16 item 10): Qt's file dialog history stays in the
data folder, owner-only; window.ini is owner-only; wrong passphrases are throttled
and audited wherever they are typed; a schema step from an unknown set is refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from imr_desktop.security import throttle
from imr_desktop.workspace import Workspace
from tests.cli_helpers import run_in, smoke_test
from tests.security_helpers import PASSPHRASE

DIALOG_SCRIPT = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLineEdit
    from imr_desktop.ui.app import keep_settings_private
    from imr_desktop.ui.dialogs import Dialogs

    app = QApplication([])
    data = Path(sys.argv[1])
    keep_settings_private(data)
    patient = Path(sys.argv[2])
    chosen = patient / "ortho.pdf"

    def answer():
        dialog = QApplication.activeModalWidget()
        if dialog is None:  # not on screen yet, however long that takes: look again
            QTimer.singleShot(20, answer)
            return
        dialog.findChild(QLineEdit, "fileNameEdit").setText(str(chosen))
        dialog.accept()

    QTimer.singleShot(0, answer)  # runs in the dialog's own event loop
    print("chosen", Dialogs(None).open_file("Attach records", "PDF (*.pdf)"))
    """
)


def test_file_dialog_history_stays_in_the_data_folder_owner_only(data_dir, tmp_path):
    home = tmp_path / "home"
    patient = tmp_path / "Doe, Jane - CM16-0000101"
    patient.mkdir()
    (patient / "ortho.pdf").write_bytes(b"%PDF-1.4\n")
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run(
        [sys.executable, "-c", DIALOG_SCRIPT, str(data_dir), str(patient)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "ortho.pdf" in done.stdout
    leaked = [p for p in home.rglob("*") if p.is_file() and "Doe" in p.read_text(errors="replace")]
    assert leaked == []
    kept = list(data_dir.rglob("QtProject.conf"))
    assert len(kept) == 1 and kept[0].stat().st_mode & 0o777 == 0o600


def test_window_ini_is_owner_only(data_dir):
    (data_dir / "window.ini").write_text("[window]\n")
    os.chmod(data_dir / "window.ini", 0o644)  # as an earlier version left it
    done = smoke_test(data_dir)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (data_dir / "window.ini").stat().st_mode & 0o777 == 0o600


@pytest.fixture
def clock(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(throttle, "_now", lambda: now[0])
    return now


def test_wrong_passphrases_from_the_command_line_are_throttled_and_audited(
    capsys, encrypted_dir, monkeypatch, clock
):
    folder, _ = encrypted_dir
    monkeypatch.setenv("IMR_DESKTOP_PASSPHRASE", "not the passphrase")
    for _ in range(throttle.FREE_ATTEMPTS):
        code, _, err = run_in(capsys, folder, "cases", "list")
        assert code == 2 and "Wrong passphrase" in err
    code, _, err = run_in(capsys, folder, "cases", "list")
    assert code == 2 and "try again in 30 seconds" in err
    monkeypatch.setenv("IMR_DESKTOP_PASSPHRASE", PASSPHRASE)
    code, _, err = run_in(capsys, folder, "cases", "list")  # even the right one waits
    assert code == 2 and "try again" in err
    clock[0] += 31
    code, _, _ = run_in(capsys, folder, "cases", "list")
    assert code == 0
    code, out, _ = run_in(capsys, folder, "audit", "list", "--json")
    failed = [json.loads(line) for line in out.splitlines() if '"failed unlock"' in line]
    assert len(failed) == 1
    assert "5 wrong passphrase(s)" in failed[0]["detail"]
    assert "2 refused while waiting" in failed[0]["detail"]
    assert not (folder / throttle.FAILURES_FILE).exists()  # reset after a good one


def test_the_wait_doubles_and_is_shared_with_the_window(encrypted_dir, clock):
    folder, _ = encrypted_dir
    gate = throttle.UnlockThrottle(folder)
    for _ in range(throttle.FREE_ATTEMPTS + 2):
        gate.failed()
    assert gate.wait_seconds() == 120
    clock[0] += 121
    gate.check()  # allowed again
    assert not throttle.passphrase_matches(folder, "wrong at the lock screen")
    with pytest.raises(throttle.TooManyAttemptsError, match="4 minutes"):
        throttle.passphrase_matches(folder, PASSPHRASE)


def test_a_schema_step_from_an_unknown_set_is_refused(capsys, data_dir):
    ws = Workspace.open(data_dir)
    ws.cases.db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('imr_desktop.future', 'm001_something', '2031')"
    )
    ws.close()
    before = (data_dir / "cases.db").read_bytes()
    code, _, err = run_in(capsys, data_dir, "cases", "list")
    assert code == 2 and "newer version of IMR Desktop" in err and "imr_desktop.future" in err
    assert (data_dir / "cases.db").read_bytes() == before


def test_the_lock_screen_counts_with_the_command_line(qtbot, encrypted_dir, clock):
    from PySide6.QtCore import Qt

    from tests.ui_helpers import close_window, make_window

    folder, _ = encrypted_dir
    window = make_window(qtbot, folder, PASSPHRASE)
    lock = window.lock_controller
    lock.lock("by the reviewer")
    field = lock.screen.passphrase
    for _ in range(throttle.FREE_ATTEMPTS):
        qtbot.keyClicks(field, "not the passphrase")
        qtbot.keyClick(field, Qt.Key_Return)
        assert "Wrong passphrase" in lock.screen.error.text()
    qtbot.keyClicks(field, PASSPHRASE)  # right, but the wait is running
    qtbot.keyClick(field, Qt.Key_Return)
    assert lock.locked and "try again in 30 seconds" in lock.screen.error.text()
    clock[0] += 31
    qtbot.keyClicks(field, PASSPHRASE)
    qtbot.keyClick(field, Qt.Key_Return)
    assert not lock.locked
    close_window(window)
