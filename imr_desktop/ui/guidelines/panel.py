"""The guideline panel (right dock): search as you type, filter by source kind, body
region and the edition in force on the case's UR denial date, read a passage with
its citation in both letter styles, and cite it into the selected item in one
undoable step (button, double-click or Ctrl+Shift+C).

Search runs on the GUI thread, debounced: the library's search answers in a few
milliseconds even over 50,000 passages (``make bench``), so typing never waits and
results never arrive out of order. Imports, which take seconds, run off the thread
(``guideline_library_actions``).
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from imr_desktop.guidelines import SNIPPETS_AT_ONCE, SearchHit
from imr_desktop.letter.compose import letter_style
from imr_desktop.letter.guideline_line import passage_guideline_line
from imr_desktop.model.dates import format_us_date
from imr_desktop.model.edits import add_citation, insert_text
from imr_desktop.model.passage import (
    STYLE_2014,
    STYLE_2016,
    Passage,
    SourceKind,
    paraphrase_sentence,
    passage_citation,
)

from .results import HIT_ROLE, ResultDelegate, ResultsModel, source_line

if TYPE_CHECKING:
    from imr_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

DEBOUNCE_MS = 150
CITE_SHORTCUT = "Ctrl+Shift+C"


class GuidelinePanel(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window = window
        self.session = window.session
        self.setObjectName("guidelinePanel")
        self.current: Passage | None = None
        self.suggested: list[SearchHit] | None = None  # shown while nothing is typed
        self.suggested_heading = ""
        self._filter_date: dt.date | None = None  # the UR denial date the filter shows
        self._shown_style = STYLE_2016

        self.search_field = QLineEdit()
        self.search_field.setObjectName("guidelineSearch")
        self.search_field.setPlaceholderText("Search guidelines: e.g. PT lumbar, ESI, UDT…")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setAccessibleName("Search guidelines")
        search_label = QLabel("&Search:")
        search_label.setBuddy(self.search_field)

        self.kind_filter = QComboBox()
        self.kind_filter.setAccessibleName("Source kind")
        self.kind_filter.addItem("All sources", None)
        for kind in SourceKind:
            self.kind_filter.addItem(kind.label, kind)
        self.region_filter = QComboBox()
        self.region_filter.setAccessibleName("Body region")
        self.in_force = QCheckBox()
        self.in_force.setAccessibleName("Only editions in force on the UR denial date")
        self.in_force.setToolTip("Show only the editions in force on the case's UR denial date")

        self.model = ResultsModel(self)
        self.results = QListView()
        self.results.setObjectName("guidelineResults")
        self.results.setAccessibleName("Guideline search results")
        self.results.setModel(self.model)
        self.results.setItemDelegate(ResultDelegate(self.results))
        self.results.setUniformItemSizes(True)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.results.setSelectionMode(QAbstractItemView.SingleSelection)
        self.message = QLabel()
        self.message.setObjectName("guidelineMessage")
        self.message.setWordWrap(True)

        self.detail = QTextBrowser()
        self.detail.setObjectName("guidelineDetail")
        self.detail.setAccessibleName("Guideline passage")
        self.detail.setOpenLinks(False)
        self.cite_button = QPushButton("Cite into item")
        self.cite_button.setObjectName("citeButton")
        self.cite_button.setToolTip(f"Add this citation to the selected item ({CITE_SHORTCUT})")
        # Short enough for the dock at 1280×720; the tooltip says it in full.
        self.paraphrase = QCheckBox("Also insert a paraphrase at the cursor")
        self.paraphrase.setToolTip(
            "Also insert a sentence paraphrasing the passage at the rationale's cursor"
        )
        self.paraphrase.setObjectName("paraphraseCheck")

        # Import progress (shown only while an import runs).
        self.progress_row = QWidget()
        self.progress_label = QLabel()
        self.progress_label.setWordWrap(True)
        self.cancel_button = QPushButton("Cancel import")
        row = QHBoxLayout(self.progress_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.progress_label, 1)
        row.addWidget(self.cancel_button)
        self.progress_row.hide()

        self._build_layout(search_label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self._connect()
        self.refresh_filters()
        self._case_opened()

    def _build_layout(self, search_label: QLabel) -> None:
        top = QWidget()
        layout = QVBoxLayout(top)
        layout.setContentsMargins(0, 0, 0, 0)
        line = QHBoxLayout()
        line.addWidget(search_label)
        line.addWidget(self.search_field, 1)
        layout.addLayout(line)
        filters = QHBoxLayout()
        filters.addWidget(self.kind_filter, 1)
        filters.addWidget(self.region_filter, 1)
        layout.addLayout(filters)
        layout.addWidget(self.in_force)
        layout.addWidget(self.message)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.progress_row)

        bottom = QWidget()
        lower = QVBoxLayout(bottom)
        lower.setContentsMargins(0, 0, 0, 0)
        lower.addWidget(self.detail, 1)
        lower.addWidget(self.paraphrase)
        lower.addWidget(self.cite_button)

        splitter = QSplitter(Qt.Vertical)
        splitter.setObjectName("guidelineSplitter")
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(splitter)

    def _connect(self) -> None:
        self.search_field.textEdited.connect(lambda _: self._timer.start())
        self.search_field.returnPressed.connect(self._search_now_and_focus_results)
        self.kind_filter.currentIndexChanged.connect(lambda _: self.run_search())
        self.region_filter.currentIndexChanged.connect(lambda _: self.run_search())
        self.in_force.toggled.connect(lambda _: self.run_search())
        self.results.selectionModel().currentChanged.connect(lambda cur, _: self._show(cur))
        self.results.doubleClicked.connect(lambda _: self.cite())
        self.results.activated.connect(lambda _: self.detail.setFocus())
        self.cite_button.clicked.connect(self.cite)
        self.session.caseOpened.connect(self._case_opened)
        self.session.caseChanged.connect(self._update_cite_button)
        self.session.caseChanged.connect(self._ur_date_maybe_changed)
        self.session.caseChanged.connect(self._restyle)
        self.session.currentItemChanged.connect(lambda _: self._update_cite_button())
        self.session.readOnlyChanged.connect(lambda _: self._update_cite_button())

    # --- filters -------------------------------------------------------------------

    def refresh_filters(self) -> None:
        """Fill the region list from the library (after an import or removal)."""
        current = self.region_filter.currentData()
        self.region_filter.blockSignals(True)
        self.region_filter.clear()
        self.region_filter.addItem("All body regions", "")
        for region in self.window.workspace.library.body_regions():
            self.region_filter.addItem(region, region)
        found = self.region_filter.findData(current) if current else 0
        self.region_filter.setCurrentIndex(max(0, found))
        self.region_filter.blockSignals(False)

    def _case_opened(self) -> None:
        self._show_ur_date(opened=True)
        self.run_search()

    def _ur_date_maybe_changed(self) -> None:
        """The filter follows the UR denial date as it is typed, undone or restored."""
        case = self.session.case
        if (case.ur_denial_date if case else None) != self._filter_date:
            self._show_ur_date(opened=False)
            self.run_search()

    def _show_ur_date(self, opened: bool) -> None:
        """The checkbox names the case's UR denial date. It is switched on when a case
        opens with a date, or when a date is first given; a date corrected later keeps
        the reviewer's choice; no date, no filter."""
        case = self.session.case
        date = case.ur_denial_date if case else None
        first_date = date is not None and (opened or self._filter_date is None)
        self._filter_date = date
        self.in_force.blockSignals(True)
        if date:
            self.in_force.setText(f"In force on the UR denial date ({format_us_date(date)})")
            self.in_force.setEnabled(True)
            if first_date:
                self.in_force.setChecked(True)
        else:
            self.in_force.setText("In force on the UR denial date (none set)")
            self.in_force.setChecked(False)
            self.in_force.setEnabled(False)
        self.in_force.blockSignals(False)

    # --- searching -----------------------------------------------------------------

    def _search_now_and_focus_results(self) -> None:
        self.run_search()
        if self.model.rowCount():
            self.results.setFocus()

    def set_suggestions(self, hits: list[SearchHit] | None, heading: str = "") -> None:
        """Citations suggested for the selected item's request (``ui/guidelines/
        suggestions.py``): shown while no search is typed."""
        self.suggested, self.suggested_heading = hits, heading
        if not self.search_field.text().strip():
            self.run_search()

    def run_search(self, keep_selection: bool = False) -> None:
        """Search with the field and filters; a new search selects its best hit,
        a refresh (``keep_selection``, after an import) keeps the passage shown.
        With nothing typed, the suggestions for the selected item, when there are."""
        self._timer.stop()
        if not self.search_field.text().strip() and self.suggested is not None:
            self._show_hits(self.suggested, self.suggested_heading, keep_selection)
            return
        kind = self.kind_filter.currentData()
        case = self.session.case
        on = case.ur_denial_date if case and self.in_force.isChecked() else None
        library = self.window.workspace.library
        result = library.search(
            self.search_field.text(),
            kinds=[kind] if kind else [],
            region=self.region_filter.currentData() or "",
            on=on,
            snippets=SNIPPETS_AT_ONCE,  # the rest when the list shows them
        )
        self._show_hits(
            result.hits, result.message, keep_selection, lambda: library.read_snippets(result)
        )

    def _show_hits(
        self,
        hits: list[SearchHit],
        message: str,
        keep_selection: bool,
        read_snippets: Callable[[], list[SearchHit]] | None = None,
    ) -> None:
        previous = self.current.id if self.current and keep_selection else None
        self.model.set_hits(hits, read_snippets)
        self.message.setText(message)
        self.message.setVisible(bool(message))
        # A suggestion only published decisions print has no id: never "the same".
        row = next(
            (n for n, h in enumerate(hits) if previous is not None and h.passage.id == previous), 0
        )
        if hits:
            self.results.selectionModel().setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.ClearAndSelect
            )
            self.results.scrollTo(self.model.index(row, 0))
        else:
            self._show(None)

    # --- the passage ---------------------------------------------------------------

    def _show(self, index) -> None:
        hit: SearchHit | None = (
            index.data(HIT_ROLE) if index is not None and index.isValid() else None
        )
        self.current = hit.passage if hit else None
        self._shown_style = self._style()
        self.detail.setHtml(passage_html(self.current, self._shown_style) if self.current else "")
        self._update_cite_button()

    def _style(self) -> str:
        """The generation of the open case's letter: the form citing adds."""
        case = self.session.case
        return letter_style(case) if case is not None else STYLE_2016

    def _restyle(self) -> None:
        # A date typed into the case can change its letter's generation: the preview
        # follows, so it always shows what citing adds.
        if self.current is not None and self._style() != self._shown_style:
            self._shown_style = self._style()
            self.detail.setHtml(passage_html(self.current, self._shown_style))

    def _update_cite_button(self) -> None:
        index = self.session.current_item_index
        can_cite = (
            self.current is not None
            and self.session.case is not None
            and not self.session.read_only
            and index is not None
        )
        self.cite_button.setText(
            f"Cite into item {index + 1}" if index is not None else "Cite into item"
        )
        self.cite_button.setEnabled(can_cite)
        self.paraphrase.setEnabled(can_cite)
        action = self.window.actions.get("cite_passage")
        if action is not None:
            action.setEnabled(can_cite)

    def cite(self) -> None:
        """Add the shown passage's citation to the selected item, and optionally a
        paraphrase at the rationale cursor: one undoable, autosaved step."""
        passage = self.current
        index = self.session.current_item_index
        if passage is None or index is None or self.session.case is None or self.session.read_only:
            return
        # Suggestions (request understanding, the drug vocabulary) load after the start.
        from imr_desktop.guidelines.suggest import is_printed, printed_citation

        printed = is_printed(passage)  # a suggestion the library does not hold
        citation = (
            printed_citation(passage) if printed else passage_citation(passage, self._style())
        )
        sentence = (
            paraphrase_sentence(passage) if self.paraphrase.isChecked() and not printed else None
        )
        cursor = self.window.editor.rationale_cursor_position() if sentence else None

        def mutate(case) -> None:
            add_citation(case, index, citation)
            if sentence:
                item = case.items[index]
                item.rationale = insert_text(item.rationale, cursor, sentence)

        self.session.apply(f"Cite {passage.topic} into item {index + 1}", mutate)
        self.window.status_message(f"Cited {passage.topic} into item {index + 1}")


