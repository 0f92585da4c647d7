"""A plain-text editor that refuses an oversized paste or drop before Qt lays it out
(a multi-megabyte paste would otherwise freeze the window for minutes), and its
one-paragraph variant that wraps and grows instead of clipping."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QWidget

# No letter field comes near this; a paste above it is nearly always the wrong clipboard.
MAX_FIELD_CHARS = 200_000


class GuardedPlainTextEdit(QPlainTextEdit):
    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None, limit: int = MAX_FIELD_CHARS) -> None:
        super().__init__(parent)
        self.limit = limit

    def insertFromMimeData(self, source: QMimeData) -> None:
        text = source.text() if source.hasText() else ""
        room = self.limit - len(self.toPlainText()) + len(self.textCursor().selectedText())
        if len(text) > room:
            self.refused.emit(
                f"That paste is {len(text):,} characters; this field holds at most "
                f"{self.limit:,}. Nothing was pasted and nothing else changed."
            )
            return
        super().insertFromMimeData(source)


class ParagraphEdit(GuardedPlainTextEdit):
    """One paragraph that wraps and grows with its text (from ``min_lines`` up to
    ``max_lines``, then scrolls): for a sentence too long to read in a one-line
    field at 1280×720. Enter does not break it; a pasted line break becomes a space."""

    def __init__(self, parent: QWidget | None = None, min_lines: int = 2, max_lines: int = 6):
        super().__init__(parent)
        self.min_lines, self.max_lines = min_lines, max_lines
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self._lines = min_lines
        self.document().documentLayout().documentSizeChanged.connect(self._grow)

    def _height_for(self, lines: int) -> int:
        margins = self.contentsMargins()
        document = self.document().documentMargin()
        return int(
            lines * self.fontMetrics().lineSpacing()
            + 2 * document
            + 2 * self.frameWidth()
            + margins.top()
            + margins.bottom()
            + 2  # the caret's pixel below the last line
        )

    def _grow(self, *_: object) -> None:
        # A plain-text document's size is counted in lines (wrapped lines included).
        needed = int(self.document().documentLayout().documentSize().height())
        lines = max(self.min_lines, min(self.max_lines, needed))
        self.setVerticalScrollBarPolicy(
            Qt.ScrollBarAsNeeded if needed > self.max_lines else Qt.ScrollBarAlwaysOff
        )
        if lines != self._lines:
            self._lines = lines
            self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(super().sizeHint().width(), self._height_for(self._lines))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(super().minimumSizeHint().width(), self._height_for(self._lines))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            event.ignore()
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 (Qt's name)
        if source.hasText() and ("\n" in source.text() or "\r" in source.text()):
            flat = QMimeData()
            flat.setText(" ".join(source.text().split()))
            source = flat
        super().insertFromMimeData(source)
