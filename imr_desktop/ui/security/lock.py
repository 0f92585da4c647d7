"""Automatic lock after inactivity (HIPAA automatic logoff).

On lock the draft is saved first, then every patient field is taken off screen:
the central tabs and every dock are removed from view, other windows of the app
hidden, the menus disabled, and a lock screen asks for the passphrase. Failed and
successful unlocks are audited. Only an encrypted data folder locks: a plain one
has no passphrase to ask for.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from .unlock import audit_event

if TYPE_CHECKING:
    from imr_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

DEFAULT_LOCK_MINUTES = 15
SETTING = "security/lock_minutes"
_ACTIVITY = {
    QEvent.KeyPress,
    QEvent.MouseButtonPress,
    QEvent.MouseMove,
    QEvent.Wheel,
    QEvent.TouchBegin,
}


class LockScreen(QWidget):
    def __init__(self, controller: LockController) -> None:
        super().__init__()
        self.setObjectName("lockScreen")
        self.controller = controller
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel("IMR Desktop is locked")
        title.setAlignment(Qt.AlignCenter)
        title.setStyleSheet("font-size: 18pt;")
        layout.addWidget(title)
        text = QLabel("Your draft was saved. Type your passphrase to continue.")
        text.setAlignment(Qt.AlignCenter)
        layout.addWidget(text)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("lockPassphrase")
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setEchoMode(QLineEdit.Password)
        self.passphrase.setMaximumWidth(360)
        self.passphrase.returnPressed.connect(self._try)
        layout.addWidget(self.passphrase, 0, Qt.AlignHCenter)
        self.button = QPushButton("&Unlock")
        self.button.clicked.connect(self._try)
        layout.addWidget(self.button, 0, Qt.AlignHCenter)
        self.error = QLabel("")
        self.error.setObjectName("lockError")
        self.error.setWordWrap(True)  # a wait to explain, not only "wrong"
        self.error.setAlignment(Qt.AlignCenter)
        layout.addWidget(self.error)
        layout.addStretch(2)

    def _try(self) -> None:
        text = self.passphrase.text()
        self.passphrase.clear()
        from imr_desktop.security.throttle import TooManyAttemptsError

        try:
            unlocked = self.controller.try_unlock(text)
        except TooManyAttemptsError as exc:
            self.error.setText(str(exc))
            return
        if not unlocked:
            self.error.setText(f"Wrong passphrase ({self.controller.failed} failed).")


class LockController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.locked = False
        self.closed = False
        self.failed = 0
        self.screen: LockScreen | None = None
        self._hidden_docks: list[QDockWidget] = []
        self._hidden_windows: list[QWidget] = []
        self._central: QWidget | None = None
        self._layout: QByteArray | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.timer.setInterval(self.minutes() * 60_000)  # read, not written back: no disk write
        self.poke()
        app = QApplication.instance()
        if app is not None and self.enabled:
            # Every event of the application passes this filter: only when there is
            # something to lock (cases.db encrypted; encrypting restarts the app).
            app.installEventFilter(self)

    @property
    def enabled(self) -> bool:
        ws = self.window.workspace
        return ws is not None and ws.encrypted

    def minutes(self) -> int:
        try:
            value = int(self.window.settings().value(SETTING, DEFAULT_LOCK_MINUTES))
        except (TypeError, ValueError):
            value = DEFAULT_LOCK_MINUTES
        return max(1, min(value, 240))

    def set_minutes(self, minutes: int) -> None:
        minutes = max(1, min(int(minutes), 240))
        settings = self.window.settings()
        settings.setValue(SETTING, minutes)
        settings.sync()
        self.timer.setInterval(minutes * 60_000)
        self.poke()

    def poke(self) -> None:
        if self.enabled and not self.locked and not self.closed:
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _ACTIVITY and not self.locked and self.enabled and not self.closed:
            self.timer.start()
        elif kind == QEvent.Close and watched is self.window:
            self.timer.stop()  # the data folder closes with the window
            self.closed = True
        return False

    # --- locking -------------------------------------------------------------------

    def lock(self, why: str = "after inactivity") -> None:
        if self.locked or self.closed or not self.enabled:
            return
        w = self.window
        saved = w.session.flush()  # the draft is saved before anything is hidden
        self._layout = w.saveState()  # dock places and sizes, given back on unlock
        self.locked = True
        self.timer.stop()
        self._hidden_windows = [
            top
            for top in QApplication.topLevelWidgets()
            if top is not w and top.isVisible() and top.isWindow()
        ]
        for top in self._hidden_windows:
            top.hide()
        self._hidden_docks = [
            d for d in w.findChildren(QDockWidget) if d.isVisible() and d.parent() is w
        ]
        for dock in self._hidden_docks:
            dock.hide()
        self._central = w.takeCentralWidget()
        self.screen = LockScreen(self)
        w.setCentralWidget(self.screen)
        w.menuBar().setEnabled(False)
        for bar in w.findChildren(QToolBar):
            bar.setEnabled(False)
        self.screen.passphrase.setFocus()
        audit_event(w.workspace, "locked", why if saved else f"{why}; draft not saved")
        log.info("locked")

    def try_unlock(self, passphrase: str) -> bool:
        if not self.locked:
            return True
        from imr_desktop.security.throttle import passphrase_matches

        w = self.window
        if not passphrase_matches(w.workspace.data_dir, passphrase):
            self.failed += 1
            audit_event(w.workspace, "failed unlock", "lock screen")
            log.warning("unlock at the lock screen failed")
            return False
        audit_event(
            w.workspace, "unlocked", f"after {self.failed} failed attempt(s)" if self.failed else ""
        )
        self.failed = 0
        self._restore()
        return True

    def _restore(self) -> None:
        w = self.window
        screen = w.takeCentralWidget()
        if screen is not None:
            screen.deleteLater()
        self.screen = None
        if self._central is not None:
            w.setCentralWidget(self._central)
            self._central.show()  # taken out, it was hidden
            self._central = None
        for dock in self._hidden_docks:
            dock.show()
        if self._layout is not None:
            w.restoreState(self._layout)
            self._layout = None
        for top in self._hidden_windows:
            top.show()
        self._hidden_docks, self._hidden_windows = [], []
        w.menuBar().setEnabled(True)
        for bar in w.findChildren(QToolBar):
            bar.setEnabled(True)
        self.locked = False
        self.poke()
