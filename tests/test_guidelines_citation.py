import datetime as dt

import pytest

from imr_desktop.letter.guideline_line import passage_citation_text, passage_guideline_line
from imr_desktop.letters.citations import parse_guideline_line
from imr_desktop.model import Citation, CitationKind
from imr_desktop.model.passage import (
    STYLE_2014,
    STYLE_2016,
    GuidelineSource,
    Passage,
    RecommendationStatus,
    SourceKind,
    cited_sources,
    paraphrase_sentence,
    passage_citation,
)

CPMTG = GuidelineSource(
    key="cpmtg-2009",
    title="Chronic Pain Medical Treatment Guidelines",
    kind=SourceKind.MTUS,
    cite_as="MTUS Chronic Pain Medical Treatment",
    cite_as_2014="MTUS Chronic Pain Treatment Guidelines",
    edition="2009",
    in_force_from=dt.date(2009, 7, 18),
    in_force_to=dt.date(2016, 7, 27),
)
CPMTG_2016 = GuidelineSource(
    key="cpmtg-2016", title="Chronic Pain Medical Treatment Guidelines", kind=SourceKind.MTUS,
    cite_as="MTUS Chronic Pain Medical Treatment", edition="2016",
    in_force_from=dt.date(2016, 7, 28),
)  # fmt: skip
ACOEM = GuidelineSource(
    key="acoem", title="ACOEM chapters", kind=SourceKind.MTUS, cite_as="MTUS {chapter}",
    edition="2004",
)  # fmt: skip
ACUPUNCTURE = GuidelineSource(
    key="acu", title="Acupuncture Medical Treatment Guidelines", kind=SourceKind.MTUS,
    cite_as="MTUS Acupuncture Treatment", edition="2007", cited_whole=True,
)  # fmt: skip
ODG = GuidelineSource(
    key="odg", title="Official Disability Guidelines", kind=SourceKind.ODG,
    cite_as="Official Disability Guidelines (ODG) {chapter}",
)  # fmt: skip
ACOEM_3RD = GuidelineSource(
    key="acoem-3", title="ACOEM Practice Guidelines", kind=SourceKind.ACOEM,
    cite_as="ACOEM Occupational Medicine Practice Guidelines", edition="3rd ed.",
)  # fmt: skip

PT = Passage(CPMTG, "Physical therapy", "Active therapy is favored. More.", section="Physical Medicine", pages="98-99", status=RecommendationStatus.RECOMMENDED)  # fmt: skip
MRI = Passage(ACOEM, "Lumbar MRI", "Image only for red flags.", chapter="Low Back Complaints", section="Special Studies", pages="303")  # fmt: skip
ACU = Passage(ACUPUNCTURE, "Acupuncture", "Visits to show benefit.", section="8 CCR 9792.24.1")  # fmt: skip
KIT = Passage(ODG, "Home exercise kit", "Kits are supported.", chapter="Shoulder Chapter", section="Home exercise kits")  # fmt: skip
FACET = Passage(ACOEM_3RD, "Facet injections", "Not for chronic pain.", chapter="Low Back Disorders", pages="607")  # fmt: skip


def test_2014_form_prints_the_2014_name_section_and_pages():
    assert passage_guideline_line(PT, STYLE_2014) == (
        "Decision based on MTUS Chronic Pain Treatment Guidelines Physical Medicine Page(s): 98-99."
    )
    assert passage_citation_text(MRI, STYLE_2014) == (
        "MTUS Low Back Complaints Special Studies Page(s): 303"
    )


def test_2016_form_prints_name_year_and_sections_never_pages():
    assert passage_guideline_line(PT) == (
        "Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Physical Medicine."
    )
    assert passage_citation_text(MRI, STYLE_2016) == (
        "MTUS Low Back Complaints 2004, Section(s): Special Studies"
    )


def test_a_guideline_cited_whole_prints_no_section():
    assert passage_guideline_line(ACU) == "Decision based on MTUS Acupuncture Treatment 2007."
    assert passage_citation(ACU).section is None


