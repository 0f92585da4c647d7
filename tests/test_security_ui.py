"""The window's security: first run, unlock, lock, audit viewer, backups dialog."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDockWidget

from imr_desktop.security import backups
from imr_desktop.security.cases_file import FolderState, folder_state
from imr_desktop.ui.dialogs import ScriptedDialogs
from imr_desktop.ui.main_window import MainWindow
from imr_desktop.ui.security import passphrase_dialogs
from imr_desktop.ui.security.passphrase_dialogs import RECOVER, ScriptedPrompts
from imr_desktop.ui.security.unlock import open_workspace_for_window
from imr_desktop.workspace import Workspace
from tests.security_helpers import PASSPHRASE
from tests.ui_helpers import close_window

pytestmark = pytest.mark.usefixtures("fast_scrypt")


@pytest.fixture
def prompts(monkeypatch):
    scripted = ScriptedPrompts()
    monkeypatch.setattr(passphrase_dialogs, "prompts", scripted)
    return scripted


@pytest.fixture
def bare_window(qtbot, tmp_path):
    """The empty start-up window (no workspace yet), as run_app builds it."""
    w = MainWindow(dialogs=ScriptedDialogs(), data_dir=tmp_path)
    qtbot.addWidget(w)
    return w


def window_on(qtbot, workspace) -> MainWindow:
    w = MainWindow(workspace, dialogs=ScriptedDialogs())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def actions_of(ws):
    return [e.action for e in ws.cases.audit.entries()]


def test_first_run_asks_for_a_passphrase_and_shows_the_recovery_key(bare_window, prompts, tmp_path):
    folder = tmp_path / "fresh"
    folder.mkdir()
    prompts.new_answers = [PASSPHRASE]
    ws = open_workspace_for_window(bare_window, folder, smoke_test=False)
    try:
        assert ws is not None and ws.encrypted
        assert folder_state(folder) is FolderState.ENCRYPTED
        assert len(prompts.shown_codes) == 1 and len(prompts.shown_codes[0]) == 64
        assert ws.recovery_code is None  # shown once, then forgotten
        assert len(ws.cases.list_cases()) == 3
    finally:
        ws.close()


def test_first_run_cancel_quits_and_smoke_test_needs_a_choice(bare_window, prompts, tmp_path):
    from imr_desktop.security.crypto import PassphraseRequiredError

    assert open_workspace_for_window(bare_window, tmp_path / "a", smoke_test=False) is None
    with pytest.raises(PassphraseRequiredError, match="--no-encryption"):
        open_workspace_for_window(bare_window, tmp_path / "b", smoke_test=True)
    assert not (tmp_path / "b" / "cases.db").exists()
    ws = open_workspace_for_window(bare_window, tmp_path / "b", True, no_encryption=True)
    assert ws is not None and not ws.encrypted
    ws.close()
    assert prompts.asked == [("new", "Protect your cases with a passphrase")]


def test_unlock_wrong_then_right_is_audited(bare_window, prompts, encrypted_dir):
    folder, _ = encrypted_dir
    prompts.unlock_answers = ["nope nope nope", PASSPHRASE]
    ws = open_workspace_for_window(bare_window, folder, smoke_test=False)
    try:
        assert ws is not None
        assert prompts.asked[1] == ("unlock", "Wrong passphrase (attempt 1 of 5).")
        assert actions_of(ws)[:2] == ["unlocked", "failed unlock"]
    finally:
        ws.close()


def test_unlock_cancel_and_recovery_key(bare_window, prompts, encrypted_dir):
    folder, code = encrypted_dir
    assert open_workspace_for_window(bare_window, folder, smoke_test=False) is None
    prompts.unlock_answers = [RECOVER]
    prompts.recovery_answers = ["AAAA-BBBB", code]
    prompts.new_answers = ["my new passphrase", "my new passphrase"]
    ws = open_workspace_for_window(bare_window, folder, smoke_test=False)
    assert ws is not None
    ws.close()
    assert "recovery key" in prompts.asked[-1][1].lower() or prompts.asked[-1][0] == "new"
    Workspace.open(folder, passphrase="my new passphrase").close()


def test_damaged_file_offers_the_newest_good_backup(bare_window, prompts, data_dir):
    Workspace.open(data_dir).close()  # the daily backup
    data = bytearray((data_dir / "cases.db").read_bytes())
    data[4096 : 4096 * 3] = b"\xff" * 8192
    (data_dir / "cases.db").write_bytes(bytes(data))
    bare_window.dialogs.confirm_answers = [True]
    ws = open_workspace_for_window(bare_window, data_dir, smoke_test=False)
    try:
        assert ws is not None and len(ws.cases.list_cases()) == 3
        kinds = [m[0] for m in bare_window.dialogs.messages]
        assert kinds == ["confirm", "info"]
        assert "newest good backup" in bare_window.dialogs.messages[0][2]
        kept = [
            p for p in data_dir.glob("cases.db.replaced-*") if not p.name.endswith(("-wal", "-shm"))
        ]
        assert len(kept) == 1 and kept[0].read_bytes() == bytes(data)
    finally:
        ws.close()


def test_lock_saves_hides_every_patient_field_and_unlocks(qtbot, encrypted_dir):
    folder, _ = encrypted_dir
    w = window_on(qtbot, Workspace.open(folder, passphrase=PASSPHRASE))
    lock = w.lock_controller
    assert lock.enabled and w.actions["lock_now"].isEnabled()
    w.editor.summary.setFocus()
    w.editor.summary.insertPlainText("Lock-marker-7731 ")
    assert w.session.dirty
    lock.timer.setInterval(30)  # instead of 15 minutes
    lock.poke()
    qtbot.waitUntil(lambda: lock.locked)
    # Autosave completed first.
    case = w.workspace.cases.load(w.session.case_id)
    assert "Lock-marker-7731" in case.summary
    # Nothing with patient text is on screen.
    assert w.centralWidget().objectName() == "lockScreen"
    assert not w.editor.isVisible()
    assert not any(d.isVisible() for d in w.findChildren(QDockWidget))
    assert not w.menuBar().isEnabled()
    w.grab().save(str(folder / "locked.png"))
    lock.screen.passphrase.setText("wrong passphrase")
    lock.screen.button.click()
    assert lock.locked and "Wrong passphrase" in lock.screen.error.text()
    lock.screen.passphrase.setText(PASSPHRASE)
    lock.screen.button.click()
    assert not lock.locked
    assert w.centralWidget() is w.center_tabs and w.editor.isVisible()
    assert w.queue_dock.isVisible()
    assert actions_of(w.workspace)[:3] == ["unlocked", "failed unlock", "locked"]
    close_window(w)


def test_plain_folder_does_not_lock_and_offers_encryption(qtbot, data_dir):
    w = window_on(qtbot, Workspace.open(data_dir))
    assert not w.lock_controller.enabled
    assert not w.actions["lock_now"].isEnabled()
    assert "encrypt" in w.actions
    w.lock_controller.lock()
    assert not w.lock_controller.locked
    close_window(w)


def test_lock_minutes_setting(qtbot, encrypted_dir):
    folder, _ = encrypted_dir
    w = window_on(qtbot, Workspace.open(folder, passphrase=PASSPHRASE))
    from imr_desktop.ui.security.feature import ask_lock_minutes

    assert w.lock_controller.minutes() == 15
    w.dialogs.text_answers = ["5"]
    assert ask_lock_minutes(w) == 5
    assert w.lock_controller.timer.interval() == 5 * 60_000
    w.dialogs.text_answers = ["soon"]
    assert ask_lock_minutes(w) is None
    assert w.dialogs.messages[-1][0] == "error"
    close_window(w)


def test_audit_viewer_lists_and_verifies(qtbot, data_dir):
    w = window_on(qtbot, Workspace.open(data_dir))
    from imr_desktop.ui.security.feature import show_audit_log

    dialog = show_audit_log(w)
    assert dialog.table.rowCount() >= 3
    assert dialog.verify() and "intact" in dialog.result.text()
    w.workspace.cases.db.execute("DROP TRIGGER audit_no_update")
    w.workspace.cases.db.execute("UPDATE audit SET detail = 'forged' WHERE id = 1")
    assert not dialog.verify() and "BROKEN" in dialog.result.text()
    dialog.filter.setText("CM16-0000102")
    dialog.reload()
    assert {dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())} == {
        "CM16-0000102"
    }
    dialog.close()
    close_window(w)


def test_backups_dialog_backs_up_and_restores(qtbot, data_dir, monkeypatch):
    w = window_on(qtbot, Workspace.open(data_dir))
    from imr_desktop.ui.security.feature import show_backups

    quits = []
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(1))
    dialog = show_backups(w)
    before = dialog.list.count()
    dialog.back_up_now()
    assert dialog.list.count() == before + 1
    w.dialogs.confirm_answers = [False]
    assert not dialog.restore_selected()
    w.dialogs.confirm_answers = [True]
    assert dialog.restore_selected()
    assert quits and not w.isVisible()
    assert [p for p in data_dir.iterdir() if p.name.startswith("cases.db.replaced-")]
    ws = Workspace.open(data_dir)
    assert "restored backup" in actions_of(ws)
    ws.close()
    assert backups.list_backups(data_dir)


def test_records_attach_and_dates_work_on_an_encrypted_folder(qtbot, encrypted_dir, tmp_path):
    """Worker threads open cases.db with the workspace's keyed connector."""
    from imr_desktop.ui.background import wait_for_background
    from tests.records_helpers import make_pdf, record_pages

    folder, _ = encrypted_dir
    w = window_on(qtbot, Workspace.open(folder, passphrase=PASSPHRASE))
    w.open_case(w.workspace.cases.find("CM16-0000102"))
    pages = record_pages(6)
    pages[2] = "MRI of the lumbar spine dated 03/02/2016 shows a protrusion at L4-5."
    pdf = make_pdf(tmp_path / "Ortho.pdf", pages)
    tab = w.records.tab
    w.dialogs.file_answers.append(str(pdf))
    w.actions["attach_records"].trigger()
    qtbot.waitUntil(lambda: not tab.indexing)
    qtbot.waitUntil(lambda: tab.dates.topLevelItemCount() > 0)
    assert tab.documents.count() == 1
    assert not [m for m in w.dialogs.messages if m[0] == "error"]
    stored = list((folder / "records").glob("*/*"))
    assert stored and not stored[0].read_bytes().startswith(b"%PDF")
    wait_for_background()
    close_window(w)


