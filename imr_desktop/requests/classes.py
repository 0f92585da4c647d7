"""Whether a request names a class of drugs ("Norco 10/325 #90", "opioids"), for a
caller that asks only that: the letter's QA asks it of every upheld request.

The answer is :func:`~imr_desktop.requests.understand`'s, always. Reading a
request (its amounts, every vocabulary phrase, the drug names) costs a command
~15 ms of patterns compiled once, so a request that holds none of the words that
can name the class is answered without it: a drug name or a phrase is read whole
or not at all, and reading only blanks text out (amounts, brackets), so each word
the request is read into is written in it.
"""

from __future__ import annotations

from functools import cache

from .drugs import FORM_CLASSES, vocabulary
from .words import reading_text, tokens, written_parts


def names_class(text: str, cls: str) -> bool:
    """``cls in understand(text).concepts``: the request names a drug of the class
    ``cls`` ("opioid", "nsaid") or the class itself."""
    if cls not in FORM_CLASSES:  # any drug can be a topical or a compound by its form
        read = reading_text(text).replace("'", "")  # as tokens are kept
        if not any(all(w in read for w in words) for words in _words_naming(cls)):
            return False
    from .meaning import understand

    return cls in understand(text).concepts


@cache
def _words_naming(cls: str) -> tuple[tuple[str, ...], ...]:
    """Words a request holds, all of one of these, when it is read as naming ``cls``:
    of each drug name of the class (see ``DrugVocabulary.words_naming``), and one of
    each phrase of the class ("opioids", "narcotic") in any spelling a request may
    give it. (The vocabulary's own concepts name no drug class: a test holds them
    apart, so that this module reads neither them nor the phrase table.)"""
    vocab = vocabulary()
    found = set(vocab.words_naming(cls))
    for phrase in vocab.class_phrases_of(cls) if cls in vocab.classes else ():
        words = tokens(phrase)  # singular: a request's words are read singular too
        if words:
            found.update((part,) for part in written_parts(max(words, key=len)))
    return tuple(sorted(found, key=lambda words: (len(words), len(words[0]))))
