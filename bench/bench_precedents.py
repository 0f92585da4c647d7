"""Precedents (issue 13):

- similar-decision search and stats over 100,000 generated precedent items, each
  beside the raw FTS5 query with the same MATCH on the same data (targets: search p95
  <= 20 ms, stats p95 <= 50 ms);
- guideline suggestions for a request with those 100,000 items and 50,000 passages
  (issue 14), beside the guideline search of the same text (target: p95 <= 30 ms);
- the bulk import of the 174 published PDFs (../shared/letters), in letters per
  second, beside single-process pypdf text extraction of the same files (target:
  faster than that floor, by reading on every core).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import tempfile
import time
from pathlib import Path

from bench import Result, median, percentile, timings_ms

ITEMS = 100_000
REPEAT = 15
LETTERS = Path(__file__).resolve().parents[2] / "shared" / "letters" / "pdf"

SERVICES = [
    "physical therapy", "PT", "chiropractic", "acupuncture", "MRI", "CT scan", "X-rays",
    "EMG/NCV", "TENS unit", "epidural steroid injection", "Norco", "tramadol",
    "cyclobenzaprine", "naproxen", "omeprazole", "Lidoderm patch", "gabapentin",
    "home health aide", "functional capacity evaluation", "orthopedic consultation",
    "knee arthroscopy", "hot/cold therapy wrap", "wheelchair", "urine drug screen",
    "shockwave therapy", "platelet-rich plasma injection", "massage", "cervical pillow",
]  # fmt: skip
WHERE = [
    "", "of the lumbar spine", "for the low back", "of the cervical spine", "for the neck",
    "of the right knee", "of the left shoulder", "bilateral upper extremities",
    "of the thoracic spine", "of the left wrist", "of the right hip",
]  # fmt: skip
HOW_MUCH = [
    "",
    "2 times a week for 6 weeks",
    "12 sessions",
    "#60",
    "10/325mg #90",
    "x 6",
    "(DOS 11/02/16)",
]
QUERIES = [
    "PT 2x6 low back", "12 sessions of lumbar physical therapy", "MRI of the lumbar spine",
    "Norco 10/325 #90", "tramadol 50 mg #60", "TENS unit", "acupuncture 6 visits neck",
    "EMG/NCV bilateral upper extremities", "chiropractic 12 visits", "X-rays of the right knee",
    "Lumbar ESI L4-5", "home health aide", "Lidoderm patch #30", "MRI of the left shoulder",
]  # fmt: skip
SECTIONS = [
    ("mtus", "MTUS Chronic Pain Medical Treatment", "2016", "Physical medicine treatment"),
    ("mtus", "MTUS Low Back Complaints", "2004", "Special Studies"),
    ("mtus", "MTUS Knee Complaints", "2004", "Special Studies"),
    ("mtus", "MTUS Opioid Treatment", "2016", "3.3.9 Maintenance of Chronic Opioid Treatment"),
    ("mtus", "MTUS Acupuncture Treatment", "2007", None),
    ("non_mtus", "Official Disability Guidelines (ODG) Low Back Chapter", None, "MRIs"),
]


def _generated_library(folder: Path):
    from imr_desktop.model import Citation, CitationKind
    from imr_desktop.precedents import PrecedentLibrary, PublishedDecision, PublishedItem

    rng = random.Random(13)
    library = PrecedentLibrary.open(folder)
    import_id = library.start_import("generated", 0)
    written, number = 0, 0
    day0 = dt.date(2014, 1, 1)
    with library.db.atomic():
        while written < ITEMS:
            number += 1
            items = []
            for position in range(rng.randint(1, 4)):
                request = " ".join(
                    p for p in (rng.choice(SERVICES), rng.choice(WHERE), rng.choice(HOW_MUCH)) if p
                )
                kind, source, edition, section = rng.choice(SECTIONS)
                citation = Citation(CitationKind(kind), source, edition, section)
                decision = "upheld" if rng.random() < 0.88 else "overturned"
                rationale = f"Generated rationale {number}-{position} for {request}."
                items.append(PublishedItem(position, request, decision, rationale, (citation,)))
            decision = PublishedDecision(
                case_number=f"CM{number:010d}",
                file_name=f"{number}.pdf",
                sha256=f"{number:064x}",
                items=tuple(items),
                decision_date=day0 + dt.timedelta(days=rng.randrange(1500)),
            )
            library.write(decision, import_id)
            written += len(items)
    library.db.execute("PRAGMA optimize")
    return library, written


def _search_rows(library, written: int) -> list[Result]:
    from imr_desktop.precedents.matching import match_expression, ranked_expressions
    from imr_desktop.requests import understand

    db = library.db
    queries = iter(QUERIES * 1000)
    expressions = {q: ranked_expressions(understand(q)) for q in QUERIES}
    matches = {q: match_expression(understand(q)) for q in QUERIES}
    raw_queries = iter(QUERIES * 1000)
    raw_counts = iter(QUERIES * 1000)

    def product_search() -> None:
        library.search(next(queries), limit=50)

    def raw_search() -> None:
        for expression in expressions[next(raw_queries)]:
            db.execute(
                "SELECT rowid FROM items_fts WHERE items_fts MATCH ? ORDER BY rank LIMIT 50",
                [expression],
            ).fetchall()

    def product_stats() -> None:
        library.stats(next(queries))

    def raw_count() -> None:
        db.execute(
            "SELECT count(*) FROM items_fts WHERE items_fts MATCH ?", [matches[next(raw_counts)]]
        ).fetchone()

    n = REPEAT * len(QUERIES)
    search = timings_ms(product_search, n)
    search_floor = timings_ms(raw_search, n)
    stats = timings_ms(product_stats, n)
    stats_floor = timings_ms(raw_count, n)
    return [
        _p95_row(
            f"precedent search p95, {written:,} items (vs raw FTS5)", search, search_floor, 20,
            f"median {median(search):.2f} ms over {len(QUERIES)} typical requests",
        ),
        _p95_row(
            f"precedent stats p95, {written:,} items (vs raw FTS5 count)", stats, stats_floor, 50,
            f"median {median(stats):.2f} ms: counts, decisions and the 10 most cited",
        ),
    ]  # fmt: skip


def _p95_row(
    what: str, times: list[float], floor: list[float], target_ms: float, note: str
) -> Result:
    p95 = percentile(times, 95)
    return Result(
        what=what,
        figure=p95,
        floor=percentile(floor, 95),
        target=f"<= {target_ms:g} ms",
        ok=p95 <= target_ms,
        note=note,
    )


def _suggestion_rows(folder: Path, precedents) -> list[Result]:
    """Suggestions with 100,000 precedent items and 50,000 passages (the synthetic
    library of bench_search plus the sample library), beside the guideline search of
    the same request text on the same library."""
    from bench.bench_search import build_library
    from imr_desktop.guidelines import GuidelineLibrary
    from imr_desktop.guidelines.suggest import suggest

    GuidelineLibrary.open(folder).close()  # the sample library, seeded
    library = build_library(folder)
    passages = library.passage_count()
    on = dt.date(2016, 11, 1)
    texts = iter(QUERIES * 1000)
    floor_texts = iter(QUERIES * 1000)
    n = REPEAT * len(QUERIES)
    try:
        figure = timings_ms(
            lambda: suggest(library, next(texts), on=on, precedents=precedents.db), n
        )
        floor = timings_ms(lambda: library.search(next(floor_texts), on=on), n)
    finally:
        library.close()
    return [
        _p95_row(
            f"suggestion p95, {passages:,} passages + 100,000 precedent items (vs search)",
            figure,
            floor,
            30,
            f"median {median(figure):.2f} ms; computed off the GUI thread in the window",
        )
    ]


def _import_row() -> list[Result]:
    from pypdf import PdfReader

    from imr_desktop.precedents import import_published

    pdfs = sorted(LETTERS.glob("*.pdf"))
    if not pdfs:
        return [
            Result(
                what="bulk import of the published PDFs",
                figure=0.0,
                floor=None,
                unit="letters/s",
                note="skipped: ../shared/letters is not beside this checkout",
            )
        ]

    def extract() -> float:
        t0 = time.perf_counter()
        for pdf in pdfs:
            for page in PdfReader(str(pdf)).pages:
                page.extract_text()
        return time.perf_counter() - t0

    def bulk_import() -> float:
        folder = Path(tempfile.mkdtemp(prefix="imr-bench-precedents-import-"))
        report = import_published(folder, [LETTERS])
        assert report.count("imported") == len(pdfs), report.summary()
        return report.seconds

    # Alternated, best of two each: the machine is shared and noisy.
    runs = [(extract(), bulk_import()) for _ in range(2)]
    floor_seconds, seconds = min(r[0] for r in runs), min(r[1] for r in runs)
    figure = len(pdfs) / seconds
    floor = len(pdfs) / floor_seconds
    return [
        Result(
            what=f"bulk import of {len(pdfs)} published PDFs, {os.cpu_count()} processes",
            figure=figure,
            floor=floor,
            unit="letters/s",
            target="ratio > 1 (beats 1-process pypdf)",
            ok=figure > floor,
            note=f"import {seconds:.1f} s; pypdf text extraction alone, one process, "
            f"{floor_seconds:.1f} s; {os.cpu_count()} cores",
        )
    ]


def run() -> list[Result]:
    folder = Path(tempfile.mkdtemp(prefix="imr-bench-precedents-"))
    library, written = _generated_library(folder)
    try:
        rows = _search_rows(library, written)
        rows += _suggestion_rows(folder, library)
    finally:
        library.close()
    return rows + _import_row()
