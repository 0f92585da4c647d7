"""The main window (DESIGN.md section 4): case queue | case editor | guideline panel,
QA findings at the bottom, standard menus, layout remembered between runs.

Two steps, so that the window is on screen at once: the frame (menus, the docks
in their remembered places, the window's size) is built and painted from Qt
alone; ``attach`` then builds the queue, the editor and the menus' actions,
installs the features and opens the last case, once the data folder is open.

Nothing before the first paint touches Qt's ``Qt`` namespace: the first use of it
makes Python enum classes of all its ~100 enums (~15 ms). The methods that run
after the first paint import it where they use it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QTabWidget,
    QWidget,
)

from .dialogs import Dialogs
from .docks import StripDock
from .features import LazyPanel, PanelT

if TYPE_CHECKING:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction, QCloseEvent, QKeySequence

    from imr_desktop.ui.cases.case_editor import CaseEditor
    from imr_desktop.ui.cases.queue import CaseQueue
    from imr_desktop.ui.cases.session import CaseSession
    from imr_desktop.workspace import Workspace

log = logging.getLogger(__name__)


def _store_error() -> type[Exception]:
    # The store (and sqlite-utils) loads after the first paint; by the time any
    # handler below runs it is imported, so this costs nothing.
    from imr_desktop.database import StoreError

    return StoreError


SETTINGS_FILE = "window.ini"


def standard_shortcut(key: QKeySequence.StandardKey, fallback: str) -> list[QKeySequence]:
    """The platform's binding, or ours where the generic theme has none (Quit, Preferences)."""
    from PySide6.QtGui import QKeySequence

    bindings = QKeySequence.keyBindings(key)
    return bindings or [QKeySequence(fallback)]


