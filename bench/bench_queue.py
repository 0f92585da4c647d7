"""The case queue with 10,000 cases: first paint and filter-as-you-type, beside the
floor of reading the rows from the store (targets 200 ms / 50 ms)."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from pathlib import Path

from bench import Result, median, percentile, timings_ms

N_CASES = 10_000


def _fill(store) -> None:
    rows = []
    now = "2016-10-01T00:00:00+00:00"
    for n in range(N_CASES):
        assigned = dt.date(2016, 1, 1) + dt.timedelta(days=n % 300)
        rows.append(
            (
                f"CM16-{n:07d}",
                "expedited" if n % 7 == 0 else "standard",
                assigned.isoformat(),
                "final" if n % 5 == 0 else "draft",
                now,
                now,
            )
        )
    with store.db.atomic():
        store.db.conn.executemany(
            "INSERT INTO cases (case_number, priority, date_assigned, status, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )


def run() -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from imr_desktop.cases.store import CaseStore
    from imr_desktop.ui.cases.queue import CaseQueue

    app = QApplication.instance() or QApplication([])
    store = CaseStore.open(Path(tempfile.mkdtemp(prefix="imr-bench-queue-")))
    _fill(store)

    read = timings_ms(store.list_cases, 5, warmup=1)

    def first_paint() -> float:
        t0 = time.perf_counter()
        queue = CaseQueue()
        queue.resize(320, 900)
        queue.set_rows(store.list_cases())
        queue.show()
        queue.repaint()
        app.processEvents()
        elapsed = (time.perf_counter() - t0) * 1000
        queue.close()
        queue.deleteLater()
        return elapsed

    paints = [first_paint() for _ in range(5)]

    queue = CaseQueue()
    queue.set_rows(store.list_cases())
    queue.show()
    app.processEvents()
    filters = []
    for text in ("0", "00", "001", "0012", "00123", "expedited", "final", "9"):
        queue.filter.clear()
        app.processEvents()
        t0 = time.perf_counter()
        queue.filter.setText(text)  # one textChanged, as a keystroke gives
        queue.view.repaint()
        filters.append((time.perf_counter() - t0) * 1000)
    queue.close()
    store.close()
    paint_ms = median(paints)
    return [
        Result(
            f"queue first paint, {N_CASES:,} cases (median)",
            paint_ms,
            median(read),
            target="<= 200 ms",
            ok=paint_ms <= 200,
            note="floor: reading the 10,000 rows from cases.db",
        ),
        Result(
            "queue filter as you type (p95 of 8 filters)",
            percentile(filters, 95),
            None,
            target="<= 50 ms",
            ok=percentile(filters, 95) <= 50,
        ),
    ]
