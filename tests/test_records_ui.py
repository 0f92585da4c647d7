"""The Records tab in the window: attach, search, jump, insert and follow a reference."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from tests.records_helpers import make_image_only_pdf, make_pdf, record_pages


@pytest.fixture
def window(window):
    """The window on CM16-0000102, its indexing cancelled at the end."""
    window.open_case(window.workspace.cases.find("CM16-0000102"))
    yield window
    window.records.tab.cancel_indexing()


@pytest.fixture
def case_pdf(tmp_path):
    pages = record_pages(30)
    pages[11] = "MRI of the lumbar spine dated 03/02/2016 shows a protrusion at L4-5."
    return make_pdf(tmp_path / "Ortho records.pdf", pages)


def attach(qtbot, window, path):
    tab = window.records.tab
    window.dialogs.file_answers.append(str(path))
    window.actions["attach_records"].trigger()
    qtbot.waitUntil(lambda: not tab.indexing)
    qtbot.waitUntil(lambda: tab.dates.topLevelItemCount() > 0 or bool(tab.range_label.text()))
    return tab


def test_qtpdf_is_not_loaded_until_the_tab_is_shown(window):
    assert window.center_tabs.tabText(window.records.tab_index) == "Records"
    assert not window.records.host.built  # the tab is built when first shown
    assert window.records.tab.viewer is None
    window.records.show_tab()
    assert window.records.tab.viewer is not None
    assert "PySide6.QtPdf" in sys.modules


def test_attach_search_jump_insert_and_follow(qtbot, window, case_pdf):
    tab = attach(qtbot, window, case_pdf)
    assert tab.documents.count() == 1
    assert tab.documents.item(0).text() == "Ortho records — 30 pages"
    assert window.center_tabs.currentWidget() is window.records.host  # the Records tab
    assert tab.viewer.page_total() == 30

    # search: the result names the document and page, and jumps there
    QTest.keyClicks(tab.search_field, "protrusion")
    qtbot.waitUntil(lambda: tab.results.count() == 1)
    item = tab.results.item(0)
    assert item.data(Qt.AccessibleTextRole).startswith("Ortho records, p. 12: ")
    assert "<u>protrusion</u>" in tab.results.itemWidget(item).text()
    tab.results.itemClicked.emit(item)
    assert tab.current_page() == 12
    assert (
        window.workspace.cases.db.execute("SELECT last_page FROM record_documents").fetchone()[0]
        == 12
    )

    # insert a reference at the summary's cursor: one undoable step
    summary = window.editor.summary
    window.center_tabs.setCurrentIndex(0)
    summary.setFocus()
    summary.moveCursor(summary.textCursor().MoveOperation.End)
    before = summary.toPlainText()
    window.actions["insert_page_reference"].trigger()
    assert summary.toPlainText() == before + " (Ortho records, p. 12)"
    assert window.session.case.summary.endswith("(Ortho records, p. 12)")
    window.session.undo_stack.undo()
    assert summary.toPlainText() == before
    window.session.undo_stack.redo()
    assert summary.toPlainText().endswith("(Ortho records, p. 12)")

    # follow it: move the viewer elsewhere, then Ctrl+click the reference
    tab.viewer.show_page(3)
    assert tab.current_page() == 3
    window.center_tabs.setCurrentIndex(0)
    cursor = summary.textCursor()
    cursor.setPosition(len(summary.toPlainText()) - 5)
    point = summary.cursorRect(cursor).center()
    QTest.mouseClick(summary.viewport(), Qt.LeftButton, Qt.ControlModifier, point)
    assert window.center_tabs.currentWidget() is window.records.host  # the Records tab
    assert tab.current_page() == 12

    # and from the keyboard
    tab.viewer.show_page(5)
    summary.setTextCursor(cursor)
    window.actions["follow_page_reference"].trigger()
    assert tab.current_page() == 12


def test_reference_goes_into_the_rationale_last_written(qtbot, window, case_pdf):
    tab = attach(qtbot, window, case_pdf)
    tab.viewer.show_page(7)
    window.center_tabs.setCurrentIndex(0)
    window.session.select_item(0)
    rationale = window.editor.item_editor.rationale
    rationale.setFocus()
    qtbot.waitUntil(rationale.hasFocus)
    rationale.moveCursor(rationale.textCursor().MoveOperation.Start)
    window.records.show_tab()  # the reviewer is reading; the rationale keeps its cursor
    window.actions["insert_page_reference"].trigger()
    assert rationale.toPlainText().startswith("(Ortho records, p. 7)")
    assert window.session.case.items[0].rationale.startswith("(Ortho records, p. 7)")


def test_dates_found_and_range_into_the_summary(qtbot, window, case_pdf):
    tab = attach(qtbot, window, case_pdf)
    kinds = {tab.dates.topLevelItem(n).text(1) for n in range(tab.dates.topLevelItemCount())}
    assert {"visit", "imaging"} <= kinds
    phrase = tab.range_text()
    assert phrase.startswith("Records from ") and phrase.endswith(" were reviewed.")
    tab.use_range_button.click()
    summary = window.session.case.summary
    assert phrase in summary
    assert summary.count("Records from ") == 1  # the demo's own sentence was replaced


def test_bad_files_give_a_message_and_no_document(qtbot, window, tmp_path):
    junk = tmp_path / "scan.pdf"
    junk.write_text("this is not a PDF")
    tab = window.records.tab
    window.dialogs.file_answers.append(str(junk))
    window.actions["attach_records"].trigger()
    qtbot.waitUntil(lambda: not tab.indexing)
    assert window.dialogs.messages[-1][:2] == ("error", "Not attached")
    assert "not a PDF" in window.dialogs.messages[-1][2]
    assert tab.documents.count() == 0

    attach(qtbot, window, make_image_only_pdf(tmp_path / "image only.pdf"))
    assert "no searchable text" in tab.documents.item(0).text()
    assert window.dialogs.messages[-1][0] == "info"


def test_last_page_is_remembered_per_document(qtbot, window, case_pdf, tmp_path):
    tab = attach(qtbot, window, case_pdf)
    tab.viewer.show_page(9)
    attach(qtbot, window, make_pdf(tmp_path / "UR letter.pdf", ["UR page one", "UR page two"]))
    assert tab.current_document.title == "UR letter"
    tab.documents.setCurrentRow(0)
    assert tab.current_document.title == "Ortho records"
    assert tab.current_page() == 9


def test_context_menu_offers_to_open_the_reference(qtbot, window, case_pdf):
    tab = attach(qtbot, window, case_pdf)
    window.center_tabs.setCurrentIndex(0)
    summary = window.editor.summary
    window.session.apply("x", lambda case: setattr(case, "summary", "See (Ortho records, p. 4)."))
    cursor = summary.textCursor()
    cursor.setPosition(8)
    pos = summary.viewport().mapTo(summary, summary.cursorRect(cursor).center())
    from PySide6.QtGui import QContextMenuEvent

    event = QContextMenuEvent(QContextMenuEvent.Mouse, pos, summary.mapToGlobal(pos))
    from PySide6.QtWidgets import QApplication

    QApplication.sendEvent(summary, event)
    menu = window.records._menu
    assert menu.actions()[0].text() == "Open Ortho records, p. 4"
    menu.actions()[0].trigger()
    assert tab.current_page() == 4
    menu.close()
    _ = QPoint
