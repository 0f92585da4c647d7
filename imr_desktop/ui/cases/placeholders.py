"""Placeholders in a text box ("[conditions]", "[date of injury]" that Insert summary
opening sentence leaves): a click or a double-click inside one selects it whole,
Tab and Shift+Tab jump to the next and previous one, so typing replaces it. With no
placeholder ahead (or behind), Tab and Shift+Tab move the focus as in any form.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit


def _utf16_spans(text: str) -> list[tuple[int, int]]:
    """The spans in Qt's positions (UTF-16 code units), which differ from Python's
    indices after any character outside the Basic Multilingual Plane."""
    # The QA rules load on first use (the QA dock), not before the first paint.
    from imr_desktop.letter.qa import placeholder_spans

    if text.isascii():
        return placeholder_spans(text)
    offsets = [0]
    for ch in text:
        offsets.append(offsets[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return [(offsets[a], offsets[b]) for a, b in placeholder_spans(text)]


class PlaceholderNavigation(QObject):
    def __init__(self, editor: QPlainTextEdit) -> None:
        super().__init__(editor)
        self.editor = editor
        # Compared by identity in the filter: while the window is torn down the
        # editor's C++ side may be gone and must not be called.
        self.viewport = editor.viewport()
        editor.installEventFilter(self)
        self.viewport.installEventFilter(self)

    def spans(self) -> list[tuple[int, int]]:
        return _utf16_spans(self.editor.toPlainText())

    def select(self, span: tuple[int, int]) -> None:
        cursor = self.editor.textCursor()
        cursor.setPosition(span[0])
        cursor.setPosition(span[1], QTextCursor.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()

    def select_next(self, forward: bool = True, *, wrap: bool = False) -> bool:
        """Select the next (previous) placeholder after (before) the selection;
        False when there is none that way."""
        spans = self.spans()
        cursor = self.editor.textCursor()
        if forward:
            ahead = [s for s in spans if s[0] >= cursor.selectionEnd()]
            chosen = ahead[0] if ahead else (spans[0] if wrap and spans else None)
        else:
            behind = [s for s in spans if s[1] <= cursor.selectionStart()]
            chosen = behind[-1] if behind else (spans[-1] if wrap and spans else None)
        if chosen is None:
            return False
        self.select(chosen)
        return True

    def select_first(self) -> bool:
        spans = self.spans()
        if spans:
            self.select(spans[0])
        return bool(spans)

    def _select_around_click(self) -> None:
        """A click (no selection) or a double-click (a word) inside a placeholder
        selects all of it, brackets included."""
        cursor = self.editor.textCursor()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        for span in self.spans():
            # A caret just after the closing bracket is outside: the reviewer may
            # be about to type after it.
            inside = (
                span[0] <= start < span[1] if start == end else span[0] <= start <= end <= span[1]
            )
            if inside:
                if (start, end) != span:
                    self.select(span)
                return

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if watched is self.editor and kind == QEvent.KeyPress and isinstance(event, QKeyEvent):
            modifiers = event.modifiers() & ~Qt.KeypadModifier
            if event.key() == Qt.Key_Tab and modifiers == Qt.NoModifier:
                return self.select_next(True)
            if event.key() == Qt.Key_Backtab or (
                event.key() == Qt.Key_Tab and modifiers == Qt.ShiftModifier
            ):
                return self.select_next(False)
        elif watched is self.editor and kind == QEvent.FocusIn and isinstance(event, QFocusEvent):
            # Tabbing into the box lands on its first (Shift+Tab: last) placeholder.
            if event.reason() == Qt.TabFocusReason:
                self._select_on_entry(first=True)
            elif event.reason() == Qt.BacktabFocusReason:
                self._select_on_entry(first=False)
        elif (
            watched is self.viewport
            and kind in (QEvent.MouseButtonRelease, QEvent.MouseButtonDblClick)
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.LeftButton
            and event.modifiers() == Qt.NoModifier
        ):
            # After the editor has placed its caret (or selected the word).
            QTimer.singleShot(0, self, self._select_around_click)
        return False

    def _select_on_entry(self, first: bool) -> None:
        spans = self.spans()
        if spans:
            self.select(spans[0] if first else spans[-1])
