"""Feature modules plug into the main window here: each has ``install(window)``,
adding its menus, actions, docks or tabs. One line per feature.

A feature's panel that is not on the first screen (a hidden dock, a tab behind
another) stands in the window as a :class:`LazyPanel` and is built, with the
modules behind it, when it is first shown or first asked for. Work the first
screen does not need runs after the case is on screen (``window.after_start_up``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

if TYPE_CHECKING:
    from .main_window import MainWindow

PanelT = TypeVar("PanelT", bound=QWidget)


class LazyPanel(QWidget, Generic[PanelT]):
    """Stands in a dock or a tab for a feature's panel until the panel is first
    shown, or asked for with :meth:`panel`. It is built before it paints: no one
    sees the stand-in."""

    def __init__(self, build: Callable[[], PanelT], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build: Callable[[], PanelT] | None = build
        self._panel: PanelT | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._panel is not None

    def panel(self) -> PanelT:
        if self._panel is None:
            assert self._build is not None
            build, self._build = self._build, None
            self._panel = build()
            self.layout().addWidget(self._panel)
        return self._panel

    def showEvent(self, event: QShowEvent) -> None:
        self.panel()
        super().showEvent(event)


def install_features(window: MainWindow) -> None:
    from imr_desktop.ui.guidelines.feature import install as install_guidelines

    install_guidelines(window)
    from imr_desktop.ui.records.feature import install as install_records

    install_records(window)
    from imr_desktop.ui.security.feature import install as install_security

    install_security(window)
    from imr_desktop.ui.spelling.feature import install as install_spelling

    install_spelling(window)  # before the letter: its QA strip lists spelling warnings
    from imr_desktop.ui.letter.feature import install as install_letter

    install_letter(window)
    from imr_desktop.ui.letters.feature import install as install_letters

    install_letters(window)
    from imr_desktop.ui.requests.feature import install as install_requests

    install_requests(window)
    from imr_desktop.ui.precedents.feature import install as install_precedents

    install_precedents(window)
    from .about import install as install_about

    install_about(window)
