"""A passphrase change is recoverable at every step, its recovery key is shown before
anything depends on it, the old recovery key opens nothing afterwards, and the
record PDFs can be checked one by one (issue 16 items 1 and 5)."""

from __future__ import annotations

import pytest

from imr_desktop.records.store import RecordStore
from imr_desktop.security import backups, crypto, key_change
from imr_desktop.security.crypto import DatabaseKey, WrongPassphraseError
from imr_desktop.workspace import Workspace
from tests.cli_helpers import run_in
from tests.records_helpers import make_pdf
from tests.security_helpers import PASSPHRASE

pytestmark = pytest.mark.usefixtures("fast_scrypt")

NEW = "a brand new passphrase"
CASE = "CM16-0000101"


class Killed(BaseException):
    """The process dies here: nothing after it runs, no clean-up."""


@pytest.fixture
def full_folder(encrypted_dir, tmp_path):
    """An encrypted folder with two record PDFs, two backups and a file a restore
    moved aside: everything a key change must move."""
    folder, code = encrypted_dir
    ws = Workspace.open(folder, passphrase=PASSPHRASE)
    records = RecordStore(ws.cases.db, folder)
    case_id = ws.cases.find(CASE)
    for n in range(2):
        records.attach(case_id, make_pdf(tmp_path / f"r{n}.pdf", [f"Record {n} progress note"]))
    first = backups.make_backup(ws.cases.db, folder, "manual", connect=ws.connect)
    ws.close()
    from imr_desktop.security.cases_file import restore_from_backup

    restore_from_backup(folder, first.name, PASSPHRASE)  # leaves cases.db.replaced-…
    assert key_change.leftovers(folder)
    return folder, DatabaseKey.from_recovery_code(code)


def _everything_opens_with(folder, key: DatabaseKey) -> None:
    """cases.db, every backup and moved-aside file open with ``key``; every record
    PDF decrypts to its SHA-256."""
    crypto.sqlcipher_open(folder / "cases.db", key).close()
    for info in backups.list_backups(folder):
        assert backups.check_backup(info.path, crypto.SqlcipherConnector(key)) is None
    for path in key_change.leftovers(folder):
        crypto.sqlcipher_open(path, key).close()
    ws = Workspace.open(folder, key=key)
    try:
        results = RecordStore(ws.cases.db, folder).verify()
        assert len(results) == 2 and all(problem is None for _, problem in results)
        ok, message = ws.cases.audit.verify()
        assert ok, message
    finally:
        ws.close()


def _nothing_opens_with(folder, key: DatabaseKey) -> None:
    for path in [folder / "cases.db", *key_change.leftovers(folder)] + [
        b.path for b in backups.list_backups(folder)
    ]:
        with pytest.raises(WrongPassphraseError):
            crypto.sqlcipher_open(path, key).close()
    _, open_old = crypto.file_sealer(key)
    for path in (folder / "records").glob("*/*.pdf"):
        with pytest.raises(Exception):  # noqa: B017 (AES-GCM's InvalidTag)
            open_old(path.read_bytes())


def test_a_change_moves_every_file_and_the_old_recovery_key_opens_nothing(full_folder):
    folder, old_key = full_folder
    ws = Workspace.open(folder, passphrase=PASSPHRASE)
    shown: list[str] = []

    def show(code: str) -> None:
        # Shown before anything depends on it: cases.db is still under the old key.
        crypto.sqlcipher_open(folder / "cases.db", old_key).close()
        shown.append(code)

    code = key_change.change_passphrase(ws.cases, folder, ws.connect, NEW, show_recovery_key=show)
    ws.close()
    assert shown == [code]
    new_key = DatabaseKey.from_recovery_code(code)
    _everything_opens_with(folder, new_key)
    _nothing_opens_with(folder, old_key)
    assert not (folder / key_change.JOURNAL_FILE).exists()


