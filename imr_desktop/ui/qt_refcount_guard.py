"""Guard against a reference-count bug in PySide6 6.12.0 on Python < 3.12.

Each Qt call that returns nothing or a bool (and each Python override Qt calls)
drops one reference to ``None``/``True``/``False``. A few thousand keystrokes take
``True`` to zero and CPython aborts ("Fatal Python error: bool_dealloc"). From
Python 3.12 these objects are immortal and the bug is harmless. Here we give the
three singletons a reference count no session can exhaust (2**40). Remove this
module once PySide6 is fixed or the app runs on Python 3.12+.
"""

from __future__ import annotations

import ctypes
import sys

_BOOST = 1 << 40
_applied = False


def apply() -> None:
    global _applied
    if _applied or sys.version_info >= (3, 12):
        return
    for obj in (None, True, False):
        # ob_refcnt is the first field of every CPython object.
        ctypes.c_ssize_t.from_address(id(obj)).value += _BOOST
    _applied = True
