"""One undo history per case, driven by the standard keys wherever the focus is.

Qt's text widgets keep an undo history of their own and claim Ctrl+Z before any
window shortcut sees it (they accept the ShortcutOverride event), so in a case field
Edit ▸ Undo's key did nothing (a plain-text box with its undo switched off) or undid
the widget's own history, which then fought the case's (a line edit). ``UndoKeys``
sits in front of each such widget:

- in a case field, Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y undo and redo the case's
  ``QUndoStack``, whether they arrive as a shortcut (a real key press) or as a key
  event sent straight to the widget; the context menu's Undo and Redo are the case's
  too, so the widget's own history is never used;
- in any other text field of the window (the queue filter, the guideline search),
  the field's own history goes first, for what was typed there, and when it has
  nothing to undo the key undoes the case instead of doing nothing.

Everywhere else (the queue, a list, a button) Edit ▸ Undo's shortcut reaches the
case's stack as any window shortcut does.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QMenu, QPlainTextEdit, QTextEdit, QWidget

# On a widget once a router sits in front of it: "case" (a case field) or "own-first".
ROUTED_PROPERTY = "caseUndoRouting"
VIEWPORT = "case-viewport"  # the viewport of a case field's text box


def _unique(sequences: list[QKeySequence]) -> list[QKeySequence]:
    seen: list[QKeySequence] = []
    for sequence in sequences:
        if not sequence.isEmpty() and sequence not in seen:
            seen.append(sequence)
    return seen


def undo_shortcuts() -> list[QKeySequence]:
    return _unique(
        [*QKeySequence.keyBindings(QKeySequence.StandardKey.Undo), QKeySequence("Ctrl+Z")]
    )


def redo_shortcuts() -> list[QKeySequence]:
    """The platform's Redo plus both common spellings: Ctrl+Shift+Z and Ctrl+Y."""
    return _unique(
        [
            *QKeySequence.keyBindings(QKeySequence.StandardKey.Redo),
            QKeySequence("Ctrl+Shift+Z"),
            QKeySequence("Ctrl+Y"),
        ]
    )


def _combination(event: QKeyEvent) -> QKeyCombination:
    # Shift+Z arrives as Key_Z with Shift; the keypad flag never matters here.
    modifiers = event.modifiers() & ~Qt.KeypadModifier
    return QKeyCombination(modifiers, Qt.Key(event.key()))


_KEYS: dict[str, list[QKeyCombination]] = {}


def undo_or_redo(event: QKeyEvent) -> str | None:
    """Which of the two a key event is, if either."""
    if not _KEYS:  # once, with the application's key bindings
        for name, sequences in (("undo", undo_shortcuts()), ("redo", redo_shortcuts())):
            _KEYS[name] = [s[0] for s in sequences if s.count() == 1]
    combination = _combination(event)
    for name, combinations in _KEYS.items():
        if combination in combinations:
            return name
    return None


def _local_history(widget: QWidget, which: str) -> bool:
    """Whether a widget that is not a case field has its own step to undo or redo."""
    if isinstance(widget, QLineEdit):
        if widget.isReadOnly():
            return False
        return widget.isUndoAvailable() if which == "undo" else widget.isRedoAvailable()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        if widget.isReadOnly() or not widget.isUndoRedoEnabled():
            return False
        document = widget.document()
        return document.isUndoAvailable() if which == "undo" else document.isRedoAvailable()
    return False


class UndoKeys(QObject):
    """The event filter that routes a widget's undo and redo to the case's stack."""

    def __init__(self, stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stack = stack

    def install(self, widget: QWidget, *, case_field: bool = True) -> None:
        """``case_field``: the widget edits the case (its own history is never used);
        otherwise its own history goes first."""
        if widget.property(ROUTED_PROPERTY):
            return
        widget.setProperty(ROUTED_PROPERTY, "case" if case_field else "own-first")
        if case_field and isinstance(widget, (QPlainTextEdit, QTextEdit)):
            widget.setUndoRedoEnabled(False)  # one history: the case's
            # A right click's context menu event goes to the viewport, not the editor.
            widget.viewport().setProperty(ROUTED_PROPERTY, VIEWPORT)
            widget.viewport().installEventFilter(self)
        widget.installEventFilter(self)

    def install_in(self, root: QWidget) -> None:
        """Every text field under ``root`` not routed yet, as a non-case field."""
        for cls in (QLineEdit, QPlainTextEdit, QTextEdit):
            for widget in root.findChildren(cls):
                if not _inside_spin_box(widget):
                    self.install(widget, case_field=False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind not in (QEvent.ShortcutOverride, QEvent.KeyPress, QEvent.ContextMenu):
            return False
        if not isinstance(watched, QWidget):
            return False
        routing = watched.property(ROUTED_PROPERTY)
        if routing == VIEWPORT:
            if kind != QEvent.ContextMenu:
                return False
            watched, routing = watched.parentWidget(), "case"
        case_field = routing == "case"
        if kind != QEvent.ContextMenu and isinstance(event, QKeyEvent):
            which = undo_or_redo(event)
            if which is None:
                return False
            if not case_field and _local_history(watched, which):
                return False  # the field's own typing: its own history
            if kind == QEvent.ShortcutOverride:
                # Claim the key, so that it arrives here as a key press (below)
                # and the window's Undo shortcut does not run a second time.
                event.accept()
                return True
            (self.stack.undo if which == "undo" else self.stack.redo)()
            return True
        if (
            kind == QEvent.ContextMenu
            and case_field
            and isinstance(event, QContextMenuEvent)
            and isinstance(watched, (QLineEdit, QPlainTextEdit))
        ):
            menu = self.context_menu(watched)
            menu.setAttribute(Qt.WA_DeleteOnClose)
            menu.popup(event.globalPos())  # not exec(): nothing modal
            self._menu = menu
            return True
        return False

    def context_menu(self, widget: QLineEdit | QPlainTextEdit) -> QMenu:
        """The widget's standard menu with the case's Undo and Redo in place of its own."""
        menu = widget.createStandardContextMenu()
        for name, make in (
            ("edit-undo", lambda: self.stack.createUndoAction(menu, "&Undo")),
            ("edit-redo", lambda: self.stack.createRedoAction(menu, "&Redo")),
        ):
            own = next((a for a in menu.actions() if a.objectName() == name), None)
            if own is None:
                continue
            action = make()
            menu.insertAction(own, action)
            menu.removeAction(own)
        return menu


def _inside_spin_box(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    return isinstance(parent, QAbstractSpinBox)
