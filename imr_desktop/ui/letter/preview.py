"""The "Letter" tab: the current draft rendered as the PDF it will export to.

QtPdf is imported when the tab is first shown, not at start-up. The PDF is built
in the background (ReportLab, off the GUI thread) from a copy of the draft, at most
one build at a time; a change during a build asks for one more afterwards.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from imr_desktop.model import copy_case
from imr_desktop.ui.background import run_in_background
from imr_desktop.ui.cases.session import CaseSession

log = logging.getLogger(__name__)

REFRESH_DELAY_MS = 600


class LetterPreview(QWidget):
    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("letterPreview")
        self.session = session
        self.status = QLabel("The letter preview is built when this tab is shown.")
        self.status.setObjectName("letterPreviewStatus")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.status)
        self.document: Any = None  # QPdfDocument, made on first show
        self.view: Any = None
        self._buffer: QBuffer | None = None
        self._stale = True
        self._building = False
        self._stopped = False
        self.builds = 0  # finished builds (tests wait on it)
        self.pages = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        session.caseChanged.connect(self._changed)
        session.caseOpened.connect(self._changed)

    def stop(self) -> None:
        """No more builds (the window is closing)."""
        self._timer.stop()
        self._stopped = True

    def _ensure_view(self) -> None:
        if self.view is not None:
            return
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("letterPdfView")
        self.view.setAccessibleName("Letter preview")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._layout.addWidget(self.view, 1)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._ensure_view()
        if self._stale:
            self.refresh()

    def _changed(self) -> None:
        self._stale = True
        if self.isVisible():
            self._timer.start()

    def refresh(self) -> None:
        case = self.session.case
        if self._stopped:
            return
        if case is None:
            self.status.setText("No case open")
            return
        if self._building:
            self._stale = True
            return
        self._ensure_view()
        self._stale = False
        self._building = True
        draft = copy_case(case)
        self.status.setText("Building the preview…")

        def build() -> tuple[bytes, int]:
            from imr_desktop.export import render_letter_pdf

            return render_letter_pdf(draft)

        run_in_background(build, self._built, self._failed)

    def _built(self, result: tuple[bytes, int]) -> None:
        data, pages = result
        self._building = False
        if self._stopped:
            return
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer  # QPdfDocument reads from it: keep it alive
        self.pages = pages
        self.builds += 1
        self.status.setText(f"Preview of the draft as it will export · {pages} page(s)")
        if self._stale and self.isVisible():
            self._timer.start()

    def _failed(self, exc: BaseException) -> None:
        self._building = False
        log.warning("letter preview failed: %s", type(exc).__name__)
        self.status.setText(f"The preview could not be built ({type(exc).__name__}).")
