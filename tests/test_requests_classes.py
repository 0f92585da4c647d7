"""Whether a request names a class of drugs: ``names_class`` answers as
``understand`` does, always, and without reading the request when no word of it can
name the class (the letter's QA asks it of every upheld request)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imr_desktop.requests import drug_cache, drugs, names_class, understand

# Classes a drug gets from its generics (the ones names_class can answer quickly).
GENERIC_CLASSES = sorted(set(drugs.vocabulary().generic_classes.values()))

# Pieces requests are made of: drug names of every kind (brands, kits, maintained
# names, names split by the amounts cut out of them), class phrases in both numbers,
# amounts, signatures that swallow what follows them, brackets and odd spellings.
PIECES = [
    "Norco", "norco10/325", "325oxycodone", "10/325mg", "Tylenol #3", "Tylenol no. 4",
    "tylenol with codeine", "cod ine", "code na", "MS Contin", "Ultram ER", "ultram",
    "Hydrocodone/APAP", "hydrocodone", "Synapryn", "Nucynta", "Butrans patch", "opioids",
    "Opiates", "narcotic", "NSAIDs", "anti-inflammatories", "Celebrex", "celecoxib",
    "Flexeril", "muscle relaxants", "PPIs", "Prilosec", "benzos", "Soma", "Lidoderm",
    "Voltaren gel 1%", "cream base", "compound", "kit", "Gabapentin 10%", "Terocin",
    "take 1 tab by mouth", "apply twice daily", "as needed for pain", "#90", "x 2",
    "2x6", "12 sessions", "DOS 11/18/16", "retro", "(Ultram)", "[otc]", "don't", "o'",
    "’s", "Nor'co", "opi’oids", "PT", "MRI lumbar spine", "medicine", "therapies", "feet", "esis", "and", ",",
    "/", "-", " ", "0", "3", "TENS", "Fioricet", "Zofran", "Colace", "methadone",
]  # fmt: skip


def same_answer(text: str) -> None:
    concepts = understand(text).concepts
    for cls in GENERIC_CLASSES + list(drugs.FORM_CLASSES):
        assert names_class(text, cls) is (cls in concepts), (text, cls)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=8).map(" ".join))
def test_a_request_made_of_drug_names_and_amounts_gets_understands_answer(text):
    same_answer(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=12), max_size=6).map("".join))
def test_any_text_gets_understands_answer(text):
    same_answer(text)


def test_every_request_of_the_published_letters_gets_understands_answer(shared_dir):
    from imr_desktop.letters import import_letter_text

    letters = sorted((shared_dir / "letters" / "text").glob("*.txt"))
    if not letters:
        pytest.skip("no letters in ../shared/letters/text")
    requests = set()
    for path in letters:
        case, _ = import_letter_text(path.read_text(encoding="utf-8"), path.name)
        requests |= {t for i in case.items for t in (i.request, i.original_request) if t}
    assert len(requests) > 300
    for text in sorted(requests):
        same_answer(text)


def test_only_the_drug_table_names_a_drug_class():
    """names_class reads a class's phrases from the drug table alone: the
    vocabulary's concepts name none, and every phrase read as a class is the table's."""
    from imr_desktop.requests.phrases import phrase_table
    from imr_desktop.requests.vocabulary import CONCEPTS
    from imr_desktop.requests.words import tokens

    vocab = drugs.vocabulary()
    assert {c.key for c in CONCEPTS}.isdisjoint(vocab.classes)
    for words, entry in phrase_table().items():
        if entry.kind == "concept" and entry.key in vocab.classes:
            assert words in {tuple(tokens(p)) for p in vocab.class_phrases_of(entry.key)}


def test_the_words_of_a_class_cover_every_name_of_it():
    """Each name of a drug of the class holds all the words of one entry of it."""
    vocab = drugs.vocabulary()
    names = {name: tuple(p["generics"]) for name, p in vocab.products.items()}
    names.update(vocab.variants)
    for name, generics in names.items():
        classes = {vocab.generic_classes[g] for g in generics if g in vocab.generic_classes}
        for cls in classes:
            entries = vocab.words_naming(cls)
            assert any(all(w in name.split() for w in words) for words in entries), name


def test_the_cache_holds_the_words_of_its_own_names():
    built = drugs._maintained_variants()  # the cache is written if it was missing
    cached = drug_cache.read(drugs._cache_path())
    if not built:
        pytest.skip("the maintained drug dictionary is not installed")
    assert cached is not None
    generic_classes = drugs.vocabulary().generic_classes
    assert cached.class_words == drug_cache.class_words(dict(cached), generic_classes)
    assert ("codeine",) in cached.class_words["opioid"]


def test_a_request_naming_no_drug_is_answered_without_reading_it(monkeypatch):
    """Neither understood (its amounts, the vocabulary phrases) nor any cached name
    looked up: what a command's QA saves (the answer is the same, see above)."""
    from imr_desktop.requests import meaning

    read: list[str] = []
    monkeypatch.setattr(meaning, "understand", lambda text: read.append(text) or understand(text))
    cached = drugs.vocabulary().variants
    buckets = list(getattr(cached, "_read", []))
    assert names_class("Lumbar spine MRI without contrast, 1 study", "opioid") is False
    assert read == [] and list(getattr(cached, "_read", [])) == buckets
    assert names_class("Norco 10/325 #90", "opioid") is True
    assert read == ["Norco 10/325 #90"]
