"""The Precedents dock as a reviewer meets it: import through Tools, type a request and
watch the view follow, cite a precedent's guideline, insert a marked excerpt, undo,
cancel an import, remove decisions."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from imr_desktop.model import CitationKind
from tests.precedents_helpers import (
    PT_SECTION,
    UPHELD,
    item,
    published_case,
    sample_letters,
    write_letter,
)
from tests.ui_helpers import open_by_number
from tests.waits import next_turn

ENDED = ("Published decisions imported", "Import failed")


def _import(qtbot, window, folder):
    window.dialogs.file_answers.append(str(folder))
    window.actions["import_precedents_folder"].trigger()
    # Either end: a failed import fails the test with its reason, at once.
    qtbot.waitUntil(lambda: any(m[1] in ENDED for m in window.dialogs.messages))
    failed = [m for m in window.dialogs.messages if m[1] == "Import failed"]
    assert not failed, failed[-1][2]
    return [m for m in window.dialogs.messages if m[1] == "Published decisions imported"][-1]


def _new_item_with_request(qtbot, window, text):
    open_by_number(window, "CM16-0000101")
    QTest.keyClick(window.windowHandle(), Qt.Key_5, Qt.AltModifier)  # the Precedents tab
    qtbot.waitUntil(lambda: not window.precedents.dock.visibleRegion().isEmpty())
    QTest.keyClick(window.windowHandle(), Qt.Key_N, Qt.ControlModifier | Qt.ShiftModifier)
    field = window.editor.item_editor.request
    qtbot.waitUntil(lambda: window.session.current_item_index == len(window.session.case.items) - 1)
    field.setFocus()
    QTest.keyClicks(field, text)
    feature = window.precedents
    qtbot.waitUntil(lambda: feature.followed == text and not feature.busy)
    return window.session.current_item_index


def _count_lookups(monkeypatch) -> list[tuple[str, bool]]:
    """Each lookup from now on: (its request, whether it ran on the GUI thread)."""
    from imr_desktop.ui.precedents import feature as feature_module

    calls: list[tuple[str, bool]] = []
    real = feature_module._lookup

    def counting(path, text):
        calls.append((text, threading.current_thread() is threading.main_thread()))
        return real(path, text)

    monkeypatch.setattr(feature_module, "_lookup", counting)
    return calls


def _quiet(feature) -> bool:
    """No lookup running, waiting, or about to be asked for (the typing debounce)."""
    return not feature.busy and feature.waiting is None and not feature._timer.isActive()


def _click_row(tree, row):
    tree.scrollToItem(tree.topLevelItem(row))
    rect = tree.visualItemRect(tree.topLevelItem(row))
    QTest.mouseClick(tree.viewport(), Qt.LeftButton, pos=rect.center())


def test_import_through_tools_and_the_view_follows_the_typed_request(qtbot, window, tmp_path):
    folder = tmp_path / "published"
    sample_letters(folder)
    _, title, text = _import(qtbot, window, folder)
    assert text.startswith("Import finished: 6 imported")
    panel = window.precedents.panel
    qtbot.waitUntil(
        lambda: panel.library_label.text().startswith("6 published decisions (9 items)")
    )

    index = _new_item_with_request(qtbot, window, "PT 2x6 low back")
    assert panel.heading.text() == f"Item {index + 1}: PT 2x6 low back"
    assert panel.summary.text() == "3 similar decisions: 2 upheld, 1 overturned"
    assert (
        "physical therapy" in panel.understood.text() and "lumbar spine" in panel.understood.text()
    )
    assert panel.decisions.topLevelItemCount() == 3
    assert panel.cited.topLevelItem(0).text(0) == "3"
    assert window.precedents.dock.windowTitle() == "Precedents (3)"
    qtbot.waitUntil(lambda: window.precedents.opened is not None)  # the best one is opened
    assert "Twelve sessions of physical therapy" in panel.detail.toPlainText()

    # Edit the request: the view follows (debounced), the knee is another region.
    field = window.editor.item_editor.request
    field.selectAll()
    QTest.keyClicks(field, "MRI of the left knee")
    qtbot.waitUntil(lambda: panel.summary.text().startswith("1 similar decision:"))

    # A second import of the same letters: nothing new, and replacing is offered.
    window.dialogs.confirm_answers.append(False)
    window.dialogs.file_answers.append(str(folder))
    window.actions["import_precedents_folder"].trigger()
    qtbot.waitUntil(lambda: window.dialogs.messages[-1][0] == "confirm")
    assert "6 letter(s) are already in the library" in window.dialogs.messages[-1][2]


def test_lookups_run_off_the_gui_thread_and_typing_does_not_queue_them(
    qtbot, window, tmp_path, monkeypatch
):
    """A burst of typing is one lookup, of the whole request, on a worker. Counted
    from a quiet moment: the lookups the import and the new item asked for wait for a
    worker thread as long as the machine is busy, and are not the typing's."""
    sample_letters(tmp_path / "published")
    _import(qtbot, window, tmp_path / "published")
    feature = window.precedents
    open_by_number(window, "CM16-0000101")
    QTest.keyClick(window.windowHandle(), Qt.Key_N, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(lambda: feature.followed == "" and _quiet(feature))  # the new, empty item
    calls = _count_lookups(monkeypatch)
    field = window.editor.item_editor.request
    field.setFocus()
    request = "Twelve sessions of acupuncture for the neck"
    QTest.keyClicks(field, request)
    qtbot.waitUntil(lambda: feature.followed == request and _quiet(feature))
    assert calls == [(request, False)]


def test_cite_a_most_cited_guideline_then_undo(qtbot, window, tmp_path):
    sample_letters(tmp_path / "published")
    _import(qtbot, window, tmp_path / "published")
    index = _new_item_with_request(qtbot, window, "Physical therapy lumbar spine")
    panel = window.precedents.panel
    _click_row(panel.cited, 0)
    assert panel.cite_button.isEnabled()
    # The button names what it cites (elided to its width; whole in the tooltip).
    assert panel.cite_button.text().startswith("Cite “Physical")
    assert panel.cite_button.text().endswith(f"” into item {index + 1}")
    assert panel.cite_button.toolTip().endswith("2016: Physical medicine treatment")
    QTest.mouseClick(panel.cite_button, Qt.LeftButton)
    cited = window.session.case.items[index].citations
    assert cited == [PT_SECTION] and cited[0].kind is CitationKind.MTUS
    assert window.editor.item_editor.citations.rowCount() == 1
    window.actions["undo"].trigger()
    assert window.session.case.items[index].citations == []


def test_open_a_decision_cite_its_guideline_and_insert_a_marked_excerpt(qtbot, window, tmp_path):
    sample_letters(tmp_path / "published")
    _import(qtbot, window, tmp_path / "published")
    index = _new_item_with_request(qtbot, window, "MRI of the lumbar spine")
    feature, panel = window.precedents, window.precedents.panel
    _click_row(panel.decisions, 1)
    qtbot.waitUntil(
        lambda: feature.opened is not None and feature.opened.case_number == "CM17-0100001"
    )
    assert "MRI of the lumbar spine without contrast" in panel.detail.toPlainText()
    assert "item 2 of 2" in panel.detail.toPlainText()

    _click_row(panel.detail_citations, 0)
    QTest.mouseClick(panel.cite_button, Qt.LeftButton)
    assert window.session.case.items[index].citations[-1].section == "Special Studies"

    assert not panel.excerpt_button.isEnabled()  # nothing selected: nothing is copied
    document = panel.detail.document()
    found = document.find("The records were weighed")
    cursor = QTextCursor(found)
    cursor.movePosition(QTextCursor.EndOfBlock, QTextCursor.KeepAnchor)
    panel.detail.setTextCursor(cursor)
    assert panel.excerpt_button.isEnabled()
    QTest.mouseClick(panel.excerpt_button, Qt.LeftButton)
    rationale = window.session.case.items[index].rationale
    assert rationale.startswith("“The records were weighed against the guideline")
    assert rationale.endswith("” (from published IMR decision CM17-0100001)")
    assert window.editor.item_editor.rationale.toPlainText() == rationale
    window.actions["undo"].trigger()
    assert window.session.case.items[index].rationale == ""


def test_cancel_an_import_from_the_panel(qtbot, window, tmp_path):
    folder = tmp_path / "many"
    for n in range(20):
        write_letter(folder, published_case(f"CM17-07{n:05d}", [item("TENS unit", UPHELD)]))
    importer, panel = window.precedents.importer, window.precedents.panel
    importer.relay.progress.connect(
        lambda *_: (
            QTest.mouseClick(panel.cancel_button, Qt.LeftButton)
            if panel.cancel_button.isEnabled()
            else None
        )
    )
    _, _, text = _import(qtbot, window, folder)
    assert text.startswith("Import canceled")
    assert not panel.progress_row.isVisible() and not importer.running
    assert "not read" in text


def test_remove_all_published_decisions(qtbot, window, tmp_path):
    sample_letters(tmp_path / "published")
    _import(qtbot, window, tmp_path / "published")
    window.actions["precedent_library"].trigger()
    dialog = window.precedents._library_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.summary.text().startswith("6 published decisions")
    assert dialog.imports.count() == 1
    window.dialogs.confirm_answers.append(True)
    QTest.mouseClick(dialog.remove_all_button, Qt.LeftButton)
    assert dialog.summary.text() == "No published decisions imported yet."
    qtbot.waitUntil(
        lambda: (
            window.precedents.panel.library_label.text() == "No published decisions imported yet."
        )
    )
    dialog.close()


def test_a_lookup_that_read_the_library_before_a_removal_is_asked_again(
    qtbot, window, tmp_path, monkeypatch
):
    """A lookup in flight while decisions are removed answers for the old library; its
    result must not be shown as the library's state after the removal."""
    from imr_desktop.ui.precedents import feature as feature_module

    sample_letters(tmp_path / "published")
    _import(qtbot, window, tmp_path / "published")
    feature = window.precedents
    qtbot.waitUntil(lambda: not feature.busy)
    read, release = threading.Event(), threading.Event()
    real = feature_module._lookup

    def read_then_wait(path, text):
        result = real(path, text)  # the library as it was before the removal
        if not release.is_set():
            read.set()
            release.wait(30)
        return result

    monkeypatch.setattr(feature_module, "_lookup", read_then_wait)
    window.actions["precedent_library"].trigger()
    dialog = window.precedents._library_dialog
    qtbot.waitUntil(dialog.isVisible)
    feature.refresh(force=True)  # as an item change would: a lookup starts
    qtbot.waitUntil(read.is_set)
    window.dialogs.confirm_answers.append(True)
    QTest.mouseClick(dialog.remove_all_button, Qt.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: not feature.busy and feature.waiting is None)
    qtbot.waitUntil(
        lambda: feature.panel.library_label.text() == "No published decisions imported yet."
    )
    dialog.close()


def test_before_any_import_the_view_says_how_to_start(qtbot, window):
    feature = window.precedents
    window.session.select_item(0)
    qtbot.waitUntil(lambda: not feature.busy and feature.followed is not None)
    assert "No published decisions imported yet" in feature.panel.summary.text()
    assert not (window.workspace.data_dir / "precedents.db").exists()


def test_the_dock_shares_the_guideline_column_and_is_remembered(window):
    dock = window.precedents.dock
    assert dock.objectName() == "precedentsDock"
    assert window.dockWidgetArea(dock) == window.dockWidgetArea(window.guideline_dock)
    assert window.actions["focus_precedents"].shortcut().toString() == "Alt+5"
    # No two actions share a shortcut (an ambiguous one fires neither).
    keys = [a.shortcut().toString() for a in window.actions.values() if not a.shortcut().isEmpty()]
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []


def test_the_count_fills_in_once_the_window_has_started(qtbot, data_dir, tmp_path, monkeypatch):
    """The first lookup waits for the case to be on screen (the tab says "…" until
    then), runs on a worker, and a window closed before then never starts one."""
    from imr_desktop.precedents import PRECEDENTS_DB, import_published
    from imr_desktop.ui.main_window import MainWindow
    from imr_desktop.workspace import Workspace
    from tests.ui_helpers import close_window, make_window

    import_published(data_dir / PRECEDENTS_DB, sample_letters(tmp_path / "published"), workers=1)
    calls = _count_lookups(monkeypatch)
    closed_early = MainWindow(Workspace.open(data_dir), dialogs=None)
    qtbot.addWidget(closed_early)
    assert closed_early.precedents.dock.windowTitle() == "Precedents (…)"
    closed_early.close()
    qtbot.waitUntil(lambda: closed_early.start_up_done)
    next_turn(qtbot)  # what the end of the start-up queued has run (or not)
    assert calls == [] and not closed_early.precedents.started
    closed_early.workspace.close()

    window = make_window(qtbot, data_dir)
    feature = window.precedents
    qtbot.waitUntil(lambda: feature.started and not feature.busy and feature.summary is not None)
    assert len(calls) == 1 and not calls[0][1]  # one lookup, off the GUI thread
    assert "…" not in feature.dock.windowTitle()
    assert feature.panel.library_label.text().startswith("6 published decisions")
    close_window(window)
