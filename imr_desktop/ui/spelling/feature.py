"""Spelling in the window: the dictionaries loaded on a worker after the first paint,
the underline in every field whose text reaches the letter, the suggestion menu,
the reviewer's dictionary and "Ignore in this case", and the spelling warnings the
QA strip lists (``text_check``). Off when the reviewer profile says so.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from imr_desktop.letter.spelling_rule import reaches_letter
from imr_desktop.ui.cases.field_highlighter import FieldHighlighter

from .highlighter import LineEditMarks, spelling_layer
from .menu import SpellingMenu

if TYPE_CHECKING:
    from imr_desktop.spelling.checker import Misspelling
    from imr_desktop.spelling.folder import FolderSpelling, TextCheck
    from imr_desktop.ui.cases.field_binding import FieldBinding
    from imr_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

LOAD_DELAY_MS = 800


class SpellingFeature(QObject):
    changed = Signal()  # what is flagged may have changed: words added, loaded, off/on

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.spelling: FolderSpelling | None = None
        self.enabled = window.workspace.cases.reviewer_profile().check_spelling
        self._ignored: frozenset[str] = frozenset()
        self.highlighters: dict[QWidget, FieldHighlighter | LineEditMarks] = {}
        self.menu = SpellingMenu(self)
        self._closed = False
        window.installEventFilter(self)  # nothing of ours runs once the window closes
        for widget, binding in self._letter_fields():
            self._attach(widget, binding)
        self.session.caseOpened.connect(self._case_opened)
        self.session.profileChanged.connect(self._profile_changed)
        # Hunspell reads its 2 MB of dictionaries in one C call that holds the GIL for
        # about a quarter of a second: start once the window has shown its case and the
        # reviewer is reading, not while it opens (however long opening takes).
        window.after_start_up(lambda: QTimer.singleShot(LOAD_DELAY_MS, self._load))

    # --- loading ------------------------------------------------------------------------

    def _load(self) -> None:
        if self._closed:
            return
        from imr_desktop.spelling.folder import FolderSpelling
        from imr_desktop.ui.background import run_in_background

        data_dir = self.window.data_dir
        run_in_background(lambda: FolderSpelling.open(data_dir), self._loaded, self._failed)

    def _loaded(self, spelling: FolderSpelling) -> None:
        if self._closed:
            return
        spelling.attach_cases(self.window.workspace.cases.db)
        self.spelling = spelling
        self._case_opened()

    def _failed(self, exc: BaseException) -> None:
        if self._closed:
            return
        log.error("spelling dictionaries not loaded: %s", type(exc).__name__)
        self.window.status_message(
            "Spell checking is unavailable: the dictionaries could not be read"
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.window and event.type() == QEvent.Close:
            self._closed = True
        return False

    @property
    def ready(self) -> bool:
        return self.spelling is not None

    # --- the fields -------------------------------------------------------------------------

    def _letter_fields(self) -> list[tuple[QWidget, FieldBinding]]:
        """The text fields bound to the draft whose text is printed in the letter. An
        item field's path depends on the item shown: it is asked at each check."""
        editor = self.window.editor
        found = []
        for binding in [*editor.bindings, *editor.item_editor.bindings]:
            widget = binding.widget
            if not isinstance(widget, QPlainTextEdit | QLineEdit) or binding.kind != "text":
                continue
            if callable(binding._path) or reaches_letter(binding.path):
                found.append((widget, binding))
        return found

    def _attach(self, widget: QWidget, binding: FieldBinding) -> None:
        def check(text: str) -> list[Misspelling]:
            return self.check(text) if reaches_letter(binding.path) else []

        if isinstance(widget, QPlainTextEdit):
            highlighter = FieldHighlighter.of(widget.document())
            highlighter.add_layer(spelling_layer(check))
            self.highlighters[widget] = highlighter
        elif isinstance(widget, QLineEdit):
            self.highlighters[widget] = LineEditMarks(widget, check)
        self.menu.watch(widget, check)

    def rehighlight(self) -> None:
        for highlighter in self.highlighters.values():
            highlighter.rehighlight()
        self.changed.emit()

    # --- checking -------------------------------------------------------------------------

    def check(self, text: str) -> list[Misspelling]:
        """The flagged words of a field's text (none until loaded, or when off)."""
        if self.spelling is None or not self.enabled or self.session.case is None:
            return []
        return self.spelling.checker.check(text, self._ignored)

    def text_check(self) -> TextCheck | None:
        """For the QA strip: the open case's check, or None (not loaded, or off)."""
        if self.spelling is None or not self.enabled:
            return None
        return self.spelling.text_check(self.session.case_id)

    def suggest(self, word: str) -> list[str]:
        return self.spelling.checker.suggest(word) if self.spelling else []

    def _case_opened(self) -> None:
        self._ignored = frozenset(
            self.spelling.ignored_in(self.session.case_id) if self.spelling else ()
        )
        self.rehighlight()

    def _profile_changed(self) -> None:
        enabled = self.window.workspace.cases.reviewer_profile().check_spelling
        if enabled != self.enabled:
            self.enabled = enabled
            self.rehighlight()

    # --- the menu's actions --------------------------------------------------------------

    def add_to_dictionary(self, word: str) -> None:
        if self.spelling is None:
            return
        try:
            added = self.spelling.add_to_personal(word)
        except OSError as exc:
            self.window.dialogs.error(
                "Not added",
                f"Your dictionary could not be written: {exc.strerror or exc}. "
                "Nothing else changed.",
            )
            return
        if added:
            self.window.status_message(f"“{word}” added to your dictionary")
            self.rehighlight()

    def can_ignore(self) -> bool:
        return self.spelling is not None and self.session.case_id is not None

    def ignore_in_case(self, word: str) -> None:
        case_id = self.session.case_id
        if self.spelling is None or case_id is None:
            return
        if self.spelling.ignore_in_case(case_id, word):
            self._ignored = self._ignored | {word}
            self.window.status_message(f"“{word}” ignored in this case")
            self.rehighlight()


def install(window: MainWindow) -> SpellingFeature:
    feature = SpellingFeature(window)
    window.spelling = feature  # type: ignore[attr-defined]
    return feature
