"""No patient text in the logs; no network connection from the main flows."""

from __future__ import annotations

import json
import socket
import sys

import pytest

from imr_desktop import logs
from imr_desktop.cli import main
from imr_desktop.workspace import Workspace
from tests.security_helpers import PASSPHRASE, make_scrypt_fast, reset_record_codec

MARKER = "Zebra-Quokka-PHI-4417"

_network_blocked = [False]
_attempts: list[tuple] = []


def _audit(event: str, args: tuple) -> None:
    # An audit hook sees every socket Python creates, in any library.
    if _network_blocked[0] and event == "socket.__new__":
        family = args[1] if len(args) > 1 else None
        if family != socket.AF_UNIX:  # -1 means "the default", which is AF_INET
            _attempts.append(args[1:])
            raise OSError("network blocked by the test")
    if _network_blocked[0] and event in ("socket.connect", "socket.getaddrinfo"):
        _attempts.append((event, args[1:]))
        raise OSError("network blocked by the test")


sys.addaudithook(_audit)


@pytest.fixture(autouse=True)
def _fast(monkeypatch):
    make_scrypt_fast(monkeypatch)
    yield
    reset_record_codec()
    logs.shutdown()


@pytest.fixture
def no_network():
    _attempts.clear()
    _network_blocked[0] = True
    try:
        with pytest.raises(OSError):
            socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # the block works
        _attempts.clear()
        yield _attempts
    finally:
        _network_blocked[0] = False


def plant_marker(data_dir, passphrase=None):
    ws = Workspace.open(data_dir, passphrase=passphrase)
    case_id = ws.cases.find("CM16-0000101")
    case = ws.cases.load(case_id)
    case.summary += f" {MARKER}"
    case.items[0].rationale += f" {MARKER}"
    ws.cases.save(case_id, case, reason="saved")
    ws.close()


def run_cli_flows(data_dir, tmp_path, capsys, extra=()):
    base = ["--data-dir", str(data_dir), *extra]
    flows = [
        ["cases", "list"],
        ["cases", "show", "CM16-0000101", "--json"],
        ["cases", "export-json", "CM16-0000101", "-o", str(tmp_path / "out.json")],
        ["audit", "list"],
        ["audit", "verify"],
        ["backup", "now"],
        ["backup", "list"],
        ["guidelines", "search", "physical therapy", "--json"],
    ]
    for args in flows:
        code = main([*base, *args])
        assert code == 0, args
    out, _ = capsys.readouterr()
    assert MARKER in out  # the flows really read the marked case
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "imr-case/1", "summary": MARKER, "items": "x"}))
    assert main([*base, "cases", "import", str(bad)]) == 2
    capsys.readouterr()


def run_window_flows(qtbot, data_dir, passphrase=None):
    from imr_desktop.ui.dialogs import ScriptedDialogs
    from imr_desktop.ui.main_window import MainWindow
    from tests.ui_helpers import close_window

    ws = Workspace.open(data_dir, passphrase=passphrase)
    window = MainWindow(ws, dialogs=ScriptedDialogs())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.open_case(ws.cases.find("CM16-0000101"))
    assert MARKER in window.editor.summary.toPlainText()
    window.editor.summary.setFocus()
    window.editor.summary.insertPlainText(f"{MARKER} typed ")
    assert window.session.save_now("saved")
    if ws.encrypted:
        window.lock_controller.lock()
        assert window.lock_controller.try_unlock("wrong passphrase!") is False
        assert window.lock_controller.try_unlock(passphrase)
    close_window(window)


def log_text(data_dir) -> str:
    files = sorted((data_dir / "logs").glob("imr-desktop.log*"))
    assert files, "no log file was written"
    return "".join(f.read_text(encoding="utf-8", errors="replace") for f in files)


def test_logs_rotate_owner_only_in_the_data_folder(data_dir):
    path = logs.setup(data_dir)
    assert path == data_dir / "logs" / "imr-desktop.log"
    import logging

    logging.getLogger("imr_desktop.test").info("hello")
    assert path.stat().st_mode & 0o777 == 0o600
    handler = logs._handler
    assert handler.maxBytes == logs.MAX_BYTES and handler.backupCount == logs.BACKUP_COUNT


def test_default_folder_logs_go_to_the_per_user_log_dir(tmp_path):
    from platformdirs import user_data_dir, user_log_dir

    default = user_data_dir("imr-desktop", appauthor=False)
    assert logs.log_folder(default) == logs.paths.log_dir()
    assert str(logs.log_folder(default)).startswith(
        str(user_log_dir("imr-desktop", appauthor=False))
    )


def test_no_patient_text_in_the_logs(qtbot, data_dir, tmp_path, capsys):
    plant_marker(data_dir)
    logs.setup(data_dir)
    run_cli_flows(data_dir, tmp_path, capsys)
    logs.setup(data_dir)
    run_window_flows(qtbot, data_dir)
    text = log_text(data_dir)
    assert "command cases" in text  # the log is really written
    assert MARKER not in text


def test_no_patient_text_in_the_logs_encrypted(qtbot, data_dir, tmp_path, capsys, monkeypatch):
    from imr_desktop.security.key_change import encrypt_folder

    plant_marker(data_dir)
    encrypt_folder(data_dir, PASSPHRASE)
    monkeypatch.setenv("IMR_DESKTOP_PASSPHRASE", PASSPHRASE)
    logs.setup(data_dir)
    run_cli_flows(data_dir, tmp_path, capsys)
    assert (
        main(
            [
                "--data-dir",
                str(data_dir),
                "--passphrase-file",
                str(tmp_path / "nope"),
                "cases",
                "list",
            ]
        )
        == 2
    )
    logs.setup(data_dir)
    run_window_flows(qtbot, data_dir, PASSPHRASE)
    text = log_text(data_dir)
    assert "unlock" in text
    assert MARKER not in text and PASSPHRASE not in text


def test_main_flows_open_no_network_connection(
    qtbot, data_dir, tmp_path, capsys, monkeypatch, no_network
):
    plant_marker(data_dir)
    run_cli_flows(data_dir, tmp_path, capsys)
    run_window_flows(qtbot, data_dir)
    from imr_desktop.security.key_change import encrypt_folder

    encrypt_folder(data_dir, PASSPHRASE)
    monkeypatch.setenv("IMR_DESKTOP_PASSPHRASE", PASSPHRASE)
    run_cli_flows(data_dir, tmp_path, capsys)
    run_window_flows(qtbot, data_dir, PASSPHRASE)
    assert no_network == []
