"""The reviewer profile, set once: what the letter says about the reviewer.

The name is kept for the audit log only and never printed (LC 4610.6(f))."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from imr_desktop.model import ReviewerProfile


class ProfileDialog(QDialog):
    accepted_profile = Signal(object)

    def __init__(self, parent: QWidget, profile: ReviewerProfile) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reviewer profile")
        form = QFormLayout(self)
        self.organisation = QLineEdit(profile.organisation)
        self.specialty = QLineEdit(profile.specialty)
        self.specialty.setPlaceholderText("e.g. Physical Medicine and Rehabilitation")
        self.board_certified = QCheckBox("Board certified")
        self.board_certified.setChecked(profile.board_certified)
        self.licensure = QLineEdit(", ".join(profile.licensure))
        self.licensure.setPlaceholderText("states, comma-separated")
        self.years = QSpinBox()
        self.years.setRange(0, 70)
        self.years.setValue(profile.years_in_practice)
        self.hours = QSpinBox()
        self.hours.setRange(0, 100)
        self.hours.setValue(profile.hours_per_week)
        self.name = QLineEdit(profile.name)
        self.check_spelling = QCheckBox("Chec&k spelling as I type (and in the QA strip)")
        self.check_spelling.setChecked(profile.check_spelling)
        for text, widget in (
            ("&Review organization:", self.organisation),
            ("&Specialty:", self.specialty),
            ("", self.board_certified),
            ("States of &licensure:", self.licensure),
            ("&Years in active practice:", self.years),
            ("&Hours per week in practice:", self.hours),
            ("Your &name (audit log only):", self.name),
            ("", self.check_spelling),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(
                text.replace("&", "").rstrip(":") or widget.text().replace("&", "")
            )
            form.addRow(label, widget)
        # Wide enough to read what the fields hold ("Physical Medicine and
        # Rehabilitation" whole), not the 125 pixels of a default line edit.
        metrics = self.fontMetrics()
        width = max(
            metrics.horizontalAdvance(text)
            for field in (self.organisation, self.specialty, self.licensure, self.name)
            for text in (field.text(), field.placeholderText(), "M" * 24)
        )
        for field in (self.organisation, self.specialty, self.licensure, self.name):
            field.setMinimumWidth(width + 16)
        note = QLabel("Your name is never printed in a letter or exported with a case.")
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def profile(self) -> ReviewerProfile:
        return ReviewerProfile(
            organisation=self.organisation.text().strip() or ReviewerProfile().organisation,
            specialty=self.specialty.text().strip(),
            board_certified=self.board_certified.isChecked(),
            licensure=[s.strip() for s in self.licensure.text().split(",") if s.strip()],
            years_in_practice=self.years.value(),
            hours_per_week=self.hours.value(),
            name=self.name.text().strip(),
            check_spelling=self.check_spelling.isChecked(),
        )

    def _save(self) -> None:
        self.accepted_profile.emit(self.profile())
        self.accept()
