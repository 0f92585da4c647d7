"""Docks collapse to a strip and back, and the window remembers which are strips."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui_helpers import close_window, make_window, open_by_number


def test_qa_opens_as_a_one_line_strip_that_says_what_it_found(qtbot, window):
    open_by_number(window, "CM16-0000101")
    dock = window.letter.qa_dock
    assert dock.collapsed and not window.letter.qa_panel.isVisible()
    assert dock.height() <= 2 * window.fontMetrics().height() + 12
    summary = dock.bar.summary.full_text
    assert summary.startswith("✖ 0 errors · ⚠ 1 warning — Warning: the case file holds no records")

    qtbot.mouseClick(dock.bar.collapse_button, Qt.LeftButton)
    assert not dock.collapsed
    qtbot.waitUntil(lambda: window.letter.qa_panel.list.isVisible())
    qtbot.waitUntil(lambda: dock.height() > 4 * window.fontMetrics().height())


def test_a_side_dock_becomes_a_narrow_strip_and_gives_the_form_its_width(qtbot, window):
    dock = window.queue_dock
    window.resize(1280, 720)
    window.resizeDocks([dock], [380], Qt.Horizontal)
    qtbot.waitUntil(lambda: dock.width() >= 370)
    before = window.editor.viewport().width()
    qtbot.mouseClick(dock.bar.collapse_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dock.width() <= 3 * window.fontMetrics().height())
    assert dock.bar.vertical_title.isVisible() and not window.queue.isVisible()
    qtbot.waitUntil(lambda: window.editor.viewport().width() > before + 300)
    qtbot.mouseDClick(dock.bar, Qt.LeftButton)
    assert not dock.collapsed and window.queue.isVisible()


def test_which_docks_are_strips_is_remembered(qtbot, data_dir, window):
    window.letter.qa_dock.set_collapsed(False)
    window.guideline_dock.set_collapsed(True)
    close_window(window)
    again = make_window(qtbot, data_dir)
    assert not again.letter.qa_dock.collapsed
    assert again.guideline_dock.collapsed and not again.guideline_dock.widget().isVisible()
    assert again.guideline_dock.widget() is again.guideline_panel  # the content, not a holder
    close_window(again)
