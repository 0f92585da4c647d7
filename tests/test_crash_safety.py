"""A reviewer's draft survives the process being killed and a second launch."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from imr_desktop.cases.store import CaseStore

TYPIST = Path(__file__).resolve().parent / "typist.py"


def test_sigkill_mid_edit_loses_nothing_older_than_two_seconds(data_dir):
    proc = subprocess.Popen(
        [sys.executable, str(TYPIST), str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    typed: list[tuple[int, float]] = []
    try:
        for line in proc.stdout:
            _, n, at = line.split()
            typed.append((int(n), float(at)))
            if typed[-1][1] - typed[0][1] > 5.0:
                break
        killed_at = time.time()
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert len(typed) > 20

    store = CaseStore.open(data_dir)
    summary = store.load(store.find("CM16-0000101")).summary
    store.close()
    old_enough = [n for n, at in typed if at < killed_at - 2.0]
    missing = [n for n in old_enough if f" w{n}w" not in summary]
    assert old_enough and missing == []


def test_second_launch_on_the_same_folder_does_not_open_a_second_writer(qtbot, data_dir):
    from imr_desktop.ui.app import SingleInstance

    running = SingleInstance(data_dir.resolve())
    assert running.acquire()
    raised = []
    running.listen(lambda: raised.append(True))
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "imr_desktop", "--data-dir", str(data_dir), "--smoke-test"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        qtbot.waitUntil(lambda: proc.poll() is not None and bool(raised))
        _, err = proc.communicate()
    finally:
        running.release()
    assert proc.returncode == 1
    assert "already open on this data folder" in err
    assert raised == [True]


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_random_kills_of_a_passphrase_change_an_import_and_autosave():
    """One round of bench/crash_safety.py (`python -m bench.crash_safety --runs N`
    for many)."""
    from bench.crash_safety import main

    assert main(["--runs", "1", "--seed", "7"]) == 0
