"""Reading a request's words: each stretch becomes a concept, a drug, a body region, a
side, or stays a word. The longest match wins at each place; a drug name and a
vocabulary phrase of the same length go to the phrase (the drug vocabulary knows
~107,000 names, some of them ordinary words)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from .drugs import Drug, vocabulary
from .vocabulary import CONCEPTS, REGIONS, SIDES, STOPWORDS, Concept, Region
from .words import singular, tokens

MAX_WORD_CHARS = 40
_SIDE_REGIONS = {
    "rue": "upper",
    "rle": "lower",
    "lue": "upper",
    "lle": "lower",
    "bue": "upper",
    "ble": "lower",
}


@dataclass(frozen=True)
class _Entry:
    kind: str  # "concept", "region", "side"
    key: str


@cache
def class_concepts() -> tuple[Concept, ...]:
    """The drug classes as concepts ("opioids", "NSAIDs" name them), from our table."""
    table = vocabulary()
    return tuple(
        Concept(key, info["label"], "medication", table.class_phrases_of(key))
        for key, info in table.classes.items()
    )


@cache
def phrase_table() -> dict[tuple[str, ...], _Entry]:
    table: dict[tuple[str, ...], _Entry] = {}
    for concept in CONCEPTS + class_concepts():
        for phrase in concept.phrases:
            table.setdefault(tuple(tokens(phrase)), _Entry("concept", concept.key))
    for region in REGIONS:
        for phrase in region.phrases:
            table.setdefault(tuple(tokens(phrase)), _Entry("region", region.key))
    for word, side in SIDES.items():
        if word not in _SIDE_REGIONS:  # both a side and a region: read apart
            table.setdefault((word,), _Entry("side", side))
    return table


@cache
def concepts_by_key() -> dict[str, Concept]:
    return {c.key: c for c in CONCEPTS + class_concepts()}


REGIONS_BY_KEY: dict[str, Region] = {r.key: r for r in REGIONS}


@dataclass
class Reading:
    concepts: list[str] = field(default_factory=list)
    drugs: list[Drug] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    sides: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # other words, as written
    aside: list[str] = field(default_factory=list)  # other words in brackets
    first: str = ""  # the first concept or drug read: the head of the request

    def add(self, kind: str, key: str) -> None:
        if kind == "concept" and not self.first:
            self.first = key
        target = {"concept": self.concepts, "region": self.regions, "side": self.sides}[kind]
        if key not in target:
            target.append(key)


def read_words(raw: list[str], in_brackets: list[bool], *, topical_hint: bool) -> Reading:
    """Walk the words (amounts already cut out). ``topical_hint``: the request gave
    a strength in % and none in mg, as topical products are written."""
    table, drugs = phrase_table(), vocabulary()
    longest = max(len(k) for k in table)
    words = [singular(t) for t in raw]
    found = Reading()
    i = 0
    while i < len(words):
        word = words[i]
        if word in _SIDE_REGIONS:
            found.add("side", SIDES[word])
            found.add("region", f"{_SIDE_REGIONS[word]}_extremity")
            i += 1
            continue
        phrase = next(
            (
                (n, table[tuple(words[i : i + n])])
                for n in range(min(longest, len(words) - i), 0, -1)
                if tuple(words[i : i + n]) in table
            ),
            None,
        )
        drug = None if word in STOPWORDS else drugs.lookup(raw, i)
        if drug is not None and (phrase is None or drug[0] > phrase[0]):
            length, generics, form = drug
            written = " ".join(raw[i : i + length])
            found.drugs.append(Drug(written, generics, (), form))
            found.first = found.first or "drug"
            i += length
            continue
        if phrase is not None:
            found.add(phrase[1].kind, phrase[1].key)
            i += phrase[0]
            continue
        if word not in STOPWORDS and not word.isdigit() and 1 < len(word) <= MAX_WORD_CHARS:
            (found.aside if in_brackets[i] else found.words).append(raw[i])
        i += 1
    _settle_drugs(found, raw, topical_hint)
    return found


def _settle_drugs(found: Reading, raw: list[str], topical_hint: bool) -> None:
    """A form said anywhere applies to the drugs ("Lidocaine 5% ointment"); several
    actives in a topical, or "compound", "cream base", make it compounded; then each
    drug gets its classes."""
    if not found.drugs:
        return
    table = vocabulary()
    text = " ".join(raw)
    said = next((f for f in table.topical_forms if re.search(rf"\b{re.escape(f)}\b", text)), "")
    compound = any(re.search(rf"\b{re.escape(w)}\b", text) for w in table.compound_words)
    actives = {g for d in found.drugs for g in d.generics}
    settled = []
    for drug in found.drugs:
        form = drug.form or said or ("topical" if topical_hint else "")
        topical = any(f in form for f in table.topical_forms)
        if topical and (compound or len(actives) > 1) and "kit" not in form:
            form = f"{form} (compounded)"
        classes = table.classes_of(drug.generics, form)
        if topical and len(actives) > 1 and "compounded" not in classes:
            classes = (*classes, "compounded")
        settled.append(Drug(drug.written, drug.generics, classes, form))
    found.drugs = settled
    for drug in settled:
        for cls in drug.classes:
            found.add("concept", cls)
    # The form words were read as words; they are part of the drug now.
    forms = set(" ".join(table.topical_forms).split()) | {"compound", "compounded", "base"}
    found.words = [w for w in found.words if w not in forms]
