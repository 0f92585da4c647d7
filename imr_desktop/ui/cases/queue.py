"""The case queue on the left: a window on the queue in cases.db, sortable, filtered
as you type, instant at 50,000 cases.

The model holds no list of every case. ``cases/queue.py`` counts the rows, reads a
page of them in the order and with the filter shown, and finds where a case stands,
each one indexed statement; the model keeps the pages the view has asked for (the
rows on screen) and asks again when the order, the filter or the cases change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, overload

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from imr_desktop.cases.queue import QueueQuery, QueueSort
from imr_desktop.model import CaseSummary, Priority, Status
from imr_desktop.model.deadline import deadline_short, deadline_text

if TYPE_CHECKING:
    from imr_desktop.cases.queue import QueueReader

COLUMNS = ("Case", "Priority", "Due", "Status")
CASE_ID_ROLE = Qt.UserRole + 2
# The widest text each column shows (sizes the columns from the font, not the rows).
COLUMN_SAMPLES = ("CM16-0000000", "⚡ Expedited", "⚠ 9999 d overdue", "✓ Final")

_TEXT = int(Qt.ItemDataRole.DisplayRole)
_SPOKEN = int(Qt.ItemDataRole.AccessibleTextRole)
_TIP = int(Qt.ItemDataRole.ToolTipRole)
_ROLES = frozenset({_TEXT, _SPOKEN, _TIP, int(Qt.ItemDataRole.FontRole), int(CASE_ID_ROLE)})

PAGE = 100  # rows read at a time: a screenful or two
KEPT_PAGES = 20  # pages kept (the screen, and where the reviewer was)

_Index = QModelIndex | QPersistentModelIndex


def row_tooltip(r: CaseSummary, today: dt.date) -> str:
    """Everything the row abbreviates, in words."""
    due = f"due {r.due_date:%m/%d/%Y}" if r.due_date else "no due date"
    decided = f", decision date {r.decision_date:%m/%d/%Y}" if r.decision_date else ""
    return (
        f"{r.case_number}: {r.priority.value}, {due}{decided}: "
        f"{deadline_text(r.deadline(today))}; {r.items} item{'' if r.items == 1 else 's'}; "
        f"{'final' if r.status is Status.FINAL else 'draft'}"
    )


class CaseQueueModel(QAbstractTableModel):
    """The queue's rows as the view asks for them (see the module docstring).
    Without a reader (before a data folder is open) the queue is empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reader: QueueReader | None = None
        self.query = QueueQuery()
        self.count = 0
        self.today = dt.date.today()
        self._pages: dict[int, list[CaseSummary]] = {}  # page number -> its rows
        self.rows = QueueRows(self)  # the rows as a sequence (tests, the window)

    @property
    def needle(self) -> str:
        return self.query.needle

    @property
    def sort_column(self) -> int:
        return int(self.query.sort)

    @property
    def sort_order(self) -> Qt.SortOrder:
        return Qt.DescendingOrder if self.query.descending else Qt.AscendingOrder

    def set_reader(self, reader: QueueReader | None) -> None:
        self.reader = reader
        self.refresh()

    def refresh(self) -> None:
        """Read the queue again (cases added, removed or changed, a new day)."""
        self._ask(self.query, again=True)

    def set_needle(self, text: str) -> None:
        query = QueueQuery.typed(text, self.query.sort, self.query.descending)
        if query != self.query:
            self._ask(query)

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        self._ask(
            replace(self.query, sort=QueueSort(column), descending=order == Qt.DescendingOrder)
        )

    def _ask(self, query: QueueQuery, *, again: bool = False) -> None:
        self.beginResetModel()
        whole = self._pages.get(0) if self.count < PAGE and not again else None
        previous, self.query = self.query, query
        self.today = dt.date.today()
        self._pages.clear()
        if self.reader is None:
            self.count = 0
        elif whole is not None and query.narrows(previous):
            # Typing on into a filter whose every row is here: no need to ask.
            self._pages[0] = [r for r in whole if query.matches(r)]
            self.count = len(self._pages[0])
        else:
            self.count, self._pages[0] = self.reader.first_page(query, PAGE)
        self.endResetModel()

    def row(self, n: int) -> CaseSummary | None:
        """Row ``n`` (from 0), read with its page when first asked for."""
        if not 0 <= n < self.count or self.reader is None:
            return None
        page = n // PAGE
        rows = self._pages.get(page)
        if rows is None:
            rows = self.reader.page(self.query, page * PAGE, PAGE)
            if len(self._pages) >= KEPT_PAGES:
                self._pages.pop(next(iter(self._pages)))  # the page read longest ago
            self._pages[page] = rows
        return rows[n % PAGE] if n % PAGE < len(rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole
    ) -> Any:
        if role == _TEXT and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.DisplayRole) -> Any:
        # Called for every role of every cell painted: the roles are compared as
        # ints, and the roles not answered leave at once.
        if role not in _ROLES:
            return None
        r = self.row(index.row())
        if r is None:
            return None
        col = index.column()
        if role in (_TEXT, _SPOKEN):
            if col == 0:
                return r.case_number
            if col == 1:
                # Not by colour alone: the symbol and the word say it.
                return "⚡ Expedited" if r.priority is Priority.EXPEDITED else "Standard"
            if col == 2:
                return deadline_short(r.deadline(self.today))
            return "✓ Final" if r.status is Status.FINAL else "Draft"
        if role == CASE_ID_ROLE:
            return r.case_id
        if role == _TIP:
            return row_tooltip(r, self.today)
        if col == 1 and r.priority is Priority.EXPEDITED:  # the font role
            return _bold_font()
        return None

    def row_of(self, case_id: int) -> int | None:
        """The row showing ``case_id``, or None when the filter hides it."""
        for page, rows in self._pages.items():
            for n, r in enumerate(rows):
                if r.case_id == case_id:
                    return page * PAGE + n
        if self.reader is None:
            return None
        return self.reader.position(self.query, case_id)

    def update_row(self, summary: CaseSummary) -> None:
        """Refresh one case's row in place (after a save): no reset, no re-sort, so
        the selection and scroll position stay where the reviewer left them."""
        for page, rows in self._pages.items():
            for n, r in enumerate(rows):
                if r.case_id == summary.case_id:
                    rows[n] = summary
                    row = page * PAGE + n
                    self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
                    return


