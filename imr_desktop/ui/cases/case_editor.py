"""The center of the window: the case header, the patient, the clinical case summary
and the disputed items with the editor of the selected one."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from imr_desktop.model import Priority, Sex
from imr_desktop.model.deadline import deadline_text
from imr_desktop.model.edits import add_item, move_item, parse_item_path, remove_item

from .field_binding import FieldBinding, select_span
from .guarded_text import GuardedPlainTextEdit
from .item_editor import ItemEditor
from .placeholders import PlaceholderNavigation
from .reflow import ColumnsForm
from .session import CaseSession

# Alt+letters are unique in the window (tests/test_mnemonics.py; README lists them):
# the other dates have no free letter left and are reached with Tab.
HEADER_DATES = (
    ("date_of_injury", "Date of in&jury"),
    ("ur_denial_date", "UR de&nial date"),
    ("application_received", "Application received"),
    ("date_assigned", "Date assigned"),
    ("decision_date", "Decision date"),
    ("due_date", "Due date"),
)


def item_row_text(position: int, request: str, decision_label: str | None) -> str:
    return f"{position}. {request or '(no request yet)'} — {decision_label or 'undecided'}"


class CaseEditor(QScrollArea):
    refused = Signal(str)  # a paste or value refused, with the reason

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("caseEditor")
        self.setWidgetResizable(True)
        # The form reflows to the width it is given (reflow.py); narrower than its
        # narrowest layout, a horizontal scroll bar reaches the rest instead of cutting
        # it off.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        body = QWidget()
        layout = QVBoxLayout(body)

        self.title = QLabel("No case open")
        self.title.setObjectName("caseTitle")
        self.title.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)

        self.bindings: list[FieldBinding] = []
        layout.addWidget(self._header_box())
        layout.addWidget(self._summary_box(), 2)
        layout.addWidget(self._items_box())
        self.item_editor = ItemEditor(session, on_refused=self.refused.emit)
        layout.addWidget(self.item_editor, 3)
        self.setWidget(body)

        session.caseOpened.connect(self.load)
        session.caseReplaced.connect(lambda: self.load(keep_place=True))
        session.fieldChanged.connect(self._field_changed)
        session.currentItemChanged.connect(self._item_selected)
        session.caseChanged.connect(self._refresh_title)
        session.readOnlyChanged.connect(self.set_read_only)
        self.load()

    # --- building ------------------------------------------------------------------

    def _bind(
        self, widget: QWidget, path: str, kind: str = "text", error_label: QLabel | None = None
    ) -> None:
        self.bindings.append(
            FieldBinding(
                self.session,
                widget,
                path,
                kind=kind,
                error_label=error_label,
                on_refused=self.refused.emit,
            )
        )

    def _header_box(self) -> QGroupBox:
        box = QGroupBox("Header")
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        # Two columns of fields when the form is wide enough, one on a narrow window.
        self.header_form = form = ColumnsForm()
        box_layout.addWidget(form)
        self.header_fields: dict[str, QWidget] = {}

        def place(text: str, widget: QWidget, name: str) -> None:
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(name)
            form.add_pair(label, widget)

        self.case_number = QLineEdit()
        place("Case num&ber:", self.case_number, "Case number")
        self._bind(self.case_number, "header.case_number")
        self.claim_number = QLineEdit()
        place("C&laim number:", self.claim_number, "Claim number")
        self._bind(self.claim_number, "header.claim_number")
        self.priority = QComboBox()
        self.priority.addItem("Standard (30 days)", Priority.STANDARD.value)
        self.priority.addItem("⚡ Expedited (3 days)", Priority.EXPEDITED.value)
        place("Priorit&y:", self.priority, "Priority")
        self._bind(self.priority, "header.priority")
        self.header_fields.update(
            case_number=self.case_number, claim_number=self.claim_number, priority=self.priority
        )

        self.date_errors = QLabel()
        self.date_errors.setObjectName("dateErrors")
        self.date_errors.setWordWrap(True)
        self.date_errors.setVisible(False)
        for name, text in HEADER_DATES:
            edit = QLineEdit()
            edit.setPlaceholderText("MM/DD/YYYY")
            edit.setObjectName(f"date_{name}")
            place(text + ":", edit, text.replace("&", ""))
            self._bind(edit, f"header.{name}", kind="date", error_label=self.date_errors)
            self.header_fields[name] = edit

        self.age = QSpinBox()
        self.age.setRange(-1, 120)
        self.age.setSpecialValueText("—")
        place("Patient &age:", self.age, "Patient age")
        self._bind(self.age, "patient.age")
        self.sex = QComboBox()
        self.sex.addItem("—", None)
        self.sex.addItem("Female", Sex.FEMALE.value)
        self.sex.addItem("Male", Sex.MALE.value)
        place("Patient se&x:", self.sex, "Patient sex")
        self._bind(self.sex, "patient.sex")
        self.header_fields.update(age=self.age, sex=self.sex)
        form.add_spanning(self.date_errors)
        return box

    def _summary_box(self) -> QGroupBox:
        box = QGroupBox("Clinical case summary")
        layout = QVBoxLayout(box)
        self.summary = GuardedPlainTextEdit()
        self.summary.setObjectName("summaryEdit")
        self.summary.setAccessibleName("Clinical case summary")
        self.summary.setTabChangesFocus(True)
        self.summary.setUndoRedoEnabled(False)  # the window's undo stack owns undo
        self.summary.setMinimumHeight(10 * self.summary.fontMetrics().lineSpacing())
        self.summary.setPlaceholderText(
            "The patient is a …-year-old … who has filed a claim for … associated with an "
            "industrial injury date of …. Records from … to … were reviewed …"
        )
        layout.addWidget(self.summary)
        self._bind(self.summary, "summary")
        self.summary_placeholders = PlaceholderNavigation(self.summary)
        return box

    def _items_box(self) -> QGroupBox:
        box = QGroupBox("Disputed items")
        layout = QHBoxLayout(box)
        self.items = QListWidget()
        self.items.setObjectName("itemList")
        self.items.setAccessibleName("Disputed items")
        self.items.setMinimumHeight(60)
        self.items.setMaximumHeight(130)
        self.items.currentRowChanged.connect(self._row_changed)
        layout.addWidget(self.items, 1)
        buttons = QVBoxLayout()
        self.item_buttons: dict[str, QToolButton] = {}
        for key, text, tip in (
            ("add", "+", "Add an item"),
            ("remove", "−", "Remove the selected item"),
            ("up", "↑", "Move the selected item up"),
            ("down", "↓", "Move the selected item down"),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            buttons.addWidget(button)
            self.item_buttons[key] = button
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.item_buttons["add"].clicked.connect(self.add_item)
        self.item_buttons["remove"].clicked.connect(self.remove_item)
        self.item_buttons["up"].clicked.connect(lambda: self.move_item(-1))
        self.item_buttons["down"].clicked.connect(lambda: self.move_item(1))
        return box

    # --- loading -------------------------------------------------------------------

    def load(self, keep_place: bool = False) -> None:
        """Show the draft; ``keep_place`` when it is the same case changed (undo, redo,
        a structured edit): texts keep their place and cursors stand at the change."""
        case = self.session.case
        self.widget().setEnabled(case is not None)
        for binding in self.bindings:
            binding.load(keep_place)
        self._load_items()
        self.item_editor.load(keep_place)
        self._refresh_title()
        self.set_read_only(self.session.read_only)

    def _load_items(self) -> None:
        case = self.session.case
        self.items.blockSignals(True)
        self.items.clear()
        for n, item in enumerate(case.items if case else [], 1):
            label = item.decision.label if item.decision else None
            row = QListWidgetItem(item_row_text(n, item.request, label))
            self.items.addItem(row)
        index = self.session.current_item_index
        self.items.setCurrentRow(-1 if index is None else index)
        self.items.blockSignals(False)

    def _refresh_item_row(self, index: int) -> None:
        case = self.session.case
        if case is None or not 0 <= index < len(case.items) or index >= self.items.count():
            return
        item = case.items[index]
        self.items.item(index).setText(
            item_row_text(index + 1, item.request, item.decision.label if item.decision else None)
        )

    def _refresh_title(self) -> None:
        case = self.session.case
        if case is None:
            self.title.setText("No case open — choose one in the case queue")
            return
        parts = [
            case.case_number or "(no case number)",
            case.priority.value,
            deadline_text(case.deadline(dt.date.today())),
        ]
        if case.is_final:
            parts.append("finalized, read-only")
        self.title.setText(" · ".join(parts))
        index = self.session.current_item_index
        if index is not None:
            self._refresh_item_row(index)

    def _field_changed(self, path: str) -> None:
        """One field undone or redone: show it with the cursor at the change."""
        shown: QWidget | None = None
        for binding in [*self.bindings, *self.item_editor.bindings]:
            if binding.path == path:
                binding.load(keep_place=True)
                shown = binding.widget
        item_path = parse_item_path(path)
        if item_path:
            self._refresh_item_row(item_path[0])
        if shown is not None:
            self._reveal(shown)

    def _reveal(self, widget: QWidget) -> None:
        """Scroll to a changed field and, when the reviewer is working in this form,
        move the focus there, as a word processor moves its caret to an undone change
        (focus in the queue or the guideline panel stays put)."""
        focused = QApplication.focusWidget()
        if focused is not None and focused is not widget and self.isAncestorOf(focused):
            widget.setFocus(Qt.OtherFocusReason)
        self.ensureWidgetVisible(widget)
        if isinstance(widget, QPlainTextEdit):
            caret = widget.cursorRect().center()
            at = widget.viewport().mapTo(self.widget(), caret)
            self.ensureVisible(at.x(), at.y(), 40, 2 * widget.fontMetrics().height())

    def _item_selected(self, index: int) -> None:
        self.items.blockSignals(True)
        self.items.setCurrentRow(index)
        self.items.blockSignals(False)
        self.item_editor.load()

    def _row_changed(self, row: int) -> None:
        self.session.select_item(None if row < 0 else row)

    def set_read_only(self, read_only: bool) -> None:
        for widget in (
            self.case_number,
            self.claim_number,
            self.summary,
            *[w for w in self.header_fields.values() if isinstance(w, QLineEdit)],
        ):
            widget.setReadOnly(read_only)
        for widget in (self.priority, self.age, self.sex, *self.item_buttons.values()):
            widget.setEnabled(not read_only)
        self.item_editor.set_read_only(read_only)

    # --- item actions --------------------------------------------------------------

    def add_item(self) -> None:
        at = self.session.current_item_index
        position = None if at is None else at + 1
        new_index = self.session.apply("Add item", lambda case: add_item(case, position))
        if new_index is not None:
            self.session.select_item(new_index)
            self.item_editor.request.setFocus()

    def remove_item(self) -> None:
        index = self.session.current_item_index
        if index is None:
            return
        self.session.apply(f"Remove item {index + 1}", lambda case: remove_item(case, index))

    def move_item(self, offset: int) -> None:
        index = self.session.current_item_index
        if index is None:
            return
        new_index = self.session.apply(
            f"Move item {index + 1} {'up' if offset < 0 else 'down'}",
            lambda case: move_item(case, index, offset),
        )
        if new_index is not None:
            self.session.current_item_index = new_index
            self._load_items()
            self.item_editor.load()

    # --- navigation ----------------------------------------------------------------

    def scroll_to_top(self) -> None:
        self.verticalScrollBar().setValue(0)
        self.horizontalScrollBar().setValue(0)

    def focus_first_field(self) -> None:
        self.case_number.setFocus(Qt.OtherFocusReason)
        self.case_number.end(False)
        self.scroll_to_top()

    def focus_field(self, path: str) -> None:
        """Jump to a field named by its path (QA findings, shortcuts), bringing the
        Case tab forward if the Records or Letter tab is in front."""
        tabs = self.parentWidget()
        while tabs is not None and not isinstance(tabs, QTabWidget):
            tabs = tabs.parentWidget()
        if tabs is not None:
            tabs.setCurrentWidget(self)
        item_path = parse_item_path(path)
        if item_path:
            index, name = item_path
            self.session.select_item(index)
            self.item_editor.focus(name)
            self.ensureWidgetVisible(self.item_editor)
            return
        if path == "summary":
            target: QWidget = self.summary
        elif path == "items":
            target = self.items
        elif path.startswith(("header.", "patient.")):
            target = self.header_fields.get(path.split(".", 1)[1], self.case_number)
        else:
            target = self.summary
        target.setFocus(Qt.OtherFocusReason)
        self.ensureWidgetVisible(target)

    def select_in_field(self, path: str, start: int, end: int) -> None:
        """Jump to a field and select part of its text (a QA finding about a word)."""
        self.focus_field(path)
        for binding in [*self.bindings, *self.item_editor.bindings]:
            if binding.path == path:
                select_span(binding.widget, start, end)
                self._reveal(binding.widget)
                return

    def rationale_cursor_position(self) -> int | None:
        if self.session.current_item_index is None:
            return None
        return self.item_editor.rationale.textCursor().position()
