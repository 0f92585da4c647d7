"""The window's docks can collapse to a strip, so that on a 1280×720 laptop the case
form gets the room: a bottom dock (QA) to its one-line title bar, which can carry
a summary ("✖ 1 error · ⚠ 2 warnings — …"); a side dock (the queue, the guideline
panel) to a narrow vertical bar with its title written down it. The ▾ button, a
double-click on the title or Enter on the focused button collapses and expands it;
which docks are collapsed is remembered with the window's layout.

The window's own two docks are built before its first paint, when nothing may
touch Qt's ``Qt`` namespace (its first use makes Python classes of ~100 enums) or
load what the frame does not show: ``Qt``, ``QStyle`` and ``QPainter`` are
imported where they are used, an empty summary is not elided, and such a dock
shows its float and close buttons (their icons come from the style) and follows
its moves (a move signal carries a ``Qt`` enum) once :meth:`StripDock.finish` is
called.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QDockWidget,
    QLabel,
    QMainWindow,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

QWIDGETSIZE_MAX = (1 << 24) - 1


class _VerticalTitle(QWidget):
    """The title written bottom to top, for a collapsed side dock."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = text
        self.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        metrics = self.fontMetrics()
        return QSize(metrics.height() + 4, metrics.horizontalAdvance(self.text) + 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self.sizeHint()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt's name)
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QPainter

        painter = QPainter(self)
        painter.translate(0, self.height())
        painter.rotate(-90)
        # Read bottom to top, ending next to the expand button at the top.
        painter.drawText(
            4, 0, self.height() - 8, self.width(), Qt.AlignVCenter | Qt.AlignRight, self.text
        )


class ElidedLabel(QLabel):
    """One line that ends in "…" when the bar is too short; the tooltip has it all."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full_text = ""
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)

    def set_full_text(self, text: str) -> None:
        self.full_text = text
        self.setToolTip(text)
        self._elide()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(0, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        if not self.full_text:
            self.setText("")
            return
        from PySide6.QtCore import Qt

        self.setText(self.fontMetrics().elidedText(self.full_text, Qt.ElideRight, self.width()))


class DockTitleBar(QWidget):
    """Collapse button, title, an optional one-line summary, float and close."""

    toggled = Signal(bool)  # collapsed

    def __init__(self, dock: QDockWidget, *, buttons: bool = True) -> None:
        super().__init__(dock)
        self.setObjectName(f"{dock.objectName()}TitleBar")
        self.dock = dock
        self.collapse_button = QToolButton(self)
        self.collapse_button.setAutoRaise(True)
        self.collapse_button.setAccessibleName(f"Collapse or expand {dock.windowTitle()}")
        self.collapse_button.clicked.connect(lambda: self.toggled.emit(not self.collapsed))
        self.title = QLabel(dock.windowTitle(), self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.summary = ElidedLabel(self)
        self.summary.setObjectName(f"{dock.objectName()}Summary")
        self.vertical_title = _VerticalTitle(dock.windowTitle(), self)
        self.float_button = self._button("Float or dock")
        self.float_button.clicked.connect(lambda: dock.setFloating(not dock.isFloating()))
        self.close_button = self._button(f"Hide {dock.windowTitle()}")
        self.close_button.clicked.connect(dock.close)
        self.buttons = False  # the float and close buttons shown (with their icons)
        self.row = QBoxLayout(QBoxLayout.LeftToRight, self)
        self.row.setContentsMargins(2, 1, 2, 1)
        self.row.setSpacing(4)
        self.collapsed = False
        self.vertical = False
        if buttons:
            self.show_buttons()
        else:
            self._arrange()

    def _button(self, name: str) -> QToolButton:
        button = QToolButton(self)
        button.setAutoRaise(True)
        button.setToolTip(name)
        button.setAccessibleName(name)
        return button

    def show_buttons(self) -> None:
        from PySide6.QtWidgets import QStyle

        style = self.style()
        self.float_button.setIcon(style.standardIcon(QStyle.SP_TitleBarNormalButton))
        self.close_button.setIcon(style.standardIcon(QStyle.SP_TitleBarCloseButton))
        self.buttons = True
        self._arrange()

    def set_state(self, collapsed: bool, vertical: bool) -> None:
        self.collapsed, self.vertical = collapsed, vertical
        self._arrange()

    def set_summary(self, text: str) -> None:
        self.summary.set_full_text(text)

    def _arrange(self) -> None:
        while self.row.count():
            self.row.takeAt(0)
        if self.collapsed:
            self.collapse_button.setText("▸")
            self.collapse_button.setToolTip(f"Expand {self.dock.windowTitle()}")
        else:
            self.collapse_button.setText("▾")
            self.collapse_button.setToolTip(f"Collapse {self.dock.windowTitle()} to a strip")
        if self.vertical:
            from PySide6.QtCore import Qt

            self.row.setDirection(QBoxLayout.TopToBottom)
            self.row.addWidget(self.collapse_button, 0, Qt.AlignHCenter)
            self.row.addWidget(self.vertical_title, 1, Qt.AlignHCenter)
            shown = {self.collapse_button, self.vertical_title}
        else:
            self.row.setDirection(QBoxLayout.LeftToRight)
            for widget, stretch in (
                (self.collapse_button, 0),
                (self.title, 0),
                (self.summary, 1),
                (self.float_button, 0),
                (self.close_button, 0),
            ):
                self.row.addWidget(widget, stretch)
            shown = {self.collapse_button, self.title, self.summary}
            if self.buttons:
                shown |= {self.float_button, self.close_button}
        for widget in (
            self.collapse_button,
            self.title,
            self.summary,
            self.vertical_title,
            self.float_button,
            self.close_button,
        ):
            widget.setVisible(widget in shown)
        self.updateGeometry()

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.toggled.emit(not self.collapsed)
        event.accept()


class StripDock(QDockWidget):
    """A dock that collapses to a strip; see the module docstring.

    Its content sits in a holder widget that stays shown while the content is
    hidden: a dock whose own widget is hidden shrinks to its title bar's width,
    which is not a strip across the window. ``widget()`` and ``setWidget()`` mean
    the content, as for any dock."""

    collapsedChanged = Signal(bool)

    def __init__(
        self, title: str, object_name: str, window: QMainWindow, *, finished: bool = True
    ) -> None:
        super().__init__(title, window)
        self.setObjectName(object_name)  # saveState() needs it to restore the dock
        self.main_window = window
        self._holder = QWidget(self)
        self._holder_layout = QVBoxLayout(self._holder)
        self._holder_layout.setContentsMargins(0, 0, 0, 0)
        self._content: QWidget | None = None
        super().setWidget(self._holder)
        self.bar = DockTitleBar(self, buttons=finished)
        self.setTitleBarWidget(self.bar)
        self.bar.toggled.connect(self.set_collapsed)
        self.collapsed = False
        self._expanded_size: int | None = None
        self._finished = False
        if finished:
            self.finish()

    def finish(self) -> None:
        """What the first paint does without: the float and close buttons, and
        laying the strip out again when the dock moves to another side or floats."""
        if self._finished:
            return
        self._finished = True
        if not self.bar.buttons:
            self.bar.show_buttons()
        self.dockLocationChanged.connect(lambda _area: self._refresh())
        self.topLevelChanged.connect(lambda _floating: self._refresh())

    def widget(self) -> QWidget | None:  # type: ignore[override]
        return self._content

    def setWidget(self, widget: QWidget) -> None:  # type: ignore[override]  # noqa: N802
        if self._content is not None:
            self._holder_layout.removeWidget(self._content)
            self._content.hide()
        self._content = widget
        self._holder_layout.addWidget(widget)
        widget.setVisible(not self.collapsed)

    def _side(self) -> bool:
        from PySide6.QtCore import Qt

        area = self.main_window.dockWidgetArea(self)
        return not self.isFloating() and area in (Qt.LeftDockWidgetArea, Qt.RightDockWidgetArea)

    def _refresh(self) -> None:
        self.set_collapsed(self.collapsed, force=True)

    def set_collapsed(self, collapsed: bool, force: bool = False) -> None:
        if collapsed == self.collapsed and not force:
            return
        side = self._side()
        if collapsed and not self.collapsed:
            self._expanded_size = self.width() if side else self.height()
        changed = collapsed != self.collapsed
        self.collapsed = collapsed
        if self._content is not None:
            self._content.setVisible(not collapsed)
        vertical = collapsed and side
        features = self.features()
        if vertical:
            features |= QDockWidget.DockWidgetVerticalTitleBar
        else:
            features &= ~QDockWidget.DockWidgetVerticalTitleBar
        self.setFeatures(features)
        self.bar.set_state(collapsed, vertical)
        self.setMaximumSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX)
        hint = self.bar.sizeHint()
        if collapsed:
            if vertical:
                self.setMaximumWidth(hint.width())
            elif not self.isFloating():
                self.setMaximumHeight(hint.height())
        elif changed and not self.isFloating():
            # Back to the size it had, or (collapsed since the last run) its content's.
            strip = hint.width() if side else hint.height()
            size = self._expanded_size or 0
            if size <= 2 * strip and self._content is not None:
                content = self._content.sizeHint()
                size = content.width() if side else content.height() + strip
            if size > 0:
                from PySide6.QtCore import Qt

                orientation = Qt.Horizontal if side else Qt.Vertical
                self.main_window.resizeDocks([self], [size], orientation)
        if changed:
            self.collapsedChanged.emit(collapsed)
