"""History: the revisions of a case, newest first, any one restorable."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from imr_desktop.cases.store import CaseStore
from imr_desktop.database import StoreError


def _local(at: str) -> str:
    try:
        return datetime.fromisoformat(at).astimezone().strftime("%m/%d/%Y %H:%M:%S")
    except ValueError:
        return at


class HistoryDialog(QDialog):
    restored = Signal()

    def __init__(self, parent: QWidget, store: CaseStore, case_id: int) -> None:
        super().__init__(parent)
        self.store = store
        self.case_id = case_id
        self.setWindowTitle("History")
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Revisions of this case, newest first. Restoring one adds a "
                "new revision, so nothing is lost."
            )
        )
        split = QSplitter()
        self.list = QListWidget()
        self.list.setAccessibleName("Revisions")
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Revision content")
        split.addWidget(self.list)
        split.addWidget(self.preview)
        split.setSizes([300, 600])
        layout.addWidget(split, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.restore_button = self.buttons.addButton(
            "&Restore this revision", QDialogButtonBox.ActionRole
        )
        self.restore_button.clicked.connect(self.restore_selected)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.list.currentItemChanged.connect(self._show)
        self.error = QLabel()
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        for rev in self.store.revisions(self.case_id):
            item = QListWidgetItem(f"{_local(rev.created_at)} — {rev.reason}")
            item.setData(256, rev.revision_id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _show(self, item: QListWidgetItem | None) -> None:
        if item is None:
            self.preview.clear()
            return
        case = self.store.load_revision(int(item.data(256)))
        lines = [f"Case {case.case_number}", "", case.summary, ""]
        for n, it in enumerate(case.items, 1):
            decision = it.decision.label if it.decision else "undecided"
            lines += [f"{n}. {it.request}: {decision}", it.rationale, ""]
        self.preview.setPlainText("\n".join(lines))

    def restore_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        try:
            self.store.restore(self.case_id, int(item.data(256)))
        except StoreError as exc:
            self.error.setText(f"⚠ {exc}")
            return
        self.restored.emit()
        self.reload()
