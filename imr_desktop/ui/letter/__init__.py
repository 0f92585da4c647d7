"""The letter in the window: the QA dock, the live preview, export / finalize / reopen,
insert conclusion / summary opening, and snippets."""
