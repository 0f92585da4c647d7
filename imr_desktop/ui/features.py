"""Feature modules plug into the main window here: each has ``install(window)``,
adding its menus, actions, docks or tabs. One line per feature."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .main_window import MainWindow


def install_features(window: MainWindow) -> None:
    from .guideline_feature import install as install_guidelines

    install_guidelines(window)
    from .records_feature import install as install_records

    install_records(window)
    from .security import install as install_security

    install_security(window)
    from .letter_feature import install as install_letter

    install_letter(window)
    from .letters_feature import install as install_letters

    install_letters(window)
    from .about import install as install_about

    install_about(window)
