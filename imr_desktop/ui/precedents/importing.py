"""Tools ▸ Import published decisions…: files or a folder, read off the GUI thread
(the core reads with every core), progress and Cancel in the Precedents dock, and a
report at the end: imported, skipped, unreadable, each with its reason. Letters
already in the library are skipped; the report offers to replace them."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from imr_desktop.ui.background import run_in_background

if TYPE_CHECKING:
    from imr_desktop.precedents import BulkImportReport

    from .feature import PrecedentsFeature

LETTER_FILTER = "Determination letters (*.pdf *.txt);;PDF (*.pdf);;Text (*.txt);;All files (*)"
REPORT_LINES = 30  # problem lines shown in the report; the command line prints them all


class _Relay(QObject):
    """Made on the GUI thread, emitted from the import: slots run on the GUI thread."""

    progress = Signal(int, int, str)


class PrecedentImport(QObject):
    def __init__(self, feature: PrecedentsFeature) -> None:
        super().__init__(feature)
        self.feature = feature
        self.window = feature.window
        self.panel = feature.panel
        self.cancel_flag: threading.Event | None = None
        # The import is making precedents.db: no lookup may open (and migrate) it too.
        self.creating_library = False
        self.last_report: BulkImportReport | None = None
        self.relay = _Relay(self)
        self.relay.progress.connect(self._progress)

    @property
    def running(self) -> bool:
        return self.cancel_flag is not None

    def choose_files(self) -> None:
        paths = self.window.dialogs.open_files("Import published decisions", LETTER_FILTER)
        if paths:
            self.start([Path(p) for p in paths])

    def choose_folder(self) -> None:
        folder = self.window.dialogs.open_folder("Import published decisions from a folder")
        if folder:
            self.start([Path(folder)])

    def start(self, paths: list[Path], replace: bool = False) -> None:
        if self.running:
            self.window.dialogs.info("Import running", "Wait for the current import to finish.")
            return
        cancel = threading.Event()
        self.cancel_flag = cancel
        target, relay = self.feature.path, self.relay
        self.creating_library = not target.exists()

        # The importer (processes, pools) loads when there is something to import.
        from imr_desktop.precedents import import_published

        def work() -> BulkImportReport:
            return import_published(
                target,
                paths,
                replace=replace,
                progress=lambda done, total, text: relay.progress.emit(done, total, text),
                cancel=cancel.is_set,
            )

        self.panel.progress_label.setText("Looking for letters…")
        self.panel.progress_bar.setRange(0, 0)
        self.panel.cancel_button.setEnabled(True)
        self.panel.progress_row.show()
        self.window.status_message("Importing published decisions…", 0)
        run_in_background(work, lambda report: self._done(report, paths), self._failed)

    def cancel(self) -> None:
        if self.cancel_flag is not None:
            self.cancel_flag.set()
            self.panel.cancel_button.setEnabled(False)
            self.panel.progress_label.setText("Canceling… (decisions already read are kept)")

    def _progress(self, done: int, total: int, text: str) -> None:
        if self.cancel_flag is None or self.cancel_flag.is_set():
            return
        self.panel.progress_bar.setRange(0, max(total, 1))
        self.panel.progress_bar.setValue(done)
        self.panel.progress_label.setText(text)

    def _finish(self) -> None:
        self.cancel_flag = None
        self.creating_library = False
        self.panel.progress_row.hide()
        self.feature.refresh(force=True)

    def _done(self, report: BulkImportReport, paths: list[Path]) -> None:
        self._finish()
        self.last_report = report
        self.window.status_message(report.summary())
        text = "\n".join(report_text(report))
        present = [
            Path(line.path)
            for line in report.lines
            if line.status == "skipped" and "already in the library" in line.detail
        ]
        if present and not report.cancelled:
            question = (
                f"{text}\n\n{len(present)} letter(s) are already in the library. "
                "Replace them with the files just read?"
            )
            if self.window.dialogs.confirm("Published decisions imported", question):
                self.start(present, replace=True)
            return
        self.window.dialogs.info("Published decisions imported", text)

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        self.window.dialogs.error(
            "Import failed",
            f"The import could not run ({exc}). Decisions imported before are unchanged.",
        )


def report_text(report: BulkImportReport) -> list[str]:
    """The summary and every file that was not imported, with its reason (the first
    ones: a folder of a thousand files gets a count for the rest)."""
    problems = [line.text() for line in report.lines if line.status not in ("imported", "replaced")]
    out = [report.summary()]
    if problems:
        out.append("")
        out.extend(problems[:REPORT_LINES])
        if len(problems) > REPORT_LINES:
            out.append(
                f"… and {len(problems) - REPORT_LINES} more (the command "
                "“imr-desktop precedents import” lists every file)."
            )
    return out
