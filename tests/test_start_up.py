"""The window as it starts: the frame painted first, filled once the data folder is
open (``MainWindow.attach``), work deferred past the first screen run after it, and
panels not on the first screen built when first shown."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from imr_desktop.ui.dialogs import ScriptedDialogs
from imr_desktop.ui.features import LazyPanel
from imr_desktop.ui.main_window import MainWindow
from imr_desktop.workspace import Workspace
from tests.ui_helpers import close_window


def attached_after_first_paint(qtbot, data_dir) -> MainWindow:
    """The window the way run_app makes it: the frame shown, then attach()."""
    window = MainWindow(dialogs=ScriptedDialogs(), data_dir=data_dir)
    qtbot.addWidget(window)
    window.resize(1520, 920)
    window.show()
    qtbot.waitExposed(window)
    assert window.session is None and window.editor is None  # only the frame so far
    window.attach(Workspace.open(data_dir))
    qtbot.waitUntil(lambda: window.start_up_done)
    return window


def widths(window: MainWindow) -> tuple[int, int, int]:
    return window.queue_dock.width(), window.center_tabs.width(), window.guideline_dock.width()


def test_a_first_run_window_filled_after_its_first_paint_gives_the_case_the_room(qtbot, data_dir):
    window = attached_after_first_paint(qtbot, data_dir)
    queue, case, guidelines = widths(window)
    assert case > queue and case > guidelines  # the editor is the widest
    assert queue >= window.queue.sizeHint().width() - 2  # the queue's columns fit
    window.close()
    window.workspace.close()


def test_the_case_is_painted_with_the_strips_where_they_stay(qtbot, data_dir):
    # A second start, on the places the first one saved (the QA dock a strip at the
    # bottom). Painted before the restored layout settled, the first frame showed
    # the strip mid-window, then it jumped down.
    close_window(attached_after_first_paint(qtbot, data_dir))
    window = MainWindow(dialogs=ScriptedDialogs(), data_dir=data_dir)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.attach(Workspace.open(data_dir))
    window.paint_settled()  # what run_app shows as the case on screen

    def places() -> list[tuple[str, int, int]]:
        strips = [dock for dock in window.dock_strips.values() if dock.collapsed]
        rows = [(dock.objectName(), dock.y(), dock.height()) for dock in strips]
        return sorted(rows) + [("center", window.center_tabs.y(), window.center_tabs.height())]

    shown = places()
    assert any(name == "qaDock" for name, _y, _height in shown)
    qtbot.waitUntil(lambda: window.start_up_done)  # the deferred work done
    assert places() == shown
    close_window(window)


def test_deferred_work_runs_in_order_after_the_case_is_on_screen(qtbot, data_dir):
    window = MainWindow(dialogs=ScriptedDialogs(), data_dir=data_dir)
    qtbot.addWidget(window)
    ran: list[str] = []
    window.after_start_up(lambda: ran.append(f"first, case {window.session.case_id}"))
    window.after_start_up(lambda: ran.append("second"))
    with qtbot.waitSignal(window.startUpDone):
        window.attach(Workspace.open(data_dir))
        assert ran == []  # not before the case is on screen
    assert ran == [f"first, case {window.session.case_id}", "second"]
    assert window.session.case_id is not None
    window.close()
    window.workspace.close()


def test_a_lazy_panel_is_built_when_first_shown_or_asked_for(qtbot):
    built: list[QLabel] = []

    def build() -> QLabel:
        built.append(QLabel("panel"))
        return built[-1]

    shown = LazyPanel(build)
    qtbot.addWidget(shown)
    assert not shown.built and built == []
    shown.show()
    qtbot.waitExposed(shown)
    assert shown.built and shown.panel() is built[0] and len(built) == 1
    asked = LazyPanel(build)
    qtbot.addWidget(asked)
    assert asked.panel() is built[1]  # asked for while hidden: built, once
    assert asked.panel() is built[1] and len(built) == 2


def test_the_qa_strip_checks_once_the_drug_vocabulary_has_loaded_after_the_start(
    qtbot, data_dir, monkeypatch
):
    """The opioid rule reads requests through the drug vocabulary (half a second to
    load): the window's start does not wait for it; the QA strip says so, then lists
    the findings once it has loaded on a worker after the start."""
    from imr_desktop.requests import drugs
    from imr_desktop.ui.letter.qa_panel import counts_text

    loaded_on: list[bool] = []

    def warm_up() -> None:
        import threading

        drugs.vocabulary()
        loaded_on.append(threading.current_thread() is threading.main_thread())

    monkeypatch.setattr(drugs, "loaded", lambda: bool(loaded_on))
    monkeypatch.setattr(drugs, "warm_up", warm_up)
    window = MainWindow(dialogs=ScriptedDialogs(), data_dir=data_dir)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.attach(Workspace.open(data_dir))
    qa = window.letter.qa_panel
    assert qa.counts.text() == "Checking the letter…" and loaded_on == []
    qtbot.waitUntil(lambda: qa.counts.text() != "Checking the letter…")
    assert loaded_on and not any(loaded_on)  # off the GUI thread
    assert qa.counts.text() == counts_text(window.letter.findings())
    close_window(window)
