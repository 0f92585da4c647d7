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


def _days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


def deadline_text(d: Deadline) -> str:
    """In words, for the case title and the queue's tooltip."""
    days = d.days
    if days is None:
        return "no due date"
    if d.decided:
        if days > 0:
            return f"decided {_days(days)} before the due date"
        if days == 0:
            return "decided on the due date"
        return f"decided {_days(-days)} after the due date"
    if days > 0:
        return f"due in {_days(days)}"
    if days == 0:
        return "due today"
    return f"overdue by {_days(-days)}"


def deadline_short(d: Deadline) -> str:
    """The queue's Due cell: short, lateness said by a symbol and a word."""
    days = d.days
    if days is None:
        return "—"
    if d.decided:
        return "✓ on time" if days >= 0 else f"⚠ {-days} d late"
    if days > 0:
        return f"{days} d left"
    if days == 0:
        return "⚠ due today"
    return f"⚠ {-days} d overdue"
