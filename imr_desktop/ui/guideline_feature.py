"""Installs the guideline panel in the window's right dock, the Cite action
(Ctrl+Shift+C) and the Tools menu entries for the library."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .guideline_library_actions import LibraryActions
from .guideline_panel import CITE_SHORTCUT, GuidelinePanel

if TYPE_CHECKING:
    from .main_window import MainWindow


def install(window: MainWindow) -> GuidelinePanel:
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
    window.add_action("tools", "guideline_sources", "Guideline &sources…", actions.show_sources)
    panel._update_cite_button()
    return panel
