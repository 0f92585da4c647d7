"""Feature modules plug into the main window here: each has ``install(window)``,
adding its menus, actions, docks or tabs. One line per feature."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .main_window import MainWindow


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
    from imr_desktop.ui.precedents.feature import install as install_precedents

    install_precedents(window)
    from .about import install as install_about

    install_about(window)
