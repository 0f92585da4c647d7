"""A determination letter's lines as a draft :class:`Case`.

The letter is cut at its three headings into the header block, HOW THE IMR FINAL
DETERMINATION WAS MADE (the reviewer's credentials), CLINICAL CASE SUMMARY and IMR
ISSUES, DECISIONS AND RATIONALES (the items, see :mod:`.items`). Each section is
checked word for word against what was placed (field values and the fixed wording
recognised); a section that does not add up is kept whole in the case notes under
:data:`UNPLACED_HEADING`, so nothing is ever silently dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

from imr_desktop.model import Case, Decision, Patient, Priority, ReviewerProfile, Sex
from imr_desktop.text_safety import shown_name

from .items import parse_items
from .pdf_text import (
    TextLine,
    paragraphs,
    read_letter_bytes,
    read_letter_file,
    strip_page_furniture,
    text_pages,
    vocabulary,
)
from .report import UNPLACED_HEADING, ImportReport, LetterImportError
from .wording import (
    CREDENTIALS_INTRO,
    PROSE_FIXED,
    SUMMARY_LEADIN,
    YEARS_HOURS,
    heading_key,
    words,
)

# --- entry points ---------------------------------------------------------------------


def import_letter(path: Path) -> tuple[Case, ImportReport]:
    """Read a PDF or text letter. Raises :class:`LetterImportError` for anything that
    is not a letter (nothing is created)."""
    path = Path(path)
    pages, kind = read_letter_file(path)
    return _from_pages(pages, kind, shown_name(path.name))


def import_letter_bytes(data: bytes, name: str = "letter") -> tuple[Case, ImportReport]:
    pages, kind = read_letter_bytes(data, name)
    return _from_pages(pages, kind, name)


def import_letter_text(text: str, name: str = "letter") -> tuple[Case, ImportReport]:
    return _from_pages(text_pages(text), "text", name)


def _from_pages(pages: list[list[TextLine]], kind: str, name: str) -> tuple[Case, ImportReport]:
    lines, removed = strip_page_furniture(pages)
    report = ImportReport(source=name, kind=kind, pages=len(pages), removed_lines=removed)
    if not any(line.text.strip() for line in lines):
        raise LetterImportError(f"{name} holds no text; nothing was imported")
    case = parse_lines(lines, report)
    return case, report


# --- sections ------------------------------------------------------------------------


def _split_sections(lines: list[TextLine]) -> dict[str, list[TextLine]]:
    sections: dict[str, list[TextLine]] = {"header": [], "how": [], "summary": [], "issues": []}
    current = "header"
    for line in lines:
        key = heading_key(line.text)
        if key and not sections[key]:
            current = key
            sections[key].append(TextLine("", line.page, True))  # marks the heading as seen
            continue
        sections[current].append(line)
    for key in ("how", "summary", "issues"):
        if sections[key]:
            sections[key] = sections[key][1:]
            if sections[key]:
                sections[key][0].gap_before = True
    return sections


class _Section:
    """What one section placed, for the word check."""

    def __init__(self, name: str, lines: list[TextLine], vocab: set[str]) -> None:
        self.name = name
        self.lines = lines
        self.vocab = vocab
        self.placed: list[str] = []
        self.unplaced: list[str] = []

    def source_words(self) -> Counter[str]:
        return words(" ".join(paragraphs(self.lines, self.vocab)))

    def missing(self) -> Counter[str]:
        return self.source_words() - words(" ".join(self.placed + self.unplaced))


def parse_lines(lines: list[TextLine], report: ImportReport | None = None) -> Case:
    report = report or ImportReport()
    vocab = vocabulary(lines)
    parts = _split_sections(lines)
    found_headings = [k for k in ("how", "summary", "issues") if parts[k] or _seen(lines, k)]
    case = Case(case_number="")
    sections = {name: _Section(name, parts[name], vocab) for name in parts}

    _parse_header(sections["header"], case, report)
    _parse_how(sections["how"], case, report)
    _parse_summary(sections["summary"], case, report)
    items_section = sections["issues"]
    items, placed, unplaced, warnings = parse_items(items_section.lines, vocab)
    items_section.placed.extend(placed)
    items_section.unplaced.extend(unplaced)
    report.warnings.extend(warnings)
    case.items = items

    if not found_headings and not items and not report.fields:
        raise LetterImportError(
            f"{report.source or 'The file'} does not look like an IMR determination letter: "
            "none of its headings, labels or header fields were found. Nothing was imported."
        )
    report.generation = _generation(case, report, sections)
    unplaced_blocks: list[str] = []
    for section in sections.values():
        missing = section.missing()
        if missing:
            report.warnings.append(
                f"{section.name}: {sum(missing.values())} word(s) could not be placed; the "
                "section's whole text is kept in the notes"
            )
            unplaced_blocks.append(
                f"[{section.name}, as read]\n" + "\n\n".join(paragraphs(section.lines, vocab))
            )
        else:
            unplaced_blocks.extend(section.unplaced)
    report.unplaced = unplaced_blocks
    if unplaced_blocks:
        case.notes = UNPLACED_HEADING + "\n\n" + "\n\n".join(unplaced_blocks)
    _count(case, report)
    return case


def _seen(lines: list[TextLine], key: str) -> bool:
    return any(heading_key(line.text) == key for line in lines)


def _generation(case: Case, report: ImportReport, sections: dict[str, _Section]) -> str:
    text = " ".join(line.text for line in sections["how"].lines)
    if "State(s) of Licensure" in text:
        return "2016-17"
    if _BOARD.search(text) or "Board Certified in" in text:
        return "2014"
    return "2016-17" if "case_number" in report.fields else "unknown"


def _count(case: Case, report: ImportReport) -> None:
    report.case_number = case.case_number
    report.items = len(case.items)
    report.upheld = sum(1 for i in case.items if i.decision is Decision.UPHELD)
    report.overturned = sum(1 for i in case.items if i.decision is Decision.OVERTURNED)
    report.undecided = sum(1 for i in case.items if i.decision is None)
    report.modified_items = sum(1 for i in case.items if i.original_request)
    report.citations = sum(len(i.citations) for i in case.items)
    report.items_without_citations = sum(1 for i in case.items if not i.citations)


# --- header block ------------------------------------------------------------------------

HEADER_LABELS = {
    "case_number": r"Case\s+Number",
    "claim_number": r"Claim\s+Number",
    "date_assigned": r"Date\s+Assigned",
    "decision_date": r"Decision\s+Date",
    "priority": r"Priority",
    "date_of_injury": r"Date\s+of\s+Injury",
    "ur_denial_date": r"UR\s+Denial\s+Date",
    "application_received": r"Application\s+Received",
    "due_date": r"Due\s+Date",
}
_LABEL_RE = re.compile(
    "|".join(f"(?P<{k}>\\b{v}\\s*:)" for k, v in HEADER_LABELS.items()), re.IGNORECASE
)
# pdftotext -layout puts the value between the two words of a wrapped label.
_SPLIT_APPLICATION = re.compile(
    r"Application\s+(\d{1,2}/\d{1,2}/\d{4})\s+Received\s*:", re.IGNORECASE
)
_US_DATE = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$")


def _us_date(text: str) -> dt.date | None:
    m = _US_DATE.match(text.strip())
    if not m:
        return None
    try:
        return dt.date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
    except ValueError:
        return None


def _parse_header(section: _Section, case: Case, report: ImportReport) -> None:
    text = " ".join(" ".join(line.text.split()) for line in section.lines)
    text = _SPLIT_APPLICATION.sub(r"Application Received: \1", text)
    matches = list(_LABEL_RE.finditer(text))
    lead = text[: matches[0].start()] if matches else text
    if lead.strip():
        section.unplaced.append(lead.strip())
    entries: list[tuple[str, str, str]] = []
    for n, m in enumerate(matches):
        end = matches[n + 1].start() if n + 1 < len(matches) else len(text)
        entries.append((m.lastgroup or "", m.group(0), text[m.end() : end].strip()))
    for key, label, value in _spread_values(entries):
        if key in report.fields:
            section.unplaced.append(f"{label} {value}")
            continue
        if _set_header_field(case, key, value):
            report.fields.append(key)
            section.placed.extend([label, value])
        elif value:
            report.warnings.append(f"header: {label} {value[:40]!r} was not understood")
            section.unplaced.append(f"{label} {value}")


def _spread_values(entries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """A table read column by column gives "Date Assigned: Date of Injury: 12/07/2016
    03/02/2015": labels without a value take, in order, the words of the next value
    when the counts match."""
    out: list[tuple[str, str, str]] = []
    pending: list[tuple[str, str]] = []
    for key, label, value in entries:
        if not value:
            pending.append((key, label))
            continue
        tokens = value.split()
        if pending and len(tokens) == len(pending) + 1:
            for (p_key, p_label), token in zip(pending, tokens, strict=False):
                out.append((p_key, p_label, token))
            out.append((key, label, tokens[-1]))
        else:
            out.extend((p_key, p_label, "") for p_key, p_label in pending)
            out.append((key, label, value))
        pending = []
    out.extend((p_key, p_label, "") for p_key, p_label in pending)
    return out


def _set_header_field(case: Case, key: str, value: str) -> bool:
    if not value:
        return False
    if key == "case_number":
        case.case_number = value.split()[0] if len(value.split()) == 1 else value
        return len(value.split()) == 1
    if key == "claim_number":
        case.claim_number = value
        return True
    if key == "priority":
        try:
            case.priority = Priority(value.strip().lower())
        except ValueError:
            return False
        return True
    date = _us_date(value)
    if date is None:
        return False
    setattr(case, key, date)
    return True


# --- how the determination was made --------------------------------------------------------

_NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50})
_SENTENCE_SPLIT = re.compile(r"(?<=[.])\s+(?=[A-Z])")
_ORG = re.compile(r"^(?P<org>.+?) sent the complete case file to an expert reviewer\.$")
_BOARD = re.compile(
    r"The expert reviewer is (?P<board>Board Certified in|specialized in|a specialist in) "
    r"(?P<spec>.+?) and is licensed to practice in (?P<states>.+?)\.$",
    re.I,
)
_LICENSURE = re.compile(r"State\(s\) of Licensure:\s*", re.I)
_SPECIALTY = re.compile(r"Certification\(s\)/Specialty:\s*", re.I)


def _number(word: str) -> int | None:
    if word.isascii() and word.isdigit() and len(word) < 7:
        return int(word)
    return _NUMBER_WORDS.get(word.casefold())


def _states(text: str) -> list[str]:
    return [s.strip() for s in re.split(r",|\s+and\s+", text) if s.strip()]


def _parse_how(section: _Section, case: Case, report: ImportReport) -> None:
    profile = ReviewerProfile(licensure=[], specialty="", board_certified=False)
    # The credentials lines (2016-17) are a paragraph of their own after the prose;
    # a value ends with its paragraph.
    prose_parts: list[str] = []
    for para in paragraphs(section.lines, section.vocab):
        m_lic, m_spec = _LICENSURE.search(para), _SPECIALTY.search(para)
        if not (m_lic or m_spec):
            prose_parts.append(para)
            continue
        cut = min(m.start() for m in (m_lic, m_spec) if m)
        prose_parts.append(para[:cut])
        spans = sorted(
            (m.start(), m.end(), kind) for kind, m in (("lic", m_lic), ("spec", m_spec)) if m
        )
        for n, (start, end, kind) in enumerate(spans):
            value = para[end : spans[n + 1][0] if n + 1 < len(spans) else len(para)].strip()
            section.placed.append(para[start:end] + " " + value)
            if kind == "lic":
                profile.licensure = _states(value)
                report.fields.append("licensure")
            else:
                profile.specialty = value
                profile.board_certified = True
                report.fields.append("specialty")
    prose = " ".join(p for p in prose_parts if p.strip())
    intro = prose.find(CREDENTIALS_INTRO)
    if intro >= 0:
        section.placed.append(CREDENTIALS_INTRO)
        prose = prose[:intro] + " " + prose[intro + len(CREDENTIALS_INTRO) :]
    for sentence in _SENTENCE_SPLIT.split(" ".join(prose.split())):
        if not sentence:
            continue
        if _how_sentence(sentence, profile, report):
            section.placed.append(sentence)
        else:
            section.unplaced.append(sentence)
    case.reviewer = profile


def _how_sentence(sentence: str, profile: ReviewerProfile, report: ImportReport) -> bool:
    m = _ORG.match(sentence)
    if m:
        profile.organisation = m.group("org").strip()
        report.fields.append("organisation")
        return True
    m = _BOARD.fullmatch(sentence)
    if m:
        profile.specialty = m.group("spec").strip()
        profile.board_certified = m.group("board").lower().startswith("board")
        profile.licensure = _states(m.group("states"))
        report.fields.extend(["specialty", "licensure"])
        return True
    m = YEARS_HOURS.fullmatch(sentence)
    if m:
        years, hours = _number(m.group("years")), _number(m.group("hours"))
        if years is None or hours is None:
            return False
        profile.years_in_practice = years
        profile.hours_per_week = hours
        report.fields.extend(["years_in_practice", "hours_per_week"])
        return True
    return any(p.fullmatch(sentence) for p in PROSE_FIXED)


# --- clinical case summary ---------------------------------------------------------------

_AGE_SEX = re.compile(
    r"\b(?P<age>\d{1,3})[- ]years?[- ]old\b(?:\s+\w+){0,3}?\s+(?P<sex>female|male|woman|man)\b",
    re.I,
)
_AGE = re.compile(r"\b(?P<age>\d{1,3})[- ]years?[- ]old\b", re.I)


def _parse_summary(section: _Section, case: Case, report: ImportReport) -> None:
    paras = paragraphs(section.lines, section.vocab)
    if paras:
        first = paras[0]
        lead = SUMMARY_LEADIN.match(first)
        if lead:
            section.placed.append(lead.group(0))
            rest = first[lead.end() :].strip()
            paras = ([rest] if rest else []) + paras[1:]
    case.summary = "\n\n".join(paras)
    section.placed.append(case.summary)
    if case.summary:
        report.fields.append("summary")
    m = _AGE_SEX.search(case.summary)
    age = m or _AGE.search(case.summary)
    if age and 0 < int(age.group("age")) < 120:
        case.patient = Patient(age=int(age.group("age")))
        report.fields.append("patient.age")
    if m:
        sex = m.group("sex").lower()
        case.patient.sex = Sex.FEMALE if sex in ("female", "woman") else Sex.MALE
        report.fields.append("patient.sex")
