"""The determination letter's fixed wording, in ONE place.

The composer (:mod:`.letter`) prints these; the letter importer and the QA checks
can import them to recognise them. Only the product's fixed wording lives here
(headings, lead-ins, the reviewer paragraph's sentences, the forms of the guideline
lines), never case text.

Two generations of letters exist (DOMAIN.md); the differences are kept side by side:
``"2014"`` (specialty and licensure in the prose, MTUS cited by pages, "did not base
their decision on the MTUS") and ``"2016"`` (the credentials lines, MTUS cited by
"<guideline> <year>, Section(s): <section>", "based their decision on
recommendation(s) outside of the MTUS Guidelines").
"""

from __future__ import annotations

# The two generations (defined with the citations they shape), named here with the
# wording that differs between them.
from imr_desktop.model.passage import STYLE_2014 as STYLE_2014
from imr_desktop.model.passage import STYLE_2016 as STYLE_2016

HEADING_HOW = "HOW THE IMR FINAL DETERMINATION WAS MADE"
HEADING_SUMMARY = "CLINICAL CASE SUMMARY"
HEADING_ISSUES = "IMR ISSUES, DECISIONS AND RATIONALES"
HEADINGS = (HEADING_HOW, HEADING_SUMMARY, HEADING_ISSUES)

SUMMARY_LEADIN = (
    "The expert reviewer developed the following clinical case summary based on a review "
    "of the case file, including all medical records:"
)
ISSUES_LEADIN = (
    "The Final Determination was based on decisions for the disputed items/services set "
    "forth below:"
)

# --- the header block: (label, case attribute), left column then right column -------
HEADER_LEFT = (
    ("Case Number", "case_number"),
    ("Date Assigned", "date_assigned"),
    ("Decision Date", "decision_date"),
    ("Priority", "priority"),
)
HEADER_RIGHT = (
    ("Claim Number", "claim_number"),
    ("Date of Injury", "date_of_injury"),
    ("UR Denial Date", "ur_denial_date"),
    ("Application Received", "application_received"),
)
DATE_FORMAT = "%m/%d/%Y"

# --- HOW THE IMR FINAL DETERMINATION WAS MADE ---------------------------------------
HOW_SENT = "{organisation} sent the complete case file to an expert reviewer."
HOW_NO_AFFILIATION = (
    "He/she has no affiliation with the employer, employee, providers or the claims administrator."
)
HOW_BOARD_2014 = (
    "The expert reviewer is Board Certified in {specialty} and is licensed to practice in {states}."
)
HOW_SPECIALIZED_2014 = (
    "The expert reviewer is specialized in {specialty} and is licensed to practice in {states}."
)
HOW_PRACTICE = (
    "He/she has been in active clinical practice for more than {years} years and is "
    "currently working at least {hours} hours a week in active practice."
)
HOW_SELECTED = (
    "The expert reviewer was selected based on his/her clinical experience, education, "
    "background, and expertise in the same or similar specialties that evaluate and/or "
    "treat the medical condition and disputed items/services."
)
HOW_FAMILIAR = (
    "He/she is familiar with governing laws and regulations, including the strength of "
    "evidence hierarchy that applies to Independent Medical Review determinations."
)
CREDENTIALS_INTRO = "The Expert Reviewer has the following credentials:"
CREDENTIALS_LICENSURE = "State(s) of Licensure:"
CREDENTIALS_SPECIALTY = "Certification(s)/Specialty:"

# Years as letters write them ("more than five years"); other numbers as digits.
NUMBER_WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    11: "eleven",
    12: "twelve",
    13: "thirteen",
    14: "fourteen",
    15: "fifteen",
    16: "sixteen",
    17: "seventeen",
    18: "eighteen",
    19: "nineteen",
    20: "twenty",
    30: "thirty",
    40: "forty",
    50: "fifty",
}

# --- per item ---------------------------------------------------------------------
DECISION_LINE = "{request}: {decision}"
# UR authorised part of the request: IMR decides the remainder (DOMAIN.md).
MODIFIED_REMAINDER = (
    "{original} was the original request. {authorised} was authorized by the Claims "
    "Administrator. The remaining IMR eligible portion of the original request, "
    "{request} is: {decision}"
)
# UR substituted a different service: the original request is decided whole.
MODIFIED_SUBSTITUTED = (
    "{original} was the original request. The Claims Administrator authorized "
    "{authorised}, leaving the original request IMR eligible. The original request, "
    "{request} is: {decision}"
)

CA_LABEL = "Claims Administrator guideline:"
ORG_LABEL = "{short_name} guideline:"
RATIONALE_LABEL = "Decision rationale:"

CA_NO_EVIDENCE = "The Claims Administrator did not cite any medical evidence for its decision."
REVIEWER_NO_EVIDENCE = "The Expert Reviewer did not cite any medical evidence for its decision."
DECISION_BASED_ON = "Decision based on {citations}."
NON_MTUS_BASED_ON = "Decision based on Non-MTUS Citation {citations}"
# Said before a Non-MTUS citation when the reviewer cited nothing from the MTUS.
OUTSIDE_MTUS = {
    STYLE_2014: "The Expert Reviewer did not base their decision on the MTUS.",
    STYLE_2016: (
        "The Expert Reviewer based their decision on recommendation(s) outside of the MTUS "
        "Guidelines."
    ),
}
MTUS_JOIN = ", and "  # several MTUS guidelines on one line (2016-17)
NON_MTUS_JOIN = " and Other Medical Treatment Guidelines "  # several Non-MTUS sources
NON_MTUS_CHAPTER_JOIN = "; "  # chapters of one source ("(ODG) Shoulder ...; Knee ...")
SECTIONS_LABEL = "Section(s):"
PAGES_LABEL = "Page(s):"

# How an organisation is named on its guideline line ("MAXIMUS guideline:").
ORGANISATION_SHORT_NAMES = {"MAXIMUS Federal Services": "MAXIMUS"}

# --- sentences the composer offers on request ---------------------------------------
CONCLUSION = {
    "upheld": "Therefore, the request for {request} is not medically necessary.",
    "overturned": "Therefore, the request for {request} is medically necessary.",
}
SUMMARY_OPENING = (
    "The patient is a {age}-year-old {sex} who has submitted a claim for {conditions} "
    "associated with an industrial injury date of {injury}."
)
SUMMARY_CONDITIONS_PLACEHOLDER = "[conditions]"
OPIOID_TAPERING_ADVISORY = (
    "This medical necessity decision should not be interpreted as a recommendation to stop "
    "long-term opioids abruptly. The treating physician and the patient are advised to "
    "consult the tapering section of the MTUS opioid guideline regarding the most "
    "appropriate method of reducing or discontinuing the medication."
)

# --- the PDF ------------------------------------------------------------------------
PAGE_NUMBER = "Page {page} of {pages}"
PDF_TITLE = "IMR Final Determination {case_number}"
PDF_SUBJECT = "Independent Medical Review final determination"
