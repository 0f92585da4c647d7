"""Guideline sources and passages, and how a passage is cited in a letter.

Pure data and string functions (stdlib only): the guideline library stores these,
the panel shows them, the letter prints the citation they produce.

A source names itself the way letters do through ``cite_as``; where a source's
chapters are cited as guidelines of their own (the ACOEM 2004 chapters adopted into
the MTUS: "MTUS Low Back Complaints 2004"), ``cite_as`` holds a ``{chapter}`` slot.
Where the 2014 letters named a guideline otherwise ("MTUS Chronic Pain Treatment
Guidelines" for what 2016-17 letters call "MTUS Chronic Pain Medical Treatment
2009"), ``cite_as_2014`` holds that name.

The two generations of letters (``STYLE_2014``, ``STYLE_2016``) print a citation
differently; :func:`passage_citation` makes the case's citation in either form and
the letter (``letter.guideline_line``) prints it.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .case import Citation, CitationKind

# The two generations of letters (DOMAIN.md): 2014 cites the MTUS by pages, 2016-17
# by "<guideline> <year>, Section(s): <section>".
STYLE_2014 = "2014"
STYLE_2016 = "2016"


class SourceKind(enum.StrEnum):
    MTUS = "mtus"
    ACOEM = "acoem"  # ACOEM outside the MTUS (e.g. the 3rd edition before Dec 2017)
    ODG = "odg"
    FORMULARY = "formulary"  # the MTUS Drug Formulary: part of the MTUS
    LITERATURE = "literature"

    @property
    def label(self) -> str:
        return {"mtus": "MTUS", "acoem": "ACOEM", "odg": "ODG"}.get(
            self.value, self.value.capitalize()
        )

    @property
    def is_mtus(self) -> bool:
        return self in (SourceKind.MTUS, SourceKind.FORMULARY)


# The strength-of-evidence hierarchy (8 CCR 9792.21.1): the MTUS first, then other
# evidence-based guidelines, then peer-reviewed literature. Lower rank sorts first.
DEFAULT_RANK = {
    SourceKind.MTUS: 1,
    SourceKind.FORMULARY: 1,
    SourceKind.ACOEM: 2,
    SourceKind.ODG: 2,
    SourceKind.LITERATURE: 3,
}


class RecommendationStatus(enum.StrEnum):
    RECOMMENDED = "recommended"
    NOT_RECOMMENDED = "not_recommended"
    CONDITIONAL = "conditional"
    NOT_ADDRESSED = "not_addressed"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def symbol(self) -> str:
        # Shown beside the label, never instead of it: status is not said by colour alone.
        return {
            "recommended": "✔",
            "not_recommended": "✖",
            "conditional": "◐",
            "not_addressed": "–",
        }[self.value]


@dataclass(frozen=True)
class GuidelineSource:
    key: str  # stable slug, e.g. "mtus-cpmtg-2009"; a re-import with the same key replaces
    title: str
    kind: SourceKind
    cite_as: str = ""  # how letters name it; may contain "{chapter}"
    cite_as_2014: str = ""  # how 2014 letters name it, where that differs from cite_as
    # Letters name it without a section: "MTUS Acupuncture Treatment 2007".
    cited_whole: bool = False
    edition: str = ""
    in_force_from: dt.date | None = None
    in_force_to: dt.date | None = None  # last day in force; None: still in force
    rank: int | None = None  # None: the default for its kind

    @property
    def effective_rank(self) -> int:
        return DEFAULT_RANK[self.kind] if self.rank is None else self.rank

    @property
    def year(self) -> str:
        m = re.search(r"(19|20)\d\d", self.edition or "")
        return m.group(0) if m else (self.edition or "")

    def in_force_on(self, day: dt.date) -> bool:
        if self.in_force_from and day < self.in_force_from:
            return False
        return not (self.in_force_to and day > self.in_force_to)

    @property
    def label(self) -> str:
        """Source with edition, as the panel lists it."""
        return f"{self.title} ({self.edition})" if self.edition else self.title


@dataclass(frozen=True)
class Passage:
    source: GuidelineSource
    topic: str
    text: str
    chapter: str = ""
    section: str = ""
    pages: str = ""
    body_region: str = ""
    status: RecommendationStatus = RecommendationStatus.NOT_ADDRESSED
    is_summary: bool = False  # written for the product, not the guideline's own words
    id: int | None = None

    @property
    def is_mtus(self) -> bool:
        return self.source.kind.is_mtus


def guideline_name(passage: Passage, style: str = STYLE_2016) -> str:
    """The guideline as letters of ``style`` name it, e.g. "MTUS Low Back Complaints"
    (the year is the citation's edition, printed after the name in the 2016-17 form)."""
    source = passage.source
    cite_as = (style == STYLE_2014 and source.cite_as_2014) or source.cite_as or source.title
    if "{chapter}" in cite_as:
        return " ".join(cite_as.replace("{chapter}", passage.chapter or "").split())
    return cite_as


def _chapter_outside_name(passage: Passage) -> str:
    cite_as = passage.source.cite_as or passage.source.title
    return "" if "{chapter}" in cite_as else passage.chapter


def passage_citation(passage: Passage, style: str = STYLE_2016) -> Citation:
    """The case's Citation for this passage, in the form letters of ``style`` print.

    MTUS, 2016-17: the guideline's name and year, the section(s), never pages ("MTUS
    Chronic Pain Medical Treatment 2016, Section(s): Physical medicine treatment").
    MTUS, 2014: the 2014 name, no year, the section and pages ("MTUS Chronic Pain
    Treatment Guidelines Physical Medicine Page(s): 98-99"). Non-MTUS (both): the
    source with its chapter where ``cite_as`` has the slot ("Official Disability
    Guidelines (ODG) Shoulder Chapter"), the edition, then a chapter not in the slot,
    the section (the topic when there is neither) and "pg." pages ("ACOEM Occupational
    Medicine Practice Guidelines, 3rd ed., Low Back Disorders, pg. 607")."""
    if passage.is_mtus:
        section = passage.section or _chapter_outside_name(passage) or None
        if passage.source.cited_whole:
            section = None
        if style == STYLE_2014:
            return Citation(
                kind=CitationKind.MTUS,
                source=guideline_name(passage, STYLE_2014),
                section=section,
                pages=passage.pages or None,
            )
        return Citation(
            kind=CitationKind.MTUS,
            source=guideline_name(passage),
            edition=passage.source.year or None,
            section=section,
        )
    where = ", ".join(p for p in (_chapter_outside_name(passage), passage.section) if p)
    return Citation(
        kind=CitationKind.NON_MTUS,
        source=guideline_name(passage, style),
        edition=passage.source.edition or None,
        section=where or passage.topic or None,
        pages=passage.pages or None,
    )


def _normal_name(name: str) -> str:
    # "MTUS Chronic Pain Medical Treatment 2016 Guidelines" is read as the name
    # "... Treatment Guidelines" with the year 2016: compare names without the word.
    return " ".join(name.split()).casefold().removesuffix(" guidelines")


def cited_sources(citation: Citation, sources: Iterable[GuidelineSource]) -> list[GuidelineSource]:
    """The library sources an MTUS citation names: by its guideline name (either
    generation's) and, when it has one, its year. A source whose name is only a slot
    ("MTUS {chapter}") is a candidate when no source has the exact name. A name
    without a year may fit several editions of one guideline."""
    if citation.kind is not CitationKind.MTUS:
        return []
    name = _normal_name(citation.source)
    exact: list[GuidelineSource] = []
    slotted: list[GuidelineSource] = []
    for source in sources:
        if not source.kind.is_mtus:
            continue
        if citation.edition and citation.edition.strip() != source.year:
            continue
        for cite_as in {source.cite_as, source.cite_as_2014} - {""}:
            if "{chapter}" not in cite_as:
                if _normal_name(cite_as) == name:
                    exact.append(source)
                    break
            else:
                head, _, tail = (_normal_name(p) for p in cite_as.partition("{chapter}"))
                if name.startswith(head) and name.endswith(tail) and len(name) > len(head + tail):
                    slotted.append(source)
                    break
    return exact or slotted


_SENTENCE_END = re.compile(r"(?<=[.;])\s")


def _prose_name(passage: Passage) -> str:
    """The guideline as a sentence names it: "the CA MTUS Chronic Pain Medical
    Treatment Guidelines" (the title: the letter's short name reads as a fragment in
    prose), "the CA MTUS Low Back Complaints" (a chapter cited as a guideline)."""
    source = passage.source
    slotted = "{chapter}" in (source.cite_as or "")
    name = guideline_name(passage) if slotted else source.title
    if not passage.is_mtus:
        return f"the {name}"
    return f"the CA MTUS {name.removeprefix('MTUS ').strip()}"


def paraphrase_sentence(passage: Passage) -> str:
    """A sentence to start a rationale from: where the guidance is, then its first
    sentence. The reviewer edits it; it is inserted only on request."""
    first = _SENTENCE_END.split(passage.text.strip(), maxsplit=1)[0].strip().rstrip(".;")
    if len(first) > 1 and first[0].isupper() and first[1].islower():
        first = first[0].lower() + first[1:]
    where = passage.section or passage.topic
    if passage.pages:
        where = f"{where}, page(s) {passage.pages}" if where else f"page(s) {passage.pages}"
    name = _prose_name(passage)
    intro = f"According to {name}" + (f" ({where})" if where else "")
    return f"{intro}, {first}." if first else f"{intro}."
