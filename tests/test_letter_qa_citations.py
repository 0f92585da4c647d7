"""QA on citations against the guideline library: the edition in force on the UR
denial date, and a guideline the letters cite without a section. The library's
sources come in as data (the sample library here, as the window and CLI pass theirs)."""

from __future__ import annotations

import datetime as dt

import pytest

from imr_desktop import paths
from imr_desktop.guidelines.importers import read_library_file
from imr_desktop.guidelines.sample import sample_files
from imr_desktop.letter.qa import Severity, check_case
from imr_desktop.model import Citation, CitationKind, case_from_json
from imr_desktop.model.passage import cited_sources
from tests.letter_writing_helpers import good_case, item

SOURCES = [s.source for f in sample_files() for s in read_library_file(f)]
DEMO = sorted(paths.resource("demo", "cases").glob("*.json"))


def _mtus(source: str, edition: str | None, section: str | None = "Physical medicine") -> Citation:
    return Citation(CitationKind.MTUS, source, edition, section)


def _case(citation: Citation, ur: dt.date | None = dt.date(2016, 10, 6)):
    case = good_case(items=[item(citations=[citation])])
    case.ur_denial_date = ur
    return case


def _rule(case, rule: str, sources=SOURCES) -> list:
    return [f for f in check_case(case, sources=sources) if f.rule == rule]


def test_an_edition_not_in_force_on_the_ur_date_is_a_warning_naming_the_one_that_was():
    case = _case(_mtus("MTUS Chronic Pain Medical Treatment", "2009"))
    [f] = _rule(case, "edition_not_in_force")
    assert f.severity is Severity.WARNING and f.path == "items[0].citations"
    assert f.message == (
        "item 1 cites MTUS Chronic Pain Medical Treatment 2009 (in force 07/18/2009 to "
        "07/27/2016), not in force on the UR denial date 10/06/2016; in force then: "
        "MTUS Chronic Pain Medical Treatment 2016"
    )


@pytest.mark.parametrize(
    "citation, ur",
    [
        (_mtus("MTUS Chronic Pain Medical Treatment", "2016"), dt.date(2016, 10, 6)),
        (_mtus("MTUS Chronic Pain Medical Treatment", "2009"), dt.date(2016, 7, 27)),  # last day
        (_mtus("MTUS Chronic Pain Treatment Guidelines", None), dt.date(2014, 6, 2)),  # 2014 form
        (_mtus("MTUS Low Back Complaints", "2004", "Special Studies"), dt.date(2016, 10, 6)),
        (_mtus("MTUS Chronic Pain Medical Treatment", "2009"), None),  # no UR date
        (_mtus("MTUS A Guideline Not In The Library", "2001"), dt.date(2016, 10, 6)),
    ],
)
def test_no_warning_for_an_edition_in_force_or_unknown(citation, ur):
    assert _rule(_case(citation, ur), "edition_not_in_force") == []


def test_editions_are_checked_against_the_library_passed_in():
    case = _case(_mtus("MTUS Opioid Treatment", "2016", "3.3.9"), ur=dt.date(2016, 3, 1))
    assert _rule(case, "edition_not_in_force")  # in force from 07/28/2016
    assert _rule(case, "edition_not_in_force", sources=()) == []


def test_a_guideline_cited_whole_needs_no_section():
    acupuncture = _mtus("MTUS Acupuncture Treatment", "2007", None)
    assert _rule(_case(acupuncture), "mtus_without_section") == []
    [f] = _rule(_case(_mtus("MTUS Low Back Complaints", "2004", None)), "mtus_without_section")
    assert f.severity is Severity.WARNING


@pytest.mark.parametrize("demo", DEMO, ids=[p.stem for p in DEMO])
def test_the_demo_cases_cite_library_editions_in_force_on_their_dates(demo):
    case = case_from_json(demo.read_text())
    mtus = [c for i in case.items for c in i.citations if c.kind is CitationKind.MTUS]
    assert mtus and all(cited_sources(c, SOURCES) for c in mtus)
    assert _rule(case, "edition_not_in_force") == []
    assert [f for f in check_case(case, sources=SOURCES) if f.is_error] == []
