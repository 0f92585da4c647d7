import sqlite3
import stat

import pytest
import sqlite_utils

from imr_desktop.cases.schema import CASES_MIGRATION_SETS, cases_migrations
from imr_desktop.cases.store import (
    CaseFinalizedError,
    CaseNotFoundError,
    CaseStore,
    DuplicateCaseError,
)
from imr_desktop.database import NewerSchemaError, open_database
from imr_desktop.model import Citation, CitationKind, Decision, DisputedItem, Status


def test_demo_cases_are_seeded_in_order(store):
    assert [r.case_number for r in store.list_cases()] == [
        "CM16-0000101",
        "CM16-0000102",
        "CM16-0000103",
    ]


def test_save_and_load_round_trip(store):
    case_id = store.find("CM16-0000102")
    case = store.load(case_id)
    case.summary = "Edited summary — ñ 患者"
    case.items.append(
        DisputedItem(
            request="TENS unit trial",
            decision=Decision.OVERTURNED,
            citations=[Citation(CitationKind.MTUS, "CPMTG", "2009", "TENS", "114-116")],
            rationale="Therefore, the request for TENS unit trial is medically necessary.",
        )
    )
    store.save(case_id, case)
    assert store.load(case_id) == case
    rows = list(
        store.db.query("SELECT request FROM items WHERE case_id = ? ORDER BY position", [case_id])
    )
    assert rows[-1]["request"] == "TENS unit trial"


def test_each_save_writes_a_revision_coalesced_per_minute(store):
    case_id = store.find("CM16-0000101")
    case = store.load(case_id)
    before = len(store.revisions(case_id))
    for n in range(5):
        case.summary = f"version {n}"
        store.save(case_id, case)
    revisions = store.revisions(case_id)
    assert len(revisions) == before + 1  # five autosaves within a minute: one revision
    assert store.load_revision(revisions[0].revision_id).summary == "version 4"
    store.save(case_id, case, reason="saved")  # an explicit save always adds one
    assert len(store.revisions(case_id)) == before + 2


def test_restore_is_itself_a_revision(store):
    case_id = store.find("CM16-0000101")
    original = store.load(case_id)
    first_revision = store.revisions(case_id)[-1].revision_id
    changed = store.load(case_id)
    changed.summary = "overwritten"
    store.save(case_id, changed, reason="saved")
    restored = store.restore(case_id, first_revision)
    assert restored.summary == original.summary
    assert store.load(case_id).summary == original.summary
    assert store.revisions(case_id)[0].reason == f"restored revision {first_revision}"
    assert any(e.action == "restored" for e in store.audit.entries())


def test_finalized_case_is_read_only_until_reopened(store):
    case_id = store.find("CM16-0000103")
    store.finalize(case_id, "ab" * 32)
    case = store.load(case_id)
    assert case.status is Status.FINAL
    assert store.final_pdf_sha256(case_id) == "ab" * 32
    case.summary = "sneaky"
    with pytest.raises(CaseFinalizedError):
        store.save(case_id, case)
    store.reopen(case_id, "typo in item 1")
    assert store.load(case_id).status is Status.DRAFT
    assert store.final_pdf_sha256(case_id) is None
    actions = [e.action for e in store.audit.entries("CM16-0000103")]
    assert "finalized" in actions and "reopened" in actions


def test_duplicate_case_number_is_refused(store):
    case = store.load(store.find("CM16-0000101"))
    with pytest.raises(DuplicateCaseError):
        store.create(case)
    other_id = store.find("CM16-0000102")
    other = store.load(other_id)
    other.case_number = "CM16-0000101"
    with pytest.raises(DuplicateCaseError):
        store.save(other_id, other)
    assert store.load(other_id).case_number == "CM16-0000102"


def test_unknown_case_is_a_clear_error(store):
    with pytest.raises(CaseNotFoundError, match="CM99"):
        store.resolve("CM99-0000000")


def test_audit_chain_verifies_and_detects_tampering(store):
    ok, message = store.audit.verify()
    assert ok, message
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute("UPDATE audit SET action = 'x' WHERE id = 1")
    # Someone with the file drops the guard and rewrites a row: the chain shows it.
    store.db.execute("DROP TRIGGER audit_no_update")
    store.db.execute("UPDATE audit SET detail = 'forged' WHERE id = 2")
    ok, message = store.audit.verify()
    assert not ok and "row 2" in message


def test_files_are_owner_only(data_dir, store):
    mode = stat.S_IMODE((data_dir / "cases.db").stat().st_mode)
    assert mode == 0o600


def test_wal_mode(store):
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migrates_from_an_empty_file(tmp_path):
    (tmp_path / "cases.db").touch()
    store = CaseStore.open(tmp_path)
    assert store.list_cases() == []
    assert "final_pdf_sha256" in store.db["cases"].columns_dict


def test_migrates_from_the_first_schema(tmp_path):
    """A cases.db written by the first release (only m001) upgrades and keeps data."""
    path = tmp_path / "cases.db"
    db = sqlite_utils.Database(path)
    cases_migrations.apply(db, stop_before="m002_finalisation")
    db.execute(
        "INSERT INTO cases (case_number, summary, created_at, updated_at) "
        "VALUES ('CM14-0000001', 'old summary', '2014-07-01', '2014-07-01')"
    )
    db.close()
    store = CaseStore.open(tmp_path)
    case = store.load(store.find("CM14-0000001"))
    assert case.summary == "old summary"
    assert case.notes == ""
    applied = [m.name for m in cases_migrations.applied(store.db)]
    assert applied == [m.name for m in cases_migrations._migrations]  # every later step


def test_a_newer_file_is_refused_untouched(tmp_path):
    store = CaseStore.open(tmp_path)
    store.db["_sqlite_migrations"].insert(
        {"migration_set": "imr_desktop.cases", "name": "m999_future", "applied_at": "2030"}
    )
    store.close()
    before = (tmp_path / "cases.db").read_bytes()
    with pytest.raises(NewerSchemaError, match="newer version"):
        CaseStore.open(tmp_path)
    assert (tmp_path / "cases.db").read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "cases.db"
    path.write_bytes(b"this is not sqlite" * 100)
    from imr_desktop.database import CorruptDatabaseError

    with pytest.raises(CorruptDatabaseError, match="not been changed"):
        open_database(path, CASES_MIGRATION_SETS)
    assert path.read_bytes() == b"this is not sqlite" * 100


def test_save_is_one_transaction(store, monkeypatch):
    """A failure half-way through a save leaves the previous version whole."""
    case_id = store.find("CM16-0000102")
    original = store.load(case_id)
    case = store.load(case_id)
    case.summary = "half-written"
    case.items = case.items[:1]

    def boom(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "_add_revision", boom)
    with pytest.raises(sqlite3.OperationalError):
        store.save(case_id, case)
    assert store.load(case_id) == original
