"""Precedents in the window: the Precedents dock under the guideline panel follows the
selected item's request (debounced, looked up off the GUI thread), Tools ▸ Import
published decisions…, Tools ▸ Published decisions… (size, imports, removal), citing
a precedent's guideline into the item and inserting a marked excerpt of its rationale,
each one undoable step.

Every read of ``precedents.db`` runs in the background on a connection of its own; one
lookup at a time, and while it runs only the newest request waits, so typing never
queues work and a result never lands for a request that is no longer there.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer

from imr_desktop.precedents.schema import PRECEDENTS_DB
from imr_desktop.ui.background import run_in_background

from .importing import PrecedentImport
from .panel import PrecedentsPanel, citation_label

if TYPE_CHECKING:
    from imr_desktop.precedents import LibrarySummary, PrecedentLookup
    from imr_desktop.ui.main_window import MainWindow

DEBOUNCE_MS = 250
LIMIT = 50
NO_LIBRARY = "No published decisions imported yet: Tools ▸ Import published decisions…"

# The precedents core (matching, request understanding, the library) is imported by
# the first lookup, on its worker thread, once the case is on screen: the window's
# start does not wait for it, and until then the tab says "Precedents (…)".


def _lookup(path: Path, text: str) -> tuple[PrecedentLookup, LibrarySummary, bool]:
    """Off the GUI thread: the lookup for ``text``, the library's size, and whether
    there is a library at all."""
    exists = path.exists()  # first: an import may be creating the file meanwhile
    from imr_desktop.precedents import LibrarySummary, PrecedentLibrary
    from imr_desktop.precedents import PrecedentLookup as Lookup
    from imr_desktop.requests import understand

    if not exists:  # nothing imported yet: do not create the file for a lookup
        found = Lookup(understand(text))
        found.message = NO_LIBRARY
        return found, LibrarySummary(0, 0, None, None), False
    library = PrecedentLibrary.open(path)
    try:
        return library.lookup(text, LIMIT), library.summary(), True
    finally:
        library.close()


def _item(path: Path, item_id: int):
    from imr_desktop.precedents import PrecedentLibrary

    library = PrecedentLibrary.open(path)
    try:
        return library.item(item_id)
    finally:
        library.close()


# Below this window height the two panels share the right column as tabs (each gets
# the whole height); above it they are stacked, both in view. A layout the reviewer
# arranged is remembered and wins over both.
STACK_MIN_HEIGHT = 1100


def place_beside_guidelines(window: MainWindow, dock) -> None:
    if window.height() >= STACK_MIN_HEIGHT:
        window.splitDockWidget(window.guideline_dock, dock, Qt.Orientation.Vertical)
        window.resizeDocks(
            [window.guideline_dock, dock],
            [window.height() * 11 // 20, window.height() * 9 // 20],
            Qt.Orientation.Vertical,
        )
    else:
        window.tabifyDockWidget(window.guideline_dock, dock)
        window.guideline_dock.raise_()
    # Tabs of one column collapse together: one of them collapsed alone would keep
    # the column's width.
    guidelines = window.guideline_dock

    def follow(source, target):
        def collapsed(state: bool) -> None:
            if window.tabifiedDockWidgets(source) and target.collapsed != state:
                target.set_collapsed(state)

        return collapsed

    guidelines.collapsedChanged.connect(follow(guidelines, dock))
    dock.collapsedChanged.connect(follow(dock, guidelines))


class PrecedentsFeature(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.path = window.workspace.data_dir / PRECEDENTS_DB
        self.panel = PrecedentsPanel()
        self.dock = window.add_dock(
            self.panel, "Precedents (…)", "precedentsDock", Qt.DockWidgetArea.RightDockWidgetArea
        )
        place_beside_guidelines(window, self.dock)
        self.importer = PrecedentImport(self)

        self.followed: str | None = None  # the request text shown (None: nothing yet)
        self.last_lookup: PrecedentLookup | None = None  # None: no library yet
        self.summary: LibrarySummary | None = None  # None: not looked up yet
        self.started = False  # lookups wait for the window's start-up (when_started)
        self.busy = False
        self.waiting: str | None = None
        # Bumped by every forced refresh (an import, a removal): a lookup that began
        # before it answers for the library as it was, so it is asked again.
        self.generation = 0
        self.opened: Any = None  # the PrecedentItem shown below
        self._opening = 0
        self._prefer_detail = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.follow)

        tools = window.menu("tools")
        tools.addSeparator()
        window.add_action(
            "tools",
            "import_precedents",
            "Import &published decisions…",
            self.importer.choose_files,
            None,
            "Import published IMR determination letters (PDF or text) as precedents",
        )
        window.add_action(
            "tools",
            "import_precedents_folder",
            "Import published decisions from &folder…",
            self.importer.choose_folder,
        )
        window.add_action("tools", "precedent_library", "Published &decisions…", self.manage)
        window.add_action("view", "focus_precedents", "Go to &precedents", self.focus, "Alt+5")
        self._connect()
        window.when_started(self._start)

    def _start(self) -> None:
        self.started = True
        self.refresh(force=True)

    def _connect(self) -> None:
        panel = self.panel
        self.session.caseChanged.connect(lambda: self._timer.start())
        self.session.caseOpened.connect(lambda: self.refresh(force=False))
        self.session.caseReplaced.connect(lambda: self.refresh(force=False))
        self.session.currentItemChanged.connect(lambda _: self.refresh(force=False))
        self.session.readOnlyChanged.connect(lambda _: self._update_buttons())
        panel.decisions.currentItemChanged.connect(lambda *_: self.open_selected())
        panel.cited.itemSelectionChanged.connect(lambda: self._guideline_selected(False))
        panel.detail_citations.itemSelectionChanged.connect(lambda: self._guideline_selected(True))
        panel.citeRequested.connect(self.cite)
        panel.cite_button.clicked.connect(self.cite)
        panel.excerpt_button.clicked.connect(self.insert_excerpt)
        panel.detail.selectionChanged.connect(self._update_buttons)
        panel.import_button.clicked.connect(self.importer.choose_files)
        panel.cancel_button.clicked.connect(self.importer.cancel)
        panel.dropped.connect(lambda paths: self.importer.start([Path(p) for p in paths]))

    # --- following the selected item -------------------------------------------------------

    def current_request(self) -> tuple[int | None, str]:
        case, index = self.session.case, self.session.current_item_index
        if case is None or index is None or index >= len(case.items):
            return None, ""
        return index, case.items[index].request

    def refresh(self, force: bool = True) -> None:
        """Look up again now (another item, another case, or after an import)."""
        self._timer.stop()
        if force:
            self.followed = None
            self.generation += 1
        self.follow()

    def follow(self) -> None:
        if not self.started:
            return  # _start looks up what is selected then
        _, text = self.current_request()
        if text == self.followed:
            self._update_buttons()
            return
        self.followed = text
        self._query(text)

    def _query(self, text: str) -> None:
        if self.busy or self.importer.creating_library:
            self.waiting = text  # only the newest request waits (the import refreshes)
            return
        self.busy = True
        path, generation = self.path, self.generation
        run_in_background(
            lambda: _lookup(path, text),
            lambda result: self._found(text, generation, result),
            lambda exc: self._failed(text, exc),
        )

    def _found(
        self, text: str, generation: int, result: tuple[PrecedentLookup, LibrarySummary, bool]
    ) -> None:
        self.busy = False
        if self.window.closed:
            return  # a lookup that ended after the window closed
        if self.waiting is not None:
            waiting, self.waiting = self.waiting, None
            if waiting != text or generation != self.generation:
                self._query(waiting)
                return
        found, self.summary, has_library = result
        self.last_lookup = found if has_library else None
        index, current = self.current_request()
        heading = self._heading(index, current)
        self.panel.show_lookup(found if index is not None else None, heading)
        count = found.stats.decisions if index is not None else 0
        # The tab says how many, so a reviewer on the Guidelines tab sees it too.
        self.dock.setWindowTitle(f"Precedents ({count})" if count else "Precedents")
        self.panel.library_label.setText(self.summary.line())
        self._show_opened(None)
        if self.panel.decisions.topLevelItemCount():
            self.panel.decisions.setCurrentItem(self.panel.decisions.topLevelItem(0))
        self._update_buttons()

    def _failed(self, text: str, exc: BaseException) -> None:
        self.busy = False
        self.panel.summary.setText(f"Precedents are not available: {exc}")
        if self.waiting is not None:
            waiting, self.waiting = self.waiting, None
            self._query(waiting)

    @staticmethod
    def _heading(index: int | None, text: str) -> str:
        if index is None:
            return ""
        shown = text if len(text) <= 90 else text[:87] + "…"
        return (
            f"Item {index + 1}: {shown}"
            if text.strip()
            else f"Item {index + 1} has no request yet."
        )

    # --- the decision opened ---------------------------------------------------------------

    def open_selected(self) -> None:
        item_id = self.panel.selected_item_id()
        if item_id is None:
            self._show_opened(None)
            return
        self._opening += 1
        token, path = self._opening, self.path
        run_in_background(
            lambda: _item(path, item_id),
            lambda item: self._show_opened(item) if token == self._opening else None,
            lambda exc: self.window.status_message(f"The decision could not be opened: {exc}"),
        )

    def _show_opened(self, item: Any) -> None:
        self.opened = item
        self.panel.show_item(item)
        self._update_buttons()

    # --- citing and quoting ------------------------------------------------------------------

    def _guideline_selected(self, detail: bool) -> None:
        self._prefer_detail = detail
        other = self.panel.cited if detail else self.panel.detail_citations
        if other.selectedItems():
            other.blockSignals(True)
            other.clearSelection()
            other.blockSignals(False)
        self._update_buttons()

    def _can_edit(self) -> int | None:
        index = self.session.current_item_index
        if self.session.case is None or self.session.read_only or index is None:
            return None
        return index

    def _update_buttons(self) -> None:
        index = self._can_edit()
        citation = self.panel.selected_guideline(self._prefer_detail)
        target = f"item {index + 1}" if index is not None else "the item"
        if citation is not None:
            button = self.panel.cite_button
            room = max(
                80,
                button.width()
                - button.fontMetrics().horizontalAdvance(f"Cite “” into {target}")
                - 24,
            )
            short = button.fontMetrics().elidedText(
                citation.section or citation.source, Qt.TextElideMode.ElideRight, room
            )
            button.setText(f"Cite “{short}” into {target}")
            self.panel.cite_button.setToolTip(citation_label(citation))
        else:
            self.panel.cite_button.setText(f"Cite into {target}")
            self.panel.cite_button.setToolTip("Select a guideline above to cite it")
        self.panel.cite_button.setEnabled(index is not None and citation is not None)
        excerpt = bool(self.opened and self.panel.selected_excerpt())
        self.panel.excerpt_button.setEnabled(index is not None and excerpt)

    def cite(self) -> None:
        """Add the selected guideline to the selected item: one undoable step."""
        index = self._can_edit()
        citation = self.panel.selected_guideline(self._prefer_detail)
        if index is None or citation is None:
            return
        from imr_desktop.model.edits import add_citation

        self.session.apply(
            f"Cite {citation.section or citation.source} into item {index + 1}",
            lambda case: add_citation(case, index, citation),
        )
        self.window.status_message(f"Cited {citation_label(citation)} into item {index + 1}")

    def insert_excerpt(self) -> None:
        """The selected rationale text, quoted and marked with its case number, at the
        rationale cursor: one undoable step."""
        index = self._can_edit()
        text = self.panel.selected_excerpt()
        if index is None or self.opened is None or not text:
            return
        from imr_desktop.model.edits import insert_text
        from imr_desktop.precedents.quoting import marked_excerpt

        excerpt = marked_excerpt(text, self.opened.case_number)
        cursor = self.window.editor.rationale_cursor_position()

        def mutate(case) -> None:
            item = case.items[index]
            item.rationale = insert_text(item.rationale, cursor, excerpt)

        self.session.apply(f"Insert excerpt of {self.opened.case_number}", mutate)
        self.window.status_message(
            f"Inserted an excerpt of published decision {self.opened.case_number} into item "
            f"{index + 1}'s rationale"
        )

    # --- the library ---------------------------------------------------------------------------

    def focus(self) -> None:
        self.dock.show()
        self.dock.raise_()
        self.panel.decisions.setFocus()

    def manage(self) -> None:
        from .library_dialog import LibraryDialog

        dialog = LibraryDialog(self)
        dialog.open()
        self._library_dialog = dialog


def install(window: MainWindow) -> PrecedentsFeature:
    window.precedents = PrecedentsFeature(window)  # type: ignore[attr-defined]
    return window.precedents  # type: ignore[attr-defined]
