from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from imr_desktop.cases.store import CaseStore
from imr_desktop.model import CitationKind
from imr_desktop.model.passage import SourceKind
from tests.guidelines_helpers import json_library, make_pdf
from tests.ui_helpers import close_window, make_window, open_by_number


def type_search(qtbot, panel, text):
    panel.search_field.clear()
    panel.search_field.setFocus()
    QTest.keyClicks(panel.search_field, text)
    # Debounced: results come once typing pauses.
    qtbot.waitUntil(lambda: panel.model.hits and not panel._timer.isActive())


def select_topic(qtbot, panel, topic):
    row = next(n for n, h in enumerate(panel.model.hits) if h.passage.topic == topic)
    index = panel.model.index(row, 0)
    rect = panel.results.visualRect(index)
    panel.results.scrollTo(index)
    rect = panel.results.visualRect(index)
    QTest.mouseClick(panel.results.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: panel.current is not None and panel.current.topic == topic)
    return panel.current


def test_panel_is_installed_in_the_dock(window):
    panel = window.guideline_panel
    assert window.guideline_dock.widget() is panel
    assert panel.model.rowCount() > 0  # the library, browsed, before anything is typed
    window.focus_find()
    assert panel.search_field.hasFocus()


def test_search_select_cite_with_paraphrase_then_undo(qtbot, data_dir, window):
    open_by_number(window, "CM16-0000102")
    window.session.select_item(1)
    session, panel = window.session, window.guideline_panel
    before = session.case.items[1]
    citations_before = list(before.citations)
    rationale_before = before.rationale

    type_search(qtbot, panel, "physical therapy")
    hit = panel.model.hits[0]
    assert hit.passage.source.kind is SourceKind.MTUS  # MTUS ranks first
    assert "\x02" in hit.snippet or "\x02" in hit.topic  # matched words are highlighted
    passage = select_topic(qtbot, panel, hit.passage.topic)
    html = panel.detail.toPlainText()
    assert passage.text.split(".")[0] in html
    assert "Section(s):" in html and "Decision based on" in html
    assert panel.cite_button.text() == "Cite into item 2" and panel.cite_button.isEnabled()

    rationale = window.editor.item_editor.rationale
    cursor = rationale.textCursor()
    cursor.setPosition(0)
    rationale.setTextCursor(cursor)
    panel.paraphrase.setChecked(True)
    with qtbot.waitSignal(session.saved):
        QTest.mouseClick(panel.cite_button, Qt.LeftButton)

    item = session.case.items[1]
    assert len(item.citations) == len(citations_before) + 1
    new = item.citations[-1]
    assert new.kind is CitationKind.MTUS and new.source.startswith("MTUS")
    assert new.section == passage.section and (new.pages or None) == (passage.pages or None)
    assert item.rationale.startswith("According to the CA MTUS")
    assert item.rationale.endswith(rationale_before)
    # The item editor shows it, and the store has it (autosaved).
    assert rationale.toPlainText() == item.rationale
    assert window.editor.item_editor.citations.rowCount() == len(item.citations)

    window.actions["undo"].trigger()
    restored = session.case.items[1]
    assert restored.citations == citations_before and restored.rationale == rationale_before
    assert rationale.toPlainText() == rationale_before
    close_window(window)
    store = CaseStore.open(data_dir)
    saved = store.load(store.find("CM16-0000102")).items[1]
    assert saved.citations == citations_before and saved.rationale == rationale_before
    store.close()


def test_double_click_and_shortcut_cite_a_non_mtus_passage(qtbot, window):
    open_by_number(window, "CM16-0000102")
    window.session.select_item(0)
    panel = window.guideline_panel
    panel.in_force.setChecked(False)
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findData(SourceKind.ODG))
    type_search(qtbot, panel, "gym")
    assert all(h.passage.source.kind is SourceKind.ODG for h in panel.model.hits)
    index = panel.model.index(0, 0)
    rect = panel.results.visualRect(index)
    # Qt 6 views emit doubleClicked only after a press on the same index.
    QTest.mouseClick(panel.results.viewport(), Qt.LeftButton, pos=rect.center())
    QTest.mouseDClick(panel.results.viewport(), Qt.LeftButton, pos=rect.center())
    cited = window.session.case.items[0].citations[-1]
    assert cited.kind is CitationKind.NON_MTUS
    assert cited.source == "Official Disability Guidelines (ODG) Low Back Chapter"
    assert cited.section == "Gym memberships"

    action = window.actions["cite_passage"]
    assert action.shortcut() == QKeySequence("Ctrl+Shift+C")
    window.session.select_item(1)
    count = len(window.session.case.items[1].citations)
    action.trigger()
    assert len(window.session.case.items[1].citations) == count + 1


