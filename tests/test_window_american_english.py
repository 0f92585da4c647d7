"""The window's own words are American English: every menu entry, label, button,
placeholder, tooltip, tab, column header, accessible name and dialog title of the
main window and of each dialog, and the command line's help. (The imr-case/1 keys
"authorised_part" and "organisation" are a file format and stay as they are; the
letter's text is tested in test_letter_american_english.py.)"""

from __future__ import annotations

import argparse

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

from imr_desktop.cli import build_parser
from tests.layout_helpers import every_dialog
from tests.test_letter_american_english import british


def window_words(root: QWidget) -> list[str]:
    """What the reviewer reads on ``root`` that the program wrote (not case data)."""
    words = [root.windowTitle()]
    for action in root.findChildren(QMenu):
        words.append(action.title())
        for a in action.actions():
            words += [a.text(), a.toolTip(), a.statusTip()]
    for w in root.findChildren(QWidget):
        words += [w.toolTip(), w.accessibleName(), w.accessibleDescription(), w.windowTitle()]
        if isinstance(w, (QLabel, QAbstractButton)):
            words.append(w.text())
        if isinstance(w, (QLineEdit, QPlainTextEdit)):
            words.append(w.placeholderText())
        if isinstance(w, QGroupBox):
            words.append(w.title())
        if isinstance(w, QComboBox):
            words += [w.itemText(n) for n in range(w.count())]
        if isinstance(w, QTabWidget):
            words += [w.tabText(n) for n in range(w.count())]
        if isinstance(w, QHeaderView) and w.orientation() == Qt.Horizontal and w.model():
            words += [str(w.model().headerData(c, Qt.Horizontal) or "") for c in range(w.count())]
    return [text for text in words if text]


def help_texts(parser: argparse.ArgumentParser) -> list[str]:
    texts = [parser.format_help()]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                texts += help_texts(sub)
    return texts


def test_the_window_and_its_dialogs_speak_american_english(window):
    window.open_case(window.workspace.cases.find("CM16-0000102"))  # UR modified: all fields
    words = window_words(window)
    assert "Authorized &part:" in words and "&Finalize…" in words
    for _name, dialog in every_dialog(window):
        words += window_words(dialog)
        dialog.close()
    assert "&Review organization:" in words
    found = sorted({w for text in words for w in british(text)})
    assert found == []


def test_the_command_line_help_speaks_american_english():
    texts = help_texts(build_parser())
    assert any("finalize" in t for t in texts)
    found = sorted({w for text in texts for w in british(text)})
    assert found == []
