"""How often the guideline suggestions name what the real reviewer cited, measured
leave-one-out over the published letters (issue 14):

    python -m bench.leave_one_out [LETTERS_PDF_FOLDER]

Every letter of ../shared/letters/pdf is imported as a precedent. Then, for each
disputed item that cites a guideline, its request as printed is given to the
suggestions with every *other* letter as precedents (the item's own letter left out)
and the editions in force on its UR denial date, and once more with no precedents at
all (the library and request understanding alone). A suggestion hits when it names a
cited guideline: same source and section, however each spelled them
(``precedents.sections.same_guideline_key``; a citation of several sections is each
of them). The table: cited guideline first, and in the top five, by request category.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

LETTERS = Path(__file__).resolve().parents[2] / "shared" / "letters" / "pdf"


@dataclass
class Tally:
    items: Counter = field(default_factory=Counter)
    first: Counter = field(default_factory=Counter)
    top5: Counter = field(default_factory=Counter)

    def add(self, category: str, rank: int | None) -> None:
        self.items[category] += 1
        if rank is not None and rank == 0:
            self.first[category] += 1
        if rank is not None and rank < 5:
            self.top5[category] += 1

    def share(self, counter: Counter, category: str | None = None) -> float:
        total = sum(self.items.values()) if category is None else self.items[category]
        hits = sum(counter.values()) if category is None else counter[category]
        return hits / total if total else 0.0


@dataclass
class Measure:
    with_precedents: Tally = field(default_factory=Tally)
    library_only: Tally = field(default_factory=Tally)
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # request, cited, suggested

    def table(self) -> str:
        w, o = self.with_precedents, self.library_only
        lines = [
            f"{'category':<18} {'items':>5}  {'first':>6} {'top 5':>6}   {'no precedents: first':>20} {'top 5':>6}",
        ]
        for category, n in w.items.most_common():
            lines.append(
                f"{category:<18} {n:>5}  {w.share(w.first, category):>6.0%} "
                f"{w.share(w.top5, category):>6.0%}   {o.share(o.first, category):>20.0%} "
                f"{o.share(o.top5, category):>6.0%}"
            )
        lines.append(
            f"{'all':<18} {sum(w.items.values()):>5}  {w.share(w.first):>6.1%} "
            f"{w.share(w.top5):>6.1%}   {o.share(o.first):>20.1%} {o.share(o.top5):>6.1%}"
        )
        return "\n".join(lines)


def _keys(citation) -> set[str]:
    from imr_desktop.precedents.sections import one_section_each, same_guideline_key

    return {same_guideline_key(c) for c in one_section_each(citation)}


def _hits(keys: set[str], cited: set[str]) -> bool:
    """Same source and section; a citation naming no section (an ODG chapter alone)
    is matched by its source."""
    if keys & cited:
        return True
    whole = {c for c in cited if c.endswith("|") and c.count("|") == 2 and c.split("|")[1]}
    return any(k.startswith(c) for k in keys for c in whole)


def _rank(suggestions, cited: set[str]) -> int | None:
    for n, suggestion in enumerate(suggestions):
        if _hits(_keys(suggestion.citation), cited):
            return n
    return None


def measure(letters: Path = LETTERS, folder: Path | None = None) -> Measure:
    from imr_desktop.guidelines import GuidelineLibrary
    from imr_desktop.guidelines.suggest import suggest
    from imr_desktop.precedents import PrecedentLibrary, import_published
    from imr_desktop.precedents.lookup import parse_date
    from imr_desktop.requests import understand

    folder = folder or Path(tempfile.mkdtemp(prefix="imr-leave-one-out-"))
    report = import_published(folder, [letters])
    if report.count("imported") + report.count("skipped") == 0:
        raise SystemExit(f"no letters imported from {letters}")
    precedents = PrecedentLibrary.open(folder)
    library = GuidelineLibrary.open(folder)
    found = Measure()
    try:
        rows = precedents.db.execute(
            "SELECT i.id, i.request, d.case_number, d.ur_denial_date, d.decision_date "
            "FROM items i JOIN decisions d ON d.id = i.decision_id ORDER BY d.case_number, i.position"
        ).fetchall()
        from imr_desktop.precedents.lookup import citations_of

        cited_by_item = citations_of(precedents.db, [r[0] for r in rows])
        for item_id, request, case_number, ur_denial, decided in rows:
            cited = (
                set().union(*(_keys(c) for c in cited_by_item.get(item_id, ())))
                if cited_by_item.get(item_id)
                else set()
            )
            if not cited:
                continue  # "did not cite any medical evidence": nothing to suggest
            on = parse_date(ur_denial) or parse_date(decided)
            category = understand(request).category
            both = suggest(
                library, request, on=on, precedents=precedents.db, exclude_case=case_number, limit=5
            )
            alone = suggest(library, request, on=on, precedents=None, limit=5)
            rank = _rank(both.items, cited)
            found.with_precedents.add(category, rank)
            found.library_only.add(category, _rank(alone.items, cited))
            if rank != 0:
                first = both.items[0].citation if both.items else None
                shown = f"{first.source}: {first.section}" if first else "(none)"
                found.misses.append((request, " / ".join(sorted(cited)), shown))
    finally:
        library.close()
        precedents.close()
    return found


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    letters = Path(args[0]) if args else LETTERS
    if not any(letters.glob("*.pdf")):
        print(f"no letters in {letters}", file=sys.stderr)
        return 2
    result = measure(letters)
    print(result.table())
    if "--misses" in argv:
        for request, cited, shown in result.misses:
            print(f"  {request[:60]:<60} cited {cited[:80]} | first {shown[:80]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
