import datetime as dt

from imr_desktop.model import CitationKind
from imr_desktop.model.passage import (
    GuidelineSource,
    Passage,
    RecommendationStatus,
    SourceKind,
    citation_non_mtus,
    citation_pages_style,
    citation_section_style,
    guideline_line,
    paraphrase_sentence,
    passage_citation,
)

CPMTG = GuidelineSource(
    key="cpmtg-2009",
    title="Chronic Pain Medical Treatment Guidelines",
    kind=SourceKind.MTUS,
    cite_as="MTUS Chronic Pain Treatment Guidelines",
    edition="2009",
    in_force_from=dt.date(2009, 7, 18),
    in_force_to=dt.date(2016, 7, 27),
)
ACOEM = GuidelineSource(
    key="acoem", title="ACOEM chapters", kind=SourceKind.MTUS, cite_as="MTUS {chapter}",
    edition="2004",
)  # fmt: skip
ODG = GuidelineSource(
    key="odg", title="Official Disability Guidelines", kind=SourceKind.ODG,
    cite_as="Official Disability Guidelines (ODG)",
)  # fmt: skip

PT = Passage(CPMTG, "Physical therapy", "Active therapy is favoured. More.", section="Physical Medicine", pages="98-99", status=RecommendationStatus.RECOMMENDED)  # fmt: skip
MRI = Passage(ACOEM, "Lumbar MRI", "Image only for red flags.", chapter="Low Back Complaints", section="Special Studies")  # fmt: skip
KIT = Passage(ODG, "Home exercise kit", "Kits are supported.", chapter="Shoulder Chapter", section="Home exercise kits")  # fmt: skip


def test_pages_style_is_the_2014_letter_form():
    assert citation_pages_style(PT) == (
        "MTUS Chronic Pain Treatment Guidelines Physical Medicine Page(s): 98-99"
    )
    assert citation_pages_style(MRI) == "MTUS Low Back Complaints Special Studies"


def test_section_style_is_the_2016_letter_form():
    assert (
        citation_section_style(MRI) == "MTUS Low Back Complaints 2004, Section(s): Special Studies"
    )
    assert citation_section_style(PT) == (
        "MTUS Chronic Pain Treatment Guidelines 2009, Section(s): Physical Medicine"
    )


def test_non_mtus_form_and_guideline_line():
    assert citation_non_mtus(KIT) == (
        "Official Disability Guidelines (ODG) Shoulder Chapter, Home exercise kits"
    )
    assert guideline_line(KIT) == (
        "The Expert Reviewer did not base their decision on the MTUS. Decision based on "
        "Non-MTUS Citation Official Disability Guidelines (ODG) Shoulder Chapter, Home exercise kits."
    )
    assert guideline_line(PT) == (
        "Decision based on MTUS Chronic Pain Treatment Guidelines Physical Medicine Page(s): 98-99."
    )


def test_passage_citation_has_the_right_kind_and_fields():
    c = passage_citation(PT)
    assert (c.kind, c.source, c.edition, c.section, c.pages) == (
        CitationKind.MTUS, "MTUS Chronic Pain Treatment Guidelines", "2009", "Physical Medicine", "98-99",
    )  # fmt: skip
    c = passage_citation(KIT)
    assert c.kind is CitationKind.NON_MTUS
    assert f"{c.source}, {c.section}" == citation_non_mtus(KIT)
    assert passage_citation(MRI).source == "MTUS Low Back Complaints"


def test_formulary_is_mtus_and_in_force_dates():
    formulary = GuidelineSource(key="f", title="MTUS Drug Formulary", kind=SourceKind.FORMULARY)
    assert passage_citation(Passage(formulary, "Compounds", "x")).kind is CitationKind.MTUS
    assert CPMTG.in_force_on(dt.date(2014, 5, 1))
    assert not CPMTG.in_force_on(dt.date(2017, 5, 1))


def test_paraphrase_sentence_names_the_place_and_first_sentence():
    assert paraphrase_sentence(PT) == (
        "According to the CA MTUS Chronic Pain Treatment Guidelines "
        "(Physical Medicine, page(s) 98-99), active therapy is favoured."
    )
