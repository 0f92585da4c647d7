"""A request's words, as every reader of it takes them: the text as read (one line,
lower case, bounded), its tokens and their singular."""

from __future__ import annotations

import re

MAX_REQUEST_CHARS = 2000  # a pasted page is cut: a request is a line
TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
TYLENOL_NUMBER = re.compile(r"\btylenol\s*(?:#|no\.?)\s*[234]\b(?:\s*(?:with codeine)?)")
_KEEP_AS_IS = frozenset({"tens", "ncs", "uds", "ems", "les", "ues", "ads", "ss", "emgs"})
_SINGULAR = {
    "esis": "esi",
    "ppis": "ppi",
    "nsaids": "nsaid",
    "mris": "mri",
    "x": "x",
    "feet": "foot",
}


def singular(word: str) -> str:
    """A light plural fold, applied the same way to requests and to the vocabulary:
    "sessions" -> "session", "studies" -> "study", "x-rays" -> "ray"."""
    if word in _SINGULAR:
        return _SINGULAR[word]
    if len(word) <= 3 or word in _KEEP_AS_IS or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s"):
        return word[:-1]
    return word


def written_parts(one: str) -> set[str]:
    """Parts, one of which every word :func:`singular` reads as ``one`` holds: the
    word itself or a plural ("opioid" in "opioids"; "therap" in "therapies"; "feet")."""
    out = {one[:-1] if one.endswith("y") else one}
    out.update(plural for plural, singular_form in _SINGULAR.items() if singular_form == one)
    return out


def reading_text(text: str) -> str:
    """The request as it is read: one line of lower case, its length bounded."""
    if len(text) > MAX_REQUEST_CHARS:  # at a word's end: no half word becomes a term
        text = text[:MAX_REQUEST_CHARS].rsplit(None, 1)[0]
    text = " ".join(text.split()).lower()
    text = text.replace("’", "'")
    # "Tylenol #3" names a product (with codeine); "#3" is not a quantity there.
    return TYLENOL_NUMBER.sub(lambda m: "tylenol with codeine" + " " * (len(m.group(0)) - 20), text)


def raw_tokens(text: str) -> list[str]:
    return [t.replace("'", "") for t in TOKEN.findall(text.lower())]


def tokens(text: str) -> list[str]:
    return [singular(t) for t in raw_tokens(text)]
