"""The QA findings dock: each finding with its severity as an icon AND a word, a
count line on top; activating a finding asks the window to jump to its field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QStyle, QVBoxLayout, QWidget

from imr_desktop.model.edits import field_name

if TYPE_CHECKING:  # the QA rules load with the first check, after the case is on screen
    from imr_desktop.letter.qa import Finding, Severity

PATH_ROLE = Qt.UserRole + 1
SPAN_ROLE = Qt.UserRole + 2


def counts_text(findings: list[Finding]) -> str:
    if not findings:
        return "✔ No QA findings"
    errors = sum(1 for f in findings if f.is_error)
    warnings = len(findings) - errors

    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return f"✖ {count(errors, 'error')} · ⚠ {count(warnings, 'warning')}"


class QAPanel(QWidget):
    findingActivated = Signal(str)  # the field path
    wordActivated = Signal(str, int, int)  # a finding about a word: path, start, end

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qaPanel")
        self.counts = QLabel("No case open")
        self.counts.setObjectName("qaCounts")
        self.list = QListWidget()
        self.list.setObjectName("qaList")
        self.list.setAccessibleName("QA findings")
        self.list.setAccessibleDescription("Activate a finding to go to its field")
        self.list.itemActivated.connect(self._activated)
        self.list.itemClicked.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.counts)
        layout.addWidget(self.list)
        self._icons: dict[Severity, QIcon] = {}  # with the first findings
        self.findings: list[Finding] = []

    def sizeHint(self) -> QSize:
        # A strip of about five findings: the dock opens this high, the editor keeps
        # the rest (a list's default hint would take a third of the window).
        return QSize(super().sizeHint().width(), self.fontMetrics().height() * 8)

    def clear(self, text: str = "No case open") -> None:
        self.findings = []
        self.list.clear()
        self.counts.setText(text)

    def set_findings(self, findings: list[Finding]) -> None:
        self.findings = list(findings)
        self.list.clear()
        for f in findings:
            row = QListWidgetItem(
                self._icon(f.severity), f"{f.severity.value.capitalize()}: {f.message}"
            )
            row.setData(PATH_ROLE, f.path)
            if f.span is not None:
                row.setData(SPAN_ROLE, list(f.span))
            row.setToolTip(f"{f.severity.value.capitalize()} · go to {field_name(f.path)}")
            self.list.addItem(row)
        self.counts.setText(counts_text(findings))

    def _icon(self, severity: Severity) -> QIcon:
        if not self._icons:
            from imr_desktop.letter.qa import Severity

            style = self.style()
            self._icons = {
                Severity.ERROR: style.standardIcon(QStyle.SP_MessageBoxCritical),
                Severity.WARNING: style.standardIcon(QStyle.SP_MessageBoxWarning),
            }
        return self._icons[severity]

    def strip_text(self) -> str:
        """The one line shown when the dock is a strip: the counts, then the first
        finding (errors come first)."""
        if not self.findings:
            return self.counts.text()
        first = self.findings[0]
        return f"{self.counts.text()} — {first.severity.value.capitalize()}: {first.message}"

    def _activated(self, row: QListWidgetItem) -> None:
        path = row.data(PATH_ROLE)
        span = row.data(SPAN_ROLE)
        if path and span:
            self.wordActivated.emit(str(path), int(span[0]), int(span[1]))
        elif path:
            self.findingActivated.emit(str(path))
