"""Every source of the sample library cites as the published letters print it.

The expected forms are read from the 174 letters in ../shared/letters (and the 2014
example beside them), never written here: for each guideline the letters cite (named
by its distinctive words and year), the name the letters print most often, whether
they print a section, and the section names they print. Skipped without ../shared.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from imr_desktop.guidelines.importers import read_library_file
from imr_desktop.guidelines.sample import sample_files
from imr_desktop.letter.guideline_line import (
    mtus_citation_text,
    organisation_guideline_line,
    passage_citation_text,
    passage_guideline_line,
)
from imr_desktop.letters import import_letter
from imr_desktop.letters.citations import parse_guideline_line, parse_non_mtus
from imr_desktop.model import Citation, CitationKind, DisputedItem
from imr_desktop.model.passage import STYLE_2014, STYLE_2016, Passage, passage_citation

GENERIC = {"mtus", "guidelines", "guideline", "medical", "treatment", "complaints", "and", "the"}


def guideline_words(name: str) -> frozenset[str]:
    """What tells one guideline from another across the forms of its name:
    "MTUS Chronic Pain Medical Treatment" and "... Treatment Guidelines" -> {chronic, pain}."""
    return frozenset(w for w in re.findall(r"[a-z]+", name.casefold()) if w not in GENERIC)


def keys(text: str) -> set[str]:
    """Spellings that name the same section: without parentheses and punctuation, the
    acronym in parentheses, a leading section number ("3.3.9 Opioids ..." -> "3.3.9")."""
    out = {re.sub(r"[^a-z0-9]", "", re.sub(r"\([^)]*\)", "", text.casefold()))}
    out |= {re.sub(r"[^a-z0-9]", "", a.casefold()) for a in re.findall(r"\(([^)]*)\)", text)}
    number = re.match(r"(\d+(?:\.\d+)*)\.?(?:\s|$)", text)
    if number:
        out.add(number.group(1))
    return out - {""}


def runs(printed: str) -> set[str]:
    """Each contiguous stretch of a printed "Section(s):" list ("A, B, C" -> A, B, C,
    "A, B", "B, C", "A, B, C"): a section name with a comma is one of them."""
    pieces = printed.split(", ")
    return {
        ", ".join(pieces[i:j]) for i in range(len(pieces)) for j in range(i + 1, len(pieces) + 1)
    }


@dataclass
class Printed:
    names: dict[tuple[str, frozenset[str]], Counter] = field(
        default_factory=lambda: defaultdict(Counter)
    )  # (year, words) -> printed name counts
    sections: dict[tuple[str, frozenset[str]], list[str | None]] = field(
        default_factory=lambda: defaultdict(list)
    )
    years: dict[frozenset[str], set[str]] = field(default_factory=lambda: defaultdict(set))
    non_mtus: list[Citation] = field(default_factory=list)
    text: str = ""  # every letter, whitespace collapsed


def _collect(printed: Printed, citations: list[Citation]) -> None:
    for c in citations:
        if c.kind is CitationKind.NON_MTUS:
            printed.non_mtus.append(c)
        elif c.edition:
            key = (c.edition, guideline_words(c.source))
            printed.names[key][c.source] += 1
            printed.sections[key].append(c.section)
            printed.years[key[1]].add(c.edition)


_PRINTED: dict[Path, Printed] = {}


@pytest.fixture
def printed(shared_dir) -> Printed:
    """What the letters print, read once per run."""
    if shared_dir not in _PRINTED:
        out = Printed()
        texts = []
        letters = sorted((shared_dir / "letters" / "text").glob("*.txt"))
        for path in [*letters, shared_dir / "reference" / "000_5c22197c25cadd68.txt"]:
            texts.append(" ".join(path.read_text().split()))
            case, _ = import_letter(path)
            for item in case.items:
                _collect(out, item.citations)
                _collect(out, parse_guideline_line(item.claims_administrator_guideline)[0])
        out.text = "\n".join(texts)
        _PRINTED[shared_dir] = out
    return _PRINTED[shared_dir]


def sample_passages() -> list[Passage]:
    return [p for f in sample_files() for s in read_library_file(f) for p in s.passages]


MTUS = [p for p in sample_passages() if p.is_mtus]
NON_MTUS = [p for p in sample_passages() if not p.is_mtus]


def _id(p: Passage) -> str:
    return f"{p.source.key}:{p.topic}"


@pytest.mark.parametrize("passage", MTUS, ids=_id)
def test_mtus_2016_form_is_the_letters_form(passage, printed):
    citation = passage_citation(passage, STYLE_2016)
    line = passage_guideline_line(passage, STYLE_2016)
    assert "Page(s)" not in line  # no 2016-17 letter prints pages (0 of 174)
    words = guideline_words(citation.source)
    if words not in printed.years:
        pytest.skip(f"no letter cites {citation.source} (e.g. after Nov 2017)")
    assert citation.edition in printed.years[words], (
        f"letters print {citation.source} with the year(s) {sorted(printed.years[words])}"
    )
    key = (citation.edition, words)
    most_printed = printed.names[key].most_common(1)[0][0]
    assert citation.source == most_printed

    sections = printed.sections[key]
    if not any(sections):
        assert citation.section is None, "letters cite this guideline without a section"
        assert line == f"Decision based on {citation.source} {citation.edition}."
        return
    if all(sections):
        assert citation.section, "letters always print a section for this guideline"
    stretches = set().union(*(runs(s) for s in sections if s))
    text = mtus_citation_text(citation).removeprefix("MTUS ")
    if citation.section in sections:  # the whole citation as some letter prints it
        assert text in printed.text
    elif citation.section in stretches:  # part of a letter's list of sections
        assert text[: text.index(": ") + 2] in printed.text
    else:
        spelled = sorted(s for s in stretches if keys(s) & keys(citation.section or ""))
        assert not spelled, f"letters spell {citation.section!r} as {spelled}"


def test_mtus_2014_form_is_the_2014_letters_form(printed):
    line_2014 = next(
        m.group(0)
        for m in re.finditer(
            r"Decision based on MTUS Chronic Pain Treatment Guidelines [^.]*\.", printed.text
        )
        if "Page(s)" in m.group(0)
    )
    passage = next(
        p for p in MTUS if p.source.key == "mtus-cpmtg-2009" and p.pages and p.section in line_2014
    )
    assert passage_guideline_line(passage, STYLE_2014) == line_2014


def test_odg_2014_chapters_join_as_the_2014_example(shared_dir, printed):
    case, _ = import_letter(shared_dir / "reference" / "000_5c22197c25cadd68.txt")
    letter_item = next(i for i in case.items if len(i.citations) == 2)
    cited = []
    for c in letter_item.citations:  # the sample passage of each chapter and topic cited
        cited.append(
            next(
                p
                for p in NON_MTUS
                if passage_citation(p, STYLE_2014).source == c.source
                and (c.section or "").startswith(p.section)
            )
        )
    ours = DisputedItem(citations=[passage_citation(p, STYLE_2014) for p in cited])
    # The example's line goes on ("... equipment and durable medical equipment"), unended.
    assert organisation_guideline_line(ours, STYLE_2014).removesuffix(".") in printed.text


def _odg_topics(printed: Printed) -> list[str]:
    out = []
    for c in printed.non_mtus:
        if "(ODG)" in c.source:
            out.append(c.section or c.source.split("(ODG)", 1)[1])
    return out


@pytest.mark.parametrize("passage", [p for p in NON_MTUS if p.source.key == "odg"], ids=_id)
def test_odg_topic_labels_are_the_letters_labels(passage, printed):
    citation = passage_citation(passage, STYLE_2016)
    assert citation.source.startswith("Official Disability Guidelines (ODG) ")
    topic = citation.section or ""
    named = [t for t in _odg_topics(printed) if keys(t) & keys(topic)]
    if named:
        assert re.search(rf"(?<![\w-]){re.escape(topic)}(?![\w-])", printed.text), (
            f"letters label {topic!r} as {sorted(set(named))}"
        )
    text = passage_citation_text(passage, STYLE_2016)
    assert parse_non_mtus(text) == citation  # the importer reads it back


def test_acoem_outside_the_mtus_prints_as_the_letters(printed):
    letter = next(c for c in printed.non_mtus if c.source.startswith("ACOEM") and c.edition)
    passage = next(p for p in NON_MTUS if p.source.key == "acoem-3rd-edition")
    citation = passage_citation(passage, STYLE_2016)
    assert (citation.source, citation.edition) == (letter.source, letter.edition)
    # The same shape: source, edition, chapter, "pg." pages.
    assert bool(citation.section) == bool(letter.section)
    assert bool(citation.pages) == bool(letter.pages)
    assert passage_citation_text(passage) == (
        f"{letter.source}, {letter.edition}, {passage.chapter}, pg. {passage.pages}"
    )
