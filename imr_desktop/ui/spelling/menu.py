"""The right-click menu of a spell-checked field: for a flagged word, its
suggestions (the American form first for a British spelling), "Add to my
dictionary" and "Ignore in this case", above the field's own menu.

The menu opens with ``popup()``, never ``exec()``: nothing modal, so typing
elsewhere goes on and tests can drive it (``last_menu``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QTextCursor
from PySide6.QtWidgets import QLineEdit, QMenu, QPlainTextEdit, QWidget

from .highlighter import TextCheck, qt_span

if TYPE_CHECKING:
    from imr_desktop.spelling.checker import Misspelling

    from .feature import SpellingFeature


class FlaggedAt:
    """A flagged word under the pointer: the word and how to replace it."""

    def __init__(self, flagged: Misspelling, replace: Callable[[str], None]) -> None:
        self.flagged = flagged
        self.replace = replace

    @property
    def word(self) -> str:
        return self.flagged.word


def flagged_at(widget: QWidget, pos: QPoint, check: TextCheck) -> FlaggedAt | None:
    """The flagged word at ``pos`` (the widget's, or its viewport's, coordinates)."""
    if isinstance(widget, QPlainTextEdit):
        cursor = widget.cursorForPosition(pos)
        block = cursor.block()
        text, at = block.text(), cursor.positionInBlock()
        for m in check(text):
            start, end = qt_span(text, m.start, m.end)
            if start <= at <= end:
                base = block.position()

                def replace(new: str, s=start, e=end, base=base) -> None:
                    edit = QTextCursor(widget.document())
                    edit.setPosition(base + s)
                    edit.setPosition(base + e, QTextCursor.KeepAnchor)
                    edit.insertText(new)
                    widget.setTextCursor(edit)

                return FlaggedAt(m, replace)
    elif isinstance(widget, QLineEdit):
        text, at = widget.text(), widget.cursorPositionAt(pos)
        for m in check(text):
            start, end = qt_span(text, m.start, m.end)
            if start <= at <= end:

                def replace_line(new: str, s=start, e=end) -> None:
                    widget.setSelection(s, e - s)
                    widget.insert(new)  # as typed: textEdited reaches the draft

                return FlaggedAt(m, replace_line)
    return None


class SpellingMenu(QObject):
    shown = Signal(QMenu)

    def __init__(self, feature: SpellingFeature) -> None:
        super().__init__(feature)
        self.feature = feature
        self._watched: dict[QObject, tuple[QWidget, TextCheck]] = {}
        self.last_menu: QMenu | None = None

    def watch(self, widget: QWidget, check: TextCheck) -> None:
        targets = [widget]
        if isinstance(widget, QPlainTextEdit):
            targets.append(widget.viewport())  # where a real right-click arrives
        for target in targets:
            self._watched[target] = (widget, check)
            target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """A right-click on a flagged word opens this menu; elsewhere the field's own
        menu (or another feature's, e.g. a page reference's) opens as before."""
        if event.type() != QEvent.ContextMenu or watched not in self._watched:
            return False
        assert isinstance(event, QContextMenuEvent)
        widget, check = self._watched[watched]
        pos = event.pos()
        if watched is widget and isinstance(widget, QPlainTextEdit):
            pos = widget.viewport().mapFrom(widget, pos)
        menu = self.menu_for(widget, pos, check)
        if menu is None:
            return False
        menu.popup(event.globalPos())
        self.last_menu = menu
        self.shown.emit(menu)
        return True

    def menu_for(self, widget: QWidget, pos: QPoint, check: TextCheck) -> QMenu | None:
        """The menu for a right-click at ``pos`` (viewport coordinates of a text
        edit), or None when no flagged word is there."""
        assert isinstance(widget, QPlainTextEdit | QLineEdit)
        found = flagged_at(widget, pos, check)
        if found is None:
            return None
        # The field's menu with the case's Undo and Redo (ui/cases/undo_keys.py).
        menu = self.feature.window.session.undo_keys.context_menu(widget)
        menu.setAttribute(Qt.WA_DeleteOnClose)
        first = menu.actions()[0] if menu.actions() else None
        ours = []
        read_only = widget.isReadOnly()
        suggestions = self.feature.suggest(found.word)
        for suggestion in suggestions:
            label = suggestion
            if found.flagged.american == suggestion:
                label = f"{suggestion} (American spelling)"
            action = menu.addAction(label)
            font = action.font()
            font.setBold(True)  # the corrections stand out from the field's own actions
            action.setFont(font)
            action.setEnabled(not read_only)
            action.triggered.connect(lambda _=False, s=suggestion: found.replace(s))
            ours.append(action)
        if not suggestions:
            none = menu.addAction("(no suggestions)")
            none.setEnabled(False)
            ours.append(none)
        ours.append(menu.addSeparator())
        add = menu.addAction(f"Add “{found.word}” to my dictionary")
        add.triggered.connect(lambda: self.feature.add_to_dictionary(found.word))
        ignore = menu.addAction(f"Ignore “{found.word}” in this case")
        ignore.setEnabled(self.feature.can_ignore())
        ignore.triggered.connect(lambda: self.feature.ignore_in_case(found.word))
        ours += [add, ignore, menu.addSeparator()]
        if first is not None:
            for action in ours:
                menu.removeAction(action)
            menu.insertActions(first, ours)
        return menu
