"""Drug names in requests: brand or generic, single or combination, to generics and
the class the guidelines discuss them under ("Ultram" -> tramadol -> opioid).

Two vocabularies, ours first:
- ``resources/requests/drugs.json`` (ours, from public product facts): combination
  brands and workers' compensation compounding kits no vocabulary knows, the
  generic -> class table and the words that name a class ("opioids", "NSAIDs");
- the maintained vocabulary of the ``drug-named-entity-recognition`` package
  (DrugBank, MeSH, MedlinePlus, NHS names; MIT), ~107,000 names. Its dictionary file
  is read directly, after checking its SHA-256 against the pinned release: importing
  the package would build a fuzzy index (seconds, hundreds of MB) this app never uses.

Loaded once, on first use, in whichever thread asks first (the window warms it up in
the background after its first paint); every later call is a dictionary lookup.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import re
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from imr_desktop import paths

from . import drug_cache

log = logging.getLogger(__name__)

DNER_PACKAGE = "drug_named_entity_recognition"
DNER_FILE = "drug_ner_dictionary.pkl.bz2"
# drug-named-entity-recognition 2.0.9 (pinned in pyproject.toml): the file we trust.
DNER_SHA256 = "ec10a1c7b633fc4bae8d0eecff053892c0e37f49e18eaf59c8a1e9f40fc80d9d"
LONGEST_NAME = 4  # words
MIN_SINGLE_WORD = 4  # a one-word name shorter than this is too likely another word
# Classes a drug gets from its form ("Voltaren gel"), not from its generics.
FORM_CLASSES = ("topical_analgesic", "compounded")

# Words a canonical name may carry that are not drugs ("Lidocaine Patch").
_FORM_WORDS = frozenset(
    [
        "patch",
        "patches",
        "buccal",
        "oral",
        "tablet",
        "tablets",
        "capsule",
        "injection",
        "injectable",
        "topical",
        "gel",
        "cream",
        "nasal",
        "spray",
        "solution",
        "extended",
        "release",
        "er",
        "xr",
        "sr",
        "cr",
        "ir",
        "ointment",
        "lotion",
        "film",
        "sublingual",
        "transdermal",
        "system",
        "kit",
    ]
)


@dataclass(frozen=True)
class Drug:
    written: str  # as the request names it ("Norco")
    generics: tuple[str, ...]  # ("hydrocodone", "acetaminophen")
    classes: tuple[str, ...]  # ("opioid",)
    form: str = ""  # "patch", "cream kit", "oral suspension kit" ... ("" when not said)

    @property
    def topical(self) -> bool:
        return any(word in self.form for word in _vocabulary_forms())

    @property
    def label(self) -> str:
        name = " + ".join(self.generics)
        classes = ", ".join(class_label(c) for c in self.classes)
        shown = name if name == self.written.lower() else f"{self.written} → {name}"
        return f"{shown} ({classes})" if classes else shown


class DrugVocabulary:
    def __init__(self, data: dict, variants: Mapping[str, tuple[str, ...]]) -> None:
        self.classes: dict[str, dict] = data["classes"]
        self.generic_classes: dict[str, str] = data["generic_classes"]
        self.products: dict[str, dict] = data["products"]
        self.topical_forms: tuple[str, ...] = tuple(data["topical_forms"])
        self.compound_words: tuple[str, ...] = tuple(data["compound_words"])
        self.variants = variants  # name (lower case, words by single spaces) -> generics
        self.class_phrases: dict[str, str] = {
            phrase: key for key, info in self.classes.items() for phrase in info["phrases"]
        }
        self._class_words: dict[str, frozenset[tuple[str, ...]]] | None = None

    def lookup(self, words: list[str], start: int) -> tuple[int, tuple[str, ...], str] | None:
        """The longest drug name at ``words[start]``: (words used, generics, form)."""
        for length in range(min(LONGEST_NAME, len(words) - start), 0, -1):
            name = " ".join(words[start : start + length])
            product = self.products.get(name)
            if product is not None:
                return length, tuple(product["generics"]), product.get("form", "")
            if length == 1 and len(name) < MIN_SINGLE_WORD:
                continue
            generics = self.variants.get(name)
            if generics:
                return length, generics, ""
        return None

    def classes_of(self, generics: tuple[str, ...], form: str) -> tuple[str, ...]:
        found: list[str] = []
        topical, compounded = FORM_CLASSES
        if any(f in form for f in self.topical_forms):
            found.append(topical)
        if "kit" in form or "compounded" in form:
            found.append(compounded)
        for generic in generics:
            cls = self.generic_classes.get(generic)
            if cls and cls not in found:
                found.append(cls)
        return tuple(found)

    def class_phrases_of(self, cls: str) -> tuple[str, ...]:
        """What names the class ``cls`` itself in a request: its label, its phrases."""
        info = self.classes[cls]
        return (info["label"].lower(), *info["phrases"])

    def words_naming(self, cls: str) -> frozenset[tuple[str, ...]]:
        """Words of every drug name of the class ``cls`` (a class of generics, not of
        forms), in our table or the maintained dictionary: a request naming such a
        drug holds all the words of one of these (see ``drug_cache.class_words``)."""
        if self._class_words is None:
            maintained = getattr(self.variants, "class_words", None)
            if maintained is None:  # not cached: the names are all in memory
                maintained = drug_cache.class_words(self.variants, self.generic_classes)
            ours = drug_cache.class_words(
                {name: p["generics"] for name, p in self.products.items()}, self.generic_classes
            )
            self._class_words = {
                c: ours.get(c, frozenset()) | maintained.get(c, frozenset())
                for c in {*ours, *maintained}
            }
        return self._class_words.get(cls, frozenset())


_lock = threading.Lock()
_loaded: DrugVocabulary | None = None


def vocabulary() -> DrugVocabulary:
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                data = json.loads(_table())
                _loaded = DrugVocabulary(data, _maintained_variants(data["generic_classes"]))
    return _loaded


@cache
def _table() -> bytes:
    """Our ``drugs.json`` as shipped."""
    return paths.resource("requests", "drugs.json").read_bytes()


def loaded() -> bool:
    """Whether the vocabularies are in memory (a lookup now costs nothing)."""
    return _loaded is not None


def warm_up() -> None:
    """Load the vocabularies now (the window calls this on a worker thread)."""
    vocabulary()


def drug_names(*, maintained: bool = False) -> set[str]:
    """Drug names as requests write them, lower case: our table's products (brands,
    workers' compensation kits), generics and class phrases; with ``maintained``, also
    every name of the maintained dictionary (tens of thousands, foreign spellings
    included). For the spelling dictionary (``spelling/sources.py``)."""
    vocab = vocabulary()
    names = set(vocab.products) | set(vocab.generic_classes) | set(vocab.class_phrases)
    for product in vocab.products.values():
        names.update(product["generics"])
    if maintained:
        names.update(vocab.variants)
        names.update(g for generics in vocab.variants.values() for g in generics)
    return names


def class_label(key: str) -> str:
    info = vocabulary().classes.get(key)
    return info["label"] if info else key.replace("_", " ")


def _vocabulary_forms() -> tuple[str, ...]:
    return vocabulary().topical_forms


_SPLIT_COMBINATION = re.compile(r"\s*(?:/|,|\band\b|\+)\s*")
_PARENTHESES = re.compile(r"\([^)]*\)")


def canonical_generics(name: str) -> tuple[str, ...]:
    """ "Acetaminophen, Butalbital, and Caffeine" -> its three generics; "Lidocaine
    Patch" -> ("lidocaine",); "Diclofenac (arthritis pain)" -> ("diclofenac",)."""
    text = _PARENTHESES.sub(" ", name.lower())
    out: list[str] = []
    for piece in _SPLIT_COMBINATION.split(text):
        words = [w for w in re.findall(r"[a-z0-9]+", piece) if w not in _FORM_WORDS]
        generic = " ".join(words)
        if generic and generic not in out:
            out.append(generic)
    return tuple(out)


