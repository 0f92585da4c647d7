"""Tools ▸ Backups…: the rotating backups of cases.db; back up now; restore one.

Restoring replaces the open database, so the window saves the draft, closes the
data folder, puts the backup in place (the replaced file is kept beside it) and
asks the reviewer to start the app again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from imr_desktop.database import StoreError
from imr_desktop.security import backups

if TYPE_CHECKING:
    from imr_desktop.ui.main_window import MainWindow


class BackupsDialog(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Backups")
        self.setObjectName("backupsDialog")
        self.resize(560, 380)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Backups of cases.db are made daily and before every upgrade; the newest "
            f"{backups.KEEP} are kept in {backups.backups_dir(window.workspace.data_dir)}."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setAccessibleName("Backups")
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.now_button = QPushButton("Back up &now")
        self.restore_button = QPushButton("&Restore…")
        buttons.addButton(self.now_button, QDialogButtonBox.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ActionRole)
        self.now_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        for info in backups.list_backups(self.window_.workspace.data_dir):
            item = QListWidgetItem(info.label())
            item.setData(256, info.name)
            item.setToolTip(info.name)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.restore_button.setEnabled(self.list.count() > 0)

    def back_up_now(self) -> None:
        ws = self.window_.workspace
        self.window_.session.flush()
        try:
            info = backups.make_backup(ws.cases.db, ws.data_dir, "manual", connect=ws.connect)
        except (OSError, StoreError) as exc:
            self.window_.dialogs.error("Backup failed", f"No backup was made: {exc}")
            return
        self.reload()
        self.window_.status_message(f"Backup made: {info.label()}")

    def restore_selected(self) -> bool:
        item = self.list.currentItem()
        if item is None:
            return False
        name = item.data(256)
        w = self.window_
        if not w.dialogs.confirm(
            "Restore backup",
            f"Replace the current cases.db with the backup {name}?\n\nChanges made after "
            "that backup will not be in it. The current file is kept beside it "
            "(cases.db.replaced-…). IMR Desktop closes afterwards; start it again.",
        ):
            return False
        return restore_and_close(w, name)


def restore_and_close(window: MainWindow, name: str) -> bool:
    from imr_desktop.security.cases_file import restore_from_backup
    from imr_desktop.security.crypto import SqlcipherConnector

    ws = window.workspace
    problem = backups.check_backup(backups.find_backup(ws.data_dir, name).path, ws.connect)
    if problem:
        window.dialogs.error("Backup not usable", f"Backup {name} {problem}; nothing was changed.")
        return False
    window.session.flush()
    key = ws.connect.key if isinstance(ws.connect, SqlcipherConnector) else None
    window.session.close_case()
    ws.close()
    try:
        moved = restore_from_backup(ws.data_dir, name, None, key=key)
    except (OSError, StoreError) as exc:
        window.dialogs.error("Restore failed", f"{exc}")
        QApplication.quit()
        return False
    window.dialogs.info(
        "Backup restored",
        f"Backup {name} is in place."
        + (f" The file it replaced is kept as {moved.name}." if moved else "")
        + " IMR Desktop will now close; start it again to continue.",
    )
    window.session.store = None
    window.close()
    QApplication.quit()
    return True
