"""Under the item editor's Request field, one line saying what the request was
understood as (``imr_desktop.requests``): the generic drug and its class, strength and
quantity; the therapy and its count; imaging, equipment, evaluation; body region and
side; a retrospective date. A misreading is visible where the request is typed.

Understanding is computed in the background: the drug vocabulary (~107,000 names)
loads once, on a worker, once the window has started (its case on screen), so
neither the start nor typing waits for it; the line fills in then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel

from imr_desktop.ui.background import LatestOnly, run_in_background

if TYPE_CHECKING:
    from imr_desktop.requests import UnderstoodRequest
    from imr_desktop.ui.main_window import MainWindow

DEBOUNCE_MS = 200


def understood_text(meaning: UnderstoodRequest) -> str:
    parts = [f"{what}: {value}" for what, value in meaning.describe() if what != "category"]
    if meaning.is_empty:
        return "Understood as: nothing to compare yet (amounts only)."
    return f"Understood as ({meaning.category}): " + " · ".join(parts)


def _understand(text: str) -> UnderstoodRequest:
    from imr_desktop.requests import understand

    return understand(text)


class UnderstoodLine(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        editor = window.editor.item_editor
        self.label = QLabel()
        self.label.setObjectName("requestUnderstood")
        self.label.setWordWrap(True)
        self.label.setAccessibleName("The request was understood as")
        self.label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = editor.layout()
        row, _ = form.getWidgetPosition(editor.request)
        form.insertRow(row + 1, QLabel(""), self.label)
        self.runner = LatestOnly(self)
        self.shown: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.follow)
        self.session.caseChanged.connect(self._timer.start)
        self.session.caseOpened.connect(self.follow)
        self.session.caseReplaced.connect(self.follow)
        self.session.currentItemChanged.connect(lambda _: self.follow())
        self.started = False  # the first understanding waits for the window's start
        window.when_started(self._start)

    def _start(self) -> None:
        self.started = True
        self.follow()

    def _request(self) -> str | None:
        case, index = self.session.case, self.session.current_item_index
        if case is None or index is None or index >= len(case.items):
            return None
        return case.items[index].request

    def follow(self) -> None:
        self._timer.stop()
        if not self.started:
            return
        text = self._request()
        if text == self.shown:
            return
        self.shown = text
        if not text or not text.strip():
            self.label.setText("")
            self.label.setVisible(False)
            return
        self.runner.submit(
            lambda: _understand(text),
            lambda meaning: self._show(text, meaning),
        )

    def _show(self, text: str, meaning: UnderstoodRequest) -> None:
        if self.window.closed or self._request() != text:
            return
        self.label.setText(understood_text(meaning))
        self.label.setVisible(True)


def _warm_up() -> None:
    from imr_desktop.requests.drugs import warm_up

    warm_up()


def install(window: MainWindow) -> UnderstoodLine:
    # The vocabulary, before it is asked for; not while the window opens: it holds
    # the interpreter for about half a second.
    window.when_started(lambda: run_in_background(_warm_up, lambda _: None))
    window.understood = UnderstoodLine(window)  # type: ignore[attr-defined]
    return window.understood  # type: ignore[attr-defined]
