"""State that is never stale: what the window shows follows every change of what it
shows it from (the deadline, the QA findings, the panel's edition filter, a newly
opened case's place)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from imr_desktop.model.deadline import deadline_text
from tests.ui_helpers import open_by_number


def _queue_row(window, case_number: str):
    model = window.queue.model
    row = next(n for n, r in enumerate(model.rows) if r.case_number == case_number)
    return model.index(row, 2)


def test_title_and_queue_agree_on_a_case_decided_in_time(qtbot, window):
    open_by_number(window, "CM16-0000101")  # assigned 10/03/2016: due 11/02/2016
    overdue = deadline_text(window.session.case.deadline(dt.date.today()))
    assert overdue.startswith("overdue by") and overdue in window.editor.title.text()
    assert _queue_row(window, "CM16-0000101").data().endswith("d overdue")

    field = window.editor.header_fields["decision_date"]
    field.setFocus()
    QTest.keyClicks(field, "10/20/2016")
    assert "decided 13 days before the due date" in window.editor.title.text()
    # The autosave refreshes the case's queue row.
    qtbot.waitUntil(lambda: _queue_row(window, "CM16-0000101").data() == "✓ on time", timeout=5000)
    cell = _queue_row(window, "CM16-0000101")
    assert "decided 13 days before the due date" in cell.data(Qt.ToolTipRole)
