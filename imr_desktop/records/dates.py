"""Dates in the case file's text: where they are, what kind of date each looks like,
and the "Records from … to … were reviewed." range for the summary. Pure text work,
no database."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

MONTHS = {
    name: n
    for n, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_NUMERIC_US = re.compile(r"(?<![\d/.-])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\d/])")
_ISO = re.compile(r"(?<![\d/.-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
_WORDS = re.compile(
    r"\b(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s+(\d{1,2}),?\s+(\d{4})\b",
    re.IGNORECASE,
)

# Words near a date that say what it dates; first match in this order wins.
KIND_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("birth", re.compile(r"\b(dob|date of birth|born)\b", re.I)),
    ("injury", re.compile(r"\b(doi|date of injury|injur(y|ed)|accident)\b", re.I)),
    (
        "UR decision",
        re.compile(
            r"\b(utilization review|ur|non-?certif\w*|certif\w*|denied|denial|modified|"
            r"adverse determination)\b",
            re.I,
        ),
    ),
    (
        "imaging",
        re.compile(
            r"\b(mri|x-?rays?|radiograph\w*|ct|cat scan|ultrasound|emg|ncs|nerve conduction|"
            r"imaging|bone scan)\b",
            re.I,
        ),
    ),
    (
        "visit",
        re.compile(
            r"\b(visit|seen|evaluat\w*|progress report|pr-?2|office|follow-?up|exam\w*|"
            r"consult\w*|report|dos|date of service|encounter)\b",
            re.I,
        ),
    ),
]
NOT_RECORD_DATES = {"birth", "injury"}  # not part of the "records from … to …" range
CONTEXT_BEFORE = 70
CONTEXT_AFTER = 40


@dataclass(frozen=True)
class FoundDate:
    date: dt.date
    document_id: int
    page: int  # 1-based
    kind: str  # "visit", "imaging", "UR decision", "injury", "birth" or "date"
    context: str  # a little text around the date, one line


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # 2-digit years: the near past, never the future
        this = dt.date.today().year % 100
        year += 2000 if year <= this + 1 else 1900
    return year


def _make(year: int, month: int, day: int) -> dt.date | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _dates_in(text: str) -> Iterable[tuple[int, int, dt.date]]:
    for m in _NUMERIC_US.finditer(text):
        d = _make(_year(m.group(3)), int(m.group(1)), int(m.group(2)))
        if d:
            yield m.start(), m.end(), d
    for m in _ISO.finditer(text):
        d = _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            yield m.start(), m.end(), d
    for m in _WORDS.finditer(text):
        d = _make(int(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2)))
        if d:
            yield m.start(), m.end(), d


def guess_kind(before: str, after: str) -> str:
    # The words just before a date say most ("MRI of 03/02/2016", "DOI: …"); the
    # nearest line before it is weighed first, then the text just after.
    near = before.rsplit("\n", 1)[-1]
    for scope in (near, before, after):
        for kind, pattern in KIND_WORDS:
            if pattern.search(scope):
                return kind
    return "date"


def find_dates(pages: Iterable[tuple[int, int, str]]) -> list[FoundDate]:
    """``pages`` as (document_id, page, text); every date found, in date order."""
    found = []
    for document_id, page, text in pages:
        for start, end, date in _dates_in(text):
            before = text[max(0, start - CONTEXT_BEFORE) : start]
            after = text[end : end + CONTEXT_AFTER]
            context = " ".join(f"{before}{text[start:end]}{after}".split())
            found.append(FoundDate(date, document_id, page, guess_kind(before, after), context))
    found.sort(key=lambda f: (f.date, f.document_id, f.page))
    return found


def record_range(
    found: Iterable[FoundDate], today: dt.date | None = None
) -> tuple[dt.date, dt.date] | None:
    """First and last date of the records themselves (not birth or injury dates,
    nor a date after today, which is a typo or a scheduled visit)."""
    limit = today or dt.date.today()
    dates = [f.date for f in found if f.kind not in NOT_RECORD_DATES and f.date <= limit]
    if not dates:
        return None
    return min(dates), max(dates)


def range_phrase(first: dt.date, last: dt.date) -> str:
    return f"Records from {first:%m/%d/%Y} to {last:%m/%d/%Y} were reviewed."


RANGE_PHRASE = re.compile(
    r"Records from \d{1,2}/\d{1,2}/\d{4} to \d{1,2}/\d{1,2}/\d{4} were reviewed\.", re.I
)


def with_range(summary: str, phrase: str, cursor: int | None = None) -> tuple[str, int]:
    """The summary with its "Records from … to …" sentence replaced by ``phrase``, or
    ``phrase`` inserted at ``cursor`` (the end when None); and the position after it."""
    m = RANGE_PHRASE.search(summary)
    if m:
        return summary[: m.start()] + phrase + summary[m.end() :], m.start() + len(phrase)
    at = len(summary) if cursor is None else max(0, min(cursor, len(summary)))
    left, right = summary[:at], summary[at:]
    if left and not left[-1].isspace():
        phrase = " " + phrase
    if right and not right[0].isspace():
        phrase += " "
    return left + phrase + right, at + len(phrase)
