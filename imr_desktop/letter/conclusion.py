"""The conclusion of a rationale: which sentence concludes, whether it says the
request is medically necessary, and which request it names.

Tolerant of the letters' wording variety ("Therefore", "As such", "Given the above",
"is not medically necessary and appropriate", "medical necessity has not been
established", "No, the request ... was not medically necessary", a conclusion that
says "the request" without naming it) and blind to the opioid advisory's sentences.
"""

from __future__ import annotations

import re

from imr_desktop.model.case import DisputedItem

# --- -------------------------------------------------------------------

_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])")
_NECESSITY = re.compile(
    r"medically\s+(?:necessary|appropriate|indicated|reasonable)|medical\s+necessity"
    r"|\bnecessary\b|\bnon-?certified\b",
    re.I,
)
# Where the sentence is about the request, these verdict words conclude as well.
_REQUEST_VERDICT = re.compile(
    r"\brequest(?:ed)?\b.*?\b(?:recommended|supported|warranted|indicated|certified|appropriate)\b",
    re.I,
)
_NEGATION = re.compile(r"\b(?:not|no|cannot|neither|nor|never)\b|n't\b|\bnon-", re.I)
# Not verdicts: "if necessary", and the opioid advisory ("should not be interpreted as
# a recommendation to stop ... abruptly", "advised to consult ... tapering").
_NOT_A_VERDICT = re.compile(r"\b(?:if|as|when|where|whenever)\s+necessary\b", re.I)
_ADVISORY = re.compile(
    r"\btaper|\babrupt|\badvised\b|interpreted as|\bthis (?:medical necessity )?decision\b", re.I
)
# "... has not been established": the negation follows "medical necessity".
_NEGATED_AFTER = re.compile(
    r"medical\s+necessity\b.*\b(?:not|no|cannot|unable|isn't|hasn't|wasn't|lack)\b", re.I
)


# "... was medically necessary" after "the request for X" / "the requested X".
_REQUEST_NAMED = re.compile(
    r"\bthe\s+(?:request\s+for|requested|prescription\s+(?:for|of))\s+(?P<named>.+?)\s+"
    r"(?:is|are|was|were|has|have|would|cannot|can|does|do)\b",
    re.I,
)


def necessity_sentences(rationale: str) -> list[str]:
    text = " ".join(rationale.split())
    out = []
    for sentence in _SENTENCES.split(text):
        if _ADVISORY.search(sentence):
            continue
        plain = _NOT_A_VERDICT.sub("", sentence)
        if _NECESSITY.search(plain) or _REQUEST_VERDICT.search(plain):
            out.append(plain)
    return out


def sentence_says_necessary(sentence: str) -> bool:
    """Whether a necessity sentence concludes in favour of the request."""
    first = _NECESSITY.search(sentence) or _REQUEST_VERDICT.search(sentence)
    assert first is not None
    before = sentence[: first.end()]
    if re.match(r"\s*no\b", sentence, re.I) or _NEGATED_AFTER.search(sentence):
        return False
    return not _NEGATION.search(before)


def conclusion_of(item: DisputedItem) -> str | None:
    """The rationale's conclusion: its last sentence about medical necessity."""
    found = necessity_sentences(item.rationale)
    return found[-1] if found else None


_STOP = frozenset(
    # fmt: off
    [
        "the",
        "a",
        "an",
        "of",
        "for",
        "and",
        "or",
        "to",
        "with",
        "in",
        "on",
        "at",
        "per",
        "x",
        "times",
        "week",
        "weeks",
        "visits",
        "visit",
        "day",
        "days",
        "month",
        "months",
        "additional",
        "right",
        "left",
        "bilateral",
        "each",
        "request",
        "requested",
    ]
    # fmt: on
)


def _content_words(text: str) -> set[str]:
    return {
        w[:5] for w in re.findall(r"[a-z0-9]+", text.casefold()) if len(w) >= 3 and w not in _STOP
    }


def names_other_request(sentence: str, item: DisputedItem) -> str | None:
    m = _REQUEST_NAMED.search(sentence)
    if not m:
        return None
    named = _content_words(m.group("named"))
    own = _content_words(
        " ".join(p or "" for p in (item.request, item.original_request, item.authorised_part))
    )
    if not named or not own or named & own:
        return None
    return m.group("named")
