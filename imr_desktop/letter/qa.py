"""QA checks on a draft letter: pure functions over a :class:`Case`.

Each finding has a severity, a message and the field path the editor jumps to
("summary", "header.decision_date", "patient.age", "items[0].rationale" — item
indexes count from 0, the messages from 1).

Errors are what would make a signed letter wrong (no decision, a conclusion that
says the opposite — the rationale's last sentence on medical necessity, however it
names the request —, a placeholder, the reviewer's name); warnings are what a reviewer
should look at but real letters do vary on (the opioid advisory, the MTUS-silent
sentence, a deadline counted from a date the case may not hold). The rules are
tolerant of the wording variety of real letters: "Therefore", "As such", "Given the
above", "is not medically necessary and appropriate", "medical necessity has not
been established", a conclusion that says "the request" without naming it.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from imr_desktop.model.case import (
    DEADLINE_DAYS,
    Case,
    Citation,
    CitationKind,
    Decision,
    DisputedItem,
)
from imr_desktop.model.passage import GuidelineSource, cited_sources

from .compose import letter_text
from .conclusion import (
    conclusion_of,
    names_other_request,
    sentence_says_necessary,
)
from .guideline_line import mtus_citation_text


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def symbol(self) -> str:
        # Shown with the word, never alone: severity is not said by colour or icon only.
        return "✖" if self is Severity.ERROR else "⚠"


@dataclass(frozen=True)
class Finding:
    severity: Severity
    message: str
    path: str
    rule: str
    # A finding about one word (spelling): the word and where it is in its field
    # (string offsets), so the window can select it.
    word: str | None = None
    span: tuple[int, int] | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        return f"{self.severity.value}: {self.message} [{self.path}]"


def has_errors(findings: list[Finding]) -> bool:
    return any(f.is_error for f in findings)


# --- placeholders and the reviewer's name ----------------------------------------------

# "[ ]", "[...]" and the bracketed blanks the composer leaves ("[age]", "[conditions]");
# other brackets are real text ("[sic]", "[otc]" in a quoted guideline).
_PLACEHOLDER = re.compile(
    r"\bTBD\b|\bTODO\b|\bX{2,}\b|\[\s*\]|\[\s*(?:\.\.\.|…)\s*\]|\?\?\?"
    r"|\[(?:age|sex|conditions?|date[^\]]{0,20}|name|insert[^\]]{0,30}|request|item|"
    r"no decision|decision|placeholder|fill[^\]]{0,20})\]",
    re.I,
)


def _placeholder(text: str) -> str | None:
    m = _PLACEHOLDER.search(text or "")
    return m.group(0) if m else None


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every placeholder left in a text, in order: what the window's
    Tab jumps between and a click selects whole."""
    return [m.span() for m in _PLACEHOLDER.finditer(text or "")]


def _name_patterns(name: str) -> list[re.Pattern[str]]:
    name = " ".join(name.split())
    if not name:
        return []
    patterns = [re.compile(r"\b" + re.escape(name) + r"\b", re.I)]
    words = [w for w in re.split(r"[\s,]+", name) if w.rstrip(".").casefold() not in _TITLES]
    if len(words) >= 2:
        surname = re.escape(words[-1])
        patterns.append(re.compile(rf"\b(?:Dr\.?|Doctor)\s+{surname}\b", re.I))
        patterns.append(re.compile(rf"\b{surname},?\s+(?:M\.?D|D\.?O)\b", re.I))
        patterns.append(re.compile(r"\b" + r"\s+".join(map(re.escape, words)) + r"\b", re.I))
    return patterns


_TITLES = {"dr", "doctor", "md", "m.d", "do", "phd", "mr", "mrs", "ms"}

# --- opioids ---------------------------------------------------------------------------

_TAPERING = re.compile(r"\btaper|\bwean|abrupt|discontinu", re.I)


