"""The "Dates found" list of the Records tab: the dates in the case file's text with
their kind and page, and the "Records from … to … were reviewed." range. The text
is scanned off the GUI thread (thousands of pages)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from imr_desktop.database import Connector, plain_connect
from imr_desktop.records.dates import FoundDate, range_phrase, record_range
from imr_desktop.records.store import RecordStore
from imr_desktop.ui.background import run_in_background

log = logging.getLogger(__name__)

TARGET_ROLE = Qt.UserRole + 1
MAX_DATE_ROWS = 400  # one row per date and kind; a longer list is cut


class DatesPanel(QWidget):
    pageRequested = Signal(int, int)  # document id, page
    ready = Signal()

    def __init__(
        self, data_dir: Path, parent: QWidget | None = None, *, connect: Connector = plain_connect
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.connect = connect  # keyed when cases.db is encrypted
        self.found: list[FoundDate] = []
        self._generation = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>Dates found</b>"))
        self.tree = QTreeWidget()
        self.tree.setObjectName("recordDates")
        self.tree.setAccessibleName("Dates found in the records")
        self.tree.setHeaderLabels(["Date", "Kind", "Where", "Context"])
        self.tree.setRootIsDecorated(False)
        layout.addWidget(self.tree, 1)
        self.range_label = QLabel("")
        self.range_label.setObjectName("recordRange")
        self.range_label.setWordWrap(True)
        layout.addWidget(self.range_label)
        self.use_range_button = QPushButton("Use range in summary")
        self.use_range_button.setToolTip(
            "Put this sentence in the summary (replacing an older one)"
        )
        self.use_range_button.setEnabled(False)
        layout.addWidget(self.use_range_button)
        self.tree.itemActivated.connect(self._go)
        self.tree.itemClicked.connect(self._go)

    def refresh(self, case_id: int | None, titles: dict[int, str], *, read_only: bool) -> None:
        self.tree.clear()
        self.found = []
        self.range_label.setText("")
        self.use_range_button.setEnabled(False)
        self._generation += 1
        if case_id is None or not titles:
            return
        generation = self._generation
        data_dir, connect = self.data_dir, self.connect

        def work() -> list[FoundDate]:
            store = RecordStore.open(data_dir, connect=connect)  # this thread's own connection
            try:
                return store.dates(case_id)
            finally:
                store.close()

        run_in_background(
            work, lambda found: self._found(generation, titles, found, read_only), self._failed
        )

    def _failed(self, exc: BaseException) -> None:
        log.warning("records: finding dates failed: %s", type(exc).__name__)
        self.range_label.setText("The dates could not be read from the records.")

    def _found(
        self, generation: int, titles: dict[int, str], found: list[FoundDate], read_only: bool
    ) -> None:
        if generation != self._generation:
            return  # another case, or another attach, superseded this
        self.found = found
        seen: set[tuple[Any, str]] = set()
        for f in found:
            if (f.date, f.kind) in seen:
                continue
            seen.add((f.date, f.kind))
            if len(seen) > MAX_DATE_ROWS:
                break
            where = f"{titles.get(f.document_id, '?')}, p. {f.page}"
            item = QTreeWidgetItem([f"{f.date:%m/%d/%Y}", f.kind, where, f.context])
            item.setData(0, TARGET_ROLE, (f.document_id, f.page))
            item.setToolTip(3, f.context)
            self.tree.addTopLevelItem(item)
        span = record_range(found)
        if span:
            self.range_label.setText(range_phrase(*span))
            self.use_range_button.setEnabled(not read_only)
        else:
            self.range_label.setText("No record dates found in the text.")
        self.ready.emit()

    def range_text(self) -> str | None:
        span = record_range(self.found)
        return range_phrase(*span) if span else None

    def _go(self, item: QTreeWidgetItem) -> None:
        document_id, page = item.data(0, TARGET_ROLE)
        self.pageRequested.emit(document_id, page)
