"""The security feature in the window: Tools ▸ Lock now, Lock after…, Audit log…,
Backups…, Change passphrase… / Encrypt cases.db…; the automatic lock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from imr_desktop.database import StoreError

from .lock import LockController
from .unlock import audit_event

if TYPE_CHECKING:
    from imr_desktop.ui.main_window import MainWindow

    from .audit_dialog import AuditDialog
    from .backups_dialog import BackupsDialog

# The dialogs (audit log, backups, passphrases) load when first opened.


def install(window: MainWindow) -> None:
    from imr_desktop.ui.cases.external_changes import watch

    watch(window)  # a command's writes beside the window are shown, never overwritten
    lock = LockController(window)
    window.lock_controller = lock  # type: ignore[attr-defined]
    tools = window.menu("tools")
    tools.addSeparator()
    action = window.add_action(
        "tools",
        "lock_now",
        "&Lock now",
        lambda: lock.lock("by the reviewer"),
        "Ctrl+L",
        "Hide every case until the passphrase is typed",
    )
    action.setEnabled(lock.enabled)
    if not lock.enabled:
        action.setStatusTip("Encrypt cases.db first (Tools ▸ Encrypt cases.db…)")
    window.add_action(
        "tools", "lock_minutes", "Lock after &inactivity…", lambda: ask_lock_minutes(window)
    )
    window.add_action("tools", "audit_log", "&Audit log…", lambda: show_audit_log(window))
    window.add_action("tools", "backups", "&Backups…", lambda: show_backups(window))
    if window.workspace.encrypted:
        window.add_action(
            "tools", "change_passphrase", "&Change passphrase…", lambda: change_passphrase(window)
        )
    else:
        window.add_action("tools", "encrypt", "&Encrypt cases.db…", lambda: encrypt_cases(window))
        window.status_message(
            "cases.db is not encrypted (a demo or test folder): Tools ▸ Encrypt cases.db…",
            15_000,
        )
    lock.poke()


def ask_lock_minutes(window: MainWindow) -> int | None:
    lock = window.lock_controller  # type: ignore[attr-defined]
    answer = window.dialogs.get_text(
        "Automatic lock",
        "Lock after this many minutes without input (1-240):",
        text=str(lock.minutes()),
    )
    if answer is None:
        return None
    try:
        minutes = int(answer.strip())
    except ValueError:
        window.dialogs.error("Automatic lock", "Type a whole number of minutes, 1 to 240.")
        return None
    lock.set_minutes(minutes)
    window.status_message(f"The window locks after {lock.minutes()} minute(s) without input")
    return lock.minutes()


def show_audit_log(window: MainWindow) -> AuditDialog:
    from .audit_dialog import AuditDialog

    dialog = AuditDialog(window.workspace.cases.audit, window)
    dialog.show()  # not modal: the reviewer may keep it beside the case
    return dialog


def show_backups(window: MainWindow) -> BackupsDialog:
    from .backups_dialog import BackupsDialog

    dialog = BackupsDialog(window)
    dialog.show()
    return dialog


def change_passphrase(window: MainWindow) -> bool:
    from imr_desktop.security.key_change import change_passphrase as rekey
    from imr_desktop.security.throttle import TooManyAttemptsError, passphrase_matches

    from . import passphrase_dialogs

    ws = window.workspace
    prompts = passphrase_dialogs.prompts
    old = window.dialogs.get_text("Change passphrase", "Current passphrase:", password=True)
    if old is None:
        return False
    try:
        matches = passphrase_matches(ws.data_dir, old)
    except TooManyAttemptsError as exc:
        window.dialogs.error("Change passphrase", f"{exc} Nothing was changed.")
        return False
    if not matches:
        audit_event(ws, "failed unlock", "change passphrase")
        window.dialogs.error("Change passphrase", "Wrong passphrase; nothing was changed.")
        return False
    new = prompts.new_passphrase(
        window,
        "Change passphrase",
        "Choose the new passphrase. cases.db, its backups and the attached records are "
        "re-encrypted under a new key, and you get a new recovery key (the old one stops "
        "working). It is shown before anything depends on it.",
    )
    if new is None:
        return False
    window.session.flush()
    shown: list[str] = []

    def show(code: str) -> None:
        prompts.show_recovery_key(window, code)
        shown.append(code)

    try:
        rekey(ws.cases, ws.data_dir, ws.connect, new, show_recovery_key=show)
    except (StoreError, OSError) as exc:
        void = " The recovery key just shown is void; the old one still works." if shown else ""
        window.dialogs.error("Change passphrase", f"The passphrase was not changed: {exc}{void}")
        return False
    window.status_message("Passphrase changed; cases.db re-keyed")
    return True


def encrypt_cases(window: MainWindow) -> bool:
    """Encrypting needs the file closed: encrypt, then ask for a restart."""
    from PySide6.QtWidgets import QApplication

    from imr_desktop.security.key_change import encrypt_folder

    from . import passphrase_dialogs

    prompts = passphrase_dialogs.prompts
    new = prompts.new_passphrase(
        window,
        "Encrypt cases.db",
        "Choose a passphrase. IMR Desktop encrypts cases.db and its backups, shows your "
        "recovery key once, and closes; start it again and type the passphrase.",
    )
    if new is None:
        return False
    ws = window.workspace
    window.session.flush()
    window.session.close_case()
    ws.close()
    try:
        encrypt_folder(
            ws.data_dir, new, show_recovery_key=lambda code: prompts.show_recovery_key(window, code)
        )
    except (StoreError, OSError) as exc:
        window.dialogs.error("Encrypt cases.db", f"cases.db was not encrypted: {exc}")
        QApplication.quit()
        return False
    window.session.store = None
    window.close()
    QApplication.quit()
    return True
