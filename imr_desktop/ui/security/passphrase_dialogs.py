"""Asking for passphrases: first run (passphrase, confirmation, strength hint),
unlock, recovery, and showing the recovery key once.

Every question goes through :data:`prompts` (a :class:`SecurityPrompts`); tests
replace it with :class:`ScriptedPrompts`, so nothing ever blocks.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from imr_desktop.security.crypto import passphrase_problem, passphrase_strength

RECOVER = "\x00recover"  # the unlock answer meaning "use the recovery key instead"


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.Password)
    field.setObjectName(name)
    field.setAccessibleName(name)
    return field


class NewPassphraseDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, intro: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        text = QLabel(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.passphrase = _password_field("New passphrase")
        self.confirmation = _password_field("Passphrase again")
        form.addRow("&Passphrase:", self.passphrase)
        form.addRow("&Again:", self.confirmation)
        layout.addLayout(form)
        self.hint = QLabel()
        self.hint.setObjectName("strengthHint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.passphrase.textChanged.connect(self._update)
        self.confirmation.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        value = self.passphrase.text()
        problem = passphrase_problem(value, self.confirmation.text())
        score, strength = passphrase_strength(value)
        # Words, not colour alone, say what is wrong.
        if not value:
            self.hint.setText("")
        elif score == 0 or problem is None:
            self.hint.setText(f"Strength: {strength}")
        else:
            self.hint.setText(f"Strength: {strength} {problem}")
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(problem is None)


class UnlockDialog(QDialog):
    def __init__(self, parent: QWidget | None, message: str, error: str | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Unlock IMR Desktop")
        self.setMinimumWidth(460)
        self.recover = False
        layout = QVBoxLayout(self)
        label = QLabel(message)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.passphrase = _password_field("Passphrase")
        layout.addWidget(self.passphrase)
        if error:
            shown = QLabel(error)
            shown.setObjectName("unlockError")
            shown.setWordWrap(True)
            layout.addWidget(shown)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        recover = QPushButton("Use &recovery key…")
        buttons.addButton(recover, QDialogButtonBox.ResetRole)
        recover.clicked.connect(self._recover)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _recover(self) -> None:
        self.recover = True
        self.accept()


class RecoveryKeyDialog(QDialog):
    def __init__(self, parent: QWidget | None, code: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your recovery key")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "This is the recovery key of your encrypted cases: if you forget the "
            "passphrase, it is the only way to open them. It is shown only now, before "
            "anything depends on it: write it down or print it, and keep it apart from "
            "this computer. (After a passphrase change the previous one stops working.)"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        shown = QLabel(code)
        shown.setObjectName("recoveryKey")
        shown.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        shown.setFont(QFont("monospace"))
        layout.addWidget(shown)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok)
        copy = QPushButton("&Copy")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(code))
        buttons.addButton(copy, QDialogButtonBox.ActionRole)
        buttons.button(QDialogButtonBox.Ok).setText("I have written it down")
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


class SecurityPrompts:
    """The real dialogs (modal: they are the seam tests replace)."""

    def new_passphrase(self, parent: QWidget | None, title: str, intro: str) -> str | None:
        dialog = NewPassphraseDialog(parent, title, intro)
        return dialog.passphrase.text() if dialog.exec() == QDialog.Accepted else None

    def unlock(self, parent: QWidget | None, message: str, error: str | None) -> str | None:
        dialog = UnlockDialog(parent, message, error)
        if dialog.exec() != QDialog.Accepted:
            return None
        return RECOVER if dialog.recover else dialog.passphrase.text()

    def recovery_code(self, parent: QWidget | None, error: str | None) -> str | None:
        dialog = UnlockDialog(
            parent, "Type the recovery key (13 groups of 4 letters and digits).", error
        )
        dialog.setWindowTitle("Recovery key")
        return dialog.passphrase.text() if dialog.exec() == QDialog.Accepted else None

    def show_recovery_key(self, parent: QWidget | None, code: str) -> None:
        RecoveryKeyDialog(parent, code).exec()


class ScriptedPrompts(SecurityPrompts):
    """Answers from lists; records what was asked. For tests."""

    def __init__(self) -> None:
        self.new_answers: list[str | None] = []
        self.unlock_answers: list[str | None] = []
        self.recovery_answers: list[str | None] = []
        self.asked: list[tuple[str, str]] = []
        self.shown_codes: list[str] = []

    def new_passphrase(self, parent, title, intro):  # type: ignore[no-untyped-def]
        self.asked.append(("new", title))
        return self.new_answers.pop(0) if self.new_answers else None

    def unlock(self, parent, message, error):  # type: ignore[no-untyped-def]
        self.asked.append(("unlock", error or ""))
        return self.unlock_answers.pop(0) if self.unlock_answers else None

    def recovery_code(self, parent, error):  # type: ignore[no-untyped-def]
        self.asked.append(("recovery", error or ""))
        return self.recovery_answers.pop(0) if self.recovery_answers else None

    def show_recovery_key(self, parent, code):  # type: ignore[no-untyped-def]
        self.shown_codes.append(code)


prompts: SecurityPrompts = SecurityPrompts()
