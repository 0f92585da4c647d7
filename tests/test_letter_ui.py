"""The letter in the window: QA dock (live, click to jump), preview tab, export
with the dialogs seam scripted, finalise/reopen, composing helpers, snippets."""

from __future__ import annotations

from imr_desktop.model import Status
from tests.letter_writing_helpers import pdf_flat_text


def _rows(panel):
    return [panel.list.item(i).text() for i in range(panel.list.count())]


def test_qa_dock_is_at_the_bottom_and_live(window, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDockWidget

    dock = window.findChild(QDockWidget, "qaDock")
    assert dock is not None and window.dockWidgetArea(dock) == Qt.BottomDockWidgetArea
    panel = window.letter.qa_panel
    assert not any(r.startswith("Error") for r in _rows(panel))
    window.session.apply("undecide", lambda c: setattr(c.items[0], "decision", None))
    qtbot.waitUntil(lambda: any("has no decision" in r for r in _rows(panel)))
    row = next(r for r in _rows(panel) if "has no decision" in r)
    assert row.startswith("Error: ")  # said in words, with the icon
    assert "1 error" in panel.counts.text()


def test_clicking_a_finding_jumps_to_its_field(window, qtbot):
    window.session.apply("blank rationale", lambda c: setattr(c.items[0], "rationale", "TBD"))
    panel = window.letter.qa_panel
    qtbot.waitUntil(lambda: any("placeholder" in r for r in _rows(panel)))
    jumped = []
    window.editor.focus_field = jumped.append  # the editor seam, looked up at each jump
    index = next(i for i, r in enumerate(_rows(panel)) if "placeholder" in r)
    item = panel.list.item(index)
    rect = panel.list.visualItemRect(item)
    from PySide6.QtCore import Qt

    qtbot.mouseClick(panel.list.viewport(), Qt.LeftButton, pos=rect.center())
    assert jumped == ["items[0].rationale"]


def test_click_to_jump_focuses_the_real_field(window, qtbot):
    window.session.apply("undecide", lambda c: setattr(c.items[0], "rationale", ""))
    panel = window.letter.qa_panel
    qtbot.waitUntil(lambda: any("no rationale" in r for r in _rows(panel)))
    window.activateWindow()
    row = next(i for i, r in enumerate(_rows(panel)) if "no rationale" in r)
    panel._activated(panel.list.item(row))
    qtbot.waitUntil(lambda: window.editor.item_editor.rationale.hasFocus())


def test_export_action_writes_the_pdf_through_the_dialogs_seam(window, qtbot, tmp_path):
    target = tmp_path / "letter.pdf"
    window.dialogs.file_answers.append(str(target))
    action = window.actions["export_pdf"]
    assert action.shortcut().toString() == "Ctrl+E"
    action.trigger()
    assert target.exists()
    text = pdf_flat_text(target.read_bytes())
    assert window.session.case.items[0].request in text
    assert not [m for m in window.dialogs.messages if m[0] == "confirm"]
    import datetime as dt
    import io

    import pypdf

    created = pypdf.PdfReader(io.BytesIO(target.read_bytes())).metadata["/CreationDate"]
    assert created.startswith(dt.datetime.now().astimezone().strftime("D:%Y%m%d"))  # today


def test_export_with_errors_asks_and_records_the_override(window, tmp_path):
    window.session.apply("undecide", lambda c: setattr(c.items[0], "decision", None))
    target = tmp_path / "letter.pdf"
    window.dialogs.confirm_answers.append(False)
    window.actions["export_pdf"].trigger()
    assert not target.exists()
    window.dialogs.file_answers.append(str(target))
    window.dialogs.confirm_answers.append(True)
    window.actions["export_pdf"].trigger()
    assert target.exists()
    confirms = [m for m in window.dialogs.messages if m[0] == "confirm"]
    assert len(confirms) == 2 and "has no decision" in confirms[0][2]
    number = window.session.case.case_number
    actions = [e.action for e in window.workspace.cases.audit.entries(number)]
    assert "export overridden" in actions


def test_qa_errors_are_asked_about_before_the_file_dialog(window, qtbot, tmp_path):
    """Ctrl+E on a letter with a QA error: the question first; "No" shows no file
    dialog at all; "Yes" then asks where to save. Case ▸ Finalize… the same."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window.session.apply("undecide", lambda c: setattr(c.items[0], "decision", None))
    dialogs = window.dialogs
    dialogs.confirm_answers.append(False)
    QTest.keyClick(window.windowHandle(), Qt.Key_E, Qt.ControlModifier)
    assert dialogs.shown == [("confirm", "Export with QA errors")]

    target = tmp_path / "letter.pdf"
    dialogs.confirm_answers.append(True)
    dialogs.file_answers.append(str(target))
    QTest.keyClick(window.windowHandle(), Qt.Key_E, Qt.ControlModifier)
    assert dialogs.shown[1:] == [
        ("confirm", "Export with QA errors"),
        ("save_file", "Export letter PDF"),
    ]
    assert target.exists()

    dialogs.shown.clear()
    dialogs.confirm_answers.append(False)
    window.actions["finalize"].trigger()  # Case ▸ Finalize…
    assert dialogs.shown == [("confirm", "Finalize with QA errors")]
    assert not window.session.read_only


def test_finalise_makes_the_session_read_only_and_reopen_is_audited(window, tmp_path):
    target = tmp_path / "final.pdf"
    window.dialogs.file_answers.append(str(target))
    window.actions["finalize"].trigger()
    assert target.exists()
    assert window.session.read_only and window.session.case.status is Status.FINAL
    assert window.editor.item_editor.rationale.isReadOnly()
    assert window.actions["reopen"].isEnabled()
    window.dialogs.text_answers.append("a date was wrong")
    window.actions["reopen"].trigger()
    assert not window.session.read_only
    number = window.session.case.case_number
    entries = [(e.action, e.detail) for e in window.workspace.cases.audit.entries(number)]
    assert ("reopened", "a date was wrong") in entries


def test_insert_conclusion_and_summary_opening(window):
    window.session.apply("clear", lambda c: setattr(c.items[0], "rationale", "No trial."))
    window.session.select_item(0)
    window.actions["insert_conclusion"].trigger()
    item = window.session.case.items[0]
    assert item.rationale.endswith(f"the request for {item.request} is not medically necessary.")
    window.session.apply("clear summary", lambda c: setattr(c, "summary", ""))
    window.actions["insert_summary_opening"].trigger()
    case = window.session.case
    assert case.summary.startswith(f"The patient is a {case.patient.age}-year-old")
    window.session.undo_stack.undo()
    assert window.session.case.summary == ""


def test_snippets_dialog_and_completion(window, qtbot):
    window.dialogs.text_answers += ["PT fading", "Physical medicine guidelines allow fading."]
    window.actions["snippets"].trigger()
    dialog = window.letter.snippets_dialog
    dialog.add_button.click()
    assert dialog.list.count() == 1
    editor = window.editor.item_editor.rationale
    editor.setPlainText("")
    editor.setFocus()
    qtbot.keyClicks(editor, "See fadi")
    completer = window.letter.completer
    qtbot.waitUntil(lambda: completer.completer.popup().isVisible())
    assert completer.completer.currentCompletion() == "Physical medicine guidelines allow fading."
    completer.insert_completion(completer.completer.currentCompletion())
    assert editor.toPlainText() == "See Physical medicine guidelines allow fading."
    dialog.list.setCurrentRow(0)
    dialog.remove_button.click()
    assert window.workspace.cases.snippets() == []


def test_preview_tab_renders_the_draft_with_qtpdf(window, qtbot):
    preview = window.letter.preview
    assert preview.view is None  # QtPdf waits for the first show
    window.center_tabs.setCurrentWidget(preview)
    qtbot.waitUntil(lambda: preview.builds >= 1)
    assert preview.document.pageCount() == preview.pages >= 1
    text = preview.document.getAllText(0).text()
    assert "HOW THE IMR FINAL DETERMINATION WAS MADE" in text
    before = preview.builds
    window.session.apply("rename", lambda c: setattr(c.items[0], "request", "Changed request"))
    qtbot.waitUntil(lambda: preview.builds > before)
    pages = preview.document.pageCount()
    full = " ".join(preview.document.getAllText(p).text() for p in range(pages))
    assert "Changed request" in " ".join(full.split())


def test_a_reviewer_finding_opens_the_profile_dialog(window, qtbot):
    profile = window.workspace.cases.reviewer_profile()
    window.session.apply("no specialty", lambda c: setattr(c.reviewer, "specialty", ""))
    panel = window.letter.qa_panel
    qtbot.waitUntil(lambda: any("reviewer profile" in r for r in _rows(panel)))
    row = next(i for i, r in enumerate(_rows(panel)) if "reviewer profile" in r)
    panel._activated(panel.list.item(row))
    qtbot.waitUntil(lambda: getattr(window, "_profile_dialog", None) is not None)
    assert window._profile_dialog.isVisible()
    window._profile_dialog.reject()
    assert profile is not None


def test_our_shortcuts_clash_with_no_other_action(window):
    from PySide6.QtGui import QAction

    seen: dict[str, str] = {}
    clashes = []
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            text = key.toString()
            if text in seen and seen[text] != action.text():
                clashes.append((text, seen[text], action.text()))
            seen.setdefault(text, action.text())
    ours = {"Ctrl+E", "Ctrl+Shift+T"}
    assert [c for c in clashes if c[0] in ours] == []
