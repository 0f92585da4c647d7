"""Wrong passphrases, counted per data folder wherever they are typed (command line,
unlock dialog, lock screen, change-passphrase dialog): after ``FREE_ATTEMPTS`` in a
row each further attempt waits, 30 s doubling to 15 minutes, and is refused unchecked
until then, so a script cannot guess at full speed. The count lives beside cases.db
(``unlock-failures.json``: counts and times, no secret) because the audit log is
inside the encrypted file; the next good unlock writes it into the audit log and
clears it.

This slows guessing through the app only: whoever copies ``cases.key`` can run
scrypt on it directly, which is why the key is wrapped with scrypt at ~0.1 s a try.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from imr_desktop.atomic import atomic_write_text

from .crypto import EncryptionError, WrongPassphraseError, check_passphrase

T = TypeVar("T")

log = logging.getLogger(__name__)

FAILURES_FILE = "unlock-failures.json"
FREE_ATTEMPTS = 5
FIRST_WAIT_SECONDS = 30
MAX_WAIT_SECONDS = 15 * 60


def _now() -> float:
    return time.time()


class TooManyAttemptsError(EncryptionError):
    pass


def _span(seconds: float) -> str:
    seconds = max(1, round(seconds))
    if seconds < 120:
        return f"{seconds} seconds"
    return f"{round(seconds / 60)} minutes"


class UnlockThrottle:
    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / FAILURES_FILE

    def _read(self) -> dict:
        try:
            state = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(state, dict) and isinstance(state.get("failures"), int):
                return state
        except (OSError, ValueError, RecursionError):
            pass
        return {"failures": 0, "refused": 0, "first": None, "last": None}

    def _write(self, state: dict) -> None:
        try:
            atomic_write_text(self.path, json.dumps(state))
        except OSError as exc:  # a read-only folder: the attempt is still refused or checked
            log.warning("unlock failures not recorded: %s", exc.__class__.__name__)

    def wait_seconds(self) -> float:
        """How long the next attempt must wait (0: it may be checked now)."""
        state = self._read()
        extra = state["failures"] - FREE_ATTEMPTS
        if extra < 0 or state["last"] is None:
            return 0.0
        wait = min(FIRST_WAIT_SECONDS * 2**extra, MAX_WAIT_SECONDS)
        return max(0.0, float(state["last"]) + wait - _now())

    def check(self) -> None:
        """Refuse (without checking the passphrase) while a wait is running."""
        wait = self.wait_seconds()
        if wait <= 0:
            return
        state = self._read()
        state["refused"] = int(state.get("refused") or 0) + 1
        self._write(state)
        log.warning("unlock refused: %d wrong passphrases in a row", state["failures"])
        raise TooManyAttemptsError(
            f"Too many wrong passphrases ({state['failures']} in a row): try again in "
            f"{_span(wait)}, or use the recovery key (imr-desktop passphrase recover)."
        )

    def failed(self) -> None:
        state = self._read()
        now = _now()
        state["failures"] += 1
        state["first"] = state["first"] or now
        state["last"] = now
        self._write(state)

    def succeeded(self) -> str | None:
        """Clear the count; what to write into the audit log about it, if anything."""
        state = self._read()
        if not self.path.exists():
            return None
        with contextlib.suppress(OSError):
            self.path.unlink()
        if not state["failures"]:
            return None
        since = dt.datetime.fromtimestamp(float(state["first"]), dt.UTC)
        detail = f"{state['failures']} wrong passphrase(s) since {since:%Y-%m-%d %H:%M:%S} UTC"
        if state.get("refused"):
            detail += f"; {state['refused']} refused while waiting"
        return detail


def attempt(data_dir: Path, unlock: Callable[[], T]) -> T:
    """Run ``unlock`` (which raises WrongPassphraseError for a wrong passphrase)
    through the folder's throttle: refused while a wait runs, counted when wrong."""
    gate = UnlockThrottle(data_dir)
    gate.check()
    try:
        return unlock()
    except WrongPassphraseError:
        gate.failed()
        raise


def passphrase_matches(data_dir: Path, passphrase: str) -> bool:
    """For the lock screen and the change-passphrase dialog (which audit each failure
    themselves, the key being known): does ``passphrase`` unwrap this folder's key?
    Raises :class:`TooManyAttemptsError` while a wait runs."""
    gate = UnlockThrottle(data_dir)
    gate.check()
    if check_passphrase(data_dir, passphrase):
        gate.succeeded()
        return True
    gate.failed()
    return False
