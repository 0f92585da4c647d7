"""A physician's first determination, written through the window with the keyboard
and the menus only: a new case, its header, the summary, a UR-modified item and a
medication item, each cited from the guideline panel, records attached, the profile
filled in, the letter previewed, the case finalized to a PDF.

``run_journey`` drives a real window; after each step it calls ``checkpoint`` with
the step's name and what the window shows then (the case title, the guideline
panel's edition filter, the QA strip). tests/test_journey.py asserts on those;
tests/journey_shots.py takes a screenshot at each one (1280×720, 200 %).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from tests.records_helpers import make_pdf, record_pages
from tests.waits import PATIENCE_MS

CASE_NUMBER = "CM16-0000901"
CTRL, SHIFT, ALT = Qt.ControlModifier, Qt.ShiftModifier, Qt.AltModifier

SUMMARY_REST = (
    " Records from 02/10/2016 to 09/01/2016 were reviewed. She reports low back pain "
    "rated 6/10 and right knee pain on stairs. Examination on 09/01/2016 showed lumbar "
    "tenderness with full strength and a stable knee. Treatment to date has included "
    "6 visits of physical therapy with some gain and naproxen with relief. Utilization "
    "review dated 09/14/2016 modified the request for physical therapy and "
    "non-certified naproxen."
)
PT_RATIONALE = (
    "The guideline supports a fading course of therapy toward a home program. She has "
    "had 6 visits and 6 more were authorized, which meets the recommended total; the "
    "records show no reason a home program cannot continue the gains."
)
NAPROXEN_RATIONALE = (
    "The guideline supports an NSAID at the lowest effective dose for a flare of "
    "chronic low back pain. The records document relief and improved walking with "
    "naproxen and no gastrointestinal or renal risk."
)


@dataclass
class Shown:
    """What the window shows at a checkpoint."""

    step: str
    title: str
    in_force: str
    in_force_checked: bool
    qa_strip: str
    errors: int
    focus: str


def wait_until(condition: Callable[[], bool], timeout: float = PATIENCE_MS / 1000) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {condition}")
        QTest.qWait(20)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_text(text: str) -> None:
    QTest.keyClicks(focused(), text)


def key(k: Qt.Key, modifiers=Qt.NoModifier) -> None:
    QTest.keyClick(focused(), k, modifiers)


def tab_to(target: QWidget, limit: int = 16, back: bool = False) -> None:
    """Tab (Shift+Tab) from the focused widget until ``target`` has the focus."""
    for _ in range(limit):
        if target.hasFocus():
            return
        if back:
            QTest.keyClick(focused(), Qt.Key_Backtab, SHIFT)
        else:
            QTest.keyClick(focused(), Qt.Key_Tab)
    assert target.hasFocus(), f"Tab did not reach {target.accessibleName() or target}"


def run_journey(window, workdir: Path, checkpoint: Callable[[Shown], None]) -> Path:
    """Returns the finalized PDF's path."""
    handle = window.windowHandle()
    editor = window.editor
    item = editor.item_editor
    panel = window.guideline_panel
    qa = window.letter

    def shortcut(k: Qt.Key, modifiers) -> None:
        QTest.keyClick(handle, k, modifiers)  # where window shortcuts live

    def check(step: str) -> None:
        QTest.qWait(1)
        qa.refresh_qa()  # what the 250 ms timer would show next
        findings = qa.qa_panel.findings
        checkpoint(
            Shown(
                step=step,
                title=editor.title.text(),
                in_force=panel.in_force.text(),
                in_force_checked=panel.in_force.isChecked(),
                qa_strip=qa.qa_dock.bar.summary.full_text,
                errors=sum(1 for f in findings if f.is_error),
                focus=focused().accessibleName() or focused().objectName(),
            )
        )

    # 1. File ▸ New case… (Ctrl+N); the number is asked in a dialog.
    window.dialogs.text_answers.append(CASE_NUMBER)
    shortcut(Qt.Key_N, CTRL)
    wait_until(
        lambda: window.session.case is not None and window.session.case.case_number == CASE_NUMBER
    )
    check("new case")

    # 2. The header, field after field with Tab.
    tab_to(editor.claim_number)
    type_text("WC-2016-55821")
    for name, value in (
        ("date_of_injury", "03/02/2015"),
        ("ur_denial_date", "09/14/2016"),
        ("application_received", "09/28/2016"),
        ("date_assigned", "10/03/2016"),
    ):
        tab_to(editor.header_fields[name])
        type_text(value)
        if name == "ur_denial_date":
            check("UR denial date typed")
    check("assigned: the deadline counts from today")
    tab_to(editor.header_fields["decision_date"])
    type_text("10/20/2016")
    check("decision date typed")
    tab_to(editor.age)
    type_text("52")
    tab_to(editor.sex)
    type_text("F")  # the combo box's keyboard search: Female
    check("header done")

    # 3. The summary: Alt+1, Edit ▸ Insert summary opening sentence, the blank typed over.
    shortcut(Qt.Key_1, ALT)
    window.actions["insert_summary_opening"].trigger()
    assert editor.summary.textCursor().selectedText() == "[conditions]"
    type_text("chronic low back pain and a right knee sprain")
    key(Qt.Key_End, CTRL)
    type_text(SUMMARY_REST)
    check("summary written")

    # 4. Item 1, modified by UR: Case ▸ Add item (Ctrl+Shift+N) focuses its request.
    shortcut(Qt.Key_N, CTRL | SHIFT)
    assert item.request.hasFocus()
    type_text("6 additional visits of physical therapy for the lumbar spine")
    tab_to(item.original_request)
    type_text("Physical therapy 2 times a week for 6 weeks for the lumbar spine")
    tab_to(item.authorised_part)
    type_text("6 visits of physical therapy for the lumbar spine")
    tab_to(item.upheld)
    key(Qt.Key_Space)
    tab_to(item.claims_guideline)
    type_text("Decision based on MTUS Chronic Pain Medical Treatment Guidelines.")
    cite(window, "physical medicine", "physical medicine")
    check("item 1 cited")
    write_rationale(window, PT_RATIONALE)
    check("item 1 done")

    # 5. Item 2, a medication, overturned.
    shortcut(Qt.Key_N, CTRL | SHIFT)
    assert item.request.hasFocus()
    type_text("Naproxen sodium 550 mg #60")
    tab_to(item.upheld)  # the decision buttons: one Tab stop, arrows between them
    key(Qt.Key_Right)
    assert item.overturned.hasFocus()
    key(Qt.Key_Space)
    tab_to(item.claims_guideline)
    type_text("Decision based on MTUS Chronic Pain Medical Treatment Guidelines, NSAIDs.")
    cite(window, "NSAIDs", "nsaid")
    write_rationale(window, NAPROXEN_RATIONALE)
    check("item 2 done")

    # 6. Case ▸ Attach records… (the file chosen in the dialog).
    pdf = make_pdf(workdir / "Clinic notes.pdf", record_pages(4))
    window.dialogs.file_answers.append(str(pdf))
    window.actions["attach_records"].trigger()
    tab = window.records.tab
    wait_until(lambda: not tab.indexing and tab.documents.count() == 1)
    check("records attached")
    shortcut(Qt.Key_1, ALT)  # View ▸ Go to summary: back on the Case tab
    assert window.center_tabs.currentWidget() is editor and editor.summary.hasFocus()

    # 7. Edit ▸ Reviewer profile… (Ctrl+,): the letter's credentials.
    shortcut(Qt.Key_Comma, CTRL)
    dialog = window._profile_dialog
    wait_until(dialog.isVisible)
    dialog.activateWindow()
    dialog.organisation.setFocus()
    tab_to(dialog.specialty)
    type_text("Physical Medicine and Rehabilitation")
    tab_to(dialog.years)
    type_text("14")
    tab_to(dialog.hours)
    type_text("30")
    key(Qt.Key_Return)  # Save, the default button
    wait_until(lambda: not dialog.isVisible())
    window.activateWindow()  # what the window manager does when a dialog closes
    wait_until(window.isActiveWindow)
    check("profile saved")

    # 8. View ▸ Letter preview (Alt+6): the PDF as it will print.
    preview = window.letter.preview
    builds = preview.builds
    shortcut(Qt.Key_6, ALT)
    assert window.center_tabs.currentWidget() is preview
    wait_until(lambda: preview.builds > builds and preview.pages > 0)
    check("letter previewed")

    # 9. Case ▸ Finalize…: the final PDF, the case read-only.
    final = workdir / f"{CASE_NUMBER}.pdf"
    window.dialogs.file_answers.append(str(final))
    window.actions["finalize"].trigger()
    wait_until(lambda: window.session.read_only)
    shortcut(Qt.Key_1, ALT)
    check("finalized")
    return final


