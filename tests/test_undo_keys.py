"""One undo history per case, driven by the standard keys wherever the focus is:
real key events on the focused widget (and through the window, where shortcuts
live), the cursor left at the undone change, the Edit menu in words."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from tests.ui_helpers import open_by_number

CTRL, SHIFT = Qt.ControlModifier, Qt.ShiftModifier


def _put_cursor(edit, position: int) -> None:
    cursor = edit.textCursor()
    cursor.setPosition(position)
    edit.setTextCursor(cursor)


def _summary_at(window, position: int):
    """CM16-0000101's summary, focused, the caret at ``position``; and its text."""
    open_by_number(window, "CM16-0000101")
    summary = window.editor.summary
    summary.setFocus()
    _put_cursor(summary, position)
    return summary, summary.toPlainText()


def _undo_text(window) -> str:
    return window.actions["undo"].text().replace("&", "")


def test_summary_ctrl_z_restores_the_text_and_leaves_the_cursor_at_the_change(qtbot, window):
    summary, before = _summary_at(window, 40)
    QTest.keyClicks(summary, "right-sided ")
    assert window.session.case.summary == before[:40] + "right-sided " + before[40:]

    qtbot.keyClick(summary, Qt.Key_Z, CTRL)
    assert summary.toPlainText() == before == window.session.case.summary
    assert summary.textCursor().position() == 40  # where the change was, not the start
    assert summary.hasFocus()

    qtbot.keyClick(summary, Qt.Key_Z, CTRL | SHIFT)
    assert window.session.case.summary == before[:40] + "right-sided " + before[40:]
    assert summary.toPlainText() == window.session.case.summary
    assert summary.textCursor().position() == 40 + len("right-sided ")


def test_rationale_undo_and_ctrl_y_redo(qtbot, window):
    open_by_number(window, "CM16-0000102")
    window.editor.items.setCurrentRow(1)
    rationale = window.editor.item_editor.rationale
    before = rationale.toPlainText()
    rationale.setFocus()
    rationale.moveCursor(QTextCursor.End)
    QTest.keyClicks(rationale, " Added words.")
    assert _undo_text(window) == "Undo typing in Decision rationale, item 2"

    qtbot.keyClick(rationale, Qt.Key_Z, CTRL)
    assert rationale.toPlainText() == before == window.session.case.items[1].rationale
    assert rationale.textCursor().position() == len(before)
    qtbot.keyClick(rationale, Qt.Key_Y, CTRL)
    assert window.session.case.items[1].rationale == before + " Added words."
    assert rationale.toPlainText().endswith("Added words.")


def test_the_window_shortcut_undoes_one_step_from_inside_a_text_box(qtbot, window):
    """A real key press goes through the shortcut machinery (ShortcutOverride) first:
    the box claims the key and undoes the case's step once, not twice."""
    open_by_number(window, "CM16-0000101")
    claim = window.editor.claim_number
    QTest.keyClicks(claim, "-A")
    summary = window.editor.summary
    summary.setFocus()
    summary.moveCursor(QTextCursor.End)
    before = summary.toPlainText()
    QTest.keyClicks(summary, " Typed.")
    QTest.keyClick(window.windowHandle(), Qt.Key_Z, CTRL)
    assert summary.toPlainText() == before
    assert window.session.case.claim_number.endswith("-A")  # only one step undone
    QTest.keyClick(window.windowHandle(), Qt.Key_Z, CTRL | SHIFT)
    assert summary.toPlainText() == before + " Typed."


def test_one_line_field_and_undo_after_focus_moves_to_the_queue(qtbot, window):
    """The issue's sequence: type " XYZ" in a one-line field, Ctrl+Z, click the queue,
    Ctrl+Z: XYZ must stay gone (the line edit's own history no longer fights the
    case's) and the step before it is undone."""
    open_by_number(window, "CM16-0000101")
    request = window.editor.item_editor.request
    original = request.toPlainText()
    request.setFocus()
    request.moveCursor(QTextCursor.End)
    QTest.keyClicks(request, ", left")
    claim = window.editor.claim_number  # a QLineEdit, with an undo history of its own
    claim.setFocus()
    claim.end(False)
    QTest.keyClicks(claim, " XYZ")
    assert _undo_text(window) == "Undo typing in Claim number"

    qtbot.keyClick(claim, Qt.Key_Z, CTRL)
    assert claim.text() == "DEMO-4410-27" == window.session.case.claim_number
    assert claim.cursorPosition() == len("DEMO-4410-27")
    assert _undo_text(window) == "Undo typing in Request, item 1"

    view = window.queue.view
    row = window.queue.model.row_of(window.session.case_id)
    qtbot.mouseClick(
        view.viewport(), Qt.LeftButton, pos=view.visualRect(view.model().index(row, 0)).center()
    )
    assert view.hasFocus() and window.session.case.case_number == "CM16-0000101"
    QTest.keyClick(window.windowHandle(), Qt.Key_Z, CTRL)
    assert claim.text() == "DEMO-4410-27"  # XYZ did not come back
    assert request.toPlainText() == original  # the step before it was undone
    assert view.hasFocus()  # the focus stays where the reviewer put it

    QTest.keyClick(window.windowHandle(), Qt.Key_Z, CTRL | SHIFT)
    assert request.toPlainText() == original + ", left"
    QTest.keyClick(window.windowHandle(), Qt.Key_Y, CTRL)
    assert claim.text() == "DEMO-4410-27 XYZ"