def test_non_mtus_forms():
    assert passage_guideline_line(KIT) == (
        "The Expert Reviewer based their decision on recommendation(s) outside of the MTUS "
        "Guidelines. Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) "
        "Shoulder Chapter, Home exercise kits."
    )
    assert passage_guideline_line(KIT, STYLE_2014).startswith(
        "The Expert Reviewer did not base their decision on the MTUS. Decision based on "
        "Non-MTUS Citation Official Disability Guidelines (ODG) Shoulder Chapter, Home"
    )
    # A chapter outside the name follows the edition; pages print as "pg.".
    assert passage_citation_text(FACET) == (
        "ACOEM Occupational Medicine Practice Guidelines, 3rd ed., Low Back Disorders, pg. 607"
    )


def test_passage_citation_has_the_right_kind_and_fields():
    c = passage_citation(PT)
    assert (c.kind, c.source, c.edition, c.section, c.pages) == (
        CitationKind.MTUS, "MTUS Chronic Pain Medical Treatment", "2009", "Physical Medicine", None,
    )  # fmt: skip
    c = passage_citation(PT, STYLE_2014)
    assert (c.source, c.edition, c.section, c.pages) == (
        "MTUS Chronic Pain Treatment Guidelines", None, "Physical Medicine", "98-99",
    )  # fmt: skip
    c = passage_citation(KIT)
    assert c.kind is CitationKind.NON_MTUS
    assert (c.source, c.section) == (
        "Official Disability Guidelines (ODG) Shoulder Chapter",
        "Home exercise kits",
    )
    assert passage_citation(MRI).source == "MTUS Low Back Complaints"


def test_formulary_is_mtus_and_in_force_dates():
    formulary = GuidelineSource(key="f", title="MTUS Drug Formulary", kind=SourceKind.FORMULARY)
    assert passage_citation(Passage(formulary, "Compounds", "x")).kind is CitationKind.MTUS
    assert CPMTG.in_force_on(dt.date(2014, 5, 1))
    assert not CPMTG.in_force_on(dt.date(2017, 5, 1))


def test_cited_sources_by_name_and_year_either_generation():
    sources = [CPMTG, CPMTG_2016, ACOEM, ACUPUNCTURE, ODG]

    def keys(source: str, edition: str | None) -> list[str]:
        found = cited_sources(Citation(CitationKind.MTUS, source, edition, "x"), sources)
        return [s.key for s in found]

    assert keys("MTUS Chronic Pain Medical Treatment", "2009") == ["cpmtg-2009"]
    assert keys("MTUS Chronic Pain Medical Treatment Guidelines", "2016") == ["cpmtg-2016"]
    assert keys("MTUS Chronic Pain Treatment Guidelines", None) == ["cpmtg-2009"]
    assert keys("MTUS Chronic Pain Medical Treatment", None) == ["cpmtg-2009", "cpmtg-2016"]
    assert keys("MTUS Low Back Complaints", "2004") == ["acoem"]  # the chapter slot
    assert keys("MTUS Low Back Complaints", "2007") == []
    assert keys("MTUS Something Else", "2016") == []
    non_mtus = Citation(CitationKind.NON_MTUS, "Official Disability Guidelines (ODG)", None, "x")
    assert cited_sources(non_mtus, sources) == []


def test_paraphrase_sentence_names_the_place_and_first_sentence():
    assert paraphrase_sentence(PT) == (
        "According to the CA MTUS Chronic Pain Medical Treatment Guidelines "
        "(Physical Medicine, page(s) 98-99), active therapy is favored."
    )
    assert paraphrase_sentence(MRI).startswith("According to the CA MTUS Low Back Complaints (")


def _sample() -> list[Passage]:
    from imr_desktop.guidelines.importers import read_library_file
    from imr_desktop.guidelines.sample import sample_files

    return [p for f in sample_files() for s in read_library_file(f) for p in s.passages]


@pytest.mark.parametrize(
    "passage,style",
    [(p, STYLE_2016) for p in _sample()]
    # The 2014 letters can only cite what was in force before 2015.
    + [(p, STYLE_2014) for p in _sample() if p.source.in_force_on(dt.date(2014, 7, 1))],
    ids=lambda v: v.topic if isinstance(v, Passage) else v,
)
def test_every_sample_passage_reads_back_from_its_line(passage, style):
    """The importer and the letter agree on every form the sample library prints."""
    line = passage_guideline_line(passage, style)
    citations, leftover = parse_guideline_line(line)
    assert (citations, leftover) == ([passage_citation(passage, style)], "")
