"""Run by tests/test_layout.py in a subprocess, because a screen size and a
QT_SCALE_FACTOR are fixed when the QApplication starts:

    QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json [QT_SCALE_FACTOR=2] \\
        python -m tests.layout_probe DATA_DIR

opens the window on DATA_DIR as a reviewer meets it (the first-run size on that
screen, then maximized, then with the side docks collapsed to strips), goes through
every demo case and item, opens every dialog, and prints one JSON object: the
problems ``layout_helpers.layout_problems`` finds (none expected) and a few facts.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.layout_helpers import every_dialog, layout_problems


def settle(app: QApplication) -> None:
    for _ in range(6):
        app.processEvents()


def citation_columns_hidden(table) -> list[str]:
    """Columns of the citation table not fully in view without scrolling it."""
    header = table.horizontalHeader()
    width = table.viewport().width()
    return [
        table.horizontalHeaderItem(c).text()
        for c in range(table.columnCount())
        if header.sectionViewportPosition(c) + header.sectionSize(c) > width
    ]


def queue_squeezed(window) -> list[str]:
    """The queue dock must keep the width its columns need (Status in view), not be
    squeezed by what the centre asks for."""
    dock, queue = window.queue_dock, window.queue
    if dock.collapsed or not dock.isVisible():
        return []
    needed = queue.sizeHint().width()
    if queue.width() < needed - 4:
        return [f"the queue is squeezed to {queue.width()} px (its columns need {needed})"]
    return []


def probe(data_dir: Path) -> dict:
    from imr_desktop.ui.dialogs import ScriptedDialogs
    from imr_desktop.ui.main_window import MainWindow
    from imr_desktop.workspace import Workspace

    app = QApplication.instance() or QApplication([])
    window = MainWindow(Workspace.open(data_dir), dialogs=ScriptedDialogs())
    window.show()
    settle(app)
    screen = window.screen()
    facts: dict = {
        "screen": [screen.geometry().width(), screen.geometry().height()],
        "scale": screen.devicePixelRatio(),
        "window": [window.width(), window.height()],
    }
    problems: list[str] = []
    qa_dock = window.letter.qa_dock
    facts["qa_dock_height"] = qa_dock.height()
    facts["line_height"] = window.fontMetrics().height()

    def check(where: str) -> None:
        settle(app)
        for number in ("CM16-0000101", "CM16-0000102", "CM16-0000103"):
            window.open_case(window.workspace.cases.find(number))
            for index in range(len(window.session.case.items)):
                window.session.select_item(index)
                settle(app)
                found = layout_problems(window) + queue_squeezed(window)
                hidden = citation_columns_hidden(window.editor.item_editor.citations)
                if hidden:
                    found.append(f"citation columns out of view: {', '.join(hidden)}")
                problems.extend(f"{where}, {number} item {index + 1}: {p}" for p in found)

    check("first-run size")
    precedents = getattr(window, "precedents", None)
    if precedents is not None:  # the tab beside the guideline panel, raised
        precedents.dock.raise_()
        check("precedents raised")
        window.guideline_dock.raise_()
    window.showMaximized()
    check("maximized")
    facts["editor_width_maximized"] = window.editor.viewport().width()
    window.queue_dock.set_collapsed(True)
    window.guideline_dock.set_collapsed(True)
    check("side docks collapsed")
    facts["editor_width_collapsed"] = window.editor.viewport().width()
    window.queue_dock.set_collapsed(False)
    window.guideline_dock.set_collapsed(False)

    # The other tabs must not widen the window past the screen either.
    from tests.records_helpers import make_pdf, record_pages

    tab = window.records.tab
    tab.attach_path(make_pdf(data_dir / "Clinic notes with a long title.pdf", record_pages(3)))
    while tab.indexing:
        settle(app)
    for page in (tab, window.letter.preview):
        window.center_tabs.setCurrentWidget(page)
        settle(app)
        found = layout_problems(window) + queue_squeezed(window)
        problems.extend(f"{page.objectName()} tab: {p}" for p in found)
    facts["window_after_tabs"] = [window.width(), window.height()]

    for name, dialog in every_dialog(window):
        settle(app)
        problems.extend(f"dialog {name}: {p}" for p in layout_problems(dialog, text_fits=True))
        dialog.close()
    window.close()
    window.workspace.close()
    return {"problems": problems, "facts": facts}


if __name__ == "__main__":
    print(json.dumps(probe(Path(sys.argv[1]))))
