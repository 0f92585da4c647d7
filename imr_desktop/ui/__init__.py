"""The Qt shell: every widget, window, dialog and worker. The only package that imports PySide6."""

from .qt_refcount_guard import apply as _guard_refcounts

_guard_refcounts()  # before any Qt call: see qt_refcount_guard
