"""Text from outside the app made safe to store and to show: lone UTF-16 surrogates
(which SQLite and every encoder refuse), file names that are not UTF-8, and control
characters such as terminal escapes in a file name ("\\x1b[2J" clears a terminal).
"""

from __future__ import annotations

import os
import re
from typing import Any, TextIO

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls but tab and newline, DEL, and the C1 controls (ESC's 8-bit forms).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_BUT_CR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def scrub_surrogates(text: str) -> str:
    """A lone surrogate is no character at all: U+FFFD instead (for text read out of
    files, e.g. a PDF font's ToUnicode map)."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def _escape(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def shown_name(name: str | os.PathLike[str]) -> str:
    """A file name as a person can read it and a database can store it: bytes that are
    not UTF-8 shown as ``\\xff``, control characters as ``\\x1b``."""
    try:
        text = os.fsencode(name).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that did not come from the file system
        text = os.fspath(name).encode("utf-8", "backslashreplace").decode("ascii")
    return _CONTROL.sub(_escape, text)


def terminal_safe(text: str) -> str:
    """``text`` for a terminal: control characters but newline, tab and carriage
    return (progress lines) escaped, lone surrogates written as ``\\udcff``."""
    text = _CONTROL_BUT_CR.sub(_escape, text)
    if _LONE_SURROGATE.search(text):
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


class TerminalSafeStream:
    """Wraps ``sys.stdout``/``sys.stderr`` for the command line: whatever a message
    quotes (a file name, a title from a PDF), the terminal gets printable text."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(terminal_safe(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)
