"""The "<organisation> guideline:" line as citations, and back.

Forms in the letters (DOMAIN.md; ``letter/guideline_line.py`` prints them, and every
sample passage's line reads back to its citation here):
- 2016-17: "Decision based on MTUS Low Back Complaints 2004, Section(s): Special
  Studies, and Chronic Pain Medical Treatment 2016, Section(s): ..." (several MTUS
  guidelines joined by ", and ", the later ones without "MTUS");
- 2014: "Decision based on MTUS Chronic Pain Treatment Guidelines Physical Medicine
  Page(s): 98-99.";
- a lead-in that the reviewer went outside the MTUS, then "Decision based on Non-MTUS
  Citation <source>, <topic>" (several joined by " and Other Medical Treatment
  Guidelines ");
- "The Expert Reviewer did not cite any medical evidence for its decision."
"""

from __future__ import annotations

import re

from imr_desktop.model import Citation, CitationKind

NO_EVIDENCE = re.compile(
    r"^The Expert Reviewer did not cite any (?:medical )?evidence for (?:its|their|the) decision\.?$",
    re.I,
)
# Lead-ins saying the reviewer went outside the MTUS (both generations' wording).
OUTSIDE_LEADINS = (
    re.compile(
        r"The Expert Reviewer based (?:their|its) decision on recommendation\(s\) outside of "
        r"the MTUS(?: Guidelines)?\.\s*",
        re.I,
    ),
    re.compile(r"The Expert Reviewer did not base (?:their|its) decision on the MTUS\.\s*", re.I),
)
DECISION_BASED_ON = re.compile(r"Decision based on\s+", re.I)
NON_MTUS_HEAD = re.compile(r"^Non-\s?MTUS Citation:?\s*", re.I)
OTHER_GUIDELINES = " and Other Medical Treatment Guidelines "
_YEAR_END = re.compile(r" ((?:19|20)\d\d)( Guidelines)?(?=, Section\(s\):|, and |\s*$)")
_PAGES = re.compile(r"\s*,?\s*Page\(s\):\s*(?P<pages>.+)$", re.I)
_EDITION = re.compile(r"^\d+(?:st|nd|rd|th) (?:ed\.?|edition)$", re.I)
_PAGES_NON_MTUS = re.compile(
    r"^(?:pg\.|pp?\.|pages?|Page\(s\):)\s*(?P<pages>[\dA-Za-z][\w\-–, ]*)$", re.I
)

# MTUS guideline names as 2014 letters print them before the section (longest first).
KNOWN_MTUS_NAMES = sorted(
    [
        "MTUS Chronic Pain Medical Treatment Guidelines",
        "MTUS Chronic Pain Treatment Guidelines",
        "MTUS Chronic Pain Medical Treatment",
        "MTUS Acupuncture Medical Treatment Guidelines",
        "MTUS Acupuncture Treatment",
        "MTUS Postsurgical Treatment Guidelines",
        "MTUS Postsurgical Treatment",
        "MTUS Opioid Treatment Guidelines",
        "MTUS Opioid Treatment",
        "MTUS Drug Formulary",
        "MTUS ACOEM",
        "MTUS ACOEM Practice Guidelines",
    ],
    key=len,
    reverse=True,
)


def parse_guideline_line(text: str) -> tuple[list[Citation], str]:
    """Citations in the line, and whatever part of it was not understood ("" when
    all was)."""
    text = " ".join(text.split())
    if not text or NO_EVIDENCE.match(text):
        return [], ""
    for leadin in OUTSIDE_LEADINS:
        text = leadin.sub("", text, count=1)
    pieces = DECISION_BASED_ON.split(text)
    leftover = pieces[0].strip()
    citations: list[Citation] = []
    for piece in pieces[1:]:
        piece = piece.strip()
        if NON_MTUS_HEAD.match(piece):
            body = NON_MTUS_HEAD.sub("", piece, count=1)
            for part in body.split(OTHER_GUIDELINES):
                citations.extend(_non_mtus_list(part))
        else:
            citations.extend(parse_mtus(piece))
    return citations, leftover


def _strip_end(text: str) -> str:
    return text.strip().rstrip(".").strip() if not text.rstrip().endswith("..") else text.strip()


