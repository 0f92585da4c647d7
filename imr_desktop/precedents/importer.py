"""Importing a folder of published decisions, using every core.

Files are read (the slow part: PDF text extraction and parsing) in a pool of worker
processes; the one thread that started the import writes each decision whole, in
batches, on its own connection. Only a path goes to a worker and only a plain
:class:`~.reading.ReadOutcome` comes back. Cancelling stops the reading at once;
decisions already written stay (each is whole), nothing half-read is ever written,
and the report says which files were not read.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .library import PrecedentLibrary
from .reading import ReadOutcome, collect_files, read_published

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
CancelFlag = Callable[[], bool]

# Below this many files a pool costs more to start than it saves.
POOL_THRESHOLD = 6
BATCH = 25  # decisions written per transaction
POLL_SECONDS = 0.1


def _no_progress(done: int, total: int, text: str) -> None:
    pass


def _never() -> bool:
    return False


@dataclass
class FileLine:
    path: str
    status: str  # "imported", "replaced", "skipped", "unreadable", "not read"
    detail: str = ""
    case_number: str = ""
    items: int = 0

    def text(self) -> str:
        name = Path(self.path).name
        if self.status in ("imported", "replaced"):
            return f"{name}: {self.status} {self.case_number} ({self.items} items)"
        return f"{name}: {self.status} — {self.detail}" if self.detail else f"{name}: {self.status}"


@dataclass
class BulkImportReport:
    lines: list[FileLine] = field(default_factory=list)
    cancelled: bool = False
    failed: str = ""  # the run stopped on this error (decisions written before it stay)
    seconds: float = 0.0
    workers: int = 1
    import_id: int | None = None

    def count(self, status: str) -> int:
        return sum(1 for line in self.lines if line.status == status)

    @property
    def counts(self) -> dict[str, int]:
        keys = ("imported", "replaced", "skipped", "unreadable", "not read")
        return {k: self.count(k) for k in keys}

    def summary(self) -> str:
        c = self.counts
        parts = [
            f"{c['imported']} imported",
            f"{c['replaced']} replaced",
            f"{c['skipped']} skipped",
            f"{c['unreadable']} unreadable",
        ]
        if c["not read"]:
            parts.append(f"{c['not read']} not read")
        head = (
            "Import canceled"
            if self.cancelled
            else "Import stopped"
            if self.failed
            else "Import finished"
        )
        text = f"{head}: " + ", ".join(parts) + f" ({len(self.lines)} files, {self.seconds:.1f} s)."
        if self.failed:
            text += f" {self.failed}"
        return text

    def report_lines(self) -> list[str]:
        return [self.summary()] + [line.text() for line in self.lines]

    def to_dict(self) -> dict[str, object]:
        return {
            "counts": self.counts,
            "cancelled": self.cancelled,
            "failed": self.failed,
            "seconds": round(self.seconds, 3),
            "workers": self.workers,
            "files": [asdict(line) for line in self.lines],
        }


def _label(paths: Sequence[Path]) -> str:
    names = [p.name or str(p) for p in paths]
    return names[0] if len(names) == 1 else f"{names[0]} and {len(names) - 1} more"


def import_published(
    library_path: Path | str,
    paths: Iterable[Path | str],
    *,
    replace: bool = False,
    progress: Progress = _no_progress,
    cancel: CancelFlag = _never,
    workers: int | None = None,
) -> BulkImportReport:
    """Import every file named or inside a named folder into ``precedents.db``."""
    started = time.perf_counter()
    roots = [Path(p) for p in paths]
    files = list(collect_files(roots))
    report = BulkImportReport()
    library = PrecedentLibrary.open(library_path)
    try:
        import_id = library.start_import(_label(roots), len(files))
        report.import_id = import_id
        writer = _Writer(library, import_id, replace, report)
        total = len(files)
        progress(0, total, f"Reading {total} file(s)…")
        # A file already imported is known by its digest: no need to read it again.
        to_read = files if replace else _unseen(files, library.file_digests(), report)
        done = len(files) - len(to_read)
        report.workers = _workers(workers, len(to_read))
        try:
            for outcome in _outcomes(to_read, report.workers, cancel):
                writer.add(outcome)
                done += 1
                progress(done, total, f"Read {done} of {total}: {Path(outcome.path).name}")
            writer.flush()
        except (_Cancelled, KeyboardInterrupt):
            report.cancelled = True
            writer.flush()  # what was read completely is kept
        except Exception as exc:  # the disk filled, the database broke: keep what is whole
            report.failed = f"The import stopped: {exc}."
            log.error("precedent import stopped: %s", type(exc).__name__)
        reported = {line.path for line in report.lines}
        report.lines.extend(
            FileLine(
                str(f),
                "not read",
                "the import was canceled" if report.cancelled else "the import stopped",
            )
            for f in files
            if str(f) not in reported
        )
        order = {str(f): n for n, f in enumerate(files)}
        report.lines.sort(key=lambda line: order.get(line.path, len(order)))
        library.finish_import(import_id, report.counts, report.cancelled)
    finally:
        library.close()
    report.seconds = time.perf_counter() - started
    return report


class _Cancelled(Exception):
    pass


class _Writer:
    """Writes outcomes in batches; every decision is written whole or not at all."""

    def __init__(
        self, library: PrecedentLibrary, import_id: int, replace: bool, report: BulkImportReport
    ) -> None:
        self.library = library
        self.import_id = import_id
        self.replace = replace
        self.report = report
        self.pending: list[ReadOutcome] = []
        self.seen: dict[str, str] = {}  # case number -> file that brought it in this run

    def add(self, outcome: ReadOutcome) -> None:
        self.pending.append(outcome)
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        lines: list[FileLine] = []
        with self.library.db.atomic():
            for outcome in self.pending:
                lines.append(self._write(outcome))
        self.report.lines.extend(lines)
        self.pending.clear()

    def _write(self, outcome: ReadOutcome) -> FileLine:
        decision = outcome.decision
        if decision is None:
            return FileLine(outcome.path, "unreadable", outcome.problem)
        number = decision.case_number
        if number in self.seen:
            return FileLine(
                outcome.path,
                "skipped",
                f"{number} was already read from {Path(self.seen[number]).name} in this import",
                number,
            )
        self.seen[number] = outcome.path
        status = self.library.write(decision, self.import_id, replace=self.replace)
        if status == "skipped":
            return FileLine(
                outcome.path,
                "skipped",
                f"{number} is already in the library (import with “replace” to replace it)",
                number,
            )
        return FileLine(outcome.path, status, "", number, len(decision.items))


def _workers(asked: int | None, files: int) -> int:
    if files < POOL_THRESHOLD:
        return 1
    return max(1, min(asked or os.cpu_count() or 1, files))


def _unseen(files: list[Path], digests: set[str], report: BulkImportReport) -> list[Path]:
    if not digests:
        return files
    out = []
    for path in files:
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        except OSError:
            digest = ""
        if digest in digests:
            report.lines.append(
                FileLine(str(path), "skipped", "this file is already in the library")
            )
        else:
            out.append(path)
    return out


def _outcomes(files: list[Path], workers: int, cancel: CancelFlag) -> Iterator[ReadOutcome]:
    """Each file's outcome, in the files' order."""
    if workers <= 1:
        for path in files:
            if cancel():
                raise _Cancelled
            yield read_published(str(path))
        return
    # "spawn": a fresh interpreter per worker, never a fork of a process running Qt
    # and SQLite threads. The bundle calls multiprocessing.freeze_support() at start.
    context = multiprocessing.get_context("spawn")
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    futures: list[Future[ReadOutcome]] = []
    try:
        futures = [executor.submit(read_published, str(path)) for path in files]
        for path, future in zip(files, futures, strict=True):
            outcome = _wait(future, cancel)
            if outcome is None:  # the pool broke (a worker died): read here instead
                outcome = read_published(str(path))
            yield outcome
    finally:
        # Cancelled or done: queued files are dropped, running ones end on their own.
        executor.shutdown(wait=False, cancel_futures=True)


def _wait(future: Future[ReadOutcome], cancel: CancelFlag) -> ReadOutcome | None:
    while True:
        if cancel():
            raise _Cancelled
        try:
            return future.result(timeout=POLL_SECONDS)
        except TimeoutError:
            continue
        except BrokenProcessPool:
            return None
