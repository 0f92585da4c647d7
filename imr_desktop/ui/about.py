"""Help ▸ About: the version (from ``imr_desktop.__version__``, the same place
``--version`` and the package build read) and the licenses of what ships inside."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtGui import QIcon

from imr_desktop import __version__, paths

if TYPE_CHECKING:
    from .main_window import MainWindow

ABOUT_TITLE = "About IMR Desktop"

THIRD_PARTY = (
    "Qt {qt} and PySide6 {pyside}: GNU LGPL version 3; the Qt libraries are "
    "shipped as separate shared libraries that may be replaced.",
    "ReportLab (PDF letters): BSD license.",
    "DejaVu fonts: Bitstream Vera / DejaVu free font license.",
    "Python {python}: PSF license. sqlite-utils: Apache 2.0. pypdf: BSD. "
    "SQLCipher (sqlcipher3): BSD-style. cryptography: Apache 2.0 or BSD.",
    "Drug names: the dictionary of drug-named-entity-recognition (Fast Data Science, "
    "MIT license), built from DrugBank open data (CC0), MeSH and MedlinePlus (U.S. "
    "National Library of Medicine) and Wikipedia (CC BY-SA 3.0).",
)


def about_text() -> str:
    import platform  # read when the box opens, not at start-up

    credits = "\n".join(
        "• " + line.format(qt=qVersion(), pyside=pyside_version, python=platform.python_version())
        for line in THIRD_PARTY
    )
    return (
        f"IMR Desktop {__version__}\n\n"
        "An offline workstation for writing California workers' compensation "
        "Independent Medical Review final determinations. Nothing leaves this computer.\n\n"
        f"Built with:\n{credits}"
    )


def show_about(window: MainWindow) -> None:
    window.dialogs.info(ABOUT_TITLE, about_text())


def install(window: MainWindow) -> None:
    if "about" in window.actions:
        return  # installed once per window
    window.add_action("help", "about", "&About IMR Desktop", lambda: show_about(window))
    icon = paths.resource("icons", "imr-desktop.png")
    if icon.is_file():
        window.setWindowIcon(QIcon(str(icon)))
