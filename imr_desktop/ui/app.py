"""Starting the window: one writer per data folder, the workspace opened, errors
shown instead of crashing, first paint reported for the start-up benchmark."""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLockFile, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from imr_desktop import __version__, paths

if TYPE_CHECKING:
    import socket

    from PySide6.QtCore import QSocketNotifier

log = logging.getLogger(__name__)

LOCK_FILE = "imr-desktop.lock"
PAINT_MARK_ENV = "IMR_DESKTOP_PAINT_MARK"  # the start-up bench reads this mark


def server_name(data_dir: Path) -> str:
    import hashlib  # OpenSSL: not before the first paint

    digest = hashlib.sha256(str(data_dir).encode()).hexdigest()[:16]
    return f"imr-desktop-{os.getuid() if hasattr(os, 'getuid') else 0}-{digest}"


class SingleInstance:
    """A lock on the data folder plus a local socket: a second launch on the same
    folder asks the running window to come forward instead of opening a second
    writer.

    The socket is a Unix-domain socket, owner-only, in the user's runtime folder
    (else the temporary folder), watched by the event loop (``QSocketNotifier``):
    the stdlib and QtCore do it without loading QtNetwork at every start."""

    def __init__(self, data_dir: Path) -> None:
        self.lock = QLockFile(str(data_dir / LOCK_FILE))
        self.lock.setStaleLockTime(0)  # a crashed owner's lock is detected by its PID
        self.data_dir = data_dir
        self.server: socket.socket | None = None  # once listening
        self._notifier: QSocketNotifier | None = None

    @functools.cached_property
    def name(self) -> str:
        return server_name(self.data_dir)

    @functools.cached_property
    def address(self) -> str:
        runtime = os.environ.get("XDG_RUNTIME_DIR", "")
        folder = runtime if runtime and os.path.isdir(runtime) else tempfile.gettempdir()
        return os.path.join(folder, f"{self.name}.sock")

    def acquire(self) -> bool:
        return self.lock.tryLock(100)

    def ask_running_to_raise(self) -> bool:
        import socket

        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
                conn.settimeout(0.5)
                conn.connect(self.address)
                conn.sendall(b"raise\n")
        except OSError:
            return False
        return True

    def listen(self, on_raise: Callable[[], object]) -> None:
        import socket

        from PySide6.QtCore import QSocketNotifier

        # We hold the lock: a socket left there is a crashed owner's.
        with contextlib.suppress(OSError):
            os.unlink(self.address)
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            server.bind(self.address)
            os.chmod(self.address, 0o600)  # connecting needs write: the owner only
            server.listen(4)
            server.setblocking(False)
        except OSError as exc:  # the window works without it; a second launch just exits
            log.warning("single-instance socket not available (%s)", type(exc).__name__)
            server.close()
            return
        self.server = server
        self._notifier = QSocketNotifier(server.fileno(), QSocketNotifier.Type.Read)
        self._notifier.activated.connect(lambda: self._accept(on_raise))

    def _accept(self, on_raise: Callable[[], object]) -> None:
        assert self.server is not None
        try:
            conn, _ = self.server.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(0.2)
            with contextlib.suppress(OSError):
                conn.recv(64)
        on_raise()

    def release(self) -> None:
        if self.server is not None:
            if self._notifier is not None:
                self._notifier.setEnabled(False)
            self.server.close()
            with contextlib.suppress(OSError):
                os.unlink(self.address)
            self.server = None
        self.lock.unlock()


class _FirstPaint(QObject):
    def __init__(self, on_paint) -> None:
        super().__init__()
        self.on_paint = on_paint
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.seen and event.type() == QEvent.Paint:
            self.seen = True
            QTimer.singleShot(0, self.on_paint)
        return False


def _setup_logging(data_dir: Path) -> None:
    from imr_desktop import logs

    logs.setup(data_dir)


def _install_excepthook(window_ref: list, smoke_test: bool = False) -> None:
    def hook(exc_type, exc, tb) -> None:
        # The type and place go to the log; the message may hold patient text.
        log.error("unexpected %s", exc_type.__name__, exc_info=(exc_type, None, tb))
        window = window_ref[0] if window_ref else None
        if smoke_test:  # no one to click a dialog: fail loudly instead
            print(f"smoke test failed: {exc_type.__name__}", file=sys.stderr, flush=True)
            app = QApplication.instance()
            if app is not None:
                app.exit(1)
            return
        if window is not None:
            window.dialogs.error(
                "Something went wrong",
                f"An unexpected error occurred ({exc_type.__name__}). Your draft is kept; "
                "the details are in the log.",
            )
        else:
            sys.__excepthook__(exc_type, exc, tb)

    sys.excepthook = hook


QT_SETTINGS_DIR = "qt-settings"