def cite(window, query: str, topic: str) -> None:
    """Alt+3 into the guideline search (its old query selected), the query typed,
    Enter to the results, Ctrl+Shift+C to cite the first one into the item."""
    handle = window.windowHandle()
    panel = window.guideline_panel
    index = window.session.current_item_index
    before = len(window.session.case.items[index].citations)
    QTest.keyClick(handle, Qt.Key_3, ALT)
    assert panel.search_field.hasFocus()
    type_text(query)
    assert panel.search_field.text() == query
    key(Qt.Key_Return)
    wait_until(lambda: panel.current is not None)
    assert topic in panel.current.topic.lower(), panel.current.topic
    QTest.keyClick(handle, Qt.Key_C, CTRL | SHIFT)
    assert len(window.session.case.items[index].citations) == before + 1


def write_rationale(window, text: str) -> None:
    """From wherever the focus is, Alt+2 to the items, Tab to the rationale, type,
    and Edit ▸ Insert conclusion sentence (Ctrl+Shift+T)."""
    handle = window.windowHandle()
    rationale = window.editor.item_editor.rationale
    QTest.keyClick(handle, Qt.Key_2, ALT)
    tab_to(rationale, limit=24)
    type_text(text)
    QTest.keyClick(handle, Qt.Key_T, CTRL | SHIFT)
    index = window.session.current_item_index
    assert window.session.case.items[index].rationale.rstrip().endswith("medically necessary.")
