"""The editor of one disputed item: request (and UR's modification), decision,
the claims administrator's guideline, the reviewer's citations and the rationale."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from imr_desktop.model import Citation, CitationKind, Decision
from imr_desktop.model.edits import add_citation, remove_citation, replace_citation

from .citation_table import CitationTable
from .field_binding import FieldBinding
from .guarded_text import GuardedPlainTextEdit, ParagraphEdit
from .placeholders import PlaceholderNavigation
from .reflow import FlowLayout
from .session import CaseSession


def _labelled(form: QFormLayout, text: str, widget: QWidget, name: str) -> None:
    label = QLabel(text)
    label.setBuddy(widget)
    widget.setAccessibleName(name)
    form.addRow(label, widget)


class ItemEditor(QGroupBox):
    def __init__(
        self,
        session: CaseSession,
        parent: QWidget | None = None,
        on_refused: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__("Item", parent)
        self.session = session
        self.setObjectName("itemEditor")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        # On a narrow window a field goes under its label rather than being cut off.
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)

        # A request can be long ("Hydrocodone/acetaminophen 10/325 mg #120 for
        # weaning"): these fields look like one line and wrap onto more, never clip.
        self.request = ParagraphEdit(min_lines=1, max_lines=3)
        self.request.setPlaceholderText("the item/service as requested (IMR-eligible part)")
        _labelled(form, "&Request:", self.request, "Request")
        self.original_request = ParagraphEdit(min_lines=1, max_lines=3)
        self.original_request.setPlaceholderText("only when UR modified the request")
        _labelled(form, "Ori&ginal request:", self.original_request, "Original request")
        self.authorised_part = ParagraphEdit(min_lines=1, max_lines=3)
        self.authorised_part.setPlaceholderText("the part UR authorized")
        _labelled(form, "Authorized &part:", self.authorised_part, "Authorized part")

        decision_row = QWidget()
        row = FlowLayout(decision_row)  # the three choices wrap rather than clip
        self.decision_buttons = QButtonGroup(self)
        self.upheld = QRadioButton("&Upheld (not medically necessary)")
        self.overturned = QRadioButton("&Overturned (medically necessary)")
        self.undecided = QRadioButton("Undecided")  # no letter left for the rare reset
        for button, value in (
            (self.upheld, Decision.UPHELD.value),
            (self.overturned, Decision.OVERTURNED.value),
            (self.undecided, ""),
        ):
            button.setProperty("decision", value)
            self.decision_buttons.addButton(button)
            row.addWidget(button)
        decision_row.setAccessibleName("Decision")
        form.addRow(QLabel("Decision:"), decision_row)
        self.decision_buttons.buttonClicked.connect(self._decision_clicked)

        self.claims_guideline = ParagraphEdit()
        self.claims_guideline.setObjectName("claimsGuidelineEdit")
        self.claims_guideline.setPlaceholderText("what UR cited, e.g. Decision based on MTUS …")
        _labelled(
            form,
            "Claims ad&ministrator guideline:",
            self.claims_guideline,
            "Claims administrator guideline",
        )

        self.citations = CitationTable(session.undo_keys)
        self.citations.itemChanged.connect(self._citation_cell_changed)
        cite_box = QWidget()
        cite_layout = QVBoxLayout(cite_box)
        cite_layout.setContentsMargins(0, 0, 0, 0)
        cite_layout.addWidget(self.citations)
        buttons = FlowLayout()
        self.add_citation_button = QPushButton("Add citation")
        self.add_citation_button.clicked.connect(self._add_blank_citation)
        self.remove_citation_button = QPushButton("Remove citation")
        self.remove_citation_button.clicked.connect(self._remove_selected_citation)
        self.citations_empty = QLabel(
            "No citation: the letter will say no medical evidence was cited."
        )
        self.citations_empty.setWordWrap(True)
        buttons.addWidget(self.add_citation_button)
        buttons.addWidget(self.remove_citation_button)
        cite_layout.addLayout(buttons)
        cite_layout.addWidget(self.citations_empty)
        citations_label = QLabel("C&itations:")
        citations_label.setBuddy(self.citations)
        self.citations.setAccessibleName("Citations")
        # Label above, table across the whole width: Section and Pages stay in view.
        form.addRow(citations_label)
        form.addRow(cite_box)

        self.rationale = GuardedPlainTextEdit()
        self.rationale.setObjectName("rationaleEdit")
        self.rationale.setTabChangesFocus(True)
        self.rationale.setPlaceholderText(
            "guideline paraphrase, then the case facts, then the conclusion sentence"
        )
        # The rationale is the letter's substance: a generous box across the width.
        self.rationale.setMinimumHeight(14 * self.fontMetrics().lineSpacing())
        rationale_label = QLabel("&Decision rationale:")
        rationale_label.setBuddy(self.rationale)
        self.rationale.setAccessibleName("Decision rationale")
        form.addRow(rationale_label)
        form.addRow(self.rationale)
        self.setLayout(form)

        self.rationale.setUndoRedoEnabled(False)  # the window's undo stack owns undo
        self.rationale_placeholders = PlaceholderNavigation(self.rationale)

        def path_for(name: str):
            return lambda: self._path(name)

        self.bindings = [
            FieldBinding(session, self.request, path_for("request")),
            FieldBinding(session, self.original_request, path_for("original_request")),
            FieldBinding(session, self.authorised_part, path_for("authorised_part")),
            FieldBinding(
                session, self.claims_guideline, path_for("claims_administrator_guideline")
            ),
            FieldBinding(session, self.rationale, path_for("rationale"), on_refused=on_refused),
        ]
        self._loading = False

    # --- state ---------------------------------------------------------------------

    @property
    def index(self) -> int | None:
        return self.session.current_item_index

    def _path(self, name: str) -> str | None:
        return None if self.index is None else f"items[{self.index}].{name}"

    def load(self, keep_place: bool = False) -> None:
        case = self.session.case
        has_item = case is not None and self.index is not None and self.index < len(case.items)
        self.setEnabled(has_item)
        self.setTitle(f"Item {self.index + 1}" if has_item and self.index is not None else "Item")
        for binding in self.bindings:
            binding.load(keep_place)
        self._load_decision()
        self._load_citations()
        self.set_read_only(self.session.read_only)

    def set_read_only(self, read_only: bool) -> None:
        for widget in (
            self.request,
            self.original_request,
            self.authorised_part,
            self.claims_guideline,
        ):
            widget.setReadOnly(read_only)
        self.rationale.setReadOnly(read_only)
        for button in self.decision_buttons.buttons():
            button.setEnabled(not read_only)
        self.add_citation_button.setEnabled(not read_only)
        self.remove_citation_button.setEnabled(not read_only)
        self.citations.setEditTriggers(
            QAbstractItemView.NoEditTriggers if read_only else QAbstractItemView.AllEditTriggers
        )

    def _current_item(self):
        case = self.session.case
        if case is None or self.index is None or self.index >= len(case.items):
            return None
        return case.items[self.index]

    # --- decision ------------------------------------------------------------------

    def _load_decision(self) -> None:
        item = self._current_item()
        value = item.decision.value if item and item.decision else ""
        for button in self.decision_buttons.buttons():
            button.setChecked(button.property("decision") == value)

    def _decision_clicked(self, button: QRadioButton) -> None:
        index = self.index
        if index is None:
            return
        value = button.property("decision") or None
        label = button.text().replace("&", "").split(" (")[0]

        def decide(case) -> None:
            case.items[index].decision = Decision(value) if value else None

        self.session.apply(f"Decide item {index + 1}: {label}", decide)

    # --- citations -----------------------------------------------------------------

    def _load_citations(self) -> None:
        item = self._current_item()
        citations = item.citations if item else []
        self._loading = True
        try:
            self.citations.show_citations(citations, self.session.read_only, self._citation_edited)
        finally:
            self._loading = False
        # Cell widgets made now would join the focus chain at the window's end, and
        # Tab from the first one would leave the form: put them after the table.
        chain = [
            self.citations,
            *self.citations.kind_widgets(),
            self.add_citation_button,
            self.remove_citation_button,
            self.rationale,
        ]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)
        self.citations_empty.setVisible(not citations)

    def _citation_cell_changed(self, cell: QTableWidgetItem) -> None:
        if not self._loading:
            self._citation_edited(cell.row())

    def _citation_edited(self, row: int) -> None:
        index = self.index
        if self._loading or index is None:
            return
        citation = self.citations.citation_at(row)
        self.session.apply(
            f"Edit citation {row + 1} of item {index + 1}",
            lambda case: replace_citation(case, index, row, citation),
        )

    def _add_blank_citation(self) -> None:
        index = self.index
        if index is None:
            return
        self.session.apply(
            f"Add citation to item {index + 1}",
            lambda case: case.items[index].citations.append(
                Citation(kind=CitationKind.MTUS, source="")
            ),
        )
        self.citations.setCurrentCell(self.citations.rowCount() - 1, 1)
        self.citations.setFocus()

    def _remove_selected_citation(self) -> None:
        index = self.index
        row = self.citations.currentRow()
        if index is None or row < 0:
            return
        self.session.apply(
            f"Remove citation {row + 1} of item {index + 1}",
            lambda case: remove_citation(case, index, row),
        )

    def cite(self, citation: Citation) -> None:
        """Used by the guideline panel: add one citation to this item (undoable)."""
        index = self.index
        if index is not None:
            self.session.apply(
                f"Cite into item {index + 1}", lambda case: add_citation(case, index, citation)
            )

    def focus(self, name: str) -> None:
        target = {
            "request": self.request,
            "original_request": self.original_request,
            "authorised_part": self.authorised_part,
            "claims_administrator_guideline": self.claims_guideline,
            "citations": self.citations,
            "rationale": self.rationale,
            "decision": self.decision_buttons.checkedButton() or self.upheld,
        }.get(name, self.request)
        target.setFocus(Qt.OtherFocusReason)