def test_in_force_toggle_follows_the_ur_denial_date(qtbot, window):
    open_by_number(window, "CM16-0000101")  # UR denial 09/14/2016: the 2016 CPMTG
    panel = window.guideline_panel
    assert panel.in_force.isChecked() and "09/14/2016" in panel.in_force.text()
    type_search(qtbot, panel, "TENS")
    keys = {h.passage.source.key for h in panel.model.hits}
    assert "mtus-cpmtg-2016" in keys and "mtus-cpmtg-2009" not in keys
    panel.in_force.setChecked(False)
    keys = {h.passage.source.key for h in panel.model.hits}
    assert {"mtus-cpmtg-2016", "mtus-cpmtg-2009"} <= keys


def test_region_filter_and_calm_no_matches(qtbot, window):
    panel = window.guideline_panel
    panel.in_force.setChecked(False)
    panel.region_filter.setCurrentIndex(panel.region_filter.findData("Knee"))
    type_search(qtbot, panel, "MRI")
    assert all(h.passage.body_region == "Knee" for h in panel.model.hits)
    panel.search_field.setText('"unbalanced ( AND * -')
    panel.run_search()
    panel.search_field.setText("xylophone")
    panel.run_search()
    assert panel.model.rowCount() == 0 and panel.message.text().startswith("No matches")
    assert not panel.cite_button.isEnabled()


def test_import_from_the_tools_menu_with_progress(qtbot, tmp_path, window):
    panel = window.guideline_panel
    path = make_pdf(
        tmp_path / "licensed.pdf",
        [("Chapter", [("Wombat care", ["Wombat text.", "More wombat."])])],
    )
    window.dialogs.file_answers.append(str(path))
    window.dialogs.text_answers += ["Licensed Wombat Guide", "odg"]
    window.actions["import_guidelines"].trigger()
    assert panel.progress_row.isVisibleTo(panel)
    qtbot.waitUntil(lambda: not panel.progress_row.isVisibleTo(panel))
    assert "Imported" in window.statusBar().currentMessage()
    panel.in_force.setChecked(False)
    type_search(qtbot, panel, "wombat")
    passage = panel.model.hits[0].passage
    assert passage.source.title == "Licensed Wombat Guide" and passage.pages == "1-2"


def test_bad_import_says_why_and_changes_nothing(qtbot, tmp_path, window):
    bad = tmp_path / "notes.json"
    bad.write_text("{ not json")
    count = window.workspace.library.passage_count()
    window.dialogs.file_answers.append(str(bad))
    window.actions["import_guidelines"].trigger()
    qtbot.waitUntil(lambda: any(m[0] == "error" for m in window.dialogs.messages))
    kind, title, text = window.dialogs.messages[-1]
    assert title == "Import failed" and "not valid JSON" in text
    assert window.workspace.library.passage_count() == count


def test_cancelled_import_leaves_the_library(qtbot, tmp_path, window):
    many = [{"topic": f"Topic {n}", "text": f"Numbat text {n}"} for n in range(3000)]
    path = json_library(tmp_path / "big.json", many)
    count = window.workspace.library.passage_count()
    actions = window.guideline_panel.library_actions
    actions.running = None
    window.dialogs.file_answers.append(str(path))
    window.actions["import_guidelines"].trigger()
    actions.cancel()  # before the worker writes its first batch
    qtbot.waitUntil(lambda: actions.running is None)
    assert "canceled" in window.statusBar().currentMessage()
    assert window.workspace.library.passage_count() == count


def test_sources_dialog_removes_a_source(qtbot, tmp_path, window):
    panel = window.guideline_panel
    window.workspace.library.import_file(json_library(tmp_path / "lib.json"))
    window.actions["guideline_sources"].trigger()
    dialog = panel.library_actions.sources_dialog
    assert dialog.isVisible()
    row = next(
        i for i in range(dialog.list.count()) if "Test Guideline" in dialog.list.item(i).text()
    )
    dialog.list.setCurrentRow(row)
    window.dialogs.confirm_answers.append(True)
    dialog.remove_button.click()
    assert window.workspace.library.find_source("test-guideline") is None
    assert all(
        "Test Guideline" not in dialog.list.item(i).text() for i in range(dialog.list.count())
    )
    dialog.close()


def test_a_damaged_library_leaves_the_window_working(qtbot, data_dir):
    (data_dir / "library.db").write_bytes(b"this is not a database" * 100)
    window = make_window(qtbot, data_dir)
    try:
        label = window.guideline_dock.widget()
        assert label.objectName() == "guidelineUnavailable"
        assert "library.db" in label.text()
        assert window.session.case is not None  # the cases still open
    finally:
        close_window(window)
