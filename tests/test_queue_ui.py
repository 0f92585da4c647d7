"""The queue in the window with thousands of cases: read a page at a time, and used
the way a reviewer uses it -- keys, typing, a click on a column header."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from imr_desktop.cases.store import CaseStore
from imr_desktop.ui.cases.queue import CASE_ID_ROLE, PAGE
from tests.ui_helpers import make_window

CASES = 2_000


@pytest.fixture
def big_window(qtbot, data_dir):
    store = CaseStore.open(data_dir)
    rows = [
        (
            f"CM17-{n:07d}",
            "expedited" if n % 9 == 0 else "standard",
            (dt.date(2016, 9, 1) + dt.timedelta(days=n % 60)).isoformat(),
            "final" if n % 5 == 0 else "draft",
        )
        for n in range(CASES)
    ]
    with store.db.atomic():
        store.db.conn.executemany(
            "INSERT INTO cases (case_number, priority, date_assigned, status, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, '', '')",
            rows,
        )
    store.close()
    window = make_window(qtbot, data_dir)
    yield window
    window.close()
    window.workspace.close()


def current_case(window) -> int:
    return window.queue.view.currentIndex().data(CASE_ID_ROLE)


def test_the_queue_reads_only_the_rows_on_screen(big_window):
    model = big_window.queue.model
    assert model.rowCount() == CASES + 3
    assert len(model._pages) <= 2  # the first screenful, and the open case's page
    # Every row is there when asked for, in the order shown.
    last = model.index(model.rowCount() - 1, 0)
    assert last.data().startswith("CM1")


def test_keys_move_through_the_whole_queue(qtbot, big_window):
    queue = big_window.queue
    queue.view.setFocus()
    QTest.keyClick(queue.view, Qt.Key_End, Qt.ControlModifier)  # a table: Ctrl+End
    assert queue.view.currentIndex().row() == CASES + 2
    assert big_window.session.case_id == current_case(big_window)
    QTest.keyClick(queue.view, Qt.Key_Home, Qt.ControlModifier)
    assert queue.view.currentIndex().row() == 0
    QTest.keyClick(queue.view, Qt.Key_Down)
    assert queue.view.currentIndex().row() == 1
    assert big_window.session.case_id == current_case(big_window)
    QTest.keyClick(queue.view, Qt.Key_PageDown)
    assert queue.view.currentIndex().row() > 1
    assert big_window.session.case_id == current_case(big_window)


def test_typing_filters_and_the_open_case_stays_selected(qtbot, big_window):
    queue = big_window.queue
    QTest.keyClick(queue.view, Qt.Key_Home, Qt.ControlModifier)
    opened = big_window.session.case_id
    QTest.keyClicks(queue.filter, "expedited")
    expected = sum(1 for n in range(CASES) if n % 9 == 0) + 1  # and one demo case
    assert queue.model.rowCount() == expected
    assert all("Expedited" in queue.model.index(r, 1).data() for r in range(0, expected, 37))
    queue.filter.clear()
    assert queue.model.rowCount() == CASES + 3
    assert current_case(big_window) == opened
    QTest.keyClicks(queue.filter, "0001999")
    assert queue.model.rowCount() == 1
    assert queue.model.index(0, 0).data() == "CM17-0001999"


def test_a_click_on_a_header_sorts_and_keeps_the_case(qtbot, big_window):
    queue = big_window.queue
    view = queue.view
    big_window.open_case(big_window.workspace.cases.find("CM17-0001234"))
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(0) + header.sectionSize(0) // 2
    QTest.mouseClick(header.viewport(), Qt.LeftButton, pos=QPoint(x, header.height() // 2))
    numbers = [queue.model.index(r, 0).data() for r in range(5)]
    assert numbers == sorted(numbers)
    assert current_case(big_window) == big_window.session.case_id
    assert queue.model.index(view.currentIndex().row(), 0).data() == "CM17-0001234"
    QTest.mouseClick(header.viewport(), Qt.LeftButton, pos=QPoint(x, header.height() // 2))
    assert queue.model.index(0, 0).data() == "CM17-0001999"  # descending now
    assert queue.model.index(view.currentIndex().row(), 0).data() == "CM17-0001234"


def test_rows_speak_their_marks(big_window):
    model = big_window.queue.model
    row = next(r for r in range(PAGE) if model.row(r).priority.value == "expedited")
    assert model.index(row, 1).data(Qt.AccessibleTextRole) == "⚡ Expedited"
    assert "item" in model.index(row, 0).data(Qt.ToolTipRole)
    assert big_window.queue.view.accessibleName() == "Case queue"
