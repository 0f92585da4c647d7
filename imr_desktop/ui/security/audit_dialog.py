"""Tools ▸ Audit log…: the tamper-evident log, newest first, with a Verify button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from imr_desktop.security.audit import AuditLog

COLUMNS = ["When (UTC)", "Action", "Case", "User", "Detail"]
LIMIT = 5000


class AuditDialog(QDialog):
    def __init__(self, audit: AuditLog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.audit = audit
        self.setWindowTitle("Audit log")
        self.setObjectName("auditDialog")
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("case number (empty: all)")
        self.filter.setAccessibleName("Case number filter")
        self.filter.returnPressed.connect(self.reload)
        row.addWidget(QLabel("&Case:"))
        row.itemAt(0).widget().setBuddy(self.filter)
        row.addWidget(self.filter, 1)
        self.verify_button = QPushButton("&Verify chain")
        self.verify_button.clicked.connect(self.verify)
        row.addWidget(self.verify_button)
        layout.addLayout(row)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)
        self.result = QLabel("")
        self.result.setObjectName("auditVerifyResult")
        self.result.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.result)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        case = self.filter.text().strip() or None
        entries = self.audit.entries(case, limit=LIMIT)
        self.table.setRowCount(len(entries))
        for r, e in enumerate(entries):
            values = [e.at.replace("T", " ")[:19], e.action, e.case_number or "", e.actor, e.detail]
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()

    def verify(self) -> bool:
        ok, message = self.audit.verify()
        # Said in words, not by colour alone.
        self.result.setText(("✔ " if ok else "✖ BROKEN: ") + message)
        return ok
