"""The determination letter composed from a case: pure functions, no I/O.

:func:`compose_letter` gives a :class:`Letter` (the header pairs, then the three
sections as paragraphs, the items as structured blocks); the PDF renderer and
:func:`letter_text` both print that one structure, so the preview, the PDF and the
text agree. All fixed wording comes from :mod:`.wording`.

Which generation of wording is used (:func:`letter_style`): the reviewer paragraph,
the "outside the MTUS" lead-in and citations without a year follow the date the case
was assigned (2014 before 2015, else 2016-17); the guideline lines themselves are
printed by :mod:`.guideline_line`.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from dataclasses import dataclass, field

from imr_desktop.model.case import (
    Case,
    CitationKind,
    Decision,
    DisputedItem,
    ReviewerProfile,
)

from . import wording as W
from .guideline_line import citation_is_pages_style, organisation_guideline_line


@dataclass
class LetterItem:
    heading: str  # the decision line, or the modification wording ending in the decision
    ca_line: str  # after "Claims Administrator guideline:"
    org_label: str  # "MAXIMUS guideline:"
    org_line: str
    rationale: list[str]  # paragraphs


@dataclass
class Letter:
    case_number: str
    style: str
    header: list[tuple[tuple[str, str], tuple[str, str] | None]]  # rows of (left, right)
    how: list[str]  # paragraphs of HOW THE IMR FINAL DETERMINATION WAS MADE
    credentials: list[tuple[str, str]]  # (label, value); empty in 2014 style
    summary: list[str]  # paragraphs after the lead-in
    items: list[LetterItem] = field(default_factory=list)


# --- small helpers --------------------------------------------------------------------


def _date(value: dt.date | None) -> str:
    return value.strftime(W.DATE_FORMAT) if value else ""


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def _years(n: int) -> str:
    return W.NUMBER_WORDS.get(n, str(n))


def join_states(states: list[str]) -> str:
    states = [s for s in states if s.strip()]
    if len(states) <= 1:
        return "".join(states)
    return ", ".join(states[:-1]) + " and " + states[-1]


def short_name(organisation: str) -> str:
    """The organisation as its guideline line names it ("MAXIMUS guideline:")."""
    organisation = organisation.strip() or "MAXIMUS Federal Services"
    return W.ORGANISATION_SHORT_NAMES.get(organisation, organisation.split()[0])


# --- style --------------------------------------------------------------------------------


def style_on(day: dt.date) -> str:
    """The generation of letters written on ``day``: 2014 before 2015, else 2016-17."""
    return W.STYLE_2014 if day.year < 2015 else W.STYLE_2016


def letter_style(case: Case) -> str:
    """The letter's generation: by the date the case was assigned (2014 before 2015);
    with no date, 2014 when every MTUS citation is in the 2014 form (pages, no year)
    or, with none, 2016-17 (the default)."""
    if case.date_assigned:
        return style_on(case.date_assigned)
    mtus = [c for i in case.items for c in i.citations if c.kind is CitationKind.MTUS]
    if mtus and all(citation_is_pages_style(c) for c in mtus):
        return W.STYLE_2014
    return W.STYLE_2016


# --- guideline lines ------------------------------------------------------------------------


def claims_administrator_line(item: DisputedItem) -> str:
    text = " ".join(item.claims_administrator_guideline.split())
    return text or W.CA_NO_EVIDENCE


# --- the item heading -----------------------------------------------------------------------


def decision_label(decision: Decision | None) -> str:
    return decision.label if decision else "[no decision]"


def item_heading(item: DisputedItem) -> str:
    decision = decision_label(item.decision)
    request = " ".join(item.request.split())
    if item.is_modified:
        original = " ".join((item.original_request or "").split())
        authorised = " ".join((item.authorised_part or "").split())
        template = (
            W.MODIFIED_SUBSTITUTED
            if request.casefold() == original.casefold()
            else W.MODIFIED_REMAINDER
        )
        return template.format(
            original=original, authorised=authorised, request=request, decision=decision
        )
    return W.DECISION_LINE.format(request=request, decision=decision)


# --- the reviewer paragraph -------------------------------------------------------------------


def how_paragraph(profile: ReviewerProfile, style: str) -> str:
    sentences = [
        W.HOW_SENT.format(organisation=profile.organisation.strip() or "MAXIMUS Federal Services"),
        W.HOW_NO_AFFILIATION,
    ]
    if style == W.STYLE_2014:
        template = W.HOW_BOARD_2014 if profile.board_certified else W.HOW_SPECIALIZED_2014
        sentences.append(
            template.format(
                specialty=profile.specialty.strip(), states=join_states(profile.licensure)
            )
        )
    sentences.append(
        W.HOW_PRACTICE.format(years=_years(profile.years_in_practice), hours=profile.hours_per_week)
    )
    sentences += [W.HOW_SELECTED, W.HOW_FAMILIAR]
    return " ".join(sentences)


def credentials(profile: ReviewerProfile) -> list[tuple[str, str]]:
    return [
        (W.CREDENTIALS_LICENSURE, ", ".join(s for s in profile.licensure if s.strip())),
        (W.CREDENTIALS_SPECIALTY, profile.specialty.strip()),
    ]


# --- the letter ---------------------------------------------------------------------------------


def _header_value(case: Case, attribute: str) -> str:
    value = getattr(case, attribute)
    if attribute == "priority":
        return value.value.capitalize()
    if isinstance(value, dt.date):
        return _date(value)
    return str(value or "")


def header_rows(case: Case) -> list[tuple[tuple[str, str], tuple[str, str] | None]]:
    rows: list[tuple[tuple[str, str], tuple[str, str] | None]] = []
    for (l_label, l_attr), (r_label, r_attr) in zip(W.HEADER_LEFT, W.HEADER_RIGHT, strict=True):
        right = (r_label, _header_value(case, r_attr))
        if r_attr == "claim_number" and not case.claim_number:
            rows.append(((l_label, _header_value(case, l_attr)), None))
        else:
            rows.append(((l_label, _header_value(case, l_attr)), right))
    return rows


def compose_letter(case: Case) -> Letter:
    style = letter_style(case)
    org_label = W.ORG_LABEL.format(short_name=short_name(case.reviewer.organisation))
    items = [
        LetterItem(
            heading=item_heading(item),
            ca_line=claims_administrator_line(item),
            org_label=org_label,
            org_line=organisation_guideline_line(item, style),
            rationale=_paragraphs(item.rationale),
        )
        for item in case.items
    ]
    return Letter(
        case_number=case.case_number.strip(),
        style=style,
        header=header_rows(case),
        how=[how_paragraph(case.reviewer, style)],
        credentials=credentials(case.reviewer) if style == W.STYLE_2016 else [],
        summary=_paragraphs(case.summary),
        items=items,
    )


# --- plain text ---------------------------------------------------------------------------------

_LABEL_WIDTH = 23
_COLUMN_WIDTH = 55
TEXT_WIDTH = 96  # the letters' text runs ~96 characters a line


def _wrap(text: str, width: int) -> list[str]:
    if not width or not text:
        return [text]
    # No breaks at hyphens: a reader of the text cannot tell them from hyphenation.
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)


def _pair(label: str, value: str) -> str:
    return f"{label + ':':<{_LABEL_WIDTH}}{value}"


def letter_lines(letter: Letter, width: int = TEXT_WIDTH) -> list[str]:
    """The letter as lines laid out like the letters' text: the header in two
    columns (a pair without a value is left out), paragraphs wrapped at ``width``
    (0: one paragraph a line) and separated by a blank line."""
    lines = []
    for left, right in letter.header:
        text = _pair(*left) if left[1] else ""
        if right and right[1]:
            text = f"{text:<{_COLUMN_WIDTH}}{_pair(*right)}"
        if text.strip():
            lines.append(text.rstrip())

    def para(text: str) -> None:
        lines.extend(_wrap(text, width))

    lines += ["", W.HEADING_HOW]
    for paragraph in letter.how:
        para(paragraph)
    if letter.credentials:
        lines += ["", W.CREDENTIALS_INTRO]
        lines += [f"{label} {value}".rstrip() for label, value in letter.credentials]
    lines += ["", W.HEADING_SUMMARY]
    para(W.SUMMARY_LEADIN)
    for paragraph in letter.summary:
        lines.append("")
        para(paragraph)
    lines += ["", W.HEADING_ISSUES]
    para(W.ISSUES_LEADIN)
    for item in letter.items:
        lines.append("")
        para(item.heading)
        lines.append("")
        para(f"{W.CA_LABEL} {item.ca_line}")
        lines.append("")
        para(f"{item.org_label} {item.org_line}")
        lines.append("")
        rationale = item.rationale or [""]
        para(f"{W.RATIONALE_LABEL} {rationale[0]}".rstrip())
        for paragraph in rationale[1:]:
            lines.append("")
            para(paragraph)
    return lines


def letter_text(case: Case, width: int = TEXT_WIDTH) -> str:
    return "\n".join(letter_lines(compose_letter(case), width)) + "\n"


# --- sentences on request ---------------------------------------------------------------------


def conclusion_sentence(item: DisputedItem) -> str:
    """ "Therefore, the request for <item> is (not) medically necessary." (Upheld:
    not necessary). An undecided item gets the Upheld form, the common outcome."""
    request = " ".join(item.request.split()).rstrip(".") or "this item"
    key = (item.decision or Decision.UPHELD).value
    return W.CONCLUSION[key].format(request=request)


def summary_opening(case: Case, conditions: str = "") -> str:
    """The summary's first sentence from the structured fields; what is unknown stays
    a bracketed placeholder, which the QA flags until the reviewer fills it."""
    age = str(case.patient.age) if case.patient.age is not None else "[age]"
    sex = case.patient.sex.value if case.patient.sex else "[sex]"
    injury = _date(case.date_of_injury) or "[date of injury]"
    return W.SUMMARY_OPENING.format(
        age=age,
        sex=sex,
        conditions=conditions.strip() or W.SUMMARY_CONDITIONS_PLACEHOLDER,
        injury=injury,
    )
