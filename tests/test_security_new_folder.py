"""A new data folder is encrypted unless encryption is declined explicitly
(``--no-encryption`` / ``no_encryption=True``, for demos and tests), and its recovery
key is shown before anything depends on it (issue 16 item 6)."""

from __future__ import annotations

import json
import os

import pytest

from imr_desktop.security import crypto
from imr_desktop.security.cases_file import FolderState, folder_state
from imr_desktop.workspace import Workspace
from tests.cli_helpers import run_in, smoke_test
from tests.security_helpers import PASSPHRASE

pytestmark = pytest.mark.usefixtures("fast_scrypt")


def _case_json(tmp_path, number="CM16-0000555"):
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"format": "imr-case/1", "case_number": number}))
    return path


def test_a_new_folder_without_a_passphrase_is_refused_and_stays_empty(tmp_path):
    folder = tmp_path / "new"
    with pytest.raises(crypto.PassphraseRequiredError) as caught:
        Workspace.open(folder)
    message = str(caught.value)
    assert "IMR_DESKTOP_PASSPHRASE" in message and "--no-encryption" in message
    assert not (folder / "cases.db").exists() and not (folder / "cases.key").exists()


def test_no_encryption_is_an_explicit_and_audited_choice(tmp_path):
    folder = tmp_path / "demo"
    ws = Workspace.open(folder, no_encryption=True)
    try:
        assert not ws.encrypted and folder_state(folder) is FolderState.PLAIN
        assert "created without encryption" in [e.action for e in ws.cases.audit.entries()]
    finally:
        ws.close()
    Workspace.open(folder).close()  # an existing plain folder opens as it is
    with pytest.raises(crypto.EncryptionError, match="either"):
        Workspace.open(tmp_path / "both", passphrase=PASSPHRASE, no_encryption=True)


def test_cli_import_into_a_new_folder_says_how_to_give_the_passphrase(capsys, tmp_path):
    folder = tmp_path / "new"
    code, _, err = run_in(capsys, folder, "cases", "import", str(_case_json(tmp_path)))
    assert code == 2 and "--passphrase-file" in err and "--no-encryption" in err
    assert not (folder / "cases.db").exists()
    code, out, _ = run_in(
        capsys, folder, "--no-encryption", "cases", "import", str(_case_json(tmp_path))
    )
    assert code == 0 and "imported CM16-0000555" in out
    assert folder_state(folder) is FolderState.PLAIN


def test_cli_with_a_passphrase_creates_an_encrypted_folder(capsys, tmp_path, monkeypatch):
    folder = tmp_path / "enc"
    monkeypatch.setenv("IMR_DESKTOP_PASSPHRASE", PASSPHRASE)
    code, _, err = run_in(capsys, folder, "cases", "import", str(_case_json(tmp_path)))
    assert code == 0 and folder_state(folder) is FolderState.ENCRYPTED
    assert "recovery key" in err.lower()


def test_the_recovery_key_is_shown_before_the_key_file_exists(tmp_path):
    folder = tmp_path / "first"
    seen = []

    def show(code: str) -> None:
        seen.append((code, (folder / "cases.key").exists(), (folder / "cases.db").exists()))

    ws = Workspace.open(folder, passphrase=PASSPHRASE, on_recovery_key=show)
    ws.close()
    assert len(seen) == 1
    code, key_file_existed, db_existed = seen[0]
    assert not key_file_existed and not db_existed
    crypto.sqlcipher_open(folder / "cases.db", crypto.DatabaseKey.from_recovery_code(code)).close()


def test_smoke_test_on_a_new_folder_needs_a_choice(tmp_path):
    folder = tmp_path / "fresh"
    env = {k: v for k, v in os.environ.items() if k != "IMR_DESKTOP_PASSPHRASE"}
    done = smoke_test(folder, env=env)
    assert done.returncode == 2 and "--no-encryption" in done.stderr
    assert not (folder / "cases.db").exists()
    done = smoke_test(folder, "--no-encryption", env=env)
    assert done.returncode == 0 and "smoke test ok" in done.stdout
    assert folder_state(folder) is FolderState.PLAIN