def is_opioid_request(item: DisputedItem) -> bool:
    """An opioid by any name: the request understanding's drug vocabulary ("Norco",
    "Ultram ER", "hydrocodone/APAP", "Synapryn" kits), as the guideline suggestions use."""
    from imr_desktop.requests import names_class

    return any(
        names_class(text, "opioid") for text in (item.request, item.original_request) if text
    )


# --- the rules ------------------------------------------------------------------------------

_MTUS_SILENT = re.compile(
    r"MTUS[^.]{0,80}\b(?:does\s+not|do\s+not|doesn't|did\s+not|is\s+silent|are\s+silent|"
    r"silent|not\s+address|not\s+specifically\s+address|no\s+(?:specific\s+)?recommendation|"
    r"not\s+(?:applicable|discuss)|does\s+not\s+apply)"
    r"|(?:not\s+addressed|silent)[^.]{0,40}\bMTUS"
    r"|strength\s+of\s+evidence|presumption|outside\s+(?:of\s+)?the\s+MTUS"
    r"|(?:ODG|Official\s+Disability\s+Guidelines|ACOEM)[^.]{0,60}\b(?:used|applied|consulted)\s+instead",
    re.I,
)


def _item_findings(case: Case, index: int, item: DisputedItem) -> Iterator[Finding]:
    n = index + 1
    path = f"items[{index}]"
    if not item.request.strip():
        yield Finding(Severity.ERROR, f"item {n} has no request", f"{path}.request", "request")
    if item.decision is None:
        yield Finding(
            Severity.ERROR, f"item {n} has no decision", f"{path}.decision", "no_decision"
        )
    conclusion = conclusion_of(item)
    if not item.rationale.strip():
        yield Finding(
            Severity.ERROR, f"item {n} has no rationale", f"{path}.rationale", "no_conclusion"
        )
    elif conclusion is None:
        yield Finding(
            Severity.ERROR,
            f"item {n}'s rationale has no conclusion sentence (the request is / is not "
            "medically necessary)",
            f"{path}.rationale",
            "no_conclusion",
        )
    elif item.decision is not None:
        # The last necessity sentence is the conclusion, however it names the request
        # ("the request", other words than the title): reading opposite, it is wrong
        # even when an earlier sentence agrees (that one is the discussion).
        says = sentence_says_necessary(conclusion)
        if says != (item.decision is Decision.OVERTURNED):
            quoted = conclusion if len(conclusion) <= 90 else conclusion[:87].rstrip() + "…"
            yield Finding(
                Severity.ERROR,
                f"item {n} is {item.decision.label} but its conclusion says the request is "
                f"{'' if says else 'not '}medically necessary: “{quoted}”",
                f"{path}.rationale",
                "conclusion_contradicts",
            )
        other = names_other_request(conclusion, item)
        if other:
            yield Finding(
                Severity.WARNING,
                f"item {n}'s conclusion names a different request ({other[:60]})",
                f"{path}.rationale",
                "conclusion_other_request",
            )
    kinds = {c.kind for c in item.citations}
    if kinds == {CitationKind.NON_MTUS} and not _MTUS_SILENT.search(item.rationale):
        yield Finding(
            Severity.WARNING,
            f"item {n} cites only Non-MTUS guidelines but its rationale does not say the MTUS "
            "does not address the topic (or why its presumption is set aside)",
            f"{path}.rationale",
            "non_mtus_without_reason",
        )
    if (
        item.decision is Decision.UPHELD
        and is_opioid_request(item)
        and not _TAPERING.search(item.rationale)
    ):
        yield Finding(
            Severity.WARNING,
            f"item {n} upholds an opioid denial without the tapering advisory",
            f"{path}.rationale",
            "opioid_tapering",
        )


# --- citations: the section, the edition in force -----------------------------------


