"""Benchmarks: each ``bench/bench_*.py`` module has ``run() -> list[Result]``.

Every figure is printed beside a floor measured in the same run on the same data,
and the ratio is what is held to a target: this machine is noisy, ratios hold.
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Result:
    what: str
    figure: float  # the product's figure
    floor: float | None  # the floor or peer measured in the same run
    unit: str = "ms"
    target: str = ""  # e.g. "ratio <= 1.5", "<= 2 ms", ">= 20x faster"
    ok: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.floor in (None, 0):
            return None
        return self.figure / self.floor


def timings_ms(fn: Callable[[], object], repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def median(values: list[float]) -> float:
    return statistics.median(values)


def app_env() -> dict[str, str]:
    """The environment to start the app in: offscreen, printing its start-up marks,
    and writing bytecode as a user's install does (a session may set
    PYTHONDONTWRITEBYTECODE, which would time the compiler instead of the app)."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "IMR_DESKTOP_PAINT_MARK": "1",
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def wall_to_marks(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    """Wall time (ms) from spawning ``cmd`` to each start-up mark it prints:
    ``first-paint`` (the window on screen) and ``case-shown`` (queue and case filled),
    to ``exit`` (the process gone), and the process's ``peak_rss_mb``."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    assert proc.stdout is not None
    marks: dict[str, float] = {}
    for line in proc.stdout:
        name = line.split(" ", 1)[0]
        if name in ("first-paint", "case-shown"):
            marks[name] = (time.perf_counter() - t0) * 1000
    code, rss_mb = _reap(proc)
    marks["exit"] = (time.perf_counter() - t0) * 1000
    marks["peak_rss_mb"] = rss_mb
    if code != 0 or "first-paint" not in marks:
        raise RuntimeError(f"{cmd[0]} did not start (exit {code})")
    return marks


def process_ms(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall time (ms) of a whole process from spawn to exit, and its peak RSS (MB)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env or os.environ
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    code, rss_mb = _reap(proc)
    wall = (time.perf_counter() - t0) * 1000
    if code != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} failed (exit {code}): {err[-400:]!r}")
    return wall, rss_mb


def run_child(args: list[str], env: dict[str, str] | None = None) -> tuple[dict, float]:
    """Run ``python -m <args>`` (a bench module's child mode, so that each scale has
    a process, and a peak RSS, of its own); its last stdout line is JSON."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", *args], stdout=subprocess.PIPE, stderr=err, env=env
        )
        assert proc.stdout is not None
        out = proc.stdout.read().decode()
        code, peak_mb = _reap(proc)
        if code != 0:
            err.seek(0)
            tail = err.read()[-2000:].decode(errors="replace")
            raise RuntimeError(f"child {' '.join(args)} failed (exit {code}):\n{tail}")
    return json.loads(out.strip().splitlines()[-1]), peak_mb


def _reap(proc: subprocess.Popen) -> tuple[int, float]:
    """Wait for ``proc`` and return its exit code and peak RSS (MB) from its rusage."""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_maxrss / 1024


def rss_mb() -> tuple[float, float]:
    """This process's resident set now and at its peak (MB), from /proc (Linux)."""
    now = peak = 0.0
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                now = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    return now, peak


def reset_peak_rss() -> None:
    """Start VmHWM afresh (Linux >= 4.0), so the next peak is of what follows."""
    with contextlib.suppress(OSError), open("/proc/self/clear_refs", "w") as f:
        f.write("5")