class MainWindow(QMainWindow):
    # The window is complete: the work deferred past the first screen has run.
    startUpDone = Signal()

    def __init__(
        self,
        workspace: Workspace | None = None,
        dialogs: Dialogs | None = None,
        *,
        data_dir: Path | None = None,
    ) -> None:
        """With a workspace, the window is complete at once (tests, embedding). Without
        one (start-up), it paints its frame first and ``attach`` fills it: the first
        paint does not wait for the data layer, the editor or the features."""
        super().__init__()
        self.workspace: Workspace = None  # type: ignore[assignment]  # set by attach()
        self.data_dir = Path(data_dir) if data_dir else (workspace.data_dir if workspace else None)
        self.dialogs = dialogs or Dialogs(self)
        self.setWindowTitle("IMR Desktop")
        self.setObjectName("mainWindow")
        # Made by attach(): the draft session, the editor and its tabs, the queue.
        self.session: CaseSession = None  # type: ignore[assignment]
        self.editor: CaseEditor = None  # type: ignore[assignment]
        self.queue: CaseQueue = None  # type: ignore[assignment]
        self.dock_strips: dict[str, StripDock] = {}
        self._strips_by_default: set[str] = set()
        self._menus: dict[str, QMenu] = {}
        self.actions: dict[str, QAction] = {}
        self._settings: QSettings | None = None
        self._start_up_tasks: list[Callable[[], object]] = []
        self.start_up_done = False
        self.closed = False  # a close was accepted: what was waiting to start, does not

        # The frame: empty until attach() fills it; the status bar says why.
        # The central tabs exist from the start (the Case tab comes with attach()): a
        # central widget replaced after the first paint would leave the docks the room.
        self.center_tabs = QTabWidget()
        self.center_tabs.setObjectName("centerTabs")
        self.setCentralWidget(self.center_tabs)
        self.queue_dock = self._frame_dock("Cases", "caseQueueDock")
        self.guideline_dock = self._frame_dock("Guidelines", "guidelineDock")
        self._no_guidelines_yet = self.guideline_dock.widget()
        self.saved_label = QLabel("Opening the data folder…")
        self.saved_label.setObjectName("savedLabel")
        self.statusBar().addPermanentWidget(self.saved_label)
        bar = self.menuBar()
        for key, title in (
            ("file", "&File"),
            ("edit", "&Edit"),
            ("view", "&View"),
            ("case", "&Case"),
            ("tools", "&Tools"),
            ("help", "&Help"),
        ):
            self._menus[key] = bar.addMenu(title)
        self._restore_layout()
        if workspace is not None:
            self.attach(workspace)

    def attach(self, workspace: Workspace) -> None:
        """Build the working window on the opened data folder: the queue, the editor,
        the actions; install the features and open the last case."""
        from PySide6.QtCore import Qt

        from imr_desktop.ui.cases.case_editor import CaseEditor
        from imr_desktop.ui.cases.queue import CaseQueue
        from imr_desktop.ui.cases.session import CaseSession

        self.workspace = workspace
        self.data_dir = workspace.data_dir
        self.session = CaseSession(workspace.cases, self)
        self.editor = CaseEditor(self.session)
        # The tabs have no Alt+letter: the form has used every free one (test_mnemonics.py);
        # Alt+1/Alt+2 come here, Alt+4 goes to Records, Alt+6 to the letter.
        self.center_tabs.addTab(self.editor, "Case")
        self.queue = CaseQueue()
        self.queue_dock.setWidget(self.queue)
        for dock in (self.queue_dock, self.guideline_dock):
            dock.finish()
        self._build_menus()
        self._connect()
        first_run = self.settings().value("window/state") is None
        self.queue.set_reader(workspace.cases.queue)
        from .features import install_features

        install_features(self)
        # Undo keys in the features' own text fields (search, filters) reach the case
        # once the field has nothing of its own to undo.
        self.session.undo_keys.install_in(self)
        self._restore_dock_state()  # docks added by features get their saved places
        if first_run:  # the side panels as wide as the queue and a readable guideline
            self.resizeDocks(
                [self.queue_dock, self.guideline_dock],
                [self.queue.sizeHint().width(), max(320, self.width() // 4)],
                Qt.Horizontal,
            )
        if self.guideline_dock.widget() is self._no_guidelines_yet:  # no guideline feature
            label = QLabel("The guideline library is not available in this build.")
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignCenter)
            self.set_guideline_panel(label)
        self._open_first_case()
        if self.session.case is None:
            self.saved_label.setText("No case open")
        QTimer.singleShot(0, self._run_start_up_task)

    def paint_settled(self) -> None:
        """Paint the attached window now, not at the next idle moment, and in the
        layout it keeps: the docks' restored places and the strips' collapsed sizes
        arrive as posted polish and layout requests, delivered first. (Painted
        before them, the QA strip showed mid-window for a frame, then jumped down.)"""
        app = QApplication.instance()
        app.sendPostedEvents(None, QEvent.Type.PolishRequest)
        app.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.repaint()

    def after_start_up(self, task: Callable[[], object]) -> None:
        """Run ``task`` once the case is on screen (housekeeping, listeners: what
        the first screen does not need), one task per turn of the event loop, so
        the reviewer's first keys are never kept waiting long."""
        self._start_up_tasks.append(task)

    def when_started(self, task: Callable[[], object]) -> None:
        """Run ``task`` once the start-up is complete and the event loop is free:
        what fills in after the first screen on its own (a count on a tab, a lookup
        in the background). A window closed before then never runs it."""

        def run() -> None:
            if not self.closed:
                task()

        if self.start_up_done:
            QTimer.singleShot(0, run)
        else:
            self.startUpDone.connect(lambda: QTimer.singleShot(0, run))

    def _run_start_up_task(self) -> None:
        if not self._start_up_tasks:
            self.start_up_done = True
            self.startUpDone.emit()
            return
        task = self._start_up_tasks.pop(0)
        try:
            task()
        finally:
            QTimer.singleShot(0, self._run_start_up_task)

    # --- extension points (see docs/ARCHITECTURE.md) --------------------------------

    def menu(self, name: str) -> QMenu:
        return self._menus[name]

    def add_dock(
        self,
        widget: QWidget,
        title: str,
        object_name: str,
        area: Qt.DockWidgetArea,
        *,
        strip: bool = False,
    ) -> QDockWidget:
        """A dock that collapses to a strip (``docks.py``); ``strip``: it starts as
        one until the reviewer expands it (then the layout remembers that)."""
        dock = StripDock(title, object_name, self)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.dock_strips[object_name] = dock
        if strip:
            self._strips_by_default.add(object_name)
        self._menus["view"].addAction(dock.toggleViewAction())
        return dock

    def _frame_dock(self, title: str, object_name: str) -> StripDock:
        # Placed by restoreState() (or, on a first run, by _restore_layout); filled and
        # finished by attach(), and its View menu entry comes with the other actions.
        dock = StripDock(title, object_name, self, finished=False)  # finished by attach()
        dock.setWidget(QWidget())
        self.dock_strips[object_name] = dock
        return dock

    def set_dock_summary(self, dock: QDockWidget, text: str) -> None:
        """The one line a dock's title bar shows beside its title (read when collapsed)."""
        self.dock_strips[dock.objectName()].bar.set_summary(text)

    def lazy_panel(self, build: Callable[[], PanelT]) -> LazyPanel[PanelT]:
        """A panel built when first shown or asked for (``ui/features.py``), whose
        text fields pass their undo keys to the case as every other field does."""

        def made() -> PanelT:
            panel = build()
            self.session.undo_keys.install_in(panel)
            return panel

        return LazyPanel(made)

    def set_guideline_panel(self, widget: QWidget) -> None:
        self.guideline_dock.setWidget(widget)

    def add_action(
        self, menu: str, key: str, text: str, slot, shortcut=None, tip: str = ""
    ) -> QAction:
        from PySide6.QtGui import QAction, QKeySequence

        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self._menus[menu].addAction(action)
        self.actions[key] = action
        return action

    def status_message(self, text: str, msecs: int = 6000) -> None:
        self.statusBar().showMessage(text, msecs)

    # --- building ------------------------------------------------------------------

    def _build_menus(self) -> None:
        from PySide6.QtGui import QKeySequence

        from imr_desktop.ui.cases.undo_keys import redo_shortcuts, undo_shortcuts

        self._menus["view"].addAction(self.queue_dock.toggleViewAction())
        self._menus["view"].addAction(self.guideline_dock.toggleViewAction())
        self._menus["view"].addSeparator()

        self.add_action("file", "new", "&New case…", self.new_case, QKeySequence.StandardKey.New)
        self.add_action(
            "file",
            "open",
            "&Open case…",
            self.focus_queue,
            QKeySequence.StandardKey.Open,
            "Find a case in the queue",
        )
        self.add_action("file", "save", "&Save", self.save_now, QKeySequence.StandardKey.Save)
        self._menus["file"].addSeparator()
        self.add_action("file", "import_json", "&Import case JSON…", self.import_case_json)
        self.add_action("file", "export_json", "Export case &JSON…", self.export_case_json)
        self._menus["file"].addSeparator()
        self.add_action(
            "file",
            "quit",
            "&Quit",
            self.close,
            standard_shortcut(QKeySequence.StandardKey.Quit, "Ctrl+Q"),
        )

        # One undo history per case; the same keys reach it from every field (undo_keys).
        undo = self.session.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcuts(undo_shortcuts())
        redo = self.session.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts(redo_shortcuts())
        self._menus["edit"].addAction(undo)
        self._menus["edit"].addAction(redo)
        self.actions.update(undo=undo, redo=redo)
        self._menus["edit"].addSeparator()
        self.add_action("edit", "find", "&Find…", self.focus_find, QKeySequence.StandardKey.Find)
        self.add_action(
            "edit",
            "preferences",
            "Reviewer &profile…",
            self.edit_profile,
            standard_shortcut(QKeySequence.StandardKey.Preferences, "Ctrl+,"),
        )

        self.add_action("view", "focus_queue", "Go to case &queue", self.focus_queue, "Alt+0")
        self.add_action(
            "view",
            "focus_summary",
            "Go to &summary",
            lambda: self.editor.focus_field("summary"),
            "Alt+1",
        )
        self.add_action(
            "view", "focus_items", "Go to &items", lambda: self.editor.focus_field("items"), "Alt+2"
        )
        self.add_action("view", "focus_guidelines", "Go to &guidelines", self.focus_find, "Alt+3")

        self.add_action("case", "add_item", "&Add item", self.editor.add_item, "Ctrl+Shift+N")
        self.add_action("case", "remove_item", "Re&move item", self.editor.remove_item)
        self.add_action(
            "case", "item_up", "Move item &up", lambda: self.editor.move_item(-1), "Ctrl+Shift+Up"
        )
        self.add_action(
            "case",
            "item_down",
            "Move item &down",
            lambda: self.editor.move_item(1),
            "Ctrl+Shift+Down",
        )
        self._menus["case"].addSeparator()
        self.add_action("case", "history", "&History…", self.show_history, "Ctrl+H")
        self.add_action("case", "delete", "De&lete case…", self.delete_case)

    def _connect(self) -> None:
        self.queue.caseActivated.connect(self.open_case)
        self.queue.caseChosen.connect(self._case_chosen)
        self.session.saved.connect(self._saved)
        self.session.saveFailed.connect(self._save_failed)
        self.session.caseOpened.connect(self._case_opened)
        self.session.readOnlyChanged.connect(self._read_only_changed)
        self.editor.refused.connect(lambda text: self.dialogs.error("Not pasted", text))

    # --- cases ---------------------------------------------------------------------

    def refresh_queue(self) -> None:
        if self.workspace is None:
            return
        self.queue.refresh(self.session.case_id)

    def _open_first_case(self) -> None:
        settings = self.settings()
        last = settings.value("session/last_case_id")
        target = int(last) if last is not None and str(last).isdigit() else None
        if target is not None and self.queue.model.row_of(target) is None:
            target = None  # deleted since, or hidden by the filter
        if target is None:
            target = self.queue.case_id_at(0)
        if target is not None:
            self.open_case(target)

    def open_case(self, case_id: int) -> None:
        try:
            self.session.open_case(case_id)
        except _store_error() as exc:
            self.dialogs.error("Cannot open the case", str(exc))
            return
        self.queue.select(case_id)

    def _case_opened(self) -> None:
        """A case just opened starts on the Case tab, at the top of the form, with the
        focus in its first field, unless the reviewer is going through the queue
        with the arrow keys (then the focus stays in the queue)."""
        case = self.session.case
        self.setWindowTitle(f"{case.case_number} — IMR Desktop" if case else "IMR Desktop")
        self.saved_label.setText("Saved" if case else "No case open")
        self.center_tabs.setCurrentWidget(self.editor)
        self.editor.scroll_to_top()
        from PySide6.QtWidgets import QApplication

        focused = QApplication.focusWidget()
        if case is not None and not (focused is not None and self.queue.isAncestorOf(focused)):
            self.editor.focus_first_field()

    def _case_chosen(self, case_id: int) -> None:
        """Enter or a double-click in the queue: open the case and start on it."""
        self.open_case(case_id)
        if self.session.case_id == case_id:
            self.editor.focus_first_field()

    def _read_only_changed(self, read_only: bool) -> None:
        for key in ("add_item", "remove_item", "item_up", "item_down", "delete"):
            self.actions[key].setEnabled(not read_only)

    def new_case(self) -> None:
        from imr_desktop.model import Case

        number = self.dialogs.get_text("New case", "Case number (e.g. CM16-0000123):")
        if not number or not number.strip():
            return
        profile = self.workspace.cases.reviewer_profile().for_case()
        try:
            case_id = self.workspace.cases.create(
                Case(case_number=number.strip(), reviewer=profile)
            )
        except _store_error() as exc:
            self.dialogs.error("Case not created", str(exc))
            return
        self.refresh_queue()
        self.open_case(case_id)

    def delete_case(self) -> None:
        case_id, case = self.session.case_id, self.session.case
        if case_id is None or case is None:
            return
        if not self.dialogs.confirm(
            "Delete case", f"Delete case {case.case_number} and its history?"
        ):
            return
        self.session.close_case()
        try:
            self.workspace.cases.delete(case_id)
        except _store_error() as exc:
            self.dialogs.error("Case not deleted", str(exc))
        self.refresh_queue()
        self._open_first_case()

    def save_now(self) -> None:
        if self.session.save_now("saved"):
            self.status_message("Saved")

    def _saved(self, at: str) -> None:
        from datetime import datetime

        try:
            local = datetime.fromisoformat(at).astimezone().strftime("%H:%M:%S")
        except ValueError:
            local = at
        self.saved_label.setText(f"Saved {local}")
        self.refresh_queue_row()

    def refresh_queue_row(self) -> None:
        # One indexed query for the saved case: autosave runs while the reviewer types.
        if self.workspace is None or self.session.case_id is None:
            return
        summary = self.workspace.cases.case_summary(self.session.case_id)
        if summary is not None:
            self.queue.model.update_row(summary)

    def _save_failed(self, message: str) -> None:
        self.saved_label.setText("⚠ Not saved")
        self.status_message(message, 0)

    def import_case_json(self) -> None:
        from imr_desktop.model import CaseFormatError

        path = self.dialogs.open_file("Import case JSON", "Case JSON (*.json);;All files (*)")
        if not path:
            return
        try:
            raw = Path(path).read_bytes()
            case_id = self.workspace.cases.import_case_json(raw)
        except OSError as exc:
            self.dialogs.error("Import failed", f"Cannot read {path}: {exc.strerror}")
            return
        except (CaseFormatError, _store_error()) as exc:
            self.dialogs.error("Import failed", f"{Path(path).name}: {exc}\n\nNothing was changed.")
            return
        self.refresh_queue()
        self.open_case(case_id)

    def export_case_json(self) -> None:
        case = self.session.case
        if case is None:
            return
        path = self.dialogs.save_file(
            "Export case JSON", f"{case.case_number}.json", "Case JSON (*.json)"
        )
        if not path:
            return
        from imr_desktop.atomic import atomic_write_text
        from imr_desktop.model import case_to_json

        try:
            atomic_write_text(path, case_to_json(case))
        except OSError as exc:
            self.dialogs.error("Export failed", f"Cannot write {path}: {exc.strerror}")
            return
        self.status_message(f"Wrote {path}")

    def show_history(self) -> None:
        if self.session.case_id is None:
            return
        from imr_desktop.ui.cases.history_dialog import HistoryDialog

        self.session.flush()
        dialog = HistoryDialog(self, self.workspace.cases, self.session.case_id)
        dialog.restored.connect(self._restored)
        dialog.open()
        self._history_dialog = dialog

    def _restored(self) -> None:
        self.session.reload()
        self.refresh_queue()
        self.status_message("Revision restored (the restore is itself a new revision)")

    def edit_profile(self) -> None:
        from imr_desktop.ui.cases.profile_dialog import ProfileDialog

        dialog = ProfileDialog(self, self.workspace.cases.reviewer_profile())
        dialog.accepted_profile.connect(self._profile_saved)
        dialog.open()
        self._profile_dialog = dialog

    def _profile_saved(self, profile) -> None:
        self.workspace.cases.set_reviewer_profile(profile)
        if self.session.case is not None and not self.session.read_only:
            self.session.apply(
                "Apply reviewer profile", lambda case: setattr(case, "reviewer", profile.for_case())
            )
        self.session.profileChanged.emit()
        self.status_message("Reviewer profile saved")

    def focus_queue(self) -> None:
        self.queue_dock.show()
        self.queue.filter.setFocus()
        self.queue.filter.selectAll()

    def focus_find(self) -> None:
        """Into the guideline search with its query selected: typing replaces it."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QLineEdit

        self.guideline_dock.show()
        panel = self.guideline_dock.widget()
        target = getattr(panel, "search_field", None)
        (target or panel).setFocus(Qt.ShortcutFocusReason)
        if isinstance(target, QLineEdit):
            target.selectAll()

    # --- layout and closing ----------------------------------------------------------

    def settings(self) -> QSettings:
        """The window's settings (``window.ini`` in the data folder), read once."""
        folder = self.data_dir if self.data_dir is not None else Path.cwd()
        path = str(folder / SETTINGS_FILE)
        if self._settings is None or self._settings.fileName() != path:
            self._settings = QSettings(path, QSettings.IniFormat)
        return self._settings

    def _restore_layout(self) -> None:
        """The window's size and its docks' places as they were left."""
        geometry = self.settings().value("window/geometry") if self.data_dir else None
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings().value("window/state") if self.data_dir else None
        # Places only: which docks are collapsed is applied by attach() (it asks
        # each dock's side: a Qt enum, not before the first paint).
        if geometry is None or state is None or not self.restoreState(state):
            # First run: most of the screen, the editor widest, the side panels readable.
            from PySide6.QtCore import Qt

            screen = self.screen().availableGeometry() if self.screen() else None
            width = min(1600, int(screen.width() * 0.95)) if screen else 1440
            height = min(1000, int(screen.height() * 0.92)) if screen else 900
            self.resize(width, height)
            self.addDockWidget(Qt.LeftDockWidgetArea, self.queue_dock)
            self.addDockWidget(Qt.RightDockWidgetArea, self.guideline_dock)
            # The queue's dock is sized to the queue when attach() builds it.
            self.resizeDocks([self.guideline_dock], [max(320, width // 4)], Qt.Horizontal)

    def _restore_dock_state(self) -> bool:
        """The docks' places as saved (restoreState places a dock by its object
        name, added to the window or not) and which are collapsed; False when no
        places were saved."""
        settings = self.settings() if self.data_dir else None
        state = settings.value("window/state") if settings is not None else None
        restored = state is not None and self.restoreState(state)
        saved = settings.value("window/collapsed_docks") if settings is not None else None
        # Object names separated by spaces ("" when none is collapsed).
        collapsed = set(self._strips_by_default) if saved is None else set(str(saved).split())
        for name, strip in self.dock_strips.items():
            strip.set_collapsed(name in collapsed, force=True)
        return restored

    def closeEvent(self, event: QCloseEvent) -> None:
        self._close(event)
        self.closed = event.isAccepted()

    def _close(self, event: QCloseEvent) -> None:
        if self.session is None:  # closed before the data folder opened
            event.accept()
            return
        if not self.session.flush() and not self.dialogs.confirm(
            "Draft not saved",
            "The draft could not be saved (see the status bar). Close anyway and lose "
            "the changes since the last save?",
        ):
            event.ignore()
            return
        if self.data_dir is None:
            event.accept()
            return
        settings = self.settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue(
            "window/collapsed_docks",
            " ".join(name for name, strip in self.dock_strips.items() if strip.collapsed),
        )
        if self.session.case_id is not None:
            settings.setValue("session/last_case_id", self.session.case_id)
        settings.sync()
        event.accept()
