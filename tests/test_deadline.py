"""One deadline rule for the case title, the queue and ``cases list``: a decided case
is measured by its decision date, an undecided one by today."""

import datetime as dt

from imr_desktop.model import Case, Priority
from imr_desktop.model.deadline import deadline, deadline_short, deadline_text

TODAY = dt.date(2026, 5, 1)
DUE = dt.date(2016, 11, 2)


def test_a_case_decided_inside_its_days_is_on_time_years_later():
    d = deadline(DUE, dt.date(2016, 10, 20), TODAY)
    assert (d.days, d.late, d.decided) == (13, False, True)
    assert deadline_text(d) == "decided 13 days before the due date"
    assert deadline_short(d) == "✓ on time"


def test_a_case_decided_after_its_due_date_is_late_by_those_days_only():
    d = deadline(DUE, dt.date(2016, 11, 5), TODAY)
    assert d.late and d.days == -3
    assert deadline_text(d) == "decided 3 days after the due date"
    assert deadline_short(d) == "⚠ 3 d late"
    assert deadline_text(deadline(DUE, DUE, TODAY)) == "decided on the due date"


def test_an_undecided_case_is_measured_by_today():
    late = deadline(DUE, None, TODAY)
    assert late.days == -3467 and late.late
    assert deadline_text(late) == "overdue by 3467 days"
    assert deadline_short(late) == "⚠ 3467 d overdue"
    soon = deadline(dt.date(2026, 5, 2), None, TODAY)
    assert (deadline_text(soon), deadline_short(soon)) == ("due in 1 day", "1 d left")
    today = deadline(TODAY, None, TODAY)
    assert (deadline_text(today), deadline_short(today)) == ("due today", "⚠ due today")
    none = deadline(None, None, TODAY)
    assert (deadline_text(none), deadline_short(none), none.late) == ("no due date", "—", False)


def test_undecided_cases_sort_before_decided_ones_most_urgent_first():
    rows = [
        deadline(DUE, dt.date(2016, 10, 1), TODAY),
        deadline(TODAY + dt.timedelta(days=9), None, TODAY),
        deadline(None, None, TODAY),
        deadline(TODAY - dt.timedelta(days=2), None, TODAY),
    ]
    ordered = sorted(rows, key=lambda d: d.sort_key)
    assert [d.days for d in ordered] == [-2, 9, 32, None]


def test_the_case_uses_its_statutory_due_date_and_its_decision_date():
    case = Case(
        "CM16-1",
        priority=Priority.EXPEDITED,
        date_assigned=dt.date(2016, 11, 4),
        decision_date=dt.date(2016, 11, 6),
    )
    assert case.deadline(TODAY).due_date == dt.date(2016, 11, 7)
    assert deadline_text(case.deadline(TODAY)) == "decided 1 day before the due date"
