"""The case queue at 1,000, 10,000 and 50,000 cases: first paint and filter as you
type, each scale in a process of its own (so its peak RSS is its own), beside the
floor of reading every row from the store (target: first paint <= 200 ms and
filter p95 <= 30 ms at 50,000)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench import Result, median, percentile, reset_peak_rss, rss_mb, run_child, timings_ms

SCALES = (1_000, 10_000, 50_000)
PAINTS = 5
# What a reviewer types into the filter, one keystroke at a time.
TYPED = ("CM16-0012", "00345", "49999", "expedited", "final", "draft", "7")


def fill(store, n_cases: int) -> None:
    now = "2016-10-01T00:00:00+00:00"
    cases, items = [], []
    for n in range(n_cases):
        assigned = dt.date(2016, 1, 1) + dt.timedelta(days=n % 300)
        due = (assigned + dt.timedelta(days=40)).isoformat() if n % 11 == 0 else None
        priority = "expedited" if n % 7 == 0 else "standard"
        status = "final" if n % 5 == 0 else "draft"
        cases.append((n + 1, f"CM16-{n:07d}", priority, assigned.isoformat(), due, status, now))
        for position in range(1 + n % 3):
            items.append((n + 1, position, f"Requested service {position + 1}"))
    with store.db.atomic():
        store.db.conn.executemany(
            "INSERT INTO cases (id, case_number, priority, date_assigned, due_date, status, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?7)",
            cases,
        )
        store.db.conn.executemany(
            "INSERT INTO items (case_id, position, request) VALUES (?, ?, ?)", items
        )


def show_queue(store, app):
    """The queue as the window makes it after opening a data folder: built, filled
    from the store, shown and painted."""
    from imr_desktop.ui.cases.queue import CaseQueue

    queue = CaseQueue()
    queue.resize(330, 900)
    queue.set_reader(store.queue)
    queue.show()
    queue.repaint()
    app.processEvents()
    return queue


def child(folder: str) -> dict[str, float]:
    """In its own process: open the store, then paint and filter the queue."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from imr_desktop.cases.store import CaseStore
    from imr_desktop.ui.cases.queue import CaseQueue  # noqa: F401 (imported before the peak)

    app = QApplication.instance() or QApplication([])
    store = CaseStore.open(Path(folder))
    read = timings_ms(store.list_cases, 3, warmup=1)
    before, _ = rss_mb()
    reset_peak_rss()

    paints = []
    for _ in range(PAINTS):
        t0 = time.perf_counter()
        queue = show_queue(store, app)
        paints.append((time.perf_counter() - t0) * 1000)
        queue.close()
        queue.deleteLater()
        app.processEvents()

    queue = show_queue(store, app)
    keystrokes = []
    for text in TYPED:
        queue.filter.clear()
        app.processEvents()
        for n in range(1, len(text) + 1):
            t0 = time.perf_counter()
            queue.filter.setText(text[:n])  # one textChanged, as a keystroke gives
            queue.view.repaint()
            keystrokes.append((time.perf_counter() - t0) * 1000)
    _, peak = rss_mb()
    queue.close()
    store.close()
    return {
        "paint": median(paints),
        "read": median(read),
        "filter_p95": percentile(keystrokes, 95),
        "filter_median": median(keystrokes),
        "keystrokes": len(keystrokes),
        "rss_before": before,
        "rss_peak": peak,
    }


def run() -> list[Result]:
    from imr_desktop.cases.store import CaseStore

    results = []
    for n in SCALES:
        folder = Path(tempfile.mkdtemp(prefix="imr-bench-queue-"))
        try:
            store = CaseStore.open(folder)
            fill(store, n)
            store.close()
            got = run_child(["bench.bench_queue", str(folder)])
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        results.append(
            Result(
                f"queue first paint, {n:,} cases (median of {PAINTS})",
                got["paint"],
                got["read"],
                target="<= 200 ms",
                ok=got["paint"] <= 200,
                note=f"floor: reading every row from cases.db; peak RSS {got['rss_peak']:.0f} MB "
                f"({got['rss_before']:.0f} MB before the queue)",
            )
        )
        results.append(
            Result(
                f"queue filter as you type, {n:,} cases (p95 of {got['keystrokes']:.0f} keys)",
                got["filter_p95"],
                None,
                target="<= 30 ms",
                ok=got["filter_p95"] <= 30,
                note=f"median {got['filter_median']:.2f} ms",
            )
        )
    return results


if __name__ == "__main__":
    import json

    print(json.dumps(child(sys.argv[1])))
