"""A command run beside the open window (issue 16 item 3): its change is never undone
by the window's next autosave. The window notices it (PRAGMA data_version) and shows
it, or merges it with the unsaved draft, saying so."""

from __future__ import annotations

import json

import pytest

from imr_desktop.cases.store import CaseChangedElsewhereError, CaseStore
from imr_desktop.model import Case, DisputedItem, copy_case
from imr_desktop.model.merge import merge_cases
from tests.cli_helpers import run_in
from tests.letter_import_helpers import case_2016, text_letter

CASE = "CM16-0000101"


def test_a_save_over_a_version_someone_else_replaced_is_refused(store):
    case_id = store.find(CASE)
    seen = store.version(case_id)
    folder = store.db.execute("PRAGMA database_list").fetchone()[2].rsplit("/", 1)[0]
    other = CaseStore.open(folder)  # a command's connection
    try:
        theirs = other.load(case_id)
        theirs.summary += " Added by a command."
        other.save(case_id, theirs, reason="imported")
    finally:
        other.close()
    mine = store.load(case_id)
    with pytest.raises(CaseChangedElsewhereError):
        store.save(case_id, mine, expected_version=seen)
    assert "Added by a command." in store.load(case_id).summary  # nothing overwritten
    store.save(case_id, store.load(case_id), expected_version=store.version(case_id))


def test_the_three_way_merge_keeps_both_sides():
    base = Case(case_number=CASE, summary="Base.", items=[DisputedItem(request="PT")])
    mine = copy_case(base)
    mine.items[0].rationale = "Typed in the window."
    theirs = copy_case(base)
    theirs.items.append(DisputedItem(request="Copied from a prior letter"))
    theirs.notes = "A command's note."
    merged, conflicts = merge_cases(base, mine, theirs)
    assert conflicts == []
    assert merged.items[0].rationale == "Typed in the window."
    assert [i.request for i in merged.items] == ["PT", "Copied from a prior letter"]
    assert merged.notes == "A command's note."
    theirs.summary, mine.summary = "Theirs.", "Mine."
    merged, conflicts = merge_cases(base, mine, theirs)
    assert merged.summary == "Mine." and conflicts == ["summary"]


@pytest.fixture
def prior_letter(capsys, data_dir, tmp_path):
    """A prior letter attached to the case (as the attack run did), by the command line."""
    letter = tmp_path / "prior.txt"
    letter.write_text(text_letter(case_2016()))
    code, _, err = run_in(capsys, data_dir, "letters", "attach", CASE, str(letter))
    assert code == 0, err
    _, out, _ = run_in(capsys, data_dir, "letters", "list", CASE, "--json")
    return json.loads(out.splitlines()[0])["id"]


def _copy_item(capsys, data_dir, prior_id: int) -> None:
    code, _, err = run_in(capsys, data_dir, "letters", "copy-item", CASE, str(prior_id), "2")
    assert code == 0, err


def test_a_command_beside_an_idle_window_is_shown_at_once(
    qtbot, window, data_dir, capsys, prior_letter
):
    window.open_case(window.workspace.cases.find(CASE))
    before = len(window.session.case.items)
    _copy_item(capsys, data_dir, prior_letter)
    qtbot.waitUntil(lambda: len(window.session.case.items) == before + 1)
    # The word follows on the next turn of the event loop (after the reload's own).
    qtbot.waitUntil(lambda: "changed outside this window" in window.statusBar().currentMessage())
    assert window.editor.isEnabled()


def test_a_command_beside_a_reviewer_typing_is_merged_not_undone(
    qtbot, window, data_dir, capsys, prior_letter
):
    window.open_case(window.workspace.cases.find(CASE))
    before = len(window.session.case.items)
    window.external_changes.timer.stop()  # the save itself must not overwrite it either
    summary = window.editor.summary
    summary.setFocus()
    summary.moveCursor(summary.textCursor().MoveOperation.End)
    qtbot.keyClicks(summary, " Typed-while-a-command-ran")
    assert window.session.dirty
    _copy_item(capsys, data_dir, prior_letter)  # audited by the command
    qtbot.waitUntil(lambda: not window.session.dirty)  # the next autosave
    qtbot.waitUntil(lambda: "both changes" in window.statusBar().currentMessage())
    stored = CaseStore.open(data_dir)
    try:
        case = stored.load(stored.find(CASE))
        actions = [e.action for e in stored.audit.entries(CASE, limit=20)]
    finally:
        stored.close()
    assert len(case.items) == before + 1  # the command's item survived the window's save
    assert "Typed-while-a-command-ran" in case.summary
    assert "item copied from a prior letter" in actions
    assert "both changes are kept" in window.statusBar().currentMessage()
    assert len(window.session.case.items) == before + 1


@pytest.mark.parametrize("records_tab_built", [False, True])
def test_records_attached_by_a_command_reach_the_open_window(
    qtbot, window, data_dir, capsys, tmp_path, records_tab_built
):
    """`records attach` beside the window: the QA strip stops saying the case file holds
    no records, and the Records tab (if it was ever shown) lists the document."""
    from tests.records_helpers import make_pdf

    window.open_case(window.workspace.cases.find(CASE))
    if records_tab_built:
        window.actions["show_records"].trigger()
    panel = window.letter.qa_panel

    def qa_says_no_records() -> bool:
        return any("holds no records" in f.message for f in panel.findings)

    qtbot.waitUntil(qa_says_no_records)
    pdf = make_pdf(tmp_path / "clinic-notes.pdf", ["Visit of 03/04/2016.", "Exam."])
    code, _, err = run_in(capsys, data_dir, "records", "attach", CASE, str(pdf))
    assert code == 0, err
    qtbot.waitUntil(lambda: not qa_says_no_records())
    if records_tab_built:
        documents = window.records.tab.documents
        qtbot.waitUntil(lambda: documents.count() == 1)
        assert "clinic-notes" in documents.item(0).text()
    else:
        assert not window.records.host.built  # nothing built that was never shown
