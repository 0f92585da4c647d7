"""Which words of a text are spell-checked, and where they are.

A reviewer's text is full of things that are not words of a dictionary: doses
("5/325mg", "#30", "2x/week"), spinal levels ("L4-5"), case numbers, dates, dotted
abbreviations ("b.i.d.", "q.h.s.", "e.g."), all-capital abbreviations ("MTUS", "ODG",
"ACOEM", "UR", "ESI", "TENS", "NSAIDs") and mixed-case ones ("mTBI", "eGFR"). They
are skipped; everything else is cut into words of letters (with inner apostrophes),
each checked on its own ("non-certified" is "non" + "certified"; a known prefix
before a hyphen, "pre-", "intra-", "neuro-", is accepted as it is).

Offsets are those of the text given (Python string indexes): nothing is normalised
in place, so a highlighter can underline exactly the characters found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_CHUNK = re.compile(r"\S+")
# Punctuation around a word: quotes, brackets, sentence marks.
_EDGE = "\"'`()[]{}<>,;:!?.*_…“”‘’«»|"
_URL = re.compile(r"://|^www\.|@|\.(?:com|org|gov|net|edu|us)\b", re.I)
# b.i.d., q.h.s., e.g., i.e., a.m., Ph.D., U.S.: segments of one or two letters.
_DOTTED = re.compile(r"^(?:[^\W\d_]{1,2}\.)+[^\W\d_]{0,2}\.?$")
# A word: letters with inner apostrophes (straight or curly); anything else separates.
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_ALL_CAPS = re.compile(r"^[A-Z]{2,6}(?:['’]?s)?$")  # MTUS, ACOEM, NSAIDs, ESI's
_HYPHENS = "-\u2010\u2011"
_PREFIXES = (
    "non pre post re co anti sub inter intra multi bi tri semi mid self ex extra peri para "
    "trans hyper hypo electro neuro micro macro de dis un over under well psycho musculo "
    "cervico thoraco lumbo sacro osteo myo retro supra infra"
)
HYPHEN_PREFIXES = frozenset(_PREFIXES.split())


def normalized(word: str) -> str:
    """The form looked up: curly apostrophes straight, a possessive 's dropped."""
    word = word.replace("’", "'")
    if word.endswith(("'s", "'S")):
        word = word[:-2]
    return word


CHUNK = _CHUNK  # a run of non-space: the unit the checker caches


def chunk_words(chunk: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of the words to check in one chunk (offsets in the chunk)."""
    body = chunk.strip(_EDGE)
    if not body or any(c.isdigit() for c in body) or _URL.search(body):
        return []
    core = chunk.strip("\"'`()[]{},;:!?“”‘’")
    if "." in core.rstrip(".") and _DOTTED.match(core):
        return []
    offset = len(chunk) - len(chunk.lstrip(_EDGE))
    out = []
    for m in _WORD.finditer(body):
        word = normalized(m.group())
        if len(word) < 2 or _ALL_CAPS.match(word):
            continue
        if sum(c.isupper() for c in word) >= 2 and len(word) <= 6 and not word.istitle():
            continue  # mTBI, eGFR, mEq, HbA
        after = body[m.end() : m.end() + 1]
        if after and after in _HYPHENS and word.lower() in HYPHEN_PREFIXES:
            continue
        start = offset + m.start()
        out.append((start, start + len(word), word))
    return out


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) of every word to check, in order; ``text[start:end]`` is the
    word as written (a possessive 's excluded)."""
    for chunk_match in _CHUNK.finditer(text):
        base = chunk_match.start()
        for start, end, word in chunk_words(chunk_match.group()):
            yield base + start, base + end, word
