"""Encryption at rest: the key, the key file, SQLCipher through sqlite-utils."""

from __future__ import annotations

import sqlite3

import pytest

from imr_desktop.database import CorruptDatabaseError
from imr_desktop.security import crypto
from imr_desktop.security.cases_file import FolderState, folder_state
from imr_desktop.security.crypto import DatabaseKey, WrongPassphraseError
from imr_desktop.security.key_change import change_passphrase, recover
from imr_desktop.workspace import Workspace
from tests.security_helpers import PASSPHRASE

pytestmark = pytest.mark.usefixtures("fast_scrypt")


def test_key_repr_hides_bytes_and_recovery_code_round_trips():
    key = DatabaseKey.generate()
    assert key.raw.hex() not in repr(key)
    code = key.recovery_code()
    assert len(code.split("-")) == 13
    assert DatabaseKey.from_recovery_code(code.lower().replace("-", " ")) == key
    with pytest.raises(WrongPassphraseError):
        DatabaseKey.from_recovery_code("not a key")


def test_wrap_unwrap_and_wrong_passphrase():
    key = DatabaseKey.generate()
    text = crypto.wrap_key(key, PASSPHRASE)
    assert key.raw.hex() not in text and PASSPHRASE not in text
    assert crypto.unwrap_key(text, PASSPHRASE) == key
    with pytest.raises(WrongPassphraseError, match="Wrong passphrase"):
        crypto.unwrap_key(text, PASSPHRASE + "x")
    with pytest.raises(crypto.EncryptionError, match="damaged"):
        crypto.unwrap_key("{}", PASSPHRASE)


def test_new_folder_with_passphrase_is_encrypted_with_wal_fts_and_migrations(tmp_path):
    folder = tmp_path / "new"
    ws = Workspace.open(folder, passphrase=PASSPHRASE)
    try:
        assert ws.encrypted and ws.recovery_code
        assert folder_state(folder) is FolderState.ENCRYPTED
        assert ws.cases.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert "_sqlite_migrations" in ws.cases.db.table_names()
        # FTS5 works inside the encrypted file (the records index uses it).
        ws.cases.db.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
        ws.cases.db.execute("INSERT INTO t VALUES ('lumbar physical therapy')")
        assert ws.cases.db.execute("SELECT count(*) FROM t WHERE t MATCH 'lumbar'").fetchone()[0]
        numbers = [c.case_number for c in ws.cases.list_cases()]
    finally:
        ws.close()
    raw = (folder / "cases.db").read_bytes()
    assert numbers and not any(n.encode() in raw for n in numbers)
    assert (folder / "cases.key").stat().st_mode & 0o777 == 0o600
    assert ws.recovery_code not in (folder / "cases.key").read_text()


def test_plain_folder_stays_plain_without_passphrase(data_dir):
    ws = Workspace.open(data_dir)
    assert not ws.encrypted
    ws.close()
    assert folder_state(data_dir) is FolderState.PLAIN


def test_encrypted_folder_needs_the_right_passphrase(encrypted_dir, capfd):
    folder, _ = encrypted_dir
    with pytest.raises(crypto.PassphraseRequiredError):
        Workspace.open(folder)
    with pytest.raises(WrongPassphraseError, match="Wrong passphrase"):
        Workspace.open(folder, passphrase="not the passphrase")
    # SQLCipher's own log lines do not reach the terminal.
    assert "hmac" not in capfd.readouterr().err.lower()
    ws = Workspace.open(folder, passphrase=PASSPHRASE)
    assert len(ws.cases.list_cases()) == 3
    ws.close()


def test_sqlcipher_errors_are_sqlite3_errors(encrypted_dir):
    folder, _ = encrypted_dir
    ws = Workspace.open(folder, passphrase=PASSPHRASE)
    try:
        with pytest.raises(sqlite3.OperationalError):
            ws.cases.db.execute("SELEC nonsense")
    finally:
        ws.close()


def test_encrypting_a_plain_folder_keeps_every_case_and_encrypts_backups(encrypted_dir):
    folder, code = encrypted_dir
    assert not (folder / "cases.db-wal").exists() or (folder / "cases.db-wal").stat().st_size == 0
    assert b"CM16-0000101" not in (folder / "cases.db").read_bytes()
    ws = Workspace.open(folder, key=DatabaseKey.from_recovery_code(code))
    assert [c.case_number for c in ws.cases.list_cases()] == [
        "CM16-0000101",
        "CM16-0000102",
        "CM16-0000103",
    ]
    ws.close()


