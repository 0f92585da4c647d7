"""Guideline sources and passages, and how a passage is cited in a letter.

Pure data and string functions (stdlib only): the guideline library stores these,
the panel shows them, the letter prints the citation they produce.

A source names itself the way letters do through ``cite_as``; where a source's
chapters are cited as guidelines of their own (the ACOEM 2004 chapters adopted into
the MTUS: "MTUS Low Back Complaints 2004"), ``cite_as`` holds a ``{chapter}`` slot.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass

from .case import Citation, CitationKind


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


def guideline_name(passage: Passage) -> str:
    """The guideline as a letter names it, e.g. "MTUS Low Back Complaints"."""
    cite_as = passage.source.cite_as or passage.source.title
    if "{chapter}" in cite_as:
        return " ".join(cite_as.replace("{chapter}", passage.chapter or "").split())
    return cite_as


def _chapter_outside_name(passage: Passage) -> str:
    cite_as = passage.source.cite_as or passage.source.title
    return "" if "{chapter}" in cite_as else passage.chapter


def _pages_label(pages: str) -> str:
    return f"Page(s): {pages}"


def citation_pages_style(passage: Passage) -> str:
    """The 2014 letters' form: "MTUS Chronic Pain Treatment Guidelines Physical
    Medicine Page(s): 98-99" (no pages: the section alone)."""
    if not passage.is_mtus:
        return citation_non_mtus(passage)
    parts = [guideline_name(passage), passage.section or _chapter_outside_name(passage)]
    text = " ".join(p for p in parts if p)
    return f"{text} {_pages_label(passage.pages)}" if passage.pages else text


def citation_section_style(passage: Passage) -> str:
    """The 2016-17 letters' form: "<guideline> <year>, Section(s): <section>"."""
    if not passage.is_mtus:
        return citation_non_mtus(passage)
    name = " ".join(p for p in (guideline_name(passage), passage.source.year) if p)
    section = passage.section or _chapter_outside_name(passage)
    return f"{name}, Section(s): {section}" if section else name


def citation_non_mtus(passage: Passage) -> str:
    """The Non-MTUS form: "Official Disability Guidelines (ODG) Shoulder Chapter,
    Home exercise kits" (source, chapter, topic)."""
    head = " ".join(p for p in (guideline_name(passage), _chapter_outside_name(passage)) if p)
    tail = passage.section or passage.topic
    return f"{head}, {tail}" if tail else head


def guideline_line(passage: Passage, style: str = "pages") -> str:
    """The whole "<organisation> guideline:" sentence(s) this passage alone would give."""
    if passage.is_mtus:
        text = (
            citation_pages_style(passage) if style == "pages" else citation_section_style(passage)
        )
        return f"Decision based on {text}."
    return (
        "The Expert Reviewer did not base their decision on the MTUS. "
        f"Decision based on Non-MTUS Citation {citation_non_mtus(passage)}."
    )


def passage_citation(passage: Passage) -> Citation:
    """The case's Citation for this passage, with the right kind (MTUS / Non-MTUS).

    For a Non-MTUS source the chapter joins the source ("... (ODG) Shoulder Chapter")
    so that "source, section" reads as the letters' Non-MTUS form."""
    if passage.is_mtus:
        return Citation(
            kind=CitationKind.MTUS,
            source=guideline_name(passage),
            edition=passage.source.year or None,
            section=passage.section or _chapter_outside_name(passage) or None,
            pages=passage.pages or None,
        )
    head = " ".join(p for p in (guideline_name(passage), _chapter_outside_name(passage)) if p)
    return Citation(
        kind=CitationKind.NON_MTUS,
        source=head,
        edition=passage.source.edition or None,
        section=passage.section or passage.topic or None,
        pages=passage.pages or None,
    )


_SENTENCE_END = re.compile(r"(?<=[.;])\s")


def paraphrase_sentence(passage: Passage) -> str:
    """A sentence to start a rationale from: where the guidance is, then its first
    sentence. The reviewer edits it; it is inserted only on request."""
    first = _SENTENCE_END.split(passage.text.strip(), maxsplit=1)[0].strip().rstrip(".;")
    if len(first) > 1 and first[0].isupper() and first[1].islower():
        first = first[0].lower() + first[1:]
    where = passage.section or passage.topic
    if passage.pages:
        where = f"{where}, page(s) {passage.pages}" if where else f"page(s) {passage.pages}"
    name = guideline_name(passage)
    if passage.is_mtus:
        name = f"the CA {name}" if name.startswith("MTUS") else f"the {name}"
    intro = f"According to {name}" + (f" ({where})" if where else "")
    return f"{intro}, {first}." if first else f"{intro}."
