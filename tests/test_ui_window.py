from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from imr_desktop.cases.store import CaseStore
from imr_desktop.model import Decision
from tests.ui_helpers import close_window, make_window, open_by_number


def test_window_opens_on_a_case_with_panels(window):
    assert window.session.case is not None
    assert window.queue.model.rowCount() == 3
    assert window.guideline_dock.objectName() == "guidelineDock"
    assert window.editor.title.text().startswith(window.session.case.case_number)


def test_typing_autosaves_and_survives_a_new_window(qtbot, data_dir, window):
    open_by_number(window, "CM16-0000102")
    window.editor.summary.setFocus()
    window.editor.summary.moveCursor(window.editor.summary.textCursor().MoveOperation.End)
    with qtbot.waitSignal(window.session.saved):
        QTest.keyClicks(window.editor.summary, " Typed-marker-one.")
    window.session.select_item(1)
    rationale = window.editor.item_editor.rationale
    rationale.setFocus()
    rationale.moveCursor(rationale.textCursor().MoveOperation.End)
    with qtbot.waitSignal(window.session.saved):
        QTest.keyClicks(rationale, " Typed-marker-two.")
    assert "Saved" in window.saved_label.text()
    close_window(window)

    again = make_window(qtbot, data_dir)
    open_by_number(again, "CM16-0000102")
    assert again.editor.summary.toPlainText().endswith("Typed-marker-one.")
    again.session.select_item(1)
    assert again.editor.item_editor.rationale.toPlainText().endswith("Typed-marker-two.")
    close_window(again)


def test_close_saves_without_waiting_for_the_timer(qtbot, data_dir, window):
    open_by_number(window, "CM16-0000101")
    QTest.keyClicks(window.editor.claim_number, "-X")
    close_window(window)  # before the 1 s autosave
    store = CaseStore.open(data_dir)
    assert store.load(store.find("CM16-0000101")).claim_number == "DEMO-4410-27-X"
    store.close()


def test_decision_click_is_undoable(window):
    open_by_number(window, "CM16-0000101")
    editor = window.editor.item_editor
    assert window.session.case.items[0].decision is Decision.UPHELD
    editor.overturned.click()
    assert window.session.case.items[0].decision is Decision.OVERTURNED
    assert "Overturned" in window.editor.items.item(0).text()
    window.actions["undo"].trigger()
    assert window.session.case.items[0].decision is Decision.UPHELD
    assert editor.upheld.isChecked()
    window.actions["redo"].trigger()
    assert editor.overturned.isChecked()


def test_typing_undo_restores_text_in_the_widget(window):
    open_by_number(window, "CM16-0000101")
    before = window.editor.summary.toPlainText()
    window.editor.summary.setFocus()
    QTest.keyClicks(window.editor.summary, "abc")
    assert window.session.case.summary != before
    window.actions["undo"].trigger()
    assert window.session.case.summary == before
    assert window.editor.summary.toPlainText() == before


def test_add_move_remove_items(window):
    open_by_number(window, "CM16-0000102")
    editor = window.editor
    editor.items.setCurrentRow(1)
    editor.item_buttons["add"].click()
    assert len(window.session.case.items) == 3
    assert window.session.current_item_index == 2
    QTest.keyClicks(editor.item_editor.request, "Gym membership")
    assert window.session.case.items[2].request == "Gym membership"
    editor.item_buttons["up"].click()
    assert window.session.case.items[1].request == "Gym membership"
    assert editor.items.item(1).text().startswith("2. Gym membership")
    editor.item_buttons["remove"].click()
    assert [i.request for i in window.session.case.items] == [
        "6 additional visits of occupational therapy for the right elbow",
        "Counterforce elbow strap, replacement",
    ]
    window.actions["undo"].trigger()
    assert len(window.session.case.items) == 3


def test_bad_date_says_what_is_wrong_and_keeps_the_rest(qtbot, data_dir, window):
    open_by_number(window, "CM16-0000101")
    field = window.editor.header_fields["date_of_injury"]
    field.setFocus()
    field.selectAll()
    QTest.keyClicks(field, "02/30/2015")
    assert window.editor.date_errors.isVisible() or window.editor.date_errors.text()
    assert "no day 30" in window.editor.date_errors.text()
    assert str(window.session.case.date_of_injury) == "2015-03-02"  # unchanged
    QTest.keyClicks(window.editor.claim_number, "-Y")
    assert window.session.flush()
    store = CaseStore(window.workspace.cases.db)
    saved = store.load(store.find("CM16-0000101"))
    assert saved.claim_number.endswith("-Y")
    assert str(saved.date_of_injury) == "2015-03-02"
    field.selectAll()
    QTest.keyClicks(field, "03/04/2015")
    assert window.editor.date_errors.text() == ""
    assert str(window.session.case.date_of_injury) == "2015-03-04"


def test_huge_paste_is_refused_with_a_message(window):
    open_by_number(window, "CM16-0000101")
    before = window.session.case.summary
    from PySide6.QtWidgets import QApplication

    QApplication.clipboard().setText("x" * (5 * 1024 * 1024))
    window.editor.summary.setFocus()
    window.editor.summary.paste()
    assert window.session.case.summary == before
    assert window.editor.summary.toPlainText() == before
    kind, title, text = window.dialogs.messages[-1]
    assert kind == "error" and "at most" in text


def test_queue_filters_as_you_type_and_opens_cases(qtbot, window):
    QTest.keyClicks(window.queue.filter, "0103")
    assert window.queue.model.rowCount() == 1
    window.queue.view.setCurrentIndex(window.queue.model.index(0, 0))
    assert window.session.case.case_number == "CM16-0000103"
    window.queue.filter.clear()
    assert window.queue.model.rowCount() == 3
    expedited = [window.queue.model.index(r, 1).data() for r in range(3)]
    assert "⚡ Expedited" in expedited  # said by symbol and word, not colour alone


