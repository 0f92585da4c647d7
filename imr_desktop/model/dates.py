"""Dates as reviewers type them: MM/DD/YYYY (the letters' form) or ISO YYYY-MM-DD."""

from __future__ import annotations

import datetime as dt
import re

_US = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


class DateInputError(ValueError):
    pass


def parse_user_date(text: str) -> dt.date | None:
    """Empty -> None; a valid date -> the date; anything else -> DateInputError
    saying what is wrong."""
    if not text.strip():
        return None
    m = _US.match(text)
    if m:
        month, day, year = (int(g) for g in m.groups())
    else:
        m = _ISO.match(text)
        if not m:
            raise DateInputError(f"{text.strip()!r:.30} is not a date: type MM/DD/YYYY")
        year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        raise DateInputError(f"{text.strip()}: there is no month {month}")
    try:
        value = dt.date(year, month, day)
    except ValueError:
        raise DateInputError(f"{text.strip()}: that month has no day {day}") from None
    if not 1900 <= year <= 2200:
        raise DateInputError(f"{text.strip()}: the year {year} is out of range")
    return value


def format_us_date(value: dt.date | None) -> str:
    return value.strftime("%m/%d/%Y") if value else ""
