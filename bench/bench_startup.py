"""Start to first painted main window, with the demo data, beside a bare PySide6
QMainWindow measured the same way in the same run (target ratio <= 1.5)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time

from bench import Result, median

BARE = r"""
import time, os
t0 = time.perf_counter()
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.resize(1200, 800)
class F(QObject):
    def eventFilter(self, o, e):
        if e.type() == QEvent.Paint:
            print(f"first-paint {time.perf_counter() - t0:.4f}", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
f = F()
w.installEventFilter(f)
w.show()
app.exec()
"""

RUNS = 7


def _wall_to_paint(cmd: list[str], env: dict[str, str]) -> float:
    """Wall time from spawning the process to its first-paint line, in ms."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("first-paint"):
            elapsed = (time.perf_counter() - t0) * 1000
            break
    else:
        raise RuntimeError(f"no first paint from {cmd}")
    proc.wait(timeout=30)
    return elapsed


def run() -> list[Result]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "IMR_DESKTOP_PAINT_MARK": "1",
    }
    template = tempfile.mkdtemp(prefix="imr-bench-start-")
    # First run seeds the demo data; measured runs start on a populated folder.
    subprocess.run(
        [sys.executable, "-m", "imr_desktop", "--data-dir", template, "--smoke-test"],
        env=env,
        capture_output=True,
        check=True,
    )
    app_times, bare_times = [], []
    try:
        for _ in range(RUNS):
            folder = tempfile.mkdtemp(prefix="imr-bench-run-")
            shutil.copytree(template, folder, dirs_exist_ok=True)
            # Interleave the two so drift on a noisy machine hits both alike.
            bare_times.append(_wall_to_paint([sys.executable, "-c", BARE], env))
            app_times.append(
                _wall_to_paint(
                    [sys.executable, "-m", "imr_desktop", "--data-dir", folder, "--smoke-test"], env
                )
            )
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        shutil.rmtree(template, ignore_errors=True)
    app_ms, bare_ms = median(app_times), median(bare_times)
    return [
        Result(
            "start to first paint, demo data (median of 7)",
            app_ms,
            bare_ms,
            target="ratio <= 1.5",
            ok=app_ms / bare_ms <= 1.5,
            note="floor: bare PySide6 QMainWindow, same measurement",
        )
    ]
