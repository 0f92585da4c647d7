"""Determination letters in the window: File ▸ Import letter… (a letter becomes a new
draft case, with a report of what was recognized), Case ▸ Attach prior letter…, and
the Prior letters dock that lists an attached letter's items and copies one into the
open case as one undoable step."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from imr_desktop.ui.background import run_in_background
from imr_desktop.ui.cases.field_binding import FieldBinding
from imr_desktop.ui.cases.guarded_text import GuardedPlainTextEdit

if TYPE_CHECKING:
    from imr_desktop.ui.main_window import MainWindow

LETTER_FILTER = "Letters (*.pdf *.txt);;PDF (*.pdf);;Text (*.txt);;All files (*)"
ITEM_ROLE = Qt.ItemDataRole.UserRole


def _read_letter(path: str) -> tuple[Any, Any, str]:
    """Off the GUI thread: the letter read, its report, and the file's SHA-256."""
    from imr_desktop.letters import import_letter

    letter, report = import_letter(Path(path))
    return letter, report, hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _failure_text(exc: BaseException) -> str:
    from imr_desktop.letters import LetterImportError

    if isinstance(exc, LetterImportError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"The file cannot be read: {exc.strerror or exc}. Nothing was imported."
    return f"The letter could not be read ({type(exc).__name__}). Nothing was imported."


class PriorLettersPanel(QWidget):
    """The prior letters attached to the open case, each with its items."""

    def __init__(self, feature: LettersFeature) -> None:
        super().__init__()
        self.feature = feature
        layout = QVBoxLayout(self)
        self.empty = QLabel("No prior letters. Case ▸ Attach prior letter… adds one.")
        self.empty.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Letter / item", "Decision"])
        self.tree.setAccessibleName("Prior letters and their items")
        header = self.tree.header()
        header.setStretchLastSection(False)  # the request gets the room, not "Upheld"
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemDoubleClicked.connect(lambda *_: feature.copy_selected())
        self.tree.currentItemChanged.connect(lambda *_: self._update_button())
        self.copy_button = QPushButton("Copy item into case")
        self.copy_button.setAccessibleName("Copy the selected prior item into the open case")
        self.copy_button.clicked.connect(feature.copy_selected)
        layout.addWidget(self.empty)
        layout.addWidget(self.tree)
        layout.addWidget(self.copy_button)
        self._update_button()

    def show_letters(self, letters: list[tuple[Any, Any]]) -> None:
        self.tree.clear()
        for prior, letter in letters:
            top = QTreeWidgetItem(
                [f"{prior.file_name} ({prior.letter_case_number or 'no number'})", ""]
            )
            for index, item in enumerate(letter.items):
                label = item.decision.label if item.decision else "—"
                child = QTreeWidgetItem([f"{index + 1}. {item.request}", label])
                child.setData(0, ITEM_ROLE, (prior.prior_id, index))
                child.setToolTip(0, item.request)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        self.empty.setVisible(not letters)
        self._update_button()

    def selected(self) -> tuple[int, int] | None:
        current = self.tree.currentItem()
        data = current.data(0, ITEM_ROLE) if current else None
        return tuple(data) if data else None  # type: ignore[return-value]

    def _update_button(self) -> None:
        self.copy_button.setEnabled(self.selected() is not None)


class NotesPanel(QWidget):
    """The case's working notes (never printed), where an import keeps the text it
    could not place. Editable, undoable like any field."""

    def __init__(self, feature: LettersFeature) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        label = QLabel("Working notes (never printed in the letter):")
        self.editor = GuardedPlainTextEdit()
        self.editor.setAccessibleName("Case notes")
        label.setBuddy(self.editor)
        layout.addWidget(label)
        layout.addWidget(self.editor)
        self.binding = FieldBinding(feature.session, self.editor, "notes")


class LettersFeature(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.busy = False
        self.last_report: Any = None
        file_menu = window.menu("file")
        file_menu.addSeparator()
        self.import_action = window.add_action(
            "file",
            "import_letter",
            "Import &letter…",
            self.import_letter,
            None,
            "Read a determination letter (PDF or text) into a new draft case",
        )
        self.attach_action = window.add_action(
            "case",
            "attach_prior_letter",
            "Attach &prior letter…",
            self.attach_prior_letter,
            None,
            "Keep a prior determination letter with this case and copy its items",
        )
        # Both docks start hidden: their panels are built when first shown.
        self.panel_host = window.lazy_panel(self._build_panel)
        self.dock = window.add_dock(
            self.panel_host,
            "Prior letters",
            "priorLettersDock",
            Qt.DockWidgetArea.RightDockWidgetArea,
        )
        self.dock.hide()
        self.notes_host = window.lazy_panel(self._build_notes)
        self.notes_dock = window.add_dock(
            self.notes_host, "Case notes", "caseNotesDock", Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.notes_dock.hide()
        self.session.caseOpened.connect(self.refresh)
        self.session.caseOpened.connect(self._load_notes)
        self.session.caseReplaced.connect(self._load_notes)
        self.session.fieldChanged.connect(
            lambda path: self._load_notes() if path == "notes" else None
        )

    @property
    def panel(self) -> PriorLettersPanel:
        return self.panel_host.panel()

    @property
    def notes(self) -> NotesPanel:
        return self.notes_host.panel()

    def _build_panel(self) -> PriorLettersPanel:
        panel = PriorLettersPanel(self)
        panel.show_letters(self._letters())
        return panel

    def _build_notes(self) -> NotesPanel:
        notes = NotesPanel(self)
        notes.binding.load()
        notes.editor.setReadOnly(self.session.read_only)
        return notes

    def _load_notes(self) -> None:
        if self.notes_host.built:
            self.notes.binding.load()
            self.notes.editor.setReadOnly(self.session.read_only)

    # --- import as a new draft ------------------------------------------------------

    def import_letter(self) -> None:
        path = self.window.dialogs.open_file("Import determination letter", LETTER_FILTER)
        if not path or self.busy:
            return
        self.busy = True
        self.window.status_message(f"Reading {Path(path).name}…", 0)
        run_in_background(
            lambda: _read_letter(path),
            lambda result: self._imported(path, result),
            lambda exc: self._failed("Import failed", path, exc),
        )

    def _imported(self, path: str, result: tuple[Any, Any, str]) -> None:
        from imr_desktop.letters.prior_letters import create_draft_from_letter

        self.busy = False
        letter, report, _ = result
        try:
            case_id, note = create_draft_from_letter(self.window.workspace.cases, letter)
        except Exception as exc:  # a store error: say so, change nothing
            self.window.dialogs.error("Import failed", f"{Path(path).name}: {exc}")
            return
        if note:
            report.warnings.insert(0, note)
        report.case_number = self.window.workspace.cases.load(case_id).case_number
        self.last_report = report
        self.window.refresh_queue()
        self.window.open_case(case_id)
        self.window.status_message(f"Imported {Path(path).name} as {report.case_number}")
        if report.has_unplaced:
            self.notes_dock.show()  # the unplaced text is there, in view
            self.notes_dock.raise_()
        self.window.dialogs.info("Letter imported", "\n".join(report.lines()))

    def _failed(self, title: str, path: str, exc: BaseException) -> None:
        self.busy = False
        self.window.status_message("")
        self.window.dialogs.error(title, f"{Path(path).name}: {_failure_text(exc)}")

    # --- prior letters -----------------------------------------------------------------

    def _priors(self):
        from imr_desktop.letters.prior_letters import PriorLetters

        return PriorLetters(self.window.workspace.cases)

    def refresh(self) -> None:
        if self.panel_host.built:  # else read when the dock is first shown
            self.panel.show_letters(self._letters())

    def _letters(self) -> list[tuple[Any, Any]]:
        case_id = self.session.case_id
        if case_id is None or self.window.workspace is None:
            return []
        priors = self._priors()
        return [(p, priors.letter(p.prior_id)) for p in priors.list(case_id)]

    def attach_prior_letter(self) -> None:
        case_id = self.session.case_id
        if case_id is None:
            self.window.dialogs.info("Attach prior letter", "Open a case first.")
            return
        path = self.window.dialogs.open_file("Attach prior letter", LETTER_FILTER)
        if not path or self.busy:
            return
        self.busy = True
        run_in_background(
            lambda: _read_letter(path),
            lambda result: self._attached(case_id, path, result),
            lambda exc: self._failed("Attach failed", path, exc),
        )

    def _attached(self, case_id: int, path: str, result: tuple[Any, Any, str]) -> None:
        self.busy = False
        letter, report, digest = result
        try:
            self._priors().keep(case_id, Path(path).name, digest, letter, report.to_dict())
        except Exception as exc:
            self.window.dialogs.error("Attach failed", f"{Path(path).name}: {exc}")
            return
        self.refresh()
        self.dock.show()
        self.dock.raise_()
        self.window.status_message(
            f"Attached {Path(path).name}: {len(letter.items)} item(s) to copy from"
        )

    def copy_selected(self) -> None:
        from imr_desktop.letters.prior_letters import copy_item_into

        chosen = self.panel.selected()
        if chosen is None or self.session.case is None or self.session.read_only:
            return
        prior_id, index = chosen
        item = self._priors().letter(prior_id).items[index]
        new_index = self.session.apply(
            "Copy item from prior letter", lambda case: copy_item_into(case, item)
        )
        if isinstance(new_index, int):
            self.session.select_item(new_index)
        self.window.status_message(f"Copied “{item.request[:60]}” into the case")


def install(window: MainWindow) -> LettersFeature:
    window.letters = LettersFeature(window)  # type: ignore[attr-defined]
    return window.letters  # type: ignore[attr-defined]