def dner_file() -> Path | None:
    """The maintained dictionary file: in the installed package, or in a frozen bundle
    beside the app's resources (the spec ships it as data, without the package's code)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        frozen = Path(bundle) / DNER_PACKAGE / DNER_FILE
        if frozen.is_file():
            return frozen
    spec = importlib.util.find_spec(DNER_PACKAGE)  # finds, does not import
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / DNER_FILE
    return path if path.is_file() else None


def _maintained_variants(
    generic_classes: Mapping[str, str] | None = None,
) -> Mapping[str, tuple[str, ...]]:
    """The maintained dictionary's names -> generics: from the user's cache, else
    read from the pinned file and cached (``generic_classes``: our table's)."""
    path = dner_file()
    if path is None:
        log.warning(
            "drug vocabulary: %s is not installed; only our own table is used", DNER_PACKAGE
        )
        return {}
    try:
        cache: Path | None = _cache_path()
    except OSError as exc:  # this code's own files unreadable: read the pin, uncached
        log.warning("drug vocabulary: no cache (%s)", type(exc).__name__)
        cache = None
    cached = drug_cache.read(cache) if cache is not None else None
    if cached is not None and cached.source == drug_cache.file_identity(path):
        # The very file whose SHA-256 was checked when these names were read from it:
        # any change to it (its bytes, or another file put in its place) changes its
        # identity, and it is checked again below before anything is read from it.
        return cached
    with path.open("rb") as file:
        identity = drug_cache.file_identity(path, os.fstat(file.fileno()))
        raw = file.read()
    if hashlib.sha256(raw).hexdigest() != DNER_SHA256:
        # Never unpickle a file we did not pin: it would run whatever it holds.
        log.warning("drug vocabulary: %s is not the pinned release; not used", DNER_FILE)
        return {}
    generics = _variants_of(raw)
    if generic_classes is None:
        generic_classes = json.loads(_table())["generic_classes"]
    if cache is not None:
        drug_cache.write(cache, generics, generic_classes, identity)
    return generics


def _cache_path() -> Path:
    return drug_cache.cache_path(DNER_SHA256, _table(), (__file__, drug_cache.__file__))


def _variants_of(raw: bytes) -> dict[str, tuple[str, ...]]:
    import bz2  # here: the window imports this module at start, and loads this later
    import pickle

    data = pickle.loads(bz2.decompress(raw))  # the pinned package's own file (checked above)
    variants: dict[str, list[str]] = data["drug_variant_to_canonical"]
    canonical_data: dict[str, dict] = data["drug_canonical_to_data"]
    generics: dict[str, tuple[str, ...]] = {}
    cache: dict[str, tuple[str, ...]] = {}
    for variant, canonicals in variants.items():
        found: list[str] = []
        for canonical in canonicals:
            if canonical not in cache:
                name = canonical_data.get(canonical, {}).get("name", canonical)
                cache[canonical] = canonical_generics(name)
            found.extend(g for g in cache[canonical] if g not in found)
        key = " ".join(re.findall(r"[a-z0-9]+", variant.lower()))
        if key and found:
            generics[key] = tuple(found)
    return generics
