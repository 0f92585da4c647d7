"""The Qt shell: every widget, window, dialog and worker. The only package that imports PySide6."""
