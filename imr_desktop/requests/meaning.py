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
from dataclasses import dataclass, field, replace
from functools import lru_cache

from . import amounts as amounts_module
from .amounts import Count
from .drugs import Drug
from .phrases import REGIONS_BY_KEY, concepts_by_key, read_words
from .vocabulary import CATEGORIES, GENERIC_WORDS, IMPLIED_REGIONS
from .words import TOKEN, TYLENOL_NUMBER, reading_text, singular

MAX_TERMS = 16
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


# --- the result -----------------------------------------------------------------------------


@dataclass(frozen=True)
class UnderstoodRequest:
    text: str
    concepts: tuple[str, ...] = ()  # vocabulary keys, in order of appearance
    drugs: tuple[Drug, ...] = ()  # drugs named, with their generics, classes and form
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
    def generics(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(g for d in self.drugs for g in d.generics))

    @property
    def match_terms(self) -> tuple[str, ...]:
        """What the request asks for, as index terms: concept keys (drug classes
        among them), generic drugs and other words."""
        generics = tuple(g.replace(" ", "_") for g in self.generics)
        return tuple(dict.fromkeys(self.concepts + generics + self.words))

    @property
    def region_terms(self) -> tuple[str, ...]:
        """The regions with the ones they cover ("spine": cervical, thoracic, lumbar)."""
        return expand_regions(self.regions)

    @property
    def is_empty(self) -> bool:
        return not self.match_terms

    def concept_labels(self) -> list[str]:
        drug_classes = {c for d in self.drugs for c in d.classes}
        known = concepts_by_key()
        return [known[k].label for k in self.concepts if k in known and k not in drug_classes]

    def region_labels(self) -> list[str]:
        return [REGIONS_BY_KEY[k].label for k in self.regions]

    def describe(self) -> list[tuple[str, str]]:
        """(what, value) pairs for people: what the request was understood as."""
        out: list[tuple[str, str]] = []
        out.extend(("drug", d.label) for d in self.drugs)
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


def _category(
    concepts: list[str], found: amounts_module.Amounts, has_drug: bool, first: str = ""
) -> str:
    known = concepts_by_key()
    categories = [known[k].category for k in concepts if k in known]
    if has_drug:
        categories.append("medication")
    # "Chiropractic evaluation" asks for a visit, "chiropractic 6 visits" for therapy.
    visit = bool(set(concepts) & _VISIT_CONCEPTS) and not found.count
    if visit and all(c in ("therapy", "evaluation") for c in categories):
        return "evaluation"
    # The head of the request says what it is: "Acupuncture with capsaicin patch" is
    # therapy, "Lumbar epidural injection with a consult" an injection.
    head = "medication" if first == "drug" else known[first].category if first in known else ""
    if head:
        return head
    for category in _CATEGORY_ORDER:
        if category in categories:
            return category
    if found.strength or (found.quantity and not categories):
        return "medication"
    return "other"


def _as_written(drug: Drug, original: str) -> Drug:
    """The drug's name with the request's own capitals ("Ultram", not "ultram")."""
    pattern = r"\W+".join(re.escape(w) for w in drug.written.split())
    m = re.search(rf"(?<![\w]){pattern}(?![\w])", original, re.IGNORECASE)
    if m is None and drug.written == "tylenol with codeine":
        m = re.search(TYLENOL_NUMBER.pattern, original, re.IGNORECASE)  # "Tylenol #3"
        if m:
            return replace(drug, written=m.group(0).strip())
    return replace(drug, written=m.group(0)) if m else drug


def _one_per_generic(drugs: list[Drug]) -> list[Drug]:
    """A name that restates another ("Tramadol (Ultram)") joins it: one drug, both
    names."""
    out: list[Drug] = []
    for drug in drugs:
        same = next((i for i, d in enumerate(out) if d.generics == drug.generics), None)
        if same is None:
            out.append(drug)
        elif drug.written.lower() != out[same].written.lower():
            out[same] = replace(out[same], written=f"{out[same].written} ({drug.written})")
    return out


@lru_cache(maxsize=4096)
def understand(text: str) -> UnderstoodRequest:
    """What the request ``text`` asks for. Pure and cached: the same text always gives
    the same answer."""
    original = text
    text = reading_text(text)
    rest, found = amounts_module.extract(text)
    # "(Ultram)" after a generic, "(magnetic resonance imaging)" after MRI: the words
    # count as any others; only the brackets go.
    # Words in brackets restate the request ("Tramadol (Ultram)", "MRI (magnetic
    # resonance imaging)"): indexed, never required.
    brackets = [m.span() for m in _BRACKETS.finditer(text)]
    spans = [(m.start(), m.group(0).replace("'", "")) for m in TOKEN.finditer(rest)]
    raw = [t for _, t in spans]
    in_brackets = [any(a <= pos < b for a, b in brackets) for pos, _ in spans]
    topical_hint = "%" in found.strength and "mg" not in found.strength
    reading = read_words(raw, in_brackets, topical_hint=topical_hint)
    reading.drugs = _one_per_generic([_as_written(d, original) for d in reading.drugs])
    concepts, regions, sides = reading.concepts, reading.regions, reading.sides
    if not regions:
        regions = list(dict.fromkeys(IMPLIED_REGIONS[c] for c in concepts if c in IMPLIED_REGIONS))

    # Words like "sessions", "purchase", "continued" say nothing about the service
    # when the request names one.
    def meaningful(word: str) -> bool:
        return word not in GENERIC_WORDS and singular(word) not in GENERIC_WORDS

    named = bool(concepts or reading.drugs)
    content = [w for w in reading.words if meaningful(w)]
    if not named and not content:
        content = [w for w in reading.words + reading.aside if meaningful(w)]
    aside = [w for w in reading.aside if meaningful(w) and w not in content]
    sides_set = list(dict.fromkeys(sides))
    if "left" in sides_set and "right" in sides_set and "bilateral" not in sides_set:
        sides_set.append("bilateral")
    return UnderstoodRequest(
        text=original,
        concepts=tuple(concepts[:MAX_TERMS]),
        drugs=tuple(reading.drugs[:MAX_TERMS]),
        words=tuple(dict.fromkeys(content))[: max(0, MAX_TERMS - len(concepts))],
        aside=tuple(dict.fromkeys(aside))[:MAX_TERMS],
        regions=tuple(regions),
        sides=tuple(sides_set),
        category=_category(concepts, found, has_drug=bool(reading.drugs), first=reading.first),
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
