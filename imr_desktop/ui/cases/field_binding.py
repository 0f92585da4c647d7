"""Binding an input widget to a field path of the draft.

A binding pushes what the reviewer types into the session and shows what undo/redo
or a reload puts back, without echoing its own change; after an undo or redo the
cursor stands where the text changed. Its widget's undo keys drive the case's undo
history (``undo_keys``). Dates are validated as typed: a bad date leaves the stored
value alone and says what is wrong beside the field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from imr_desktop.model.dates import DateInputError, format_us_date, parse_user_date
from imr_desktop.model.edits import changed_span, get_field

from .guarded_text import MAX_FIELD_CHARS, GuardedPlainTextEdit
from .session import CaseSession


class FieldBinding:
    def __init__(
        self,
        session: CaseSession,
        widget: QWidget,
        path: str | Callable[[], str | None],
        *,
        kind: str = "text",
        error_label: QLabel | None = None,
        on_refused: Callable[[str], None] | None = None,
    ) -> None:
        self.session = session
        self.widget = widget
        self._path = path
        self.kind = kind
        self.error_label = error_label
        self.on_refused = on_refused
        self._loading = False
        self._connect()
        if isinstance(widget, (QLineEdit, QPlainTextEdit, QSpinBox)):
            session.undo_keys.install(widget)
        if isinstance(widget, GuardedPlainTextEdit) and on_refused is not None:
            widget.refused.connect(on_refused)
        if isinstance(widget, QLineEdit):
            widget.setMaxLength(MAX_FIELD_CHARS)

    @property
    def path(self) -> str | None:
        return self._path() if callable(self._path) else self._path

    def _connect(self) -> None:
        w = self.widget
        if isinstance(w, QPlainTextEdit):
            w.textChanged.connect(self._from_widget)
        elif isinstance(w, QLineEdit):
            w.textEdited.connect(self._from_widget)
        elif isinstance(w, QSpinBox):
            w.valueChanged.connect(self._from_widget)
        elif isinstance(w, QComboBox):
            w.currentIndexChanged.connect(self._from_widget)

    def _widget_value(self) -> Any:
        w = self.widget
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QLineEdit):
            return w.text()
        if isinstance(w, QSpinBox):
            return None if w.value() == w.minimum() else w.value()
        if isinstance(w, QComboBox):
            return w.currentData()
        return None

    def _from_widget(self, *_: object) -> None:
        path = self.path
        if self._loading or path is None or self.session.case is None:
            return
        value = self._widget_value()
        if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
            message = (
                f"That text is {len(value):,} characters; a field holds at most "
                f"{MAX_FIELD_CHARS:,}. The paste was undone; nothing else changed."
            )
            self.load()  # put back what was there
            if self.on_refused:
                self.on_refused(message)
            return
        if self.kind == "date":
            try:
                value = parse_user_date(value)
            except DateInputError as exc:
                self._show_error(str(exc))
                return
            self._show_error("")
        typing = isinstance(self.widget, (QLineEdit, QPlainTextEdit))
        self.session.set_text(path, value, typing=typing)

    def _show_error(self, message: str) -> None:
        self.widget.setToolTip(message)
        self.widget.setAccessibleDescription(message)
        if self.error_label is not None:
            self.error_label.setText(f"⚠ {message}" if message else "")
            self.error_label.setVisible(bool(message))

    def load(self, keep_place: bool = False) -> None:
        """Show the draft's value (after a reload, undo/redo or item switch).

        ``keep_place`` (undo, redo, a structured edit of the same case): only the
        changed span of a text is replaced and the cursor is left at its end, instead
        of reloading the whole text with the cursor at its start."""
        path = self.path
        case = self.session.case
        value = get_field(case, path) if (case is not None and path is not None) else None
        self._loading = True
        try:
            w = self.widget
            if self.kind == "date":
                self._show_error("")
            if isinstance(w, QPlainTextEdit):
                text = value or ""
                if w.toPlainText() != text:
                    if keep_place:
                        _replace_changed_span(w, text)
                    else:
                        w.setPlainText(text)
            elif isinstance(w, QLineEdit):
                text = format_us_date(value) if self.kind == "date" else (value or "")
                if w.text() != text:
                    old = w.text()
                    w.setText(text)
                    if keep_place:
                        w.setCursorPosition(_utf16(text, changed_span(old, text)[1]))
            elif isinstance(w, QSpinBox):
                w.setValue(w.minimum() if value is None else int(value))
            elif isinstance(w, QComboBox):
                data = getattr(value, "value", value)
                index = w.findData(data)
                w.setCurrentIndex(max(index, 0))
        finally:
            self._loading = False


def _utf16(text: str, index: int) -> int:
    """A Python index as Qt counts text positions (UTF-16 code units)."""
    head = text[:index]
    return len(head) + sum(1 for ch in head if ord(ch) > 0xFFFF)


def _replace_changed_span(widget: QPlainTextEdit, text: str) -> None:
    old = widget.toPlainText()
    start, new_end, old_end = changed_span(old, text)
    cursor = QTextCursor(widget.document())
    cursor.setPosition(_utf16(old, start))
    cursor.setPosition(_utf16(old, old_end), QTextCursor.KeepAnchor)
    cursor.insertText(text[start:new_end])
    caret = widget.textCursor()
    caret.setPosition(_utf16(text, new_end))
    widget.setTextCursor(caret)
    widget.ensureCursorVisible()


def select_span(widget: QWidget, start: int, end: int) -> None:
    """Select ``text[start:end]`` (Python offsets) of a text field, as a find does."""
    if isinstance(widget, QPlainTextEdit):
        text = widget.toPlainText()
        cursor = widget.textCursor()
        cursor.setPosition(_utf16(text, start))
        cursor.setPosition(_utf16(text, end), QTextCursor.KeepAnchor)
        widget.setTextCursor(cursor)
        widget.ensureCursorVisible()
    elif isinstance(widget, QLineEdit):
        text = widget.text()
        widget.setSelection(_utf16(text, start), _utf16(text, end) - _utf16(text, start))
