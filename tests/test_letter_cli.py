"""Check, export, finalise and reopen: the flow and the command line."""

from __future__ import annotations

import hashlib

import pytest

from imr_desktop.cases.store import CaseStore
from imr_desktop.cli import main
from imr_desktop.letter import workflow
from imr_desktop.model import Status
from tests.letter_writing_helpers import pdf_flat_text


def _break(store: CaseStore, number: str = "CM16-0000101") -> int:
    case_id = store.resolve(number)
    case = store.load(case_id)
    case.items[0].decision = None
    store.save(case_id, case, reason="saved")
    return case_id


def _actions(data_dir, number):
    store = CaseStore.open(data_dir)
    try:
        return [(e.action, e.detail) for e in store.audit.entries(number)]
    finally:
        store.close()


def test_check_prints_findings_and_exit_status(data_dir, store, capsys):
    assert main(["--data-dir", str(data_dir), "check", "CM16-0000101"]) == 0
    assert "0 error(s)" in capsys.readouterr().out
    _break(store)
    store.close()
    assert main(["--data-dir", str(data_dir), "check", "CM16-0000101"]) == 1
    out = capsys.readouterr().out
    assert "error" in out and "item 1 has no decision" in out and "[items[0].decision]" in out


def test_export_refuses_qa_errors_unless_forced_and_audits_the_override(
    data_dir, store, tmp_path, capsys
):
    _break(store)
    store.close()
    pdf = tmp_path / "out.pdf"
    assert main(["--data-dir", str(data_dir), "export", "CM16-0000101", "-o", str(pdf)]) == 1
    assert not pdf.exists()
    assert "QA error" in capsys.readouterr().err
    assert (
        main(["--data-dir", str(data_dir), "export", "CM16-0000101", "-o", str(pdf), "--force"])
        == 0
    )
    assert "[no decision]" in pdf_flat_text(pdf.read_bytes())
    actions = dict(_actions(data_dir, "CM16-0000101"))
    assert "no_decision" in actions["export overridden"]
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() in actions["exported"]


def test_export_to_a_missing_folder_is_a_clear_message(data_dir, tmp_path, capsys):
    code = main(
        [
            "--data-dir",
            str(data_dir),
            "export",
            "CM16-0000102",
            "-o",
            str(tmp_path / "no" / "x.pdf"),
        ]
    )
    assert code == 2
    assert "does not exist" in capsys.readouterr().err


def test_an_export_that_cannot_read_what_it_needs_says_so_not_that_it_cannot_write(
    data_dir, tmp_path, capsys, monkeypatch
):
    """A file the letter needs, missing (the installed copy once lacked one), is not a
    folder that cannot be written: the message names what could not be read."""
    needed = tmp_path / "elsewhere" / "drugs.py"

    def missing(*_args, **_kwargs):
        raise FileNotFoundError(2, "No such file or directory", str(needed))

    monkeypatch.setattr(workflow, "check_loaded", missing)
    pdf = tmp_path / "out" / "letter.pdf"
    pdf.parent.mkdir()
    assert main(["--data-dir", str(data_dir), "export", "CM16-0000102", "-o", str(pdf)]) == 2
    err = capsys.readouterr().err
    assert f"cannot export CM16-0000102: No such file or directory ({needed})" in err
    assert "cannot write" not in err and not pdf.exists()

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")  # names no file

    monkeypatch.setattr(workflow, "check_loaded", full_disk)
    assert main(["--data-dir", str(data_dir), "export", "CM16-0000102", "-o", str(pdf)]) == 2
    assert f"cannot write {pdf}: No space left on device" in capsys.readouterr().err