def test_typing_is_merged_per_burst(window):
    open_by_number(window, "CM16-0000101")
    request = window.editor.item_editor.request
    original = request.toPlainText()
    request.setFocus()
    request.moveCursor(QTextCursor.End)
    QTest.keyClicks(request, " left knee")
    assert window.session.undo_stack.count() == 1
    assert _undo_text(window) == "Undo typing in Request, item 1"
    window.actions["undo"].trigger()
    assert request.toPlainText() == original


def test_edit_menu_names_fields_in_words(window):
    open_by_number(window, "CM16-0000101")
    window.editor.sex.setFocus()
    QTest.keyClick(window.editor.sex, Qt.Key_Up)  # Male -> Female
    assert _undo_text(window) == "Undo Patient sex"
    field = window.editor.header_fields["ur_denial_date"]
    field.setFocus()
    field.selectAll()
    QTest.keyClicks(field, "09/15/2016")
    assert _undo_text(window) == "Undo typing in UR denial date"
    assert "[" not in _undo_text(window) and "." not in _undo_text(window)


def test_undo_of_another_items_field_shows_that_item(qtbot, window):
    open_by_number(window, "CM16-0000102")
    editor = window.editor
    request = editor.item_editor.request
    request.setFocus()
    request.moveCursor(QTextCursor.End)
    QTest.keyClicks(request, " extra")
    editor.items.setCurrentRow(1)
    assert window.session.current_item_index == 1
    editor.item_editor.rationale.setFocus()
    qtbot.keyClick(editor.item_editor.rationale, Qt.Key_Z, CTRL)
    assert window.session.current_item_index == 0  # the undone change is in view
    text = request.toPlainText()
    assert not text.endswith(" extra")
    assert request.hasFocus() and request.textCursor().position() == len(text)


def _context_menu(widget) -> QMenu:
    at = QPoint(5, 5)
    QApplication.sendEvent(
        widget, QContextMenuEvent(QContextMenuEvent.Mouse, at, widget.mapToGlobal(at))
    )
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    return menu


def test_context_menu_undo_is_the_cases(qtbot, window):
    open_by_number(window, "CM16-0000101")
    claim = window.editor.claim_number
    claim.setFocus()
    claim.end(False)
    QTest.keyClicks(claim, " XYZ")
    menu = _context_menu(claim)
    undo = menu.actions()[0]
    assert undo.text().replace("&", "") == "Undo typing in Claim number"
    undo.trigger()
    menu.close()
    assert claim.text() == "DEMO-4410-27"

    rationale = window.editor.item_editor.rationale  # a text box: the menu's own too
    menu = _context_menu(rationale)
    redo = next(a for a in menu.actions() if a.text().replace("&", "").startswith("Redo"))
    assert redo.isEnabled() and redo.text().replace("&", "") == "Redo typing in Claim number"
    redo.trigger()
    menu.close()
    assert claim.text() == "DEMO-4410-27 XYZ"


def test_a_search_field_undoes_its_own_typing_first_then_the_case(qtbot, window):
    open_by_number(window, "CM16-0000101")
    claim = window.editor.claim_number
    QTest.keyClicks(claim, "-A")
    search = window.guideline_panel.search_field
    search.setFocus()
    QTest.keyClicks(search, "lumbar")
    QTest.keyClick(window.windowHandle(), Qt.Key_Z, CTRL)
    assert search.text() == "" and claim.text().endswith("-A")
    QTest.keyClick(window.windowHandle(), Qt.Key_Z, CTRL)
    assert claim.text() == "DEMO-4410-27"


def test_a_burst_is_typing_at_one_place_a_jump_or_a_paste_starts_a_new_step(qtbot, window):
    summary, before = _summary_at(window, 0)
    QTest.keyClicks(summary, "Ab")
    QTest.keyClick(summary, Qt.Key_Backspace)  # still the same burst
    summary.moveCursor(QTextCursor.End)  # a jump: the next keystroke is a new step
    QTest.keyClicks(summary, " Z")
    QApplication.clipboard().setText(" pasted")
    summary.paste()
    stack = window.session.undo_stack
    assert stack.count() == 3
    qtbot.keyClick(summary, Qt.Key_Z, CTRL)
    assert summary.toPlainText() == "A" + before + " Z"
    qtbot.keyClick(summary, Qt.Key_Z, CTRL)
    assert summary.toPlainText() == "A" + before
    assert summary.textCursor().position() == len("A" + before)
    qtbot.keyClick(summary, Qt.Key_Z, CTRL)
    assert summary.toPlainText() == before and summary.textCursor().position() == 0
