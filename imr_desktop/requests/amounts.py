"""The parts of a request that say how much, how often and when, never what.

"Norco 10/325mg #90", "PT 2x6", "12 sessions", "3 times a week for 4 weeks", "DOS:
11/18/16", "with 1 refill": each is recognised, recorded and cut out of the text, so
what remains names only the service. Pure functions over lower-case text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

_ONE_TO_TWENTY = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty"
)
NUMBER_WORDS = {w: n for n, w in enumerate(_ONE_TO_TWENTY.split())}
NUMBER_WORDS.update(
    {"thirty": 30, "forty": 40, "sixty": 60, "ninety": 90, "once": 1, "twice": 2, "thrice": 3}
)
_NUM = r"(?:\d+(?:\.\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"


class _Pattern:
    """A pattern compiled when a text first needs it. ``needs``: words one of which is
    in every text the pattern matches (a literal it cannot match without); a text
    holding none of them is not searched. The largest patterns are of this kind, and
    most requests hold none of their words: a command reading one request compiles
    what that request needs (tests hold each to its compiled pattern's answers)."""

    def __init__(self, pattern: str, needs: tuple[str, ...]) -> None:
        self.pattern, self.needs = pattern, needs

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.pattern)

    @property
    def groupindex(self) -> dict[str, int]:
        return dict(self.compiled.groupindex)

    def _may_match(self, text: str) -> bool:
        return any(word in text for word in self.needs)

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text) if self._may_match(text) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text) if self._may_match(text) else iter(())


