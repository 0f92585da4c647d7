"""Workarounds for PySide6 6.12, applied when ``imr_desktop.ui`` is imported.

``guard_refcounts``: a reference-count bug on Python < 3.12. Each Qt call that
returns nothing or a bool (and each Python override Qt calls) drops one reference
to ``None``/``True``/``False``. A few thousand keystrokes take ``True`` to zero and
CPython aborts ("Fatal Python error: bool_dealloc"). From Python 3.12 these objects
are immortal and the bug is harmless. Here we give the three singletons a reference
count no session can exhaust (2**40). Remove it once PySide6 is fixed or the app
runs on Python 3.12+.

``read_sources_directly``: once PySide6 is imported, its import hook (for ``from
__feature__ import snake_case``) asks of every module imported after it whether its
source mentions "PySide6", through ``inspect.getsource`` -- about 0.1 ms a module,
~19 ms over the ~170 modules a start imports. Reading the file's bytes answers the
same question in a tenth of the time; a compiled module with no source beside it
(the installed bundle's) has none to search; anything else (extension modules)
still gets PySide6's own answer.
"""

from __future__ import annotations

import ctypes
import os
import sys
from types import ModuleType

_BOOST = 1 << 40
_applied = False


def guard_refcounts() -> None:
    global _applied
    if _applied or sys.version_info >= (3, 12):
        return
    for obj in (None, True, False):
        # ob_refcnt is the first field of every CPython object.
        ctypes.c_ssize_t.from_address(id(obj)).value += _BOOST
    _applied = True


def read_sources_directly() -> None:
    import PySide6  # noqa: F401  (installs the import hook and its helper module)

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or getattr(original, "reads_file", False):
        return  # another PySide6 than the one this was measured on, or done already

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".pyc") and not os.path.exists(path[:-1]):
            return False  # compiled only (the bundle): no source, PySide6's answer too
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(original(module))
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(original(module))

    uses_pyside.reads_file = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]
