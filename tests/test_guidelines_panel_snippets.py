"""The panel's search reads the snippets of the hits the list shows first; the rest
are read when the list shows them (``ResultsModel.hit``)."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from imr_desktop.guidelines import SNIPPETS_AT_ONCE
from imr_desktop.model.passage import SourceKind
from tests.test_guidelines_panel import type_search


def test_snippets_below_the_first_screen_are_read_when_the_list_shows_them(qtbot, window):
    panel = window.guideline_panel
    panel.in_force.setChecked(False)
    panel.kind_filter.setCurrentIndex(
        next(n for n in range(panel.kind_filter.count())
             if panel.kind_filter.itemData(n) == SourceKind.MTUS)
    )  # fmt: skip
    type_search(qtbot, panel, "pain")
    every = window.workspace.library.search("pain", kinds=[SourceKind.MTUS])  # all snippets
    hits = panel.model.hits
    assert len(hits) == len(every.hits) > SNIPPETS_AT_ONCE
    shown_first = [(h.passage.id, h.snippet) for h in every.hits[:SNIPPETS_AT_ONCE]]
    assert [(h.passage.id, h.snippet) for h in hits[:SNIPPETS_AT_ONCE]] == shown_first
    assert hits[-1].snippet is None  # below the first screen: not read yet

    # The reviewer goes to the last result: the list shows it with its snippet.
    panel.results.setFocus()
    QTest.keyClick(panel.results, Qt.Key_End)
    qtbot.waitUntil(lambda: panel.current is not None and panel.current.id == hits[-1].passage.id)
    got = [(h.passage.id, h.snippet, h.topic, h.score) for h in panel.model.hits]
    assert got == [(h.passage.id, h.snippet, h.topic, h.score) for h in every.hits]
    last = panel.model.index(len(hits) - 1, 0)
    assert every.hits[-1].snippet  # the tooltip is the snippet, without the markers
    assert panel.model.data(last, Qt.ToolTipRole) == every.hits[-1].snippet.replace(
        "\x02", ""
    ).replace("\x03", "")
