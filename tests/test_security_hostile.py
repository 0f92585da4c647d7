"""Hostile and accidental input: each gets a clear message and loses nothing."""

from __future__ import annotations

import contextlib
import errno
import json
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imr_desktop.model import CaseFormatError, case_from_json
from imr_desktop.model.case_json import MAX_FILE_BYTES
from imr_desktop.workspace import Workspace
from tests.cli_helpers import export_case_json, run

FUZZ = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=20), children, max_size=6)
    ),
    max_leaves=30,
)

CASE_KEYS = [
    "format",
    "case_number",
    "claim_number",
    "priority",
    "date_of_injury",
    "status",
    "reviewer",
    "patient",
    "summary",
    "items",
    "due_date",
    "decision_date",
]


# --- case JSON (the interchange format) ----------------------------------------------


@FUZZ
@given(st.binary(max_size=300))
def test_case_json_random_bytes_are_refused_cleanly(data):
    with contextlib.suppress(CaseFormatError):
        case_from_json(data)


@FUZZ
@given(st.dictionaries(st.sampled_from(CASE_KEYS), json_values, max_size=len(CASE_KEYS)))
def test_case_json_malformed_documents_are_refused_cleanly(doc):
    doc.setdefault("format", "imr-case/1")
    try:
        case_from_json(json.dumps(doc))
    except CaseFormatError as exc:
        assert str(exc)  # says what is wrong


def test_oversized_case_json_through_the_cli(capsys, data_dir, tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b'{"format": "imr-case/1", "summary": "' + b"x" * MAX_FILE_BYTES + b'"}')
    before = (data_dir / "cases.db").read_bytes()
    code, _, err = run(capsys, "--data-dir", str(data_dir), "cases", "import", str(big))
    assert code == 2 and "MB" in err and "Traceback" not in err
    ws = Workspace.open(data_dir)
    assert len(ws.cases.list_cases()) == 3
    ws.close()
    assert before  # the file was there and is still usable


