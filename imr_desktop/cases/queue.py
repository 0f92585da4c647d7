"""The case queue as ``cases.db`` answers it, sized for 50,000 cases and more.

The queue shows the cases in an order (deadline, number, priority or status, either
way) and filtered by what the reviewer types. Nothing here reads every case: each
answer is one statement over an index that holds the order (schema step
``m003_queue_indexes``), so SQLite walks the index instead of sorting --

- :meth:`QueueReader.count`: how many rows the queue has;
- :meth:`QueueReader.page`: the rows from one position on (those on screen);
- :meth:`QueueReader.position`: where one case stands (to select it).

The deadline order is the rule of ``model/deadline.py`` (``Deadline.sort_key``)
written in SQL; a test holds the two to the same order.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from imr_desktop.model import CaseSummary, Priority, Status
from imr_desktop.model.case import DEADLINE_DAYS

from .schema import QUEUE_DUE_DAYS, QUEUE_DUE_GROUP, QUEUE_PRIORITY_RANK

if TYPE_CHECKING:
    from imr_desktop.database import Database


class QueueSort(enum.IntEnum):
    """The queue's columns, each an order."""

    CASE = 0
    PRIORITY = 1
    DUE = 2
    STATUS = 3


# Each order as the index holds it: the expressions must read exactly as in the index.
_ORDER = {
    QueueSort.CASE: ("case_number",),
    QueueSort.PRIORITY: (QUEUE_PRIORITY_RANK, "case_number"),
    QueueSort.DUE: (QUEUE_DUE_GROUP, QUEUE_DUE_DAYS, "case_number"),
    QueueSort.STATUS: ("status", "case_number"),
}


@dataclass(frozen=True)
class QueueQuery:
    """What the queue shows: an order, and the filter typed (part of a case number,
    or a priority or status word: ``expedited``, ``final``)."""

    sort: QueueSort = QueueSort.DUE
    descending: bool = False
    needle: str = ""

    @classmethod
    def typed(cls, text: str, sort: QueueSort = QueueSort.DUE, descending: bool = False):
        return cls(sort, descending, text.strip().casefold())

    def order_by(self) -> str:
        way = " DESC" if self.descending else ""
        return ", ".join(term + way for term in _ORDER[self.sort])

    def matches(self, row: CaseSummary) -> bool:
        """The filter of :meth:`where`, for a row already read."""
        needle = self.needle
        return (
            not needle
            or needle in row.case_number.casefold()
            or needle == row.priority.value
            or needle == row.status.value
        )

    def narrows(self, wider: QueueQuery) -> bool:
        """Every row this query shows, ``wider`` shows too (same order, the text typed
        only grew, and it is not a priority or status word, which matches rows the
        shorter text did not): its rows can be filtered instead of read again."""
        return (
            (self.sort, self.descending) == (wider.sort, wider.descending)
            and wider.needle in self.needle
            and self.needle not in _PRIORITIES | _STATUSES
        )

    def where(self) -> tuple[str, list[object]]:
        """The filter as SQL and its parameters ('' when nothing is typed)."""
        if not self.needle:
            return "", []
        escaped = self.needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        # LIKE is case-blind for ASCII, as case numbers are. Priority and status are
        # compared only when the word typed is one of theirs (every row is read).
        terms = ["case_number LIKE ? ESCAPE '\\'"]
        params: list[object] = [f"%{escaped}%"]
        for column, words in (("priority", _PRIORITIES), ("status", _STATUSES)):
            if self.needle in words:
                terms.append(f"{column} = ?")
                params.append(self.needle)
        return "(" + " OR ".join(terms) + ")", params


_PRIORITIES = frozenset(p.value for p in Priority)
_STATUSES = frozenset(s.value for s in Status)

_SUMMARY = """
    SELECT c.id, c.case_number, c.priority, c.status, c.due_date, c.date_assigned,
           c.decision_date, c.updated_at,
           (SELECT count(*) FROM items i WHERE i.case_id = c.id)
    FROM cases c
"""


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _summary(row: tuple) -> CaseSummary:
    case_id, number, priority, status, due, assigned, decided, updated, n_items = row
    due_date = _date(due)
    if due_date is None and assigned:
        due_date = dt.date.fromisoformat(assigned) + dt.timedelta(days=DEADLINE_DAYS[priority])
    return CaseSummary(
        case_id=case_id,
        case_number=number,
        priority=Priority(priority),
        status=Status(status),
        due_date=due_date,
        items=n_items,
        updated_at=updated,
        decision_date=_date(decided),
    )


class QueueReader:
    """The queue's reads; one per store (a connection belongs to its thread)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def summaries(self, case_ids: list[int] | None = None) -> list[CaseSummary]:
        """The rows of these cases (every case when None), in id order."""
        if case_ids is None:
            rows = self.db.execute(_SUMMARY + " ORDER BY c.id").fetchall()
        else:
            marks = ", ".join("?" for _ in case_ids)
            rows = self.db.execute(
                _SUMMARY + f" WHERE c.id IN ({marks}) ORDER BY c.id", case_ids
            ).fetchall()
        return [_summary(r) for r in rows]

    def count(self, query: QueueQuery) -> int:
        where, params = query.where()
        sql = "SELECT count(*) FROM cases" + (f" WHERE {where}" if where else "")
        return int(self.db.execute(sql, params).fetchone()[0])

    def first_page(self, query: QueueQuery, limit: int) -> tuple[int, list[CaseSummary]]:
        """How many rows the queue has, and its first ``limit`` rows. A page that
        comes back short holds every row: no count is needed (a filter that matches
        few cases reads the index once, not twice)."""
        rows = self.page(query, 0, limit)
        return (len(rows) if len(rows) < limit else self.count(query)), rows

    def page(self, query: QueueQuery, offset: int, limit: int) -> list[CaseSummary]:
        """``limit`` rows from ``offset`` on, in the queue's order."""
        where, params = query.where()
        rows = self.db.execute(
            _SUMMARY
            + (f" WHERE {where}" if where else "")
            + f" ORDER BY {query.order_by()} LIMIT ? OFFSET ?",
            [*params, limit, max(0, offset)],
        ).fetchall()
        return [_summary(r) for r in rows]

    def position(self, query: QueueQuery, case_id: int) -> int | None:
        """The row of ``case_id`` in the queue, or None when the filter hides it.

        Counted as the rows before it, one key at a time (all before on the first
        key, then equal on it and before on the second ...): each count is a range
        of the order's index."""
        terms = _ORDER[query.sort]
        where, params = query.where()
        found = self.db.execute(
            f"SELECT {', '.join(terms)} FROM cases WHERE id = ?"
            + (f" AND {where}" if where else ""),
            [case_id, *params],
        ).fetchone()
        if found is None:
            return None
        before = ">" if query.descending else "<"
        counts: list[str] = []
        args: list[object] = []
        for n, term in enumerate(terms):
            # Equal on the keys before this one, and before on this one. (A key is
            # NULL only for the cases with no due date, all of them: nothing is before
            # NULL, and ``IS`` matches it.)
            conditions = [f"{t} IS ?" for t in terms[:n]] + [f"{term} {before} ?"]
            if where:
                conditions.append(where)
            counts.append(f"(SELECT count(*) FROM cases WHERE {' AND '.join(conditions)})")
            args += [*found[: n + 1], *params]
        return int(self.db.execute("SELECT " + " + ".join(counts), args).fetchone()[0])
