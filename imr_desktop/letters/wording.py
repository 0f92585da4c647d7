"""The letters' fixed wording as the importer recognises it: headings, lead-ins,
labels and the stock sentences of the reviewer paragraph, in the forms both letter
generations and our own exporter use (matched loosely: spacing and case vary)."""

from __future__ import annotations

import re
from collections import Counter

HEADINGS = {
    "how": "HOW THE IMR FINAL DETERMINATION WAS MADE",
    "summary": "CLINICAL CASE SUMMARY",
    "issues": "IMR ISSUES, DECISIONS AND RATIONALES",
}
_HEADING_KEYS = {" ".join(v.split()).upper(): k for k, v in HEADINGS.items()}


def heading_key(text: str) -> str | None:
    """ "how", "summary" or "issues" when the line is that heading."""
    return _HEADING_KEYS.get(" ".join(text.split()).upper())


CREDENTIALS_INTRO = "The Expert Reviewer has the following credentials:"

SUMMARY_LEADIN = re.compile(
    r"^The expert reviewer developed the following clinical case summary based on a review "
    r"of the case file, including all medical records:\s*",
    re.I,
)
ISSUES_LEADIN = re.compile(
    r"^The Final Determination was based on decisions for the disputed items/services "
    r"set forth below:\s*",
    re.I,
)

# Key phrases of the stock sentences of HOW THE IMR FINAL DETERMINATION WAS MADE
# that carry nothing the case keeps (the organisation, specialty, states, years and
# hours are read by their own patterns).
PROSE_FIXED = (
    "no affiliation with the employer",
    "was selected based on",
    "familiar with governing laws",
)

CA_LABEL = re.compile(r"^Claims Administrator guideline:\s*", re.I)
ORG_LABEL = re.compile(
    r"^(?P<org>(?!Claims Administrator)[A-Z][\w&.,'’\- ]{0,60}?) guideline:\s*", re.I
)
RATIONALE_LABEL = re.compile(r"^Decision rationale:\s*", re.I)
DECISION_WORDS = {"upheld": "upheld", "overturned": "overturned"}
DECISION_END = re.compile(r":\s*(?P<decision>Upheld|Overturned)\s*$")
DECISION_ALONE = re.compile(r"^\s*(?P<decision>Upheld|Overturned)\s*$")

# The UR modification forms (DOMAIN.md): the remaining portion is decided, or UR
# substituted a service and the original request is decided whole.
MODIFIED_REMAINDER = re.compile(
    r"^(?P<original>.+?) (?:was|were) the original request\. (?P<authorised>.+?) "
    r"(?:was|were) authori[sz]ed by the Claims Administrator\. The remaining IMR eligible "
    r"portion of the original request, (?P<request>.+?)(?: (?:is|are))?$",
    re.S,
)
MODIFIED_SUBSTITUTED = re.compile(
    r"^(?P<original>.+?) (?:was|were) the original request\. The Claims Administrator "
    r"authori[sz]ed (?P<authorised>.+?), leaving the original request IMR eligible\. "
    r"The original request, (?P<request>.+?)(?: (?:is|are))?$",
    re.S,
)
MODIFICATION_HINT = re.compile(
    r"authori[sz]ed by the Claims Administrator|The Claims Administrator authori[sz]ed"
    r"|remaining IMR eligible portion|leaving the original request",
    re.I,
)

_WORDS = re.compile(r"[^\W_]+")


def words(text: str) -> Counter[str]:
    """Case-folded words, for checking that every word of the letter was placed."""
    return Counter(w.casefold() for w in _WORDS.findall(text))


# Words a guideline line may hold besides the citations' own fields.
CITATION_FIXED_WORDS = frozenset(
    [
        "decision",
        "based",
        "on",
        "non",
        "mtus",
        "citation",
        "section",
        "s",
        "page",
        "pg",
        "and",
        "other",
        "medical",
        "treatment",
        "guidelines",
        "the",
        "expert",
        "reviewer",
        "did",
        "not",
        "base",
        "their",
        "its",
        "decision",
        "recommendation",
        "outside",
        "of",
        "cite",
        "any",
        "evidence",
        "for",
    ]
)
