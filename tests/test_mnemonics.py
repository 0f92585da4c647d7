"""Every Alt+letter reaches one thing. Qt cycles the focus among widgets that share a
mnemonic, and a menu-bar title shadows a label with the same letter, so no two
mnemonics that can be active together in one window may share a letter: the menu
bar's titles, labels with a buddy, buttons, check boxes, group boxes, tab texts and
Alt+letter shortcuts of actions. Two owners can be active together unless they lie on
different pages of the same stack (the Case, Records and Letter tabs): a dock, a
field shown only in some cases, a disabled button all count. Each menu's entries are
unique within that menu, and each dialog's mnemonics within that dialog."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMenu,
    QMenuBar,
    QStackedWidget,
    QTabBar,
    QWidget,
)

from imr_desktop.model import Decision
from imr_desktop.ui.features import LazyPanel
from tests.layout_helpers import every_dialog
from tests.security_helpers import PASSPHRASE
from tests.ui_helpers import close_window, make_window, open_by_number


def mnemonic(text: str) -> str | None:
    """The key Qt makes of ``text``'s "&x" ("Alt+X"), as Qt itself reads it."""
    key = QKeySequence.mnemonic(text)
    return key.toString() if not key.isEmpty() else None


@dataclass(frozen=True)
class Owner:
    key: str  # "Alt+R"
    what: str  # how the test reports it: 'label "&Request:"'
    pages: frozenset[tuple[int, int]]  # (stack, page index) of each stack it lies in

    def can_meet(self, other: Owner) -> bool:
        """Both can be active at once: not on different pages of one stack."""
        mine = dict(self.pages)
        return all(mine.get(stack, index) == index for stack, index in other.pages)


def _pages(widget: QWidget, top: QWidget) -> frozenset[tuple[int, int]]:
    pages = set()
    child, parent = widget, widget.parentWidget()
    while parent is not None and child is not top:
        if isinstance(parent, QStackedWidget):
            pages.add((id(parent), parent.indexOf(child)))
        child, parent = parent, parent.parentWidget()
    return frozenset(pages)


def owners(top: QWidget) -> tuple[list[Owner], list[str]]:
    """Every mnemonic of the window or dialog ``top`` (its own widgets, not those
    of its dialogs or popup menus), and the mnemonics that do nothing (a label
    with "&" but no buddy)."""
    found: list[Owner] = []
    idle: list[str] = []

    def add(text: str, what: str, widget: QWidget) -> None:
        key = mnemonic(text)
        if key:
            found.append(Owner(key, f"{what} {text!r}", _pages(widget, top)))

    for widget in [top, *top.findChildren(QWidget)]:
        if QWidget.window(widget) is not top:  # some panels keep a `window` attribute
            continue
        if isinstance(widget, QMenuBar):
            for action in widget.actions():
                if action.isVisible():
                    add(action.text(), "menu", widget)
        elif isinstance(widget, QLabel):
            if widget.buddy() is not None:
                add(widget.text(), "label", widget)
            elif mnemonic(widget.text()):
                idle.append(f"label {widget.text()!r} has no buddy")
        elif isinstance(widget, QAbstractButton):
            add(widget.text(), type(widget).__name__, widget)
        elif isinstance(widget, QGroupBox):
            add(widget.title(), "group", widget)
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                add(widget.tabText(index), "tab", widget)
    for action in top.findChildren(QAction):
        for shortcut in action.shortcuts():
            text = shortcut.toString()
            if text.startswith("Alt+") and len(text) == 5 and text[-1].isalpha():
                found.append(Owner(text, f"action {action.text()!r}", frozenset()))
    return found, idle


def clashes(top: QWidget) -> list[str]:
    found, idle = owners(top)
    problems = list(idle)
    for n, first in enumerate(found):
        for second in found[n + 1 :]:
            if first.key == second.key and first.can_meet(second):
                pair = " and ".join(sorted((first.what, second.what)))
                problems.append(f"{first.key}: {pair}")
    return problems


def menu_clashes(menu: QMenu) -> list[str]:
    seen: dict[str, str] = {}
    problems = []
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        key = mnemonic(action.text())
        if key in seen:
            problems.append(f"{menu.title()!r} {key}: {seen[key]!r} and {action.text()!r}")
        elif key:
            seen[key] = action.text()
        if action.menu() is not None:
            problems += menu_clashes(action.menu())
    return problems


def build_every_panel(window) -> None:
    """What a reviewer can bring on screen: every lazily built panel (the Records tab,
    the Prior letters and Case notes docks), every dock shown."""
    for lazy in window.findChildren(LazyPanel):
        lazy.panel()
    for dock in window.dock_strips.values():
        dock.show()
    QApplication.processEvents()


