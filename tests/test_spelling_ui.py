"""Spelling through the real window: the wavy underline as the reviewer types, the
right-click menu (suggestions, "Add to my dictionary", "Ignore in this case"), the
QA strip's spelling warnings (a click selects the word), the profile's switch."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from imr_desktop.spelling.personal import FILE_NAME
from tests.ui_helpers import close_window, make_window, open_by_number


@pytest.fixture
def spelled(window, qtbot):
    """The window with its dictionaries loaded (on a worker, after it opened)."""
    qtbot.waitUntil(lambda: window.spelling.ready)
    return window


def type_at_end(qtbot, widget, text: str) -> None:
    widget.setFocus(Qt.OtherFocusReason)
    if isinstance(widget, QPlainTextEdit):
        widget.moveCursor(QTextCursor.End)
    else:
        widget.end(False)
    qtbot.keyClicks(widget, text)


def underlined(edit: QPlainTextEdit, word: str) -> bool:
    """Whether the layout of the paragraph holding ``word`` underlines it wavily."""
    text = edit.toPlainText()
    at = text.rindex(word)
    block = edit.document().findBlock(at)
    start = at - block.position()
    return any(
        r.start <= start
        and start + len(word) <= r.start + r.length
        and r.format.underlineStyle() == QTextCharFormat.SpellCheckUnderline
        for r in block.layout().formats()
    )


def right_click(widget, word: str):
    """A context-menu event on ``word`` as a right-click sends it; the menu shown."""
    if isinstance(widget, QPlainTextEdit):
        cursor = widget.textCursor()
        cursor.setPosition(widget.toPlainText().rindex(word) + 1)
        pos = widget.cursorRect(cursor).center()
        target = widget.viewport()
    else:
        index = widget.text().rindex(word) + 1
        x = widget.fontMetrics().horizontalAdvance(widget.text()[:index]) + 4
        pos, target = QPoint(x, widget.height() // 2), widget
    event = QContextMenuEvent(QContextMenuEvent.Mouse, pos, target.mapToGlobal(pos))
    QApplication.sendEvent(target, event)
    return target


def menu_texts(window) -> list[str]:
    return [a.text() for a in window.spelling.menu.last_menu.actions() if a.text()]


def click_menu(qtbot, window, text: str) -> None:
    menu = window.spelling.menu.last_menu
    action = next(a for a in menu.actions() if a.text().startswith(text))
    qtbot.mouseClick(menu, Qt.LeftButton, pos=menu.actionGeometry(action).center())


def choose_in_menu(qtbot, window, typed: str, word: str, verb: str) -> None:
    """Type into the summary, right-click the flagged word, choose "<verb> “word” …";
    the underline then goes."""
    summary = window.editor.summary
    type_at_end(qtbot, summary, typed)
    qtbot.waitUntil(lambda: underlined(summary, word))
    right_click(summary, word)
    click_menu(qtbot, window, f"{verb} “{word}”")
    qtbot.waitUntil(lambda: not underlined(summary, word))


def qa_rows(window) -> list[str]:
    panel = window.letter.qa_panel
    return [panel.list.item(i).text() for i in range(panel.list.count())]


def test_a_misspelled_word_is_underlined_as_it_is_typed(spelled, qtbot):
    summary = spelled.editor.summary
    type_at_end(qtbot, summary, " Lumbar radiculapathy with paraspinal spasm")
    qtbot.waitUntil(lambda: underlined(summary, "radiculapathy"))
    assert not underlined(summary, "paraspinal")  # medical words are known
    assert not underlined(summary, "Lumbar")


def test_the_right_click_menu_offers_suggestions_and_replaces_the_word(spelled, qtbot):
    summary = spelled.editor.summary
    type_at_end(qtbot, summary, " The MRI was neccessary.")
    qtbot.waitUntil(lambda: underlined(summary, "neccessary"))
    right_click(summary, "neccessary")
    texts = menu_texts(spelled)
    assert texts[0] == "necessary"
    assert "Add “neccessary” to my dictionary" in texts
    assert "Ignore “neccessary” in this case" in texts
    assert "Copy" in " ".join(texts)  # the field's own menu follows
    click_menu(qtbot, spelled, "necessary")
    assert summary.toPlainText().endswith("The MRI was necessary.")
    assert spelled.session.case.summary.endswith("The MRI was necessary.")  # the draft
    spelled.session.undo_stack.undo()
    assert spelled.session.case.summary.endswith("The MRI was neccessary.")


def test_a_right_click_elsewhere_opens_the_field_menu_as_before(spelled, qtbot):
    summary = spelled.editor.summary
    type_at_end(qtbot, summary, " Knee pain.")
    spelled.spelling.menu.last_menu = None
    right_click(summary, "pain")
    assert spelled.spelling.menu.last_menu is None  # not ours: Qt's own menu opened
    for menu in QApplication.topLevelWidgets():
        if menu.isVisible() and menu.inherits("QMenu"):
            menu.close()


def test_add_to_my_dictionary_stops_the_flag_and_survives_a_restart(spelled, qtbot, data_dir):
    choose_in_menu(qtbot, spelled, " Started Zorvantix daily.", "Zorvantix", "Add")
    assert (data_dir / FILE_NAME).read_text("utf-8") == "Zorvantix\n"
    spelled.session.flush()
    close_window(spelled)

    again = make_window(qtbot, data_dir)  # a restart
    try:
        qtbot.waitUntil(lambda: again.spelling.ready)
        assert again.spelling.check("Started Zorvantix daily.") == []
        assert underlined(again.editor.summary, "Zorvantix") is False
    finally:
        close_window(again)


def test_ignore_in_this_case_is_for_this_case_only(spelled, qtbot):
    choose_in_menu(qtbot, spelled, " Seen by Mr Qorblin.", "Qorblin", "Ignore")
    qtbot.waitUntil(lambda: not any("Qorblin" in r for r in qa_rows(spelled)))
    open_by_number(spelled, "CM16-0000102")
    type_at_end(qtbot, spelled.editor.summary, " Seen by Mr Qorblin.")
    qtbot.waitUntil(lambda: underlined(spelled.editor.summary, "Qorblin"))
    open_by_number(spelled, "CM16-0000101")
    qtbot.waitUntil(lambda: not underlined(spelled.editor.summary, "Qorblin"))


def test_the_qa_strip_lists_the_word_and_a_click_selects_it(spelled, qtbot):
    summary = spelled.editor.summary
    type_at_end(qtbot, summary, " The favour of recieved care.")
    qtbot.waitUntil(lambda: any("'recieved'" in r for r in qa_rows(spelled)))
    rows = qa_rows(spelled)
    assert "Warning: British spelling in the summary: favour → favor" in rows
    panel = spelled.letter.qa_panel
    index = next(i for i, r in enumerate(rows) if "'recieved'" in r)
    rect = panel.list.visualItemRect(panel.list.item(index))
    spelled.activateWindow()
    qtbot.mouseClick(panel.list.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: summary.hasFocus())
    assert summary.textCursor().selectedText() == "recieved"


def test_one_line_fields_are_checked_too(spelled, qtbot):
    """The window's letter fields all wrap now (a long request is never cut off,
    issue 12); a one-line field would still get the same underline."""
    from imr_desktop.ui.spelling.highlighter import LineEditMarks

    edit = QLineEdit()
    qtbot.addWidget(edit)
    marks = LineEditMarks(edit, spelled.spelling.check)
    edit.setText("Physical theraphy")
    qtbot.waitUntil(lambda: [m.word for m in marks.flagged] == ["theraphy"])
    edit.setText("Physical therapy")
    qtbot.waitUntil(lambda: marks.flagged == [])


def test_a_request_that_wraps_is_checked_like_the_rationale(spelled, qtbot):
    request = spelled.editor.item_editor.request  # wraps rather than clip (issue 12)
    type_at_end(qtbot, request, " theraphy")
    qtbot.waitUntil(lambda: underlined(request, "theraphy"))


def test_spelling_can_be_turned_off_in_the_profile(spelled, qtbot):
    summary = spelled.editor.summary
    type_at_end(qtbot, summary, " Lumbar radiculapathy.")
    qtbot.waitUntil(lambda: underlined(summary, "radiculapathy"))
    qtbot.waitUntil(lambda: any("radiculapathy" in r for r in qa_rows(spelled)))
    spelled.edit_profile()
    dialog = spelled._profile_dialog
    assert dialog.check_spelling.isChecked()
    qtbot.mouseClick(dialog.check_spelling, Qt.LeftButton)
    dialog._save()
    qtbot.waitUntil(lambda: not underlined(summary, "radiculapathy"))
    qtbot.waitUntil(lambda: not any("radiculapathy" in r for r in qa_rows(spelled)))
    assert spelled.workspace.cases.reviewer_profile().check_spelling is False


def test_nothing_is_added_to_the_undo_history_by_the_underline(spelled, qtbot):
    stack = spelled.session.undo_stack
    before = stack.count()
    spelled.spelling.rehighlight()
    QApplication.processEvents()
    assert stack.count() == before


def test_the_dictionaries_load_after_the_window_has_opened(data_dir):
    """Nothing of spelling's engine loads for the first paint or while the window
    fills; the dictionaries come after, on a worker (a fresh interpreter tells)."""
    from tests.test_lazy_imports import loaded, modules_after

    seen = modules_after(
        """
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from imr_desktop.ui.main_window import MainWindow
        from imr_desktop.workspace import Workspace
        window = MainWindow(data_dir=sys.argv[1])
        window.show()
        app.processEvents()
        seen["painted"] = sorted(sys.modules)
        window.attach(Workspace.open(sys.argv[1]))
        # Before the event loop turns again, so no timer can have fired however slow
        # the machine: what filling the window loaded, and nothing that came after.
        seen["attached"] = sorted(sys.modules)
        from PySide6.QtCore import QTimer
        from imr_desktop.ui.background import wait_for_background
        # Until the dictionaries are in, however long a loaded machine takes to start;
        # the timer only ends a run that would otherwise never end.
        window.spelling.changed.connect(lambda: window.spelling.ready and app.quit())
        QTimer.singleShot(60_000, app.quit)
        if not window.spelling.ready:
            app.exec()
        wait_for_background()
        seen["later"] = sorted(sys.modules)
        seen["ready"] = window.spelling.ready
        window.close()
        """,
        str(data_dir),
    )
    heavy = ("hunspell", "imr_desktop.spelling.folder", "imr_desktop.spelling.dictionaries")
    assert loaded(seen["painted"], *heavy, "imr_desktop.spelling.checker") == []
    assert loaded(seen["attached"], *heavy) == []
    assert seen["ready"] and "hunspell" in seen["later"]


def test_every_field_that_reaches_the_letter_is_checked_and_no_other(spelled, qtbot):
    item_editor = spelled.editor.item_editor
    checked = set(spelled.spelling.highlighters)
    assert {
        spelled.editor.summary,
        item_editor.request,
        item_editor.original_request,
        item_editor.authorised_part,
        item_editor.claims_guideline,
        item_editor.rationale,
    } == checked
    type_at_end(qtbot, item_editor.claims_guideline, " Guidlines")
    qtbot.waitUntil(lambda: underlined(item_editor.claims_guideline, "Guidlines"))
    type_at_end(qtbot, item_editor.rationale, " The guidline says so.")
    qtbot.waitUntil(lambda: underlined(item_editor.rationale, "guidline"))


def test_a_click_on_an_item_fields_warning_selects_the_word_there(spelled, qtbot):
    rationale = spelled.editor.item_editor.rationale
    type_at_end(qtbot, rationale, " The guidline is clear.")
    spelled.editor.summary.setFocus()
    qtbot.waitUntil(lambda: any("'guidline'" in r for r in qa_rows(spelled)))
    rows = qa_rows(spelled)
    assert "Warning: misspelled word in item 1's rationale: 'guidline'" in rows
    panel = spelled.letter.qa_panel
    spelled.letter.qa_dock.set_collapsed(False)
    index = rows.index("Warning: misspelled word in item 1's rationale: 'guidline'")
    rect = panel.list.visualItemRect(panel.list.item(index))
    spelled.activateWindow()
    qtbot.mouseClick(panel.list.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: rationale.hasFocus())
    assert rationale.textCursor().selectedText() == "guidline"


def test_a_dictionary_that_cannot_be_written_says_so_and_changes_nothing(spelled, qtbot, data_dir):
    (data_dir / FILE_NAME).mkdir()  # the file cannot be replaced: as a full disk would fail
    summary = spelled.editor.summary
    type_at_end(qtbot, summary, " Started Zorvantix daily.")
    qtbot.waitUntil(lambda: underlined(summary, "Zorvantix"))
    right_click(summary, "Zorvantix")
    click_menu(qtbot, spelled, "Add “Zorvantix”")
    kind, title, text = spelled.dialogs.messages[-1]
    assert (kind, title) == ("error", "Not added")
    assert "could not be written" in text
    assert underlined(summary, "Zorvantix")  # still flagged: nothing was added
    assert not list(data_dir.glob(".personal_dictionary.txt.*"))  # no temporary left


def test_the_underline_stands_under_the_word_after_characters_qt_counts_twice(spelled, qtbot):
    """Qt counts positions in UTF-16: an emoji before a typo is two positions."""
    summary = spelled.editor.summary
    summary.setPlainText("Mood 😀 recieved well")
    block = summary.document().firstBlock()

    def wavy() -> list[tuple[int, int]]:
        return [
            (r.start, r.length)
            for r in block.layout().formats()
            if r.format.underlineStyle() == QTextCharFormat.SpellCheckUnderline
        ]

    qtbot.waitUntil(lambda: wavy() == [(len("Mood 😀 ") + 1, len("recieved"))])