def number(text: str) -> float | None:
    text = text.strip()
    if text in NUMBER_WORDS:
        return float(NUMBER_WORDS[text])
    try:
        return float(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class Count:
    """How many sessions, visits or units (a range when the request gives one)."""

    low: int
    high: int

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"


@dataclass
class Amounts:
    count: Count | None = None
    frequency: str = ""  # "2 times a week for 6 weeks" as normalised
    strength: str = ""  # "10/325 mg", "5%"
    quantity: str = ""  # "#90", "240 grams"
    supply: str = ""  # "30 days", "1 refill"
    service_date: dt.date | None = None
    dates: list[dt.date] | None = None
    retrospective: bool = False
    perioperative: str = ""  # "post-op", "pre-op", "surgical service"


def _date(text: str) -> dt.date | None:
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", text)
    if not m:
        return None
    month, day, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_DATE = r"\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b"
_DOS = re.compile(
    rf"\(?\s*\b(?:dos|d\.o\.s\.?|date of service|date\(s\) of service|dates? of service)"
    rf"\s*:?\s*(?P<date>{_DATE})\s*\)?"
)
_ORDER_DATE = re.compile(
    rf"\b(?:per|as per|ordered on|order(?:ed)? of)\s+(?P<date>{_DATE})\s*(?:order)?"
)
_ANY_DATE = re.compile(rf"\b(?P<date>{_DATE})")
_RETRO = re.compile(r"\b(?:retrospective(?:ly)?|retro)\b")
_PERIOP = (
    (re.compile(r"\bassociated surgical services?\b:?"), "surgical service"),
    (
        re.compile(
            r"\bpost[\s-]?op(?:erative(?:ly)?)?\b|\bpostop\b|\bafter surgery\b|\bpost[\s-]?surgical\b"
        ),
        "post-op",
    ),
    (re.compile(r"\bpre[\s-]?op(?:erative(?:ly)?)?\b|\bpreop\b"), "pre-op"),
    (re.compile(r"\bperi[\s-]?op(?:erative)?\b"), "peri-op"),
)

_WEEK = r"(?:a\s+|per\s+|/\s*|each\s+|every\s+)?(?:week|wk)s?\b|weekly\b"
_FREQ_WEEKS = _Pattern(
    rf"\b(?P<n>{_NUM})(?:\s*(?:-|to|or)\s*(?P<n2>{_NUM}))?\s*(?:x|times|visits?|sessions?)?\s*"
    rf"(?:{_WEEK})\s*,?\s*(?:for|x|times|over|for a total of|during)\s+(?:the\s+next\s+)?"
    rf"(?P<w>{_NUM})(?:\s*(?:-|to)\s*(?P<w2>{_NUM}))?\s*(?:weeks?|wks?)\b",
    needs=("week", "wk"),
)
_PER_WEEK = _Pattern(
    rf"\b(?P<n>{_NUM})(?:\s*(?:-|to)\s*(?P<n2>{_NUM}))?\s*(?:x|times)\s*(?:{_WEEK})",
    needs=("week", "wk"),
)
_TIMES = _Pattern(
    rf"\b(?P<n>{_NUM})\s*(?:x|times)\s*(?P<w>{_NUM})\b(?!\s*(?:mg|%|g\b|ml))",
    needs=("x", "times"),
)
_TIMES_ALONE = _Pattern(
    rf"\b(?:x|times)\s*(?P<n>{_NUM})\b(?!\s*(?:weeks?|wks?|days?|months?))",
    needs=("x", "times"),
)
_SESSION_WORDS = ("session", "visit", "treatment")
_SESSIONS = _Pattern(
    rf"\b(?P<n>{_NUM})(?:\s*\(\s*\d+\s*\))?(?:\s*(?:-|to)\s*(?P<n2>{_NUM}))?\s+"
    r"(?:[a-z/-]+\s+){0,4}?(?:sessions?|visits?|treatments?)\b",
    needs=_SESSION_WORDS,
)
_SESSIONS_AFTER = _Pattern(
    r"\b(?:sessions?|visits?|treatments?)\s*(?:,|#|:|x)?\s*(?P<n>\d+)(?:\s*(?:-|to)\s*(?P<n2>\d+))?\b",
    needs=_SESSION_WORDS,
)
_PAREN_COUNT = re.compile(r"\(\s*(?P<n>\d+)\s*(?:sessions?|visits?)?\s*\)")
_UNIT = r"(?:%|(?:mg|mcg|µg|meq|iu|units?)\b)"
_MASS = r"(?:%|(?:mg|mcg|µg|g|gm|ml)\b)"
# "10/325mg", "7.5-325 mg", "4%-27.5%-0.0325%", "5/325": several strengths in one.
_STRENGTH_RATIO = re.compile(
    rf"(?<![#\w.])\d+(?:\.\d+)?\s*{_MASS}?(?:\s*[/-]\s*\d+(?:\.\d+)?\s*{_MASS}?)+"
)
_STRENGTH = re.compile(rf"(?<![#\w.])\d+(?:\.\d+)?\s*{_UNIT}")
_QUANTITY = re.compile(r"#\s*(?P<n>\d+(?:\.\d+)?)|\bqty\s*:?\s*(?P<q>\d+)")
_AMOUNT = re.compile(r"(?<![#\w.])(?P<n>\d+(?:\.\d+)?)\s*(?P<u>g|gm|grams?|ml|oz|ounces?)\b")
_UNKNOWN_QTY = re.compile(
    r"\(?\s*\b(?:unknown|unspecified|unstated)\s+(?:quantity|amount|number|duration|rental)\s*\)?"
)
_REFILLS = _Pattern(rf"\b(?:with\s+)?(?P<n>{_NUM})\s+refills?(?:\s+of)?\b", needs=("refill",))
_SUPPLY = _Pattern(
    rf"\b(?:day|days|month|months)\s+supply\s*:?\s*(?P<n>{_NUM})?|\b(?P<m>{_NUM})[\s-]+"
    r"(?:day|days|month|months|week|weeks)(?:'s)?\s+(?:supply|coverage|rental|trial|use)\b"
    rf"|\bfor\s+(?:an?\s+|(?P<k>{_NUM})\s+)?(?:day|days|month|months|week|weeks)\b"
    rf"(?:\s+(?:rental|trial|supply|use))?",
    needs=("day", "month", "week"),
)
_SIG = re.compile(
    r"\b(?:take|apply|use)\s+[^,;#]*?(?=,|;|#|$)"
    r"|\b(?:every|q)\s*\d+(?:\s*-\s*\d+)?\s*(?:hours?|hrs?|h)\b"
    rf"|\b{_NUM}\s+(?:by mouth|orally|po)\b"
    rf"|\b(?:{_NUM}\s+)?(?:times?|x)\s+(?:a|per)\s+day\b|\b(?:twice|once|three times|four times) (?:a )?daily\b"
    r"|\b(?:as needed|prn|at bedtime|qhs|bid|tid|qid|qd)\b(?:\s+for\s+[a-z ]+?(?=,|;|#|$))?"
    r"|\b\d+\s*hours?\s+on\s*,?\s*\d+\s*hours?\s+off\b"
)
_NUMBERS = re.compile(rf"(?<![a-z])(?:{_NUM})(?![a-z])")


_PURPOSE = re.compile(
    r"\bfor\s+(?:moderate(?:\s+to\s+severe)?\s+|severe\s+|chronic\s+|acute\s+)?"
    r"(?:pain|anxiety|sleep|spasms?|insomnia|inflammation|nausea|constipation|muscle spasms?)\b"
)


def _cut(text: str, *spans: tuple[int, int]) -> str:
    for start, end in spans:
        if 0 <= start < end:
            text = text[:start] + " " * (end - start) + text[end:]
    return text


def _range(
    m: re.Match[str], a: str, b: str | None = None, fa: str | None = None, fb: str | None = None
) -> Count | None:
    def value(group: str | None, default: float | None) -> float | None:
        if group is None or m.group(group) is None:
            return default
        return number(m.group(group))

    n = value(a, None)
    n2 = value(b, n)
    w = value(fa, 1.0)
    w2 = value(fb, w)
    if n is None or n2 is None or w is None or w2 is None:
        return None
    low, high = int(n * w), int(n2 * w2)
    if not 0 < low <= high <= 999:
        return None
    return Count(low, high)


def _words(m: re.Match[str]) -> str:
    return " ".join(m.group(0).split())


def _when(text: str, found: Amounts) -> str:
    dates: list[dt.date] = []
    for pattern in (_DOS, _ORDER_DATE):
        for m in pattern.finditer(text):
            day = _date(m.group("date"))
            if day:
                dates.append(day)
                found.service_date = found.service_date or day
            text = _cut(text, m.span())
    for m in _ANY_DATE.finditer(text):
        day = _date(m.group("date"))
        if day:
            dates.append(day)
        text = _cut(text, m.span())
    found.dates = dates
    if _RETRO.search(text):
        found.retrospective = True
        text = _RETRO.sub(" ", text)
    for pattern, label in _PERIOP:
        if pattern.search(text):
            found.perioperative = found.perioperative or label
            text = pattern.sub(" ", text)
    return text


def _how_often(text: str, found: Amounts) -> str:
    product = None
    m = _FREQ_WEEKS.search(text)
    if m:
        product = _range(m, "n", "n2", "w", "w2")
        found.frequency = _words(m)
        text = _cut(text, m.span())
    explicit = None
    for pattern in (_PAREN_COUNT, _SESSIONS, _SESSIONS_AFTER):
        m = pattern.search(text)
        if m is None:
            continue
        has_high = "n2" in pattern.groupindex
        explicit = _range(m, "n", "n2" if has_high else None)
        text = _cut(text, m.span("n"), m.span("n2") if has_high else (-1, -1))
        if pattern is _PAREN_COUNT:
            text = _cut(text, m.span())
        if explicit:
            break
    if product is None:
        m = _TIMES.search(text)
        if m:
            product = _range(m, "n", None, "w")
            found.frequency = found.frequency or _words(m)
            text = _cut(text, m.span())
    m = _PER_WEEK.search(text)
    if m:
        found.frequency = found.frequency or _words(m)
        text = _cut(text, m.span())
    if product is None and explicit is None:
        m = _TIMES_ALONE.search(text)
        if m:
            explicit = _range(m, "n")
            text = _cut(text, m.span())
    found.count = explicit or product
    return text


def _how_much(text: str, found: Amounts) -> str:
    text = _UNKNOWN_QTY.sub(" ", text)
    text = _PURPOSE.sub(" ", text)
    m = _SIG.search(text)
    while m:
        text = _cut(text, m.span())
        m = _SIG.search(text)
    for m in _REFILLS.finditer(text):
        found.supply = f"{m.group('n')} refill(s)"
        text = _cut(text, m.span())
    for m in _SUPPLY.finditer(text):
        if m.group("n") or m.group("m") or m.group("k"):
            found.supply = found.supply or _words(m)
        text = _cut(text, m.span())
    for m in _QUANTITY.finditer(text):
        found.quantity = found.quantity or f"#{m.group('n') or m.group('q')}"
        text = _cut(text, m.span())
    strengths: list[tuple[int, str]] = []
    for pattern in (_STRENGTH_RATIO, _STRENGTH):
        for m in pattern.finditer(text):
            strengths.append((m.start(), _words(m)))
            text = _cut(text, m.span())
    if strengths:
        found.strength = min(strengths)[1]  # the first one written
    for m in _AMOUNT.finditer(text):
        found.quantity = found.quantity or f"{m.group('n')} {m.group('u')}"
        text = _cut(text, m.span())
    return text


def extract(text: str) -> tuple[str, Amounts]:
    """``text`` (lower case) with every amount blanked out, and the amounts: when
    first (dates go before any number is read), then how often (a frequency holds
    "for 2 weeks", which is not a supply), then how much."""
    found = Amounts()
    text = _when(text, found)
    text = _how_often(text, found)
    text = _how_much(text, found)
    return _NUMBERS.sub(" ", text), found
