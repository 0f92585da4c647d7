"""Suggested citations in the guideline panel: while no search is typed, the panel
lists what the selected item's request suggests (``guidelines.suggest``: the
library read through request understanding, and what published decisions on it
cited), each with why, citable as any result. They follow the request as it is
typed, imported or pasted, and the edition filter, computed in the background (the
published decisions are another file): typing never waits for them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from imr_desktop.guidelines import SearchHit
from imr_desktop.ui.background import LatestOnly

if TYPE_CHECKING:
    from imr_desktop.guidelines.suggest import Suggestions
    from imr_desktop.ui.main_window import MainWindow

    from .panel import GuidelinePanel

DEBOUNCE_MS = 250
LIMIT = 10


def _suggest(library_path: Path, data_dir: Path, text: str, on: dt.date | None) -> Suggestions:
    """Off the GUI thread, on connections of its own."""
    from imr_desktop.guidelines import GuidelineLibrary
    from imr_desktop.guidelines.suggest import precedents_connection, suggest

    library = GuidelineLibrary.open(library_path, seed_sample=False)
    precedents = precedents_connection(data_dir)
    try:
        return suggest(library, text, on=on, precedents=precedents, limit=LIMIT)
    finally:
        library.close()
        if precedents is not None:
            precedents.close()


def hits(found: Suggestions) -> list[SearchHit]:
    from imr_desktop.guidelines.suggest import printed_passage

    return [
        SearchHit(
            s.passage or printed_passage(s.citation),
            " · ".join(s.why),
            (s.passage.topic if s.passage else s.citation.section or s.citation.source),
            s.score,
        )
        for s in found.items
    ]


class SuggestionFeed(QObject):
    def __init__(self, window: MainWindow, panel: GuidelinePanel) -> None:
        super().__init__(panel)
        self.window = window
        self.panel = panel
        self.session = window.session
        self.runner = LatestOnly(self)
        self.followed: tuple[int | None, str, dt.date | None] | None = None
        self.last: Suggestions | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.follow)
        self.session.caseChanged.connect(self._timer.start)
        self.session.caseOpened.connect(self.refresh)
        self.session.caseReplaced.connect(self.refresh)
        self.session.currentItemChanged.connect(lambda _: self.refresh())
        panel.in_force.toggled.connect(lambda _: self.refresh())
        # The first suggestions (request understanding, the drug vocabulary, the
        # precedents) wait for the window's start: its case is on screen first.
        self.started = False
        window.when_started(self._start)

    def _start(self) -> None:
        self.started = True
        self.refresh()

    def refresh(self) -> None:
        self.followed = None
        self.follow()

    def _current(self) -> tuple[int | None, str, dt.date | None]:
        case, index = self.session.case, self.session.current_item_index
        if case is None or index is None or index >= len(case.items):
            return None, "", None
        on = case.ur_denial_date if self.panel.in_force.isChecked() else None
        return index, case.items[index].request, on

    def follow(self) -> None:
        self._timer.stop()
        if not self.started:
            return
        current = self._current()
        if current == self.followed:
            return
        self.followed = current
        index, text, on = current
        if index is None or not text.strip():
            self.last = None
            self.panel.set_suggestions(None)
            return
        library_path = self.window.workspace.library.path
        data_dir = self.window.workspace.data_dir
        self.runner.submit(
            lambda: _suggest(library_path, data_dir, text, on),
            lambda found: self._found(index, text, found),
            lambda exc: self.window.status_message(f"No suggestions: {exc}"),
        )

    def _found(self, index: int, text: str, found: Suggestions) -> None:
        if self.window.closed:
            return  # suggestions that arrived after the window closed
        if self._current()[:2] != (index, text):
            return  # the request changed meanwhile: the next answer is on its way
        self.last = found
        shown = text if len(text) <= 60 else text[:59] + "…"
        if found.items:
            heading = f"Suggested for item {index + 1} (“{shown}”). Type to search the library."
        else:
            heading = found.message
        self.panel.set_suggestions(hits(found), heading)


def install(window: MainWindow, panel: GuidelinePanel) -> SuggestionFeed:
    feed = SuggestionFeed(window, panel)
    panel.suggestion_feed = feed  # type: ignore[attr-defined]
    return feed
