"""The queue as cases.db answers it (cases/queue.py): the same order and filter as
the rules in the model, counted, paged and positioned by indexed statements."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from imr_desktop.cases.queue import QueueQuery, QueueSort
from imr_desktop.cases.store import CaseStore
from imr_desktop.model import CaseSummary, Priority, Status
from imr_desktop.model.case import DEADLINE_DAYS

TODAY = dt.date(2016, 10, 1)


def python_key(sort: QueueSort):
    """The order the queue shows, in Python (the rules of the model)."""
    if sort is QueueSort.CASE:
        return lambda r: r.case_number
    if sort is QueueSort.PRIORITY:
        return lambda r: (0 if r.priority is Priority.EXPEDITED else 1, r.case_number)
    if sort is QueueSort.DUE:
        return lambda r: (r.deadline(TODAY).sort_key, r.case_number)
    return lambda r: (r.status.value, r.case_number)


def matches(r: CaseSummary, needle: str) -> bool:
    return needle in r.case_number.casefold() or needle in (r.priority.value, r.status.value)


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> CaseStore:
    """300 cases with every kind of deadline: set or from assignment, decided early,
    on the day or late, none at all; case numbers with LIKE's own characters."""
    store = CaseStore.open(tmp_path_factory.mktemp("queue"))
    rng = random.Random(17)
    rows = []
    for n in range(300):
        assigned = dt.date(2016, 8, 1) + dt.timedelta(days=rng.randint(0, 90))
        due = assigned + dt.timedelta(days=rng.randint(-5, 40)) if n % 4 == 0 else None
        decided = assigned + dt.timedelta(days=rng.randint(0, 45)) if n % 3 == 0 else None
        number = f"CM16-{rng.randint(0, 9_999_999):07d}" + ("_%" if n == 7 else "")
        rows.append(
            (
                number,
                rng.choice(["standard", "expedited"]),
                None if n % 17 == 0 else assigned.isoformat(),
                due.isoformat() if due else None,
                decided.isoformat() if decided else None,
                rng.choice(["draft", "final"]),
            )
        )
    with store.db.atomic():
        store.db.conn.executemany(
            "INSERT INTO cases (case_number, priority, date_assigned, due_date, decision_date, "
            "status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '', '')",
            rows,
        )
    yield store
    store.close()


@pytest.mark.parametrize("sort", list(QueueSort))
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("needle", ["", "cm16-00", "7", "expedited", "final", "_%", "zzz"])
def test_pages_follow_the_models_order_and_filter(many, sort, descending, needle):
    every = many.list_cases()
    expected = sorted(
        (r for r in every if not needle or matches(r, needle)),
        key=python_key(sort),
        reverse=descending,
    )
    query = QueueQuery.typed(needle, sort, descending)
    got = many.queue.page(query, 0, 1000)
    assert [r.case_id for r in got] == [r.case_id for r in expected]
    assert many.queue.count(query) == len(expected)
    # Pages put end to end are the whole queue.
    pages = [r for offset in range(0, 320, 40) for r in many.queue.page(query, offset, 40)]
    assert [r.case_id for r in pages] == [r.case_id for r in expected]


@pytest.mark.parametrize("sort", list(QueueSort))
@pytest.mark.parametrize("descending", [False, True])
def test_a_case_is_found_where_the_page_shows_it(many, sort, descending):
    for needle in ("", "1"):
        query = QueueQuery.typed(needle, sort, descending)
        rows = many.queue.page(query, 0, 1000)
        for n in range(0, len(rows), 7):
            assert many.queue.position(query, rows[n].case_id) == n
    hidden = next(r for r in many.list_cases() if "zzz" not in r.case_number)
    assert many.queue.position(QueueQuery.typed("zzz"), hidden.case_id) is None


def test_a_short_first_page_is_the_count(many):
    count, rows = many.queue.first_page(QueueQuery.typed("expedited"), 1000)
    assert count == len(rows) == many.queue.count(QueueQuery.typed("expedited"))
    count, rows = many.queue.first_page(QueueQuery(), 50)
    assert len(rows) == 50 and count == 300


def test_the_deadline_order_uses_the_deadline_days_of_the_model(many):
    # Held together by hand (the index is a shipped schema step): a change of the
    # statutory days needs a schema step that rebuilds the index.
    for priority, days in DEADLINE_DAYS.items():
        due = many.db.execute(
            "SELECT date('2016-09-01', CASE ? WHEN 'expedited' THEN '+3 days' ELSE '+30 days' END)",
            [priority],
        ).fetchone()[0]
        assert dt.date.fromisoformat(due) == dt.date(2016, 9, 1) + dt.timedelta(days=days)


@pytest.mark.parametrize("sort", list(QueueSort))
@pytest.mark.parametrize("needle", ["", "0012"])
def test_each_order_is_read_from_an_index_not_sorted(many, sort, needle):
    query = QueueQuery.typed(needle, sort)
    where, params = query.where()
    plan = many.db.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM cases"
        + (f" WHERE {where}" if where else "")
        + f" ORDER BY {query.order_by()} LIMIT 100",
        params,
    ).fetchall()
    text = " ".join(str(step[-1]) for step in plan)
    assert "USING" in text and "INDEX" in text and "TEMP B-TREE" not in text, text


def test_statuses_and_priorities_are_words_of_the_model():
    assert {p.value for p in Priority} == {"standard", "expedited"}
    assert {s.value for s in Status} == {"draft", "final"}


@pytest.mark.parametrize("needle", ["cm16-00", "7", "expedited", "final", "_%", "zzz", "CM16"])
def test_a_row_already_read_is_filtered_as_the_database_filters(many, needle):
    query = QueueQuery.typed(needle)
    shown = {r.case_id for r in many.queue.page(query, 0, 1000)}
    assert {r.case_id for r in many.list_cases() if query.matches(r)} == shown


def test_typing_on_narrows_and_a_new_order_does_not():
    typed = QueueQuery.typed("0012")
    assert QueueQuery.typed("00123").narrows(typed)
    assert QueueQuery.typed("0012").narrows(QueueQuery())
    assert not QueueQuery.typed("001").narrows(typed)
    assert not QueueQuery.typed("00123", QueueSort.CASE).narrows(typed)
    # "ex" matches no case number; "expedited" matches every expedited case.
    assert not QueueQuery.typed("expedited").narrows(QueueQuery.typed("ex"))