def _span(source: GuidelineSource) -> str:
    start = f"{source.in_force_from:%m/%d/%Y}" if source.in_force_from else ""
    end = f"{source.in_force_to:%m/%d/%Y}" if source.in_force_to else ""
    if start and end:
        return f"in force {start} to {end}"
    return f"in force from {start}" if start else f"in force until {end}"


def _cited_as(citation: Citation) -> str:
    """The guideline and year as the letter prints them."""
    return mtus_citation_text(Citation(CitationKind.MTUS, citation.source, citation.edition))


def _citation_findings(
    case: Case, index: int, item: DisputedItem, sources: Sequence[GuidelineSource]
) -> Iterator[Finding]:
    """An MTUS citation without section or pages (unless letters cite its guideline
    whole), and one of an edition that was not in force on the UR denial date, with
    the edition of that guideline that was."""
    day = case.ur_denial_date
    for citation in item.citations:
        if citation.kind is not CitationKind.MTUS:
            continue
        cited = cited_sources(citation, sources)
        if not (citation.section or citation.pages) and not any(s.cited_whole for s in cited):
            yield Finding(
                Severity.WARNING,
                f"item {index + 1}: the MTUS citation {citation.source!r} has no section or pages",
                f"items[{index}].citations",
                "mtus_without_section",
            )
        if day is None or not cited or any(s.in_force_on(day) for s in cited):
            continue
        names = {s.cite_as for s in cited}
        then = sorted(
            f"{s.cite_as} {s.year}".strip()
            for s in sources
            if s.cite_as in names and s.in_force_on(day) and "{chapter}" not in s.cite_as
        )
        yield Finding(
            Severity.WARNING,
            f"item {index + 1} cites {_cited_as(citation)} ({_span(cited[0])}), not in force on "
            f"the UR denial date {day:%m/%d/%Y}"
            + (f"; in force then: {', '.join(then)}" if then else ""),
            f"items[{index}].citations",
            "edition_not_in_force",
        )


_DATE_ORDER = (
    ("date_of_injury", "date of injury"),
    ("ur_denial_date", "UR denial date"),
    ("application_received", "application received"),
    ("date_assigned", "date assigned"),
    ("decision_date", "decision date"),
)


def _date_findings(case: Case) -> Iterator[Finding]:
    present = [(a, label, getattr(case, a)) for a, label in _DATE_ORDER if getattr(case, a)]
    for (_, l1, d1), (a2, l2, d2) in zip(present, present[1:], strict=False):
        if d2 < d1:
            yield Finding(
                Severity.ERROR,
                f"the {l2} ({d2:%m/%d/%Y}) is before the {l1} ({d1:%m/%d/%Y})",
                f"header.{a2}",
                "dates_out_of_order",
            )
    if case.decision_date and case.date_assigned:
        due = case.due_date or case.date_assigned + dt.timedelta(
            days=DEADLINE_DAYS[case.priority.value]
        )
        late = (case.decision_date - due).days
        if late > 0:
            yield Finding(
                Severity.WARNING,
                f"the decision date is {late} day(s) past the {case.priority.value} deadline "
                f"({due:%m/%d/%Y})",
                "header.decision_date",
                "past_deadline",
            )


