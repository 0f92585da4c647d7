"""Screenshots of every step of the journey (tests/journey.py), to look at:

    xvfb-run -a -s "-screen 0 1280x720x24" python -m tests.journey_shots OUT/1280
    QT_SCALE_FACTOR=2 xvfb-run -a -s "-screen 0 2560x1440x24" \\
        python -m tests.journey_shots OUT/200pc

The window fills the screen (as maximized on a laptop) on a fresh copy of the demo
data; each checkpoint saves OUT/NN-step.png and prints what the window showed.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.journey import Shown, run_journey


def main(out: Path) -> int:
    from imr_desktop import paths
    from imr_desktop.cases.seed import seed_demo_cases
    from imr_desktop.cases.store import CaseStore
    from imr_desktop.ui.dialogs import ScriptedDialogs
    from imr_desktop.ui.main_window import MainWindow
    from imr_desktop.workspace import Workspace

    app = QApplication.instance() or QApplication(sys.argv[:1])
    out.mkdir(parents=True, exist_ok=True)
    data = Path(tempfile.mkdtemp(prefix="imr-journey-"))
    store = CaseStore.open(data)
    seed_demo_cases(store, paths.resource("demo", "cases"))
    store.close()
    window = MainWindow(Workspace.open(data), dialogs=ScriptedDialogs())
    window.setGeometry(window.screen().availableGeometry())
    window.show()
    window.activateWindow()
    app.processEvents()
    count = [0]

    def shot(shown: Shown) -> None:
        count[0] += 1
        name = re.sub(r"[^a-z0-9]+", "-", shown.step.lower()).strip("-")
        target = out / f"{count[0]:02d}-{name}.png"
        app.processEvents()
        window.grab().save(str(target))
        dialog = getattr(window, "_profile_dialog", None)
        if shown.step == "header done" and dialog is None:
            window.edit_profile()  # the profile dialog as it first opens, then closed
            app.processEvents()
            window._profile_dialog.grab().save(str(out / f"{count[0]:02d}-profile-dialog.png"))
            window._profile_dialog.close()
            window._profile_dialog = None
            window.activateWindow()
        print(f"{target.name}: {shown}", flush=True)

    final = run_journey(window, data, shot)
    print(f"final PDF: {final} ({final.stat().st_size} bytes)")
    window.close()
    window.workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
