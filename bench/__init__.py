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
    and to ``exit`` (the process gone)."""
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
    code = proc.wait(timeout=120)
    marks["exit"] = (time.perf_counter() - t0) * 1000
    if code != 0 or "first-paint" not in marks:
        raise RuntimeError(f"{cmd[0]} did not start (exit {code})")
    return marks


def process_ms(cmd: list[str], env: dict[str, str] | None = None) -> float:
    """Wall time (ms) of a whole process from spawn to exit."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env or os.environ
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    code = proc.wait(timeout=120)
    wall = (time.perf_counter() - t0) * 1000
    if code != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} failed (exit {code}): {err[-400:]!r}")
    return wall


# A process's peak RSS from its rusage counts the memory of whoever forked it (the
# kernel carries the forking image's high-water mark across exec), and this bench
# process grows large. So a small Python process forks the command and reports.
_SPAWN = """
import os, sys
pid = os.fork()
if pid == 0:
    fd = os.open(os.devnull, os.O_WRONLY)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def peak_rss_of(cmd: list[str], env: dict[str, str] | None = None) -> float:
    """Peak RSS (MB) of one run of ``cmd`` (untimed)."""
    out = subprocess.run(
        [sys.executable, "-c", _SPAWN, *cmd], capture_output=True, text=True, env=env, check=True
    ).stdout.split()
    if out[0] != "0":
        raise RuntimeError(f"{' '.join(cmd[:4])} failed (exit {out[0]})")
    return int(out[1]) / 1024


def run_child(args: list[str], env: dict[str, str] | None = None) -> dict:
    """Run ``python -m <args>`` (a bench module's child mode, so that each scale has
    a process, and a peak RSS, of its own: it reads its own from /proc); its last
    stdout line is JSON."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.run(
            [sys.executable, "-m", *args], stdout=subprocess.PIPE, stderr=err, env=env
        )
        if proc.returncode != 0:
            err.seek(0)
            tail = err.read()[-2000:].decode(errors="replace")
            raise RuntimeError(f"child {' '.join(args)} failed (exit {proc.returncode}):\n{tail}")
    return json.loads(proc.stdout.decode().strip().splitlines()[-1])


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
