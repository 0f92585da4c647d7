"""The "<organisation> guideline:" line: an item's citations as the letters print
them, in either generation's form. Pure functions; the letter, the guideline panel's
preview and the command line all print citations through here, so what the panel
shows is what the letter says.

Forms (counted in the 174 published letters and the 2014 example, DOMAIN.md):

- MTUS with an edition (2016-17): "MTUS Chronic Pain Medical Treatment 2016,
  Section(s): Physical medicine treatment" (no section: "MTUS Acupuncture Treatment
  2007"); several guidelines join with ", and ", the later without "MTUS ";
- MTUS without an edition (2014): "MTUS Chronic Pain Treatment Guidelines Physical
  Medicine Page(s): 98-99" (no pages: "... Physical Medicine");
- Non-MTUS: "Decision based on Non-MTUS Citation <source>, <section>", after the
  lead-in when nothing from the MTUS is cited; chapters of one source join with "; ",
  different sources with " and Other Medical Treatment Guidelines ";
- no citation: "The Expert Reviewer did not cite any medical evidence for its decision."

The letter importer (``letters/citations.py``) reads each form back into the same
citations (tested on every sample passage in both forms).
"""

from __future__ import annotations

import re

from imr_desktop.model.case import Citation, CitationKind, DisputedItem
from imr_desktop.model.passage import Passage, passage_citation

from . import wording as W


def citation_is_pages_style(citation: Citation) -> bool:
    """An MTUS citation in the 2014 form whatever the letter's style: pages, no year."""
    return citation.kind is CitationKind.MTUS and bool(citation.pages) and not citation.edition


def mtus_citation_text(citation: Citation, *, first: bool = True, style: str = W.STYLE_2016) -> str:
    """One MTUS citation; after the first on a line, the "MTUS " prefix is dropped.

    A citation prints by its own fields: with a year in the 2016-17 form, with pages
    and no year in the 2014 form. One with neither prints in the letter's form."""
    name = citation.source.strip()
    if not first and name.startswith("MTUS "):
        name = name[len("MTUS ") :]
    if not citation.edition and (citation.pages or style == W.STYLE_2014):
        head = " ".join(p for p in (name, citation.section) if p)
        return f"{head} {W.PAGES_LABEL} {citation.pages}" if citation.pages else head
    if citation.edition and name.endswith(" Guidelines"):
        # One letter prints "MTUS Chronic Pain Medical Treatment 2016 Guidelines": the
        # importer reads the name with the word, the year goes back before it.
        name = f"{name[: -len(' Guidelines')]} {citation.edition} Guidelines"
    else:
        name = " ".join(p for p in (name, citation.edition) if p)
    text = f"{name}, {W.SECTIONS_LABEL} {citation.section}" if citation.section else name
    return f"{text}, {W.PAGES_LABEL} {citation.pages}" if citation.pages else text


def non_mtus_citation_text(citation: Citation) -> str:
    tail = ", ".join(p for p in (citation.edition, citation.section) if p)
    text = f"{citation.source.strip()}, {tail}" if tail else citation.source.strip()
    return f"{text}, pg. {citation.pages}" if citation.pages else text


_SOURCE_PREFIX = re.compile(r"^.+?\([A-Z]{2,}\)")  # "Official Disability Guidelines (ODG)"


def _non_mtus_list(citations: list[Citation]) -> str:
    """Chapters of one source join by "; " without repeating the source; different
    sources by " and Other Medical Treatment Guidelines "."""
    out = ""
    previous_prefix = None
    for c in citations:
        text = non_mtus_citation_text(c)
        m = _SOURCE_PREFIX.match(c.source)
        prefix = m.group(0) if m else None
        if not out:
            out = text
        elif prefix and prefix == previous_prefix and c.source.strip() != prefix:
            out += W.NON_MTUS_CHAPTER_JOIN + text[len(prefix) :].strip()
        else:
            out += W.NON_MTUS_JOIN + text
        previous_prefix = prefix
    return out


def _end(text: str) -> str:
    return text if text.endswith(".") else text + "."


def organisation_guideline_line(item: DisputedItem, style: str = W.STYLE_2016) -> str:
    """What follows "<organisation> guideline:" for this item."""
    mtus = [c for c in item.citations if c.kind is CitationKind.MTUS]
    non_mtus = [c for c in item.citations if c.kind is CitationKind.NON_MTUS]
    if not mtus and not non_mtus:
        return W.REVIEWER_NO_EVIDENCE
    parts = []
    if mtus:
        joined = W.MTUS_JOIN.join(
            mtus_citation_text(c, first=n == 0, style=style) for n, c in enumerate(mtus)
        )
        parts.append(_end(W.DECISION_BASED_ON.format(citations=joined).removesuffix(".")))
    else:
        parts.append(W.OUTSIDE_MTUS[style])
    if non_mtus:
        parts.append(_end(W.NON_MTUS_BASED_ON.format(citations=_non_mtus_list(non_mtus))))
    return " ".join(parts)


def passage_guideline_line(passage: Passage, style: str = W.STYLE_2016) -> str:
    """The whole line a letter of ``style`` prints when this passage alone is cited:
    the guideline panel's preview of what citing it adds."""
    return organisation_guideline_line(
        DisputedItem(citations=[passage_citation(passage, style)]), style
    )


def passage_citation_text(passage: Passage, style: str = W.STYLE_2016) -> str:
    """The passage's citation as the line prints it, without "Decision based on"."""
    citation = passage_citation(passage, style)
    if citation.kind is CitationKind.MTUS:
        return mtus_citation_text(citation, style=style)
    return non_mtus_citation_text(citation)
