"""Tools ▸ Published decisions…: the precedent library's size and date range, its
imports, and removing one import or all of them (asked first)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from imr_desktop.precedents import PrecedentLibrary

if TYPE_CHECKING:
    from .feature import PrecedentsFeature


class LibraryDialog(QDialog):
    def __init__(self, feature: PrecedentsFeature) -> None:
        super().__init__(feature.window)
        self.feature = feature
        self.setObjectName("precedentLibraryDialog")
        self.setWindowTitle("Published decisions")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.note = QLabel(
            "Published, redacted determinations (public records), kept in precedents.db "
            "beside the guideline library. Your own cases are never copied there."
        )
        self.note.setWordWrap(True)
        self.imports = QListWidget()
        self.imports.setAccessibleName("Imports of published decisions")
        self.remove_button = QPushButton("Remove this import")
        self.remove_all_button = QPushButton("Remove all")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.remove_all_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.remove_button.clicked.connect(self.remove_selected)
        self.remove_all_button.clicked.connect(self.remove_all)
        self.imports.currentItemChanged.connect(lambda *_: self._update())
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.note)
        layout.addWidget(self.imports, 1)
        layout.addWidget(buttons)
        self.resize(560, 360)
        self.reload()

    def _library(self) -> PrecedentLibrary:
        return PrecedentLibrary.open(self.feature.path)

    def reload(self) -> None:
        self.imports.clear()
        if not self.feature.path.exists():
            self.summary.setText("No published decisions imported yet.")
            self._update()
            return
        library = self._library()
        try:
            summary, imports = library.summary(), library.imports()
        finally:
            library.close()
        self.summary.setText(summary.line() if not summary.decisions else summary.line() + ".")
        for info in imports:
            when = info.started_at.replace("T", " ")[:16]
            note = ", canceled" if info.cancelled else ""
            row = QListWidgetItem(
                f"{when} UTC · {info.label}: {info.decisions} decision(s) of {info.files} file(s){note}"
            )
            row.setData(256, info.import_id)
            self.imports.addItem(row)
        self._update()

    def _update(self) -> None:
        busy = self.feature.importer.running
        self.remove_button.setEnabled(not busy and self.imports.currentItem() is not None)
        self.remove_all_button.setEnabled(not busy and self.imports.count() > 0)

    def _removed(self, gone: int) -> None:
        self.reload()
        self.feature.refresh(force=True)
        self.feature.window.status_message(f"Removed {gone} published decision(s)")

    def remove_selected(self) -> None:
        row = self.imports.currentItem()
        if row is None or not self.feature.window.dialogs.confirm(
            "Remove import", f"Remove the decisions of this import?\n\n{row.text()}"
        ):
            return
        library = self._library()
        try:
            gone = library.remove_import(int(row.data(256)))
        finally:
            library.close()
        self._removed(gone)

    def remove_all(self) -> None:
        if not self.feature.window.dialogs.confirm(
            "Remove all published decisions",
            "Remove every imported published decision? Your cases are not affected.",
        ):
            return
        library = self._library()
        try:
            gone = library.remove_all()
        finally:
            library.close()
        self._removed(gone)
