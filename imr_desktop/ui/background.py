"""One way to run work off the GUI thread (after Anki's QueryOp): the function runs
in the global thread pool, its result or exception comes back by signal on the GUI
thread. A worker never touches widgets; database work in it opens its own connection.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # delivered to on_error; never lost in a thread
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


_live: set[_Signals] = set()  # keeps each task's signals alive until it reports


def run_in_background(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None] | None = None,
) -> None:
    # The signals object is made here, on the GUI thread, so its slots run there.
    signals = _Signals()
    _live.add(signals)

    def finish(result: Any) -> None:
        _live.discard(signals)
        on_done(result)

    def fail(exc: BaseException) -> None:
        _live.discard(signals)
        if on_error is None:
            log.error("background task failed: %s", type(exc).__name__)
            raise exc
        on_error(exc)

    signals.done.connect(finish)
    signals.failed.connect(fail)
    QThreadPool.globalInstance().start(_Task(fn, signals))


def wait_for_background(msecs: int = 10_000) -> bool:
    """For tests and shutdown: wait until every background task has finished."""
    return QThreadPool.globalInstance().waitForDone(msecs)


class LatestOnly(QObject):
    """Background work that follows something the reviewer types: one job at a time,
    and while one runs only the newest waits (a burst of keystrokes runs at most two
    jobs). A result arrives only when no newer job waits behind it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.busy = False
        self._waiting: (
            tuple[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None] | None]
            | None
        ) = None

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        if self.busy:
            self._waiting = (fn, on_done, on_error)
            return
        self.busy = True
        run_in_background(
            fn,
            lambda result: self._finished(on_done, result),
            lambda exc: self._finished(on_error, exc) if on_error else self._finished(None, exc),
        )

    def _finished(self, deliver: Callable[[Any], None] | None, value: Any) -> None:
        self.busy = False
        if self._waiting is not None:
            waiting, self._waiting = self._waiting, None
            self.submit(*waiting)  # a newer job: this result is already stale
            return
        if deliver is not None:
            deliver(value)
        elif isinstance(value, BaseException):
            log.error("background job failed: %s", type(value).__name__)
