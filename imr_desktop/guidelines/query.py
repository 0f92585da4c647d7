"""Turning what a reviewer types into a safe FTS5 query.

Every user word becomes a quoted FTS5 string, so quotes, ``AND``/``OR``/``NOT``,
``-``, ``*``, parentheses or column filters typed by the user are plain words and
never FTS5 syntax. Abbreviations reviewers write (PT, ESI, UDT ...) expand to an OR
group of the abbreviation and its spelled-out forms. The index uses the porter
tokenizer, so quoted words match their stems ("injections" finds "injection").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviation or synonym -> phrases that mean the same in guideline text.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "pt": ("physical therapy", "physical medicine"),
    "physio": ("physical therapy", "physical medicine"),
    "physiotherapy": ("physical therapy", "physical medicine"),
    "ot": ("occupational therapy",),
    "esi": ("epidural steroid injection", "epidural"),
    "esis": ("epidural steroid injection", "epidural"),
    "tens": ("transcutaneous electrical nerve stimulation",),
    "nsaid": ("nonsteroidal anti-inflammatory", "anti-inflammatory", "nsaids"),
    "nsaids": ("nonsteroidal anti-inflammatory", "anti-inflammatory", "nsaid"),
    "ppi": ("proton pump inhibitor", "ppis"),
    "ppis": ("proton pump inhibitor", "ppi"),
    "mbb": ("medial branch block",),
    "rfa": ("radiofrequency ablation", "radiofrequency neurotomy", "radiofrequency"),
    "udt": ("urine drug testing", "urine drug screen", "drug testing"),
    "uds": ("urine drug testing", "urine drug screen", "drug testing"),
    "fce": ("functional capacity evaluation",),
    "emg": ("electromyography", "electrodiagnostic"),
    "ncv": ("nerve conduction", "electrodiagnostic", "ncs"),
    "ncs": ("nerve conduction", "electrodiagnostic", "ncv"),
    "edx": ("electrodiagnostic",),
    "cbt": ("cognitive behavioral therapy", "behavioral interventions", "psychotherapy"),
    "hep": ("home exercise program", "home exercise"),
    "dme": ("durable medical equipment",),
    "mri": ("magnetic resonance imaging",),
    "ct": ("computed tomography",),
    "scs": ("spinal cord stimulator",),
    "frp": ("functional restoration program",),
    "prp": ("platelet-rich plasma", "platelet rich plasma"),
    "eswt": ("shockwave", "extracorporeal shock wave"),
    "med": ("morphine equivalent dose",),
    "mme": ("morphine equivalent dose", "med"),
    "cures": ("pdmp", "prescription drug monitoring"),
    "pdmp": ("cures", "prescription drug monitoring"),
    "chiro": ("chiropractic", "manipulation"),
    "chiropractic": ("manipulation",),
    "manipulation": ("chiropractic",),
    "tca": ("tricyclic",),
    "tcas": ("tricyclic",),
    "aed": ("anti-epilepsy", "anticonvulsant"),
    "aeds": ("anti-epilepsy", "anticonvulsant"),
    "snri": ("serotonin norepinephrine",),
    "ecg": ("electrocardiogram", "ekg"),
    "ekg": ("electrocardiogram", "ecg"),
    "cts": ("carpal tunnel",),
    "crps": ("complex regional pain syndrome",),
    "ssri": ("selective serotonin",),
    "idds": ("intrathecal drug delivery",),
    "h-wave": ("h wave",),
    "lidoderm": ("lidocaine",),
    "flexeril": ("cyclobenzaprine",),
    "neurontin": ("gabapentin",),
    "cryotherapy": ("cold therapy", "cryotherapy"),
    # Reviewers name the body part; the library names the region.
    "lumbar": ("low back", "lumbosacral"),
    "lumbosacral": ("low back", "lumbar"),
    "cervical": ("neck",),
    "neck": ("cervical",),
    "wrist": ("hand", "carpal"),
    "hand": ("wrist",),
}

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "per",
        "vs",
    ]
)

MAX_TERMS = 24  # a 5 MB paste must not build a 5 MB query
MAX_TERM_CHARS = 64
_WORD = re.compile(r"[^\W_]+(?:[-/'][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class FtsQuery:
    match: str  # the FTS5 MATCH expression ("" when nothing searchable was typed)
    any_match: str  # the same groups joined by OR: the fallback when all-words finds nothing
    terms: tuple[str, ...]  # the user's words kept, for messages


def quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _words(text: str) -> list[str]:
    words: list[str] = []
    for m in _WORD.finditer(text):
        word = m.group(0).lower()[:MAX_TERM_CHARS]
        # "EMG/NCV" is two abbreviations; "h-wave" and "anti-inflammatory" stay whole.
        if "/" in word and word not in ABBREVIATIONS:
            words.extend(w for w in word.split("/") if w)
        else:
            words.append(word)
        if len(words) >= MAX_TERMS:
            break
    return words[:MAX_TERMS]


def _group(word: str, prefix: bool) -> str:
    expansions = ABBREVIATIONS.get(word)
    if expansions:
        alternatives = [quote(word)] + [quote(e) for e in expansions if e != word]
        return "(" + " OR ".join(alternatives) + ")"
    if prefix and len(word) >= 3:
        return quote(word) + "*"
    return quote(word)


def build_query(text: str, *, prefix_last: bool = True) -> FtsQuery:
    """``prefix_last``: the last word may still be being typed, so it matches as a
    prefix (only when it is 3+ characters, to keep the query cheap)."""
    words = _words(text)
    kept = [w for w in words if w not in STOPWORDS] or words
    if not kept:
        return FtsQuery("", "", ())
    still_typing = prefix_last and bool(text) and not text[-1].isspace()
    groups = []
    for i, word in enumerate(kept):
        group = _group(word, prefix=still_typing and i == len(kept) - 1)
        if group not in groups:
            groups.append(group)
    return FtsQuery(" AND ".join(groups), " OR ".join(groups), tuple(kept))