def test_change_passphrase_rekeys_file_and_backups(encrypted_dir):
    from imr_desktop.security import backups

    folder, old_code = encrypted_dir
    ws = Workspace.open(folder, passphrase=PASSPHRASE)
    backups.make_backup(ws.cases.db, folder, "manual", connect=ws.connect)
    new_code = change_passphrase(ws.cases, folder, ws.connect, "a brand new passphrase")
    # The open connection keeps working, and new connections use the new key.
    assert len(ws.cases.list_cases()) == 3
    assert ws.cases.audit.entries()[0].action == "passphrase changed"
    ws.close()
    assert new_code != old_code
    with pytest.raises(WrongPassphraseError):
        Workspace.open(folder, passphrase=PASSPHRASE)
    with pytest.raises(WrongPassphraseError):
        crypto.sqlcipher_open(folder / "cases.db", DatabaseKey.from_recovery_code(old_code))
    ws = Workspace.open(folder, passphrase="a brand new passphrase")
    ws.close()
    newest = backups.list_backups(folder)[0]
    key = DatabaseKey.from_recovery_code(new_code)
    assert backups.check_backup(newest.path, crypto.SqlcipherConnector(key)) is None


def test_interrupted_rekey_is_found_by_unlock(encrypted_dir):
    folder, _ = encrypted_dir
    ws = Workspace.open(folder, passphrase=PASSPHRASE)
    new_key = DatabaseKey.generate()
    crypto.write_key_file(folder, new_key, "the new passphrase", pending=True)
    crypto.rekey_connection(ws.cases.db.conn, new_key)
    ws.close()  # "crash" before cases.key.new is renamed
    ws = Workspace.open(folder, passphrase="the new passphrase")
    ws.close()
    assert not (folder / crypto.PENDING_KEY_FILE).exists()


def test_recovery_key_sets_a_new_passphrase(encrypted_dir):
    folder, code = encrypted_dir
    with pytest.raises(WrongPassphraseError):
        recover(folder, DatabaseKey.generate().recovery_code(), "forgotten no more")
    recover(folder, code, "forgotten no more")
    ws = Workspace.open(folder, passphrase="forgotten no more")
    ws.close()


def test_missing_key_file_points_to_the_recovery_key(encrypted_dir):
    folder, code = encrypted_dir
    (folder / "cases.key").unlink()
    with pytest.raises(CorruptDatabaseError, match="recovery key"):
        Workspace.open(folder, passphrase=PASSPHRASE)
    recover(folder, code, "a fresh passphrase")
    Workspace.open(folder, passphrase="a fresh passphrase").close()


def test_damaged_encrypted_file_is_reported_as_damaged_not_wrong_passphrase(encrypted_dir):
    folder, _ = encrypted_dir
    path = folder / "cases.db"
    data = bytearray(path.read_bytes())
    data[100:200] = bytes(100)  # inside page 1: its HMAC fails
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptDatabaseError, match="damaged"):
        Workspace.open(folder, passphrase=PASSPHRASE)
    assert path.read_bytes() == bytes(data)  # never overwritten


def test_passphrase_rules_and_strength():
    assert crypto.passphrase_problem("short") is not None
    assert crypto.passphrase_problem("long enough", "different") == "The two passphrases differ."
    assert crypto.passphrase_problem("long enough", "long enough") is None
    assert crypto.passphrase_strength("abc")[0] == 0
    assert crypto.passphrase_strength("abcdefgh")[0] == 1
    assert crypto.passphrase_strength("orange tractor violin marble quietly")[0] >= 3


def test_new_folder_refuses_a_short_passphrase(tmp_path):
    with pytest.raises(crypto.EncryptionError, match="at least"):
        Workspace.open(tmp_path / "d", passphrase="short")


def test_attached_case_file_pdfs_are_sealed_when_encrypted(tmp_path, data_dir):
    from imr_desktop.records.files import set_record_codec
    from imr_desktop.records.store import RecordStore
    from imr_desktop.security.key_change import encrypt_folder
    from tests.records_helpers import make_pdf

    pdf = make_pdf(tmp_path / "clinic.pdf", ["Progress note Seal-marker-5521"])
    ws = Workspace.open(data_dir)
    try:
        records = RecordStore(ws.cases.db, ws.data_dir)
        case_id = ws.cases.find("CM16-0000101")
        plain_doc = records.attach(case_id, pdf)
    finally:
        ws.close()
    stored = records.file_path(plain_doc)
    assert stored.read_bytes().startswith(b"%PDF")
    try:
        encrypt_folder(data_dir, PASSPHRASE)
        assert not stored.read_bytes().startswith(b"%PDF")
        ws = Workspace.open(data_dir, passphrase=PASSPHRASE)
        records = RecordStore(ws.cases.db, ws.data_dir)
        assert records.read_pdf(records.document(plain_doc.document_id)).startswith(b"%PDF")
        second = records.attach(case_id, make_pdf(tmp_path / "b.pdf", ["Another page"]))
        assert b"Another" not in records.file_path(second).read_bytes()
        assert b"%PDF" not in records.file_path(second).read_bytes()[:64]
        change_passphrase(ws.cases, data_dir, ws.connect, "yet another passphrase")
        assert records.read_pdf(records.document(second.document_id)).startswith(b"%PDF")
        ws.close()
    finally:
        set_record_codec(None)
