"""What loads, and what does not, on the way to a first screen or a command's answer.

Each check runs in a fresh interpreter (this one has imported everything) and reads
its ``sys.modules``: a module that must load on first use and loads earlier is a
start-up cost every reviewer pays (issue 17, ``make bench``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def modules_after(script: str, *args: str) -> dict[str, list[str]]:
    """Run ``script`` (which fills a dict ``seen`` of name -> sorted(sys.modules))
    in a fresh interpreter and return ``seen``."""
    code = textwrap.dedent(script) + "\nprint('MODULES ' + json.dumps(seen))\n"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", "import json, sys\nseen = {}\n" + code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith("MODULES "))
    return json.loads(line.removeprefix("MODULES "))


def loaded(modules: list[str], *prefixes: str) -> list[str]:
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes)]


CLI = """
from imr_desktop.cli import main
code = main(sys.argv[1:])
seen["end"] = sorted(sys.modules)
"""


def test_an_up_to_date_data_folder_opens_without_sqlite_utils(data_dir):
    from imr_desktop.workspace import Workspace

    first = Workspace.open(data_dir)  # creates library.db: its schema steps run here
    _ = first.library
    first.close()
    seen = modules_after(
        """
        from imr_desktop.workspace import Workspace
        ws = Workspace.open(sys.argv[1])
        ws.cases.list_cases()
        ws.library.search("physical therapy")
        ws.close()
        seen["end"] = sorted(sys.modules)
        """,
        str(data_dir),
    )
    assert loaded(seen["end"], "sqlite_utils", "click", "dateutil", "pluggy") == []
    # uuid brings platform and ctypes (~3 ms): the anchor's session id does without it.
    assert loaded(seen["end"], "uuid") == []


def test_cases_list_imports_neither_the_letter_nor_the_library(data_dir):
    seen = modules_after(CLI, "--data-dir", str(data_dir), "cases", "list")
    assert "imr_desktop.cases.store" in seen["end"]
    assert (
        loaded(
            seen["end"],
            "reportlab",
            "pypdf",
            "PySide6",
            "sqlite_utils",
            "imr_desktop.export",
            "imr_desktop.letter",
            "imr_desktop.letters.parse",
            "imr_desktop.guidelines.library",
            "imr_desktop.records.store",
            "imr_desktop.commands.letter",
            "imr_desktop.commands.guidelines",
            "imr_desktop.commands.precedents",
        )
        == []
    )


def test_export_imports_what_a_letter_needs_and_no_more(data_dir, tmp_path):
    out = tmp_path / "letter.pdf"
    seen = modules_after(
        CLI, "--data-dir", str(data_dir), "export", "CM16-0000101", "-o", str(out), "--force"
    )
    assert out.stat().st_size > 0
    assert "reportlab.platypus" in seen["end"]
    assert (
        loaded(
            seen["end"],
            "pypdf",
            "PySide6",
            "sqlite_utils",
            "imr_desktop.letters.parse",
            "imr_desktop.guidelines.library",
            "imr_desktop.guidelines.importers",
            "imr_desktop.commands.cases",
            "imr_desktop.commands.guidelines",
            "imr_desktop.commands.records",
            "imr_desktop.commands.precedents",
            "urllib.request",  # xml.sax.saxutils would bring it, with http.client and ssl
            "ssl",
        )
        == []
    )


def _case_requesting(data_dir, request: str) -> str:
    from imr_desktop.model import Decision
    from imr_desktop.workspace import Workspace

    ws = Workspace.open(data_dir)
    try:
        case = ws.cases.load(ws.cases.resolve("CM16-0000101"))
        for item in case.items:
            item.request, item.original_request = request, None
            item.decision = Decision.UPHELD  # the opioid rule asks of upheld requests
        case.case_number = "CM16-0000999"
        ws.cases.create(case)
    finally:
        ws.close()
    return case.case_number


@pytest.mark.parametrize(
    ("request_text", "understood"),
    [("Lumbar spine MRI without contrast", False), ("Norco 10/325mg #90", True)],
)
def test_export_reads_a_request_only_when_it_can_name_an_opioid(
    data_dir, tmp_path, request_text, understood
):
    """The QA's opioid rule: a request none of whose words can name an opioid is
    answered without reading it (the amounts' patterns, the vocabulary and its
    phrases); nor
    are the records store and uuid imported."""
    number = _case_requesting(data_dir, request_text)
    out = tmp_path / "letter.pdf"
    seen = modules_after(CLI, "--data-dir", str(data_dir), "export", number, "-o", str(out))
    assert out.stat().st_size > 0
    assert "imr_desktop.requests.classes" in seen["end"]
    reading = [
        "imr_desktop.requests.amounts",
        "imr_desktop.requests.meaning",
        "imr_desktop.requests.phrases",
        "imr_desktop.requests.vocabulary",
    ]
    assert loaded(seen["end"], *reading) == (reading if understood else [])
    assert loaded(seen["end"], "imr_desktop.records.store", "uuid") == []


@pytest.mark.parametrize("argv", [["--help"], ["guidelines", "--help"]])
def test_help_lists_every_command_without_opening_anything(argv):
    seen = modules_after(
        """
        from imr_desktop.cli import main
        try:
            main(sys.argv[1:])
        except SystemExit:
            pass
        seen["end"] = sorted(sys.modules)
        """,
        *argv,
    )
    assert loaded(seen["end"], "PySide6", "imr_desktop.workspace", "imr_desktop.cases") == []


def test_the_command_table_names_what_each_module_registers():
    import argparse

    from imr_desktop.commands import COMMANDS, command_modules

    registered = {}
    for module in command_modules():
        sub = argparse.ArgumentParser().add_subparsers()
        module.register(sub)
        registered.update(dict.fromkeys(sub.choices, module.__name__.rsplit(".", 1)[-1]))
    assert registered == COMMANDS


def test_help_of_one_command_and_a_mistyped_command(capsys):
    from tests.cli_helpers import run

    with pytest.raises(SystemExit):
        run(capsys, "export", "--help")
    out = capsys.readouterr().out
    assert "--output" in out and "QA" in out
    with pytest.raises(SystemExit):
        run(capsys, "exprot", "CM16-0000101")
    err = capsys.readouterr().err
    assert "invalid choice" in err and "export" in err and "cases" in err


WINDOW = """
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication([])


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if "paint" not in seen and event.type() == QEvent.Type.Paint:
            if isinstance(watched, QMainWindow):
                seen["paint"] = sorted(sys.modules)
        return False