def parse_mtus(text: str) -> list[Citation]:
    text = _strip_end(text)
    if "Section(s):" in text or _YEAR_END.search(text):
        found = _section_style(text)
        if found:
            return found
    if ", Section(s): " in text:  # no year: "<guideline>, Section(s): <section>"
        name, _, section = text.partition(", Section(s): ")
        pages = None
        m = _PAGES.search(section)
        if m:
            pages, section = m.group("pages").strip(), section[: m.start()]
        return [Citation(CitationKind.MTUS, name.strip(), None, section.strip() or None, pages)]
    parts = text.split(", and ")
    if len(parts) > 1 and all(_PAGES.search(p) for p in parts):  # several 2014-style
        return [
            _pages_style(p if n == 0 or p.upper().startswith("MTUS") else f"MTUS {p}")
            for n, p in enumerate(parts)
        ]
    return [_pages_style(text)]


def _section_style(text: str) -> list[Citation]:
    """ "<name> <year>[ Guidelines][, Section(s): <sections>]" joined by ", and ".

    A name may hold ", and " itself ("Forearm, Wrist, and Hand Complaints"), a
    section rarely does: the stretch between two years is cut at its first ", and "."""
    years = list(_YEAR_END.finditer(text))
    if not years:
        return []
    names = [text[: years[0].start()]]
    sections: list[str | None] = []
    for n, year in enumerate(years):
        last = n + 1 == len(years)
        stretch = text[year.end() : len(text) if last else years[n + 1].start()]
        section: str | None = None
        if stretch.startswith(", Section(s):"):
            stretch = stretch[len(", Section(s):") :]
            if last:
                section = stretch
            else:
                cut = stretch.find(", and ")
                if cut < 0:
                    return []
                section, next_name = stretch[:cut], stretch[cut + len(", and ") :]
                names.append(next_name)
        elif last:
            if stretch.strip():
                return []
        elif stretch.startswith(", and "):
            names.append(stretch[len(", and ") :])
        else:
            return []
        sections.append(section)
    out = []
    for name, section, year in zip(names, sections, years, strict=True):
        name = name.strip()
        if not name:
            return []
        source = name if name.upper().startswith("MTUS") else f"MTUS {name}"
        if year.group(2):
            source += year.group(2)
        pages = None
        if section is not None:
            m = _PAGES.search(section)
            if m:
                pages = m.group("pages").strip()
                section = section[: m.start()]
            section = section.strip() or None
        out.append(Citation(CitationKind.MTUS, source, year.group(1), section, pages))
    return out


def _pages_style(text: str) -> Citation:
    pages = None
    m = _PAGES.search(text)
    if m:
        pages = m.group("pages").strip()
        text = text[: m.start()].strip()
    source, section = _split_known_name(text)
    return Citation(CitationKind.MTUS, source, None, section, pages)


def _split_known_name(text: str) -> tuple[str, str | None]:
    for name in KNOWN_MTUS_NAMES:
        if text.casefold().startswith(name.casefold() + " "):
            return text[: len(name)], text[len(name) :].strip() or None
        if text.casefold() == name.casefold():
            return text, None
    for word in ("Guidelines", "Complaints", "Approaches"):
        cut = text.find(f" {word} ")  # the name comes first ("... Initial Approaches to ...")
        if cut >= 0:
            end = cut + len(word) + 1
            return text[:end], text[end:].strip() or None
    return text, None


_SOURCE_PREFIX = re.compile(r"^.+?\([A-Z]{2,}\)")  # "Official Disability Guidelines (ODG)"


def _non_mtus_list(text: str) -> list[Citation]:
    """Chapters of one source joined by "; " ("... (ODG) Shoulder Chapter, Home exercise
    kits; Knee & Leg Chapter, Exercise equipment"): the later ones inherit the source."""
    parts = [p for p in text.split("; ")]
    if len(parts) < 2 or not all(", " in p for p in parts):
        return [parse_non_mtus(text)]
    first = parse_non_mtus(parts[0])
    prefix = _SOURCE_PREFIX.match(first.source)
    out = [first]
    for part in parts[1:]:
        if prefix and not part.startswith(prefix.group(0)):
            part = f"{prefix.group(0)} {part}"
        out.append(parse_non_mtus(part))
    return out


def parse_non_mtus(text: str) -> Citation:
    """ "<source>, <topic>" with an optional edition ("3rd ed.") and pages."""
    text = _strip_end(text)
    parts = [p.strip() for p in text.split(", ")]
    source = parts[0]
    rest = parts[1:]
    edition = None
    pages = None
    if rest and _EDITION.match(rest[0]):
        edition = rest.pop(0)
    if rest:
        m = _PAGES_NON_MTUS.match(rest[-1])
        if m:
            pages = m.group("pages").strip()
            rest.pop()
    section = ", ".join(rest) or None
    return Citation(CitationKind.NON_MTUS, source, edition, section, pages)