def test_case_json_that_is_not_json_through_the_cli(capsys, data_dir, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "imr-case/1", "items": [}')
    code, _, err = run(capsys, "--data-dir", str(data_dir), "cases", "import", str(bad))
    assert code == 2 and err.startswith("imr-desktop:") and "Traceback" not in err


# --- guideline library files --------------------------------------------------------


@FUZZ
@given(st.text(max_size=400), st.sampled_from(["read_json", "read_csv", "read_markdown"]))
def test_guideline_text_importers_refuse_garbage_cleanly(text, reader_name):
    from imr_desktop.guidelines import importers

    with contextlib.suppress(importers.GuidelineImportError):
        getattr(importers, reader_name)(text, "fuzz")


@FUZZ
@given(json_values)
def test_guideline_json_importer_refuses_any_json_cleanly(value):
    from imr_desktop.guidelines import importers

    with contextlib.suppress(importers.GuidelineImportError):
        importers.read_json(json.dumps(value), "fuzz.json")


# --- a PDF that is not a PDF ----------------------------------------------------------


@pytest.mark.parametrize(
    "content", [b"just text, not a pdf", b"%PDF-1.7\n garbage \x00\x01", b"", b"\x89PNG\r\n"]
)
def test_a_pdf_that_is_not_a_pdf(capsys, data_dir, tmp_path, content):
    fake = tmp_path / "record.pdf"
    fake.write_bytes(content)
    code, _, err = run(
        capsys, "--data-dir", str(data_dir), "records", "attach", "CM16-0000101", str(fake)
    )
    assert code != 0 and "Traceback" not in err and "record.pdf" in err
    code, _, err = run(capsys, "--data-dir", str(data_dir), "guidelines", "import", str(fake))
    assert code != 0 and "Traceback" not in err and "record.pdf" in err


# --- a database from a newer version ---------------------------------------------------


def test_a_database_from_a_newer_version(capsys, data_dir):
    ws = Workspace.open(data_dir)
    ws.cases.db["_sqlite_migrations"].insert(
        {"migration_set": "imr_desktop.cases", "name": "m999_future", "applied_at": "2031"}
    )
    ws.close()
    before = (data_dir / "cases.db").read_bytes()
    code, _, err = run(capsys, "--data-dir", str(data_dir), "cases", "list")
    assert code == 2 and "newer version of IMR Desktop" in err
    assert (data_dir / "cases.db").read_bytes() == before


# --- read-only folder and full disk ---------------------------------------------------


def _fail_writes(monkeypatch, store, message):
    real = store.save

    def failing(*args, **kwargs):
        raise sqlite3.OperationalError(message)

    monkeypatch.setattr(store, "save", failing)
    return real


@pytest.mark.parametrize(
    "message,expected",
    [
        ("database or disk is full", "disk is full"),
        ("attempt to write a readonly database", "read-only"),
    ],
)
def test_save_on_a_full_or_read_only_disk_keeps_the_draft(
    qtbot, data_dir, monkeypatch, message, expected
):
    from tests.ui_helpers import close_window, make_window

    window = make_window(qtbot, data_dir)
    store = window.workspace.cases
    window.editor.summary.setFocus()
    window.editor.summary.insertPlainText("Kept-in-memory ")
    real = _fail_writes(monkeypatch, store, message)
    with qtbot.waitSignal(window.session.saveFailed) as blocker:
        assert not window.session.save_now("saved")
    assert expected in blocker.args[0] and "draft is kept" in blocker.args[0]
    assert window.session.dirty and "Kept-in-memory" in window.session.case.summary
    monkeypatch.setattr(store, "save", real)  # space freed: the next save works
    assert window.session.save_now("saved")
    assert "Kept-in-memory" in store.load(window.session.case_id).summary
    close_window(window)


def test_cli_on_a_full_disk_says_so(capsys, data_dir, tmp_path, monkeypatch):
    from imr_desktop.cases.store import CaseStore

    def full(self, *args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(CaseStore, "create", full)
    target = tmp_path / "case.json"
    export_case_json(capsys, data_dir, "CM16-0000101", target)
    doc = json.loads(target.read_text())
    doc["case_number"] = "CM16-0000999"
    target.write_text(json.dumps(doc))
    code, _, err = run(capsys, "--data-dir", str(data_dir), "cases", "import", str(target))
    assert code == 2 and "disk is full" in err and "Traceback" not in err


def test_cli_export_on_a_full_disk_leaves_no_partial_file(capsys, data_dir, tmp_path, monkeypatch):
    import imr_desktop.atomic as atomic

    real_fsync = atomic.os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    target = tmp_path / "out.json"
    code, _, err = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "cases",
        "export-json",
        "CM16-0000101",
        "-o",
        str(target),
    )
    monkeypatch.setattr(atomic.os, "fsync", real_fsync)
    assert code == 2 and "No space left" in err
    assert not target.exists() and not list(tmp_path.glob(".out.json.*"))


def test_read_only_data_folder_opens_and_says_so_on_write(capsys, data_dir, monkeypatch):
    """Root ignores file modes here, so the folder is made read-only the way SQLite
    sees it: the connection is opened read-only."""
    from imr_desktop import database

    def read_only(path):
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)

    monkeypatch.setattr(database, "plain_connect", read_only)
    monkeypatch.setattr("imr_desktop.security.cases_file.plain_connect", read_only)
    code, _, err = run(capsys, "--data-dir", str(data_dir), "cases", "list")
    # Opening sets WAL and may need to write: whichever happens, one clear line.
    assert "Traceback" not in err
    if code != 0:
        assert err.startswith("imr-desktop:") and ("read" in err.lower())


# --- what an attack run found (issue 16): each a clear one-line message ---------------

# Text with lone UTF-16 surrogates, which no encoder (nor SQLite) accepts.
hostile_text = st.text(
    alphabet=st.characters(categories=["L", "N", "P", "Zs", "Cs"]), min_size=1, max_size=30
)


@FUZZ
@given(hostile_text)
def test_case_json_with_lone_surrogates_is_refused_or_stored(store, text):
    doc = {"format": "imr-case/1", "case_number": "CM16-0000900", "summary": text}
    try:
        case = case_from_json(json.dumps(doc))
    except CaseFormatError as exc:
        assert "character" in str(exc)
        return
    case_id = store.create(case)
    assert store.load(case_id).summary == text
    store.delete(case_id)


