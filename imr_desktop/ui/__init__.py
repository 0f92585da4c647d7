"""The Qt shell: every widget, window, dialog and worker. The only package that imports PySide6."""

from .pyside_workarounds import guard_refcounts, read_sources_directly

guard_refcounts()  # before any Qt call: see pyside_workarounds
read_sources_directly()
