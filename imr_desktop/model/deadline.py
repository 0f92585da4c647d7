"""Where a case stands against its deadline: one rule for the case title, the queue
and ``cases list``.

A decided case (one with a decision date) is measured by its decision date against
its due date; an undecided one by today. A case decided inside its 30 days is on
time however long ago that was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Deadline:
    due_date: dt.date | None
    measured_on: dt.date  # the decision date, or today while undecided
    decided: bool

    @property
    def days(self) -> int | None:
        """Days from ``measured_on`` to the due date: negative when late."""
        return None if self.due_date is None else (self.due_date - self.measured_on).days

    @property
    def late(self) -> bool:
        days = self.days
        return days is not None and days < 0

    @property
    def sort_key(self) -> tuple[int, int]:
        """Undecided cases first, the most urgent on top; decided ones after them."""
        days = self.days
        if days is None:
            return (2, 0)
        return (1, -days) if self.decided else (0, days)


def deadline(due_date: dt.date | None, decision_date: dt.date | None, today: dt.date) -> Deadline:
    """The rule itself (see the module docstring)."""
    return Deadline(
        due_date=due_date,
        measured_on=decision_date or today,
        decided=decision_date is not None,
    )


# (decided?, sign of the days left) -> (in words, the queue's short form); {n} is the
# number of days and {days} the same with its unit spelled out.
_PHRASES = {
    (False, 1): ("due in {days}", "{n} d left"),
    (False, 0): ("due today", "⚠ due today"),
    (False, -1): ("overdue by {days}", "⚠ {n} d overdue"),
    (True, 1): ("decided {days} before the due date", "✓ on time"),
    (True, 0): ("decided on the due date", "✓ on time"),
    (True, -1): ("decided {days} after the due date", "⚠ {n} d late"),
}


def _phrase(d: Deadline, form: int) -> str:
    days = d.days
    if days is None:
        return ("no due date", "—")[form]
    n = abs(days)
    sign = (days > 0) - (days < 0)
    text = _PHRASES[(d.decided, sign)][form]
    return text.format(n=n, days=f"{n} day{'' if n == 1 else 's'}")


def deadline_text(d: Deadline) -> str:
    """In words, for the case title and the queue's tooltip."""
    return _phrase(d, 0)


def deadline_short(d: Deadline) -> str:
    """The queue's Due cell: short, lateness said by a symbol and a word."""
    return _phrase(d, 1)
