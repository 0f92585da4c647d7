"""The open window notices what another program writes to cases.db (a command run
beside it: a case imported, an item copied in, records attached) and shows it: the
queue is refreshed, and the open case is reloaded, or merged with the unsaved draft,
with a word in the status bar. A save never overwrites such a change unseen in any
case (the session saves only over the version it read); this makes the window show
it within a moment rather than at the next save.

SQLite's ``PRAGMA data_version`` on the window's own connection changes exactly
when another connection commits, so the poll costs one pragma a second and a half.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from imr_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

POLL_MS = 1500


class ExternalChanges(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.seen = self._data_version()
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        # After the save that found it has said "Saved", not before.
        window.session.externalChange.connect(
            lambda text: QTimer.singleShot(0, lambda: window.status_message(text, 15_000))
        )

    def _data_version(self) -> int | None:
        workspace = self.window.workspace
        if workspace is None:
            return None
        try:
            return workspace.cases.data_version()
        except sqlite3.Error:  # closed (quitting, restoring): nothing to watch
            return None

    def poll(self) -> None:
        current = self._data_version()
        if current is None or current == self.seen:
            return
        self.seen = current
        log.info("cases.db changed outside the window")
        self.window.refresh_queue()
        self.window.session.check_external()
        self.window.session.storeChangedOutside.emit()


def watch(window: MainWindow) -> ExternalChanges:
    watcher = ExternalChanges(window)
    window.external_changes = watcher  # type: ignore[attr-defined]
    return watcher
