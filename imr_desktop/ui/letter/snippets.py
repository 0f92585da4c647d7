"""The snippet library: reusable rationale phrases (Tools ▸ Snippets…) and their
completion while typing in the rationale editor.

Completion: after three or more letters of a word, the snippets whose text contains
it pop up under the cursor; choosing one replaces the word with the
snippet's text. Only typed keys open the popup (loading a field never does).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

MIN_PREFIX = 3
_COMPLETION_KEYS = {Qt.Key_Enter, Qt.Key_Return, Qt.Key_Escape, Qt.Key_Tab, Qt.Key_Backtab}


class SnippetCompleter(QObject):
    def __init__(self, editor: QPlainTextEdit, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.model = QStringListModel(self)
        self.completer = QCompleter(self)
        self.completer.setModel(self.model)
        self.completer.setWidget(editor)
        self.completer.setCompletionMode(QCompleter.PopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchContains)
        self.completer.popup().setObjectName("snippetPopup")
        self.completer.activated[str].connect(self.insert_completion)
        editor.installEventFilter(self)

    def set_snippets(self, snippets: list[tuple[int, str, str]]) -> None:
        self.model.setStringList([body for _, _, body in snippets])

    def prefix(self) -> str:
        cursor = self.editor.textCursor()
        cursor.movePosition(QTextCursor.StartOfWord, QTextCursor.KeepAnchor)
        return cursor.selectedText()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.editor and event.type() == QEvent.KeyPress:
            popup = self.completer.popup()
            if popup.isVisible() and event.key() in _COMPLETION_KEYS:
                event.ignore()
                return True  # the popup takes it (choose / dismiss)
            if event.text() or event.key() == Qt.Key_Backspace:
                QTimer.singleShot(0, self.update_popup)
        return False

    def update_popup(self) -> None:
        if self.editor.isReadOnly():
            return
        prefix = self.prefix()
        popup = self.completer.popup()
        if len(prefix) < MIN_PREFIX or not self.model.rowCount():
            popup.hide()
            return
        self.completer.setCompletionPrefix(prefix)
        if self.completer.completionCount() == 0:
            popup.hide()
            return
        popup.setCurrentIndex(self.completer.completionModel().index(0, 0))
        rect = self.editor.cursorRect()
        rect.setWidth(min(560, max(320, self.editor.width() // 2)))
        self.completer.complete(rect)

    def insert_completion(self, text: str) -> None:
        cursor = self.editor.textCursor()
        cursor.movePosition(QTextCursor.StartOfWord, QTextCursor.KeepAnchor)
        cursor.insertText(text)
        self.editor.setTextCursor(cursor)
        self.completer.popup().hide()


class SnippetsDialog(QDialog):
    """Add and remove snippets; asks for the title and text through ``ask``."""

    def __init__(
        self,
        parent: QWidget | None,
        list_snippets: Callable[[], list[tuple[int, str, str]]],
        add: Callable[[str, str], object],
        remove: Callable[[int], object],
        ask: Callable[[str, str], str | None],
    ) -> None:
        super().__init__(parent)
        self.setObjectName("snippetsDialog")
        self.setWindowTitle("Snippets")
        self._list_snippets, self._add, self._remove, self._ask = list_snippets, add, remove, ask
        self.list = QListWidget()
        self.list.setAccessibleName("Snippets")
        self.add_button = QPushButton("&Add…")
        self.remove_button = QPushButton("&Remove")
        close = QPushButton("&Close")
        self.add_button.clicked.connect(self.add_snippet)
        self.remove_button.clicked.connect(self.remove_selected)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Reusable rationale phrases. Type three letters of one in a rationale to insert it."
            )
        )
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.resize(560, 380)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        for snippet_id, title, body in self._list_snippets():
            row = QListWidgetItem(f"{title} — {body}")
            row.setData(Qt.UserRole, snippet_id)
            row.setToolTip(body)
            self.list.addItem(row)
        self.remove_button.setEnabled(self.list.count() > 0)

    def add_snippet(self) -> None:
        title = self._ask("New snippet", "Title:")
        if not title or not title.strip():
            return
        body = self._ask("New snippet", "Text to insert:")
        if not body or not body.strip():
            return
        self._add(title.strip(), body.strip())
        self.reload()

    def remove_selected(self) -> None:
        row = self.list.currentItem()
        if row is None:
            return
        self._remove(int(row.data(Qt.UserRole)))
        self.reload()
