"""What a request means: one pure function, :func:`understand`, shared by the guideline
suggestions and the precedent matching.

A request as printed ("Retrospective Norco 10/325mg #90, DOS 11/18/16", "PT 2x6 low
back") becomes an :class:`UnderstoodRequest`: what is requested (concepts from the
vocabulary, plus any other content word kept as written), where (body regions, side),
how much (count, strength, quantity, frequency; recorded, never part of the match) and
when (retrospective, date of service, around a surgery).

Two requests mean the same service when their *match terms* agree; the amounts
never take part, and the body region is compared separately (see
:func:`regions_compatible`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import amounts as amounts_module
from .amounts import Count
from .vocabulary import (
    CATEGORIES,
    CONCEPTS,
    GENERIC_WORDS,
    REGIONS,
    SIDES,
    STOPWORDS,
    Concept,
    Region,
)

MAX_REQUEST_CHARS = 2000  # a pasted page is cut: a request is a line
MAX_WORD_CHARS = 40
MAX_TERMS = 16
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_KEEP_AS_IS = frozenset({"tens", "ncs", "uds", "ems", "les", "ues", "ads", "ss", "emgs"})
_SINGULAR = {"esis": "esi", "ppis": "ppi", "nsaids": "nsaid", "x": "x", "feet": "foot"}


def singular(word: str) -> str:
    """A light plural fold, applied the same way to requests and to the vocabulary:
    "sessions" -> "session", "studies" -> "study", "x-rays" -> "ray"."""
    if word in _SINGULAR:
        return _SINGULAR[word]
    if len(word) <= 3 or word in _KEEP_AS_IS or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s"):
        return word[:-1]
    return word


def raw_tokens(text: str) -> list[str]:
    return [t.replace("'", "") for t in _TOKEN.findall(text.lower())]


def tokens(text: str) -> list[str]:
    return [singular(t) for t in raw_tokens(text)]


# --- the phrase table -------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    kind: str  # "concept", "region", "side"
    key: str


def _phrase_table() -> dict[tuple[str, ...], _Entry]:
    table: dict[tuple[str, ...], _Entry] = {}
    for concept in CONCEPTS:
        for phrase in concept.phrases:
            table.setdefault(tuple(tokens(phrase)), _Entry("concept", concept.key))
    for region in REGIONS:
        for phrase in region.phrases:
            table.setdefault(tuple(tokens(phrase)), _Entry("region", region.key))
    for word, side in SIDES.items():
        entry = _Entry("side", side)
        if word in ("rue", "rle", "lue", "lle", "bue", "ble"):
            continue  # both a side and a region: handled where regions are read
        table.setdefault((word,), entry)
    return table


_PHRASES = _phrase_table()
_LONGEST = max(len(k) for k in _PHRASES)
CONCEPTS_BY_KEY: dict[str, Concept] = {c.key: c for c in CONCEPTS}
REGIONS_BY_KEY: dict[str, Region] = {r.key: r for r in REGIONS}


# --- the result -----------------------------------------------------------------------------


@dataclass(frozen=True)
class UnderstoodRequest:
    text: str
    concepts: tuple[str, ...] = ()  # vocabulary keys, in order of appearance
    words: tuple[str, ...] = ()  # other content words, as written (lower case)
    aside: tuple[str, ...] = ()  # content words in brackets: a restatement, not required
    regions: tuple[str, ...] = ()  # region keys
    sides: tuple[str, ...] = ()  # "left", "right", "bilateral"
    category: str = "other"
    count: Count | None = None
    frequency: str = ""
    strength: str = ""
    quantity: str = ""
    supply: str = ""
    retrospective: bool = False
    service_date: dt.date | None = None
    perioperative: str = ""
    extras: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def match_terms(self) -> tuple[str, ...]:
        """What the request asks for, as index terms: concept keys and other words."""
        return tuple(dict.fromkeys(self.concepts + self.words))

    @property
    def region_terms(self) -> tuple[str, ...]:
        """The regions with the ones they cover ("spine": cervical, thoracic, lumbar)."""
        return expand_regions(self.regions)

    @property
    def is_empty(self) -> bool:
        return not self.match_terms

    def concept_labels(self) -> list[str]:
        return [CONCEPTS_BY_KEY[k].label for k in self.concepts]

    def region_labels(self) -> list[str]:
        return [REGIONS_BY_KEY[k].label for k in self.regions]

    def describe(self) -> list[tuple[str, str]]:
        """(what, value) pairs for people: what the request was understood as."""
        out: list[tuple[str, str]] = []
        what = self.concept_labels() + list(self.words)
        if what:
            out.append(("request", ", ".join(what)))
        out.append(("category", self.category))
        if self.count:
            out.append(("count", str(self.count)))
        if self.frequency:
            out.append(("frequency", self.frequency))
        if self.strength:
            out.append(("strength", self.strength))
        if self.quantity:
            out.append(("quantity", self.quantity))
        if self.supply:
            out.append(("supply", self.supply))
        if self.regions:
            out.append(("body region", ", ".join(self.region_labels())))
        if self.sides:
            out.append(("side", ", ".join(self.sides)))
        if self.perioperative:
            out.append(("surgery", self.perioperative))
        if self.retrospective or self.service_date:
            when = "retrospective"
            if self.service_date:
                when += f", date of service {self.service_date.strftime('%m/%d/%Y')}"
            out.append(("when", when))
        return out


def expand_regions(regions: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for key in regions:
        out[key] = None
        region = REGIONS_BY_KEY.get(key)
        if region:
            out.update(dict.fromkeys(region.covers))
    return tuple(out)


def regions_compatible(query: UnderstoodRequest, other: UnderstoodRequest) -> bool:
    """Body region respected: when both name regions they must share one (a region
    covers its parts); a request naming none fits any."""
    if not query.regions or not other.regions:
        return True
    return bool(set(query.region_terms) & set(other.region_terms))


# --- reading a request -----------------------------------------------------------------------

# Category of a request from its concepts: the first category in this order wins,
# so "MRI with sedation" is imaging and "injection with consult" an injection.
_CATEGORY_ORDER = (
    "surgery",
    "injection",
    "imaging",
    "electrodiagnostic",
    "medication",
    "testing",
    "therapy",
    "equipment",
    "services",
    "evaluation",
)
_VISIT_CONCEPTS = frozenset({"consultation", "office_visit", "psych_evaluation"})


def _category(concepts: list[str], found: amounts_module.Amounts, has_drug: bool) -> str:
    categories = [CONCEPTS_BY_KEY[k].category for k in concepts]
    if has_drug:
        categories.append("medication")
    # "Chiropractic evaluation" asks for a visit, "chiropractic 6 visits" for therapy.
    visit = bool(set(concepts) & _VISIT_CONCEPTS) and not found.count
    if visit and all(c in ("therapy", "evaluation") for c in categories):
        return "evaluation"
    for category in _CATEGORY_ORDER:
        if category in categories:
            return category
    if found.strength or (found.quantity and not categories):
        return "medication"
    return "other"


@lru_cache(maxsize=4096)
def understand(text: str) -> UnderstoodRequest:
    """What the request ``text`` asks for. Pure and cached: the same text always gives
    the same answer."""
    original = text
    if len(text) > MAX_REQUEST_CHARS:  # at a word's end: no half word becomes a term
        text = text[:MAX_REQUEST_CHARS].rsplit(None, 1)[0]
    text = " ".join(text.split()).lower()
    text = text.replace("’", "'")
    rest, found = amounts_module.extract(text)
    # "(Ultram)" after a generic, "(magnetic resonance imaging)" after MRI: the words
    # count as any others; only the brackets go.
    # Words in brackets restate the request ("Tramadol (Ultram)", "MRI (magnetic
    # resonance imaging)"): indexed, never required.
    brackets = [m.span() for m in _BRACKETS.finditer(text)]
    spans = [(m.start(), m.group(0).replace("'", "")) for m in _TOKEN.finditer(rest)]
    raw = [t for _, t in spans]
    in_brackets = [any(a <= pos < b for a, b in brackets) for pos, _ in spans]
    words = [singular(t) for t in raw]
    concepts: list[str] = []
    regions: list[str] = []
    sides: list[str] = []
    kept: list[str] = []
    aside: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in ("rue", "rle", "lue", "lle", "bue", "ble"):
            sides.append(SIDES[word])
            regions.append("upper_extremity" if word[1] == "u" else "lower_extremity")
            i += 1
            continue
        for length in range(min(_LONGEST, len(words) - i), 0, -1):
            entry = _PHRASES.get(tuple(words[i : i + length]))
            if entry is None:
                continue
            target = {"concept": concepts, "region": regions, "side": sides}[entry.kind]
            if entry.key not in target:
                target.append(entry.key)
            i += length
            break
        else:
            if word not in STOPWORDS and not word.isdigit() and 1 < len(word) <= MAX_WORD_CHARS:
                (aside if in_brackets[i] else kept).append(raw[i])
            i += 1

    # Words like "sessions", "purchase", "continued" say nothing about the service
    # when the request names one.
    def meaningful(word: str) -> bool:
        return word not in GENERIC_WORDS and singular(word) not in GENERIC_WORDS

    content = [w for w in kept if meaningful(w)]
    if not concepts and not content:
        content = [w for w in kept + aside if meaningful(w)]
    aside = [w for w in aside if meaningful(w) and w not in content]
    sides_set = list(dict.fromkeys(sides))
    if "left" in sides_set and "right" in sides_set and "bilateral" not in sides_set:
        sides_set.append("bilateral")
    return UnderstoodRequest(
        text=original,
        concepts=tuple(concepts[:MAX_TERMS]),
        words=tuple(dict.fromkeys(content))[: max(0, MAX_TERMS - len(concepts))],
        aside=tuple(dict.fromkeys(aside))[:MAX_TERMS],
        regions=tuple(regions),
        sides=tuple(sides_set),
        category=_category(concepts, found, has_drug=False),
        count=found.count,
        frequency=found.frequency,
        strength=found.strength,
        quantity=found.quantity,
        supply=found.supply,
        retrospective=found.retrospective or found.service_date is not None,
        service_date=found.service_date,
        perioperative=found.perioperative,
    )


assert set(_CATEGORY_ORDER) | {"other"} == set(CATEGORIES)