def keep_settings_private(folder: Path) -> None:
    """Whatever the app writes is owner-only (umask), window.ini included, and Qt's
    own settings (the file dialog's last folders, which may be named after a patient)
    go into the data folder instead of ~/.config/QtProject.conf."""
    os.umask(0o077)
    private = folder / QT_SETTINGS_DIR
    for fmt in (QSettings.NativeFormat, QSettings.IniFormat):
        QSettings.setPath(fmt, QSettings.UserScope, str(private))
    for path in (folder / "window.ini", private / "QtProject.conf"):
        try:
            if path.stat().st_mode & 0o077:
                path.chmod(0o600)  # as an earlier version left it
        except OSError:
            pass


def _cannot_start(message: str, smoke_test: bool) -> int:
    print(f"imr-desktop: {message}", file=sys.stderr)
    if not smoke_test:  # under --smoke-test no one can answer a dialog
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "IMR Desktop", message)
    return 2


def run_app(
    data_dir: str | None = None, smoke_test: bool = False, no_encryption: bool = False
) -> int:
    started = time.perf_counter()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("IMR Desktop")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("IMR Desktop")
    try:
        folder = paths.data_dir(data_dir)
    except OSError as exc:
        where = paths.data_dir_path(data_dir)
        return _cannot_start(f"Cannot make the data folder {where}: {exc.strerror}.", smoke_test)
    keep_settings_private(folder)
    instance = SingleInstance(folder)
    if not instance.acquire():
        if instance.lock.error() != QLockFile.LockError.LockFailedError:
            # Not another window: the lock file could not be written at all.
            problem = paths.folder_problem(folder) or f"{folder} cannot be written"
            return _cannot_start(f"IMR Desktop cannot start: {problem}.", smoke_test)
        raised = instance.ask_running_to_raise()
        message = "IMR Desktop is already open on this data folder" + (
            "; its window was brought forward." if raised else "."
        )
        print(message, file=sys.stderr)
        if not smoke_test:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(None, "IMR Desktop", message)
        return 1

    from .main_window import MainWindow  # Qt and the model only: no data layer yet

    window = MainWindow(data_dir=folder)
    window_ref: list = [window]
    _install_excepthook(window_ref, smoke_test)
    opened: list = []  # the Workspace, once open
    exit_code = [0]

    def open_data_folder() -> None:
        # After the first paint: logging, the data layer; the single-instance
        # listener once the case is on screen.
        _setup_logging(folder)
        window.after_start_up(
            lambda: instance.listen(
                lambda: (window.showNormal(), window.raise_(), window.activateWindow())
            )
        )
        from imr_desktop.database import StoreError
        from imr_desktop.ui.security.unlock import (
            open_workspace_for_window,  # passphrase prompts, damaged file
        )

        try:
            workspace = open_workspace_for_window(window, folder, smoke_test, no_encryption)
        except StoreError as exc:
            print(f"imr-desktop: {exc}", file=sys.stderr)
            if not smoke_test:
                window.dialogs.error("Cannot open the data folder", str(exc))
            exit_code[0] = 2
            window.close()
            app.quit()
            return
        if workspace is None:  # the reviewer cancelled the passphrase prompt
            window.close()
            app.quit()
            return
        opened.append(workspace)
        window.startUpDone.connect(_collect_garbage_again)
        window.attach(workspace)
        window.paint_settled()  # the case on screen now, in its final layout
        if os.environ.get(PAINT_MARK_ENV):
            print(f"case-shown {time.perf_counter() - started:.4f}", flush=True)
        if smoke_test:  # once the start-up is complete, deferred work included
            window.startUpDone.connect(finish_smoke_test)

    def finish_smoke_test() -> None:
        print(f"smoke test ok: {len(window.queue.model.rows)} case(s)", flush=True)
        window.close()
        app.quit()

    def painted() -> None:
        if os.environ.get(PAINT_MARK_ENV):
            print(f"first-paint {time.perf_counter() - started:.4f}", flush=True)
        QTimer.singleShot(0, open_data_folder)

    first_paint = _FirstPaint(painted)
    window.installEventFilter(first_paint)
    window.show()
    try:
        code = app.exec() or exit_code[0]
    finally:
        gc.enable()  # a start that did not complete
        # Tear down in order (window, then its store, then the lock) rather than
        # leaving it to the interpreter's exit, where Qt objects can outlive the app.
        window.removeEventFilter(first_paint)
        window.deleteLater()
        app.processEvents()
        del window_ref[:]
        _finish_background_work()
        for workspace in opened:
            workspace.close()
        instance.release()
    return int(code)


def _collect_garbage_again() -> None:
    """The start is complete: what it made lives as long as the window, so it is
    frozen out of the collections that now resume (``cli._collect_after_start_up``)."""
    gc.freeze()
    gc.enable()


def _finish_background_work() -> None:
    # An import or an indexing run still going (cancelled by the window's close)
    # ends its transaction before its data folder closes.
    if "imr_desktop.ui.background" in sys.modules:
        from .background import wait_for_background

        wait_for_background()
