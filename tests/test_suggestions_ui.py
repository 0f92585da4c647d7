"""Suggested citations in the window: the guideline panel suggests for the selected
item's request as it is typed, with why; a typed search still searches; a suggestion
is cited as any result; the item editor says what the request was understood as."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from imr_desktop.model import CitationKind
from tests.ui_helpers import open_by_number


def _type_request(qtbot, window, text):
    open_by_number(window, "CM16-0000101")  # UR denial date 09/14/2016
    QTest.keyClick(window.windowHandle(), Qt.Key_N, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(lambda: window.session.current_item_index == len(window.session.case.items) - 1)
    field = window.editor.item_editor.request
    field.setFocus()
    QTest.keyClicks(field, text)
    feed = window.guideline_panel.suggestion_feed
    qtbot.waitUntil(
        lambda: feed.last is not None and feed.followed[1] == text and not feed.runner.busy
    )
    return window.session.current_item_index


def test_the_panel_suggests_for_the_typed_request_and_cites_a_suggestion(qtbot, window):
    index = _type_request(qtbot, window, "Ultram 50mg #60")
    panel = window.guideline_panel
    assert panel.message.text().startswith(f"Suggested for item {index + 1} (“Ultram 50mg #60”)")
    first = panel.model.hits[0]
    assert first.passage.topic == "Opioids, maintenance and monitoring"
    assert "Ultram → tramadol → opioid" in first.snippet
    assert "edition in force on 09/14/2016" in first.snippet
    assert panel.current is first.passage  # the best one is shown, ready to cite
    QTest.mouseClick(panel.cite_button, Qt.LeftButton)
    cited = window.session.case.items[index].citations[-1]
    assert (cited.kind, cited.source, cited.edition) == (
        CitationKind.MTUS,
        "MTUS Opioid Treatment",
        "2016",
    )
    assert cited.section.startswith("3.3.9 ")
    window.actions["undo"].trigger()
    assert window.session.case.items[index].citations == []


def test_a_typed_search_still_searches_and_clearing_it_brings_the_suggestions_back(qtbot, window):
    _type_request(qtbot, window, "Physical therapy 2 times a week for 6 weeks, low back")
    panel = window.guideline_panel
    assert panel.model.hits[0].passage.section == "Physical medicine treatment"
    panel.search_field.setFocus()
    QTest.keyClicks(panel.search_field, "acupuncture")
    qtbot.waitUntil(
        lambda: (
            not panel._timer.isActive()
            and "acupuncture" in panel.model.hits[0].passage.topic.lower()
        )
    )
    assert not panel.message.text().startswith("Suggested")
    panel.search_field.selectAll()
    QTest.keyClick(panel.search_field, Qt.Key_Backspace)
    qtbot.waitUntil(lambda: panel.message.text().startswith("Suggested"))


def test_the_item_editor_says_what_the_request_was_understood_as(qtbot, window):
    _type_request(qtbot, window, "Retrospective Norco 10/325mg #90 (DOS 11/18/16)")
    line = window.understood
    qtbot.waitUntil(lambda: "hydrocodone" in line.label.text())
    text = line.label.text()
    assert text.startswith("Understood as (medication):")
    assert "Norco → hydrocodone + acetaminophen (opioid)" in text
    assert "strength: 10/325mg" in text and "quantity: #90" in text
    assert "retrospective, date of service 11/18/2016" in text
    assert line.label.isVisible()


def test_new_suggestions_show_their_best_one_even_beside_a_printed_only_guideline(window):
    from imr_desktop.guidelines import SearchHit
    from imr_desktop.guidelines.suggest import printed_passage
    from imr_desktop.model import Citation

    panel = window.guideline_panel
    library_hit = window.workspace.library.search("physical therapy").hits[0]
    printed = printed_passage(Citation(CitationKind.NON_MTUS, "www.mdguidelines.com", None, None))
    assert printed.id is None
    panel.set_suggestions([library_hit, SearchHit(printed, "cited in 1 of 5", "x", 0.1)], "…")
    assert panel.results.currentIndex().row() == 0
    assert panel.current is library_hit.passage
