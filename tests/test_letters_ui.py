"""Letters in the window: File ▸ Import letter… opens the new draft and reports what
was recognised; a bad file gets a message; Case ▸ Attach prior letter… lists the
letter's items and copies one into the case, undoably."""

from __future__ import annotations

from tests.letter_import_helpers import HYPHENATE, case_2016, pdf_letter


def test_import_letter_through_the_window(qtbot, window, tmp_path):
    path = pdf_letter(case_2016(), tmp_path / "prior determination.pdf", hyphenate=HYPHENATE)
    window.dialogs.file_answers.append(str(path))
    window.actions["import_letter"].trigger()
    qtbot.waitUntil(lambda: any(m[1] == "Letter imported" for m in window.dialogs.messages))
    case = window.session.case
    assert case.case_number == "CM17-0912345"
    assert len(case.items) == 4 and case.items[1].authorised_part == "Hand therapy 4 sessions"
    assert window.workspace.cases.find("CM17-0912345") == window.session.case_id
    report = next(m[2] for m in window.dialogs.messages if m[1] == "Letter imported")
    assert "Disputed items: 4 (3 upheld, 1 overturned)" in report
    assert "Unplaced text: none" in report


def test_import_of_a_non_letter_says_why(qtbot, window, tmp_path):
    path = tmp_path / "invoice.txt"
    path.write_text("INVOICE\nTotal: $12.00\n")
    before = len(window.workspace.cases.list_cases())
    window.dialogs.file_answers.append(str(path))
    window.actions["import_letter"].trigger()
    qtbot.waitUntil(lambda: any(m[0] == "error" for m in window.dialogs.messages))
    kind, title, text = next(m for m in window.dialogs.messages if m[0] == "error")
    assert title == "Import failed" and "does not look like an IMR determination" in text
    assert len(window.workspace.cases.list_cases()) == before


def test_attach_prior_letter_and_copy_an_item_undoably(qtbot, window, tmp_path):
    window.open_case(window.workspace.cases.find("CM16-0000102"))
    before = len(window.session.case.items)
    path = pdf_letter(case_2016(), tmp_path / "prior.pdf")
    window.dialogs.file_answers.append(str(path))
    window.actions["attach_prior_letter"].trigger()
    tree = window.letters.panel.tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 1)
    letter = tree.topLevelItem(0)
    assert letter.childCount() == 4
    assert "Hand therapy 4 sessions" in letter.child(1).text(0)
    tree.setCurrentItem(letter.child(1))
    assert window.letters.panel.copy_button.isEnabled()
    window.letters.panel.copy_button.click()
    assert len(window.session.case.items) == before + 1
    assert window.session.case.items[-1].original_request.startswith("Hand therapy 2 times")
    window.session.undo_stack.undo()
    assert len(window.session.case.items) == before


def test_unplaced_text_is_shown_in_the_case_notes(qtbot, window, tmp_path):
    from letter_import_helpers import text_letter

    from imr_desktop.letters import UNPLACED_HEADING

    text = text_letter(case_2016(), "2016").replace(
        "CLINICAL CASE SUMMARY", "A remark nobody placed.\n\n                CLINICAL CASE SUMMARY"
    )
    path = tmp_path / "letter.txt"
    path.write_text(text)
    window.dialogs.file_answers.append(str(path))
    window.actions["import_letter"].trigger()
    qtbot.waitUntil(lambda: any(m[1] == "Letter imported" for m in window.dialogs.messages))
    notes = window.letters.notes.editor.toPlainText()
    assert notes.startswith(UNPLACED_HEADING) and "A remark nobody placed." in notes
    assert window.letters.notes_dock.isVisible()
    report = next(m[2] for m in window.dialogs.messages if m[1] == "Letter imported")
    assert "Unplaced text: 1 block(s)" in report
    # the note is a field like any other: editable, saved with the case
    window.letters.notes.editor.setPlainText("handled")
    assert window.session.case.notes == "handled"
