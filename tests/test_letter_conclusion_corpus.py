"""A conclusion that says the opposite of the decision is a QA error, measured on the
174 published letters: each letter imported, its first item's decision flipped, the
QA run. At least 95 % must raise the contradiction as an error; the letters as
issued raise no error. Skipped without ../shared/letters."""

from __future__ import annotations

import pytest

from imr_desktop.letter.qa import check_case
from imr_desktop.letters import import_letter
from imr_desktop.model import Decision


def _flipped(decision: Decision | None) -> Decision:
    return Decision.OVERTURNED if decision is Decision.UPHELD else Decision.UPHELD


def _measure(paths) -> tuple[list[str], list[str]]:
    """(letters whose flip is not an error, letters with an error as issued)."""
    missed, issued_errors = [], []
    for path in paths:
        case, _ = import_letter(path)
        if any(f.is_error for f in check_case(case)):
            issued_errors.append(path.name)
        case.items[0].decision = _flipped(case.items[0].decision)
        if not any(
            f.is_error and f.rule == "conclusion_contradicts" and f.path == "items[0].rationale"
            for f in check_case(case)
        ):
            missed.append(path.name)
    return missed, issued_errors


def _check(paths) -> None:
    assert len(paths) >= 170
    missed, issued_errors = _measure(paths)
    share = 1 - len(missed) / len(paths)
    print(
        f"\n{len(paths) - len(missed)}/{len(paths)} flipped letters raise the error ({share:.1%})"
    )
    assert share >= 0.95, missed
    assert issued_errors == []


def test_flipped_decisions_are_errors_in_the_letters_text(shared_dir):
    _check(sorted((shared_dir / "letters" / "text").glob("*.txt")))


@pytest.mark.slow
def test_flipped_decisions_are_errors_in_the_letters_pdf(shared_dir):
    _check(sorted((shared_dir / "letters" / "pdf").glob("*.pdf")))