spy = FirstPaint()
app.installEventFilter(spy)
from imr_desktop.ui.app import run_app

assert run_app(data_dir=sys.argv[1], smoke_test=True) == 0
seen["end"] = sorted(sys.modules)
"""

# Never before they are used: a letter exported (ReportLab), a PDF shown (QtPdf) or
# read (pypdf), a schema step run (sqlite-utils), decisions imported (processes).
ON_FIRST_USE = (
    "reportlab",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "pypdf",
    "sqlite_utils",
    "multiprocessing",
    "PySide6.QtNetwork",
    "imr_desktop.export",
    "imr_desktop.letters.parse",
    "imr_desktop.precedents.importer",
)


def test_the_window_paints_before_the_data_layer_and_the_features_load(data_dir):
    from imr_desktop.workspace import Workspace

    first = Workspace.open(data_dir)  # the library's file made: its steps run here
    _ = first.library
    first.close()
    seen = modules_after(WINDOW, str(data_dir))
    # At the first paint: the frame, from Qt alone.
    assert (
        loaded(
            seen["paint"],
            *ON_FIRST_USE,
            "sqlite3",
            "imr_desktop.database",
            "imr_desktop.model",
            "imr_desktop.workspace",
            "imr_desktop.cases",
            "imr_desktop.guidelines",
            "imr_desktop.letter",
            "imr_desktop.records",
            "imr_desktop.precedents",
            "imr_desktop.spelling",
            "imr_desktop.ui.cases",
            "imr_desktop.ui.guidelines",
            "imr_desktop.ui.letter",
            "imr_desktop.ui.letters",
            "imr_desktop.ui.precedents",
            "imr_desktop.ui.records",
            "imr_desktop.ui.security",
            "imr_desktop.ui.spelling",
        )
        == []
    )
    # The last case on screen: still nothing the first screen does not show.
    assert "imr_desktop.ui.cases.case_editor" in seen["end"]
    assert (
        loaded(
            seen["end"],
            *ON_FIRST_USE,
            "imr_desktop.ui.records.tab",
            "imr_desktop.ui.records.viewer",
            "imr_desktop.ui.security.audit_dialog",
            "imr_desktop.ui.security.backups_dialog",
            "imr_desktop.ui.security.passphrase_dialogs",
            "imr_desktop.ui.cases.history_dialog",
            "imr_desktop.ui.cases.profile_dialog",
            "imr_desktop.records.dates",
            # The QA rules load with the first check (once the drug vocabulary has
            # loaded), the spell checker with the dictionaries: the spelling underline
            # and the QA strip need neither to show the case.
            "imr_desktop.letter.qa",
            "imr_desktop.letter.conclusion",
            "imr_desktop.spelling.checker",
            "imr_desktop.spelling.tokens",
            # The first precedents lookup runs once the window has started (on a worker).
            "imr_desktop.precedents.library",
            "imr_desktop.precedents.lookup",
            "imr_desktop.requests.meaning",
            "imr_desktop.requests.amounts",
        )
        == []
    )
