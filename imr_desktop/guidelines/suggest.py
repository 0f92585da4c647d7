"""Suggested citations for a request, before a word of search is typed.

Two witnesses, each saying why:
- the library read through request understanding: passages whose topic names what
  the request asks for (the service, the drug or its class, the test) and a
  compatible body region ("tramadol → opioid"; "topic: Special studies ... low
  back");
- the citation practice of published decisions (``precedents.practice``): what
  decisions on the same request, the same kind and the same category cited ("cited in
  31 of 41 similar published decisions").

Every suggestion is a library passage of the edition in force on the given date where
the library has one (so it is cited as any search result is), else the citation as
the decisions printed it.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from imr_desktop.database import Database
from imr_desktop.model import Citation, CitationKind
from imr_desktop.model.passage import GuidelineSource, Passage, SourceKind, passage_citation
from imr_desktop.precedents.sections import same_guideline_key
from imr_desktop.requests import UnderstoodRequest, regions_compatible, understand
from imr_desktop.requests.drugs import class_label
from imr_desktop.requests.phrases import concepts_by_key

from .library import GuidelineLibrary
from .query import quote

DEFAULT_LIMIT = 10
CANDIDATES = 60  # library passages read per request
LIBRARY_WEIGHT = 1.1  # the library's word against a share of published practice
PRINTED_ONLY = 0.6  # a citation the library does not hold weighs less
NOT_MTUS = 0.75  # the library's word for a guideline outside the MTUS
LIBRARY_PLACES = 4  # of the first five, kept for the library's best readings
WORDS_BONUS = 0.5  # the share of the request's other words a topic shares
WORDS_ONLY = 0.3  # ... when the topic names none of the request's services


@dataclass(frozen=True)
class Suggestion:
    citation: Citation  # as it is cited (the passage's, in the letters' 2016-17 form)
    passage: Passage | None  # the library passage, where the library has it
    score: float
    why: tuple[str, ...]


@dataclass
class Suggestions:
    understood: UnderstoodRequest
    items: list[Suggestion] = field(default_factory=list)
    message: str = ""


# --- the library, indexed by the guideline section each passage cites --------------------


@dataclass
class _Index:
    stamp: tuple[str, int, int]
    by_key: dict[str, list[int]]  # same_guideline_key -> passage ids, newest source first


_indexes: dict[str, _Index] = {}
_index_lock = threading.Lock()


def _passage_index(library: GuidelineLibrary) -> _Index:
    # Connections come and go (each worker opens its own): the passages' count and
    # highest id tell a changed library.
    count, top = library.db.execute("SELECT count(*), max(id) FROM passages").fetchone()
    key = str(library.path)
    stamp = (key, int(count), int(top or 0))
    with _index_lock:
        index = _indexes.get(key)
        if index is not None and index.stamp == stamp:
            return index
    by_key: dict[str, list[int]] = {}
    for passage in library.all_passages():
        by_key.setdefault(same_guideline_key(passage_citation(passage)), []).append(passage.id or 0)
    index = _Index(stamp, by_key)
    with _index_lock:
        _indexes[key] = index
    return index


# --- what the library says -------------------------------------------------------------------


def _phrases(meaning: UnderstoodRequest) -> list[str]:
    """Words to look for in passage topics: each concept's names, generics, classes."""
    known = concepts_by_key()
    out: list[str] = []
    for key in meaning.concepts:
        concept = known.get(key)
        if concept is not None:
            out.extend(concept.phrases[:6])
    out.extend(meaning.generics)
    out.extend(meaning.words)
    seen: list[str] = []
    for phrase in out:
        words = re.findall(r"[a-z0-9]+", phrase.lower())
        if words and len(" ".join(words)) > 1 and " ".join(words) not in seen:
            seen.append(" ".join(words))
    return seen[:30]


@lru_cache(maxsize=8192)
def _topic_meaning(topic: str, section: str, region: str) -> UnderstoodRequest:
    return understand(f"{topic}. {section}. {region}")