def test_finalize_records_sha_and_reexport_is_identical(data_dir, tmp_path):
    first, again = tmp_path / "final.pdf", tmp_path / "again.pdf"
    assert main(["--data-dir", str(data_dir), "finalize", "CM16-0000102", "-o", str(first)]) == 0
    store = CaseStore.open(data_dir)
    case_id = store.resolve("CM16-0000102")
    case = store.load(case_id)
    assert case.status is Status.FINAL and case.decision_date is not None
    sha = store.final_pdf_sha256(case_id)
    assert sha == hashlib.sha256(first.read_bytes()).hexdigest()
    assert workflow.verify_export(store, case_id)
    store.close()
    assert main(["--data-dir", str(data_dir), "export", "CM16-0000102", "-o", str(again)]) == 0
    assert again.read_bytes() == first.read_bytes()
    actions = [a for a, _ in _actions(data_dir, "CM16-0000102")]
    assert "finalized" in actions and "decision date set" in actions


def test_a_final_letter_carries_the_moment_it_was_finalized(store, tmp_path):
    import datetime as dt
    import io

    import pypdf

    case_id = store.resolve("CM16-0000101")
    moment = dt.datetime(2016, 10, 21, 9, 15, tzinfo=dt.timezone(dt.timedelta(hours=-7)))
    first = tmp_path / "final.pdf"
    workflow.finalize(store, case_id, first, now=moment)
    info = pypdf.PdfReader(io.BytesIO(first.read_bytes())).metadata
    assert info["/CreationDate"] == "D:20161021091500-07'00'"
    assert store.final_pdf_created(case_id) == moment
    # Every later export of the final letter is the same file, created then.
    again = workflow.export_letter(store, case_id, tmp_path / "again.pdf")
    assert (tmp_path / "again.pdf").read_bytes() == first.read_bytes()
    assert again.sha256 == store.final_pdf_sha256(case_id)
    assert workflow.verify_export(store, case_id)
    workflow.reopen(store, case_id, "a date was wrong")
    assert store.final_pdf_created(case_id) is None


def test_a_case_finalized_before_the_moment_was_recorded_still_verifies(store):
    from imr_desktop.export import render_letter_pdf

    case_id = store.resolve("CM16-0000101")
    data, _ = render_letter_pdf(store.load(case_id), invariant=True)  # 01/01/2000, as then
    store.finalize(case_id, hashlib.sha256(data).hexdigest())
    assert store.final_pdf_created(case_id) is None
    assert workflow.verify_export(store, case_id)


def test_a_final_case_refuses_edits_until_reopened_with_a_reason(data_dir, tmp_path):
    pdf = tmp_path / "f.pdf"
    assert main(["--data-dir", str(data_dir), "finalize", "CM16-0000103", "-o", str(pdf)]) == 0
    assert main(["--data-dir", str(data_dir), "finalize", "CM16-0000103", "-o", str(pdf)]) == 2
    assert main(["--data-dir", str(data_dir), "reopen", "CM16-0000103", "--reason", " "]) == 2
    assert (
        main(["--data-dir", str(data_dir), "reopen", "CM16-0000103", "--reason", "typo fixed"]) == 0
    )
    store = CaseStore.open(data_dir)
    case_id = store.resolve("CM16-0000103")
    assert store.load(case_id).status is Status.DRAFT
    assert store.final_pdf_sha256(case_id) is None
    store.close()
    assert ("reopened", "typo fixed") in _actions(data_dir, "CM16-0000103")


def test_finalize_with_errors_needs_force(store, data_dir, tmp_path):
    case_id = _break(store)
    with pytest.raises(workflow.QAErrorsError):
        workflow.finalize(store, case_id, tmp_path / "f.pdf")
    assert store.load(case_id).status is Status.DRAFT
    done = workflow.finalize(store, case_id, tmp_path / "f.pdf", force=True)
    assert done.overridden and done.finalized


def test_reviewer_name_from_the_profile_is_checked(store):
    profile = store.reviewer_profile()
    profile.name = "Jane Q. Doe"
    store.set_reviewer_profile(profile)
    case_id = store.resolve("CM16-0000101")
    case = store.load(case_id)
    case.summary += " Reviewed by Dr. Doe."
    store.save(case_id, case, reason="saved")
    rules = {f.rule for f in workflow.check(store, case_id)}
    assert "reviewer_name" in rules