class QueueRows(Sequence[CaseSummary]):
    """The queue's rows in order, as a sequence read a page at a time."""

    def __init__(self, model: CaseQueueModel) -> None:
        self._model = model

    def __len__(self) -> int:
        return self._model.count

    @overload
    def __getitem__(self, n: int) -> CaseSummary: ...
    @overload
    def __getitem__(self, n: slice) -> list[CaseSummary]: ...
    def __getitem__(self, n: int | slice) -> CaseSummary | list[CaseSummary]:
        if isinstance(n, slice):
            return [self[i] for i in range(*n.indices(len(self)))]
        row = self._model.row(n + len(self) if n < 0 else n)
        if row is None:
            raise IndexError(n)
        return row

    def __iter__(self) -> Iterator[CaseSummary]:
        return (self[i] for i in range(len(self)))


_BOLD = None


def _bold_font():
    global _BOLD
    if _BOLD is None:
        from PySide6.QtGui import QFont

        _BOLD = QFont()
        _BOLD.setBold(True)
    return _BOLD


class CaseQueue(QWidget):
    caseActivated = Signal(int)  # the current row changed (a click, the arrow keys)
    caseChosen = Signal(int)  # Enter or a double-click: the reviewer starts on it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.filter = QLineEdit()
        self.filter.setObjectName("queueFilter")
        self.filter.setPlaceholderText("Filter cases…")
        self.filter.setAccessibleName("Filter the case queue")
        self.filter.setClearButtonEnabled(True)
        layout.addWidget(self.filter)
        self.model = CaseQueueModel(self)
        self.view = QTableView()
        self.view.setObjectName("caseQueueView")
        self.view.setAccessibleName("Case queue")
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSortIndicator(2, Qt.AscendingOrder)  # most urgent first
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        # Fixed row height and no content-based sizing: 10,000 rows paint at once.
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        self._fit_columns()
        self.view.setWordWrap(False)
        layout.addWidget(self.view)
        self._kept: int | None = None  # the case selected last, shown or filtered out
        self.model.modelReset.connect(self._restore_current)
        self.filter.textChanged.connect(self._filter_changed)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.activated.connect(self._activated)

    def _fit_columns(self) -> None:
        """Each column as wide as the widest text it shows (the expedited mark is
        bold), measured from the font once: measuring the rows would walk all of
        them on every filter."""
        header = self.view.horizontalHeader()
        plain, bold = self.view.fontMetrics(), QFontMetrics(_bold_font())
        padding = 2 * self.style().pixelMetric(QStyle.PM_HeaderMargin) + 4
        self.column_widths = []
        for column, sample in enumerate(COLUMN_SAMPLES):
            metrics = bold if column == 1 else plain
            text = max(
                metrics.horizontalAdvance(sample),
                header.fontMetrics().horizontalAdvance(COLUMNS[column]) + 12,
            )  # the header label and its sort arrow
            self.column_widths.append(text + padding)
            header.resizeSection(column, text + padding)

    def sizeHint(self) -> QSize:
        """Wide enough for every column: the dock opens showing Status."""
        columns = sum(self.column_widths)  # not the sections: the last one stretches
        chrome = (
            2 * self.view.frameWidth()
            + self.style().pixelMetric(QStyle.PM_ScrollBarExtent)
            + self.layout().contentsMargins().left()
            + self.layout().contentsMargins().right()
        )
        return QSize(columns + chrome, super().sizeHint().height())

    def set_reader(self, reader: QueueReader | None, keep_case_id: int | None = None) -> None:
        """Show the queue of an opened data folder (None: nothing open)."""
        self.model.set_reader(reader)
        if keep_case_id is not None:
            self.select(keep_case_id)

    def refresh(self, keep_case_id: int | None = None) -> None:
        """Read the queue again, keeping ``keep_case_id`` selected."""
        self.model.refresh()
        if keep_case_id is not None:
            self.select(keep_case_id)

    def _filter_changed(self, text: str) -> None:
        self.model.set_needle(text)

    def _restore_current(self) -> None:
        # The queue was read again (filter, order, refresh): the case the reviewer is
        # on is selected again wherever it now stands, once the filter shows it.
        if self._kept is not None:
            self.select(self._kept)

    def case_id_at(self, row: int) -> int | None:
        summary = self.model.row(row)
        return summary.case_id if summary is not None else None

    def select(self, case_id: int) -> None:
        self._kept = case_id
        row = self.model.row_of(case_id)
        if row is None:
            return
        index = self.model.index(row, 0)
        if index.isValid():
            self.view.blockSignals(True)
            self.view.selectionModel().blockSignals(True)
            self.view.setCurrentIndex(index)
            self.view.selectionModel().blockSignals(False)
            self.view.blockSignals(False)
            self.view.scrollTo(index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._kept = int(current.data(CASE_ID_ROLE))
            self.caseActivated.emit(self._kept)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.caseChosen.emit(int(index.data(CASE_ID_ROLE)))
