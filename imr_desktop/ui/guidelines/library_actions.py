"""Tools ▸ Import guideline library… and Tools ▸ Guideline sources…: imports run
off the GUI thread (each on its own library.db connection) with progress and
cancel shown in the guideline panel; a failed or cancelled import leaves the
library as it was and says why."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from imr_desktop.guidelines import GuidelineImportError, GuidelineLibrary, ImportCancelled
from imr_desktop.guidelines.importers import slug
from imr_desktop.model.dates import format_us_date
from imr_desktop.model.passage import GuidelineSource, SourceKind
from imr_desktop.ui.background import run_in_background

if TYPE_CHECKING:
    from imr_desktop.ui.main_window import MainWindow

    from .panel import GuidelinePanel

FILE_FILTER = "Guideline library (*.json *.csv *.md *.pdf);;All files (*)"


class _ProgressRelay(QObject):
    """Made on the GUI thread; emitted from the worker, so slots run on the GUI thread."""

    progress = Signal(int, int, str)


class LibraryActions(QObject):
    def __init__(self, window: MainWindow, panel: GuidelinePanel) -> None:
        super().__init__(window)
        self.window = window
        self.panel = panel
        self.running: threading.Event | None = None  # the cancel flag of the import running
        self.relay = _ProgressRelay(self)
        self.relay.progress.connect(self._progress)
        panel.cancel_button.clicked.connect(self.cancel)
        self.sources_dialog: SourcesDialog | None = None

    # --- import --------------------------------------------------------------------

    def choose_and_import(self) -> None:
        path = self.window.dialogs.open_file("Import guideline library", FILE_FILTER)
        if path:
            self.start_import(Path(path))

    def start_import(self, path: Path) -> None:
        if self.running is not None:
            self.window.dialogs.info("Import running", "Wait for the current import to finish.")
            return
        pdf_source = None
        if path.suffix.lower() == ".pdf":
            pdf_source = self._ask_pdf_source(path)
            if pdf_source is None:
                return
        cancel = threading.Event()
        self.running = cancel
        library_path = self.window.workspace.library.path
        relay = self.relay

        def work():
            # A connection belongs to its thread: the worker opens its own.
            library = GuidelineLibrary.open(library_path, seed_sample=False)
            try:
                return library.import_file(
                    path,
                    progress=lambda done, total, text: relay.progress.emit(done, total, text),
                    cancel=cancel.is_set,
                    pdf_source=pdf_source,
                )
            finally:
                library.close()

        self.panel.progress_label.setText(f"Importing {path.name}…")
        self.panel.cancel_button.setEnabled(True)
        self.panel.progress_row.show()
        run_in_background(work, self._done, self._failed)

    def _ask_pdf_source(self, path: Path) -> GuidelineSource | None:
        title = self.window.dialogs.get_text(
            "Import a guideline PDF", "Title of this guideline:", text=path.stem.replace("_", " ")
        )
        if not title or not title.strip():
            return None
        kinds = ", ".join(k.value for k in SourceKind)
        kind_text = self.window.dialogs.get_text(
            "Import a guideline PDF", f"Kind of source ({kinds}):", text="literature"
        )
        if kind_text is None:
            return None
        try:
            kind = SourceKind(kind_text.strip().lower())
        except ValueError:
            self.window.dialogs.error("Not imported", f"{kind_text!r} is not one of: {kinds}.")
            return None
        return GuidelineSource(key=slug(title), title=title.strip(), kind=kind)

    def cancel(self) -> None:
        if self.running is not None:
            self.running.set()
            self.panel.cancel_button.setEnabled(False)
            self.panel.progress_label.setText("Canceling…")

    def _progress(self, done: int, total: int, text: str) -> None:
        if self.running is not None and not self.running.is_set():
            self.panel.progress_label.setText(text)

    def _finish(self) -> None:
        self.running = None
        self.panel.progress_row.hide()
        self.window.workspace.library.refresh()
        self.panel.refresh_filters()
        self.panel.run_search(keep_selection=True)
        if self.sources_dialog is not None:
            self.sources_dialog.reload()

    def _done(self, report) -> None:
        self._finish()
        verb = "Replaced" if report.replaced else "Imported"
        self.window.status_message(
            f"{verb} {report.passages} passages: {'; '.join(report.sources)}"
        )

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        if isinstance(exc, ImportCancelled):
            self.window.status_message(str(exc))
        elif isinstance(exc, GuidelineImportError):
            self.window.dialogs.error("Import failed", str(exc))
        else:
            self.window.dialogs.error(
                "Import failed",
                f"The import stopped ({type(exc).__name__}); the library was not changed.",
            )

    # --- sources -------------------------------------------------------------------

    def show_sources(self) -> None:
        if self.sources_dialog is None:
            self.sources_dialog = SourcesDialog(self.window, self)
        self.sources_dialog.reload()
        self.sources_dialog.open()

    def remove_source(self, key: str, label: str) -> bool:
        if not self.window.dialogs.confirm(
            "Remove guideline source", f"Remove {label} and its passages from the library?"
        ):
            return False
        try:
            self.window.workspace.library.remove_source(key)
        except GuidelineImportError as exc:
            self.window.dialogs.error("Not removed", str(exc))
            return False
        self.panel.refresh_filters()
        self.panel.run_search()
        self.window.status_message(f"Removed {label}")
        return True


class SourcesDialog(QDialog):
    def __init__(self, window: MainWindow, actions: LibraryActions) -> None:
        super().__init__(window)
        self.setWindowTitle("Guideline sources")
        self.setObjectName("guidelineSourcesDialog")
        self.actions = actions
        self.window_ = window
        self.list = QListWidget()
        self.list.setAccessibleName("Guideline sources")
        self.list.setWordWrap(True)  # a long source reads on two lines, not cut off
        self.list.setTextElideMode(Qt.ElideNone)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.remove_button = QPushButton("&Remove source")
        self.import_button = QPushButton("&Import…")
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.addButton(self.import_button, QDialogButtonBox.ActionRole)
        buttons.addButton(self.remove_button, QDialogButtonBox.DestructiveRole)
        buttons.rejected.connect(self.reject)
        self.remove_button.clicked.connect(self._remove)
        self.import_button.clicked.connect(actions.choose_and_import)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Sources in the guideline library, in evidence order:"))
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(560, 380)

    def reload(self) -> None:
        self.list.clear()
        for info in self.window_.workspace.library.sources():
            s = info.source
            span = ""
            if s.in_force_from or s.in_force_to:
                start = format_us_date(s.in_force_from) if s.in_force_from else "…"
                end = format_us_date(s.in_force_to) if s.in_force_to else "now"
                span = f" · in force {start} to {end}"
            origin = " · sample summaries" if info.origin == "sample" else ""
            count = f"{info.passages} passage{'' if info.passages == 1 else 's'}"
            item = QListWidgetItem(f"{s.kind.label}: {s.label} — {count}{span}{origin}")
            item.setData(256, (s.key, s.label))
            self.list.addItem(item)
        self.remove_button.setEnabled(self.list.count() > 0)

    def _remove(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        key, label = item.data(256)
        if self.actions.remove_source(key, label):
            self.reload()
