"""The letter in the window: the QA dock (live), the "Letter" preview tab, File ▸
Export PDF…, Case ▸ Finalize… / Reopen…, Edit ▸ Insert conclusion / summary opening
sentence, Tools ▸ Snippets… and snippet completion in the rationale editor.

Export, finalize and reopen go through :mod:`imr_desktop.letter.workflow`, as the command
line does; a QA error asks for confirmation and the override is audited.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer

from imr_desktop.database import StoreError
from imr_desktop.guidelines import GuidelineImportError
from imr_desktop.model import copy_case

from .preview import LetterPreview
from .qa_panel import QAPanel
from .snippets import SnippetCompleter, SnippetsDialog

if TYPE_CHECKING:
    from imr_desktop.letter.qa import Finding
    from imr_desktop.model.passage import GuidelineSource
    from imr_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

QA_DELAY_MS = 250


class LetterFeature(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.store = window.workspace.cases

        self.qa_panel = QAPanel()
        # A one-line strip by default (the counts and the first finding in its title
        # bar): the item editor keeps the height on a 720-pixel screen.
        self.qa_dock = window.add_dock(
            self.qa_panel, "QA", "qaDock", Qt.BottomDockWidgetArea, strip=True
        )
        self.qa_panel.findingActivated.connect(self.jump_to)
        self.qa_panel.wordActivated.connect(self.select_word)
        self._qa_timer = QTimer(self)
        self._qa_timer.setSingleShot(True)
        self._qa_timer.setInterval(QA_DELAY_MS)
        self._qa_timer.timeout.connect(self.refresh_qa)

        self.preview = LetterPreview(self.session)
        self.preview_index = window.center_tabs.addTab(self.preview, "Letter")

        self.completer = SnippetCompleter(window.editor.item_editor.rationale, self)
        self.completer.set_snippets(self.store.snippets())

        self._closed = False
        self._loading_vocabulary = False
        self._vocabulary_failed = False
        window.installEventFilter(self)
        self._add_actions()
        self.session.caseOpened.connect(self._case_opened)
        # Everything a QA rule reads: the draft, its records, the reviewer profile.
        self.session.caseChanged.connect(self._qa_timer.start)
        self.session.recordsChanged.connect(self._qa_timer.start)
        self.session.profileChanged.connect(self._qa_timer.start)
        spelling = getattr(window, "spelling", None)  # ui/spelling, installed before
        if spelling is not None:
            spelling.changed.connect(self._qa_timer.start)
        self.session.readOnlyChanged.connect(self._read_only_changed)
        self._case_opened()

    # --- actions -----------------------------------------------------------------------

    def _add_actions(self) -> None:
        w = self.window
        file_menu = w.menu("file")
        export = w.add_action(
            "file", "export_pdf", "&Export PDF…", self.export_pdf, "Ctrl+E", "Export the letter"
        )
        # Beside the other exports, before Quit.
        file_menu.removeAction(export)
        file_menu.insertAction(w.actions["quit"], export)
        file_menu.insertSeparator(w.actions["quit"])
        w.menu("case").addSeparator()
        w.add_action(
            "case",
            "finalize",
            "&Finalize…",
            self.finalize,
            tip="Export the final letter and make the case read-only",
        )
        w.add_action("case", "reopen", "Re&open…", self.reopen, tip="Make a final case editable")
        w.menu("edit").addSeparator()
        w.add_action(
            "edit",
            "insert_conclusion",
            "Insert &conclusion sentence",
            self.insert_conclusion,
            "Ctrl+Shift+T",  # "Therefore, …" (Ctrl+Shift+C cites a guideline)
        )
        w.add_action(
            "edit",
            "insert_summary_opening",
            "Insert &summary opening sentence",
            self.insert_summary_opening,
        )
        w.add_action("tools", "snippets", "&Snippets…", self.show_snippets)
        w.add_action(
            "view",
            "show_letter",
            "&Letter preview",
            lambda: w.center_tabs.setCurrentWidget(self.preview),
            "Alt+6",  # after Alt+4 Records and Alt+5 Precedents
        )

    def _read_only_changed(self, read_only: bool) -> None:
        a = self.window.actions
        for key in ("insert_conclusion", "insert_summary_opening", "finalize"):
            a[key].setEnabled(not read_only)
        a["reopen"].setEnabled(read_only)
        self._qa_timer.start()

    def _case_opened(self) -> None:
        has_case = self.session.case is not None
        for key in ("export_pdf", "finalize", "reopen"):
            self.window.actions[key].setEnabled(has_case)
        if has_case:
            self._read_only_changed(self.session.read_only)
        self.refresh_qa()

    # --- QA ------------------------------------------------------------------------------

    def findings(self) -> list[Finding]:
        """The draft's findings, from what is stored now: the profile and the records
        are read on every run (two small queries), so no finding is ever stale; the
        spelling warnings once the dictionaries are loaded (unless turned off)."""
        from imr_desktop.letter import workflow

        case, case_id = self.session.case, self.session.case_id
        if case is None:
            return []
        spelling = getattr(self.window, "spelling", None)
        return workflow.check_loaded(
            self.store,
            case,
            case_id,
            data_dir=self.window.data_dir,
            sources=self._sources(),
            spelling=spelling.text_check() if spelling is not None else None,
        )

    def _sources(self) -> list[GuidelineSource]:
        """The library's sources with their in-force dates (cached by the library
        until another import or removal changes them); none when the library cannot
        be opened (the guideline dock says why), so QA still runs."""
        try:
            return self.window.workspace.library.guideline_sources()
        except (StoreError, OSError, GuidelineImportError):
            return []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.window and event.type() == QEvent.Close:
            # Nothing of ours may run once the window closes: the store closes next.
            self._closed = True
            self._qa_timer.stop()
            self.preview.stop()
        return False

    def jump_to(self, path: str) -> None:
        """A finding's field: the profile dialog for the reviewer, else the editor."""
        if path == "reviewer":
            self.window.edit_profile()
        else:
            self.window.editor.focus_field(path)

    def select_word(self, path: str, start: int, end: int) -> None:
        """A finding about a word: the word selected in its field."""
        self.window.editor.select_in_field(path, start, end)

    def refresh_qa(self) -> None:
        if self._closed:
            return
        if self.session.case is None:
            self.qa_panel.clear()
        elif not self._vocabulary_ready():
            self.qa_panel.clear("Checking the letter…")
        else:
            self.qa_panel.set_findings(self.findings())
            if self.session.read_only:
                self.qa_panel.counts.setText(self.qa_panel.counts.text() + " · final (read-only)")
        self.window.set_dock_summary(self.qa_dock, self.qa_panel.strip_text())

    def _vocabulary_ready(self) -> bool:
        """The opioid rule reads requests through the drug vocabulary (~107,000 names,
        about half a second to load, holding the interpreter): the live check waits
        for it to load on a worker once the window has started, rather than hold the
        window while it opens. Export and finalize check at once (loading it then)."""
        from imr_desktop.requests.drugs import loaded, warm_up

        if loaded() or self._vocabulary_failed:
            return True
        if not self._loading_vocabulary:
            self._loading_vocabulary = True
            from imr_desktop.ui.background import run_in_background

            self.window.when_started(
                lambda: run_in_background(warm_up, self._vocabulary_loaded, self._no_vocabulary)
            )
        return False

    def _vocabulary_loaded(self, _: object = None) -> None:
        self._loading_vocabulary = False
        self.refresh_qa()

    def _no_vocabulary(self, exc: BaseException) -> None:
        log.error("drug vocabulary not loaded: %s", type(exc).__name__)
        self._vocabulary_failed = True  # QA runs; its opioid rule says what is wrong
        self._vocabulary_loaded()

    # --- export and finalization ------------------------------------------------------------

    def _ask_override(self, findings: list[Finding], what: str) -> bool | None:
        """None: canceled; False: no errors; True: errors, overridden by the reviewer."""
        errors = [f for f in findings if f.is_error]
        if not errors:
            return False
        listed = "\n".join(f"• {f.message}" for f in errors[:8])
        more = f"\n… and {len(errors) - 8} more" if len(errors) > 8 else ""
        ok = self.window.dialogs.confirm(
            f"{what} with QA errors",
            f"The letter has {len(errors)} QA error(s):\n{listed}{more}\n\n"
            f"{what} anyway? The override is recorded in the audit log.",
        )
        return True if ok else None

    def export_pdf(self) -> None:
        from imr_desktop.letter import workflow

        case, case_id = self.session.case, self.session.case_id
        if case is None or case_id is None:
            return
        self.session.flush()
        # QA errors are asked about first: a reviewer who stops to fix them has not
        # chosen a file for nothing.
        force = self._ask_override(self.findings(), "Export")
        if force is None:
            return
        path = self.window.dialogs.save_file(
            "Export letter PDF", f"{case.case_number}.pdf", "PDF (*.pdf)"
        )
        if not path:
            return
        try:
            done = workflow.export_letter(
                self.store,
                case_id,
                path,
                force=force,
                data_dir=self.window.data_dir,
                case=copy_case(case),
            )
        except OSError as exc:
            self.window.dialogs.error(
                "Export failed", f"Cannot write {path}: {exc.strerror or exc}. Nothing was written."
            )
            return
        self.window.status_message(f"Wrote {path} ({done.pages} page(s))")

    def finalize(self) -> None:
        from imr_desktop.letter import workflow

        case, case_id = self.session.case, self.session.case_id
        if case is None or case_id is None or self.session.read_only:
            return
        if not self.session.flush():
            self.window.dialogs.error("Not finalized", "The draft could not be saved first.")
            return
        force = self._ask_override(self.findings(), "Finalize")
        if force is None:
            return
        path = self.window.dialogs.save_file(
            "Finalize: save the final letter", f"{case.case_number}.pdf", "PDF (*.pdf)"
        )
        if not path:
            return
        try:
            done = workflow.finalize(
                self.store,
                case_id,
                path,
                force=force,
                data_dir=self.window.data_dir,
            )
        except (OSError, workflow.QAErrorsError) as exc:
            self.window.dialogs.error("Not finalized", str(exc))
            return
        self.session.reload()
        self.window.refresh_queue()
        self.window.status_message(
            f"Finalized {done.case_number}: {path} (sha256 {done.sha256[:12]}…)"
        )

    def reopen(self) -> None:
        from imr_desktop.letter import workflow

        case_id = self.session.case_id
        if case_id is None or not self.session.read_only:
            return
        why = self.window.dialogs.get_text(
            "Reopen case", "Why is the case reopened? (recorded in the audit log)"
        )
        if why is None:
            return
        try:
            workflow.reopen(self.store, case_id, why)
        except ValueError as exc:
            self.window.dialogs.error("Not reopened", str(exc))
            return
        self.session.reload()
        self.window.refresh_queue()
        self.window.status_message("Case reopened")

    # --- composing ------------------------------------------------------------------------------

    def insert_conclusion(self) -> None:
        from imr_desktop.letter.compose import conclusion_sentence

        index = self.session.current_item_index
        case = self.session.case
        if case is None or index is None or index >= len(case.items):
            return
        sentence = conclusion_sentence(case.items[index])
        # At the cursor while the reviewer types in the rationale; else at its end,
        # where a conclusion belongs.
        typing = self.window.editor.item_editor.rationale.hasFocus()
        position = self.window.editor.rationale_cursor_position() if typing else None

        def insert(c) -> None:
            text = c.items[index].rationale
            at = len(text) if position is None else min(position, len(text))
            before, after = text[:at], text[at:]
            space = " " if before and not before.endswith((" ", "\n")) else ""
            tail = " " if after and not after.startswith((" ", "\n")) else ""
            c.items[index].rationale = before + space + sentence + tail + after

        self.session.apply(f"Insert conclusion into item {index + 1}", insert)

    def insert_summary_opening(self) -> None:
        from imr_desktop.letter.compose import summary_opening

        case = self.session.case
        if case is None:
            return
        opening = summary_opening(case)

        def insert(c) -> None:
            c.summary = f"{opening} {c.summary}".strip() if c.summary.strip() else opening

        self.session.apply("Insert summary opening", insert)
        self.window.editor.focus_field("summary")
        # Typing replaces the first blank ("[conditions]"); Tab goes to the next.
        self.window.editor.summary_placeholders.select_first()

    def show_snippets(self) -> None:
        def add(title: str, body: str) -> None:
            self.store.add_snippet(title, body)
            self.completer.set_snippets(self.store.snippets())

        def remove(snippet_id: int) -> None:
            self.store.remove_snippet(snippet_id)
            self.completer.set_snippets(self.store.snippets())

        dialog = SnippetsDialog(
            self.window,
            self.store.snippets,
            add,
            remove,
            lambda title, label: self.window.dialogs.get_text(title, label),
        )
        dialog.open()
        self.snippets_dialog = dialog


def install(window: MainWindow) -> LetterFeature:
    feature = LetterFeature(window)
    window.letter = feature  # type: ignore[attr-defined]
    return feature
