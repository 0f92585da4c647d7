"""What published decisions cite for a request: the citation practice the guideline
suggestions weigh.

Three circles of published decided items around a request, each counted apart:
the same request (as the Precedents view finds them), the same kind of request (the
same drug class, or the same service whatever else was asked), and the same category
("imaging of the low back"). The nearer circle weighs more; each is read from the
index over at most ``SAMPLE`` of its most recent items, so a library of any size
answers in a few milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from imr_desktop.database import Database
from imr_desktop.model import Citation, CitationKind
from imr_desktop.requests import UnderstoodRequest

from .matching import (
    DECIDED,
    category_term,
    index_term,
    match_expression,
    quote,
    region_condition_fts,
)

SAMPLE = 400
# Same request, same kind, same category: fitted leave-one-out on the 174 published
# letters (bench/leave_one_out.py); the kind of request says most.
WEIGHTS = (1.0, 1.5, 0.1)
SMOOTHING = 7  # a circle of n decisions counts as n + 7: two of two is not all


@dataclass(frozen=True)
class Circle:
    label: str  # "similar published decisions", "published decisions on opioids" ...
    weight: float
    decisions: int
    cited: dict[int, int]  # guideline id -> decided items citing it


@dataclass
class Practice:
    circles: list[Circle] = field(default_factory=list)
    guidelines: dict[int, Citation] = field(default_factory=dict)

    def share(self, guideline_id: int) -> float:
        """How strongly the circles point at one guideline: the weighted share of
        decisions citing it, a small circle trusted less (one of two is not one half)."""
        return sum(
            c.weight * c.cited.get(guideline_id, 0) / (c.decisions + SMOOTHING)
            for c in self.circles
        )

    def nearest(self, guideline_id: int) -> Circle | None:
        return next((c for c in self.circles if c.cited.get(guideline_id)), None)


def _circles(meaning: UnderstoodRequest) -> list[tuple[str, str]]:
    """(label, MATCH) of each circle, nearest first, none repeated."""
    out: list[tuple[str, str]] = []
    same = match_expression(meaning)
    if same:
        out.append(("similar published decisions", same))
    regions = region_condition_fts(meaning)
    classes = [c for d in meaning.drugs for c in d.classes]
    if classes:
        terms = list(dict.fromkeys(classes))
        label = "published decisions on " + " and ".join(t.replace("_", " ") for t in terms)
    else:
        terms = list(meaning.concepts)
        label = "published decisions on " + ", ".join(meaning.concept_labels() or terms)
    if terms:
        kind = "terms : (" + " AND ".join(quote(index_term(t)) for t in terms) + ")" + regions
        if kind != same:
            out.append((label, kind))
    if meaning.category != "other":
        where = f" of the {', '.join(meaning.region_labels())}" if meaning.regions else ""
        wide = f"terms : {quote(category_term(meaning.category))}{regions}"
        out.append((f"published {meaning.category} decisions{where}", wide))
    return out


def citation_practice(
    db: Database, meaning: UnderstoodRequest, *, exclude_case: str | None = None
) -> Practice:
    """The circles around ``meaning``. ``exclude_case``: leave one published decision
    out (measuring suggestions against the decision itself)."""
    practice = Practice()
    for (label, match), weight in zip(_circles(meaning), WEIGHTS, strict=False):
        sql = "SELECT rowid FROM items_fts WHERE items_fts MATCH ? ORDER BY rowid DESC LIMIT ?"
        params: list[object] = [f"({match}) AND {DECIDED}", SAMPLE]
        if exclude_case:
            sql = (
                "SELECT f.rowid FROM items_fts f JOIN items i ON i.id = f.rowid "
                "JOIN decisions d ON d.id = i.decision_id WHERE items_fts MATCH ? "
                "AND d.case_number != ? ORDER BY f.rowid DESC LIMIT ?"
            )
            params = [params[0], exclude_case, SAMPLE]
        ids = [r[0] for r in db.execute(sql, params)]
        if not ids:
            continue
        marks = ", ".join("?" for _ in ids)
        cited = dict(
            db.execute(
                "SELECT guideline_id, count(DISTINCT item_id) FROM citations "
                f"WHERE item_id IN ({marks}) GROUP BY guideline_id",
                ids,
            ).fetchall()
        )
        practice.circles.append(Circle(label, weight, len(ids), cited))
    wanted = sorted({g for c in practice.circles for g in c.cited})
    if wanted:
        marks = ", ".join("?" for _ in wanted)
        for gid, kind, source, edition, section in db.execute(
            f"SELECT id, kind, source, edition, section FROM guidelines WHERE id IN ({marks})",
            wanted,
        ):
            practice.guidelines[gid] = Citation(CitationKind(kind), source, edition, section)
    return practice
