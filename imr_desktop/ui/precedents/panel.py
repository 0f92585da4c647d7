"""The Precedents view: how published decisions on a similar request went.

Display only: what to show comes from :class:`.feature.PrecedentsFeature`, which runs
every lookup off the GUI thread. Top: the request followed, what it was understood
as, the counts and the guidelines most cited; then the similar decisions; below, the
decision opened (request, decision, citations, rationale) with Cite and Insert
excerpt. Decisions are said in words, never by colour alone.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from imr_desktop.model.dates import format_us_date

if TYPE_CHECKING:  # the precedents core loads with the first lookup, off the GUI thread
    from imr_desktop.model import Citation
    from imr_desktop.precedents import PrecedentItem, PrecedentLookup

DATA_ROLE = Qt.ItemDataRole.UserRole


def citation_label(c: Citation) -> str:
    name = " ".join(p for p in (c.source, c.edition) if p)
    text = f"{name}: {c.section}" if c.section else name
    return f"{text} (p. {c.pages})" if c.pages else text


def decision_word(decision: str | None) -> str:
    return decision.capitalize() if decision else "No decision"


def _tree(name: str, headers: list[str], accessible: str) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setObjectName(name)
    tree.setHeaderLabels(headers)
    tree.setAccessibleName(accessible)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setAllColumnsShowFocus(True)
    return tree


class PrecedentsPanel(QWidget):
    # A guideline was chosen to cite (double-click or Enter on a guideline row).
    citeRequested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("precedentsPanel")
        self.setAcceptDrops(True)

        self.heading = QLabel("Precedents")
        self.heading.setObjectName("precedentsHeading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.understood = QLabel()
        self.understood.setObjectName("precedentsUnderstood")
        self.understood.setWordWrap(True)
        self.understood.setAccessibleName("The request was understood as")
        self.understood.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.summary = QLabel()
        self.summary.setObjectName("precedentsSummary")
        self.summary.setWordWrap(True)

        self.cited = _tree(
            "precedentsCited", ["Cited", "Guideline"], "Guidelines most cited by similar decisions"
        )
        self.cited.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.cited.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.cited.header().setStretchLastSection(True)
        self.cited.setMaximumHeight(self.fontMetrics().lineSpacing() * 8)

        self.decisions = _tree(
            "precedentsDecisions", ["Request", "Decision", "Date"], "Similar published decisions"
        )
        header = self.decisions.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        self.detail = QTextBrowser()
        self.detail.setObjectName("precedentDetail")
        self.detail.setAccessibleName("The published decision opened")
        self.detail.setOpenLinks(False)
        self.detail_citations = _tree(
            "precedentCitations",
            ["Guideline this decision cited"],
            "Guidelines this decision cited",
        )
        self.detail_citations.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)
        self.cite_button = QPushButton("Cite into item")
        self.cite_button.setObjectName("precedentCiteButton")
        self.excerpt_button = QPushButton("Insert selected text as excerpt")
        self.excerpt_button.setObjectName("precedentExcerptButton")
        self.excerpt_button.setToolTip(
            "Select text of the rationale above, then insert it at the rationale cursor, "
            "quoted and marked with this decision's case number"
        )

        self.library_label = QLabel()
        self.library_label.setObjectName("precedentsLibrary")
        self.library_label.setWordWrap(True)
        self.import_button = QPushButton("Import…")
        self.import_button.setToolTip("Import published determination letters (PDF or text)")
        self.progress_row = QWidget()
        self.progress_label = QLabel()
        self.progress_label.setWordWrap(True)
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName("Import progress")
        self.cancel_button = QPushButton("Cancel import")
        self.progress_row.hide()

        self._build_layout()
        for tree in (self.cited, self.detail_citations):
            tree.itemActivated.connect(lambda *_: self.citeRequested.emit())
        self.show_lookup(None, "")

    def _build_layout(self) -> None:
        top = QWidget()
        upper = QVBoxLayout(top)
        upper.setContentsMargins(0, 0, 0, 0)
        upper.addWidget(self.heading)
        upper.addWidget(self.understood)
        upper.addWidget(self.summary)
        upper.addWidget(self.cited)
        upper.addWidget(self.decisions, 1)

        bottom = QWidget()
        lower = QVBoxLayout(bottom)
        lower.setContentsMargins(0, 0, 0, 0)
        lower.addWidget(self.detail, 1)
        lower.addWidget(self.detail_citations)
        # One above the other: the Cite button names the guideline it cites.
        lower.addWidget(self.cite_button)
        lower.addWidget(self.excerpt_button)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("precedentsSplitter")
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        progress = QVBoxLayout(self.progress_row)
        progress.setContentsMargins(0, 0, 0, 0)
        progress.addWidget(self.progress_label)
        line = QHBoxLayout()
        line.addWidget(self.progress_bar, 1)
        line.addWidget(self.cancel_button)
        progress.addLayout(line)

        footer = QHBoxLayout()
        footer.addWidget(self.library_label, 1)
        footer.addWidget(self.import_button)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(splitter, 1)
        outer.addWidget(self.progress_row)
        outer.addLayout(footer)

    # --- what is shown ---------------------------------------------------------------

    def show_lookup(self, found: PrecedentLookup | None, heading: str) -> None:
        self.heading.setText(heading or "Precedents: select an item to see similar decisions.")
        self.cited.clear()
        self.decisions.clear()
        if found is None:
            self.understood.setText("")
            self.summary.setText("")
            self.cited.hide()
            return
        described = [f"{what}: {value}" for what, value in found.understood.describe()]
        self.understood.setText("Understood as " + " · ".join(described) if described else "")
        self.summary.setText(
            found.message if not found.stats.decisions else found.stats.summary_line()
        )
        for guideline in found.stats.citations:
            row = QTreeWidgetItem([str(guideline.count), guideline.label])
            row.setData(0, DATA_ROLE, guideline)
            row.setToolTip(1, guideline.label)
            row.setTextAlignment(0, Qt.AlignmentFlag.AlignRight)
            self.cited.addTopLevelItem(row)
        self.cited.setVisible(bool(found.stats.citations))
        for hit in found.hits:
            row = QTreeWidgetItem(
                [
                    hit.request,
                    decision_word(hit.decision),
                    format_us_date(hit.decision_date),
                    hit.case_number,
                ]
            )
            row.setData(0, DATA_ROLE, hit.item_id)
            cited = (
                "; ".join(citation_label(c) for c in hit.citations) or "no medical evidence cited"
            )
            row.setToolTip(0, f"{hit.request}\nCited: {cited}")
            self.decisions.addTopLevelItem(row)

    def show_item(self, item: PrecedentItem | None) -> None:
        self.detail_citations.clear()
        if item is None:
            self.detail.setHtml("")
            return
        self.detail.setHtml(item_html(item))
        for citation in item.citations:
            row = QTreeWidgetItem([citation_label(citation)])
            row.setData(0, DATA_ROLE, citation)
            row.setToolTip(0, citation_label(citation))
            self.detail_citations.addTopLevelItem(row)
        self.detail_citations.setVisible(bool(item.citations))

    def selected_guideline(self, prefer_detail: bool) -> Citation | None:
        """The guideline row selected: in the decision opened, or in the most cited."""
        trees = (
            (self.detail_citations, self.cited)
            if prefer_detail
            else (self.cited, self.detail_citations)
        )
        for tree in trees:
            row = tree.currentItem()
            if row is not None and row.isSelected():
                from imr_desktop.precedents import CitedGuideline  # loaded: the row shows one

                value = row.data(0, DATA_ROLE)
                return value.citation() if isinstance(value, CitedGuideline) else value
        return None

    def selected_item_id(self) -> int | None:
        row = self.decisions.currentItem()
        value = row.data(0, DATA_ROLE) if row is not None else None
        return value if isinstance(value, int) else None

    def selected_excerpt(self) -> str:
        return self.detail.textCursor().selectedText().replace("\u2029", "\n").strip()

    # --- drops: files and folders dropped here are imported -----------------------------

    dropped = Signal(list)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.dropped.emit(paths)


def item_html(item: PrecedentItem) -> str:
    e = html.escape
    date = format_us_date(item.decision_date) or "date not stated"
    modified = ""
    if item.original_request:
        modified = f"<p><b>Original request:</b> {e(item.original_request)}"
        if item.authorised_part:
            modified += f"<br><b>Authorized by UR:</b> {e(item.authorised_part)}"
        modified += "</p>"
    # The guidelines it cited are listed under the text, where they can be cited.
    cited_html = "" if item.citations else "<p>No medical evidence cited.</p>"
    paragraphs = "".join(f"<p>{e(p)}</p>" for p in item.rationale.split("\n\n") if p.strip())
    return (
        f"<h3>{e(item.request)}</h3>"
        f"<p><b>{e(decision_word(item.decision))}</b> · published decision {e(item.case_number)}"
        f" · {e(date)} · item {item.position + 1} of {item.items_in_letter}</p>"
        f"{modified}{cited_html}"
        f"<p><b>Decision rationale:</b></p>{paragraphs or '<p>(none)</p>'}"
    )
