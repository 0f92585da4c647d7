"""Opening the data folder for the window: first-run encryption, the unlock
prompt, the recovery key, and a damaged cases.db answered with its newest good
backup. Called by ``app.run_app`` once the empty window has painted."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from imr_desktop.security.crypto import PASSPHRASE_ENV, WrongPassphraseError
from imr_desktop.security.throttle import TooManyAttemptsError
from imr_desktop.workspace import Workspace

if TYPE_CHECKING:
    from imr_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_RUN_INTRO = (
    "IMR Desktop keeps your cases encrypted on this computer. Choose a passphrase; you "
    "will type it each time the app starts and after it locks itself. A long phrase of "
    "several unrelated words is both strong and easy to remember."
)


def audit_event(workspace: Workspace, action: str, detail: str = "") -> None:
    with workspace.cases.db.atomic():
        workspace.cases.audit.append(action, None, detail)


def open_workspace_for_window(
    window: MainWindow, folder: Path, smoke_test: bool, no_encryption: bool = False
) -> Workspace | None:
    """The opened workspace, or None when the reviewer cancelled (the app quits).
    Other store errors propagate (the caller shows them). Work the folder lost (a
    truncated audit log, a deleted cases.db-wal) is shown and, once shown, recorded
    in the audit log; under --smoke-test it is an error."""
    workspace = _open_for_window(window, folder, smoke_test, no_encryption)
    if workspace is None or not workspace.problems:
        return workspace
    from imr_desktop.database import StoreError

    text = "\n\n".join(f"• {p[:1].upper()}{p[1:]}." for p in workspace.problems)
    if smoke_test:
        workspace.close()
        raise StoreError(f"cases.db lost work or audit entries: {' '.join(workspace.problems)}")
    window.dialogs.error(
        "Work was lost",
        f"{text}\n\nThis is recorded in the audit log now. A backup (Tools ▸ Backups…) "
        "may hold what was lost.",
    )
    workspace.acknowledge_losses()
    return workspace


def _open_for_window(
    window: MainWindow, folder: Path, smoke_test: bool, no_encryption: bool
) -> Workspace | None:
    from imr_desktop.security.cases_file import (
        NEW_FOLDER_NEEDS_A_CHOICE,
        FolderState,
        folder_state,
    )
    from imr_desktop.security.crypto import PassphraseRequiredError

    env = os.environ.get(PASSPHRASE_ENV) or None
    state = folder_state(folder)
    if state is FolderState.PLAIN:
        return _open(window, folder, None, smoke_test)
    from . import passphrase_dialogs  # the dialogs load only when there is one to show

    prompts = passphrase_dialogs.prompts
    if state is FolderState.NEW:
        if no_encryption and env is None:
            return Workspace.open(folder, no_encryption=True)  # a demo folder, said plainly
        if smoke_test and env is None:  # no one to ask: say what is needed, do not block
            raise PassphraseRequiredError(NEW_FOLDER_NEEDS_A_CHOICE)
        passphrase = env or prompts.new_passphrase(
            window, "Protect your cases with a passphrase", FIRST_RUN_INTRO
        )
        if passphrase is None:
            return None

        def show(code: str) -> None:
            if smoke_test:
                from imr_desktop.security.crypto import recovery_notice

                print(recovery_notice(code), file=sys.stderr)
            else:
                prompts.show_recovery_key(window, code)

        workspace = Workspace.open(folder, passphrase=passphrase, on_recovery_key=show)
        workspace.recovery_code = None
        return workspace
    if smoke_test:  # no one to ask or to answer a dialog: one try, then say what is needed
        if env is None:
            raise PassphraseRequiredError(
                "cases.db is encrypted: give the passphrase in IMR_DESKTOP_PASSPHRASE"
            )
        workspace = _open(window, folder, env, smoke_test)
        if workspace is not None:
            audit_event(workspace, "unlocked", "at start (smoke test)")
        return workspace
    return _unlock(window, folder, env)


def _unlock(window: MainWindow, folder: Path, env: str | None) -> Workspace | None:
    from . import passphrase_dialogs

    prompts = passphrase_dialogs.prompts
    failed = 0
    error: str | None = None
    message = f"Your cases in {folder} are encrypted. Type your passphrase to open them."
    while failed < MAX_ATTEMPTS:
        answer = env if (env and failed == 0) else prompts.unlock(window, message, error)
        if answer is None:
            return None
        if answer == passphrase_dialogs.RECOVER:
            workspace = _recover(window, folder)
            if workspace is not None:
                return workspace
            continue
        try:
            workspace = _open(window, folder, answer, smoke_test=False)
        except TooManyAttemptsError as exc:  # counted with the command line's attempts
            error = str(exc)
            continue
        except WrongPassphraseError:
            failed += 1
            log.warning("unlock failed (%d)", failed)
            error = f"Wrong passphrase (attempt {failed} of {MAX_ATTEMPTS})."
            continue
        if workspace is None:
            return None
        # Wrong passphrases typed before (here or on the command line) were audited as
        # the folder opened, once the key was known.
        audit_event(workspace, "unlocked", "at start")
        return workspace
    window.dialogs.error(
        "Too many attempts",
        "The passphrase was wrong too many times. Start IMR Desktop again to retry, or "
        "use the recovery key.",
    )
    return None


def _recover(window: MainWindow, folder: Path) -> Workspace | None:
    from imr_desktop.security.crypto import EncryptionError
    from imr_desktop.security.key_change import recover

    from . import passphrase_dialogs

    prompts = passphrase_dialogs.prompts
    error = None
    while True:
        code = prompts.recovery_code(window, error)
        if code is None:
            return None
        new = prompts.new_passphrase(
            window, "Choose a new passphrase", "The recovery key works. Choose a new passphrase."
        )
        if new is None:
            return None
        try:
            key = recover(folder, code, new)
        except EncryptionError as exc:
            error = str(exc)
            continue
        workspace = Workspace.open(folder, key=key)
        audit_event(workspace, "unlocked", "with the recovery key; new passphrase set")
        return workspace


def _open(
    window: MainWindow, folder: Path, passphrase: str | None, smoke_test: bool
) -> Workspace | None:
    """Open; a damaged cases.db is never overwritten: offer its newest good backup
    (under --smoke-test no one can answer: the message, and a non-zero exit)."""
    from imr_desktop.security.cases_file import DamagedCasesError, restore_from_backup

    try:
        return Workspace.open(folder, passphrase=passphrase)
    except DamagedCasesError as exc:
        good = exc.good_backup
        if good is None or smoke_test:
            raise
        question = (
            f"{exc}\n\nRestore that backup now? The damaged file is kept beside it "
            "(cases.db.replaced-…); changes made after the backup are not in it."
        )
        if not window.dialogs.confirm("cases.db is damaged", question):
            return None
        moved = restore_from_backup(folder, good.name, passphrase)
        workspace = Workspace.open(folder, passphrase=passphrase)
        window.dialogs.info(
            "Backup restored",
            f"Backup {good.name} is in place."
            + (f" The damaged file is kept as {moved.name}." if moved else ""),
        )
        return workspace
