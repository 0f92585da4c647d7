"""Helpers for window tests: a window on a test data folder with scripted dialogs."""

from __future__ import annotations

from imr_desktop.ui.dialogs import ScriptedDialogs
from imr_desktop.ui.main_window import MainWindow
from imr_desktop.workspace import Workspace


def make_window(qtbot, data_dir, passphrase: str | None = None) -> MainWindow:
    from imr_desktop.requests.drugs import warm_up

    # The app loads the drug vocabulary once it has started (the QA strip says
    # "Checking the letter…" until then); a test's window checks at once.
    warm_up()
    workspace = Workspace.open(data_dir, passphrase=passphrase)
    window = MainWindow(workspace, dialogs=ScriptedDialogs())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def close_window(window: MainWindow) -> None:
    from PySide6.QtWidgets import QApplication

    from imr_desktop.ui.background import wait_for_background

    window.close()
    # Let background work finish and deliver its results before the store closes.
    wait_for_background()
    QApplication.processEvents()
    window.workspace.close()


def open_by_number(window: MainWindow, number: str) -> None:
    window.open_case(window.workspace.cases.find(number))
