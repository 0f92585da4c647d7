"""How window tests wait. A test waits for an event -- a worker's result, a timer's
effect, a signal -- never for a length of time, and never bets that something has
not happened *yet*. The timeout of a wait is only there to end a test that would
otherwise hang: on this 2-core machine, shared by several test runs, a worker thread
may not get the processor for seconds, so it is generous (pytest-qt's own default
is 5 s). A passing wait returns as soon as its condition holds, so this costs
nothing; pytest-timeout still ends a test that hangs for another reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PATIENCE_MS = 60_000

_WAITS = ("waitUntil", "waitSignal", "waitSignals", "waitCallback", "waitExposed", "waitActive")


def patient(qtbot: Any) -> Any:
    """``qtbot`` whose waits default to :data:`PATIENCE_MS`."""
    for name in _WAITS:
        wait = getattr(qtbot, name)

        def waiting(*args: Any, _wait: Callable = wait, timeout: int = PATIENCE_MS, **kw: Any):
            return _wait(*args, timeout=timeout, **kw)

        setattr(qtbot, name, waiting)
    return qtbot


def next_turn(qtbot: Any) -> None:
    """Let everything already queued for the event loop run (zero timers, queued
    signals): a zero timer posted now runs after all of them. How a test shows
    that something scheduled "for later" did not do the wrong thing."""
    from PySide6.QtCore import QTimer

    with qtbot.waitCallback() as turned:
        QTimer.singleShot(0, turned)