def test_smoke_test_on_an_encrypted_folder_needs_the_env_passphrase(
    bare_window, prompts, encrypted_dir, monkeypatch
):
    from imr_desktop.security.crypto import PassphraseRequiredError

    folder, _ = encrypted_dir
    with pytest.raises(PassphraseRequiredError, match="IMR_DESKTOP_PASSPHRASE"):
        open_workspace_for_window(bare_window, folder, smoke_test=True)
    monkeypatch.setenv("IMR_DESKTOP_PASSPHRASE", PASSPHRASE)
    ws = open_workspace_for_window(bare_window, folder, smoke_test=True)
    assert ws is not None and ws.encrypted
    ws.close()
    assert prompts.asked == []


def test_lock_hides_other_windows_and_change_passphrase_from_the_menu(
    qtbot, encrypted_dir, prompts
):
    from imr_desktop.ui.security.feature import change_passphrase, show_audit_log

    folder, _ = encrypted_dir
    w = window_on(qtbot, Workspace.open(folder, passphrase=PASSPHRASE))
    dialog = show_audit_log(w)
    assert dialog.isVisible()
    w.actions["lock_now"].trigger()
    assert w.lock_controller.locked and not dialog.isVisible()
    assert w.lock_controller.try_unlock(PASSPHRASE)
    assert dialog.isVisible()
    dialog.close()
    # Change passphrase: the old one is checked, the file re-keyed, a new recovery key shown.
    w.dialogs.text_answers = ["not it at all"]
    assert not change_passphrase(w)
    w.dialogs.text_answers = [PASSPHRASE]
    prompts.new_answers = ["the second passphrase"]
    assert change_passphrase(w)
    assert len(prompts.shown_codes) == 1
    assert w.session.save_now("saved")  # the open connection works under the new key
    assert actions_of(w.workspace)[0] in ("saved", "passphrase changed")
    close_window(w)
    Workspace.open(folder, passphrase="the second passphrase").close()


def test_encrypt_from_the_menu(qtbot, data_dir, prompts, monkeypatch):
    from imr_desktop.ui.security.feature import encrypt_cases

    quits = []
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(1))
    w = window_on(qtbot, Workspace.open(data_dir))
    prompts.new_answers = [PASSPHRASE]
    assert encrypt_cases(w)
    assert quits and not w.isVisible() and len(prompts.shown_codes) == 1
    assert folder_state(data_dir) is FolderState.ENCRYPTED
    Workspace.open(data_dir, passphrase=PASSPHRASE).close()
