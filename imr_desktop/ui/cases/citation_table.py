"""An item's citations as a table that fits the width it is given: the kind, the
edition and the pages as wide as their text, the source and the section sharing the
rest and wrapping onto a second line rather than pushing Section and Pages out of
view; as tall as its rows, so it never scrolls inside the scrolling form."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QSizePolicy,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from imr_desktop.model import Citation, CitationKind

from .undo_keys import UndoKeys

CITATION_COLUMNS = ("Kind", "Source", "Edition", "Section", "Pages")
# Columns sized to their text (the others share what is left).
_FITTED = {0: "Non-MTUS ▾", 2: "Edition", 4: "Pages"}
MAX_ROWS_SHOWN = 8  # past this the table scrolls


class _CellDelegate(QStyledItemDelegate):
    """A cell's editor undoes its own unfinished typing first, then the case."""

    def __init__(self, undo_keys: UndoKeys, parent: QWidget) -> None:
        super().__init__(parent)
        self.undo_keys = undo_keys

    def createEditor(self, parent, option, index):  # noqa: N802 (Qt's name)
        editor = super().createEditor(parent, option, index)
        if editor is not None:
            self.undo_keys.install(editor, case_field=False)
        return editor


class CitationTable(QTableWidget):
    def __init__(self, undo_keys: UndoKeys, parent: QWidget | None = None) -> None:
        super().__init__(0, len(CITATION_COLUMNS), parent)
        self.setObjectName("citationTable")
        self.setHorizontalHeaderLabels(CITATION_COLUMNS)
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setTabKeyNavigation(False)  # Tab leaves the table, as in a form
        self.setWordWrap(True)
        self.setItemDelegate(_CellDelegate(undo_keys, self))
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        header = self.horizontalHeader()
        metrics = self.fontMetrics()
        header.setMinimumSectionSize(metrics.horizontalAdvance("Pages") + 16)
        for column in range(len(CITATION_COLUMNS)):
            if column in _FITTED:
                header.setSectionResizeMode(column, QHeaderView.Fixed)
                header.resizeSection(column, metrics.horizontalAdvance(_FITTED[column]) + 28)
            else:
                header.setSectionResizeMode(column, QHeaderView.Stretch)
        header.sectionResized.connect(lambda *_: self._fit_rows())

    def show_citations(
        self, citations: list[Citation], read_only: bool, on_kind: Callable[[int], None]
    ) -> None:
        self.setRowCount(len(citations))
        for row, c in enumerate(citations):
            kind = QComboBox()
            kind.setAccessibleName(f"Citation {row + 1} kind")
            for k in CitationKind:
                kind.addItem(k.label, k.value)
            kind.setCurrentIndex(kind.findData(c.kind.value))
            kind.currentIndexChanged.connect(lambda _=0, r=row: on_kind(r))
            kind.setEnabled(not read_only)
            self.setCellWidget(row, 0, kind)
            for col, value in enumerate((c.source, c.edition, c.section, c.pages), start=1):
                cell = QTableWidgetItem(value or "")
                cell.setToolTip(value or "")
                self.setItem(row, col, cell)
        self._fit_rows()

    def kind_widgets(self) -> list[QWidget]:
        return [w for row in range(self.rowCount()) if (w := self.cellWidget(row, 0))]

    def citation_at(self, row: int) -> Citation:
        kind_widget = self.cellWidget(row, 0)
        kind = (
            CitationKind(kind_widget.currentData())
            if isinstance(kind_widget, QComboBox)
            else CitationKind.MTUS
        )

        def cell(col: int) -> str | None:
            item = self.item(row, col)
            text = item.text().strip() if item else ""
            return text or None

        return Citation(
            kind=kind, source=cell(1) or "", edition=cell(2), section=cell(3), pages=cell(4)
        )

    def _fit_rows(self) -> None:
        self.resizeRowsToContents()
        self.updateGeometry()

    def _rows_height(self) -> int:
        shown = min(self.rowCount(), MAX_ROWS_SHOWN)
        rows = sum(self.rowHeight(r) for r in range(shown))
        empty = self.verticalHeader().defaultSectionSize() if shown == 0 else 0
        scroll = self.horizontalScrollBar()
        bar = scroll.sizeHint().height() if scroll.isVisible() else 0
        return self.horizontalHeader().height() + rows + empty + bar + 2 * self.frameWidth()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(super().sizeHint().width(), self._rows_height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        header = self.horizontalHeader()
        fitted = sum(header.sectionSize(c) for c in _FITTED)
        stretched = 2 * header.minimumSectionSize()
        return QSize(fitted + stretched + 2 * self.frameWidth(), self._rows_height())
