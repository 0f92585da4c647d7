"""State that is never stale: what the window shows follows every change of what it
shows it from (the deadline, the QA findings, the panel's edition filter, a newly
opened case's place)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from imr_desktop.model.deadline import deadline_text
from tests.ui_helpers import open_by_number


def _queue_row(window, case_number: str):
    model = window.queue.model
    row = next(n for n, r in enumerate(model.rows) if r.case_number == case_number)
    return model.index(row, 2)


def test_title_and_queue_agree_on_a_case_decided_in_time(qtbot, window):
    open_by_number(window, "CM16-0000101")  # assigned 10/03/2016: due 11/02/2016
    overdue = deadline_text(window.session.case.deadline(dt.date.today()))
    assert overdue.startswith("overdue by") and overdue in window.editor.title.text()
    assert _queue_row(window, "CM16-0000101").data().endswith("d overdue")

    field = window.editor.header_fields["decision_date"]
    field.setFocus()
    QTest.keyClicks(field, "10/20/2016")
    assert "decided 13 days before the due date" in window.editor.title.text()
    # The autosave refreshes the case's queue row.
    qtbot.waitUntil(lambda: _queue_row(window, "CM16-0000101").data() == "✓ on time")
    cell = _queue_row(window, "CM16-0000101")
    assert "decided 13 days before the due date" in cell.data(Qt.ToolTipRole)


def _qa_text(window) -> str:
    panel = window.letter.qa_panel
    return "\n".join(f.message for f in panel.findings)


def test_qa_follows_records_attached_and_removed(qtbot, window, tmp_path):
    from tests.records_helpers import make_pdf, record_pages

    open_by_number(window, "CM16-0000101")
    qtbot.waitUntil(lambda: "holds no records" in _qa_text(window))
    pdf = make_pdf(tmp_path / "Clinic notes.pdf", record_pages(3))
    window.dialogs.file_answers.append(str(pdf))
    window.actions["attach_records"].trigger()  # Case ▸ Attach records…
    tab = window.records.tab
    qtbot.waitUntil(lambda: not tab.indexing and tab.documents.count() == 1)
    qtbot.waitUntil(lambda: "holds no records" not in _qa_text(window))

    tab.documents.setCurrentRow(0)
    window.dialogs.confirm_answers.append(True)
    tab.detach_button.click()
    assert tab.documents.count() == 0
    qtbot.waitUntil(lambda: "holds no records" in _qa_text(window))


def test_qa_follows_the_profile_saved(qtbot, window):
    """The reviewer's name in the letter is a QA error; saving the profile with that
    name raises it at once, though the case itself does not change."""

    open_by_number(window, "CM16-0000101")
    window.session.apply("name in text", lambda c: setattr(c, "summary", c.summary + " Dr Quill"))
    qtbot.waitUntil(lambda: "Quill" not in _qa_text(window))
    window.edit_profile()
    dialog = window._profile_dialog
    qtbot.addWidget(dialog)
    dialog.name.setText("Ada Quill")
    dialog._save()
    qtbot.waitUntil(lambda: "own name" in _qa_text(window))
    assert any(f.is_error and "name" in f.message for f in window.letter.qa_panel.findings)


def test_guideline_filter_follows_the_ur_date_as_typed(qtbot, window):
    window.dialogs.text_answers.append("CM16-0000777")
    window.actions["new"].trigger()
    panel = window.guideline_panel
    assert "(none set)" in panel.in_force.text() and not panel.in_force.isEnabled()
    field = window.editor.header_fields["ur_denial_date"]
    field.setFocus()
    QTest.keyClicks(field, "09/14/2016")
    assert "(09/14/2016)" in panel.in_force.text()
    assert panel.in_force.isEnabled() and panel.in_force.isChecked()
    window.actions["undo"].trigger()
    assert "(none set)" in panel.in_force.text() and not panel.in_force.isEnabled()
    window.actions["redo"].trigger()
    assert "(09/14/2016)" in panel.in_force.text() and panel.in_force.isChecked()
    panel.in_force.setChecked(False)  # the reviewer's choice survives a corrected date
    field.selectAll()
    QTest.keyClicks(field, "10/06/2016")
    assert "(10/06/2016)" in panel.in_force.text() and not panel.in_force.isChecked()
    field.selectAll()
    QTest.keyClick(field, Qt.Key_Delete)
    assert "(none set)" in panel.in_force.text() and not panel.in_force.isChecked()


def test_a_new_case_opens_on_the_case_tab_at_the_top_first_field_focused(qtbot, window):
    open_by_number(window, "CM16-0000102")
    window.center_tabs.setCurrentWidget(window.letter.preview)
    window.editor.verticalScrollBar().setValue(window.editor.verticalScrollBar().maximum())
    window.dialogs.text_answers.append("CM16-0000778")
    window.actions["new"].trigger()
    assert window.session.case.case_number == "CM16-0000778"
    assert window.center_tabs.currentWidget() is window.editor
    assert window.editor.verticalScrollBar().value() == 0
    assert window.editor.case_number.hasFocus()


def test_arrow_keys_in_the_queue_keep_the_focus_there(qtbot, window):
    view = window.queue.view
    view.setFocus()
    first = window.session.case.case_number
    QTest.keyClick(view, Qt.Key_Down)
    assert window.session.case.case_number != first
    assert view.hasFocus()
    QTest.keyClick(view, Qt.Key_Return)  # Enter: start on it
    assert window.editor.case_number.hasFocus()


def test_find_selects_the_old_query_so_typing_replaces_it(qtbot, window):
    panel = window.guideline_panel
    panel.search_field.setFocus()
    QTest.keyClicks(panel.search_field, "PT lumbar")
    window.editor.summary.setFocus()
    QTest.keyClick(window.windowHandle(), Qt.Key_3, Qt.AltModifier)
    assert panel.search_field.hasFocus()
    QTest.keyClicks(panel.search_field, "lidocaine")
    assert panel.search_field.text() == "lidocaine"
    window.editor.summary.setFocus()
    QTest.keyClick(window.windowHandle(), Qt.Key_F, Qt.ControlModifier)
    QTest.keyClicks(panel.search_field, "TENS")
    assert panel.search_field.text() == "TENS"
