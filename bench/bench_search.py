"""Guideline search over a 50,000-passage synthetic library (DESIGN.md section 5):
the product's search as the guideline panel runs it (ranked by the evidence
hierarchy, with highlights; the snippets of the hits the list shows first, the rest
read when it shows them -- the median with every snippet is reported too) beside the
raw FTS5 ranked query with the same MATCH expression (target p95 <= 1.3x) and beside
a LIKE scan that ranks the same matches (target >= 20x faster); the same at 5,000
and 200,000 passages, each scale in a process of its own (so its peak RSS is its
own), with the SQL statements one search runs; and the import time of a generated
300-page PDF."""

from __future__ import annotations

import itertools
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench import Result, median, percentile, reset_peak_rss, rss_mb, run_child, timings_ms

PASSAGES = 50_000
SCALES = (5_000, 50_000, 200_000)
PDF_PAGES = 300
QUERIES = [
    "physical therapy", "active therapy home", "epidural injection", "knee imaging",
    "opioid monitoring", "acupuncture", "home exercise program", "NSAID", "TENS",
    "urine drug testing", "EMG/NCV", "gym membership", "spinal cord stimulator",
    "functional restoration", "cyclobenzaprine", "topical compounded cream",
]  # fmt: skip
REPEAT = 12

WORDS = [
    "pain",
    "chronic",
    "acute",
    "therapy",
    "physical",
    "active",
    "passive",
    "visits",
    "weeks",
    "functional",
    "improvement",
    "documented",
    "recommended",
    "option",
    "trial",
    "injection",
    "epidural",
    "radicular",
    "lumbar",
    "cervical",
    "knee",
    "shoulder",
    "wrist",
    "hand",
    "imaging",
    "surgery",
    "conservative",
    "care",
    "medication",
    "opioid",
    "dose",
    "monitoring",
    "testing",
    "urine",
    "drug",
    "screen",
    "home",
    "exercise",
    "program",
    "equipment",
    "membership",
    "gym",
    "spinal",
    "cord",
    "stimulator",
    "restoration",
    "psychological",
    "evaluation",
    "behavioral",
    "cognitive",
    "acupuncture",
    "massage",
    "manipulation",
    "chiropractic",
    "nerve",
    "conduction",
    "electromyography",
    "topical",
    "compounded",
    "cream",
    "patch",
    "lidocaine",
    "gabapentin",
    "antidepressant",
    "tricyclic",
    "muscle",
    "relaxant",
    "cyclobenzaprine",
    "benzodiazepine",
    "insomnia",
    "sleep",
    "hygiene",
    "brace",
    "orthotic",
    "cryotherapy",
    "heat",
    "cold",
    "tens",
    "interferential",
    "ultrasound",
    "evidence",
    "guideline",
    "patient",
    "worker",
    "employer",
    "return",
    "work",
    "restriction",
    "duty",
    "capacity",
]
REGIONS = ["General", "Low back", "Neck", "Shoulder", "Knee", "Forearm, wrist & hand"]


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Guideline-like text: a long tail of ordinary words (Zipf weights) with the
    clinical words above sprinkled in, so a clinical term is in a few % of passages."""
    letters = "abcdefghilmnoprstuv"
    filler = sorted({"".join(rng.choices(letters, k=rng.randint(3, 9))) for _ in range(9000)})
    weights = [1 / (rank + 1) for rank in range(len(filler))]
    total = sum(weights)
    clinical_share = 0.12
    words = filler + WORDS
    probabilities = [w / total * (1 - clinical_share) for w in weights]
    probabilities += [clinical_share / len(WORDS)] * len(WORDS)
    return words, list(itertools.accumulate(probabilities))


def build_library(folder: Path, passages: int = PASSAGES):
    from imr_desktop.guidelines import GuidelineLibrary, ImportedSource
    from imr_desktop.model.passage import GuidelineSource, Passage, RecommendationStatus, SourceKind

    rng = random.Random(7)
    words, cumulative = _vocabulary(rng)
    library = GuidelineLibrary.open(folder, seed_sample=False)
    kinds = [
        SourceKind.MTUS,
        SourceKind.MTUS,
        SourceKind.ACOEM,
        SourceKind.ODG,
        SourceKind.LITERATURE,
    ]
    imported = []
    per_source = passages // 10
    for n in range(10):
        source = GuidelineSource(key=f"bench-{n}", title=f"Bench source {n}", kind=kinds[n % 5],
                                 edition=str(2004 + n))  # fmt: skip
        passages = []
        for i in range(per_source):
            topic = " ".join(rng.choices(words, cum_weights=cumulative, k=3))
            text = " ".join(rng.choices(words, cum_weights=cumulative, k=rng.randint(40, 90)))
            text += "."
            passages.append(Passage(source, topic.capitalize(), text, section=topic, pages=str(i),
                                    body_region=rng.choice(REGIONS),
                                    status=rng.choice(list(RecommendationStatus))))  # fmt: skip
        imported.append(ImportedSource(source, passages))
    library.replace_sources(imported, origin="bench")
    return library


def _like_search(db, text: str, limit: int = 50) -> list[int]:
    """The naive alternative: scan every passage with LIKE, rank by hierarchy then by
    how many of the words (and their spelled-out forms) occur."""
    from imr_desktop.guidelines.query import ABBREVIATIONS, STOPWORDS, _words

    groups = []
    for word in _words(text):
        if word in STOPWORDS:
            continue
        groups.append([word, *ABBREVIATIONS.get(word, ())])
    where, score, params, score_params = [], [], [], []
    for alternatives in groups:
        ors = []
        for alt in alternatives:
            ors.append("(p.topic LIKE ? OR p.section LIKE ? OR p.text LIKE ?)")
            params.extend([f"%{alt}%"] * 3)
            score.append("(instr(lower(p.text), ?) > 0)")
            score_params.append(alt)
        where.append("(" + " OR ".join(ors) + ")")
    sql = (
        f"SELECT p.id, {' + '.join(score) or '0'} AS score FROM passages p "
        f"JOIN sources s ON s.id = p.source_id WHERE {' AND '.join(where) or '1'} "
        "ORDER BY s.rank, score DESC LIMIT ?"
    )
    return [r[0] for r in db.execute(sql, [*score_params, *params, limit]).fetchall()]


def _raw_fts(db, match: str, limit: int = 50) -> list:
    return db.execute(
        "SELECT rowid, bm25(passages_fts) FROM passages_fts WHERE passages_fts MATCH ? "
        "ORDER BY rank LIMIT ?",
        [match, limit],
    ).fetchall()


def _make_pdf(path: Path, pages: int) -> None:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    rng = random.Random(3)
    styles = getSampleStyleSheet()
    story: list = []
    for page in range(pages):
        if page:
            story.append(PageBreak())
        if page % 20 == 0:
            story.append(Paragraph(f"Chapter {page // 20 + 1}", styles["Heading1"]))
        story.append(Paragraph(f"Section {page + 1} {rng.choice(WORDS)}", styles["Heading2"]))
        for _ in range(3):
            story.append(Paragraph(" ".join(rng.choices(WORDS, k=120)) + ".", styles["BodyText"]))
    SimpleDocTemplate(str(path)).build(story)


def measure(folder: Path) -> dict[str, float]:
    """In its own process: the product's search, the raw FTS5 query and the LIKE scan
    over the library in ``folder``; statements per search; RSS."""
    from imr_desktop.guidelines import SNIPPETS_AT_ONCE, GuidelineLibrary
    from imr_desktop.guidelines.query import build_query

    library = GuidelineLibrary.open(folder, seed_sample=False)

    def search(q: str, snippets: int | None = SNIPPETS_AT_ONCE):
        return library.search(q, snippets=snippets)  # as the panel asks

    db = library.db
    matches = {q: build_query(q).match for q in QUERIES}
    before, _ = rss_mb()
    reset_peak_rss()
    statements = [0]

    def count(sql: str) -> None:
        # "-- " marks statements SQLite runs inside another (FTS5 reading its tables).
        if not sql.startswith("--"):
            statements[0] += 1

    db.conn.set_trace_callback(count)
    search(QUERIES[0])  # sources cached, as in a session
    statements[0] = 0
    for q in QUERIES:
        search(q)
    per_search = statements[0] / len(QUERIES)
    db.conn.set_trace_callback(None)

    product: list[float] = []
    every_snippet: list[float] = []
    raw: list[float] = []
    like: list[float] = []
    paired: list[float] = []  # per query: LIKE median / product median
    for q in QUERIES:
        # Interleaved per query so drift on this shared machine hits both alike.
        mine = timings_ms(lambda q=q: search(q), REPEAT)
        every_snippet += timings_ms(lambda q=q: search(q, None), REPEAT)
        raw += timings_ms(lambda q=q: _raw_fts(db, matches[q]), REPEAT)
        scan = timings_ms(lambda q=q: _like_search(db, q), 2, warmup=0)
        product += mine
        like += scan
        paired.append(median(scan) / median(mine))
    _, peak = rss_mb()
    library.close()
    return {
        "median": median(product),
        "p95": percentile(product, 95),
        "every_snippet_median": median(every_snippet),
        "raw_median": median(raw),
        "raw_p95": percentile(raw, 95),
        "like_median": median(like),
        "paired_min": min(paired),
        "paired_max": max(paired),
        "paired_median": median(paired),
        "statements": per_search,
        "rss_before": before,
        "rss_peak": peak,
    }


def _scale(passages: int) -> tuple[dict[str, float], float]:
    folder = Path(tempfile.mkdtemp(prefix="imr-bench-search-"))
    try:
        built = run_child(["bench.bench_search", "build", str(folder), str(passages)])
        got = run_child(["bench.bench_search", "measure", str(folder)])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return got, built["seconds"]


def run() -> list[Result]:
    results: list[Result] = []
    for passages in SCALES:
        got, build_s = _scale(passages)
        if passages == PASSAGES:
            p95, raw95 = got["p95"], got["raw_p95"]
            results.append(Result(
                f"search p95, {PASSAGES:,} passages, ranked + highlights", p95, raw95, "ms",
                "ratio <= 1.3 (raw FTS5)", p95 <= 1.3 * raw95,
                f"median {got['median']:.2f} ms vs raw {got['raw_median']:.2f} ms; "
                f"{len(QUERIES)} queries x {REPEAT}; library built in {build_s:.1f} s",
            ))  # fmt: skip
            speedup = got["like_median"] / got["median"]
            results.append(Result(
                "search median vs LIKE scan ranking the same matches", got["median"],
                got["like_median"], "ms", ">= 20x faster", speedup >= 20,
                f"{speedup:.1f}x faster (medians); per query {got['paired_min']:.0f}x to "
                f"{got['paired_max']:.0f}x, median {got['paired_median']:.0f}x; every snippet "
                f"read at once: median {got['every_snippet_median']:.2f} ms "
                f"({got['like_median'] / got['every_snippet_median']:.1f}x)",
            ))  # fmt: skip
        results.append(Result(
            f"search median at {passages:,} passages (scale)", got["median"], got["raw_median"],
            "ms", "(reported)", None,
            f"floor: raw FTS5 median; p95 {got['p95']:.2f} vs raw {got['raw_p95']:.2f} ms; "
            f"LIKE {got['like_median']:.0f} ms; {got['statements']:.2f} SQL statements a "
            f"search; peak RSS {got['rss_peak']:.0f} MB ({got['rss_before']:.0f} MB open)",
        ))  # fmt: skip

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pdf = folder / "bench.pdf"
        _make_pdf(pdf, PDF_PAGES)
        from pypdf import PdfReader

        t0 = time.perf_counter()
        reader = PdfReader(str(pdf))
        for page in reader.pages:
            page.extract_text()
        extract_ms = (time.perf_counter() - t0) * 1000
        target = GuidelineLibrary_open(folder / "pdf")
        t0 = time.perf_counter()
        report = target.import_file(pdf)
        import_ms = (time.perf_counter() - t0) * 1000
        target.close()
        results.append(Result(
            f"import of a {PDF_PAGES}-page PDF ({report.passages} passages)", import_ms, extract_ms,
            "ms", "(floor: pypdf text only)", None,
            "passages keep pages and headings; the floor is pypdf extract_text of every page",
        ))  # fmt: skip
    return results


def GuidelineLibrary_open(folder: Path):
    from imr_desktop.guidelines import GuidelineLibrary

    folder.mkdir()
    return GuidelineLibrary.open(folder, seed_sample=False)


if __name__ == "__main__":
    import json

    if sys.argv[1] == "build":
        t0 = time.perf_counter()
        built = build_library(Path(sys.argv[2]), int(sys.argv[3]))
        built.db.execute("PRAGMA optimize")
        built.close()
        print(json.dumps({"seconds": time.perf_counter() - t0}))
    else:
        print(json.dumps(measure(Path(sys.argv[2]))))
