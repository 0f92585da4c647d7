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

# The table lives with request understanding, which shares it (one language).
from imr_desktop.requests.vocabulary import ABBREVIATIONS, STOPWORDS

__all__ = ["ABBREVIATIONS", "STOPWORDS", "FtsQuery", "build_query", "quote"]

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
