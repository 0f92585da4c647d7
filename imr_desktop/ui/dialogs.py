"""The one seam for modal interaction. Product code asks questions through a
``Dialogs`` object; tests swap in ``ScriptedDialogs`` so nothing ever blocks.

The dialog classes are imported when a question is first asked, not with the
window: the window paints before any of them is needed."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def _file_dialog():
    """QFileDialog and the option every file dialog of the app uses: Qt's own dialog,
    never the desktop's. A native one records the folders it shows (often named after
    a patient) in the desktop's recent-files list; Qt's keeps its history in QSettings,
    which the app points into the data folder (ui/app.py keep_settings_private)."""
    from PySide6.QtWidgets import QFileDialog

    return QFileDialog, QFileDialog.Option.DontUseNativeDialog


class Dialogs:
    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def info(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self.parent, title, text)

    def error(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(self.parent, title, text)

    def confirm(self, title: str, text: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self.parent, title, text, QMessageBox.Yes | QMessageBox.No, QMessageBox.No
        )
        return answer == QMessageBox.Yes

    def open_file(self, title: str, filter: str = "") -> str | None:
        dialog, private = _file_dialog()
        path, _ = dialog.getOpenFileName(self.parent, title, "", filter, options=private)
        return path or None

    def open_files(self, title: str, filter: str = "") -> list[str]:
        dialog, private = _file_dialog()
        paths, _ = dialog.getOpenFileNames(self.parent, title, "", filter, options=private)
        return list(paths)

    def open_folder(self, title: str) -> str | None:
        dialog, private = _file_dialog()
        options = private | dialog.Option.ShowDirsOnly
        return dialog.getExistingDirectory(self.parent, title, "", options) or None

    def save_file(self, title: str, suggested: str = "", filter: str = "") -> str | None:
        dialog, private = _file_dialog()
        path, _ = dialog.getSaveFileName(self.parent, title, suggested, filter, options=private)
        return path or None

    def get_text(
        self, title: str, label: str, password: bool = False, text: str = ""
    ) -> str | None:
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        mode = QLineEdit.Password if password else QLineEdit.Normal
        value, ok = QInputDialog.getText(self.parent, title, label, mode, text)
        return value if ok else None


class ScriptedDialogs(Dialogs):
    """Answers from queues; records every message, and every dialog shown in order
    (``shown``: kind and title, file dialogs included). For tests."""

    def __init__(self) -> None:
        super().__init__(None)
        self.messages: list[tuple[str, str, str]] = []
        self.shown: list[tuple[str, str]] = []
        self.confirm_answers: list[bool] = []
        self.file_answers: list = []  # a path, None (cancelled) or a list of paths
        self.text_answers: list[str | None] = []

    def info(self, title: str, text: str) -> None:
        self.shown.append(("info", title))
        self.messages.append(("info", title, text))

    def error(self, title: str, text: str) -> None:
        self.shown.append(("error", title))
        self.messages.append(("error", title, text))

    def confirm(self, title: str, text: str) -> bool:
        self.shown.append(("confirm", title))
        self.messages.append(("confirm", title, text))
        return self.confirm_answers.pop(0) if self.confirm_answers else False

    def open_file(self, title: str, filter: str = "") -> str | None:
        self.shown.append(("open_file", title))
        return self.file_answers.pop(0) if self.file_answers else None

    def open_files(self, title: str, filter: str = "") -> list[str]:
        answer = self.file_answers.pop(0) if self.file_answers else None
        return [answer] if isinstance(answer, str) else list(answer or [])

    def open_folder(self, title: str) -> str | None:
        return self.file_answers.pop(0) if self.file_answers else None

    def save_file(self, title: str, suggested: str = "", filter: str = "") -> str | None:
        self.shown.append(("save_file", title))
        return self.file_answers.pop(0) if self.file_answers else None

    def get_text(
        self, title: str, label: str, password: bool = False, text: str = ""
    ) -> str | None:
        self.shown.append(("get_text", title))
        self.messages.append(("get_text", title, label))
        return self.text_answers.pop(0) if self.text_answers else None
