"""Starting the window on the demo data, beside a bare PySide6 QMainWindow measured
the same way in the same run: start to first paint (target ratio <= 1.3), and the
whole process -- start, open the last case, quit (``--smoke-test``) -- beside a bare
QMainWindow process that paints once and quits (target ratio <= 2.0)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile

from bench import Result, app_env, median, peak_rss_of, wall_to_marks

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

RUNS = 9


def run() -> list[Result]:
    env = app_env()
    template = tempfile.mkdtemp(prefix="imr-bench-start-")
    # First run seeds the demo data; measured runs start on a populated folder.
    subprocess.run(
        [sys.executable, "-m", "imr_desktop", "--data-dir", template, "--no-encryption"]
        + ["--smoke-test"],
        env=env,
        capture_output=True,
        check=True,
    )
    app_cmd = [sys.executable, "-m", "imr_desktop", "--data-dir", template, "--smoke-test"]
    bare_cmd = [sys.executable, "-c", BARE]
    rss = peak_rss_of(app_cmd, env), peak_rss_of(bare_cmd, env)
    app_runs: list[dict[str, float]] = []
    bare_runs: list[dict[str, float]] = []
    try:
        for _ in range(RUNS):
            folder = tempfile.mkdtemp(prefix="imr-bench-run-")
            shutil.copytree(template, folder, dirs_exist_ok=True)
            # Interleave the two so drift on a noisy machine hits both alike.
            bare_runs.append(wall_to_marks(bare_cmd, env))
            app_runs.append(
                wall_to_marks([*app_cmd[:-3], "--data-dir", folder, "--smoke-test"], env)
            )
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        shutil.rmtree(template, ignore_errors=True)

    def mid(runs: list[dict[str, float]], mark: str) -> float:
        return median([r[mark] for r in runs])

    paint, bare_paint = mid(app_runs, "first-paint"), mid(bare_runs, "first-paint")
    whole, bare_whole = mid(app_runs, "exit"), mid(bare_runs, "exit")
    case = mid(app_runs, "case-shown")
    return [
        Result(
            f"start to first paint of the main window (median of {RUNS})",
            paint,
            bare_paint,
            target="ratio <= 1.3",
            ok=paint / bare_paint <= 1.3,
            note="floor: bare PySide6 QMainWindow, same measurement",
        ),
        Result(
            "start to the last case on screen (queue, editor, panels)",
            case,
            bare_paint,
            target="(reported)",
            note="floor: the bare QMainWindow's first paint",
        ),
        Result(
            "whole process: start, open the last case, quit (--smoke-test)",
            whole,
            bare_whole,
            target="ratio <= 2.0",
            ok=whole / bare_whole <= 2.0,
            note=f"floor: a bare QMainWindow process that paints once and quits; peak RSS "
            f"{rss[0]:.0f} MB vs {rss[1]:.0f} MB",
        ),
    ]