def _library_scores(
    library: GuidelineLibrary, meaning: UnderstoodRequest, on: dt.date | None
) -> dict[int, tuple[float, Passage]]:
    phrases = _phrases(meaning)
    if not phrases:
        return {}
    match = "{topic section} : (" + " OR ".join(quote(p) for p in phrases) + ")"
    rows = library.db.execute(
        "SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? ORDER BY rank LIMIT ?",
        [match, CANDIDATES],
    ).fetchall()
    asked = set(meaning.concepts) | set(meaning.generics)
    if "topical_analgesic" in asked:
        # The route first: a cream of three drugs is a topical analgesic, whatever
        # the drugs' classes.
        asked = {"topical_analgesic"} | ({"compounded"} & asked)
    out: dict[int, tuple[float, Passage]] = {}
    for passage in library.passages([r[0] for r in rows]):
        if on is not None and not passage.source.in_force_on(on):
            continue
        said = _topic_meaning(passage.topic, passage.section, passage.body_region)
        offered = set(said.concepts) | set(said.generics)
        matched = asked & offered
        # Other words the topic shares ("impedance", "abdomen") tell apart topics
        # that name the same service.
        shared = set(meaning.words) & set(said.words)
        if not matched and not shared:
            continue
        if meaning.regions and said.regions and not _regions_fit(meaning, said):
            continue
        words = len(shared) / len(meaning.words) if shared else 0.0
        if matched:
            score = 0.6 * len(matched) / len(asked) + 0.25 * len(matched) / len(offered)
            score += WORDS_BONUS * words
        else:
            score = WORDS_ONLY * words
        if meaning.regions and said.regions:
            score += 0.05
        # Around a surgery the guidance differs ("Opioids after surgery").
        if said.perioperative:
            score += 0.4 if meaning.perioperative else -0.15
        # The strength-of-evidence hierarchy: the MTUS, then other evidence-based
        # guidelines, then the rest.
        if not passage.is_mtus:
            score *= NOT_MTUS if passage.source.effective_rank <= 2 else NOT_MTUS * NOT_MTUS
        out[passage.id or 0] = (score, passage)
    if on is None:  # no date: of one topic in several editions, the newest
        newest: dict[tuple[str, str], Passage] = {}
        for _, passage in out.values():
            key = (passage.source.title, passage.topic)
            known = newest.get(key)
            since = passage.source.in_force_from or dt.date.min
            if known is None or since > (known.source.in_force_from or dt.date.min):
                newest[key] = passage
        kept = {p.id for p in newest.values()}
        out = {pid: v for pid, v in out.items() if pid in kept}
    return out


# Electrodiagnostic tests of a limb look for the nerve roots of its spine too
# (radiculopathy): an EMG of the arms concerns the neck chapter as well.
_ROOTS = {"upper_extremity": "cervical", "lower_extremity": "lumbar"}


def _regions_fit(meaning: UnderstoodRequest, said: UnderstoodRequest) -> bool:
    if regions_compatible(meaning, said):
        return True
    if meaning.category != "electrodiagnostic":
        return False
    roots = {_ROOTS[r] for r in meaning.regions if r in _ROOTS}
    return bool(roots & set(said.region_terms))


# --- both together ---------------------------------------------------------------------------------