STEPS = [
    "new key file written",
    "recovery key shown",
    "journal written",
    "cases.db re-keyed",
    "a backup moved",
    "a moved-aside file moved",
    "a record file moved",
    "the anchor moved",
    "new key file in place",
]


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("reopen_with", ["old", "new"])
def test_a_change_killed_at_any_step_is_finished_or_undone(
    full_folder, monkeypatch, step, reopen_with
):
    folder, old_key = full_folder
    ws = Workspace.open(folder, passphrase=PASSPHRASE)
    codes: list[str] = []

    def stop(name: str) -> None:
        if name == step:
            raise Killed(name)

    monkeypatch.setattr(key_change, "_step", stop)
    with pytest.raises(Killed):
        key_change.change_passphrase(
            ws.cases, folder, ws.connect, NEW, show_recovery_key=codes.append
        )
    ws.cases.db.conn.close()  # dies: no checkpoint, no clean close
    monkeypatch.undo()
    new_key = DatabaseKey.from_recovery_code(codes[0]) if codes else None

    passphrase = PASSPHRASE if reopen_with == "old" else NEW
    try:
        ws = Workspace.open(folder, passphrase=passphrase)
    except WrongPassphraseError as exc:
        if step in ("new key file written", "recovery key shown"):
            # Before the journal the change has not begun: the new passphrase says so.
            assert reopen_with == "new" and "interrupted before it took effect" in str(exc)
            ws = Workspace.open(folder, passphrase=PASSPHRASE)
        else:
            # Once the new key file is cases.key, the old passphrase is gone.
            assert reopen_with == "old" and step == "new key file in place"
            ws = Workspace.open(folder, passphrase=NEW)
    actions = [e.action for e in ws.cases.audit.entries(limit=5)]
    ws.close()
    assert not (folder / key_change.JOURNAL_FILE).exists()
    began = step not in ("new key file written", "recovery key shown")
    assert ("passphrase changed" in actions) == began
    # Toward the key that was used, unless the new key file was already in place.
    forward = began and (reopen_with == "new" or step == "new key file in place")
    final, other = (new_key, old_key) if forward else (old_key, new_key)
    assert final is not None
    _everything_opens_with(folder, final)
    if other is not None:
        _nothing_opens_with(folder, other)
    # And the next change works (the attack run's every later change crashed).
    ws = Workspace.open(folder, key=final)
    again = key_change.change_passphrase(ws.cases, folder, ws.connect, "yet another passphrase")
    ws.close()
    _everything_opens_with(folder, DatabaseKey.from_recovery_code(again))


def test_a_leftover_that_cannot_be_re_keyed_is_sealed_not_left_under_the_old_key(full_folder):
    folder, old_key = full_folder
    [leftover] = key_change.leftovers(folder)
    data = bytearray(leftover.read_bytes())
    data[100:200] = bytes(100)  # page 1 damaged: no key opens it as a database
    leftover.write_bytes(bytes(data))
    ws = Workspace.open(folder, passphrase=PASSPHRASE)
    code = key_change.change_passphrase(ws.cases, folder, ws.connect, NEW)
    ws.close()
    assert not leftover.exists()
    sealed = leftover.with_name(leftover.name + key_change.SEALED_SUFFIX)
    _, open_new = crypto.file_sealer(DatabaseKey.from_recovery_code(code))
    assert open_new(sealed.read_bytes()) == bytes(data)  # kept, for support, under the new key


def test_recover_is_audited(capsys, encrypted_dir, tmp_path, monkeypatch):
    folder, code = encrypted_dir
    key_file = tmp_path / "recovery.txt"
    key_file.write_text(code + "\n")
    new_file = tmp_path / "new.txt"
    new_file.write_text("recovered passphrase here\n")
    result = run_in(
        capsys,
        folder,
        "passphrase",
        "recover",
        "--recovery-key-file",
        str(key_file),
        "--new-passphrase-file",
        str(new_file),
    )
    assert result[0] == 0
    monkeypatch.setenv("IMR_DESKTOP_PASSPHRASE", "recovered passphrase here")
    _, out, _ = run_in(capsys, folder, "audit", "list")
    assert "passphrase recovered" in out


def test_records_verify_checks_every_copy(capsys, full_folder, monkeypatch):
    folder, _ = full_folder
    monkeypatch.setenv("IMR_DESKTOP_PASSPHRASE", PASSPHRASE)
    code, out, _ = run_in(capsys, folder, "records", "verify", CASE)
    assert code == 0 and "2 of 2 document(s) verified" in out
    victim = sorted((folder / "records").glob("*/*.pdf"))[0]
    data = bytearray(victim.read_bytes())
    data[-20] ^= 0xFF
    victim.write_bytes(bytes(data))
    code, out, _ = run_in(capsys, folder, "records", "verify")
    assert code == 1 and "1 of 2 document(s) verified" in out and "FAILED" in out
    assert "cannot be decrypted" in out
