"""Start-up faults (issue 16 item 8): a read-only or full data folder gets a true
message from every command and from the window (not "damaged", not "already open",
never a traceback); a damaged cases.db under --smoke-test ends with a message and a
non-zero status instead of waiting on a dialog no one can answer.

A real read-only or full file system is a tmpfs mounted inside a private mount
namespace (``unshare -m``), so nothing outside the test sees it; where that is not
allowed (an unprivileged container) those tests are skipped."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from tests.cli_helpers import smoke_test

COMMANDS = [
    ["cases", "list"],
    ["cases", "show", "CM16-0000101"],
    ["check", "CM16-0000101"],
    ["audit", "verify"],
    ["backup", "now"],
    ["records", "list", "CM16-0000101"],
    ["letters", "list", "CM16-0000101"],
    ["guidelines", "search", "PT"],
]


def _namespaces_work() -> bool:
    if shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt"],
        capture_output=True,
    )
    return done.returncode == 0


needs_mounts = pytest.mark.skipif(
    not _namespaces_work(), reason="needs root and unshare -m to mount a private tmpfs"
)

RUNNER = textwrap.dedent(
    """
    import json, os, subprocess, sys
    mount, source, fault = sys.argv[1:4]
    commands = json.loads(sys.argv[4])
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mount], check=True)
    data = os.path.join(mount, "data")
    subprocess.run(["cp", "-a", source, data], check=True)
    if fault == "read-only":
        subprocess.run(["mount", "-o", "remount,ro", mount], check=True)
    else:
        with open(os.path.join(mount, "filler"), "wb") as filler:
            try:
                while True:
                    filler.write(b"\\0" * 65536)
                    filler.flush()
            except OSError:
                pass
    results = []
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for command in commands:
        done = subprocess.run(
            [sys.executable, "-m", "imr_desktop", "--data-dir", data, *command],
            capture_output=True, text=True, env=env, timeout=60,
        )
        results.append([command, done.returncode, done.stdout, done.stderr])
    print(json.dumps(results))
    """
)


def _run_with_fault(data_dir, tmp_path, fault: str, commands: list[list[str]]):
    import json

    mount = tmp_path / "mnt"
    mount.mkdir()
    done = subprocess.run(
        ["unshare", "-m", sys.executable, "-c", RUNNER, mount, data_dir, fault]
        + [json.dumps(commands)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@needs_mounts
@pytest.mark.parametrize("fault,says", [("read-only", "read-only"), ("full", "full")])
def test_every_command_tells_the_truth_about_the_folder(data_dir, tmp_path, fault, says):
    for command, code, _, err in _run_with_fault(data_dir, tmp_path, fault, COMMANDS):
        shown = " ".join(command)
        assert code != 0, shown
        assert "Traceback" not in err, (shown, err[-1500:])
        assert says in err and "damaged" not in err, (shown, err)
        assert err.startswith("imr-desktop:") and len(err.strip().splitlines()) == 1, shown


@needs_mounts
@pytest.mark.parametrize("fault,says", [("read-only", "read-only"), ("full", "full")])
def test_the_window_does_not_claim_to_be_open_already(data_dir, tmp_path, fault, says):
    [(_, code, _, err)] = _run_with_fault(data_dir, tmp_path, fault, [["--smoke-test"]])
    assert code == 2 and says in err, err
    assert "already open" not in err and "Traceback" not in err


def test_a_missing_data_folder_that_cannot_be_made(capsys, tmp_path):
    from tests.cli_helpers import run

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, _, err = run(capsys, "--data-dir", str(blocker / "data"), "cases", "list")
    assert code == 2 and "Traceback" not in err and "data folder" in err


def test_a_damaged_cases_db_under_smoke_test_ends_without_a_dialog(data_dir):
    from imr_desktop.workspace import Workspace

    Workspace.open(data_dir).close()  # the daily backup: a restore would be offered
    path = data_dir / "cases.db"
    data = bytearray(path.read_bytes())
    data[4096 : 4096 * 3] = b"\xff" * 8192
    path.write_bytes(bytes(data))
    done = smoke_test(data_dir)
    assert done.returncode == 2 and "damaged" in done.stderr and "backup restore" in done.stderr
    assert path.read_bytes() == bytes(data)
