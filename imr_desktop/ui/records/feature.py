"""Records in the window: the Records tab, Case ▸ Attach records…, and page
references in the draft — "Insert page reference" (Ctrl+Shift+R) puts
"(<document>, p. N)" at the cursor of the summary or rationale being written, and a
reference there opens its page again (Ctrl+click, the context menu, or Ctrl+Shift+J).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget

from imr_desktop.model.edits import get_field, set_field
from imr_desktop.records.refs import (
    REFERENCE,
    PageReference,
    format_reference,
    insert_reference,
    reference_at,
)
from imr_desktop.ui.cases.field_highlighter import FieldHighlighter

if TYPE_CHECKING:
    from imr_desktop.ui.main_window import MainWindow

    from .tab import RecordsTab

INSERT_SHORTCUT = "Ctrl+Shift+R"
FOLLOW_SHORTCUT = "Ctrl+Shift+J"


class ReferenceMarks:
    """Shows page references as links (underlined) so a reviewer sees what opens."""

    def __init__(self) -> None:
        self.format = QTextCharFormat()
        self.format.setFontUnderline(True)
        self.format.setForeground(QColor("#1a5fb4"))
        self.format.setToolTip("Ctrl+click to open this page of the records")

    def __call__(self, text: str) -> Iterator[tuple[int, int, QTextCharFormat]]:
        for m in REFERENCE.finditer(text):
            yield m.start(), m.end() - m.start(), self.format


class RecordsFeature(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        # The tab (and the records store, PDF text and dates behind it) is built when
        # first shown, or when a reference or an attach needs it.
        self.host = window.lazy_panel(self._build_tab)
        self.tab_index = window.center_tabs.addTab(self.host, "Records")
        self._orphans_removed = False
        self.editors: dict[str, QPlainTextEdit] = {
            "summary": window.editor.summary,
            "rationale": window.editor.item_editor.rationale,
        }
        self._last_editor = "summary"
        marks = ReferenceMarks()
        for e in self.editors.values():
            FieldHighlighter.of(e.document()).add_layer(marks)
        self._watched = [(e, e.viewport()) for e in self.editors.values()]
        for editor, viewport in self._watched:
            viewport.installEventFilter(self)
            editor.installEventFilter(self)

        case_menu = window.menu("case")
        case_menu.addSeparator()
        self.attach_action = window.add_action(
            "case",
            "attach_records",
            "Attach &records…",
            self.attach,
            None,
            "Copy the case file's PDFs into the data folder and index them",
        )
        self.insert_action = window.add_action(
            "edit",
            "insert_page_reference",
            "&Insert page reference",
            self.insert_reference,
            INSERT_SHORTCUT,
            "Insert (document, p. N) for the records page shown",
        )
        self.follow_action = window.add_action(
            "edit",
            "follow_page_reference",
            "&Open page reference at cursor",
            self.follow_at_cursor,
            FOLLOW_SHORTCUT,
        )
        window.add_action(
            "view",
            "show_records",
            "&Records",
            self.show_tab,
            "Alt+4",
        )
        self.session.readOnlyChanged.connect(self._read_only_changed)
        self.session.storeChangedOutside.connect(self._changed_outside)
        window.center_tabs.currentChanged.connect(self._tab_changed)
        QApplication.instance().focusChanged.connect(self._focus_changed)
        window.after_start_up(self._remove_orphan_files)
        self._read_only_changed(self.session.read_only)

    @property
    def tab(self) -> RecordsTab:
        return self.host.panel()

    def _build_tab(self) -> RecordsTab:
        from .tab import RecordsTab

        tab = RecordsTab(self.window)
        tab.viewer_actions.append(self.insert_action)
        tab.attach_button.clicked.connect(self.attach)
        tab.use_range_button.clicked.connect(self.use_range)
        tab.detach_button.setToolTip("Remove the selected document from this case")
        tab.attach_button.setEnabled(not self.session.read_only)
        self.session.caseOpened.connect(tab.case_opened)
        # Attached or removed: the QA rule on records reads them again.
        tab.documentsChanged.connect(self.session.recordsChanged)
        QApplication.instance().aboutToQuit.connect(tab.cancel_indexing)
        tab.case_opened()
        return tab

    def _changed_outside(self) -> None:
        """A command beside the window may have attached or removed records: the list
        (once built) and the QA rule on records read them again."""
        if self.host.built:
            self.tab.refresh_documents()  # says documentsChanged -> recordsChanged
        else:
            self.session.recordsChanged.emit()

    def _remove_orphan_files(self) -> None:
        """Copies left by cases deleted last session: removed once, after the case is
        on screen and before any attach."""
        if self._orphans_removed or self.window.workspace is None:
            return
        from imr_desktop.records.store import RecordStore

        self._orphans_removed = True
        RecordStore(self.window.workspace.cases.db, self.window.data_dir).remove_orphan_files()

    # --- tab -------------------------------------------------------------------------

    def show_tab(self) -> None:
        self.window.center_tabs.setCurrentWidget(self.host)

    def _tab_changed(self, index: int) -> None:
        if self.window.center_tabs.widget(index) is self.host:
            self.tab.ensure_viewer()

    def _read_only_changed(self, read_only: bool) -> None:
        self.attach_action.setEnabled(not read_only)
        self.insert_action.setEnabled(not read_only)
        if self.host.built:
            self.tab.attach_button.setEnabled(not read_only)
            self.tab.refresh_documents()

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        for name, editor in self.editors.items():
            if new is editor:
                self._last_editor = name

    # --- attaching -------------------------------------------------------------------

    def attach(self) -> None:
        if self.session.case_id is None:
            self.window.dialogs.info("Attach records", "Open a case first.")
            return
        if self.session.read_only:
            self.window.dialogs.error(
                "Attach records", "This case is finalized; reopen it to add records."
            )
            return
        path = self.window.dialogs.open_file("Attach records", "PDF files (*.pdf);;All files (*)")
        if path:
            self._remove_orphan_files()  # never after a copy this attach makes
            self.show_tab()
            self.tab.attach_path(Path(path))

    # --- references -------------------------------------------------------------------

    def _target(self) -> tuple[QPlainTextEdit, str] | None:
        name = self._last_editor
        if name == "rationale":
            index = self.session.current_item_index
            if index is None:
                name = "summary"
            else:
                return self.editors["rationale"], f"items[{index}].rationale"
        return self.editors["summary"], "summary"

    def insert_reference(self) -> None:
        doc, page = self.tab.current_document, self.tab.current_page()
        if doc is None or page is None:
            self.window.status_message(
                "Open a page in the Records tab first, then insert its reference"
            )
            return
        target = self._target()
        if target is None or self.session.case is None:
            return
        editor, path = target
        reference = format_reference(doc.title, page)
        cursor_at = editor.textCursor().position()

        def insert(case) -> int:
            text, after = insert_reference(get_field(case, path) or "", cursor_at, reference)
            set_field(case, path, text)
            return after

        after = self.session.apply("Insert page reference", insert)
        if after is None:
            self.window.status_message("This case is read-only; nothing was inserted")
            return
        self._place_cursor(editor, after)
        where = (
            "the summary"
            if path == "summary"
            else f"the rationale of item {self.session.current_item_index + 1}"
        )
        self.window.status_message(f"Inserted {reference} into {where}")

    def use_range(self) -> None:
        phrase = self.tab.range_text()
        if phrase is None:
            return
        editor = self.editors["summary"]
        cursor_at = (
            editor.textCursor().position()
            if editor.hasFocus() or self._last_editor == "summary"
            else None
        )

        from imr_desktop.records.dates import with_range

        def put(case) -> int:
            text, after = with_range(case.summary or "", phrase, cursor_at)
            case.summary = text
            return after

        after = self.session.apply("Use records date range", put)
        if after is not None:
            self._place_cursor(editor, after)
            self.window.status_message(f"Summary: {phrase}")

    @staticmethod
    def _place_cursor(editor: QPlainTextEdit, position: int) -> None:
        cursor = editor.textCursor()
        cursor.setPosition(min(position, len(editor.toPlainText())))
        editor.setTextCursor(cursor)

    def follow(self, ref: PageReference) -> bool:
        case_id = self.session.case_id
        if case_id is None:
            return False
        doc = self.tab.records.by_title(case_id, ref.title)
        if doc is None:
            self.window.status_message(f"No attached document is called {ref.title!r}")
            return False
        self.show_tab()
        return self.tab.show_page(doc.document_id, ref.page)

    def follow_at_cursor(self) -> None:
        focused = QApplication.focusWidget()
        editor = focused if focused in self.editors.values() else self.editors[self._last_editor]
        ref = reference_at(editor.toPlainText(), editor.textCursor().position())
        if ref is None:
            self.window.status_message("The cursor is not on a page reference")
            return
        self.follow(ref)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        editor = self._editor_of(watched)
        if editor is None:
            return False
        if (
            event.type() == QEvent.MouseButtonRelease
            and event.button() == Qt.LeftButton
            and event.modifiers() & Qt.ControlModifier
        ):
            position = editor.cursorForPosition(event.position().toPoint()).position()
            ref = reference_at(editor.toPlainText(), position)
            if ref is not None:
                self.follow(ref)
                return True
        elif event.type() == QEvent.ContextMenu and watched is editor:
            ref = reference_at(
                editor.toPlainText(),
                editor.cursorForPosition(editor.viewport().mapFrom(editor, event.pos())).position(),
            )
            if ref is not None:
                menu = self.session.undo_keys.context_menu(editor)  # the case's Undo
                action = menu.addAction(f"Open {ref.title}, p. {ref.page}")
                menu.insertAction(menu.actions()[0], action)
                menu.insertSeparator(menu.actions()[1])
                action.triggered.connect(lambda: self.follow(ref))
                menu.setAttribute(Qt.WA_DeleteOnClose)
                menu.popup(event.globalPos())  # not exec(): nothing modal
                self._menu = menu
                return True
        return False

    def _editor_of(self, watched: QObject) -> QPlainTextEdit | None:
        # Compared by identity only: while the window is torn down, the editors'
        # C++ side may already be gone and must not be called.
        for editor, viewport in self._watched:
            if watched is editor or watched is viewport:
                return editor
        return None


def install(window: MainWindow) -> RecordsFeature:
    feature = RecordsFeature(window)
    window.records = feature  # type: ignore[attr-defined]
    return feature
