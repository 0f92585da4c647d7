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

# Both windows below end the same way: shown, painted once (the mark printed), quit.
PAINT_ONCE_AND_QUIT = r"""
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

BARE = (
    r"""
import time, os
t0 = time.perf_counter()
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.resize(1200, 800)
"""
    + PAINT_ONCE_AND_QUIT
)

# The same first screen built from plain PySide6 widgets -- menus, three docks, a
# tabbed form of 12 fields and 4 text boxes, a table, a list -- with no code or data
# of ours, ending with os._exit as the window does: what Qt alone costs for the
# screen the whole-process row shows (the lazy enum classes and wrapper types
# PySide6 creates on first use, which the bare window never touches).
SKELETON = (
    r"""
import time, os, sys
t0 = time.perf_counter()
from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication, QCheckBox, QComboBox, QDockWidget, QFormLayout, QGroupBox, QLabel,
    QLineEdit, QListWidget, QMainWindow, QPlainTextEdit, QPushButton, QScrollArea, QStyle,
    QTableView, QTabWidget, QVBoxLayout, QWidget)
app = QApplication([])
w = QMainWindow()
w.resize(1200, 800)
for title in ("&File", "&Edit", "&View", "&Case", "&Tools", "&Help"):
    w.menuBar().addMenu(title)
class Model(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()): return 3
    def columnCount(self, parent=QModelIndex()): return 4
    def data(self, index, role=Qt.DisplayRole):
        return f"CM16-000010{index.row()}" if role == Qt.DisplayRole else None
queue = QDockWidget("Cases"); table = QTableView(); model = Model(); table.setModel(model)
queue.setWidget(table); w.addDockWidget(Qt.LeftDockWidgetArea, queue)
guide = QDockWidget("Guidelines"); panel = QWidget(); column = QVBoxLayout(panel)
column.addWidget(QLineEdit()); column.addWidget(QComboBox()); column.addWidget(QCheckBox("In force"))
hits = QListWidget()
for n in range(20):
    hits.addItem(f"Passage {n}")
column.addWidget(hits); column.addWidget(QPlainTextEdit("preview"))
column.addWidget(QPushButton("Cite")); guide.setWidget(panel)
w.addDockWidget(Qt.RightDockWidgetArea, guide)
qa = QDockWidget("QA"); qa.setWidget(QLabel("0 errors")); w.addDockWidget(Qt.BottomDockWidgetArea, qa)
tabs = QTabWidget(); scroll = QScrollArea(); scroll.setWidgetResizable(True)
form = QWidget(); rows = QVBoxLayout(form); header = QGroupBox("Header"); fields = QFormLayout(header)
for n in range(12):
    fields.addRow(f"Field {n}:", QLineEdit("value"))
rows.addWidget(header)
for n in range(4):
    text = QPlainTextEdit("The patient is a 47-year-old " * 20)
    text.viewport().setProperty("routed", "viewport"); rows.addWidget(text)
scroll.setWidget(form); tabs.addTab(scroll, "Case"); tabs.addTab(QWidget(), "Records")
tabs.addTab(QWidget(), "Letter"); w.setCentralWidget(tabs)
w.style().pixelMetric(QStyle.PM_LayoutHorizontalSpacing)
w.statusBar().showMessage("Saved")
"""
    + PAINT_ONCE_AND_QUIT
    + "sys.stdout.flush()\nos._exit(0)\n"
)

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
    skeleton_cmd = [sys.executable, "-c", SKELETON]
    rss = peak_rss_of(app_cmd, env), peak_rss_of(bare_cmd, env)
    app_runs: list[dict[str, float]] = []
    bare_runs: list[dict[str, float]] = []
    skeleton_runs: list[dict[str, float]] = []
    try:
        for _ in range(RUNS):
            folder = tempfile.mkdtemp(prefix="imr-bench-run-")
            shutil.copytree(template, folder, dirs_exist_ok=True)
            # Interleave the two so drift on a noisy machine hits both alike.
            bare_runs.append(wall_to_marks(bare_cmd, env))
            skeleton_runs.append(wall_to_marks(skeleton_cmd, env))
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
    skeleton = mid(skeleton_runs, "exit")
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
        Result(
            "whole process of the same first screen in plain PySide6 (no code or data of ours)",
            skeleton,
            bare_whole,
            target="(reported)",
            note="Qt's own cost of that screen (menus, docks, form, table, list): "
            f"the window's whole process is {whole / skeleton:.2f}x this",
        ),
    ]
