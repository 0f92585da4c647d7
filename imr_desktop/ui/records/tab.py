"""The Records tab: the case file's documents, search across them, the dates found
in them, and the viewer (built on first show, so QtPdf loads only then)."""

from __future__ import annotations

import html
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from imr_desktop.database import StoreError
from imr_desktop.records.store import SEARCH_LIMIT, RecordDocument, RecordHit, RecordStore
from imr_desktop.records.text import IndexingCancelled
from imr_desktop.ui.background import run_in_background

from .dates_panel import DatesPanel

if TYPE_CHECKING:
    from imr_desktop.ui.main_window import MainWindow

    from .viewer import RecordViewer

log = logging.getLogger(__name__)

TARGET_ROLE = Qt.UserRole + 1  # (document_id, page) of a row
MAX_DATE_ROWS = 400  # one row per date and kind; a long list is cut with a note
SEARCH_DELAY_MS = 150


class _Progress(QObject):
    """Made on the GUI thread; the worker emits, the GUI thread receives."""

    changed = Signal(int, int)


def snippet_html(hit: RecordHit) -> str:
    text = "".join(
        f"<b><u>{html.escape(t)}</u></b>" if matched else html.escape(t)
        for t, matched in hit.parts()
    )
    return " ".join(text.split())


class RecordsTab(QWidget):
    documentsChanged = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.setObjectName("recordsTab")
        self.window_ = window
        self.session = window.session
        self.records = RecordStore(window.workspace.cases.db, window.workspace.data_dir)
        self.viewer: RecordViewer | None = None
        self.viewer_actions: list[QAction] = []  # shown as buttons on the viewer's bar
        self.current_document: RecordDocument | None = None
        self._cancel: threading.Event | None = None

        left = QWidget()
        left.setMinimumWidth(260)  # titles, snippets and dates stay readable
        col = QVBoxLayout(left)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(QLabel("<b>Documents</b>"))
        self.documents = QListWidget()
        self.documents.setObjectName("recordDocuments")
        self.documents.setAccessibleName("Attached documents")
        self.documents.currentItemChanged.connect(self._document_chosen)
        col.addWidget(self.documents, 2)
        row = QHBoxLayout()
        self.attach_button = QPushButton("&Attach records…")
        self.detach_button = QPushButton("Detach")
        row.addWidget(self.attach_button)
        row.addWidget(self.detach_button)
        col.addLayout(row)
        self.progress_row = QWidget()
        prow = QHBoxLayout(self.progress_row)
        prow.setContentsMargins(0, 0, 0, 0)
        self.progress = QProgressBar()
        self.progress.setObjectName("recordProgress")
        self.progress.setAccessibleName("Indexing progress")
        self.cancel_button = QPushButton("Cancel")
        prow.addWidget(self.progress, 1)
        prow.addWidget(self.cancel_button)
        self.progress_row.setVisible(False)
        col.addWidget(self.progress_row)

        search_label = QLabel("Search all &records of this case:")
        self.search_field = QLineEdit()
        self.search_field.setObjectName("recordSearch")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setPlaceholderText("words to find, e.g. MRI lumbar")
        search_label.setBuddy(self.search_field)
        col.addWidget(search_label)
        col.addWidget(self.search_field)
        self.results = QListWidget()
        self.results.setObjectName("recordResults")
        self.results.setAccessibleName("Search results")
        self.results.setWordWrap(True)
        col.addWidget(self.results, 3)
        self.results_label = QLabel("")
        col.addWidget(self.results_label)

        self.dates_panel = DatesPanel(window.workspace.data_dir, connect=window.workspace.connect)
        self.dates_panel.pageRequested.connect(self.show_page)
        self.dates = self.dates_panel.tree
        self.range_label = self.dates_panel.range_label
        self.use_range_button = self.dates_panel.use_range_button
        col.addWidget(self.dates_panel, 2)

        self.stack = QStackedWidget()
        self.empty = QLabel(
            "No document open.\nAttach the case file's PDFs with Case ▸ Attach records…, "
            "then choose one on the left."
        )
        self.empty.setAlignment(Qt.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack.addWidget(self.empty)

        split = QSplitter(Qt.Horizontal)
        split.addWidget(left)
        split.addWidget(self.stack)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([320, 2000])
        # Narrower than the panes' minimum (a 1280×720 screen with both docks open),
        # the tab scrolls instead of widening the window past the screen.
        body = QWidget()
        QVBoxLayout(body).addWidget(split)
        scroll = QScrollArea()
        scroll.setObjectName("recordsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.search_field.textChanged.connect(lambda _: self._search_timer.start())
        self.search_field.returnPressed.connect(self.run_search)
        self.results.itemActivated.connect(self._go_to_row)
        self.results.itemClicked.connect(self._go_to_row)
        self.cancel_button.clicked.connect(self.cancel_indexing)
        self.detach_button.clicked.connect(self.detach_current)

    # --- the case ------------------------------------------------------------------

    def case_opened(self) -> None:
        self.close_document()
        self.search_field.clear()
        self.results.clear()
        self.results_label.clear()
        self.refresh_documents()
        self.refresh_dates()

    def refresh_documents(self, select: int | None = None) -> None:
        case_id = self.session.case_id
        docs = self.records.documents(case_id) if case_id is not None else []
        self.documents.blockSignals(True)
        self.documents.clear()
        for doc in docs:
            text = f"{doc.title} — {doc.page_count} page{'s' if doc.page_count != 1 else ''}"
            if doc.note:
                text += f"\n⚠ {doc.note}"
            item = QListWidgetItem(text)
            item.setData(TARGET_ROLE, doc.document_id)
            self.documents.addItem(item)
            if doc.document_id == select:
                self.documents.setCurrentItem(item)
        self.documents.blockSignals(False)
        self.detach_button.setEnabled(bool(docs) and not self.session.read_only)
        self.documentsChanged.emit()

    # --- viewing -------------------------------------------------------------------

    def ensure_viewer(self) -> RecordViewer:
        if self.viewer is None:
            from .viewer import RecordViewer  # QtPdf loads here, on first use

            self.viewer = RecordViewer()
            for action in self.viewer_actions:
                self.viewer.add_action_button(action)
            self.viewer.pageChanged.connect(self._page_changed)
            self.stack.addWidget(self.viewer)
        return self.viewer

    def open_document(self, document_id: int, page: int | None = None) -> bool:
        try:
            doc = self.records.document(document_id)
            data = self.records.read_pdf(doc)
        except StoreError as exc:
            self.window_.dialogs.error("Cannot show the document", str(exc))
            return False
        viewer = self.ensure_viewer()
        # Closing the previous document moves the viewer to page 1: that must not
        # be remembered as the previous document's last page.
        self.current_document = None
        error = viewer.load(data, doc.title, page or doc.last_page)
        if error:
            self.window_.dialogs.error("Cannot show the document", error)
            return False
        self.current_document = doc
        self.stack.setCurrentWidget(viewer)
        self._select_row(document_id)
        return True

    def show_page(self, document_id: int, page: int) -> bool:
        if self.current_document is None or self.current_document.document_id != document_id:
            return self.open_document(document_id, page)
        assert self.viewer is not None
        self.viewer.show_page(page)
        return True

    def close_document(self) -> None:
        self.current_document = None
        if self.viewer is not None:
            self.viewer.close_document()
        self.stack.setCurrentWidget(self.empty)

    def current_page(self) -> int | None:
        if self.current_document is None or self.viewer is None:
            return None
        return self.viewer.current_page()

    def _page_changed(self, page: int) -> None:
        if self.current_document is not None:
            self.records.set_last_page(self.current_document.document_id, page)

    def _select_row(self, document_id: int) -> None:
        self.documents.blockSignals(True)
        for n in range(self.documents.count()):
            if self.documents.item(n).data(TARGET_ROLE) == document_id:
                self.documents.setCurrentRow(n)
        self.documents.blockSignals(False)

    def _document_chosen(self, item: QListWidgetItem | None, _previous: Any = None) -> None:
        if item is not None:
            self.open_document(int(item.data(TARGET_ROLE)))

    # --- searching -----------------------------------------------------------------

    def run_search(self) -> None:
        self._search_timer.stop()
        self.results.clear()
        case_id = self.session.case_id
        text = self.search_field.text().strip()
        if case_id is None or not text:
            self.results_label.clear()
            return
        hits = self.records.search(case_id, text)
        for hit in hits:
            item = QListWidgetItem()
            item.setData(TARGET_ROLE, (hit.document_id, hit.page))
            plain = f"{hit.title}, p. {hit.page}: {hit.marked('', '')}"
            item.setData(Qt.AccessibleTextRole, plain)
            item.setToolTip(plain)
            label = QLabel(f"<b>{html.escape(hit.title)}</b>, p. {hit.page}<br>{snippet_html(hit)}")
            label.setWordWrap(True)
            label.setTextFormat(Qt.RichText)
            label.setContentsMargins(4, 2, 4, 2)
            self.results.addItem(item)
            item.setSizeHint(label.sizeHint())
            self.results.setItemWidget(item, label)
        count = len(hits)
        if not count:
            self.results_label.setText("no matches")
        elif count >= SEARCH_LIMIT:
            self.results_label.setText(f"the best {count} pages; add words to narrow")
        else:
            self.results_label.setText(f"{count} page{'s' if count != 1 else ''} found")

    def _go_to_row(self, item: QListWidgetItem) -> None:
        document_id, page = item.data(TARGET_ROLE)
        if self.show_page(document_id, page) and self.viewer is not None:
            self.viewer.highlight(self.search_field.text().strip())

    # --- dates ---------------------------------------------------------------------

    def refresh_dates(self) -> None:
        case_id = self.session.case_id
        titles = (
            {d.document_id: d.title for d in self.records.documents(case_id)}
            if case_id is not None
            else {}
        )
        self.dates_panel.refresh(case_id, titles, read_only=self.session.read_only)

    def range_text(self) -> str | None:
        return self.dates_panel.range_text()

    # --- attaching -----------------------------------------------------------------

    def attach_path(self, path: Path) -> None:
        case_id = self.session.case_id
        if case_id is None:
            return
        if self._cancel is not None:
            self.window_.dialogs.info(
                "Attach records", "Wait until the file being indexed is done."
            )
            return
        number = self.session.case.case_number if self.session.case else ""
        cancel = threading.Event()
        self._cancel = cancel
        progress = _Progress(self)
        progress.changed.connect(self._progress)
        self.progress.setRange(0, 0)
        self.progress.setFormat(f"{path.name}: reading…")
        self.progress_row.setVisible(True)
        data_dir = self.window_.workspace.data_dir
        connect = self.window_.workspace.connect  # keyed when cases.db is encrypted

        def work() -> RecordDocument:
            store = RecordStore.open(data_dir, connect=connect)  # this thread's own connection
            try:
                return store.attach(
                    case_id, path, progress=progress.changed.emit, cancelled=cancel.is_set
                )
            finally:
                store.close()

        def done(doc: RecordDocument) -> None:
            self._finish(progress)
            if not self.window_.isVisible():
                return  # the window closed while indexing: the document is stored
            if self.session.case_id != case_id:  # the reviewer moved on to another case
                self.window_.status_message(f"Attached {doc.title} to case {number}")
                return
            self.refresh_documents(select=doc.document_id)
            self.open_document(doc.document_id)
            self.refresh_dates()
            self.run_search()
            self.window_.status_message(f"Attached {doc.title} ({doc.page_count} pages)")
            if doc.note:
                self.window_.dialogs.info("Attached", f"{doc.title}: {doc.note}.")

        def failed(exc: BaseException) -> None:
            self._finish(progress)
            if isinstance(exc, IndexingCancelled):
                self.window_.status_message("Attaching canceled; nothing was attached")
            elif isinstance(exc, StoreError):
                self.window_.dialogs.error("Not attached", str(exc))
            else:
                log.error("records: attach failed: %s", type(exc).__name__)
                self.window_.dialogs.error(
                    "Not attached", f"{path.name} could not be attached ({type(exc).__name__})."
                )

        run_in_background(work, done, failed)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress.setFormat("indexing: %v of %m pages")

    def _finish(self, progress: _Progress) -> None:
        self._cancel = None
        self.progress_row.setVisible(False)
        progress.deleteLater()

    def cancel_indexing(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    @property
    def indexing(self) -> bool:
        return self._cancel is not None

    def detach_current(self) -> None:
        item = self.documents.currentItem()
        if item is None or self.session.read_only:
            return
        doc = self.records.document(int(item.data(TARGET_ROLE)))
        if not self.window_.dialogs.confirm(
            "Detach document", f"Remove {doc.title} and its text from this case?"
        ):
            return
        if self.current_document and self.current_document.document_id == doc.document_id:
            self.close_document()
        try:
            self.records.detach(doc.document_id)
        except StoreError as exc:
            self.window_.dialogs.error("Not detached", str(exc))
            return
        self.refresh_documents()
        self.refresh_dates()
        self.run_search()
