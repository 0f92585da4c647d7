"""Paragraphs of a text letter: a blank line ends a paragraph, also in a letter made
mostly of one-line paragraphs (many short items), whose blank lines follow most of
its lines as in double-spaced text; only text that really is double-spaced (a blank
line inside the paragraphs, cutting sentences) needs two blank lines to end one.
All text here is invented for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from imr_desktop.letter.compose import letter_text
from imr_desktop.letters import import_letter_text
from imr_desktop.letters.pdf_text import _blank_runs, is_double_spaced
from imr_desktop.model import (
    Case,
    Citation,
    CitationKind,
    Decision,
    DisputedItem,
    Patient,
    ReviewerProfile,
    Sex,
)
from tests.letter_import_helpers import case_2014, case_2016, comparable

SUMMARY = (
    "The patient is a 52-year-old female who has submitted a claim for a sore left ankle "
    "associated with an industrial injury date of 02/03/2013. She walks with a cane."
    "\n\nShe sleeps well.\n\nShe drives to work."
)
RATIONALE = "Rest helps.\n\nIce helps too."
REQUESTS = ["Ice pack", "Cane", "Ankle wrap", "Heel cup", "Night splint", "Gel insole"]


def one_line_paragraphs_case(assigned: dt.date | None) -> Case:
    """Six short items (each a decision line, two guideline lines and a rationale of
    one short line, parted by blank lines) and a summary of short paragraphs: most
    lines of its text are followed by a blank line. Without a date assigned, the
    2014 wording follows from the MTUS citation in the 2014 form (pages, no year)."""
    citation = Citation(
        CitationKind.MTUS, "MTUS Chronic Pain Treatment Guidelines", None, "Ankle", "7"
    )
    return Case(
        case_number="CM14-0000123",
        date_assigned=assigned,
        reviewer=ReviewerProfile(
            specialty="Podiatry", licensure=["California"], years_in_practice=5, hours_per_week=20
        ),
        patient=Patient(age=52, sex=Sex.FEMALE),
        summary=SUMMARY,
        items=[
            DisputedItem(
                request=request,
                decision=Decision.UPHELD,
                claims_administrator_guideline="Not cited.",
                citations=[citation] if n % 2 else [],
                rationale=RATIONALE if n == len(REQUESTS) - 1 else "Not needed.",
            )
            for n, request in enumerate(REQUESTS)
        ],
    )


STYLES = {"2014": None, "2016-17": dt.date(2016, 12, 7)}


@pytest.mark.parametrize("width", [96, 0], ids=["wrapped", "one-paragraph-a-line"])
@pytest.mark.parametrize("style", STYLES)
def test_a_blank_line_ends_a_paragraph_in_a_letter_of_one_line_paragraphs(style, width):
    case = one_line_paragraphs_case(STYLES[style])
    text = letter_text(case, width)
    runs = _blank_runs(text)
    assert sum(1 for r in runs if r == 1) > 0.6 * len(runs)  # looks double-spaced by count
    assert not is_double_spaced(text)
    imported, report = import_letter_text(text)
    assert report.generation == style
    assert imported.summary == SUMMARY  # three paragraphs, not one
    assert imported.items[-1].rationale == RATIONALE
    assert comparable(imported) == comparable(case)
    assert not report.unplaced and not report.warnings


def double_spaced(text: str) -> str:
    """``text`` as pdftotext gives a double-spaced page: a blank line after every line,
    so a paragraph ends with three."""
    return "".join(line + "\n\n" for line in text.split("\n"))


@pytest.mark.parametrize("make_case", [case_2014, case_2016], ids=["2014", "2016-17"])
def test_double_spaced_text_reads_as_its_single_spaced_original(make_case):
    case = make_case()
    single = letter_text(case)
    text = double_spaced(single)
    assert is_double_spaced(text) and not is_double_spaced(single)
    imported, report = import_letter_text(text)
    assert comparable(imported) == comparable(import_letter_text(single)[0])
    assert imported.summary == case.summary and not report.unplaced
    assert [i.rationale for i in imported.items] == [i.rationale for i in case.items]


def test_a_blank_line_inside_a_sentence_now_and_then_is_not_double_spacing():
    """One paragraph a line, with a few lines broken by hand in mid-sentence: the
    blank lines still end paragraphs."""
    lines = [f"Item {n} was reviewed." for n in range(12)]
    lines[3] = "The brace was worn"
    lines[4] = "daily for a month."
    text = "\n\n".join(lines) + "\n"
    assert not is_double_spaced(text)
    assert is_double_spaced(double_spaced("The brace was worn\ndaily for a month.\n" * 4))
