"""Is every input readable? A widget passes when it is at least as large as its
minimum size hint (nothing of it squeezed) and every part of it is either inside
the area its ancestors show or reachable by a visible scroll bar of the scroll area
that clips it. A window or dialog must itself fit the screen.

Used in process at 1280×720 (tests/test_layout.py) and by ``python -m
tests.layout_probe`` in a subprocess started with QT_SCALE_FACTOR=2 on a 2560×1440
offscreen screen, where the scale factor is real (it cannot change inside a running
QApplication).
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

INPUTS = (
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractButton,
    QAbstractItemView,
)


def _name(widget: QWidget) -> str:
    return (
        widget.accessibleName()
        or widget.objectName()
        or (widget.text() if isinstance(widget, (QAbstractButton, QLabel)) else "")
        or type(widget).__name__
    )


def _scroll_area_of_viewport(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    if isinstance(parent, QAbstractScrollArea) and parent.viewport() is widget:
        return parent
    return None


def _inside_item_view(widget: QWidget, root: QWidget) -> bool:
    """Cell widgets of a list or table are placed by the view (checked as the view)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def reachability_problem(widget: QWidget, root: QWidget) -> str | None:
    """None when every part of ``widget`` can be brought into view inside ``root``."""
    rect = QRect(widget.rect())
    child = widget
    parent = widget.parentWidget()
    while child is not root and parent is not None:
        rect.translate(child.pos())
        area = _scroll_area_of_viewport(parent)
        bounds = parent.rect()
        if area is not None:
            wide = rect.left() < bounds.left() or rect.right() > bounds.right()
            tall = rect.top() < bounds.top() or rect.bottom() > bounds.bottom()
            if wide and not area.horizontalScrollBar().isVisible():
                return f"cut off on the side in {_name(area)} with no horizontal scroll bar"
            if tall and not area.verticalScrollBar().isVisible():
                return f"cut off below in {_name(area)} with no vertical scroll bar"
            rect = QRect(bounds)  # from here on, the viewport is what must show
        elif not bounds.contains(rect):
            return (
                f"outside {_name(parent)} ({rect.x()},{rect.y()} {rect.width()}x{rect.height()}"
                f" in {bounds.width()}x{bounds.height()})"
            )
        child, parent = parent, parent.parentWidget()
    return None


def _in_background_tab(widget: QWidget, root: QWidget) -> bool:
    """Inside a dock that is a tab behind another: Qt keeps it "visible" but moves it
    off the window; it is checked when its tab is raised."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QDockWidget) and isinstance(root, QMainWindow):
            return bool(root.tabifiedDockWidgets(parent)) and parent.visibleRegion().isEmpty()
        parent = parent.parentWidget()
    return False


def layout_problems(root: QWidget, *, text_fits: bool = False) -> list[str]:
    """Every visible input (and label) under ``root`` that is squeezed or unreachable.

    ``text_fits``: a one-line field must also show its whole text or placeholder
    (for dialogs, whose values are short and known)."""
    problems: list[str] = []
    screen = root.screen().availableGeometry() if root.screen() else None
    if root.isWindow() and screen is not None:
        frame = root.frameGeometry()
        if frame.width() > screen.width() or frame.height() > screen.height():
            problems.append(
                f"{_name(root)}: {frame.width()}x{frame.height()} does not fit the "
                f"{screen.width()}x{screen.height()} screen"
            )
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, (*INPUTS, QLabel)) or not widget.isVisible():
            continue
        if _inside_item_view(widget, root) or isinstance(widget.parentWidget(), QComboBox):
            continue
        if _in_background_tab(widget, root):
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parentWidget(), QAbstractSpinBox):
            continue
        name = f"{type(widget).__name__} {_name(widget)!r}"
        hint = widget.minimumSizeHint()
        if widget.width() < hint.width() or widget.height() < hint.height():
            problems.append(
                f"{name}: {widget.width()}x{widget.height()} is smaller than its minimum "
                f"{hint.width()}x{hint.height()}"
            )
        problem = reachability_problem(widget, root)
        if problem:
            problems.append(f"{name}: {problem}")
        if text_fits and isinstance(widget, QLineEdit):
            text = widget.text() or widget.placeholderText()
            needed = widget.fontMetrics().horizontalAdvance(text) + 14
            if widget.width() < needed:
                problems.append(f"{name}: {widget.width()} px shows {needed} px of text cut off")
    return problems


def every_dialog(window):
    """Each dialog of the window, opened the way the product opens it (not modal),
    as (name, dialog) pairs; the caller closes them."""
    from imr_desktop.ui.security.feature import show_audit_log, show_backups
    from imr_desktop.ui.security.passphrase_dialogs import (
        NewPassphraseDialog,
        RecoveryKeyDialog,
        UnlockDialog,
    )

    window.edit_profile()
    window.show_history()
    window.letter.show_snippets()
    window.guideline_panel.library_actions.show_sources()
    window.precedents.manage()
    dialogs = [
        ("reviewer profile", window._profile_dialog),
        ("history", window._history_dialog),
        ("snippets", window.letter.snippets_dialog),
        ("guideline sources", window.guideline_panel.library_actions.sources_dialog),
        ("published decisions", window.precedents._library_dialog),
        ("audit log", show_audit_log(window)),
        ("backups", show_backups(window)),
        (
            "new passphrase",
            NewPassphraseDialog(
                window, "Choose a passphrase", "Cases are encrypted with this passphrase."
            ),
        ),
        ("unlock", UnlockDialog(window, "Type the passphrase to unlock.", "Wrong passphrase.")),
        ("recovery key", RecoveryKeyDialog(window, "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567")),
    ]
    for _, dialog in dialogs:
        dialog.show()
    return dialogs
