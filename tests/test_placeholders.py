"""Placeholders left by Insert summary opening sentence: selected whole by a click,
a double-click or Tab / Shift+Tab, so typing replaces them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from imr_desktop.letter.qa import placeholder_spans
from tests.ui_helpers import open_by_number
from tests.waits import next_turn


def _opening_with_blanks(window):
    open_by_number(window, "CM16-0000101")

    def blank(case) -> None:
        case.patient.age = None
        case.patient.sex = None
        case.summary = "Records were reviewed."

    window.session.apply("blank the patient", blank)
    window.actions["insert_summary_opening"].trigger()
    return window.editor.summary


def _selected(edit) -> str:
    return edit.textCursor().selectedText()


def test_placeholder_spans_are_the_bracketed_blanks_not_other_brackets():
    text = "A [age]-year-old [sex] with [conditions]; quoted [sic] text."
    assert [text[a:b] for a, b in placeholder_spans(text)] == ["[age]", "[sex]", "[conditions]"]


def test_tab_walks_the_placeholders_and_typing_replaces_each(qtbot, window):
    summary = _opening_with_blanks(window)
    assert summary.hasFocus()
    assert _selected(summary) == "[age]"  # the first blank, ready to be typed over
    QTest.keyClicks(summary, "52")
    qtbot.keyClick(summary, Qt.Key_Tab)
    assert _selected(summary) == "[sex]"
    QTest.keyClicks(summary, "female")
    qtbot.keyClick(summary, Qt.Key_Tab)
    assert _selected(summary) == "[conditions]"
    QTest.keyClicks(summary, "lumbar strain")
    text = window.session.case.summary
    assert text.startswith("The patient is a 52-year-old female")
    assert "lumbar strain" in text and placeholder_spans(text) == []
    assert summary.hasFocus()

    qtbot.keyClick(summary, Qt.Key_Tab)  # no placeholder left: the focus moves on
    assert not summary.hasFocus()


def test_shift_tab_goes_back_then_leaves_the_box(qtbot, window):
    summary = _opening_with_blanks(window)
    qtbot.keyClick(summary, Qt.Key_Tab)
    qtbot.keyClick(summary, Qt.Key_Tab)
    assert _selected(summary) == "[conditions]"
    qtbot.keyClick(summary, Qt.Key_Backtab, Qt.ShiftModifier)
    assert _selected(summary) == "[sex]"
    qtbot.keyClick(summary, Qt.Key_Backtab, Qt.ShiftModifier)
    assert _selected(summary) == "[age]"
    qtbot.keyClick(summary, Qt.Key_Backtab, Qt.ShiftModifier)
    assert not summary.hasFocus()


def test_a_click_or_double_click_inside_selects_the_whole_placeholder(qtbot, window):
    summary = _opening_with_blanks(window)
    text = summary.toPlainText()
    inside = text.index("[conditions]") + 4  # between "con" and "ditions"
    cursor = summary.textCursor()
    cursor.setPosition(inside)
    point = summary.cursorRect(cursor).center()
    qtbot.mouseClick(summary.viewport(), Qt.LeftButton, pos=point)
    qtbot.waitUntil(lambda: _selected(summary) == "[conditions]")

    cursor.setPosition(0)
    summary.setTextCursor(cursor)
    qtbot.mouseDClick(summary.viewport(), Qt.LeftButton, pos=point)
    qtbot.waitUntil(lambda: _selected(summary) == "[conditions]")
    QTest.keyClicks(summary, "knee sprain")
    assert "for knee sprain associated" in window.session.case.summary
    assert "[conditions]" not in window.session.case.summary


def test_a_click_elsewhere_leaves_the_caret_alone(qtbot, window):
    summary = _opening_with_blanks(window)
    text = summary.toPlainText()
    at = text.index("Records") + 3
    cursor = summary.textCursor()
    cursor.setPosition(at)
    qtbot.mouseClick(summary.viewport(), Qt.LeftButton, pos=summary.cursorRect(cursor).center())
    next_turn(qtbot)  # a selection scheduled by the click (a zero timer) has run
    assert _selected(summary) == "" and summary.textCursor().position() == at