def suggest(
    library: GuidelineLibrary,
    text: str,
    *,
    on: dt.date | None = None,
    precedents: Database | None = None,
    exclude_case: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> Suggestions:
    """Ranked citations for the request ``text``. ``on``: only editions in force that
    day. ``precedents``: a connection to ``precedents.db`` (None: the library alone).
    ``exclude_case``: leave that published decision out of the practice counted."""
    meaning = understand(text)
    found = Suggestions(meaning)
    if meaning.is_empty:
        found.message = "Type what is requested to see suggested citations."
        return found
    index = _passage_index(library)
    why_request = _why_request(meaning)
    candidates: dict[str, dict] = {}

    def candidate(key: str, citation: Citation, passage: Passage | None) -> dict:
        return candidates.setdefault(
            key,
            {"citation": citation, "passage": passage, "practice": 0.0, "library": 0.0, "why": []},
        )

    for score, offered in _library_scores(library, meaning, on).values():
        citation = passage_citation(offered)
        entry = candidate(same_guideline_key(citation), citation, offered)
        if score > entry["library"]:
            entry["library"] = score
            entry["why"] = [w for w in entry["why"] if not w.startswith("topic:")]
            entry["why"].append(f"topic: {offered.topic}")
    if precedents is not None:
        from imr_desktop.precedents.practice import citation_practice

        practice = citation_practice(precedents, meaning, exclude_case=exclude_case)
        for gid, cited in practice.guidelines.items():
            key = same_guideline_key(cited)
            passage = _in_force(library, index.by_key.get(key, []), on)
            citation = passage_citation(passage) if passage else cited
            entry = candidate(key, citation, passage)
            entry["practice"] += practice.share(gid) * (1.0 if passage else PRINTED_ONLY)
            for place, circle in enumerate(practice.circles):
                if circle.cited.get(gid):  # spellings of one guideline count together
                    counts = entry.setdefault("circles", {})
                    seen = counts.get(place, (0, circle.decisions, circle.label))[0]
                    counts[place] = (seen + circle.cited[gid], circle.decisions, circle.label)
    weight = LIBRARY_WEIGHT

    # Equal scores: the newer edition, then the library's own order (its sources by
    # rank, passages as written).
    def order(e: dict) -> tuple[int, int]:
        passage = e["passage"]
        if passage is None or not passage.id:
            return (0, 1 << 62)
        since = passage.source.in_force_from or dt.date.min
        return (-since.toordinal(), passage.id)

    ranked = sorted(
        candidates.values(), key=lambda e: (-(e["practice"] + weight * e["library"]), order(e))
    )
    # The library's own best readings keep a place among the first five, however
    # little published practice says of them: a request unlike the published ones
    # still gets the guideline that names it.
    own = sorted(
        (e for e in candidates.values() if e["library"] > 0),
        key=lambda e: (-e["library"], order(e)),
    )[:LIBRARY_PLACES]
    head = ranked[: max(0, 5 - len([e for e in own if e not in ranked[:5]]))]
    ranked = (
        head
        + [e for e in own if e not in head]
        + [e for e in ranked if e not in head and e not in own]
    )
    for entry in ranked[:limit]:
        circles = entry.get("circles", {})
        nearest = [f"cited in {c} of {n} {label}" for _, (c, n, label) in sorted(circles.items())][
            :1
        ]
        why = why_request + nearest + entry["why"]
        passage = entry["passage"]
        if on is not None and passage is not None:
            why.append(f"edition in force on {on.strftime('%m/%d/%Y')}")
        score = round(entry["practice"] + weight * entry["library"], 4)
        found.items.append(Suggestion(entry["citation"], passage, score, tuple(why)))
    if not found.items:
        found.message = "No suggestion for this request: search the library."
    return found


def _in_force(library: GuidelineLibrary, ids: list[int], on: dt.date | None) -> Passage | None:
    passages = library.passages(ids[:8])
    if on is not None:
        passages = [p for p in passages if p.source.in_force_on(on)]
    if not passages:
        return None
    # Without a date: the newest edition.
    return max(passages, key=lambda p: p.source.in_force_from or dt.date.min)


def _why_request(meaning: UnderstoodRequest) -> list[str]:
    out = []
    for drug in meaning.drugs:
        classes = [class_label(c) for c in drug.classes if c != "compounded"]
        head = (
            drug.written
            if drug.written.lower() == " + ".join(drug.generics)
            else (f"{drug.written} → {' + '.join(drug.generics)}")
        )
        out.append(f"{head} → {', '.join(classes)}" if classes else head)
    return out


PRINTED_KEY = "published-citation"  # the source key of a passage made from a printed citation


def is_printed(passage: Passage) -> bool:
    return passage.source.key == PRINTED_KEY


def printed_citation(passage: Passage) -> Citation:
    """The citation a :func:`printed_passage` stands for, exactly as printed."""
    kind = CitationKind.MTUS if passage.source.kind is SourceKind.MTUS else CitationKind.NON_MTUS
    return Citation(
        kind,
        passage.source.cite_as,
        passage.source.edition or None,
        passage.section or None,
        passage.pages or None,
    )


def printed_passage(citation: Citation) -> Passage:
    """A guideline published decisions cite and the library does not hold, as a
    passage the panel can show and cite: citing it adds the citation as printed."""
    kind = SourceKind.MTUS if citation.kind is CitationKind.MTUS else SourceKind.LITERATURE
    section = citation.section or ""
    if section.casefold() == citation.source.casefold():
        section = ""  # "www.mdguidelines.com" read as source and section: said once
    source = GuidelineSource(
        key=PRINTED_KEY,
        title=citation.source,
        kind=kind,
        cite_as=citation.source,
        edition=citation.edition or "",
    )
    return Passage(
        source=source,
        topic=section or citation.source,
        text="Cited by published decisions on this request. The library holds no passage "
        "for it: read the guideline itself before citing it.",
        section=section,
        pages=citation.pages or "",
    )


def precedents_connection(data_dir: Path) -> Database | None:
    """A connection to the folder's ``precedents.db`` for suggestions, or None when
    nothing was imported (the file is not created for a suggestion)."""
    from imr_desktop.precedents import PRECEDENTS_DB, PrecedentLibrary

    path = Path(data_dir) / PRECEDENTS_DB
    if not path.exists():
        return None
    return PrecedentLibrary.open(path).db