def passage_html(p: Passage, style: str = STYLE_2016) -> str:
    """The passage, then the guideline line citing it gives, in this case's letter
    first (``style``) and the other generation's below, as the letter prints them."""
    e = html.escape
    where = e(source_line(p))
    summary = (
        '<p style="border:1px solid #888;padding:4px"><i>Summary written for IMR Desktop '
        "from public facts; not the guideline's text. Check the guideline before relying "
        "on it.</i></p>"
        if p.is_summary
        else ""
    )
    paragraphs = "".join(f"<p>{e(block)}</p>" for block in p.text.split("\n\n") if block.strip())
    region = f" · {e(p.body_region)}" if p.body_region else ""
    kind = "MTUS" if p.is_mtus else "Non-MTUS"
    labels = {STYLE_2016: "2016–17 letters", STYLE_2014: "2014 letters"}
    other = STYLE_2014 if style == STYLE_2016 else STYLE_2016
    citations = (
        f"<p><b>This letter ({labels[style]}):</b><br>{e(passage_guideline_line(p, style))}</p>"
        f"<p><small>{labels[other]}: {e(passage_guideline_line(p, other))}</small></p>"
    )
    return (
        f"<h3>{e(p.status.symbol)} {e(p.topic)}</h3>"
        f"<p><b>{e(p.status.label)}</b> · {kind}{region}<br>{where}</p>"
        f"{summary}{paragraphs}<hr>{citations}"
    )
