"""A plain-text editor that refuses an oversized paste or drop before Qt lays it out
(a multi-megabyte paste would otherwise freeze the window for minutes)."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Signal
from PySide6.QtWidgets import QPlainTextEdit, QWidget

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