def test_the_window_has_one_owner_per_mnemonic(window):
    open_by_number(window, "CM16-0000102")  # UR modified its request: every item field
    build_every_panel(window)
    assert clashes(window) == []
    # The check sees the whole window: the docks and the tabs behind the current one.
    seen = {owner.what: owner.key for owner in owners(window)[0]}
    assert seen["menu '&Case'"] == "Alt+C" and seen["label '&Request:'"] == "Alt+R"
    assert seen["label '&Search:'"] == "Alt+S"  # the guideline dock
    assert seen["label 'Search all &records of this case:'"] == "Alt+R"  # the Records tab


def test_a_clash_is_found(window):
    """The check itself: a second Alt+R on the Case tab and a tab named like a menu
    are clashes, a label with "&" and no buddy does nothing; the same letter on
    another tab page (Records' "Search all &records") is no clash."""
    build_every_panel(window)
    editor = window.editor.item_editor
    twin = QLabel("&Reason:", editor)
    twin.setBuddy(editor.claims_guideline)
    QLabel("&Orphan:", editor)
    window.center_tabs.addTab(QWidget(), "&Tools")
    problems = clashes(window)
    assert "Alt+R: label '&Reason:' and label '&Request:'" in problems
    assert "Alt+T: menu '&Tools' and tab '&Tools'" in problems
    assert "label '&Orphan:' has no buddy" in problems
    assert not any("Search all &records" in problem for problem in problems)


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_each_menu_has_one_entry_per_mnemonic(qtbot, data_dir, fast_scrypt, encrypted):
    """The Tools menu differs by folder: Encrypt… on a plain one, Change passphrase… on
    an encrypted one."""
    if encrypted:
        from tests.security_helpers import encrypt

        encrypt(data_dir)
    window = make_window(qtbot, data_dir, passphrase=PASSPHRASE if encrypted else None)
    try:
        build_every_panel(window)
        assert ("change_passphrase" if encrypted else "encrypt") in window.actions
        problems = []
        for action in window.menuBar().actions():
            problems += menu_clashes(action.menu())
        assert problems == []
    finally:
        close_window(window)


def test_each_dialog_has_one_owner_per_mnemonic(window):
    dialogs = every_dialog(window)
    try:
        found = {name: clashes(dialog) for name, dialog in dialogs}
        assert found == {name: [] for name, _ in dialogs}
        # Each dialog is checked apart: the profile's "&Review organization" is no clash
        # with the history's "&Restore this revision".
        assert any(o.key == "Alt+R" for o in owners(window._profile_dialog)[0])
    finally:
        for _, dialog in dialogs:
            dialog.close()


def press_alt(window, key: Qt.Key) -> None:
    QTest.keyClick(window.windowHandle(), key, Qt.AltModifier)


def focus_in(field: QWidget) -> bool:
    """The focus is on ``field`` or, for the citation table, on the cell it edits."""
    focused = QApplication.focusWidget()
    return focused is not None and (focused is field or field.isAncestorOf(focused))


def test_alt_letters_reach_the_fields_of_the_item(window, qtbot):
    """Real Alt+letter keys at the window: each goes to its one field and stays there
    when pressed again (a shared letter would cycle the focus on)."""
    open_by_number(window, "CM16-0000102")
    editor = window.editor.item_editor
    window.editor.items.setFocus()
    for key, field in (
        (Qt.Key_R, editor.request),
        (Qt.Key_G, editor.original_request),
        (Qt.Key_P, editor.authorised_part),
        (Qt.Key_M, editor.claims_guideline),
        (Qt.Key_I, editor.citations),
        (Qt.Key_D, editor.rationale),
        (Qt.Key_N, window.editor.header_fields["ur_denial_date"]),
        (Qt.Key_J, window.editor.header_fields["date_of_injury"]),
    ):
        for _ in range(2):
            press_alt(window, key)
            qtbot.waitUntil(lambda field=field: focus_in(field))
    # What is typed after Alt+R lands in the request.
    press_alt(window, Qt.Key_R)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.request)
    qtbot.keyClick(editor.request, Qt.Key_End, Qt.ControlModifier)
    qtbot.keyClicks(editor.request, " x3")
    assert window.session.case.items[0].request.endswith(" x3")


def test_alt_o_overturns_and_alt_c_opens_the_case_menu(window, qtbot):
    open_by_number(window, "CM16-0000102")
    editor = window.editor.item_editor
    window.editor.items.setFocus()
    assert window.session.case.items[0].decision is Decision.UPHELD  # as the demo has it
    press_alt(window, Qt.Key_O)
    qtbot.waitUntil(lambda: window.session.case.items[0].decision is Decision.OVERTURNED)
    assert editor.overturned.isChecked()
    # Alt+C belongs to the Case menu alone (the Citations label and the Case tab had it).
    case_menu = window.menu("case")
    press_alt(window, Qt.Key_C)
    qtbot.waitUntil(case_menu.isVisible)
    QTest.keyClick(case_menu, Qt.Key_Escape)
    qtbot.waitUntil(lambda: not case_menu.isVisible())
