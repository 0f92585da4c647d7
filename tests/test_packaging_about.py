"""Help ▸ About reports the one version and the licences of what ships inside."""

from __future__ import annotations

import subprocess
import sys

from imr_desktop import __version__
from imr_desktop.ui.about import ABOUT_TITLE
from tests.ui_helpers import close_window, make_window


def test_about_shows_version_and_licences(qtbot, data_dir):
    window = make_window(qtbot, data_dir)
    try:
        action = window.actions["about"]
        assert action in window.menu("help").actions()
        action.trigger()
        kind, title, text = window.dialogs.messages[-1]
        assert (kind, title) == ("info", ABOUT_TITLE)
        assert f"IMR Desktop {__version__}" in text
        assert "LGPL" in text and "ReportLab" in text and "BSD" in text and "DejaVu" in text
        assert not window.windowIcon().isNull()
    finally:
        close_window(window)


def test_version_option_prints_the_same_version_once():
    out = subprocess.run(
        [sys.executable, "-m", "imr_desktop", "--version"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out == f"imr-desktop {__version__}\n"
