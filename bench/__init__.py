"""Benchmarks: each ``bench/bench_*.py`` module has ``run() -> list[Result]``.

Every figure is printed beside a floor measured in the same run on the same data,
and the ratio is what is held to a target: this machine is noisy, ratios hold.
"""

from __future__ import annotations

import os
import statistics
import subprocess
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
    ``first-paint`` (the window on screen) and ``case-shown`` (queue and case filled)."""
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
    if proc.wait(timeout=60) != 0 or "first-paint" not in marks:
        raise RuntimeError(f"{cmd[0]} did not start (exit {proc.returncode})")
    return marks