def check_case(
    case: Case,
    *,
    reviewer_name: str = "",
    records: int | None = None,
    sources: Sequence[GuidelineSource] = (),
) -> list[Finding]:
    """Every finding for the draft, errors first then in letter order.

    ``reviewer_name`` is the profile's name (kept for the audit log only): it must not
    appear anywhere in the letter. ``records`` is the number of records in the case
    file when known (a case with none gets a warning). ``sources`` are the guideline
    library's sources with their in-force dates (a citation of an edition not in force
    on the UR denial date gets a warning)."""
    out: list[Finding] = []
    if not case.case_number.strip():
        out.append(Finding(Severity.ERROR, "no case number", "header.case_number", "header"))
    out.extend(_date_findings(case))
    if case.patient.age is None:
        out.append(
            Finding(Severity.WARNING, "the patient's age is missing", "patient.age", "patient")
        )
    if case.patient.sex is None:
        out.append(
            Finding(Severity.WARNING, "the patient's sex is missing", "patient.sex", "patient")
        )
    if not case.summary.strip():
        out.append(
            Finding(Severity.ERROR, "the clinical case summary is empty", "summary", "summary")
        )
    elif not re.search(r"\brecords?\b", case.summary, re.I):
        out.append(
            Finding(
                Severity.WARNING,
                "the summary does not mention the records reviewed",
                "summary",
                "records",
            )
        )
    if records == 0:
        out.append(
            Finding(Severity.WARNING, "the case file holds no records", "records", "records")
        )
    missing = _profile_gaps(case)
    if missing:
        out.append(
            Finding(
                Severity.WARNING,
                "the reviewer profile has no " + ", ".join(missing) + " (the letter's HOW "
                "THE IMR FINAL DETERMINATION WAS MADE needs them)",
                "reviewer",
                "reviewer_profile",
            )
        )
    if not case.items:
        out.append(Finding(Severity.ERROR, "the case has no disputed items", "items", "items"))
    for index, item in enumerate(case.items):
        out.extend(_item_findings(case, index, item))
        out.extend(_citation_findings(case, index, item, sources))
    out.extend(_text_findings(case, reviewer_name))
    out.sort(key=lambda f: 0 if f.is_error else 1)
    return out


def _profile_gaps(case: Case) -> list[str]:
    r = case.reviewer
    gaps = [
        ("specialty", not r.specialty.strip()),
        ("state of licensure", not any(s.strip() for s in r.licensure)),
        ("years in practice", r.years_in_practice <= 0),
        ("hours per week", r.hours_per_week <= 0),
    ]
    return [name for name, gap in gaps if gap]


def _text_fields(case: Case) -> Iterator[tuple[str, str]]:
    yield "header.case_number", case.case_number
    yield "header.claim_number", case.claim_number or ""
    yield "summary", case.summary
    for i, item in enumerate(case.items):
        yield (
            f"items[{i}].request",
            " ".join(p or "" for p in (item.request, item.original_request, item.authorised_part)),
        )
        yield f"items[{i}].claims_administrator_guideline", item.claims_administrator_guideline
        yield (
            f"items[{i}].citations",
            " ".join(
                " ".join(p or "" for p in (c.source, c.edition, c.section, c.pages))
                for c in item.citations
            ),
        )
        yield f"items[{i}].rationale", item.rationale


_ITEM_PATH = re.compile(r"^items\[(\d+)\]\.(\w+)$")


def field_label(path: str) -> str:
    """ "items[0].rationale" -> "item 1's rationale"; "summary" -> "the summary"."""
    m = _ITEM_PATH.match(path)
    if m:
        name = (
            m.group(2)
            .replace("claims_administrator_guideline", "claims administrator line")
            .replace("authorised_part", "authorized part")  # the field's name is British
        )
        return f"item {int(m.group(1)) + 1}'s {name.replace('_', ' ')}"
    return "the " + path.split(".")[-1].replace("_", " ")


def _text_findings(case: Case, reviewer_name: str) -> Iterator[Finding]:
    for path, text in _text_fields(case):
        found = _placeholder(text)
        if found:
            yield Finding(
                Severity.ERROR,
                f"a placeholder is left in {field_label(path)}: {found!r}",
                path,
                "placeholder",
            )
    patterns = _name_patterns(reviewer_name)
    if not patterns:
        return
    for path, text in [*_text_fields(case), ("profile", letter_text(case, width=0))]:
        if any(p.search(text) for p in patterns):
            yield Finding(
                Severity.ERROR,
                f"the reviewer's own name appears in "
                f"{field_label(path) if path != 'profile' else 'the letter'} (it must stay "
                "confidential)",
                path if path != "profile" else "header.case_number",
                "reviewer_name",
            )
            return
