"""Installs the guideline panel in the window's right dock, the Cite action
(Ctrl+Shift+C) and the Tools menu entries for the library."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from imr_desktop.database import StoreError
from imr_desktop.guidelines import GuidelineImportError

from .library_actions import LibraryActions
from .panel import CITE_SHORTCUT, GuidelinePanel

if TYPE_CHECKING:
    from imr_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def _unavailable(reason: str) -> QLabel:
    label = QLabel(
        f"The guideline library cannot be opened: {reason}\n\n"
        "Move library.db out of the data folder to start a new one with the sample library."
    )
    label.setObjectName("guidelineUnavailable")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignCenter)
    return label


def install(window: MainWindow) -> GuidelinePanel | None:
    try:
        _ = window.workspace.library  # opened (and seeded on first use) here
    except (StoreError, OSError, GuidelineImportError) as exc:
        # The cases still open; the dock says why the library did not.
        log.error("guideline library unavailable: %s", type(exc).__name__)
        window.set_guideline_panel(_unavailable(str(exc)))
        return None
    panel = GuidelinePanel(window)
    window.set_guideline_panel(panel)
    window.guideline_panel = panel
    actions = LibraryActions(window, panel)
    panel.library_actions = actions
    window.add_action(
        "case",
        "cite_passage",
        "&Cite guideline passage into item",
        panel.cite,
        CITE_SHORTCUT,
        "Add the passage shown in the guideline panel to the selected item's citations",
    )
    tools = window.menu("tools")
    tools.addSeparator()
    window.add_action(
        "tools", "import_guidelines", "Import &guideline library…", actions.choose_and_import
    )
    window.add_action("tools", "guideline_sources", "Guideline s&ources…", actions.show_sources)
    panel._update_cite_button()
    from .suggestions import install as install_suggestions

    install_suggestions(window, panel)
    return panel