@FUZZ
@given(hostile_text, st.sampled_from(["topic", "text", "chapter", "section"]))
def test_guideline_json_with_lone_surrogates_is_refused_cleanly(text, field):
    from imr_desktop.guidelines import importers

    passage = {"topic": "Topic", "text": "Body", field: text}
    doc = {"source": {"title": "T", "kind": "mtus"}, "passages": [passage]}
    try:
        imported = importers.read_json(json.dumps(doc), "fuzz.json")
    except importers.GuidelineImportError as exc:
        assert "character" in str(exc) or field in str(exc)
        return
    for p in imported[0].passages:  # what is accepted can be stored
        (p.topic + p.text + p.chapter + p.section).encode("utf-8")


@FUZZ
@given(hostile_text)
def test_guideline_csv_with_lone_surrogates_is_refused_cleanly(text):
    from imr_desktop.guidelines import importers

    csv_text = f"source_title,source_kind,topic,text\nT,mtus,Topic,{text.replace(',', ' ')}\n"
    with contextlib.suppress(importers.GuidelineImportError):
        imported = importers.read_csv(csv_text, "fuzz.csv")
        for p in imported[0].passages:  # what is accepted can be stored
            p.text.encode("utf-8")


DEEP_JSON = "[" * 100_000 + "]" * 100_000
HUGE_INT = "9" * 5_000
RANK_CSV = "source_title,source_kind,topic,text,source_rank\nT,mtus,t,x,{}\n"


@pytest.mark.parametrize(
    "text",
    [
        DEEP_JSON,
        '{"format": "imr-case/1", "case_number": "CM16-1", "patient": {"age": ' + HUGE_INT + "}}",
        '{"format": "imr-case/1", "case_number": "CM16-1", "summary": "a\\ud800b"}',
        '{"format": "imr-case/1", "case_number": "CM16-1", "reviewer": {"licensure": ["\\udc00"]}}',
    ],
    ids=["nested 100,000 deep", "5,000-digit integer", "lone surrogate", "surrogate in a list"],
)
def test_hostile_case_json_through_the_cli(capsys, data_dir, tmp_path, text):
    bad = tmp_path / "hostile.json"
    bad.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", str(data_dir), "cases", "import", str(bad))
    assert code == 2 and err.startswith("imr-desktop:") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert "CM16-1" not in run(capsys, "--data-dir", str(data_dir), "cases", "list")[1]


@pytest.mark.parametrize(
    "name,content",
    [
        ("deep.json", DEEP_JSON),
        ("int.json", '{"source": {"title": "T", "kind": "mtus", "rank": ' + HUGE_INT + "}}"),
        ("surrogate.json", '{"source": {"title": "T\\ud800", "kind": "mtus"}, "passages": []}'),
        (
            "rank.csv",
            RANK_CSV.format("9" * 30),
        ),
        ("digits.csv", RANK_CSV.format("\u00b2")),
        ("huge.csv", RANK_CSV.format(HUGE_INT)),
    ],
)
def test_hostile_guideline_files_through_the_cli(capsys, data_dir, tmp_path, name, content):
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "--data-dir", str(data_dir), "guidelines", "import", str(bad))
    assert code != 0 and err.startswith("imr-desktop:") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and name in err


def test_case_reference_in_unusual_digits_is_not_found_cleanly(capsys, data_dir):
    for ref in ("\u00b2", "9" * 5_000):
        code, _, err = run(capsys, "--data-dir", str(data_dir), "cases", "show", ref)
        assert code == 2 and "no case" in err and "Traceback" not in err


def test_key_file_with_a_hostile_kdf_is_called_damaged(capsys, encrypted_dir, monkeypatch):
    from tests.security_helpers import PASSPHRASE

    folder, _ = encrypted_dir
    monkeypatch.setenv("IMR_DESKTOP_PASSPHRASE", PASSPHRASE)
    key_file = folder / "cases.key"
    doc = json.loads(key_file.read_text())
    for n in (3, 2**40, -1, "x", 2**31):
        doc["kdf"]["n"] = n
        key_file.write_text(json.dumps(doc))
        code, _, err = run(capsys, "--data-dir", str(folder), "cases", "list")
        assert code == 2 and "cases.key is damaged" in err and "Traceback" not in err
