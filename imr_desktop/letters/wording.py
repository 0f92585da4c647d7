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

# The stock sentences of HOW THE IMR FINAL DETERMINATION WAS MADE that carry nothing
# the case keeps (organisation, specialty, states, years and hours have their own
# patterns in :mod:`.parse`). Whole sentences, so that a word slipped into one is
# not taken for fixed wording.
_WHO = r"(?:He/she|He or she|She/he|They|The expert reviewer|The Expert Reviewer)"
PROSE_FIXED = tuple(
    re.compile(p, re.I)
    for p in (
        _WHO + r" (?:has|have) no affiliation with the employer, employee, providers,? "
        r"or the claims administrator\.",
        r"The expert reviewer was selected based on (?:his/her|their) clinical experience, "
        r"education, background,? and expertise in the same or similar specialties that "
        r"evaluate and/or treat the medical condition and disputed items?/services?\.",
        _WHO + r" (?:is|are) familiar with governing laws and regulations, including the "
        r"strength of evidence hierarchy that applies to Independent Medical Review "
        r"determinations\.",
    )
)
YEARS_HOURS = re.compile(
    _WHO + r" (?:has|have) been in active clinical practice for more than (?P<years>\w+) "
    r"years? and (?:is|are) currently working at least (?P<hours>\w+) hours (?:a|per) week "
    r"in active practice\.",
    re.I,
)

CA_LABEL = re.compile(r"^Claims Administrator guideline:\s*", re.I)
ORG_LABEL = re.compile(
    r"^(?P<org>(?!Claims Administrator)[A-Z][\w&.,'’\- ]{0,60}?) guideline:\s*", re.I
)
RATIONALE_LABEL = re.compile(r"^Decision rationale:\s*", re.I)
DECISION_WORDS = {"upheld": "upheld", "overturned": "overturned"}
# "[no decision]" is what our composer prints for an undecided item (a draft).
_DECISION = r"(?P<decision>Upheld|Overturned|\[no decision\])"
DECISION_END = re.compile(r":\s*" + _DECISION + r"\s*$")
DECISION_ALONE = re.compile(r"^\s*" + _DECISION + r"\s*$")

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
