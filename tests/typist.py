"""A fast typist in the real window (offscreen), for the crash tests: types a word
into the case summary every 40 ms (so autosave's 1 s pause never comes on its own)
and prints "typed N TIME" for each, until it is killed.

    python tests/typist.py DATA_DIR [CASE]     (IMR_DESKTOP_PASSPHRASE if encrypted)
"""

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from imr_desktop.ui.dialogs import ScriptedDialogs  # noqa: E402
from imr_desktop.ui.main_window import MainWindow  # noqa: E402
from imr_desktop.workspace import Workspace  # noqa: E402

app = QApplication([])
workspace = Workspace.open(sys.argv[1], passphrase=os.environ.get("IMR_DESKTOP_PASSPHRASE"))
window = MainWindow(workspace, dialogs=ScriptedDialogs())
window.show()
window.open_case(workspace.cases.find(sys.argv[2] if len(sys.argv) > 2 else "CM16-0000101"))
summary = window.editor.summary
counter = 0


def type_a_word() -> None:
    global counter
    summary.moveCursor(summary.textCursor().MoveOperation.End)
    summary.insertPlainText(f" w{counter}w")
    print(f"typed {counter} {time.time():.3f}", flush=True)
    counter += 1


timer = QTimer()
timer.timeout.connect(type_a_word)
timer.start(40)
app.exec()
