"""The wavy underline under misspelled words, as the reviewer types.

A multi-line field gets a layer of its ``QSyntaxHighlighter``
(``ui/cases/field_highlighter.py``): Qt calls it for the edited paragraph only, and the checker caches its verdict on every run of non-space, so a
keystroke costs well under a millisecond. A one-line field (``QLineEdit`` has no
document) gets the same underline as input-method formats, re-applied after each
change. Both ask one function for the flagged words of a text; it returns nothing
until the dictionaries are loaded, or when spell checking is off.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtGui import QColor, QInputMethodEvent, QTextCharFormat
from PySide6.QtWidgets import QLineEdit

from imr_desktop.ui.cases.field_highlighter import Layer

if TYPE_CHECKING:  # the checker (and its word tables) loads with the dictionaries
    from imr_desktop.spelling.checker import Misspelling

TextCheck = Callable[[str], Sequence["Misspelling"]]

MISSPELLED_COLOR = QColor(204, 0, 0)
BRITISH_COLOR = QColor(0, 90, 200)  # a British spelling: a word, not a typo


def underline_format(british: bool) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.SpellCheckUnderline)
    fmt.setUnderlineColor(BRITISH_COLOR if british else MISSPELLED_COLOR)
    return fmt


_FORMATS = {False: underline_format(False), True: underline_format(True)}


def qt_span(text: str, start: int, end: int) -> tuple[int, int]:
    """A Python (start, end) as Qt counts positions (UTF-16 code units)."""
    if text.isascii() or max(text) < "\U00010000":
        return start, end

    def units(i: int) -> int:
        return i + sum(1 for ch in text[:i] if ord(ch) > 0xFFFF)

    return units(start), units(end)


def spelling_layer(check: TextCheck) -> Layer:
    """The underline as a layer of a field's highlighter (``FieldHighlighter``)."""

    def layer(text: str) -> Iterator[tuple[int, int, QTextCharFormat]]:
        for m in check(text):
            start, end = qt_span(text, m.start, m.end)
            yield start, end - start, _FORMATS[m.is_british]

    return layer


class LineEditMarks(QObject):
    """The underline in a ``QLineEdit``: formats sent as an input-method event (the
    public way a line edit shows formatted text), re-sent after every change."""

    def __init__(self, edit: QLineEdit, check: TextCheck) -> None:
        super().__init__(edit)
        self.edit = edit
        self.check = check
        self.flagged: list[Misspelling] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)  # after the edit has finished, never inside it
        self._timer.timeout.connect(self.rehighlight)
        edit.textChanged.connect(self._timer.start)

    def rehighlight(self) -> None:
        text = self.edit.text()
        self.flagged = list(self.check(text))
        cursor = self.edit.cursorPosition()
        attributes = []
        for m in self.flagged:
            start, end = qt_span(text, m.start, m.end)
            attributes.append(
                QInputMethodEvent.Attribute(
                    QInputMethodEvent.TextFormat,
                    start - cursor,
                    end - start,
                    _FORMATS[m.is_british],
                )
            )
        QCoreApplication.sendEvent(self.edit, QInputMethodEvent("", attributes))