def test_save_shortcut_through_the_window(qtbot, window):
    open_by_number(window, "CM16-0000101")
    QTest.keyClicks(window.editor.claim_number, "-Z")
    assert window.session.dirty
    QTest.keyClick(window.windowHandle(), Qt.Key_S, Qt.ControlModifier)
    # Saved by the key at once: the event loop has not turned, so the autosave's
    # timer cannot have done it.
    assert window.session.dirty is False
    assert window.statusBar().currentMessage() == "Saved"


def test_history_restores_a_revision(qtbot, window):
    open_by_number(window, "CM16-0000101")
    original = window.session.case.summary
    window.editor.summary.selectAll()
    QTest.keyClicks(window.editor.summary, "Replaced.")
    window.save_now()
    window.show_history()
    dialog = window._history_dialog
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(dialog.list.count() - 1)  # the oldest: "demo data"
    assert original[:40] in dialog.preview.toPlainText()
    dialog.restore_selected()
    assert window.session.case.summary == original
    assert window.editor.summary.toPlainText() == original
    assert (
        dialog.list.item(0)
        .text()
        .endswith(f"restored revision {dialog.list.item(dialog.list.count() - 1).data(256)}")
    )
    dialog.close()


def test_layout_is_remembered(qtbot, data_dir, window):
    window.queue_dock.hide()
    close_window(window)
    again = make_window(qtbot, data_dir)
    assert not again.queue_dock.isVisible()
    close_window(again)


def test_every_editor_input_has_an_accessible_name(window):
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox

    inputs = [
        w
        for cls in (QLineEdit, QPlainTextEdit, QSpinBox, QComboBox)
        for w in window.editor.findChildren(cls)
        if w.parent() is not None and not isinstance(w.parent(), (QSpinBox, QComboBox))
    ]
    unnamed = [w.objectName() or type(w).__name__ for w in inputs if not w.accessibleName()]
    assert unnamed == []


def test_profile_never_puts_the_name_into_a_case(qtbot, window):
    from imr_desktop.model import ReviewerProfile

    profile = ReviewerProfile(
        specialty="Neurology",
        licensure=["California"],
        years_in_practice=9,
        hours_per_week=20,
        name="Dr Secret Name",
    )
    window._profile_saved(profile)
    assert window.session.case.reviewer.specialty == "Neurology"
    assert window.session.case.reviewer.name == ""
    window.session.flush()
    from imr_desktop.model import case_to_json

    assert "Secret" not in case_to_json(window.session.case)
    assert window.workspace.cases.reviewer_profile().name == "Dr Secret Name"


def test_new_case_from_the_menu(window):
    window.dialogs.text_answers.append("CM16-0000999")
    window.actions["new"].trigger()
    assert window.session.case.case_number == "CM16-0000999"
    assert window.queue.model.rowCount() == 4


def test_import_bad_case_json_through_the_window(window, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    window.dialogs.file_answers.append(str(bad))
    window.actions["import_json"].trigger()
    kind, title, text = window.dialogs.messages[-1]
    assert kind == "error" and "not valid JSON" in text and "Nothing was changed" in text
    assert window.queue.model.rowCount() == 3


def test_finalized_case_is_read_only_in_the_editor(window):
    store = window.workspace.cases
    case_id = store.find("CM16-0000103")
    store.finalize(case_id, "00" * 32)
    window.open_case(case_id)
    assert window.session.read_only
    assert window.editor.summary.isReadOnly()
    assert not window.editor.item_editor.upheld.isEnabled()
    QTest.keyClicks(window.editor.summary, "x")
    assert window.session.dirty is False


def test_data_file_path(data_dir, window):
    assert Path(window.workspace.data_dir) == data_dir.resolve()


def test_unexpected_exception_is_shown_and_logged_not_fatal(window, caplog):
    import sys

    from imr_desktop.ui.app import _install_excepthook

    previous = sys.excepthook
    try:
        _install_excepthook([window])
        marker = "".join(["Ja", "ne"])  # built, so no source line in a traceback shows it
        try:
            raise RuntimeError(f"patient {marker} Example")  # a message may hold patient text
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = previous
    kind, title, text = window.dialogs.messages[-1]
    assert kind == "error" and "RuntimeError" in text and "draft is kept" in text
    assert "Jane" not in text
    assert "unexpected RuntimeError" in caplog.text
    assert "Jane" not in caplog.text
    assert window.isVisible()


def test_a_save_refreshes_its_queue_row_without_resetting_the_queue(qtbot, window):
    open_by_number(window, "CM16-0000102")
    model = window.queue.model
    resets = []
    model.modelReset.connect(lambda: resets.append(True))
    window.editor.item_buttons["add"].click()  # selecting the new item saves at once
    assert window.session.flush() and not window.session.dirty
    row = model.row_of(window.session.case_id)
    assert model.rows[row].items == 3
    assert "3 items" in model.index(row, 0).data(Qt.ToolTipRole)
    assert resets == []


def test_queue_keeps_its_sort_order_while_filtering(window):
    model = window.queue.model
    model.sort(0, Qt.DescendingOrder)
    assert [r.case_number for r in model.rows] == ["CM16-0000103", "CM16-0000102", "CM16-0000101"]
    model.set_needle("CM16-000010")
    assert [r.case_number for r in model.rows] == ["CM16-0000103", "CM16-0000102", "CM16-0000101"]
    model.set_needle("0102")
    assert [r.case_number for r in model.rows] == ["CM16-0000102"]
    model.set_needle("")
    model.sort(1, Qt.AscendingOrder)  # expedited first
    assert model.rows[0].case_number == "CM16-0000103"
