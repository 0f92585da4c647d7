"""The PDF viewer of the Records tab (QtPdf). Imported only when the tab is first
shown or a document is first opened, so QtPdf never loads at start-up."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdf import QPdfDocument, QPdfSearchModel
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from imr_desktop.ui.docks import ElidedLabel

ZOOM_STEPS = (0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0)


class RecordViewer(QWidget):
    pageChanged = Signal(int)  # 1-based page now shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordViewer")
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self._bytes: QByteArray | None = None

        bar = self.bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        self.title = ElidedLabel()  # a long title ends in "…" rather than widen the tab
        self.title.setObjectName("recordTitle")
        self.previous = self._button(
            "◀", "Previous page (Page Up)", QKeySequence.MoveToPreviousPage
        )
        self.page = QSpinBox()
        self.page.setObjectName("recordPage")
        self.page.setAccessibleName("Page number")
        self.page.setKeyboardTracking(False)
        self.page.setRange(1, 1)
        self.page_count = QLabel("of 0")
        self.next = self._button("▶", "Next page (Page Down)", QKeySequence.MoveToNextPage)
        self.zoom_out = self._button("−", "Zoom out (Ctrl+-)", QKeySequence.ZoomOut)
        self.zoom_label = QLabel("fit width")
        self.zoom_label.setMinimumWidth(64)
        self.zoom_label.setAlignment(Qt.AlignCenter)
        self.zoom_in = self._button("+", "Zoom in (Ctrl++)", QKeySequence.ZoomIn)
        self.fit = self._button("↔", "Fit the page width", None)
        for w in (self.title,):
            bar.addWidget(w, 1)
        for w in (
            self.previous,
            QLabel("Page"),
            self.page,
            self.page_count,
            self.next,
            self.zoom_out,
            self.zoom_label,
            self.zoom_in,
            self.fit,
        ):
            bar.addWidget(w)

        self.pages = QListWidget()
        self.pages.setObjectName("recordPages")
        self.pages.setAccessibleName("Pages")
        self.pages.setMaximumWidth(100)
        self.pages.setUniformItemSizes(True)  # a 2,000-page list lays out at once

        self.view = QPdfView()
        self.view.setObjectName("recordView")
        self.view.setAccessibleName("Record page")
        # One page at a time: a 1,000-page document shows its page without laying
        # out every other page first.
        self.view.setPageMode(QPdfView.PageMode.SinglePage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.search_model = QPdfSearchModel(self)
        self.search_model.setDocument(self.document)

        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.pages)
        split.addWidget(self.view)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([90, 2000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(split, 1)

        self.previous.clicked.connect(lambda: self.show_page(self.current_page() - 1))
        self.next.clicked.connect(lambda: self.show_page(self.current_page() + 1))
        self.page.valueChanged.connect(self.show_page)
        self.pages.currentRowChanged.connect(lambda row: row >= 0 and self.show_page(row + 1))
        self.zoom_in.clicked.connect(lambda: self._zoom_step(1))
        self.zoom_out.clicked.connect(lambda: self._zoom_step(-1))
        self.fit.clicked.connect(self.fit_width)
        self.view.pageNavigator().currentPageChanged.connect(self._navigated)

    def _button(self, text: str, tip: str, key) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        if key is not None:
            # Only while the viewer has focus: Page Down in the summary stays the editor's.
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(button.click)
        return button

    def add_action_button(self, action) -> QToolButton:
        """A window action (e.g. Insert page reference) as a button on the toolbar."""
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self.bar.addWidget(button)
        return button

    # --- documents -----------------------------------------------------------------

    def load(self, data: bytes, title: str, page: int = 1) -> str | None:
        """Show a PDF from memory (it came decrypted from the store); an error text
        when QtPdf cannot open it."""
        self.close_document()
        self._bytes = QByteArray(data)
        self._buffer = QBuffer(self)
        self._buffer.setData(self._bytes)
        self._buffer.open(QIODevice.ReadOnly)
        self.document.load(self._buffer)
        if self.document.status() != QPdfDocument.Status.Ready:
            error = self.document.error()
            self.close_document()
            return f"{title} cannot be shown ({error.name})"
        count = self.document.pageCount()
        self.title.set_full_text(title)
        self.page.blockSignals(True)
        self.page.setRange(1, max(1, count))
        self.page.blockSignals(False)
        self.page_count.setText(f"of {count}")
        self.pages.blockSignals(True)
        self.pages.clear()
        self.pages.addItems([f"Page {n}" for n in range(1, count + 1)])
        self.pages.blockSignals(False)
        self.show_page(page)
        return None

    def close_document(self) -> None:
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
        self._buffer = None
        self._bytes = None
        self.title.set_full_text("")
        self.pages.clear()
        self.page_count.setText("of 0")

    def page_total(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage() + 1

    def show_page(self, page: int) -> None:
        count = self.document.pageCount()
        if count <= 0:
            return
        page = max(1, min(int(page), count))
        navigator = self.view.pageNavigator()
        if navigator.currentPage() != page - 1:
            navigator.jump(page - 1, QPointF(), 0)
        self._sync_controls(page)

    def _navigated(self, index: int) -> None:
        self._sync_controls(index + 1)
        self.pageChanged.emit(index + 1)

    def _sync_controls(self, page: int) -> None:
        self.page.blockSignals(True)
        self.page.setValue(page)
        self.page.blockSignals(False)
        self.pages.blockSignals(True)
        self.pages.setCurrentRow(page - 1)
        self.pages.blockSignals(False)
        self.previous.setEnabled(page > 1)
        self.next.setEnabled(page < self.document.pageCount())

    def highlight(self, words: str) -> None:
        """Mark the searched words on the page (QtPdf's own search of the document)."""
        self.search_model.setSearchString(words)
        self.view.setSearchModel(self.search_model if words else None)

    # --- zoom ----------------------------------------------------------------------

    def _zoom_step(self, direction: int) -> None:
        current = self.view.zoomFactor()
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            current = 1.0
        steps = [
            z for z in ZOOM_STEPS if (z > current + 0.01 if direction > 0 else z < current - 0.01)
        ]
        target = (steps[0] if direction > 0 else steps[-1]) if steps else current
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(target)
        self.zoom_label.setText(f"{round(target * 100)} %")

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.zoom_label.setText("fit width")
