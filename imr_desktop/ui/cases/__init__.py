"""The case queue, the case and item editors, the draft session (undo, autosave), the
history and reviewer profile dialogs."""
